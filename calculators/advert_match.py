"""Finding each rule in an advert: pattern matches with their exceptions and context, list
terms, gender-coded words, statements an advert should make, and readability measures.

Each rule is matched on its own, so two rules may mark overlapping text; the highlights step
decides what is marked (see advert_report.highlight_spans).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from .advert_readability import Readability, measure
from .advert_rules import SEVERITY_RANK, Rule, RuleBook, list_key
from .advert_text import BULLET, LineIndex, Span, heading_before, headings, matching_copy, plain_copy, sentences


class AdvertDoc:
    """One advert prepared for matching. `text` is what the user sees; `lowered` is its
    lower-case copy and `plain` its same-case copy with plain quotes and dashes (both the same
    length as `text`, so offsets agree)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = matching_copy(text)
        self.plain = plain_copy(text)
        self.lines = LineIndex(text)

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

    @cached_property
    def readability(self) -> Readability:
        return measure(self.lowered, self.sentences)

    def sentence_at(self, offset: int) -> Span:
        index = bisect_right(self.sentence_starts, offset) - 1
        if index >= 0 and self.sentences[index].end > offset:
            return self.sentences[index]
        line_start = self.lines.starts[self.lines.line_of(offset) - 1]
        line_end = self.lowered.find("\n", offset)
        return Span(line_start, len(self.text) if line_end < 0 else line_end)

    def heading_at(self, offset: int):
        return heading_before(self.headings, self.heading_starts, offset)

    def section_kind(self, offset: int) -> str | None:
        """'essential' or 'desirable' when the offset sits under such a heading."""
        return self._section_kinds.get(id(self.heading_at(offset)))

    def classify_sections(self, book: RuleBook) -> None:
        kinds = {}
        for heading in self.headings:
            if book.desirable_heading.search(heading.text):
                kinds[id(heading)] = "desirable"
            elif book.essential_heading.search(heading.text):
                kinds[id(heading)] = "essential"
        self._section_kinds = kinds


@dataclass
class Finding:
    rule: Rule
    start: int | None  # None for a finding about the whole advert
    end: int | None
    severity: str
    detail: str = ""  # what the context changed, or the measured value, in words
    plain: str = ""  # a plainer alternative (list rules)
    value: float | None = None
    limit: float | None = None

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self.severity]


# --- Pattern rules ----------------------------------------------------------------------------

def _cancelled(doc: AdvertDoc, exceptions, start: int, end: int, reach: int) -> bool:
    """True when an exception pattern matches text that overlaps [start, end)."""
    lo, hi = max(0, start - reach), min(len(doc.lowered), end + reach)
    for exc in exceptions:
        for m in exc.finditer(doc.lowered, lo, hi):
            if m.start() >= end:
                break
            if m.end() > start and m.end() > m.start():
                return True
    return False


def _context(doc: AdvertDoc, rule: Rule, start: int, end: int, document_cues: dict) -> tuple[str, str]:
    """The severity and reason given by the match's surroundings: the nearest cue in its
    sentence, else its section's heading, else the advert as a whole, else the rule's own."""
    best = None
    sentence = None
    for order, ctx in enumerate(rule.context):
        if ctx.scope != "sentence":
            continue
        sentence = sentence or doc.sentence_at(start)
        for m in ctx.when.finditer(doc.lowered, sentence.start, sentence.end):
            distance = max(m.start() - end, start - m.end(), 0)
            key = (distance, order)
            if best is None or key < best[0]:
                best = (key, ctx)
    if best:
        return best[1].severity, best[1].label
    for ctx in rule.context:
        if ctx.scope == "section":
            heading = doc.heading_at(start)
            if heading is not None and ctx.when.search(heading.text):
                return ctx.severity, ctx.label
        elif ctx.scope == "document":
            key = id(ctx)
            if key not in document_cues:
                document_cues[key] = ctx.when.search(doc.lowered) is not None
            if document_cues[key]:
                return ctx.severity, ctx.label
    return rule.severity, ""


