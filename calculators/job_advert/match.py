"""Finding each rule in an advert: pattern matches with their exceptions and context, list
terms, gender-coded words, statements an advert should make, and readability measures.

Each rule is matched on its own, so two rules may mark overlapping text; the highlights step
decides what is marked (see advert_report.highlight_spans).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from functools import cached_property

from calculators.job_advert.patterns import Vocabulary
from calculators.job_advert.readability import TOKEN, Readability, measure
from calculators.job_advert.rules import SEVERITY_RANK, Rule, RuleBook, list_key
from calculators.job_advert.text import BULLET, Heading, LineIndex, Span, heading_before, headings, matching_copy, normalise, plain_copy, sentences
from calculators.core.record import record


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


@record
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


def _sentence_cues(doc: AdvertDoc, ctx, sentence: Span) -> tuple[list[int], list[int]]:
    """Starts and ends of a sentence cue's matches in one sentence, found once per sentence (the
    matches of one pattern never overlap, so both lists are in text order)."""
    key = (id(ctx), sentence.start)
    known = doc.__dict__.setdefault("_cues", {})
    if key not in known:
        spans = [(m.start(), m.end()) for m in ctx.when.finditer(doc.lowered, sentence.start, sentence.end)]
        known[key] = ([s for s, _ in spans], [e for _, e in spans])
    return known[key]


def _nearest_cue(starts: list[int], ends: list[int], start: int, end: int) -> int | None:
    """The distance from [start, end) to the nearest cue (0 when one overlaps), or None if none.
    Only two cues can be nearest: the last one starting before `end` and the first one after."""
    i = bisect_left(starts, end)
    best = None
    if i > 0:  # starts before the match ends: ends are in order, so the last one reaches furthest
        best = max(start - ends[i - 1], 0)
    if i < len(starts):
        after = starts[i] - end
        if best is None or after < best:
            best = after
    return best


def _context(doc: AdvertDoc, rule: Rule, start: int, end: int, document_cues: dict) -> tuple[str, str]:
    """The severity and reason given by the match's surroundings: the nearest cue in its
    sentence, else its section's heading, else the advert as a whole, else the rule's own.
    Each cue is looked for once per sentence, section or advert, however many matches it has."""
    best = None
    sentence = None
    for order, ctx in enumerate(rule.context):
        if ctx.scope != "sentence":
            continue
        sentence = sentence or doc.sentence_at(start)
        distance = _nearest_cue(*_sentence_cues(doc, ctx, sentence), start, end)
        if distance is not None and (best is None or (distance, order) < best[0]):
            best = ((distance, order), ctx)
    if best:
        return best[1].severity, best[1].label
    for ctx in rule.context:
        if ctx.scope == "section":
            heading = doc.heading_at(start)
            if heading is not None:
                key = (id(ctx), heading.start)
                if key not in document_cues:
                    document_cues[key] = ctx.when.search(heading.text) is not None
                if document_cues[key]:
                    return ctx.severity, ctx.label
        elif ctx.scope == "document":
            key = id(ctx)
            if key not in document_cues:
                document_cues[key] = ctx.when.search(doc.lowered) is not None
            if document_cues[key]:
                return ctx.severity, ctx.label
    return rule.severity, ""


def document_context(rule: Rule, doc: AdvertDoc) -> tuple[str, str]:
    """The severity and reason of a finding about the whole advert: the first of the rule's
    document-scope cues found anywhere in the advert ("we pay the London Living Wage" makes a
    missing pay figure a caution), else the rule's own severity."""
    for ctx in rule.context:
        if ctx.scope == "document" and ctx.when.search(doc.lowered):
            return ctx.severity, ctx.label
    return rule.severity, ""


def _matches(rule: Rule, doc: AdvertDoc, lo: int, hi: int, margin: int = 2000):
    """Matches of a rule's patterns that start in [lo, hi), in text order, at most the book's
    `max_matches_per_rule` over the whole advert (counted in doc.matches_seen; a rule that
    reaches the limit is listed in doc.capped_rules)."""
    seen = doc.matches_seen
    for start, end in rule.patterns.finditer(doc.lowered, doc.plain, lo, min(len(doc.text), hi + margin), doc.vocabulary):
        if start >= hi:
            break
        if seen.get(rule.id, 0) >= doc.max_matches:
            if rule.id not in doc.capped_rules:
                doc.capped_rules[rule.id] = start
            break
        seen[rule.id] = seen.get(rule.id, 0) + 1
        yield start, end


