"""Checks across content files: duplicate titles and addresses, related pages, links, inserts and
the required pages."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from generator.content.errors import ContentError, did_you_mean
from generator.content.schema import BUILDING_BLOCKS, GENERATED_PAGES, INSERTS, REQUIRED_PAGES
from generator.content.calculator_links import check_calculator_links

if TYPE_CHECKING:
    from generator.content.model import Toolkit

LINK = re.compile(r"\]\(([^)\s]+)\)")
INSERT = re.compile(r"^\[\[insert:\s*([^\]]+?)\s*\]\]\s*$")
SCHEMES = ("intervention", "block", "page", "calculator", "glossary")


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


def check_toolkit(toolkit: "Toolkit", errors: list[ContentError], unusable: dict[str, set[str]] | None = None,
                  unreadable: set[str] = frozenset()) -> dict[str, set[str]]:
    """Checks across files: duplicates, references, links and required pages. Returns what links may
    point to, for the checks of the data files."""
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
                errors.append(ContentError(path, next(d.line("title") for d in docs if d.path == path), "title",
                                           f"the title \u201c{title}\u201d is used by {len(paths)} files: {', '.join(paths)}",
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
                    errors.append(ContentError(i.path, i.field_lines.get(f"{field_name}[{n}]", i.line(field_name)), field_name,
                                               f"\u201c{slug}\u201d is not a known {scheme}" + (" (it is this page)" if slug == i.slug else ""),
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
    return targets