def _matches(rule: Rule, doc: AdvertDoc, bound: int, margin: int = 2000):
    """Raw matches of a rule's patterns that start before `bound`, in order for each pattern set."""
    end = min(len(doc.text), bound + margin)
    for pattern, source in ((rule.insensitive, doc.lowered), (rule.sensitive, doc.plain)):
        if pattern is None:
            continue
        for m in pattern.finditer(source, 0, end):
            if m.start() >= bound:
                break
            if m.end() > m.start():
                yield m.start(), m.end()


def pattern_findings(rule: Rule, doc: AdvertDoc, book: RuleBook, bound: int, cap: int, cues: dict) -> list[Finding]:
    found: list[Finding] = []
    seen: set[tuple[int, int]] = set()
    for start, end in _matches(rule, doc, bound):
        if (start, end) in seen or _cancelled(doc, rule.exceptions, start, end, book.context_chars):
            continue
        seen.add((start, end))
        severity, detail = _context(doc, rule, start, end, cues)
        found.append(Finding(rule, start, end, severity, detail))
        if len(found) >= cap:
            break
    return found


def list_findings(rule: Rule, doc: AdvertDoc, book: RuleBook, bound: int, cap: int, cues: dict) -> list[Finding]:
    """List terms (jargon, class-coded phrases). A term whose meaning is spelt out somewhere
    in the advert counts as explained and is not flagged."""
    found: list[Finding] = []
    explained: dict[str, bool] = {}
    for start, end in _matches(rule, doc, bound):
        key = list_key(doc.text[start:end])
        entry = rule.entries.get(key) or rule.entries.get(key[:-1] if key.endswith("s") else key)
        if entry is None:
            continue
        if entry.meaning:
            if entry.term not in explained:
                explained[entry.term] = entry.meaning in doc.lowered
            if explained[entry.term]:
                continue
        if _cancelled(doc, entry.exceptions + rule.exceptions, start, end, book.context_chars):
            continue
        severity, detail = _context(doc, rule, start, end, cues)
        if not detail and entry.severity:
            severity = entry.severity
        found.append(Finding(rule, start, end, severity, detail, plain=entry.plain))
        if len(found) >= cap:
            break
    return found


# --- Gendered wording (Gaucher, Friesen and Kay 2011, matched as Gender Decoder does) -------

def gender_coding(feminine: int, masculine: int) -> str:
    """Gender Decoder's verdict from the two counts (score = feminine - masculine)."""
    score = feminine - masculine
    if score == 0:
        return "neutral" if feminine else "empty"
    if score > 3:
        return "strongly feminine-coded"
    if score > 0:
        return "feminine-coded"
    if score < -3:
        return "strongly masculine-coded"
    return "masculine-coded"


# --- Statements the advert should make, and readability -----------------------------------

def is_absent(rule: Rule, doc: AdvertDoc) -> bool:
    """True when none of the rule's patterns occurs. An exception found anywhere means the
    statement does not apply to this advert (for example no pay figure for a volunteer role)."""
    if any(exc.search(doc.lowered) for exc in rule.exceptions):
        return False
    for pattern, source in ((rule.insensitive, doc.lowered), (rule.sensitive, doc.plain)):
        if pattern is not None and pattern.search(source):
            return False
    return True


_REQUIREMENT_MARKER = re.compile(r"\b(?:essential|must|mandatory|(?<!not )required)\b")


def essential_requirements(doc: AdvertDoc) -> int:
    """How many requirements are presented as essential: list items under an essential
    heading, plus any other sentence that says essential, must or required (not under a
    desirable heading). Needs doc.classify_sections first."""
    count = 0
    heading_lines = {h.start for h in doc.headings}
    for span in doc.sentences:
        line_start = doc.lines.starts[doc.lines.line_of(span.start) - 1]
        if line_start in heading_lines:
            continue
        kind = doc.section_kind(span.start)
        bullet = BULLET.match(doc.text, line_start) is not None and not doc.text[line_start:span.end].lstrip().startswith("#")
        if kind == "essential" and bullet:
            count += 1
        elif kind != "desirable" and _REQUIREMENT_MARKER.search(doc.lowered, span.start, span.end):
            count += 1
    return count


