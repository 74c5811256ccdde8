"""Bytes to text for the CSV reader: refusing files that are not text (spreadsheets, PDFs,
images) with a message saying what to do, and decoding the rest."""
from __future__ import annotations

from calculators.core.spec import InputError


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
