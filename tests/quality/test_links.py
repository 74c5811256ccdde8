"""Links: every internal link and #anchor in the built site resolves; external links are listed
in bench/results/external-links.json without being fetched (there is no network, and the site
must never depend on one)."""
from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from qualitykit import RESULTS

pytestmark = [pytest.mark.slow]
URL_ATTRS = {"a": ("href",), "area": ("href",), "link": ("href",), "script": ("src",), "img": ("src", "srcset"),
             "source": ("src", "srcset"), "iframe": ("src",), "form": ("action",), "video": ("src", "poster"),
             "audio": ("src",), "use": ("href", "xlink:href")}
EXTERNAL = ("http:", "https:", "mailto:", "tel:")
IGNORED = ("data:", "blob:")


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, int]] = []  # (tag, url, line)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id",) + (("name",) if tag == "a" else ()):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for name in URL_ATTRS.get(tag, ()):
            value = attrs.get(name)
            if value is None:
                continue
            urls = [part.strip().split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value.strip()]
            for url in urls:
                self.refs.append((tag, url, self.getpos()[0]))

    handle_startendtag = handle_starttag


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def target_file(site: Path, path: str) -> Path | None:
    """The file a site-relative URL path serves, as a static host would (dir/ -> dir/index.html)."""
    candidate = site / unquote(path).lstrip("/")
    if path.endswith("/") or path == "":
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def crawl(site: Path) -> dict:
    parsed = {p: parse(p) for p in sorted(site.rglob("*.html"))}
    ids = {p: page.ids for p, page in parsed.items()}
    broken, external, internal = [], {}, 0
    for path, page in parsed.items():
        rel = path.relative_to(site).as_posix()
        base = "http://site.invalid/" + rel
        for tag, url, line in page.refs:
            where = f"{rel}:{line}"
            if url.startswith(EXTERNAL):
                external.setdefault(url, set()).add(rel)
                continue
            if url.startswith(IGNORED):
                continue
            if url.startswith("javascript:"):
                broken.append(f"{where}: <{tag}> uses a javascript: URL")
                continue
            if url.startswith("//") or (url.startswith("/") and rel != "404.html"):
                broken.append(f"{where}: <{tag}> {url!r} is absolute; the site must work under a sub-path, so links are relative")
                continue
            internal += 1
            # 404.html is served at any missing address, so MkDocs writes its links from site_url
            # (here empty: the site root) instead of relative ones.
            parts = urlsplit(urljoin(base, url))
            if parts.netloc != "site.invalid":
                broken.append(f"{where}: {url!r} leaves the site")
                continue
            target = target_file(site, parts.path)
            if target is None:
                broken.append(f"{where}: <{tag}> {url!r} points to {parts.path[1:] or '/'}, which is not in the site")
                continue
            if parts.fragment and target.suffix == ".html":
                fragment = unquote(parts.fragment)
                if fragment not in ids.get(target, set()) and fragment != "top":
                    broken.append(f"{where}: {url!r}: {target.relative_to(site).as_posix()} has no element with id {fragment!r}")
            elif url == "#":
                broken.append(f"{where}: <{tag}> href=\"#\" goes nowhere")
    return {"pages": len(parsed), "internal": internal, "broken": broken,
            "external": {url: sorted(pages) for url, pages in sorted(external.items())}}


def test_every_internal_link_and_anchor_resolves_and_external_links_are_listed(real_site):
    report = crawl(real_site)
    assert report["pages"] > 40 and report["internal"] > 1000
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "external-links.json").write_text(json.dumps({
        "note": "External links found in the built site (real content plus the test-only calculators). Not fetched: "
                "the crawler has no network. Check them by hand, or with a link checker that may go online.",
        "pages": report["pages"], "internal_links_checked": report["internal"], "broken_internal_links": len(report["broken"]),
        "external_links": len(report["external"]), "links": report["external"]}, indent=2) + "\n", encoding="utf-8")
    assert not report["broken"], f"{len(report['broken'])} broken internal links:\n" + "\n".join(report["broken"][:80])


def test_the_crawler_finds_broken_links_and_anchors(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="a/#here">ok</a><a href="a/#gone">bad</a>'
                                         '<a href="missing/">bad</a><a href="/a/">abs</a><a href="https://example.org/">ext</a>'
                                         '<img src="pic.png" alt=""><a href="#top-id">ok</a><p id="top-id">x</p>')
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">Here</h2><a href="../">up</a>')
    report = crawl(tmp_path)
    assert report["external"] == {"https://example.org/": ["index.html"]}
    assert len(report["broken"]) == 4, report["broken"]
    assert any("'gone'" in b for b in report["broken"]) and any("pic.png" in b for b in report["broken"])
