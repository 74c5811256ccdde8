"""How easy an advert is to read: Flesch reading ease with a syllable heuristic, and sentence length.

Flesch (1948): 206.835 - 1.015 x (words per sentence) - 84.6 x (syllables per word). Higher is
easier: 60 to 70 is plain English, under 50 is hard going. A word here is a run of letters (with
inner apostrophes or hyphens); numbers are not words. Syllables are estimated, not looked up, so
the score is a guide for English text only.

A word is a run of letters and digits (with inner apostrophes or hyphens) that holds at least
one letter, so "full-time" and "you'll" are one word each and "37.5" is not a word.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from calculators.job_advert.text import Span
from calculators.core.record import record

TOKEN = re.compile(r"\w+(?:['-]\w+)*")
_LETTER = re.compile(r"[^\W\d_]")


def words_of(lowered: str, start: int = 0, end: int | None = None) -> list[str]:
    """The words of a lower-case text, or of a part of it: each from its first letter, so
    "25-year-old" gives "year-old" and "37.5" gives nothing."""
    return _WORD_START.findall(lowered, start, len(lowered) if end is None else end)


def has_words(text: str) -> bool:
    return _LETTER.search(text) is not None
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_ASCII_WORD = re.compile(r"[a-z'-]+")
# Vowel pairs that are usually two syllables: me-di-a, bi-ol-o-gy, cli-ent, ac-tu-al, pre-mi-um.
_SPLIT_PAIRS = re.compile(r"(?<![cstg])i[ao]|(?<![cst])ien(?:ce|t)|iet|(?<![qg])ua|iu")
_SILENT_E_BEFORE_SUFFIX = re.compile(r"[^aeiouy]e(?:ment|ments|ly|ful|ness|less)$")
_SYLLABIC_ENDING = re.compile(r"[^aeiouy](?:le|re)s?$")  # ta-ble, cen-tre, cen-tres


def syllables(word: str) -> int:
    """Estimated syllables in one lower-case word: vowel groups, plus vowel pairs usually said
    apart, less a silent final e (or -es, -ed) and a silent e before -ment, -ly, -ful, -ness."""
    if "-" in word:
        return sum(syllables(part) for part in word.split("-") if part) or 1
    word = word.replace("'", "")
    if not _ASCII_WORD.fullmatch(word):
        return 1
    count = len(_VOWEL_GROUPS.findall(word))
    if count == 0:  # an abbreviation said letter by letter, such as "cv" or "hr"
        return max(1, len(word))
    count += len(_SPLIT_PAIRS.findall(word))
    if word.endswith(("our", "ours")) and (word.startswith(("our", "hour")) or word in ("flour", "sour")):
        count += 1  # our, hour: ow-er
    consonant = lambda ch: ch not in "aeiouy"  # noqa: E731 - reads better inline
    if len(word) > 2 and not _SYLLABIC_ENDING.search(word):
        if word.endswith("e") and consonant(word[-2]):
            count -= 1
        elif word.endswith("es") and consonant(word[-3]) and word[-3] not in "sxzcg" and not word.endswith(("ches", "shes")):
            count -= 1
        elif word.endswith("ed") and consonant(word[-3]) and word[-3] not in "td":
            count -= 1
    if _SILENT_E_BEFORE_SUFFIX.search(word):
        count -= 1
    return max(1, count)


def flesch_reading_ease(words: int, sentences: int, syllable_count: int) -> float | None:
    if words == 0 or sentences == 0:
        return None
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllable_count / words)


@record(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int
    reading_ease: float | None
    average_sentence: float | None  # words per sentence
    longest_sentence: int  # words
    long_sentences: tuple[tuple[Span, int], ...]  # sentences over the limit, with their word counts
    english_share: float  # share of words made only of unaccented Latin letters


_WORD_START = re.compile(r"[^\W\d_]\w*(?:['-]\w+)*")  # one match per word, from its first letter


def measure(lowered: str, spans: list[Span], long_over: int = 30, tokens: Counter | None = None) -> Readability:
    """Readability of a text, given its lower-case copy and its sentence spans (and, if already
    counted, its tokens: TOKEN matches with their counts). Each sentence's words are counted
    from the positions of all the words, found once."""
    if tokens is None:
        tokens = Counter(TOKEN.findall(lowered))
    counts = {word: n for word, n in tokens.items() if _LETTER.search(word)}
    syllable_total = sum(syllables(word) * n for word, n in counts.items())
    ascii_words = sum(n for word, n in counts.items() if _ASCII_WORD.fullmatch(word))
    starts = [m.start() for m in _WORD_START.finditer(lowered)]
    words = len(starts)
    with_words = 0
    long_sentences = []
    longest = 0
    for span in spans:
        n = bisect_left(starts, span.end) - bisect_left(starts, span.start)
        if n:
            with_words += 1
            if n > longest:
                longest = n
            if n > long_over:
                long_sentences.append((span, n))
    return Readability(
        words=words,
        sentences=with_words,
        syllables=syllable_total,
        reading_ease=flesch_reading_ease(words, with_words, syllable_total),
        average_sentence=(words / with_words) if with_words else None,
        longest_sentence=longest,
        long_sentences=tuple(long_sentences),
        english_share=(ascii_words / sum(counts.values())) if counts else 0.0,
    )
