"""Reading the CSV and tab-separated text people really have: from Excel, survey tools and HR
systems, or pasted from a spreadsheet.

Pure functions of text (the browser reads the file itself; the CLI decodes bytes with
`decode_bytes`). Problems become InputError messages that name the line and the column.
"""
from __future__ import annotations

import csv
import re
from typing import Iterable, Mapping, Sequence

from .record import record
from .spec import InputError, InputErrors

BOM = "\ufeff"
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
MAX_REPORTED = 10  # problems listed one by one before "and N more"


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Text from a file's bytes: UTF-8 (with or without a BOM), else Windows-1252 with a notice.

    Returns (text, notice); notice is None when the file was UTF-8."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        text = data.decode("cp1252", errors="replace")
        return text, (f"The file is not UTF-8 (the first unreadable character is on line {line}), so it was read "
                      "as Windows text (cp1252), as older Excel versions save it. Check that names with accents "
                      "look right; if not, save the file as \u201cCSV UTF-8\u201d and try again.")


@record(frozen=True)
class DelimitedText:
    """A parsed table: the header, the data rows (cells stripped of spaces) and, for each row,
    the line of the file it starts on (the header is line `header_line`)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]
    delimiter: str
    header_line: int = 1

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
        cells = tuple(cell.strip() for cell in record)
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
    return DelimitedText(header=header, rows=tuple(rows), lines=tuple(at), delimiter=delimiter, header_line=header_line)


def _unique_names(cells: Sequence[str]) -> tuple[str, ...]:
    names: list[str] = []
    for i, cell in enumerate(cells):
        name = cell or f"Column {i + 1}"
        base, n = name, 2
        while name in names:
            name, n = f"{base} ({n})", n + 1
        names.append(name)
    return tuple(names)


def normalise_header(name: str) -> str:
    """A header for matching: case, spaces, underscores, hyphens and dots ignored ("Not_known",
    " not known " and "NotKnown" all match)."""
    return re.sub(r"[\s_\-.]+", "", name.casefold())


@record(frozen=True)
class ColumnMatch:
    """Which header columns hold which roles. `found` maps a role to column indexes (a role that
    allows several, like "not known" split into "other" and "prefer not to say", may have more
    than one); `unmatched` lists the indexes of columns no role claimed."""

    found: Mapping[str, tuple[int, ...]]
    unmatched: tuple[int, ...]


def match_columns(header: Sequence[str], roles: Mapping[str, Iterable[str]], column_map: Mapping[str, str] | None = None,
                  ignore: str = "ignore") -> ColumnMatch:
    """Match header names to roles, case- and space-insensitively.

    roles: {role: accepted header names}. column_map: the user's answers {header name: role or
    `ignore`}, which win over the names. A header matching no role is left unmatched."""
    lookup: dict[str, str] = {}
    for role, names in roles.items():
        for name in [role, *names]:
            lookup.setdefault(normalise_header(name), role)
    chosen = {normalise_header(k): v for k, v in (column_map or {}).items()}
    found: dict[str, list[int]] = {}
    unmatched = []
    for i, name in enumerate(header):
        key = normalise_header(name)
        role = chosen.get(key, lookup.get(key))
        if role == ignore:
            continue
        if role is None or role not in roles:
            unmatched.append(i)
            continue
        found.setdefault(role, []).append(i)
    return ColumnMatch(found={k: tuple(v) for k, v in found.items()}, unmatched=tuple(unmatched))


_COUNT = re.compile(r"^[+]?\d[\d,\s]*(\.0+)?$")


def parse_count(cell: str, field: str, line: int, column: str) -> int:
    """A whole number of 0 or more from a cell ("1,234" and "12.0" are fine; "" is 0).
    Raises InputError naming the line and the column otherwise."""
    text = cell.strip()
    if text == "":
        return 0
    if _COUNT.match(text):
        return int(float(re.sub(r"[,\s]", "", text)))
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise InputError(field, f"Line {line}, column \u201c{column}\u201d: \u201c{cell}\u201d is not a number. "
                                "Use a whole number of 0 or more.", row=line, column=column) from None
    if value < 0:
        raise InputError(field, f"Line {line}, column \u201c{column}\u201d: {cell} is negative. Counts must be 0 or more.",
                         row=line, column=column)
    raise InputError(field, f"Line {line}, column \u201c{column}\u201d: {cell} is not a whole number. "
                            "Counts of people must be whole numbers.", row=line, column=column)
