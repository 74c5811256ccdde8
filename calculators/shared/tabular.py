"""Reading the CSV and tab-separated text people really have: from Excel, survey tools and HR
systems, or pasted from a spreadsheet.

Pure functions of text (the browser reads the file itself; the CLI decodes bytes with
`decode_bytes`). Problems become InputError messages that name the line and the column.
Decoding bytes is in decoding.py and matching columns to roles in column_match.py; both are
offered here too.
"""
from __future__ import annotations

import csv
import re
from typing import Sequence

from calculators.core.record import record
from calculators.core.spec import INVISIBLE, InputError, InputErrors, NumberError, clean_text, note, read_number
from calculators.shared.column_match import ColumnMatch, column_question, match_columns, normalise_header  # noqa: F401
from calculators.shared.decoding import SIGNATURES, _not_text, _refuse_binary, decode_bytes  # noqa: F401

BOM = "\ufeff"
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
DECIMALS = {";": ",", ",": ".", "\t": "."}  # the decimal mark a file with this separator most likely uses
MAX_REPORTED = 10  # problems listed one by one before "and N more"
MAX_COUNT = 10_000_000  # the most people one cell can count: more is a wrong column, an ID or a typing slip


@record(frozen=True)
class DelimitedText:
    """A parsed table: the header, the data rows (cells stripped of spaces) and, for each row,
    the line of the file it starts on (the header is line `header_line`)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]
    delimiter: str
    header_line: int = 1
    decimal: str = "."  # the decimal mark its numbers use ("," or "."), or "" when the file does not show it

    @property
    def delimiter_name(self) -> str:
        return DELIMITERS.get(self.delimiter, repr(self.delimiter))


def detect_delimiter(line: str) -> str:
    """The separator a header line uses: tab, semicolon or comma (whichever appears most outside
    quotes; comma when none does)."""
    counts = {d: 0 for d in DELIMITERS}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(("\t", ";", ","), key=lambda d: counts[d])  # ties go to the earlier, rarer one
    return best if counts[best] else ","


def read_delimited(text: str, field: str, what: str = "The file") -> DelimitedText:
    """Parse CSV, semicolon- or tab-separated text into a header and rows.

    - A UTF-8 byte order mark is dropped; blank lines (also ",,,,") are skipped.
    - The header is the first non-blank line; empty or repeated header names are made unique.
    - A row with more values than the header is accepted when the extra values are empty (Excel
      often adds them); otherwise rows of the wrong length, and quote marks that are out of place,
      are reported with their line numbers (all of them at once, up to MAX_REPORTED).
    Raises InputError for an empty file or a header with no rows below it."""
    if text.startswith(BOM):
        text = text[1:]
    kind = _not_text(text)
    if kind:
        raise _refuse_binary(kind, field, what)
    if INVISIBLE.search(text) or not text.isascii():
        text = _clean_names(text, what)
    if not text.strip():
        raise InputError(field, f"{what} is empty. It needs a header row and at least one row of data below it.")
    lines = text.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.strip())
    delimiter = detect_delimiter(lines[first])
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    header: tuple[str, ...] | None = None
    header_line = first + 1
    rows: list[tuple[str, ...]] = []
    at: list[int] = []
    problems: list[InputError] = []
    more = 0

    def problem(line: int, message: str, column: str | None = None) -> None:
        nonlocal more
        if len(problems) < MAX_REPORTED:
            problems.append(InputError(field, message, row=line, column=column))
        else:
            more += 1

    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "end of data" in str(exc) or "field limit" in str(exc):
                problem(start, f"Line {start}: a quote mark (\") opens a value that is never closed. "
                               "Remove the stray quote mark, or close the quotes.")
            else:
                problem(start, f"Line {start}: a quote mark (\") is out of place, so the line cannot be read. "
                               "Remove the stray quote mark, or put the whole value in quotes and double any quote inside it.")
            break  # the reader cannot go on after this
        if reader.line_num > start and any("\n" in cell or "\r" in cell for cell in record):
            problem(start, f"Line {start}: a quote mark (\") opens a value that runs on to line {reader.line_num}. "
                           f"Check for a stray quote mark on line {start}.")
            continue
        cells = tuple(map(str.strip, record))
        if not any(cells):
            continue
        if header is None:
            header = _unique_names(cells)
            header_line = start
            continue
        if len(cells) > len(header) and not any(cells[len(header):]):
            cells = cells[: len(header)]
        if len(cells) != len(header):
            problem(start, f"Line {start} has {len(cells)} value{'s' if len(cells) != 1 else ''} but the header has "
                           f"{len(header)} columns. Check for a missing or extra {DELIMITERS.get(delimiter, 'separator')} on that line.")
            continue
        rows.append(cells)
        at.append(start)
    if header is None:
        if problems:
            raise InputErrors(problems)
        raise InputError(field, f"{what} is empty. It needs a header row and at least one row of data below it.")
    if problems:
        if more:
            problems.append(InputError(field, f"\u2026 and {more} more line{'s' if more > 1 else ''} with the same kind of problem."))
        raise InputErrors(problems)
    if not rows:
        raise InputError(field, f"{what} has a header row ({', '.join(header)}) but no rows of data below it.", row=header_line)
    return DelimitedText(header=header, rows=tuple(rows), lines=tuple(at), delimiter=delimiter, header_line=header_line,
                         decimal=_decimal_mark(rows, delimiter))


def _clean_names(text: str, what: str) -> str:
    """The text without invisible characters, in composed form (so the names in it that look the
    same are the same), with a note naming the lines that had invisible characters."""
    lines, line, pos = [], 1, 0
    for found in INVISIBLE.finditer(text):
        line += text.count("\n", pos, found.start())
        pos = found.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    cleaned, changed = clean_text(text)
    if lines:
        shown = ", ".join(str(n) for n in lines[:MAX_REPORTED]) + (f" and {len(lines) - MAX_REPORTED:,} more" if len(lines) > MAX_REPORTED else "")
        note(f"Invisible characters (such as zero-width spaces, NUL or other control characters) were removed from "
             f"{what[0].lower() + what[1:]} (line{'s' if len(lines) > 1 else ''} {shown}), so names that look the "
             "same are counted as one. They are not in the downloads.")
    elif changed:
        note(f"Some accented letters in {what[0].lower() + what[1:]} were written in two different ways; each is now read as one, so names "
             "that look the same are counted as one.")
    return cleaned


_SIGNS = re.compile(r"^[+\-\u2212]?[0-9][0-9.,' \u00a0\u202f\u2009]*$")


def _decimal_mark(rows: Sequence[Sequence[str]], delimiter: str) -> str:
    """The decimal mark the file's numbers use: "," or ".", or "" when nothing shows it.

    Evidence is a number that can only be read one way: "12,5" or "1.234,5" use a decimal comma;
    "12.5" or "1,234.5" a decimal point. When the file shows neither, or both, the separator
    decides: semicolon files come from Excel in much of Europe (decimal comma); comma files, and
    cells pasted from a spreadsheet (tab-separated), use a decimal point, as in the UK. Either way a
    cell that could be read both ways ("1.000" where the mark is a point) is refused, not guessed."""
    seen = set()
    for row in rows[:5000]:
        for cell in row:
            if not cell or not _SIGNS.match(cell):
                continue
            marks = [ch for ch in cell if ch in ".,"]
            if not marks:
                continue
            last = marks[-1]
            after = len(cell) - cell.rfind(last) - 1
            if len(set(marks)) == 2 or (len(marks) == 1 and after != 3):
                seen.add(last)
            elif len(marks) > 1:
                seen.add("." if last == "," else ",")
        if len(seen) == 2:
            break
    if len(seen) == 1:
        return seen.pop()
    return DECIMALS.get(delimiter, "")


def _unique_names(cells: Sequence[str]) -> tuple[str, ...]:
    names: list[str] = []
    for i, cell in enumerate(cells):
        name = cell or f"Column {i + 1}"
        base, n = name, 2
        while name in names:
            name, n = f"{base} ({n})", n + 1
        names.append(name)
    return tuple(names)


def parse_count(cell: str, field: str, line: int, column: str, decimal: str = ".") -> int:
    """A whole number from 0 to MAX_COUNT from a cell ("" is 0). `decimal` is the file's decimal
    mark (`DelimitedText.decimal`): with ".", "1,234" and "12.0" are fine; with ",", "1.234" and
    "12,0" are. A cell that could be read two ways ("1.000", "1 2"), or that is not a whole number
    of people, raises InputError naming the line and the column and saying what it could mean."""
    text = cell.strip()
    if text == "":
        return 0
    where = f"Line {line}, column \u201c{column}\u201d"
    try:
        value = read_number(text, decimal)
    except NumberError as exc:
        raise InputError(field, f"{where}: {exc}. Counts must be whole numbers of 0 or more.", row=line, column=column) from None
    if value < 0:
        raise InputError(field, f"{where}: {cell} is negative. Counts must be 0 or more.", row=line, column=column)
    if isinstance(value, float):
        raise InputError(field, f"{where}: {cell} reads as {value:g}, which is not a whole number. "
                                "Counts of people must be whole numbers.", row=line, column=column)
    if value > MAX_COUNT:
        size = f"{value:,}" if value < 10 ** 15 else f"a {len(str(value))}-digit number"
        raise InputError(field, f"{where}: {size} is more people than one cell can count (at most {MAX_COUNT:,}). "
                                "Check that this is the right column: an ID or a phone number is not a count.", row=line, column=column)
    return value
