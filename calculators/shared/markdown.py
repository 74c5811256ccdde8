"""Markdown for the downloadable reports, written once: a result table as a Markdown table."""
from __future__ import annotations

from typing import Mapping

from calculators.shared.csv_safe import markdown_cell


def markdown_table(table: Mapping, *, rule: str = " --- |") -> list[str]:
    """The lines of a result table (its "columns" and "rows") as a Markdown table: a header row,
    the rule under it (`rule` once per column) and one line per row, every cell through
    markdown_cell (so a missing value is an empty cell)."""
    columns = table["columns"]
    lines = ["| " + " | ".join(markdown_cell(c["label"]) for c in columns) + " |", "|" + rule * len(columns)]
    for row in table["rows"]:
        lines.append("| " + " | ".join(markdown_cell(row.get(c["key"])) for c in columns) + " |")
    return lines
