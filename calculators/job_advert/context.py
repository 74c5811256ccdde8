"""What a match's surroundings say: exceptions that cancel it, and the cues in its sentence,
section or advert that change its severity."""
from __future__ import annotations

from bisect import bisect_left

from calculators.job_advert.document import AdvertDoc
from calculators.job_advert.rules import Rule
from calculators.job_advert.text import Span


def is_cancelled(doc: AdvertDoc, exceptions, start: int, end: int, reach: int) -> bool:
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


def match_context(doc: AdvertDoc, rule: Rule, start: int, end: int, document_cues: dict) -> tuple[str, str]:
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
