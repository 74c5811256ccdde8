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
from bisect import bisect_left
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
    keys: tuple[str, ...] = ()  # a match starts with a word starting with one of these, if known
    chars: str = ""  # or: a match starts with one of these characters, if known


def _regex_search(pattern: str) -> _Search:
    for prefix, check in ((r"\b", "boundary"), (r"(?<!\w)", "not-after-word")):
        rest = pattern[len(prefix):]
        if pattern.startswith(prefix) and rest and not _top_level_alternation(rest) and rest[0] not in "*+?{|)":
            return _Search(re.compile(rest), check, _leading_words(rest), _leading_chars(rest))
    return _Search(re.compile(pattern), "", (), _leading_chars(pattern))


_RUN = re.compile(r"[A-Za-z0-9]+")
_GROUP = re.compile(r"\(\?:((?:[^()\[\]|]+\|)*[^()\[\]|]+)\)")
_CLASS = re.compile(r"\[([^\]\\^]+)\]")


def _leading_run(text: str) -> str:
    """The letters a piece of expression starts with, less a last letter made optional."""
    m = _RUN.match(text)
    if not m:
        return ""
    word = m.group()
    if text[m.end():m.end() + 1] in ("?", "*", "{"):
        word = word[:-1]
    return word.lower()


def _leading_words(regex: str) -> tuple[str, ...]:
    """Words one of which every match starts with (only when that is plain to see): a leading
    word, a leading group of alternatives each starting with a word, or a digit."""
    if regex.startswith(r"\d"):
        return tuple("0123456789")
    word = _leading_run(regex)
    if word:
        return (word,)
    group = _GROUP.match(regex)
    if group and regex[group.end():group.end() + 1] not in ("?", "*", "{"):
        words = tuple(_leading_run(alternative) for alternative in group.group(1).split("|"))
        if all(words):
            return words
    return ()


def _leading_chars(regex: str) -> str:
    """Characters one of which every match starts with, for a leading class of symbols (£$€)."""
    m = _CLASS.match(regex)
    if m and regex[m.end():m.end() + 1] not in ("?", "*", "{") and "-" not in m.group(1).strip("-"):
        chars = m.group(1)
        if not any(_is_word(ch) for ch in chars):
            return chars
    return ""


def _grouped(bodies: list[tuple[str, str]]) -> re.Pattern:
    """One expression for many literal-led bodies, grouped by first character so the search
    can skip to candidate letters: (first character, rest of the expression) pairs."""
    groups: dict[str, list[str]] = {}
    for first, rest in bodies:
        groups.setdefault(first, []).append(rest)
    parts = [re.escape(first) + "(?:" + "|".join(rests) + ")" for first, rests in groups.items()]
    return _compile("|".join(parts))


_COMPILED: dict[str, re.Pattern] = {}


def _compile(regex: str) -> re.Pattern:
    """Compile, remembering the last few hundred expressions (the same words recur across adverts)."""
    if regex not in _COMPILED:
        if len(_COMPILED) > 512:
            _COMPILED.clear()
        _COMPILED[regex] = re.compile(regex)
    return _COMPILED[regex]


_FIRST_TOKEN = re.compile(r"\w+")


class Vocabulary:
    """The distinct words of an advert (lower case), also split at hyphens and apostrophes, to
    tell quickly which stems and phrases could occur at all."""

    def __init__(self, tokens, text: str = "") -> None:
        self.text = text
        self.chosen: dict = {}  # the searches chosen for each pattern set, for this advert
        words = set(tokens)
        for token in tokens:
            if "-" in token or "'" in token:
                words.update(w for w in re.split(r"['-]", token) if w)
        self.sorted = sorted(words)

    def may_match(self, search: "_Search") -> bool:
        """False only when the search cannot match this advert (its first word or character is absent)."""
        if search.chars:
            return any(ch in self.text for ch in search.chars)
        if search.keys:
            return any(self.has_prefix(key) for key in search.keys)
        return True

    def has_prefix(self, prefix: str) -> bool:
        i = bisect_left(self.sorted, prefix)
        return i < len(self.sorted) and self.sorted[i].startswith(prefix)


class _Literal(NamedTuple):
    first: str  # first character
    rest: str  # the rest of the expression
    key: str  # the first word (lower case): a word of the advert must start with it for a match


class PatternSet:
    """The patterns of one rule, split by the copy of the advert they read: `lower` patterns
    read the lower-case copy, `cased` ones (case_sensitive) the copy in the advert's own case.

    Stems, words and phrases are kept as literals and compiled, for each advert, into one
    expression holding only those whose first word the advert contains (usually none or few)."""

    def __init__(self, items: list[tuple[str, str, bool]]) -> None:
        self.lower: list[_Search] = []
        self.cased: list[_Search] = []
        self.literals: dict[bool, tuple[_Literal, ...]] = {}
        for cased in (False, True):
            target = self.cased if cased else self.lower
            literal = []
            for pattern, match, case_sensitive in items:
                if case_sensitive != cased:
                    continue
                if match == "regex":
                    target.append(_regex_search(pattern))
                else:
                    text = pattern.strip()
                    body = _body(text, match)
                    key = _FIRST_TOKEN.search(text.lower())
                    literal.append(_Literal(text[0], body[len(re.escape(text[0])):], key.group() if key else ""))
            # longest first within a letter, so "stakeholder management" wins over "stakeholder"
            self.literals[cased] = tuple(sorted(literal, key=lambda item: -len(item.rest)))

    def __bool__(self) -> bool:
        return bool(self.lower or self.cased or any(self.literals.values()))

    def _searches(self, cased: bool, vocabulary: Vocabulary | None) -> list[_Search]:
        """The searches worth running on this advert (worked out once per advert)."""
        remembered = vocabulary.chosen if vocabulary is not None else {}
        key = (id(self), cased)
        if key not in remembered:
            searches = [search for search in (self.cased if cased else self.lower)
                        if vocabulary is None or vocabulary.may_match(search)]
            present = [item for item in self.literals[cased]
                       if vocabulary is None or not item.key or vocabulary.has_prefix(item.key)]
            if present:
                searches.append(_Search(_grouped([(item.first, item.rest) for item in present]), "not-after-word"))
            remembered[key] = searches
        return remembered[key]
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

    def finditer(self, lowered: str, plain: str, start: int, end: int,
                 vocabulary: Vocabulary | None = None) -> Iterator[tuple[int, int]]:
        """(start, end) of every match within [start, end), in text order, without overlaps.
        Patterns can still look before `start` (for a word boundary or a lookbehind)."""
        lower, cased = self._searches(False, vocabulary), self._searches(True, vocabulary)
        streams = [self._each(s, i, lowered, start, end) for i, s in enumerate(lower)]
        streams += [self._each(s, len(lower) + i, plain, start, end) for i, s in enumerate(cased)]
        last_end = -1
        for start, _negative_length, _order, stop in heapq.merge(*streams):
            if start >= last_end:
                last_end = stop
                yield start, stop

    def search(self, lowered: str, plain: str, vocabulary: Vocabulary | None = None, accept=None) -> bool:
        """True when any pattern matches anywhere (and `accept(start, end)` agrees, if given)."""
        for searches, text in ((self._searches(False, vocabulary), lowered), (self._searches(True, vocabulary), plain)):
            for s in searches:
                for m in s.regex.finditer(text):
                    if m.end() > m.start() and self._valid(text, m.start(), s.check) and (
                            accept is None or accept(m.start(), m.end())):
                        return True
        return False
