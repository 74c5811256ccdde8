"""Turn a validated Toolkit into a docs tree (Markdown pages, downloads and a nav), engine-neutral.

Only generator.engines.mkdocs.plugin knows about MkDocs; any engine that reads Markdown can take this tree."""
from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from calculators.job_advert.rules import KINDS as RULE_KINDS, RULE_FIELDS, SEVERITIES
from calculators.core.registry import all_specs
from calculators.core.json_schema import to_json_schema
from calculators.core.spec import for_content, resolve_choices

from generator.content.model import Toolkit
from generator.content.schema import BUILDING_BLOCKS, EFFORTS, GENERATED_PAGES, INSERTS, KINDS, SOURCE_FIELDS, STAGES, SUITS
from generator.content.validate import INSERT, LINK, SAFE_TAGS, SCHEMES
from generator.render import accuracy as accuracy_figures
from generator.content import rules as content_rules
from generator.render import downloads
from generator.content.data_fields import DATA_FILES

PAGE_ORDER = ("measurement-kit", "about", "privacy", "accessibility")


@dataclass
class DocsTree:
    files: dict[str, str] = field(default_factory=dict)  # docs path -> text
    nav: list = field(default_factory=list)
    origins: dict = field(default_factory=dict)  # docs path -> the content Document it was made from

    def link_origin(self, docs_path: str, link: str) -> tuple[str, int, str] | None:
        """(content file, line, link as written) of a link the engine found broken in a generated
        page, so its warning can name the file an author edits; None if the link is not an author's."""
        doc = self.origins.get(docs_path)
        if doc is None:
            return None
        anchor = link.partition("#")[2]
        target = posixpath.splitext(posixpath.basename(link.partition("#")[0]))[0]
        candidates = []
        for n, line in enumerate(doc.body.split("\n")):
            for match in LINK.finditer(line):
                written = match.group(1)
                scheme, _, rest = written.partition(":")
                slug, _, wanted = (rest if scheme in SCHEMES else written).partition("#")
                if wanted == anchor and (not target or slug.rsplit("/", 1)[-1] in (target, "") or target == "index"):
                    candidates.append((doc.path, doc.body_line + n, written))
        return candidates[0] if candidates else None


