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
from dataclasses import dataclass
from html.parser import HTMLParser

# Same-length replacements so that rules can be written with plain ' and - and spaces.
_SAME_LENGTH = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
})


def matching_copy(text: str) -> str:
    """Lower-case copy of `text`, the same length, with curly quotes, dashes and odd spaces made plain."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer (such as U+0130)
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    return lowered.translate(_SAME_LENGTH)


def plain_copy(text: str) -> str:
    """Copy of `text` in its own case, the same length, with curly quotes and dashes made plain."""
    return text.translate(_SAME_LENGTH)


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


# --- Pasted HTML -----------------------------------------------------------------------------

_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|(?:/?(?:html|head|body|p|div|br|li|ul|ol|h[1-6]|span|strong|b|em|i|u|a|"
    r"table|thead|tbody|tr|td|th|section|article|header|footer|main|blockquote|hr|img|font|meta))\b[^<>]*)>",
    re.IGNORECASE)
_BLOCK_TAGS = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer "
                        "main blockquote hr dt dd title".split())
_SKIPPED_TAGS = frozenset(("script", "style", "noscript", "template", "head"))


def looks_like_html(text: str) -> bool:
    """True when the text holds ordinary HTML markup (a paragraph, a list, a line break...).

    A lone `<script>` typed into an advert is not markup on its own, so such text is checked
    exactly as typed and shown as text."""
    return _HTML_TAG.search(text) is not None


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.removed = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping.append(tag)
            if tag != "head":
                self.removed += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "li":
                self.parts.append("- ")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            if tag in self.skipping:
                while self.skipping and self.skipping.pop() != tag:
                    pass
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> tuple[str, int]:
    """Plain text of pasted HTML, and how many script or style blocks were dropped (never run)."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = "".join(collector.parts)
    lines = [line.strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text, collector.removed


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

# A candidate sentence end: closing punctuation followed by space, or a line break.
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)|\r\n|\r|\n")
_ABBREVIATIONS = frozenset("e.g i.e etc approx inc ltd mr mrs ms dr st vs cf ca pp".split())
_BULLET_START = re.compile(r"[ \t]*(?:[-*\u2022\u00b7\u25aa\u25e6+>#|]|\d{1,2}[.)]\s)")
_LOWER_START = re.compile(r"[ \t]*[a-z(]")
_LIST_NUMBER = re.compile(r"\s*\d{1,3}\.")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def sentences(text: str) -> list[Span]:
    """Sentence spans, without surrounding space. A line break ends a sentence unless the next
    line carries on in lower case (hard-wrapped text); bullets and headings are sentences."""
    spans: list[Span] = []
    start = 0
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        if m.group()[0] in "\r\n":
            after = m.end()
            if _LOWER_START.match(text, after) and not _BULLET_START.match(text, after) and text[start:m.start()].strip():
                continue  # a wrapped line: the sentence goes on
            end = m.start()
        else:
            before = text[max(start, m.start() - 12):m.start() + 1]
            word = re.search(r"(\w+(?:\.\w+)*)\.$", before)
            if m.group() == "." and word and word.group(1).lower() in _ABBREVIATIONS:
                continue
            if m.group() == "." and _LIST_NUMBER.fullmatch(text, start, m.end()):
                continue  # "1. " starting a numbered list item
            end = m.end()
        _add(spans, text, start, end)
        start = m.end()
    _add(spans, text, start, n)
    return spans


def _add(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


# --- Headings and sections -------------------------------------------------------------------

_HEADING_MARKS = re.compile(r"^[\s#*_=>-]*|[\s*_:#=-]*$")


@dataclass(frozen=True)
class Heading:
    start: int  # offset of the heading line
    end: int
    text: str  # the heading's words, lower case


def headings(text: str, lowered: str) -> list[Heading]:
    """Lines that head a section: Markdown headings, lines ending in a colon, bold lines, and
    short lines with no closing punctuation that are followed by a list."""
    found: list[Heading] = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]+", lowered)]
    for index, (start, end) in enumerate(lines):
        raw = lowered[start:end].strip()
        if not raw or len(raw) > 80:
            continue
        words = _HEADING_MARKS.sub("", raw)
        if not words:
            continue
        is_heading = (
            raw.startswith("#")
            or (raw.endswith(":") and not _BULLET_START.match(raw) and len(words.split()) <= 8)
            or (raw.startswith("**") and raw.rstrip(":").endswith("**") and len(words.split()) <= 8)
            or (len(words.split()) <= 6 and not _BULLET_START.match(raw) and raw[-1] not in ".!?,;"
                and index + 1 < len(lines) and _BULLET_START.match(lowered, lines[index + 1][0]) is not None)
        )
        if is_heading:
            found.append(Heading(start, end, words))
    return found


def heading_before(found: list[Heading], starts: list[int], offset: int) -> Heading | None:
    """The heading of the section that holds `offset` (`starts` lists each heading's start)."""
    index = bisect_right(starts, offset) - 1
    return found[index] if index >= 0 else None


BULLET = _BULLET_START
