"""How easy an advert is to read: Flesch reading ease with a syllable heuristic, and sentence length.

Flesch (1948): 206.835 - 1.015 x (words per sentence) - 84.6 x (syllables per word). Higher is
easier: 60 to 70 is plain English, under 50 is hard going. A word here is a run of letters (with
inner apostrophes or hyphens); numbers are not words. Syllables are estimated, not looked up, so
the score is a guide for English text only.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .advert_text import Span

WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
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


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int
    reading_ease: float | None
    average_sentence: float | None  # words per sentence
    longest_sentence: int  # words
    sentence_words: tuple[tuple[Span, int], ...]  # every sentence with its word count
    english_share: float  # share of words made only of unaccented Latin letters


def measure(lowered: str, spans: list[Span]) -> Readability:
    """Readability of a text, given its lower-case copy and its sentence spans."""
    counts: Counter[str] = Counter()
    per_sentence = []
    for span in spans:
        found = WORD.findall(lowered, span.start, span.end)
        if found:
            counts.update(found)
            per_sentence.append((span, len(found)))
    words = sum(counts.values())
    syllable_total = sum(syllables(word) * n for word, n in counts.items())
    ascii_words = sum(n for word, n in counts.items() if _ASCII_WORD.fullmatch(word))
    return Readability(
        words=words,
        sentences=len(per_sentence),
        syllables=syllable_total,
        reading_ease=flesch_reading_ease(words, len(per_sentence), syllable_total),
        average_sentence=(words / len(per_sentence)) if per_sentence else None,
        longest_sentence=max((n for _, n in per_sentence), default=0),
        sentence_words=tuple(per_sentence),
        english_share=(ascii_words / words) if words else 0.0,
    )
