"""The data files' JSON Schemas, generated from generator.content.data_fields, and their validation
with jsonschema, each error mapped to the file, line, field and fix.

`toolkit schema` writes the schemas to content/schema/data/ for editors; the loader validates
every data file against the same schema. What a schema cannot say (shares that add up to 100,
references to other files, regular expressions) is checked in generator.content.data_checks."""
from __future__ import annotations

import datetime as dt
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from generator.content.data_fields import DATA_FILES, GUIDE_DATA_FILES, SLUG, DataField, DataFile  # noqa: F401 (GUIDE_DATA_FILES for others)
from generator.content.data_schema_errors import field_name, key_of, message
from generator.content.errors import ContentError

if TYPE_CHECKING:
    from generator.content.parsed import Parsed

MONTH = "^\\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?$"
_TYPES: dict[str, dict] = {
    "text": {"type": "string", "minLength": 1},
    "string": {"type": "string"},
    "int": {"type": "integer"},
    "number": {"type": "number"},
    "bool": {"type": "boolean"},
    "year": {"type": "integer", "minimum": 1800, "maximum": 2100},
    "date": {"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
    "month": {"type": "string", "pattern": MONTH},
    "url": {"type": "string", "pattern": "^https?://\\S+$"},
    "id": {"type": "string", "pattern": SLUG},
    "ids": {"type": "array", "items": {"type": "string", "pattern": SLUG}, "uniqueItems": True},
    "texts": {"type": "array", "items": {"type": "string"}},
    "enum": {"type": "string"},
    "object": {"type": "object"},
    "list": {"type": "array"},
    "patterns": {"type": "array"},
}
class _Node:
    """One field of a data file: its declaration (if any), whether it is a list of items, its fields."""

    def __init__(self) -> None:
        self.field: DataField | None = None
        self.items = False  # a list of sets of fields: name[]
        self.children: dict[str, _Node] = {}

    def required(self) -> bool:
        if self.field is not None:
            return self.field.required
        return any(c.required() for c in self.children.values())


def _tree(fields: Iterable[DataField]) -> _Node:
    root = _Node()
    for f in fields:
        node = root
        for part in f.path.split("."):
            name, items = (part[:-2], True) if part.endswith("[]") else (part, False)
            node = node.children.setdefault(name, _Node())
            node.items |= items
        node.field = f
    return root


def _object(node: _Node) -> dict:
    return {"type": "object", "additionalProperties": False,
            "required": [name for name, c in node.children.items() if c.required()],
            "properties": {name: _schema(c) for name, c in node.children.items()}}


def _schema(node: _Node) -> dict:
    f = node.field
    out: dict[str, Any] = dict(_TYPES[f.type]) if f else {}
    if f and f.type == "enum":
        out["enum"] = list(f.choices)
    if f and f.minimum is not None:
        out["minimum"] = f.minimum
    if f and f.maximum is not None:
        out["maximum"] = f.maximum
    if node.children:
        inner = _object(node)
        if f and f.type == "patterns":
            out["items"] = {"anyOf": [{"type": "string", "minLength": 1}, inner]}
        elif node.items:
            out.update(type="array", items=inner)
        else:
            out.update(inner)
    if f:
        out["description"] = f.description + (f" One of: {', '.join(f.choices)}." if f.choices else "")
    return out


def _file(name: str) -> DataFile:
    return next(f for f in DATA_FILES if f.name == name)


@lru_cache(maxsize=None)
def _fields(name: str) -> dict[str, DataField]:
    return {f.path: f for f in _file(name).fields}


def json_schema(name: str) -> dict:
    """The JSON Schema of one data file (name as in DATA_FILES, such as rates.yml)."""
    spec = _file(name)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"data/{schema_file(name)}",
            "title": f"content/data/{name}", "description": spec.purpose, **_object(_tree(spec.fields))}


def schema_file(name: str) -> str:
    """The schema's file name under content/schema/data/: rates.yml -> rates.json."""
    return name.rsplit(".", 1)[0] + ".json"


def modeline(name: str) -> str:
    """The first line of a data file that points editors (yaml-language-server) to its schema."""
    return f"# yaml-language-server: $schema=../schema/data/{schema_file(name)}"


def write_all(folder: Path) -> list[str]:
    """Write every data file's schema into folder (content/schema/data); returns the file names."""
    folder.mkdir(parents=True, exist_ok=True)
    for spec in DATA_FILES:
        text = json.dumps(json_schema(spec.name), indent=2, ensure_ascii=False) + "\n"
        target = folder / schema_file(spec.name)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    return [schema_file(f.name) for f in DATA_FILES]


@lru_cache(maxsize=None)
def _validator(name: str):
    import jsonschema  # imported here: only loading data files needs it

    return jsonschema.Draft202012Validator(json_schema(name), format_checker=jsonschema.FormatChecker())


def _json(value: Any) -> Any:
    """The data as JSON would hold it: YAML dates, keys and .nan as text (so 2026-04-01 is a date string)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):  # .nan and .inf are not numbers JSON knows
        return str(value)
    return value


def check(name: str, p: "Parsed", errors: list[ContentError], skip: Callable[[list], bool] = lambda path: False) -> None:
    """Validate one data file against its schema, adding an error for each problem, on the line of
    the field (or, for a missing field, of what holds it). skip(path) drops problems another check
    reports better (the advert rules' own validation)."""
    data = _json(p.data)
    seen: set[tuple] = set()  # a date can fail its pattern and its format: one error is enough
    for error in sorted(_validator(name).iter_errors(data), key=lambda e: [str(x) for x in e.absolute_path]):
        for path, problem, fix in message(error, data, _fields(name)):
            key = key_of(path)
            if skip(path) or (key, problem) in seen:
                continue
            seen.add((key, problem))
            errors.append(ContentError(p.path, p.line(key), field_name(path, data), problem, fix))
