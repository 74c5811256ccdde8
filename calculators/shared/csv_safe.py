"""Writing CSV that is safe to open in a spreadsheet (shared by the browser, the CLI and reports).

A cell that starts with = + - @, a tab or a carriage return can run as a formula in Excel,
LibreOffice or Google Sheets. Such text cells get a leading apostrophe, as OWASP advises.
Invisible characters (NUL, control and zero-width characters) are never written.
Numbers are written as numbers, so a negative figure stays a number."""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Sequence

from calculators.core.spec import INVISIBLE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    if text.startswith(FORMULA_START):
        text = "'" + text
    return INVISIBLE.sub("", text)  # never a NUL, control or zero-width character in a download


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (comma, CRLF line ends, minimal quoting) with every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def markdown_cell(value: Any) -> str:
    """Text for a Markdown table cell or line: pipes and markup escaped, formula starts made safe."""
    text = safe_cell(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for ch in "*_`[]<>#":
        text = text.replace(ch, "\\" + ch)
    return text
