"""The data files' JSON Schemas, generated from generator.content.data_fields, and their validation
with jsonschema, each error mapped to the file, line, field and fix.

`toolkit schema` writes the schemas to content/schema/data/ for editors; the loader validates
every data file against the same schema. What a schema cannot say (shares that add up to 100,
references to other files, regular expressions) is checked in generator.content.data_checks."""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from generator.content.data_fields import DATA_FILES, DataField, DataFile
from generator.content.errors import ContentError, did_you_mean

if TYPE_CHECKING:
    from generator.content.parsed import Parsed

GUIDE_DATA_FILES = "Data files"  # the author guide's section on the data files (a test checks it is a heading)
SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
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
# What a value of each type is, and how to write one: for the messages.
WHAT = {"text": "text", "string": "text", "int": "a whole number", "number": "a number", "bool": "true or false", "year": "a year",
        "date": "a date", "month": "a date", "url": "a web link", "id": "an id", "ids": "a list of ids",
        "texts": "a list of text", "enum": "one of the listed values", "object": "a set of fields",
        "list": "a list", "patterns": "a list of patterns"}
HOW = {"text": "Write it as text; put text that looks like a number, a date, true or false in double quotes.",
       "string": "Write it as text, in double quotes.",
       "int": "Write a whole number, such as 3, without quotes.",
       "number": "Write a number without quotes, units or the \u00a3 sign, such as 13.45.",
       "bool": "Write true or false.",
       "year": "Write the year it was published, as four digits, such as 2022.",
       "date": "Write the date as YYYY-MM-DD, such as 2026-04-01.",
       "month": "Write the date as YYYY-MM-DD, such as 2026-12-05 (or YYYY-MM for a month).",
       "url": "Give the full address, starting with https://.",
       "id": "Use lower-case letters, numbers and hyphens, such as real-living-wage.",
       "ids": "Write a list of ids in lower case with hyphens, such as [use-structured-interviews].",
       "texts": "Write a list, one item per line starting \u201c- \u201d, or as [first, second].",
       "object": "Write its fields on the lines below it, indented by two more spaces.",
       "list": "Write a list, one item per line starting \u201c- \u201d.",
       "patterns": "Write a list of patterns, one per line starting \u201c- \u201d."}


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