def pattern_findings(rule: Rule, doc: AdvertDoc, book: RuleBook, lo: int, hi: int, cues: dict) -> list[Finding]:
    found: list[Finding] = []
    for start, end in _matches(rule, doc, lo, hi):
        if rule.only_if:  # the rule needs something else in the advert (looked for once, at its first match)
            key = ("only_if", rule.id)
            if key not in cues:
                cues[key] = any(p.search(doc.lowered) for p in rule.only_if)
            if not cues[key]:
                return found
        if rule.unless:  # something in the advert means the rule does not apply (looked for once, at its first match)
            key = ("unless", rule.id)
            if key not in cues:
                cues[key] = any(p.search(doc.lowered) for p in rule.unless)
            if cues[key]:
                return found
        if _cancelled(doc, rule.exceptions, start, end, book.context_chars):
            continue
        severity, detail = _context(doc, rule, start, end, cues)
        found.append(Finding(rule, start, end, severity, detail))
    return found


def list_findings(rule: Rule, doc: AdvertDoc, book: RuleBook, lo: int, hi: int, cues: dict) -> list[Finding]:
    """List terms (jargon, class-coded phrases). A term whose meaning is spelt out somewhere
    in the advert counts as explained and is not flagged."""
    found: list[Finding] = []
    for start, end in _matches(rule, doc, lo, hi):
        key = list_key(doc.text[start:end])
        entry = rule.entries.get(key) or rule.entries.get(key[:-1] if key.endswith("s") else key)
        if entry is None:
            continue
        if entry.meaning and doc.mentions(entry.meaning):
            continue
        if _cancelled(doc, entry.exceptions + rule.exceptions, start, end, book.context_chars):
            continue
        severity, detail = _context(doc, rule, start, end, cues)
        if not detail and entry.severity:
            severity = entry.severity
        found.append(Finding(rule, start, end, severity, detail, plain=entry.plain))
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


def gender_word_counts(tokens: Counter, feminine: tuple[str, ...], masculine: tuple[str, ...]) -> tuple[int, int]:
    """Feminine- and masculine-coded words in the advert, counted as Gender Decoder does: a
    word counts when it starts with a stem; a hyphenated word counts whole when it starts with
    a hyphenated stem ("self-confident"), else each part counts on its own. A word counts once
    even when two stems fit it."""
    hyphenated = tuple(s for s in feminine + masculine if "-" in s)
    fem, masc = tuple(feminine), tuple(masculine)
    totals = [0, 0]
    for token, n in tokens.items():
        parts = [token] if "-" not in token or token.startswith(hyphenated) else token.split("-")
        for part in parts:
            if part.startswith(fem):
                totals[0] += n
            elif part.startswith(masc):
                totals[1] += n
    return totals[0], totals[1]


# --- Statements the advert should make, and readability -----------------------------------

_CLAUSE_BREAK = re.compile(r"[;|+()\n!?]|[,.](?!\d)|\bplus\b")  # not the comma or point inside £1,000.50


def clause_around(lowered: str, start: int, end: int, reach: int = 80) -> tuple[int, int]:
    """The clause holding [start, end): from the last break (comma, semicolon, bracket, "plus",
    end of sentence or line) before it to the first one after it, at most `reach` away."""
    lo = max(0, start - reach)
    breaks_before = [m.end() for m in _CLAUSE_BREAK.finditer(lowered, lo, start)]
    after = _CLAUSE_BREAK.search(lowered, end, min(len(lowered), end + reach))
    return (breaks_before[-1] if breaks_before else lo), (after.start() if after else min(len(lowered), end + reach))


def is_absent(rule: Rule, doc: AdvertDoc) -> bool:
    """True when none of the rule's patterns occurs. An exception found anywhere means the
    statement does not apply to this advert (for example no pay figure for a volunteer role); a
    match in a clause that `not_evidence` describes does not count (£10 a day of expenses is
    not pay)."""
    if any(exc.search(doc.lowered) for exc in rule.exceptions):
        return False

    def counts(start: int, end: int) -> bool:  # not when its clause is about something else (expenses...)
        if not rule.not_evidence:
            return True
        lo, hi = clause_around(doc.lowered, start, end)
        return not any(p.search(doc.lowered, lo, hi) for p in rule.not_evidence)

    return not rule.patterns.search(doc.lowered, doc.plain, doc.vocabulary, counts)


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


def metric_findings(rule: Rule, doc: AdvertDoc, extra: dict) -> list[Finding]:
    read = doc.readability
    if rule.kind == "long-sentence":
        lo, hi = extra["range"]
        return [Finding(rule, span.start, span.end, rule.severity, f"{words} words", value=words, limit=rule.threshold)
                for span, words in read.long_sentences if lo <= span.start < hi and words > rule.threshold]
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


def merge_by_sentence(found: list[Finding], doc: AdvertDoc) -> list[Finding]:
    """One finding per requirement for a rule that asks for it (`merge: sentence`): "a degree
    (BSc or BA)" is one requirement, so matches in one sentence with the same severity and
    reason become one finding that covers them all. A semicolon, or a different severity ("a
    degree is essential; a master's is desirable"), starts another requirement."""
    out: list[Finding] = []
    sentence_of = None
    for f in found:
        sentence = doc.sentence_at(f.start)
        if out and sentence_of == (sentence.start, sentence.end):
            last = out[-1]
            if (last.severity, last.detail) == (f.severity, f.detail) and ";" not in doc.text[last.end:f.start]:
                last.end = max(last.end, f.end)
                continue
        out.append(f)
        sentence_of = (sentence.start, sentence.end)
    return out


