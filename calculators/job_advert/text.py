"""The advert as text: cleaning what the user gave, and finding lines, sentences and sections.

Every offset the checker reports is a Python str index (a Unicode code point) into the analysed
text, which is exactly the text the user gave unless it was HTML (then it is the HTML reduced
to plain text, and that text is what the result shows). Nothing here changes the length of the
text: matching runs on `matching_copy`, a lower-case copy of the same length, so an index found
in the copy is an index into the original.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from calculators.job_advert.html_text import html_to_text, looks_like_html  # noqa: F401
from calculators.job_advert.lookalikes import Normalised, normalise  # noqa: F401

# Same-length replacements so that rules can be written with plain ' and - and spaces.
_SAME_LENGTH = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
})


_SPECIAL = re.compile("[" + "".join(chr(c) for c in _SAME_LENGTH) + "]")


def _plain(text: str) -> str:
    if _SPECIAL.search(text) is None:
        return text
    for code, replacement in _SAME_LENGTH.items():
        text = text.replace(chr(code), replacement)
    return text


def matching_copy(text: str) -> str:
    """Lower-case copy of `text`, the same length, with curly quotes, dashes and odd spaces made plain."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer (such as U+0130)
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    return _plain(lowered)


def plain_copy(text: str) -> str:
    """Copy of `text` in its own case, the same length, with curly quotes and dashes made plain."""
    return _plain(text)


# --- Input problems --------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")


def junk_problem(text: str) -> str | None:
    """A plain-English reason the text is not an advert we can read, or None if it is fine."""
    if "\x00" in text:
        return ("This looks like a binary file (for example a Word document or a PDF), not plain text. "
                "Save the advert as a .txt file, or copy the words and paste them in.")
    replacement = text.count("\ufffd")
    controls = len(_CONTROL.findall(text))
    if replacement + controls > max(20, len(text) // 100):
        return ("This text is full of unreadable characters, so it may be a binary file (for example "
                "a Word document or a PDF) read as text. Save the advert as a .txt file, or copy the "
                "words and paste them in.")
    return None


# --- Lines and positions ---------------------------------------------------------------------

class LineIndex:
    """Turns an offset into a 1-based line and column. Lines end at \\n, \\r\\n or a lone \\r;
    columns count code points from the start of the line, starting at 1."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


# --- Sentences -------------------------------------------------------------------------------

# A sentence ends at closing punctuation followed by space (not after "e.g.", "etc." or a list
# number such as "1."), or at a line break, unless the next line carries on in lower case.
_ABBREVIATIONS = ("e.g", "i.e", "etc", "approx", "inc", "ltd", "mr", "mrs", "ms", "dr", "st", "vs", "cf", "ca", "pp")
_NOT_AFTER = "".join(
    "(?<!\\b" + "".join(f"[{ch}{ch.upper()}]" if ch.isalpha() else re.escape(ch) for ch in word) + r"\.)"
    for word in _ABBREVIATIONS)
# Starts with one character class so the search skips quickly to the next candidate.
_SENTENCE_END = re.compile(
    r"(?m)[.!?\r\n](?:"
    r"(?<=[.!?])" + _NOT_AFTER + r"(?<!^\d\.)(?<!^\d\d\.)(?<!^ \d\.)(?<!^  \d\.)(?<!^\t\d\.)[.!?]*[\"')\]]*(?=\s|$)"
    r"|(?<=\r)\n?(?![ \t]*[a-z(])"
    r"|(?<=\n)(?![ \t]*[a-z(]))")
_BULLET_START = re.compile(r"[ \t]*(?:[-*\u2022\u00b7\u25aa\u25e6+>#|]|\d{1,2}[.)]\s)")


class Span(NamedTuple):
    start: int
    end: int


def sentences(text: str) -> list[Span]:
    """Sentence spans, without surrounding space. A line break ends a sentence unless the next
    line carries on in lower case (hard-wrapped text); bullets and headings are sentences."""
    spans: list[Span] = []
    add = spans.append
    start = 0
    for m in _SENTENCE_END.finditer(text):
        stop = m.start() if m.group()[0] in "\r\n" else m.end()
        piece = text[start:stop]
        kept = piece.strip()
        if kept:
            first = start + len(piece) - len(piece.lstrip())
            add(Span(first, first + len(kept)))
        start = m.end()
    piece = text[start:]
    kept = piece.strip()
    if kept:
        first = start + len(piece) - len(piece.lstrip())
        spans.append(Span(first, first + len(kept)))
    return spans


# --- Headings and sections -------------------------------------------------------------------

_HEADING_MARKS = re.compile(r"^[\s#*_=>-]*|[\s*_:#=-]*$")
_BULLET_LINE = r"[ \t]*(?:[-*\u2022\u00b7\u25aa\u25e6+>#|]|\d{1,2}[.)]\s)"
# Candidate heading lines: "# Heading", "Heading:", "**Heading**", and a short line without closing
# punctuation that is followed by a list item.
_HEADING_LINE = re.compile(
    r"(?m)^[ \t]*#{1,6}[ \t][^\r\n]{1,78}$"
    r"|^(?!" + _BULLET_LINE + r")[^\r\n]{1,79}:[ \t*_]*$"
    r"|^[ \t]*\*\*[^*\r\n]{1,76}\*\*:?[ \t]*$"
    r"|^(?!" + _BULLET_LINE + r")[^\r\n.!?,;]{1,60}(?=\r?\n" + _BULLET_LINE + ")")


class Heading(NamedTuple):
    start: int  # offset of the heading line
    end: int
    text: str  # the heading's words, lower case


def headings(text: str, lowered: str) -> list[Heading]:
    """Lines that head a section: Markdown headings, lines ending in a colon (8 words at most),
    bold lines, and short lines (6 words at most) with no closing punctuation followed by a list."""
    found: list[Heading] = []
    for m in _HEADING_LINE.finditer(text):
        raw = lowered[m.start():m.end()].strip()
        words = _HEADING_MARKS.sub("", raw)
        n = len(words.split())
        if not words or (raw.endswith(":") and not raw.startswith(("#", "**")) and n > 8):
            continue
        if not raw.startswith(("#", "**")) and not raw.endswith(":") and n > 6:
            continue
        if not found or found[-1].start != m.start():
            found.append(Heading(m.start(), m.end(), words))
    return found


def heading_before(found: list[Heading], starts: list[int], offset: int) -> Heading | None:
    """The heading of the section that holds `offset` (`starts` lists each heading's start)."""
    index = bisect_right(starts, offset) - 1
    return found[index] if index >= 0 else None


BULLET = _BULLET_START