def key_of(path: Iterable) -> str:
    """A path of keys and indexes as Parsed names it: rates[0].source.url."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def declared_path(path: Iterable) -> str:
    """The same path as data_fields declares it: rates[].source.url."""
    out = ""
    for part in path:
        out += "[]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _singular(name: str) -> str:
    return name[:-3] + "y" if name.endswith("ies") else name[:-1] if name.endswith("s") else name


def field_name(path: list, data: Any) -> str:
    """How an error names a field: the first list item by its id (rate real-living-wage.value),
    and other list items by their number from 1 (rule degree-required.context[2].when)."""
    out, value, named = "", data, False
    for i, part in enumerate(path):
        if isinstance(part, int):
            item = value[part] if isinstance(value, list) and part < len(value) else None
            ident, code = (item.get("id"), item.get("code")) if isinstance(item, dict) else (None, None)
            ident = ident if isinstance(ident, str) and re.match(SLUG, ident) else code if type(code) is int else None
            if named:
                out += f"[{part + 1}]"
            else:
                out = f"{_singular(str(path[i - 1])) if i else 'item'} {part + 1 if ident is None else ident}"
                named = True
        else:
            out += f".{part}" if out else str(part)
        value = value.get(part) if isinstance(value, dict) else value[part] if isinstance(value, list) and isinstance(part, int) and part < len(value) else None
    return out or "data"


def _thing(path: list) -> str:
    """What holds a field, in words: the rate, the source, the file."""
    names = [p for p in path if isinstance(p, str)]
    if not names:
        return "the file"
    return f"the {_singular(names[-1]) if isinstance(path[-1], int) else names[-1].replace('_', ' ')}"


def _message(error, data: Any, name: str) -> list[tuple[list, str, str]]:
    """(path, problem, fix) for one jsonschema error."""
    path, kind, value = list(error.absolute_path), error.validator, error.instance
    fields = _fields(name)
    if kind == "required":
        # jsonschema gives one error for each missing field, naming it first in its message
        missing = [k for k in error.validator_value if not (isinstance(value, dict) and k in value) and error.message.startswith(repr(k))]
        out = []
        for key in missing[:1]:
            f = fields.get(declared_path([*path, key]))
            inner = error.schema.get("properties", {}).get(key, {})
            inner = inner.get("items", inner) if inner.get("type") == "array" else inner
            about = f" {f.description}" if f else f" It holds: {', '.join(inner['properties'])}." if "properties" in inner else ""
            if not path:
                out.append(([key], f"the file has no \u201c{key}:\u201d section",
                            f"Start the file with \u201c{key}:\u201d, as the \u201c{GUIDE_DATA_FILES}\u201d section of the author guide shows.{about}"))
            else:
                out.append(([*path, key], f"{_thing(path)} has no {key}", f"Add \u201c{key}:\u201d to {_thing(path)}.{about}"))
        return out
    if kind == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        extra = [k for k in value if k not in known]
        return [([*path, k], f"\u201c{k}\u201d is not a field of {_thing(path)}",
                 f"Remove it, or rename it.{did_you_mean(k, known)} Fields: {', '.join(known)}.") for k in extra]
    if kind == "anyOf" and isinstance(value, dict):  # a pattern written as a set of fields: say what is wrong inside it
        inner = [e for e in error.context if e.schema.get("type") == "object" or e.validator != "type"]
        if inner:
            return [m for e in inner for m in _message(e, data, name)]
    f = fields.get(declared_path(path))
    ftype = f.type if f else ("object" if error.schema.get("type") == "object" else "list" if error.schema.get("type") == "array" else "text")
    about = f" {f.description}" if f else ""
    shown = f"\u201c{value}\u201d" if isinstance(value, (str, int, float)) and not isinstance(value, bool) else type(value).__name__.replace("NoneType", "nothing").replace("dict", "a set of fields").replace("list", "a list")
    if kind == "type" and isinstance(error.schema.get("type"), str) and path and isinstance(path[-1], int):
        return [(path, f"item {path[-1] + 1} is {shown}, not {'text' if error.schema['type'] == 'string' else WHAT.get(ftype, 'the right kind of value')}",
                 HOW["texts"] if error.schema["type"] == "string" else HOW.get(ftype, "")+about)]
    if kind in ("type", "anyOf"):
        if value is None or value == "":
            return [(path, f"{_thing(path[:-1]) if path else 'the file'} has an empty {path[-1] if path else 'value'}",
                     f"Write its value after the colon, or remove the line.{about}")]
        return [(path, f"should be {WHAT.get(ftype, 'another kind of value')}, not {shown}", HOW.get(ftype, "") + about)]
    if kind == "minLength":
        return [(path, f"{_thing(path[:-1])} has an empty {path[-1]}", f"Write its value after the colon.{about}")]
    if kind in ("pattern", "format"):
        parent = f.type if f else "ids" if path and isinstance(path[-1], int) else "text"
        return [(path, f"{shown} is not {WHAT.get(parent, 'valid')}" + (" (YYYY-MM-DD)" if parent == "date" else ""),
                 HOW.get(parent if parent != "ids" else "id", "") + about)]
    if kind == "enum":
        return [(path, f"{shown} is not one of: {', '.join(map(str, error.validator_value))}",
                 f"Use one of: {', '.join(map(str, error.validator_value))}.{did_you_mean(value, [str(c) for c in error.validator_value])}")]
    if kind in ("minimum", "maximum", "exclusiveMinimum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        limits = f"from {low:g} to {high:g}" if low is not None and high is not None else f"at least {low:g}" if low is not None else f"at most {high:g}"
        return [(path, f"{shown} is out of range: it must be {limits}", HOW.get(ftype, "") + about)]
    if kind == "uniqueItems":
        shown_items = [repr(v) for v in value]
        twice = next((v for v, r in zip(value, shown_items) if shown_items.count(r) > 1), "")
        return [(path, f"\u201c{twice}\u201d is listed twice", "Keep one of them.")]
    return [(path, error.message, f"Correct it as the \u201c{GUIDE_DATA_FILES}\u201d section of the author guide describes.{about}")]


def check(name: str, p: "Parsed", errors: list[ContentError], skip: Callable[[list], bool] = lambda path: False) -> None:
    """Validate one data file against its schema, adding an error for each problem, on the line of
    the field (or, for a missing field, of what holds it). skip(path) drops problems another check
    reports better (the advert rules' own validation)."""
    data = _json(p.data)
    seen: set[tuple] = set()  # a date can fail its pattern and its format: one error is enough
    for error in sorted(_validator(name).iter_errors(data), key=lambda e: [str(x) for x in e.absolute_path]):
        for path, problem, fix in _message(error, data, name):
            key = key_of(path)
            if skip(path) or (key, problem) in seen:
                continue
            seen.add((key, problem))
            errors.append(ContentError(p.path, p.line(key), field_name(path, data), problem, fix))
