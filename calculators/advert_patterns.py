"""Fast matching of a rule's patterns over a long advert.

Python's regular expressions search quickly only when a pattern starts with a plain character
or a character class; a leading word boundary (\\b) makes them try every position, which is
slow on a 1 MB advert. So a pattern's leading \\b is checked after the match instead, stems and
phrases of one rule are grouped by their first letter into one expression, and the matches of a
rule's patterns are merged in text order. Where two of a rule's matches overlap, the one that
starts first is kept (then the longer, then the pattern listed first), as a single alternation
would have done.
"""
from __future__ import annotations

import heapq
import re
from typing import Iterator, NamedTuple

MATCH_TYPES = ("regex", "stem", "word", "phrase")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def pattern_regex(pattern: str, match: str) -> str:
    """The regular expression for one pattern of the given match type (as written, with its
    leading word check; used to validate patterns and to document what they mean)."""
    if match == "regex":
        return pattern
    return r"(?<!\w)" + _body(pattern, match)


def _body(pattern: str, match: str) -> str:
    """A stem or phrase pattern without its leading 'not after a letter' check."""
    if match == "stem":  # a word that starts with the stem, as Gender Decoder matches
        return re.escape(pattern) + r"\w*"
    words = [re.escape(w) for w in re.split(r"[\s,-]+", pattern.strip()) if w]
    return r",?[\s-]+".join(words) + r"s?(?!\w)"  # whole words; an optional plural s


def _top_level_alternation(regex: str) -> bool:
    """True when `regex` has a | outside any group or character class."""
    depth, in_class, escaped = 0, False, False
    for ch in regex:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


class _Search(NamedTuple):
    regex: re.Pattern
    check: str  # "boundary" (a stripped \b), "not-after-word" (a stripped (?<!\w)) or ""


def _regex_search(pattern: str) -> _Search:
    for prefix, check in ((r"\b", "boundary"), (r"(?<!\w)", "not-after-word")):
        rest = pattern[len(prefix):]
        if pattern.startswith(prefix) and rest and not _top_level_alternation(rest) and rest[0] not in "*+?{|)":
            return _Search(re.compile(rest), check)
    return _Search(re.compile(pattern), "")


def _grouped(bodies: list[tuple[str, str]]) -> re.Pattern:
    """One expression for many literal-led bodies, grouped by first character so the search
    can skip to candidate letters: (first character, rest of the expression) pairs."""
    groups: dict[str, list[str]] = {}
    for first, rest in bodies:
        groups.setdefault(first, []).append(rest)
    parts = [re.escape(first) + "(?:" + "|".join(rests) + ")" for first, rests in groups.items()]
    return re.compile("|".join(parts))


class PatternSet:
    """The patterns of one rule, split by the copy of the advert they read: `lower` patterns
    read the lower-case copy, `cased` ones (case_sensitive) the copy in the advert's own case."""

    def __init__(self, items: list[tuple[str, str, bool]]) -> None:
        self.lower: list[_Search] = []
        self.cased: list[_Search] = []
        for cased in (False, True):
            target = self.cased if cased else self.lower
            literal = []
            for pattern, match, case_sensitive in items:
                if case_sensitive != cased:
                    continue
                if match == "regex":
                    target.append(_regex_search(pattern))
                else:
                    body = _body(pattern, match)
                    first = re.escape(pattern.strip()[0])
                    literal.append((pattern.strip()[0], body[len(first):]))
            if literal:
                # longest first within a letter, so "stakeholder management" wins over "stakeholder"
                literal.sort(key=lambda pair: -len(pair[1]))
                target.append(_Search(_grouped(literal), "not-after-word"))

    def __bool__(self) -> bool:
        return bool(self.lower or self.cased)

    @staticmethod
    def _valid(text: str, start: int, check: str) -> bool:
        if not check or start == 0:
            return True
        before = _is_word(text[start - 1])
        if check == "not-after-word":
            return not before
        return before != _is_word(text[start])

    def _each(self, search: _Search, order: int, text: str, start: int, end: int) -> Iterator[tuple[int, int, int, int]]:
        for m in search.regex.finditer(text, start, end):
            if m.end() > m.start() and self._valid(text, m.start(), search.check):
                yield m.start(), -(m.end() - m.start()), order, m.end()

    def finditer(self, lowered: str, plain: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        """(start, end) of every match within [start, end), in text order, without overlaps.
        Patterns can still look before `start` (for a word boundary or a lookbehind)."""
        streams = [self._each(s, i, lowered, start, end) for i, s in enumerate(self.lower)]
        streams += [self._each(s, len(self.lower) + i, plain, start, end) for i, s in enumerate(self.cased)]
        last_end = -1
        for start, _negative_length, _order, stop in heapq.merge(*streams):
            if start >= last_end:
                last_end = stop
                yield start, stop

    def search(self, lowered: str, plain: str) -> bool:
        """True when any pattern matches anywhere."""
        for searches, text in ((self.lower, lowered), (self.cased, plain)):
            for s in searches:
                for m in s.regex.finditer(text):
                    if m.end() > m.start() and self._valid(text, m.start(), s.check):
                        return True
        return False
