"""Reading the CSV and tab-separated text people really have: from Excel, survey tools and HR
systems, or pasted from a spreadsheet.

Pure functions of text (the browser reads the file itself; the CLI decodes bytes with
`decode_bytes`). Problems become InputError messages that name the line and the column.
"""
from __future__ import annotations

import csv
import re
from typing import Iterable, Mapping, Sequence

from calculators.core.record import record
from calculators.core.spec import INVISIBLE, InputError, InputErrors, NumberError, clean_text, note, read_number

BOM = "\ufeff"
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
DECIMALS = {";": ",", ",": ".", "\t": "."}  # the decimal mark a file with this separator most likely uses
MAX_REPORTED = 10  # problems listed one by one before "and N more"
MAX_COUNT = 10_000_000  # the most people one cell can count: more is a wrong column, an ID or a typing slip

# Files that are not text at all, by how they start (as bytes, and as a browser reads them as text)
SIGNATURES = {
    "a PNG image": (b"\x89PNG", "\u2030PNG", "\ufffdPNG"),
    "a JPEG image": (b"\xff\xd8\xff", "\u00ff\u00d8\u00ff"),
    "a GIF image": (b"GIF87a", b"GIF89a", "GIF87a", "GIF89a"),
    "a PDF": (b"%PDF-", "%PDF-"),
    "an Excel workbook or other zipped file (.xlsx, .docx, .zip)": (b"PK\x03\x04", "PK\x03\x04"),
    "an old Excel or Word file (.xls, .doc)": (b"\xd0\xcf\x11\xe0", "\u00d0\u00cf\u0011\u00e0"),
}


def _not_text(start: bytes | str) -> str | None:
    """What a file that is not text looks like ("a PNG image"), or None for text."""
    for kind, marks in SIGNATURES.items():
        if any(isinstance(m, type(start)) and start.startswith(m) for m in marks):
            return kind
    head = start[:65536]
    nul = head.count(b"\0" if isinstance(head, bytes) else "\0")
    if nul > max(8, len(head) // 100):
        return "a binary file, or UTF-16 text without the mark that says so (it is full of NUL characters)"
    return None


def _refuse_binary(kind: str, field: str, what: str) -> InputError:
    return InputError(field, f"{what} is not a CSV or text file: it looks like {kind}. Open it in the program that made it "
                             "and save it as text (a table as \u201cCSV UTF-8\u201d, an advert as plain text), then choose that file.")


def decode_bytes(data: bytes, field: str = "upload", what: str = "The file") -> tuple[str, str | None]:
    """Text from a file's bytes: UTF-8 (with or without a BOM), UTF-16 or UTF-32 with a BOM, else
    Windows-1252 with a notice.

    Returns (text, notice); notice is None when the file was UTF-8. Raises InputError for a file
    that is not text (an image, a PDF, a workbook) and for UTF-16 without a BOM, which cannot be
    told apart from binary data reliably."""
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                       (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), None
            except UnicodeDecodeError as exc:
                raise InputError(field, f"{what} starts with the mark of {codec.upper()[:6]} text but cannot be read as it "
                                        f"(byte {exc.start + len(bom):,} is wrong). Save it as \u201cCSV UTF-8\u201d and try again.") from None
    head = data[:4096]
    if len(head) >= 4 and head.count(b"\0") * 3 >= len(head) and (head[1::2].count(0) * 10 >= len(head[1::2]) * 9
                                                                 or head[0::2].count(0) * 10 >= len(head[0::2]) * 9):
        raise InputError(field, f"{what} looks like UTF-16 text without the mark that says which kind it is, so it cannot be "
                                "read safely. Save it as \u201cCSV UTF-8\u201d (in Excel: File, Save As, CSV UTF-8) and try again.")
    kind = _not_text(data)
    if kind:
        raise _refuse_binary(kind, field, what)
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


def column_question(parsed: DelimitedText, match: ColumnMatch, labels: Mapping[str, str]) -> dict:
    """The follow-up question "which column is which?": each column with how many cells are filled
    and up to three examples, and the roles (`labels`: role -> label, with "ignore") to choose from."""
    from calculators.core.result import mapping

    items = []
    for i, name in enumerate(parsed.header):
        filled = [row[i] for row in parsed.rows if row[i]]
        examples: list[str] = []
        for v in filled:
            if v not in examples:
                examples.append(v)
            if len(examples) == 3:
                break
        items.append({"key": name, "count": len(filled), "examples": examples,
                      "current": next((r for r, idx in match.found.items() if i in idx), "")})
    return mapping("column_map", "Which column is which?", items, list(labels.items()))


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
