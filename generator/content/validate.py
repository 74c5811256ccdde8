"""Validation rules, driven by generator.content.schema. Each check appends ContentErrors; none stops early."""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from generator.content.calculator_links import check_calculator_links
from generator.content.errors import ContentError, did_you_mean
from generator.content.schema import (BUILDING_BLOCKS, GENERATED_PAGES, INSERTS, KINDS, REQUIRED_PAGES, SOURCE_FIELDS, Field)

if TYPE_CHECKING:
    from generator.content.loader import Parsed
    from generator.content.model import Toolkit

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LINK = re.compile(r"\]\(([^)\s]+)\)")
INSERT = re.compile(r"^\[\[insert:\s*([^\]]+?)\s*\]\]\s*$")
SCHEMES = ("intervention", "block", "page", "calculator", "glossary")
TYPE_NAMES = {"str": "text", "int": "a whole number", "url": "a link", "enum": "one of the listed values",
              "slug-list": "a list", "calculator-list": "a list", "sources": "a list of sources"}


def _type_ok(f: Field, value: Any) -> bool:
    if f.type in ("str", "url", "enum"):
        return isinstance(value, str)
    if f.type == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, list)


def check_fields(kind: str, slug: str, p: "Parsed", errors: list[ContentError]) -> bool:
    """Check front matter against the schema. Returns False when the file cannot be used at all."""
    fields = {f.name: f for f in KINDS[kind]["fields"]}
    start = len(errors)
    if not SLUG.match(slug):
        errors.append(ContentError(p.path, 1, "file name", f"\u201c{slug}\u201d is not a valid slug",
                                   "Rename the file using lower-case letters, numbers and hyphens, such as use-structured-interviews.md."))
    for name in p.data:
        if name not in fields:
            errors.append(ContentError(p.path, p.line(name), name, f"\u201c{name}\u201d is not a field of a {kind}",
                                       f"Remove it, or rename it.{did_you_mean(name, list(fields))} Fields: {', '.join(fields)}."))
    for f in fields.values():
        value = p.data.get(f.name)
        if value is None or value == "":
            if f.required and not (f.type == "calculator-list" and f.name in p.data):
                errors.append(ContentError(p.path, p.line(""), f.name, f"the required field \u201c{f.name}\u201d is missing",
                                           f"Add a line \u201c{f.name}: \u2026\u201d. {f.description}"))
            continue
        if not _type_ok(f, value):
            errors.append(ContentError(p.path, p.line(f.name), f.name, f"should be {TYPE_NAMES[f.type]}, not {type(value).__name__} ({value!r:.40})",
                                       f"{f.description} Example: {f.name}: {f.example}"))
            continue
        if f.type == "enum" and value not in f.choices:
            errors.append(ContentError(p.path, p.line(f.name), f.name, f"\u201c{value}\u201d is not a known {f.name.replace('_', ' ')}",
                                       f"Use one of: {', '.join(f.choices)}.{did_you_mean(value, list(f.choices))}"))
        if f.max_length and isinstance(value, str) and len(value) > f.max_length:
            errors.append(ContentError(p.path, p.line(f.name), f.name, f"is {len(value)} characters long; the limit is {f.max_length}",
                                       "Shorten it: one plain sentence is enough."))
        if isinstance(value, list):
            if f.required and len(value) < f.min_items:
                errors.append(ContentError(p.path, p.line(f.name), f.name, f"needs at least {f.min_items} item(s)", f"{f.description}"))
            if f.max_items and len(value) > f.max_items:
                errors.append(ContentError(p.path, p.line(f.name), f.name, f"has {len(value)} items; the most is {f.max_items}", "Keep the most useful ones."))
            if f.type == "sources":
                check_sources(value, f.name, p, errors)
            elif any(not isinstance(v, str) or not SLUG.match(v) for v in value):
                errors.append(ContentError(p.path, p.line(f.name), f.name, "each item must be a slug such as use-structured-interviews",
                                           "Write the file name without .md, in lower case with hyphens."))
    if kind == "block" and slug not in BUILDING_BLOCKS:
        errors.append(ContentError(p.path, 1, "file name", f"\u201c{slug}\u201d is not a building block",
                                   f"Name the file after one of: {', '.join(BUILDING_BLOCKS)}.{did_you_mean(slug, list(BUILDING_BLOCKS))}"))
    if kind == "page" and slug in GENERATED_PAGES:
        errors.append(ContentError(p.path, 1, "file name", f"\u201c{slug}\u201d is a page the generator makes itself",
                                   "Choose another file name for this page."))
    bad = errors[start:]
    def base(name: str) -> str:
        return name.split("[")[0].split(".")[0]

    return not any(base(e.field) in fields and e.field != "example" for e in bad) and not any(e.field == "file name" for e in bad)


