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
from html.parser import HTMLParser
from typing import NamedTuple

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
        elif tag in _BLOCK_TAGS and tag != "li":  # a list item's own start tag begins its line
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


_SKIPPED_TAG = re.compile(r"<(/?)(script|style|noscript|template|head)\b[^>]*>?", re.IGNORECASE)


def _drop_unclosed(html: str) -> str:
    """The HTML without the start tags of script, style and other skipped blocks that are never
    closed, so that an unclosed <script> cannot swallow the rest of the advert."""
    lowered = html.lower()
    unclosed = []
    for m in _SKIPPED_TAG.finditer(html):
        if not m.group(1) and lowered.find("</" + m.group(2).lower(), m.end()) < 0:
            unclosed.append(m)
    if not unclosed:
        return html
    parts, last = [], 0
    for m in unclosed:
        parts.append(html[last:m.start()])
        last = m.end()
    return "".join(parts) + html[last:]


def html_to_text(html: str) -> tuple[str, int]:
    """Plain text of pasted HTML, and how many script or style blocks were dropped (never run).
    A script or style block that is never closed loses only its start tag: its words are kept as text."""
    html = _drop_unclosed(html)
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


# --- Normalising before matching --------------------------------------------------------------

# Characters that show as nothing, so "de\u200bgree" reads as "degree": zero-width space, joiners,
# word joiner, byte order mark, soft hyphen, Mongolian vowel separator.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_NEEDS_WORK = re.compile("[^\x00-\x7f]+")
_INVISIBLE_OR_MARK = frozenset(_INVISIBLE)

# Cyrillic and Greek letters that look like Latin ones ("dеgree" with a Cyrillic е). They are read
# as Latin only inside a word that also has a Latin letter, or whose letters all look Latin, so
# text written in Russian or Greek is left alone.
_LOOKALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "һ": "h", "ӏ": "l", "ɡ": "g",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W", "Һ": "H", "Ӏ": "I",
    # Greek
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u", "χ": "x", "ε": "e",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}
_LOOKALIKE_TABLE = str.maketrans(_LOOKALIKES)
_MIXED_WORD = re.compile(r"\w*[\u0370-\u03ff\u0400-\u052f\u0250-\u02af]\w*")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


class Normalised:
    """Text prepared for matching, and where each of its characters came from. `pieces` lists
    (start in the normalised text, start in the original, length in the original, length in the
    normalised text), in order; a piece of equal lengths maps character for character."""

    def __init__(self, text: str, pieces: list[tuple[int, int, int, int]], changed: int) -> None:
        self.text = text
        self.pieces = pieces
        self.changed = changed  # characters of the original removed or replaced
        self._starts = [p[0] for p in pieces]

    def _piece(self, index: int) -> tuple[int, int, int, int]:
        return self.pieces[max(0, bisect_right(self._starts, index) - 1)]

    def original_start(self, index: int) -> int:
        """Offset in the original text of the character at `index` of the normalised text."""
        if not self.pieces:
            return index
        norm, orig, orig_len, norm_len = self._piece(index)
        if orig_len == norm_len:
            return orig + (index - norm)
        return orig if index < norm + norm_len else orig + orig_len

    def original_end(self, index: int) -> int:
        """Offset in the original text just after the character before `index` (an end offset)."""
        if not self.pieces or index <= 0:
            return index
        norm, orig, orig_len, norm_len = self._piece(index - 1)
        if orig_len == norm_len:
            return orig + (index - norm)
        return orig + orig_len


_OTHER_SCRIPT = re.compile(r"[\u0370-\u03ff\u0400-\u052f]")


_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")


def _same_length_lookalikes(text: str) -> tuple[str, int]:
    """Look-alike letters read as Latin: in a word that has a Latin letter too, and, when the
    text is mostly in Latin letters, in a word whose letters all look Latin ("сору"). Returns
    the text and how many letters were read differently."""
    others = len(_OTHER_SCRIPT.findall(text))
    if not others and "\u0261" not in text:
        return text, 0
    mostly_latin = others * 4 < sum(len(w) for w in _LATIN_WORD.findall(text))
    changed = 0

    def swap(m: re.Match) -> str:
        nonlocal changed
        word = m.group()
        mapped = word.translate(_LOOKALIKE_TABLE)
        if len(mapped) != len(word) or mapped == word:
            return word
        if _LATIN_LETTER.search(word) or (mostly_latin and not _OTHER_SCRIPT.search(mapped)):
            changed += sum(1 for a, b in zip(word, mapped) if a != b)
            return mapped
        return word
    return _MIXED_WORD.sub(swap, text), changed


def normalise(text: str) -> Normalised:
    """The text as it is matched: NFKC (full-width letters, ligatures and the like made plain),
    invisible characters removed, and Cyrillic or Greek look-alike letters read as Latin in
    Latin words. Most adverts are ASCII and come back unchanged at once."""
    import unicodedata

    if text.isascii():
        return Normalised(text, [], 0)
    if unicodedata.is_normalized("NFKC", text) and _INVISIBLE_OR_MARK.isdisjoint(text):
        swapped, changed = _same_length_lookalikes(text)  # same length: no offsets to map
        return Normalised(swapped, [(0, 0, len(text), len(text))] if changed else [], changed)
    out: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    position = 0  # in the original
    length = 0  # of the normalised text so far
    changed = 0

    def copy(upto: int) -> None:
        nonlocal position, length
        if upto > position:
            out.append(text[position:upto])
            pieces.append((length, position, upto - position, upto - position))
            length += upto - position
            position = upto

    for m in _NEEDS_WORK.finditer(text):
        lo, hi = m.start(), m.end()
        if unicodedata.is_normalized("NFKC", text[max(lo - 1, 0):hi]) and _INVISIBLE_OR_MARK.isdisjoint(m.group()):
            continue  # nothing to change here (curly quotes, the pound sign, accented letters)
        # a combining mark joins the character before it, so start one character earlier
        start = lo - 1 if lo > 0 and lo > position else lo
        copy(start)
        i = start
        while i < hi:
            j = i + 1
            while j < len(text) and unicodedata.combining(text[j]):
                j += 1
            cluster = text[i:j]
            replacement = "" if cluster in _INVISIBLE_OR_MARK else unicodedata.normalize("NFKC", cluster)
            if replacement == cluster:
                out.append(cluster)
                pieces.append((length, i, j - i, j - i))
                length += j - i
            else:
                out.append(replacement)
                pieces.append((length, i, j - i, len(replacement)))
                length += len(replacement)
                changed += j - i
            i = j
        position = i
    copy(len(text))
    swapped, swaps = _same_length_lookalikes("".join(out))
    changed += swaps
    if not changed:
        return Normalised(text, [], 0)
    merged: list[tuple[int, int, int, int]] = []
    for piece in pieces:  # join runs copied character for character, so the list stays short
        if merged and piece[2] == piece[3] and merged[-1][2] == merged[-1][3] \
                and merged[-1][0] + merged[-1][3] == piece[0] and merged[-1][1] + merged[-1][2] == piece[1]:
            last = merged[-1]
            merged[-1] = (last[0], last[1], last[2] + piece[2], last[3] + piece[3])
        else:
            merged.append(piece)
    return Normalised(swapped, merged, changed)
