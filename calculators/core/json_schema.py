"""A calculator's inputs as JSON Schema, for analysts calling the CLI with --json input and for
the `calculators/<id>.schema.json` file the site publishes beside each calculator."""
from __future__ import annotations

from typing import Any, Mapping

from calculators.core.spec import CalculatorSpec, Input, resolve_choices


def to_json_schema(spec: CalculatorSpec, content: Mapping[str, Any]) -> dict:
    """JSON Schema of a calculator's inputs, for analysts calling the CLI with --json input."""

    def one(item: Input) -> dict:
        if item.kind == "number":
            out: dict[str, Any] = {"type": "integer" if item.integer else "number"}
            if item.minimum is not None:
                out["minimum"] = item.minimum
            if item.maximum is not None:
                out["maximum"] = item.maximum
        elif item.kind == "choice":
            enum = {"enum": [c.value for c in resolve_choices(item, content)]}
            out = {"type": "array", "items": enum} if item.multiple else dict(enum)
        elif item.kind == "table":
            out = {"type": "array", "items": {"type": "object", "properties": {c.name: one(c) for c in item.columns}}}
            if item.max_rows:
                out["maxItems"] = item.max_rows
        elif item.kind == "mapping":
            out = {"type": "object", "additionalProperties": {"type": "string"}}
        else:
            out = {"type": "string"}
            if item.max_length:
                out["maxLength"] = item.max_length
        out["title"] = item.label
        hint = item.hint(content) if callable(item.hint) else item.hint
        if hint:
            out["description"] = hint
        if item.default is not None:
            out["default"] = item.default
        return out

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": spec.title,
        "description": spec.summary,
        "type": "object",
        "properties": {i.name: one(i) for i in spec.inputs},
        "required": [i.name for i in spec.inputs if i.required and not i.depends_on],
    }