@lru_cache(maxsize=4)
def environment(templates: Path) -> Environment:
    """One environment per process: templates compile once, and are recompiled only when their
    file changes (Jinja checks the modification time), so live reload still sees edits."""
    env = Environment(loader=FileSystemLoader(templates), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["yaml_str"] = lambda s: yaml.safe_dump(str(s), allow_unicode=True, width=10_000).strip().removesuffix("...").strip()
    env.filters["text"] = html_text
    env.filters["indent4"] = lambda s: "\n".join(("    " + line) if line.strip() else "" for line in str(s).strip().split("\n"))
    return env


def html_text(value: object) -> str:
    """Text, such as a title, that the theme prints as HTML (in <title>, the navigation and meta
    tags): its markup characters escaped, so a title can never carry a tag or close an attribute."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def page_path(scheme: str, slug: str, toolkit: Toolkit) -> str:
    """Where a page of the given kind lives in the docs tree."""
    if scheme == "intervention":
        return f"{toolkit.intervention(slug).building_block}/{slug}.md"
    if scheme == "block":
        return f"{slug}/index.md"
    if scheme == "calculator":
        return f"calculators/{slug}.md"
    if scheme == "glossary":
        return f"glossary.md#{slug}"
    if slug == "calculators":
        return "calculators/index.md"
    return "index.md" if slug in ("home", "index") else f"{slug}.md"


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for paths inside the docs tree, without touching the file system."""
    to, frm = [p for p in path.split("/") if p], [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < min(len(to), len(frm)) and to[common] == frm[common]:
        common += 1
    return "/".join([".."] * (len(frm) - common) + to[common:]) or "."


def relative(target: str, current: str) -> str:
    path, _, anchor = target.partition("#")
    out = _relpath(path, posixpath.dirname(current))
    return out + (f"#{anchor}" if anchor else "")


def site_url(docs_path: str) -> str:
    """The directory-style URL MkDocs gives a page: a/b.md -> a/b/, a/index.md -> a/."""
    path = docs_path[:-3] if docs_path.endswith(".md") else docs_path
    path = path[: -len("index")] if path == "index" or path.endswith("/index") else path + "/"
    return path


def url_relative(target: str, current: str) -> str:
    """A link usable in the built HTML (not in Markdown) from page `current` to page `target`."""
    here = site_url(current)
    return _relpath(site_url(target), here) + "/"


class Renderer:
    def __init__(self, toolkit: Toolkit, content_data: dict, include_test: bool = False, nav_interventions_max: int = 100,
                 accuracy: dict | None = None, templates: Path | None = None):
        """templates: the site_templates folder; it and the accuracy figures default to those of the
        project found from the current folder (generator.project)."""
        if templates is None or accuracy is None:
            from generator.project import Project

            found = Project.find()
            templates = found.templates if templates is None else templates
            accuracy = accuracy_figures.for_calculators(accuracy_figures.results(found.root)) if accuracy is None else accuracy
        self.toolkit, self.data = toolkit, content_data
        self.accuracy = accuracy
        self.include_test = include_test
        # A page's side navigation lists the pages of its own section (Material's navigation.prune),
        # so listing every intervention there makes each block's pages grow with the block, and
        # the site with its square. Past this many, the navigation lists the building blocks and
        # each block's page lists its interventions.
        self.nav_lists_interventions = len(toolkit.interventions) <= nav_interventions_max
        self.env = environment((Path(templates) / "pages").resolve())
        self.specs = all_specs()

    def link(self, scheme: str, slug: str, current: str) -> str:
        return relative(page_path(scheme, slug, self.toolkit), current)

    def resolve_links(self, body: str, current: str) -> str:
        def fix(match: re.Match) -> str:
            scheme, _, rest = match.group(1).partition(":")
            if scheme not in SCHEMES:
                return match.group(0)
            slug, _, anchor = rest.partition("#")
            url = self.link(scheme, slug, current)
            return f"]({url}{'#' + anchor if anchor else ''})"

        lines = []
        for line in body.split("\n"):
            insert = INSERT.match(line.strip())
            lines.append(self.insert(insert.group(1), current) if insert else LINK.sub(fix, line))
        return "\n".join(lines)

    def insert(self, name: str, current: str) -> str:
        assert name in INSERTS
        return self.render(f"insert-{name}.md", current, seb=self.data["seb"], benchmarks=self.data["benchmarks"],
                           downloads={**downloads.FILES, **downloads.download_files(self.toolkit)})

    def render(self, template: str, current: str, **context) -> str:
        def url(scheme: str, slug: str) -> str:
            return self.link(scheme, slug, current)

        return self.env.get_template(template).render(
            toolkit=self.toolkit, url=url, stages=STAGES, suits=SUITS, efforts=EFFORTS, blocks=BUILDING_BLOCKS,
            specs=self.specs, md=lambda text: self.resolve_links(text, current),
            asset=lambda path: relative(path, current), **context)

    def tree(self) -> DocsTree:
        tk, out = self.toolkit, DocsTree()
        used_by: dict[str, list] = {i.slug: [] for i in tk.interventions}
        for i in tk.interventions:
            for slug in i.related:
                used_by[slug].append(i)
        out.files["index.md"] = self.render("home.md", "index.md")
        out.files["where-to-start.md"] = self.render("where-to-start.md", "where-to-start.md")
        nav: list = [{"Home": "index.md"}, {"Where to start": "where-to-start.md"}]
        for block in tk.blocks:
            path = page_path("block", block.slug, tk)
            out.files[path] = self.render("block.md", path, block=block, interventions=tk.interventions_in(block.slug))
            out.origins[path] = block
            section = [path]
            for stage in STAGES:
                for i in tk.interventions_in(block.slug):
                    if i.stage == stage:
                        ipath = page_path("intervention", i.slug, tk)
                        related = [tk.intervention(s) for s in i.related] + [r for r in used_by[i.slug] if r.slug not in i.related]
                        out.origins[ipath] = i
                        out.files[ipath] = self.render("intervention.md", ipath, i=i, related=related,
                                                       calculators=[s for s in self.specs if s.id in i.calculators])
                        if self.nav_lists_interventions:
                            section.append(ipath)
            nav.append({html_text(block.title): section})
        calc_section = ["calculators/index.md"]
        out.files["calculators/index.md"] = self.render("calculators.md", "calculators/index.md")
        for spec in all_specs(include_test_only=self.include_test):
            path = page_path("calculator", spec.id, tk)
            shown = for_content(spec, self.data)  # text that quotes the content, written out
            out.files[path] = self.render("calculator.md", path, spec=shown, form=self.form(shown, path),
                                          interventions=[i for i in tk.interventions if spec.id in i.calculators],
                                          accuracy=self.accuracy.get(spec.id),
                                          choices={i.name: resolve_choices(i, self.data) for i in spec.inputs if i.kind == "choice"})
            out.files[f"calculators/{spec.id}.schema.json"] = json.dumps(to_json_schema(spec, self.data), indent=2, ensure_ascii=False) + "\n"
            calc_section.append(path)
        nav.append({"Calculators": calc_section})
        pages = sorted(tk.pages, key=lambda p: (PAGE_ORDER.index(p.slug) if p.slug in PAGE_ORDER else 0, p.title))
        for page in pages:
            out.files[f"{page.slug}.md"] = self.render("page.md", f"{page.slug}.md", page=page)
            out.origins[f"{page.slug}.md"] = page
        extra = [p for p in pages if p.slug not in PAGE_ORDER]
        nav += [{html_text(p.title): f"{p.slug}.md"} for p in pages if p.slug == "measurement-kit"]
        out.files["glossary.md"] = self.render("glossary.md", "glossary.md", terms=sorted(tk.glossary, key=lambda t: t.term.lower()))
        out.files["sources.md"] = self.render("sources.md", "sources.md", sources=self.sources())
        out.files["authors.md"] = self.render("authors.md", "authors.md", kinds=KINDS, source_fields=SOURCE_FIELDS,
                                              inserts=INSERTS, generated=GENERATED_PAGES, rule_fields=sorted(RULE_FIELDS),
                                              rule_kinds=RULE_KINDS, severities=SEVERITIES,
                                              safe_tags=sorted(SAFE_TAGS), data_files=DATA_FILES, rules=content_rules)
        nav += [{"Glossary": "glossary.md"}, {"Sources": "sources.md"}]
        nav += [{html_text(p.title): f"{p.slug}.md"} for p in extra]
        nav.append({"About": [f"{p.slug}.md" for p in pages if p.slug in ("about", "privacy", "accessibility")] + ["authors.md"]})
        for name, text in downloads.render(self.data).items():
            out.files[f"downloads/{name}"] = text
        for name, text in downloads.download_texts(tk).items():
            out.files[f"downloads/{name}"] = text
        out.nav = nav
        return out

    def sources(self) -> list[dict]:
        """Every source on the site, once, with the pages that cite it."""
        seen: dict[str, dict] = {}
        tk = self.toolkit
        docs = [("block", b) for b in tk.blocks] + [("intervention", i) for i in tk.interventions] + [("page", p) for p in tk.pages]
        for scheme, doc in docs:
            for s in doc.sources:
                entry = seen.setdefault(s.url + "|" + s.title, {"source": s, "pages": []})
                entry["pages"].append((doc.title, scheme, doc.slug))
        for name in ("benchmarks",):
            for b in self.data.get(name) or []:
                s = b["source"]
                entry = seen.setdefault(s["url"] + "|" + s["title"], {"source": s, "pages": []})
                entry["pages"].append(("Measurement kit", "page", "measurement-kit"))
        def key(e: dict) -> tuple:
            s = e["source"]
            get = (lambda k: s[k]) if isinstance(s, dict) else (lambda k: getattr(s, k))
            return (str(get("publisher")).lower(), -int(get("year")), str(get("title")).lower())
        return sorted(seen.values(), key=key)

    def form(self, spec, current: str) -> str:
        choices = {i.name: resolve_choices(i, self.data) for i in spec.inputs if i.kind == "choice"}
        # a choice taken from content starts on the item the content marks as the default
        defaults = {i.name: i.default if i.default is not None else
                    next((str(x["id"]) for x in self.data.get(i.choices_from) or () if x.get("default")), None)
                    for i in spec.inputs if i.kind == "choice"}
        columns = {i.name: {c.name: resolve_choices(c, self.data) for c in i.columns if c.kind == "choice"} for i in spec.inputs if i.kind == "table"}
        links = {f"intervention:{i.slug}": url_relative(page_path("intervention", i.slug, self.toolkit), current)
                 for i in self.toolkit.interventions}
        links.update({f"calculator:{s.id}": url_relative(page_path("calculator", s.id, self.toolkit), current) for s in self.specs})
        return self.env.get_template("calculator-form.html").render(spec=spec, choices=choices, defaults=defaults, columns=columns, links=links)


def write_tree(tree: DocsTree, out: Path) -> int:
    """Write the tree, touching only files whose bytes changed (so live reload does not loop), and
    remove files that are no longer generated. Returns how many files were written.

    Bytes, not text: reading text back turns CRLF (the CSV downloads) into LF, so such a file
    would never compare equal and would be rewritten, and the page reloaded, on every build."""
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for rel_path, text in tree.files.items():
        path = out / rel_path
        data = text.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)  # atomic: a reader never sees a half-written page
        written += 1
    keep = {(out / p).resolve() for p in tree.files}
    for path in sorted(out.rglob("*"), reverse=True):
        if path.is_file() and path.resolve() not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written
