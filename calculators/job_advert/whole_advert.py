"""Checks of the advert as a whole: gendered wording (Gaucher, Friesen and Kay 2011, matched as
Gender Decoder does) and statements the advert should make."""
from __future__ import annotations

import re
from collections import Counter

from calculators.job_advert.document import AdvertDoc
from calculators.job_advert.rules import Rule


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
