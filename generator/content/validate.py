"""The front matter of Markdown files against generator.content.schema. Each check appends
ContentErrors; none stops early."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from generator.content.errors import ContentError, did_you_mean
from generator.content.links import INSERT, LINK, SCHEMES  # noqa: F401 (used by generator.render)
from generator.content.markup import MARKDOWN_EXTENSIONS, SAFE_TAGS, check_markup  # noqa: F401 (as above)
from generator.content.schema import BUILDING_BLOCKS, GENERATED_PAGES, KINDS, SOURCE_FIELDS, Field

if TYPE_CHECKING:
    from generator.content.parsed import Parsed

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
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
