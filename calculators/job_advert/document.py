"""One advert prepared for matching: its lower-case and plain copies, sentences, headings and
sections, tokens and readability; and how many requirements it presents as essential."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import cached_property

from calculators.job_advert.patterns import Vocabulary
from calculators.job_advert.readability import TOKEN, Readability, measure
from calculators.job_advert.rules import RuleBook
from calculators.job_advert.text import BULLET, Heading, LineIndex, Span, heading_before, headings, matching_copy, plain_copy, sentences


class AdvertDoc:
    """One advert prepared for matching. `text` is what the user sees; `lowered` is its
    lower-case copy and `plain` its same-case copy with plain quotes and dashes (both the same
    length as `text`, so offsets agree)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = matching_copy(text)
        self.plain = plain_copy(text)
        self.lines = LineIndex(text)
        self.max_matches = 2000  # matches of one rule looked at in one advert (set from the rules)
        self.matches_seen: dict[str, int] = {}
        self.capped_rules: dict[str, int] = {}  # rule id -> offset of the first match not looked at

    @cached_property
    def sentences(self) -> list[Span]:
        return sentences(self.text)

    @cached_property
    def sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def headings(self):
        return headings(self.text, self.lowered)

    @cached_property
    def heading_starts(self) -> list[int]:
        return [h.start for h in self.headings]

    long_sentence_words = 30  # set from the long-sentence rule before readability is read

    @cached_property
    def tokens(self) -> Counter:
        """Each distinct word-like token of the lower-case copy, with how often it occurs."""
        return Counter(TOKEN.findall(self.lowered))

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary(self.tokens, self.text)

    @cached_property
    def readability(self) -> Readability:
        return measure(self.lowered, self.sentences, self.long_sentence_words, self.tokens)

    def sentence_at(self, offset: int) -> Span:
        index = bisect_right(self.sentence_starts, offset) - 1
        if index >= 0 and self.sentences[index].end > offset:
            return self.sentences[index]
        line_start = self.lines.starts[self.lines.line_of(offset) - 1]
        line_end = self.lowered.find("\n", offset)
        return Span(line_start, len(self.text) if line_end < 0 else line_end)

    def mentions(self, phrase: str) -> bool:
        """True when the lower-case phrase occurs anywhere in the advert (answers are kept)."""
        known = self.__dict__.setdefault("_mentions", {})
        if phrase not in known:
            known[phrase] = phrase in self.lowered
        return known[phrase]

    def heading_at(self, offset: int):
        return heading_before(self.headings, self.heading_starts, offset)

    def section_kind(self, offset: int) -> str | None:
        """'essential' or 'desirable' when the offset sits under such a heading."""
        return self._section_kinds.get(id(self.heading_at(offset)))

    def classify_sections(self, book: RuleBook) -> None:
        if book.standalone_heading is not None:  # "Essential criteria" on a line of its own
            known = {h.start for h in self.headings}
            extra = []
            for m in _SHORT_LINE.finditer(self.text):
                words = " ".join(self.lowered[m.start():m.end()].strip(" \t#*_:").split())
                if m.start() not in known and book.standalone_heading.search(words):
                    extra.append(Heading(m.start(), m.end(), words))
            if extra:
                self.__dict__["headings"] = sorted(self.headings + extra)
                self.__dict__["heading_starts"] = [h.start for h in self.headings]
        kinds = {}
        for heading in self.headings:
            if book.desirable_heading.search(heading.text):
                kinds[id(heading)] = "desirable"
            elif book.essential_heading.search(heading.text):
                kinds[id(heading)] = "essential"
        self._section_kinds = kinds


_SHORT_LINE = re.compile(r"(?m)^[ \t#*_]*[A-Za-z][^\r\n.!?,;]{0,50}$")


_REQUIREMENT_MARKER = re.compile(r"(?:essential|must|mandatory|required)\b(?<!not essential)(?<!not required)")


_BULLET_LINES = re.compile(r"(?m)^" + BULLET.pattern)


def essential_requirements(doc: AdvertDoc) -> int:
    """How many requirements are presented as essential: list items under an essential
    heading, plus other sentences that say essential, must or required (not under a
    desirable heading, and not headings themselves). Needs doc.classify_sections first."""
    counted_lines: set[int] = set()
    heading_lines = {h.start for h in doc.headings}
    for index, heading in enumerate(doc.headings):
        if doc.section_kind(heading.start) != "essential":
            continue
        end = doc.headings[index + 1].start if index + 1 < len(doc.headings) else len(doc.text)
        for m in _BULLET_LINES.finditer(doc.text, heading.end, end):
            if not doc.text.startswith("#", m.end() - 1):
                counted_lines.add(m.start())
    count = len(counted_lines)
    counted_sentences: set[int] = set()
    for m in _REQUIREMENT_MARKER.finditer(doc.lowered):
        if m.start() and (doc.lowered[m.start() - 1].isalnum() or doc.lowered[m.start() - 1] == "_"):
            continue  # inside a longer word
        line_start = doc.lines.starts[doc.lines.line_of(m.start()) - 1]
        if line_start in heading_lines or line_start in counted_lines:
            continue
        if doc.section_kind(m.start()) == "desirable":
            continue
        sentence = doc.sentence_at(m.start())
        if sentence.start not in counted_sentences:
            counted_sentences.add(sentence.start)
            count += 1
    return count
