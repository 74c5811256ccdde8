"""Read content/ into a validated Toolkit, collecting every error with its file and line.

Readers return (front matter, line numbers, body) and never stop at the first bad file."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, ContentErrors, rel
from .model import BuildingBlock, GlossaryTerm, Intervention, Page, Source, Toolkit
from . import content_rules, validate

PROJECT = Path(__file__).resolve().parent.parent
CONTENT = PROJECT / "content"
DATA_FILES = ("seb_question", "benchmarks", "glossary", "claims", "advert_rules")
# libyaml is several times faster and gives the same nodes and line marks; fall back without it.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Parsed:
    path: str
    data: Any
    lines: dict[str, int]  # "stage" -> 5, "sources[0].url" -> 12
    body: str = ""
    body_line: int = 1

    def line(self, key: str) -> int:
        """The line of a field, or of the nearest enclosing field that has one."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rsplit(".", 1)[0] if "." in key else (key.rsplit("[", 1)[0] if "[" in key else "")
        return self.lines.get("", 1)


def read_text(path: Path, shown: str, errors: list[ContentError]) -> str | None:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        errors.append(ContentError(shown, line, "file", f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at line {line})",
                                   "Save the file as UTF-8 in your editor (in Word or Excel exports, choose \u201cUTF-8\u201d)."))
        return None


def parse_yaml(text: str, shown: str, first_line: int, errors: list[ContentError], what: str) -> Parsed | None:
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        errors.append(ContentError(shown, line, what, f"the YAML cannot be read: {exc.problem or exc.context}",
                                   "Check the indentation, colons and dashes on this line and the line before. "
                                   "Put text that contains a colon or starts with a quote inside double quotes."))
        return None
    if node is None:
        return Parsed(shown, {}, {"": first_line})
    data = Loader("").construct_document(node)
    lines: dict[str, int] = {"": first_line + node.start_mark.line}

    def walk(n: yaml.Node, prefix: str) -> None:
        if isinstance(n, yaml.MappingNode):
            for key, value in n.value:
                name = f"{prefix}.{key.value}" if prefix else str(key.value)
                lines[name] = first_line + key.start_mark.line
                walk(value, name)
        elif isinstance(n, yaml.SequenceNode):
            for index, value in enumerate(n.value):
                name = f"{prefix}[{index}]"
                lines[name] = first_line + value.start_mark.line
                walk(value, name)

    walk(node, "")
    return Parsed(shown, data, lines)


def read_document(path: Path, root: Path, errors: list[ContentError]) -> Parsed | None:
    shown = rel(path, root.parent if root.name == "content" else root)
    text = read_text(path, shown, errors)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        errors.append(ContentError(shown, 1, "front matter", "the file does not start with front matter",
                                   "Start the file with a line \u201c---\u201d, the fields (title: \u2026), and another \u201c---\u201d line."))
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        errors.append(ContentError(shown, 1, "front matter", "the front matter is never closed",
                                   "Add a line \u201c---\u201d after the last field, before the page text."))
        return None
    parsed = parse_yaml("\n".join(lines[1:end]), shown, 2, errors, "front matter")
    if parsed is None:
        return None
    if not isinstance(parsed.data, dict):
        errors.append(ContentError(shown, 2, "front matter", "the front matter is not a set of fields",
                                   "Write one field per line, as \u201cname: value\u201d."))
        return None
    parsed.body = "\n".join(lines[end + 1:])
    parsed.body_line = end + 2
    return parsed


def read_data(path: Path, root: Path, errors: list[ContentError]) -> Parsed | None:
    shown = rel(path, root.parent if root.name == "content" else root)
    text = read_text(path, shown, errors)
    return None if text is None else parse_yaml(text, shown, 1, errors, "data")


def _sources(values: list[dict]) -> tuple[Source, ...]:
    return tuple(Source(str(s["title"]), str(s["publisher"]), int(s["year"]), str(s["url"])) for s in values or [])


def load_toolkit(root: Path = CONTENT) -> Toolkit:
    """Load and validate everything under root; raise ContentErrors listing every problem."""
    root = Path(root)
    errors: list[ContentError] = []
    if not root.is_dir() or not any(root.rglob("*.md")):
        raise ContentErrors([ContentError(rel(root, PROJECT), 0, "content folder",
                                          "the content folder is missing or has no Markdown files",
                                          "Run the tool from the project folder, or restore content/ with \u201cgit checkout content\u201d.")])
    docs: dict[str, list[tuple[Path, Parsed]]] = {}
    unusable: dict[str, set[str]] = {}  # files with errors still count as link targets: one error each
    for kind, spec in validate.KINDS.items():
        docs[kind], unusable[kind] = [], set()
        for path in sorted((root / spec["folder"]).glob("*.md")):
            parsed = read_document(path, root, errors)
            if parsed is not None and validate.check_fields(kind, path.stem, parsed, errors):
                validate.check_sections(kind, parsed, errors)
                docs[kind].append((path, parsed))
            else:
                unusable[kind].add(path.stem)
    data: dict[str, Parsed] = {}
    for name in DATA_FILES:
        path = root / "data" / f"{name}.yml"
        if path.exists():
            parsed = read_data(path, root, errors)
            if parsed is not None:
                data[name] = parsed
    glossary = validate.check_glossary(data.get("glossary"), errors)

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
    validate.check_toolkit(toolkit, data, errors, unusable)
    content_rules.check(toolkit, data, errors)  # the quality rules CI enforces: words, plain English, sources
    if errors:
        raise ContentErrors(errors)
    return toolkit
