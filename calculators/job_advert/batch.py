"""Checking a batch of job adverts: reading them from several files or one CSV, and checking each.

Pure functions of text, as the single checker's are: the browser reads the files itself and the
CLI decodes them (`calculators.edges.cli`). Each file is one advert, except a .csv file, which holds
one advert per row in a column of advert text (and optionally title, department and URL columns,
recognised by their usual names, as `calculators.shared.tabular` recognises a table's columns).

A problem with one advert (empty, not text, no words) skips that advert with a notice; only a
batch with nothing to check, or a CSV without a text column, stops the whole check.
"""
from __future__ import annotations

import csv
import io
import json
from calculators.core import progress
from calculators.core.record import record
from calculators.core.spec import InputError
from calculators.job_advert.match import Analysis, analyse
from calculators.job_advert.rules import RuleBook
from calculators.shared.tabular import BOM, _not_text, detect_delimiter, match_columns

FIELD = "adverts"
MAX_ADVERTS = 5000  # more is not a batch a browser tab should hold; split it
MAX_CELL = 2_000_000  # characters in one CSV cell (the csv module's own limit is 131,072)

# Header names a CSV of adverts may use for each column (case, spaces, hyphens and underscores ignored).
COLUMNS = {
    "text": ("advert", "advert text", "job advert", "ad", "ad text", "advert body", "body", "body text",
             "description", "job description", "content", "full text", "wording", "copy", "advert copy"),
    "title": ("job title", "role", "role title", "position", "vacancy", "vacancy title", "job", "post", "advert title",
              "name", "job name"),
    "department": ("dept", "team", "function", "business unit", "division", "directorate", "business area",
                   "area", "service", "department name"),
    "url": ("link", "web address", "address", "advert url", "job url", "advert link", "job link", "page", "uri"),
}


@record(frozen=True)
class Advert:
    """One advert of a batch: its words and where it came from ("jobs.csv, line 4" or a file name)."""

    text: str
    source: str
    title: str = ""
    department: str = ""
    url: str = ""

    @property
    def name(self) -> str:
        return self.title or self.source


@record(frozen=True)
class Skipped:
    """An advert or file that was not checked, and why (in plain English)."""

    source: str
    reason: str


@record(frozen=True)
class Checked:
    """One advert and its analysis (`text` is what was checked: HTML becomes plain text)."""

    advert: Advert
    text: str
    analysis: Analysis
    notices: tuple[str, ...] = ()


def file_items(raw) -> list[tuple[str, str]]:
    """(name, text) of each file given to the batch. The page (and the CLI) send a JSON list of
    {"name", "text"}, as for any file input that takes several files; any other text is one file."""
    if not raw:
        return []
    try:
        files = json.loads(raw) if isinstance(raw, str) and raw.lstrip().startswith("[") else raw
    except (ValueError, RecursionError):
        files = raw
    if isinstance(files, list) and all(isinstance(f, dict) and isinstance(f.get("text", ""), str) for f in files):
        return [(str(f.get("name") or f"File {n}"), f.get("text") or "") for n, f in enumerate(files, start=1)]
    return [("The file", str(raw))]


def read_batch(files: list[tuple[str, str]]) -> tuple[list[Advert], list[Skipped]]:
    """The adverts in the files given: each .csv file's rows, and each other file as one advert."""
    adverts: list[Advert] = []
    skipped: list[Skipped] = []
    for name, text in files:
        if name.lower().endswith(".csv"):
            found, empty = read_csv(text, name)
            adverts += found
            skipped += empty
        else:
            adverts.append(Advert(text=text, source=name))
    if not adverts and not skipped:
        raise InputError(FIELD, "Choose the advert files to check: several .txt or .md files, or one CSV file with a column "
                                "of advert text.")
    if len(adverts) > MAX_ADVERTS:
        raise InputError(FIELD, f"The batch has {len(adverts):,} adverts, more than the {MAX_ADVERTS:,} one check can hold. "
                                f"Split it into batches of up to {MAX_ADVERTS:,}.")
    return adverts, skipped


