"""Raw HTML and links that could carry script, refused in page text and in every text field."""
from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from generator.content.errors import ContentError
from generator.content.links import LINK, SCHEMES

if TYPE_CHECKING:
    from generator.content.parsed import Parsed


# Raw HTML an author may put in Markdown or in a text field: formatting and structure only. No
# script, style, forms, frames or embedded objects; no on* handlers, no style attributes; links
# and images only to http(s), mailto, or places on the site.
SAFE_TAGS = frozenset("a abbr b blockquote br caption code dd del details div dl dt em figcaption figure h2 h3 h4 h5 h6 hr i "
                      "img ins kbd li mark ol p pre q s section small span strong sub summary sup table tbody td tfoot th "
                      "thead tr u ul".split())
SAFE_ATTRIBUTES = frozenset("alt class colspan dir height href id lang markdown open rowspan scope src title width".split())
URL_ATTRIBUTES = frozenset(("href", "src"))
SAFE_URL = re.compile(r"^(https?:|mailto:|#|\.{0,2}/|[^:/?#]*(?:[/?#]|$))", re.I)
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)")


def _blank_code(text: str) -> str:
    """The text with code spans blanked out (lines kept): HTML there is shown, not run. Not fenced
    blocks: the site's Markdown has no fenced code, and a line that starts with a tag is raw HTML
    even between ``` lines."""
    return "\n".join(CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line) for line in text.split("\n"))


def _unsafe_url(value: str) -> bool:
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", value or "")
    return not SAFE_URL.match(cleaned)


class _MarkupScan(HTMLParser):
    """Collects (line, problem) for raw HTML outside the allow-list."""

    def __init__(self, rendered: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.rendered = rendered  # scanning Markdown's output: links to our own schemes, # headings
        self.needles: dict[str, str] = {}  # problem -> text to look for in the source

    def handle_starttag(self, tag: str, attrs: list) -> None:
        line = self.getpos()[0]
        if self.rendered:
            if tag == "h1":
                return
            for name, value in attrs:
                self.needles.setdefault(f"{name}=", name)
                if value:
                    self.needles.setdefault(f"{name}=\u201c{value[:40]}", value.strip()[:12])
            attrs = [(n, v) for n, v in attrs if not (n in URL_ATTRIBUTES and (v or "").split(":", 1)[0] in SCHEMES)]
        if ":" in tag or "@" in tag:  # a Markdown autolink: <https://...> or <name@example.org>
            if ":" in tag and not tag.startswith(("http:", "https:", "mailto:")):
                self.found.append((line, f"the link <{tag}> is not a web or email address"))
            return
        if tag not in SAFE_TAGS:
            self.found.append((line, f"the HTML tag <{tag}> is not allowed in content" +
                               (": a page must not run a script" if tag == "script" else "")))
            return
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, f"the attribute {name}= on <{tag}> would run a script, which content must not do"))
            elif name.startswith(("data-md", "data-tk")):
                self.found.append((line, f"the attribute {name}= on <{tag}> is reserved for the site\u2019s own scripts"))
            elif name.startswith(("aria-", "data-")):
                continue
            elif name not in SAFE_ATTRIBUTES:
                self.found.append((line, f"the attribute {name}= on <{tag}> is not allowed in content"))
            elif name in URL_ATTRIBUTES and _unsafe_url(value or ""):
                self.found.append((line, f"the address {name}=\u201c{(value or '')[:40]}\u201d on <{tag}> is not a web link"))

    handle_startendtag = handle_starttag


# The Markdown extensions of mkdocs.yml that can put attributes or raw HTML on a page (a test
# checks they are listed there). Text with an attribute list ({: onclick=...}) is rendered and the
# HTML scanned, as Markdown makes the attributes; rendering everything would triple `toolkit check`.
MARKDOWN_EXTENSIONS = ("attr_list", "md_in_html")
_ATTRIBUTE_LIST = re.compile(r"\{[^}\n]*[=.#][^}\n]*\}")
_LINK_DESTINATION = re.compile(r"\]\((\s*<?)((?:[^()\s>]|\([^()\s]*\))*)")


@lru_cache(maxsize=1)
def _markdown():
    import markdown

    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))


def _rendered_markup(text: str) -> list[tuple[int, str]]:
    """Problems in the HTML Markdown makes of text, each placed on the first source line that
    holds what caused it (or line 1)."""
    md = _markdown()
    md.reset()
    try:
        html = md.convert(text)
    except Exception:  # noqa: BLE001 - Markdown that cannot be rendered is left to the build to report
        return []
    scan = _MarkupScan(rendered=True)
    scan.feed(html)
    scan.close()
    lines = [line.lower() for line in text.split("\n")]
    found = []
    for _, problem in scan.found:
        needle = next((v for k, v in scan.needles.items() if k in problem), "").lower()
        n = next((i for i, line in enumerate(lines, start=1) if needle and needle in line), 1)
        found.append((n, problem))
    return found


def unsafe_markup(text: str, checked_links: bool = False) -> list[tuple[int, str]]:
    """(line within text, problem) for each piece of raw HTML or link that could carry script."""
    if "<" not in text and "]" not in text and "{" not in text:
        return []
    source = text
    text = _blank_code(text)
    scan = _MarkupScan()
    scan.feed(text)
    scan.close()
    found = scan.found
    for n, line in enumerate(text.split("\n"), start=1):
        for before, target in _LINK_DESTINATION.findall(line):
            if "<" in before or (checked_links and not before and LINK.search(f"]({target})")):
                continue  # reported as an autolink above, or by check_links with the forms of link the site understands
            if _unsafe_url(target) and target.split(":", 1)[0] not in SCHEMES:
                found.append((n, f"the link address \u201c{target[:40]}\u201d is not a web link"))
        ref = REFERENCE.match(line)
        if ref and _unsafe_url(ref.group(1)) and ref.group(1).split(":", 1)[0] not in SCHEMES:
            found.append((n, f"the link address \u201c{ref.group(1)[:40]}\u201d is not a web link"))
    if not found and _ATTRIBUTE_LIST.search(text):
        found = _rendered_markup(source)
    return sorted(set(found))


MARKUP_FIX = ("Remove it. Content is Markdown: use **bold**, lists, tables and [links](https://\u2026); plain formatting tags such as "
              "<strong> or <abbr> are allowed, but not scripts, styles, forms, frames, on\u2026= attributes or javascript: and data: "
              "addresses. To show code, put it in `backticks`.")
# Fields whose text is a regular expression, not prose (advert rules): never rendered as HTML.
PATTERN_KEYS = frozenset(("patterns", "exceptions", "not_evidence", "when", "sections", "lists", "regex"))


def check_markup(p: "Parsed", errors: list[ContentError]) -> None:
    """Refuse raw HTML that could carry script, in the page text and in every text field."""
    for n, problem in unsafe_markup(p.body, checked_links=True) if p.body else ():
        errors.append(ContentError(p.path, p.body_line + n - 1, "body", problem, MARKUP_FIX))

    def walk(value: Any, key: str) -> None:
        if isinstance(value, str):
            for _, problem in unsafe_markup(value):
                errors.append(ContentError(p.path, p.line(key), key or "text", problem, MARKUP_FIX))
        elif isinstance(value, dict):
            for k, v in value.items():
                if str(k) not in PATTERN_KEYS:
                    walk(v, f"{key}.{k}" if key else str(k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{key}[{i}]")

    walk(p.data, "")
