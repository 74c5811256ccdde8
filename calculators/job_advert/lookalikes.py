"""Normalising an advert before matching: invisible characters removed and look-alike letters
(Cyrillic and Greek) read as Latin, keeping where each character came from so offsets map back."""
from __future__ import annotations

import re
from bisect import bisect_right

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
