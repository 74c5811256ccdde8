"""The data files' schema errors in plain English: each jsonschema error becomes the field's path,
the problem and the fix, in words a maintainer can act on (generator.content.data_schema runs the
validation and places each on its line)."""
from __future__ import annotations

import re
from typing import Any, Iterable

from generator.content.data_fields import GUIDE_DATA_FILES, SLUG, DataField
from generator.content.errors import did_you_mean

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


def message(error, data: Any, fields: dict[str, DataField]) -> list[tuple[list, str, str]]:
    """(path, problem, fix) for one jsonschema error; fields: the file's declared fields by path."""
    path, kind, value = list(error.absolute_path), error.validator, error.instance
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
            return [m for e in inner for m in message(e, data, fields)]
    f = fields.get(declared_path(path))
    ftype = f.type if f else ("object" if error.schema.get("type") == "object" else "list" if error.schema.get("type") == "array" else "text")
    about = f" {f.description}" if f else ""
    shown = (f"\u201c{value}\u201d" if isinstance(value, (str, int, float)) and not isinstance(value, bool)
             else type(value).__name__.replace("NoneType", "nothing").replace("dict", "a set of fields").replace("list", "a list"))
    if kind == "type" and isinstance(value, bool) and error.schema.get("type") == "string":  # yes/no/on/off unquoted
        where = f"item {path[-1] + 1} of {_thing(path[:-1])}" if path and isinstance(path[-1], int) else "the value"
        return [(path, f"{where} is {str(value).lower()}, not text (YAML reads yes, no, on and off unquoted as true or false)",
                 f"Put it in double quotes, as in \"yes\".{about}")]
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
