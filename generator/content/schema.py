"""The content schema, declared once.

It drives validation (generator.content.validate), the JSON Schema files editors use
(content/schema/*.json) and the author guide page. Change a field here and all three follow.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BUILDING_BLOCKS = {
    "data": "Data",
    "culture-and-leadership": "Culture and leadership",
    "recruitment": "Recruitment",
    "progression": "Progression",
    "outreach": "Outreach",
}
STAGES = {"getting-started": "Getting started", "going-further": "Going further", "advanced": "Advanced"}
SUITS = {"every-size": "Every size", "small": "Small organisations", "large": "Large organisations"}
EFFORTS = {"low": "Low", "medium": "Medium", "high": "High"}

INTERVENTION_SECTIONS = ("Why it matters", "Steps", "For small organisations", "How to measure progress", "Common pitfalls")
BLOCK_SECTIONS = ("What it is", "Why it matters", "Where to start if you are small")
INSERTS = ("seb-question", "supporting-questions", "survey-templates", "benchmarks")
# Pages the generator makes itself; free pages may not take these slugs.
GENERATED_PAGES = {"index": "Home", "where-to-start": "Where to start", "glossary": "Glossary",
                   "sources": "Sources", "authors": "Guide for content authors", "calculators": "Calculators"}
REQUIRED_PAGES = ("about", "privacy", "accessibility", "measurement-kit")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # str, int, list, enum, slug-list, sources
    description: str
    required: bool = True
    choices: dict[str, str] = field(default_factory=dict)  # value -> label, for enum
    max_length: int | None = None
    min_items: int = 0
    max_items: int | None = None
    example: Any = None


SOURCE_FIELDS = (
    Field("title", "str", "The title of the report, page or dataset.", example="Graduate recruitment survey 2022"),
    Field("publisher", "str", "Who published it.", example="Institute of Student Employers"),
    Field("year", "int", "The year it was published (four digits).", example=2022),
    Field("url", "url", "A link to it, starting https://.", example="https://ise.org.uk/"),
)
# Checked by generator.content.policy (not validate.check_sources), so it is kept out of SOURCE_FIELDS.
CHECKED = Field("checked", "date", "The date someone last opened the source and confirmed the page still matches it, as YYYY-MM-DD. "
                "A source not checked for 18 months is a build warning.", example="2026-12-05")
SOURCES = Field("sources", "sources", "Where every figure on the page comes from. Each source has a title, publisher, year and url.",
                min_items=1, example=[{"title": "Graduate recruitment survey 2022", "publisher": "Institute of Student Employers", "year": 2022, "url": "https://ise.org.uk/",
                          "checked": "2026-12-05"}])

INTERVENTION = (
    Field("title", "str", "The page title: unique across the site, in sentence case.", max_length=90, example="Remove unnecessary degree requirements"),
    Field("building_block", "enum", "The building block the intervention belongs to.", choices=BUILDING_BLOCKS, example="recruitment"),
    Field("summary", "str", "One plain sentence: what to do and why.", max_length=200,
          example="Ask for the skills a job needs, not a degree, unless the law requires one."),
    Field("stage", "enum", "How far along an organisation usually is when it takes this step.", choices=STAGES, example="getting-started"),
    Field("suits", "enum", "The size of organisation it suits.", choices=SUITS, example="every-size"),
    Field("effort", "enum", "Roughly how much work it takes.", choices=EFFORTS, example="low"),
    Field("related", "slug-list", "Other interventions to read next (their file names without .md).", min_items=1, max_items=6,
          example=["use-structured-interviews"]),
    Field("calculators", "calculator-list", "Calculators that measure progress (may be empty).", example=["job-advert-checker"]),
    SOURCES,
    Field("example", "str", "Optional. A short illustrative example. It is shown labelled as a composite, not a real organisation.",
          required=False, max_length=900),
)

BLOCK = (
    Field("title", "str", "The building block's name.", max_length=60, example="Recruitment"),
    Field("order", "int", "Its place in the navigation, from 1.", example=3),
    Field("summary", "str", "One plain sentence about the block.", max_length=200, example="Find and hire talent from every background."),
    SOURCES,
)

PAGE = (
    Field("title", "str", "The page title, unique across the site.", max_length=90, example="About this toolkit"),
    Field("summary", "str", "One plain sentence about the page.", max_length=200, example="Who made this toolkit and why."),
    Field("sources", "sources", "Optional. Where the page's figures come from.", required=False, example=[]),
)

KINDS = {
    "intervention": {"fields": INTERVENTION, "sections": INTERVENTION_SECTIONS, "folder": "interventions",
                     "doc": "One practical step an organisation can take. One file per intervention."},
    "block": {"fields": BLOCK, "sections": BLOCK_SECTIONS, "folder": "blocks",
              "doc": "The introduction to a building block. The file name must be one of the five block ids."},
    "page": {"fields": PAGE, "sections": (), "folder": "pages",
             "doc": "A free page, such as About or Privacy."},
}


def field_json_schema(f: Field) -> dict:
    """The JSON Schema of one front-matter field."""
    if f.type == "enum":
        out: dict[str, Any] = {"type": "string", "enum": list(f.choices)}
    elif f.type == "int":
        out = {"type": "integer"}
    elif f.type in ("slug-list", "calculator-list"):
        out = {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}, "uniqueItems": True}
    elif f.type == "sources":
        out = {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": [s.name for s in (*SOURCE_FIELDS, CHECKED)],
            "properties": {s.name: {**field_json_schema(s), "description": s.description} for s in (*SOURCE_FIELDS, CHECKED)}}}
    elif f.type == "date":
        out = {"type": "string", "pattern": "^\\d{4}-\\d{2}(-\\d{2})?$"}
    elif f.type == "url":
        out = {"type": "string", "pattern": "^https?://"}
    else:
        out = {"type": "string", "minLength": 1}
    if f.max_length:
        out["maxLength"] = f.max_length
    if f.min_items and f.required:
        out["minItems"] = f.min_items
    if f.max_items:
        out["maxItems"] = f.max_items
    out["description"] = f.description + (" One of: " + ", ".join(f"{k} ({v})" for k, v in f.choices.items()) if f.choices else "")
    return out


def json_schema(kind: str) -> dict:
    fields = KINDS[kind]["fields"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{kind}.json",
        "title": f"Front matter of a {kind} file",
        "description": KINDS[kind]["doc"],
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: field_json_schema(f) for f in fields},
    }
