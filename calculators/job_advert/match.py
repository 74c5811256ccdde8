"""Finding each rule in an advert: pattern matches with their exceptions and context, list
terms, gender-coded words, statements an advert should make, and readability measures.

Each rule is matched on its own, so two rules may mark overlapping text; the highlights step
decides what is marked (see report.highlight_spans). The advert prepared for matching is in
document.py, what a match's surroundings say in context.py, whole-advert checks in whole_advert.py.
"""
from __future__ import annotations

from calculators.core.record import record
from calculators.job_advert.context import document_context, is_cancelled, match_context
from calculators.job_advert.document import AdvertDoc, essential_requirements
from calculators.job_advert.rules import SEVERITY_RANK, Rule, RuleBook, list_key
from calculators.job_advert.text import LineIndex, normalise
from calculators.job_advert.whole_advert import clause_around, gender_coding, gender_word_counts, is_absent  # noqa: F401


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
        if is_cancelled(doc, rule.exceptions, start, end, book.context_chars):
            continue
        severity, detail = match_context(doc, rule, start, end, cues)
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
        if is_cancelled(doc, entry.exceptions + rule.exceptions, start, end, book.context_chars):
            continue
        severity, detail = match_context(doc, rule, start, end, cues)
        if not detail and entry.severity:
            severity = entry.severity
        found.append(Finding(rule, start, end, severity, detail, plain=entry.plain))
    return found


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
    """Check the advert. Matching reads a normalised copy (lookalikes.normalise: invisible
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