def _rows(text: str, name: str) -> list[tuple[int, list[str]]]:
    """Each non-blank row of a CSV with the line it starts on. Cells may run over several lines."""
    lines = io.StringIO(text, newline="")
    first = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(lines, delimiter=detect_delimiter(first), strict=True)
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL)
    rows = []
    try:
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            if any(cell.strip() for cell in row):
                rows.append((start, row))
    except csv.Error as exc:
        if "field larger" in str(exc):
            problem = f"has a value over {MAX_CELL:,} characters long, or a quote mark (\") that is never closed"
        elif "end of data" in str(exc):
            problem = "has a quote mark (\") that opens a value and is never closed"
        else:
            problem = "has a quote mark (\") out of place"
        raise InputError(FIELD, f"{name} cannot be read from line {start}: it {problem}. Put each advert's text in quotes, "
                                "double any quote mark inside it, and try again (a spreadsheet's \u201cSave as CSV\u201d does this).",
                         row=start) from None
    finally:
        csv.field_size_limit(limit)
    return rows


def read_csv(text: str, name: str = "The CSV file") -> tuple[list[Advert], list[Skipped]]:
    """The adverts in a CSV (or semicolon- or tab-separated) file, one per row, and the rows
    without any advert text (skipped). Raises InputError for a file that is not a table of adverts."""
    kind = _not_text(text)
    if kind:
        raise InputError(FIELD, f"{name} is not a CSV file: it looks like {kind}. Save the adverts from your spreadsheet "
                                "as \u201cCSV UTF-8\u201d, then choose that file.")
    text = text[1:] if text.startswith(BOM) else text
    if not text.strip():
        raise InputError(FIELD, f"{name} is empty. It needs a header row (with a column called \u201cAdvert text\u201d) and "
                                "one row for each advert.")
    rows = _rows(text, name)
    if not rows:  # only separators
        raise InputError(FIELD, f"{name} has no header row and no adverts, only separators. It needs a header row (with a "
                                "column called \u201cAdvert text\u201d) and one row for each advert.")
    (header_line, header), rows = rows[0], rows[1:]
    header = [cell.strip() for cell in header]
    found = match_columns(header, COLUMNS).found
    if "text" not in found:
        shown = ", ".join(f"\u201c{h}\u201d" for h in header if h) or "none with a name"
        raise InputError(FIELD, f"{name} has no column of advert text. Its columns are: {shown}. Name the column that holds "
                                "each advert's words \u201cAdvert text\u201d (or Text, Advert, Description) and try again.",
                         row=header_line)
    if not rows:
        raise InputError(FIELD, f"{name} has a header row but no adverts below it.", row=header_line)

    def cell(row: list[str], role: str) -> str:
        values = [row[i] for i in found.get(role, ()) if i < len(row)]
        return "\n\n".join(v for v in values if v.strip()) if role == "text" else " ".join(v.strip() for v in values if v.strip())

    adverts, skipped = [], []
    for line, row in rows:
        source = f"{name}, line {line}"
        advert = Advert(text=cell(row, "text"), source=source, title=cell(row, "title"),
                        department=cell(row, "department"), url=cell(row, "url"))
        if advert.text.strip():
            adverts.append(advert)
        else:
            skipped.append(Skipped(source if not advert.title else f"{advert.title} ({source})",
                                   "Its advert text is empty, so there is nothing to check."))
    return adverts, skipped


def check_batch(adverts: list[Advert], book: RuleBook) -> tuple[list[Checked], list[Skipped]]:
    """Check each advert with the single checker's own reading (`advert_text`) and rules. An advert
    it would refuse (no words, a binary file) is skipped with the reason it would give."""
    from calculators.job_advert.spec import advert_text  # the single checker's reading of one advert

    checked, skipped = [], []
    total = len(adverts)
    for done, advert in enumerate(adverts, start=1):
        kind = _not_text(advert.text)
        try:
            if kind:
                raise InputError(FIELD, f"It is not a text file: it looks like {kind}. Copy the advert's words into a .txt file.")
            text, _field, notices = advert_text({"text": advert.text})
        except InputError as exc:
            skipped.append(Skipped(advert.name if advert.name == advert.source else f"{advert.name} ({advert.source})",
                                   _reason(exc.message)))
        else:
            checked.append(Checked(advert, text, analyse(text, book), tuple(n["text"] for n in notices)))
        progress.report(done, total, "adverts")
    return checked, skipped


def _reason(message: str) -> str:
    """The single checker's message about one advert, as the reason it was skipped."""
    if message.startswith("Paste the text"):
        return "It is empty, so there is nothing to check."
    return message