def check_sources(values: list, name: str, p: "Parsed", errors: list[ContentError]) -> None:
    for i, source in enumerate(values):
        key = f"{name}[{i}]"
        if not isinstance(source, dict):
            errors.append(ContentError(p.path, p.line(key), name, f"source {i + 1} is not a set of fields",
                                       "Give each source a title, publisher, year and url, each on its own line."))
            continue
        for f in SOURCE_FIELDS:
            value = source.get(f.name)
            if value in (None, ""):
                errors.append(ContentError(p.path, p.line(key), f"{name}[{i + 1}].{f.name}", f"source {i + 1} has no {f.name}",
                                           f"Add \u201c{f.name}:\u201d to the source. {f.description}"))
            elif f.type == "int" and not (isinstance(value, int) and 1800 <= value <= 2100):
                errors.append(ContentError(p.path, p.line(f"{key}.{f.name}"), f"{name}[{i + 1}].{f.name}", f"\u201c{value}\u201d is not a year",
                                           "Write the year it was published, as four digits, such as 2022."))
            elif f.type == "url" and not str(value).startswith(("https://", "http://")):
                errors.append(ContentError(p.path, p.line(f"{key}.{f.name}"), f"{name}[{i + 1}].{f.name}", f"\u201c{value}\u201d is not a web link",
                                           "Give the full address, starting with https://."))


def check_sections(kind: str, p: "Parsed", errors: list[ContentError]) -> None:
    wanted = KINDS[kind]["sections"]
    lines = p.body.split("\n")
    found = [(p.body_line + i, line[3:].strip()) for i, line in enumerate(lines) if line.startswith("## ")]
    if any(line.startswith("# ") for line in lines):
        n = next(i for i, line in enumerate(lines) if line.startswith("# "))
        errors.append(ContentError(p.path, p.body_line + n, "body", "the page text has its own top-level heading (# \u2026)",
                                   "Remove it: the title comes from the title field. Use ## for sections."))
    if wanted and [t for _, t in found] != list(wanted):
        got = ", ".join(t for _, t in found) or "none"
        line = next((n for (n, t), w in zip(found, wanted) if t != w), found[-1][0] if found else p.body_line)
        errors.append(ContentError(p.path, line, "body sections", f"the sections are: {got}",
                                   "Use exactly these ## headings, in this order: " + "; ".join(wanted) + "."))


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
        if ref and _unsafe_url(ref.group(1)) and not ref.group(1).split(":", 1)[0] in SCHEMES:
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


def check_glossary(p: "Parsed | None", errors: list[ContentError]) -> list[dict]:
    if p is None:
        return []
    terms = p.data.get("terms") if isinstance(p.data, dict) else None
    if not isinstance(terms, list):
        errors.append(ContentError(p.path, 1, "terms", "the glossary has no list of terms",
                                   "Start the file with \u201cterms:\u201d and list each term under it with \u201c- id: \u2026\u201d."))
        return []
    good, seen = [], {}
    for i, term in enumerate(terms):
        key = f"terms[{i}]"
        missing = [k for k in ("id", "term", "definition") if not isinstance(term, dict) or not term.get(k)]
        if missing:
            errors.append(ContentError(p.path, p.line(key), f"terms[{i + 1}]", f"term {i + 1} has no {', '.join(missing)}",
                                       "Give every term an id (lower case with hyphens), the term and a definition."))
            continue
        if not SLUG.match(str(term["id"])):
            errors.append(ContentError(p.path, p.line(f"{key}.id"), "id", f"\u201c{term['id']}\u201d is not a valid id", "Use lower-case letters, numbers and hyphens."))
        if term["id"] in seen:
            errors.append(ContentError(p.path, p.line(f"{key}.id"), "id", f"the id \u201c{term['id']}\u201d is used twice (also at line {seen[term['id']]})",
                                       "Give each term its own id."))
        seen[term["id"]] = p.line(f"{key}.id")
        good.append(term)
    for i, term in enumerate(good):
        for other in term.get("see_also") or ():
            if other not in seen:
                errors.append(ContentError(p.path, p.line(f"terms[{i}].see_also"), "see_also", f"\u201c{other}\u201d is not a glossary id",
                                           f"Use the id of another term.{did_you_mean(other, list(seen))}"))
    return good


def _targets(toolkit: "Toolkit", unusable: dict[str, set[str]]) -> dict[str, set[str]]:
    from calculators.core.registry import all_specs

    return {
        "intervention": {i.slug for i in toolkit.interventions} | unusable.get("intervention", set()),
        "block": {b.slug for b in toolkit.blocks} | unusable.get("block", set()),
        "page": {p.slug for p in toolkit.pages} | unusable.get("page", set()) | (set(GENERATED_PAGES) - {"index"}) | {"home"},
        "calculator": {s.id for s in all_specs()},
        "glossary": {t.id for t in toolkit.glossary},
    }