def metric_findings(rule: Rule, doc: AdvertDoc, bound: int, cap: int, extra: dict) -> list[Finding]:
    read = doc.readability
    if rule.kind == "long-sentence":
        out = []
        for span, words in read.sentence_words:
            if span.start >= bound or len(out) >= cap:
                break
            if words > rule.threshold:
                out.append(Finding(rule, span.start, span.end, rule.severity, f"{words} words", value=words, limit=rule.threshold))
        return out
    if rule.kind == "reading-ease":
        if read.reading_ease is not None and read.reading_ease < rule.threshold and read.english_share >= 0.8:
            return [Finding(rule, None, None, rule.severity, f"reading ease {read.reading_ease:.0f}", value=round(read.reading_ease, 1), limit=rule.threshold)]
        return []
    if rule.kind == "essential-count":
        count = extra["essential_requirements"]
        if count > rule.threshold:
            return [Finding(rule, None, None, rule.severity, f"{count} essential requirements", value=count, limit=rule.threshold)]
        return []
    return []


@dataclass
class Analysis:
    doc: AdvertDoc
    findings: list[Finding]  # positioned findings in text order, then findings about the whole advert
    truncated: bool  # True when more findings existed than the limit
    bound: int  # positioned findings are complete before this offset
    essential_requirements: int
    feminine_words: int
    masculine_words: int
    coding: str
    absent: dict[str, bool]


def analyse(text: str, book: RuleBook) -> Analysis:
    doc = AdvertDoc(text)
    doc.classify_sections(book)
    cap = book.max_findings
    bound = len(text) + 1
    truncated = False
    positioned: list[Finding] = []
    whole: list[Finding] = []
    cues: dict = {}

    def keep(new: list[Finding]) -> None:
        nonlocal bound, truncated, positioned
        if len(new) >= cap:
            truncated = True
        positioned.extend(new)
        if len(positioned) > cap:
            positioned.sort(key=lambda f: (f.start, f.end))
            positioned = positioned[:cap]
            bound = positioned[-1].start + 1
            truncated = True

    absent = {r.id: is_absent(r, doc) for r in book.rules if r.kind == "absent"}
    gender_counts = {}
    for rule in book.rules:
        if rule.kind == "gender-word":
            gender_counts[rule.list_name] = gender_counts.get(rule.list_name, 0) + sum(1 for _ in rule.insensitive.finditer(doc.lowered))
    essentials = essential_requirements(doc)
    for rule in book.rules:
        if rule.only_when and not absent.get(rule.only_when, False):
            continue
        if rule.kind in ("pattern", "gender-word"):
            keep(pattern_findings(rule, doc, book, bound, cap, cues))
        elif rule.kind == "list":
            keep(list_findings(rule, doc, book, bound, cap, cues))
        elif rule.kind == "absent":
            if absent[rule.id]:
                whole.append(Finding(rule, None, None, rule.severity))
        elif rule.kind == "long-sentence":
            keep(metric_findings(rule, doc, bound, cap, {}))
        elif rule.kind in ("reading-ease", "essential-count"):
            whole.extend(metric_findings(rule, doc, bound, cap, {"essential_requirements": essentials}))

    feminine = sum(n for name, n in gender_counts.items() if name == "feminine")
    masculine = sum(n for name, n in gender_counts.items() if name == "masculine")
    coding = gender_coding(feminine, masculine)
    for rule in book.rules:
        if rule.kind == "gender-balance" and coding not in ("neutral", "empty"):
            severity = rule.severity if coding.startswith("strongly") else "note"
            whole.append(Finding(rule, None, None, severity, f"{coding}: {masculine} masculine-coded and {feminine} feminine-coded words",
                                 value=feminine - masculine))
    positioned.sort(key=lambda f: (f.start, -f.rank, f.end))
    return Analysis(doc, positioned + whole, truncated, bound if truncated else len(text), essentials, feminine, masculine, coding, absent)
