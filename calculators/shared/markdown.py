"""Markdown for the downloadable reports, written once: a result table as a Markdown table."""
from __future__ import annotations

from typing import Mapping

from calculators.shared.csv_safe import markdown_cell


def markdown_table(table: Mapping, *, rule: str = " --- |", blank_none: bool = False) -> list[str]:
    """The lines of a result table (its "columns" and "rows") as a Markdown table: a header row,
    the rule under it (`rule` once per column) and one line per row, every cell through
    markdown_cell. With blank_none, a missing value is an empty cell rather than "None"."""
    columns = table["columns"]
    lines = ["| " + " | ".join(markdown_cell(c["label"]) for c in columns) + " |", "|" + rule * len(columns)]
    for row in table["rows"]:
        cells = [row.get(c["key"]) for c in columns]
        lines.append("| " + " | ".join(markdown_cell("" if blank_none and v is None else v) for v in cells) + " |")
    return lines
