"""Read content/ into a validated Toolkit, collecting every error with its file and line.

The stages, each in its own module: reading files and YAML (reading), the front matter against
its schema (validate), the data files against theirs (data_schema), checks across files (links,
data_checks), the writing rules (rules) and the content policy (policy)."""
from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

from generator.content import data_checks, links, markup, validate
from generator.content import policy as content_policy
from generator.content import rules as content_rules
from generator.content.errors import ContentError, ContentErrors, rel
from generator.content.model import BuildingBlock, GlossaryTerm, Intervention, Page, Source, Toolkit
from generator.content.parsed import Parsed
from generator.content.reading import MAX_FILE_BYTES, markdown_files, read_data, read_document  # noqa: F401 (MAX_FILE_BYTES: tests)

PROJECT = Path(__file__).resolve().parents[2]
CONTENT = PROJECT / "content"
DATA_FILES = ("seb_question", "benchmarks", "glossary", "claims", "advert_rules", "rates", "privacy_notice", "characteristics")


def _sources(values: list[dict]) -> tuple[Source, ...]:
    return tuple(Source(str(s["title"]), str(s["publisher"]), int(s["year"]), str(s["url"]), str(s.get("checked") or ""))
                 for s in values or [])


def load_toolkit(root: Path = CONTENT, *, strict: bool = False, today: "datetime.date | None" = None) -> Toolkit:
    """Load and validate everything under root; raise ContentErrors listing every problem.

    strict and today are for the content policy (generator.content.policy): overdue rates and
    sources are warnings (toolkit.warnings), and errors under strict once six months overdue."""
    root = Path(root)
    errors: list[ContentError] = []
    files = {kind: markdown_files(root / spec["folder"], root, errors) for kind, spec in validate.KINDS.items()} if root.is_dir() else {}
    if not any(files.values()):
        raise ContentErrors([ContentError(rel(root, PROJECT), 0, "content folder",
                                          "the content folder is missing or has no Markdown files",
                                          "Run the tool from the project folder (the one with mkdocs.yml), or pass the right folder "
                                          "with --content.")])
    docs: dict[str, list[tuple[Path, Parsed]]] = {}
    unusable: dict[str, set[str]] = {}  # files with errors still count as link targets: one error each
    for kind in validate.KINDS:
        docs[kind], unusable[kind] = [], set()
        for path in files[kind]:
            parsed = read_document(path, root, errors)
            if parsed is not None and validate.check_fields(kind, path.stem, parsed, errors):
                validate.check_sections(kind, parsed, errors)
                markup.check_markup(parsed, errors)
                docs[kind].append((path, parsed))
            else:
                unusable[kind].add(path.stem)
    data: dict[str, Parsed] = {}
    unreadable: set[str] = set()  # data files that exist but could not be read: their error is enough
    for name in DATA_FILES:
        path = root / "data" / f"{name}.yml"
        if path.exists() or path.is_symlink():
            parsed = read_data(path, root, errors)
            if parsed is not None:
                data[name] = parsed
                markup.check_markup(parsed, errors)
            else:
                unreadable.add(name)
    glossary = data_checks.glossary_terms(data.get("glossary"))

    def common(path: Path, p: Parsed) -> dict:
        d = p.data
        return dict(slug=path.stem, path=p.path, title=d["title"], summary=d["summary"], body=p.body,
                    body_line=p.body_line, sources=_sources(d.get("sources")), field_lines=dict(p.lines))

    toolkit = Toolkit(
        blocks=tuple(sorted((BuildingBlock(**common(pa, p), order=p.data["order"]) for pa, p in docs["block"]), key=lambda b: b.order)),
        interventions=tuple(Intervention(**common(pa, p), building_block=p.data["building_block"], stage=p.data["stage"],
                                         suits=p.data["suits"], effort=p.data["effort"], related=tuple(p.data["related"]),
                                         calculators=tuple(p.data["calculators"] or ()), example=p.data.get("example") or "")
                            for pa, p in docs["intervention"]),
        pages=tuple(Page(**common(pa, p)) for pa, p in docs["page"]),
        glossary=tuple(GlossaryTerm(t["id"], t["term"], t["definition"], tuple(t.get("see_also") or ())) for t in glossary),
        data={name: p.data for name, p in data.items()},
    )
    targets = links.check_toolkit(toolkit, errors, unusable, unreadable)
    data_checks.check_data(data, targets, errors, unreadable)
    content_rules.check(toolkit, data, errors)  # the quality rules CI enforces: words, plain English, sources
    policy = content_policy.check(toolkit, data, {p.path: p for kind in docs for _, p in docs[kind]}, strict=strict, today=today)
    errors += policy.errors
    if errors:
        raise ContentErrors(errors)
    return dataclasses.replace(content_policy.apply(toolkit, data.get("rates")),
                               warnings=tuple(sorted(policy.warnings, key=lambda e: (e.path, e.line, e.field))))