def merge_by_advert(found: list[Finding], doc: AdvertDoc) -> list[Finding]:
    """One finding for the whole advert for a rule with `merge: advert` ("this advert recruits
    volunteers" is said once, however often the advert repeats it): the first match in the body,
    or the title's when only the title (the first line) says so."""
    by_rule: dict[str, list[Finding]] = {}
    for f in found:
        if f.rule.merge == "advert":
            by_rule.setdefault(f.rule.id, []).append(f)
    if not by_rule:
        return found
    first_line_end = doc.text.find("\n", len(doc.text) - len(doc.text.lstrip()))
    keep = set()
    for group in by_rule.values():
        group.sort(key=lambda f: f.start)
        body = [f for f in group if first_line_end >= 0 and f.start > first_line_end]
        keep.add(id((body or group)[0]))
    return [f for f in found if f.rule.merge != "advert" or id(f) in keep]


@record
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
    capped: dict[str, int]  # rules with more matches than the book allows -> offset of the first one not looked at
    normalised: int  # characters read differently for matching (invisible ones removed, look-alikes...)


CHUNK = 65_536  # a long advert is read in parts, and reading stops once the limit on findings is reached


def analyse(text: str, book: RuleBook) -> Analysis:
    """Check the advert. Matching reads a normalised copy (advert_text.normalise: invisible
    characters removed, look-alike letters read as Latin); every offset in the result is mapped
    back to `text`, which is what the user sees."""
    original, norm = text, normalise(text)
    text = norm.text
    doc = AdvertDoc(text)
    doc.max_matches = book.max_matches_per_rule
    doc.classify_sections(book)
    doc.long_sentence_words = int(min((r.threshold for r in book.rules if r.kind == "long-sentence"), default=30))
    absent = {r.id: is_absent(r, doc) for r in book.rules if r.kind == "absent"}
    feminine, masculine = gender_word_counts(doc.tokens, book.feminine, book.masculine)
    essentials = essential_requirements(doc)
    active = [r for r in book.rules if not (r.only_when and not absent.get(r.only_when, False))]
    in_text = [r for r in active if r.kind in ("pattern", "gender-word", "list", "long-sentence")]
    positioned: list[Finding] = []
    last_end: dict[str, int] = {}  # where each rule's last finding ended, so parts never overlap
    cues: dict = {}
    lo = 0
    while lo < len(text) and len(positioned) < book.max_findings:
        hi = min(len(text), lo + CHUNK)
        for rule in in_text:
            if rule.kind == "list":
                new = list_findings(rule, doc, book, lo, hi, cues)
            elif rule.kind == "long-sentence":
                new = metric_findings(rule, doc, {"range": (lo, hi)})
            else:
                new = pattern_findings(rule, doc, book, lo, hi, cues)
            new = [f for f in new if f.start >= last_end.get(rule.id, 0)]
            if rule.merge == "sentence" and len(new) > 1:
                new = merge_by_sentence(new, doc)
            if new:
                last_end[rule.id] = new[-1].end
            positioned.extend(new)
        lo = hi
    positioned = merge_by_advert(positioned, doc)
    positioned.sort(key=lambda f: (f.start, -f.rank, f.end))
    truncated = lo < len(text) or len(positioned) > book.max_findings
    positioned = positioned[:book.max_findings]
    bound = positioned[-1].start if truncated and positioned else len(text)

    whole: list[Finding] = []
    coding = gender_coding(feminine, masculine)
    for rule in active:
        if rule.kind == "absent" and absent[rule.id]:
            whole.append(Finding(rule, None, None, *document_context(rule, doc)))
        elif rule.kind in ("reading-ease", "essential-count"):
            whole.extend(metric_findings(rule, doc, {"essential_requirements": essentials}))
        elif rule.kind == "gender-balance" and coding not in ("neutral", "empty"):
            severity = rule.severity if coding.startswith("strongly") else "note"
            whole.append(Finding(rule, None, None, severity, f"{coding}: {masculine} masculine-coded and {feminine} feminine-coded words",
                                 value=feminine - masculine))
    capped = dict(doc.capped_rules)
    if norm.pieces:  # offsets back into the user's own text
        for f in positioned:
            f.start, f.end = norm.original_start(f.start), norm.original_end(f.end)
        bound = norm.original_start(bound) if bound < len(text) else len(original)
        capped = {rule: norm.original_start(at) for rule, at in capped.items()}
        doc.text, doc.lines = original, LineIndex(original)
    return Analysis(doc, positioned + whole, truncated, bound, essentials, feminine, masculine, coding, absent,
                    capped, norm.changed)