def check_links(doc, targets: dict[str, set[str]], errors: list[ContentError]) -> None:
    for n, line in enumerate(doc.body.split("\n")):
        for match in LINK.finditer(line):
            target = match.group(1)
            scheme, _, rest = target.partition(":")
            slug = rest.split("#", 1)[0]
            where = doc.body_line + n
            if scheme in SCHEMES:
                if slug not in targets[scheme]:
                    errors.append(ContentError(doc.path, where, "link", f"the link \u201c{target}\u201d points to a {scheme} that does not exist",
                                               f"Check the {scheme} name.{did_you_mean(slug, sorted(targets[scheme]))}"))
            elif scheme not in ("https", "http", "mailto") and not target.startswith("#"):
                errors.append(ContentError(doc.path, where, "link", f"the link \u201c{target}\u201d is not a form the site understands",
                                           "Link to other pages as intervention:<slug>, block:<slug>, page:<slug>, calculator:<id> "
                                           "or glossary:<id>, and to other sites with a full https:// address."))
        insert = INSERT.match(line.strip())
        if insert and insert.group(1) not in INSERTS:
            errors.append(ContentError(doc.path, doc.body_line + n, "insert", f"\u201c{insert.group(1)}\u201d is not something the site can insert",
                                       f"Use one of: {', '.join(INSERTS)}.{did_you_mean(insert.group(1), INSERTS)}"))


class _Unknown(set):
    """The targets of a data file that could not be read: its own error is enough, so links to it
    are not reported as broken as well."""

    def __contains__(self, item: object) -> bool:
        return True


def check_toolkit(toolkit: "Toolkit", data: dict[str, "Parsed"], errors: list[ContentError],
                  unusable: dict[str, set[str]] | None = None, unreadable: set[str] = frozenset()) -> None:
    """Checks across files: duplicates, references, links and required pages."""
    targets = _targets(toolkit, unusable or {})
    if "glossary" in unreadable:
        targets["glossary"] = _Unknown()
    docs = [*toolkit.blocks, *toolkit.interventions, *toolkit.pages]
    by_title: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        by_title[doc.title.strip().lower()].append(doc.path)
    for title, paths in by_title.items():
        if len(paths) > 1:
            for path in paths:
                errors.append(ContentError(path, next(d.line("title") for d in docs if d.path == path), "title", f"the title \u201c{title}\u201d is used by {len(paths)} files: {', '.join(paths)}",
                                           "Give each page its own title: screen-reader users move between pages by title."))
    root_slugs = defaultdict(list)
    for doc in [*toolkit.blocks, *toolkit.pages]:
        root_slugs[doc.slug].append(doc.path)
    for slug, paths in root_slugs.items():
        if len(paths) > 1:
            for path in paths:
                errors.append(ContentError(path, 1, "file name", f"the address /{slug}/ is used by {', '.join(paths)}",
                                           "Rename one of the files so each page has its own address."))
    for i in toolkit.interventions:
        for field_name, scheme in (("related", "intervention"), ("calculators", "calculator")):
            for n, slug in enumerate(getattr(i, field_name)):
                if slug not in targets[scheme] or (field_name == "related" and slug == i.slug):
                    errors.append(ContentError(i.path, i.field_lines.get(f"{field_name}[{n}]", i.line(field_name)), field_name, f"\u201c{slug}\u201d is not a known {scheme}" + (" (it is this page)" if slug == i.slug else ""),
                                               f"Use the file name of an existing {scheme}.{did_you_mean(slug, sorted(targets[scheme] - {i.slug}))}"))
    for doc in docs:
        check_links(doc, targets, errors)
    check_calculator_links(targets, errors)  # the pages calculators' results link to (their specs' links)
    present = targets["block"]
    for slug, title in BUILDING_BLOCKS.items():
        if slug not in present:
            errors.append(ContentError(f"content/blocks/{slug}.md", 0, "file", f"the {title} building block has no introduction page",
                                       f"Create content/blocks/{slug}.md (\u201ctoolkit new block {slug}\u201d)."))
    for slug in REQUIRED_PAGES:
        if slug not in targets["page"]:
            errors.append(ContentError(f"content/pages/{slug}.md", 0, "file", f"the required page \u201c{slug}\u201d is missing",
                                       f"Create content/pages/{slug}.md with a title, a summary and its text."))
    from generator.content.data_checks import check_data

    check_data(data, targets, errors, unreadable)
