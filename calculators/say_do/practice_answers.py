"""Reading the practice check's answers: the marked practices, the statements made and any custom
statements, in plain words or as exported."""
from __future__ import annotations

import difflib
import re

from calculators.core.result import sentence
from calculators.core.spec import InputError, InputErrors
from calculators.say_do.practices import Answers, Claim, Practice, checklist, listed_claims


_STATUS_WORDS = {
    "in_place": ("in place", "in_place", "yes", "done", "in-place"),
    "partly": ("partly", "partial", "partly in place", "in progress", "some"),
    "not_yet": ("not yet", "not_yet", "no", "not-yet", "not started"),
    "not_applicable": ("not applicable", "not_applicable", "n/a", "na", "does not apply", "not-applicable"),
}
_STATUS_LOOKUP = {word: status for status, words in _STATUS_WORDS.items() for word in words}
_CLAIM_LOOKUP = {"yes": True, "y": True, "true": True, "we say this": True,
                 "no": False, "n": False, "false": False, "we do not say this": False}


def read_answers(values: dict, content: dict) -> Answers:
    """Check the marked practices, the statements and any custom statements. Raises InputErrors."""
    practices = {p.slug: p for p in checklist(content)}
    listed = listed_claims(content)
    answers, errors, unknown = Answers(), [], []
    for key, raw in sorted((values.get("practices") or {}).items()):
        if key not in practices:
            unknown.append(key)
            continue
        status = _STATUS_LOOKUP.get(_words(raw))
        if status is None:
            errors.append(InputError("practices", f"\u201c{practices[key].title}\u201d: \u201c{raw}\u201d is not an answer. "
                                     "Choose in place, partly, not yet or not applicable.", column=key))
        else:
            answers.statuses[key] = status
    said = values.get("claims") or {}
    known_ids = {c.id for c in listed}
    unknown += sorted(k for k in said if k not in known_ids)
    for claim in listed:
        if claim.id not in said:
            continue
        made = _CLAIM_LOOKUP.get(_words(said[claim.id]))
        if made is None:
            errors.append(InputError("claims", f"\u201c{claim.text}\u201d: \u201c{said[claim.id]}\u201d is not an answer. "
                                     "Choose \u201cwe say this\u201d or \u201cwe do not say this\u201d.", column=claim.id))
        elif made:
            answers.made.append(claim)
    custom = _custom_claims(values.get("custom_claims") or [], practices, errors)
    if errors:
        raise InputErrors(errors)
    answers.claims = listed + custom
    answers.made += custom
    if unknown:
        names = ", ".join(unknown[:5]) + (", \u2026" if len(unknown) > 5 else "")
        many = len(unknown) > 1
        answers.notices.append(sentence(
            f"{len(unknown)} saved answer{'s are' if many else ' is'} for items no longer in the toolkit ({names}), "
            f"so {'they were' if many else 'it was'} left out."))
    return answers


def _custom_claims(rows: list[dict], practices: dict[str, Practice], errors: list[InputError]) -> list[Claim]:
    by_name = {}
    for p in practices.values():
        by_name[_key(p.slug)] = p.slug
        by_name[_key(p.title)] = p.slug
    out = []
    for index, row in enumerate(rows, start=1):
        text = (row.get("text") or "").strip()
        if not text:
            errors.append(InputError("custom_claims", f"Row {index}: enter the statement, or delete the row.", row=index, column="text"))
            continue
        linked = []
        for piece in _split_practices(row.get("backed_by") or "", by_name):
            slug = by_name.get(_key(piece))
            if slug is None:
                guess = difflib.get_close_matches(piece.lower(), [p.title.lower() for p in practices.values()], n=1, cutoff=0.5)
                hint = f" Did you mean \u201c{next(p.title for p in practices.values() if p.title.lower() == guess[0])}\u201d?" if guess else ""
                errors.append(InputError("custom_claims", f"Row {index}, practices that back it up: \u201c{piece}\u201d is not a practice "
                                         f"in this toolkit.{hint} Use the practice names from the checklist, separated by semicolons.",
                                         row=index, column="backed_by"))
            elif slug not in linked:
                linked.append(slug)
        out.append(Claim(f"custom-{index}", text, tuple(linked), custom=True))
    return out


def _split_practices(text: str, by_name: dict[str, str]) -> list[str]:
    pieces = [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]
    out = []
    for piece in pieces:  # forgive commas when every part is a practice on its own
        parts = [p.strip() for p in piece.split(",") if p.strip()]
        if _key(piece) not in by_name and len(parts) > 1 and all(_key(p) in by_name for p in parts):
            out += parts
        else:
            out.append(piece)
    return out


def _words(raw) -> str:
    return re.sub(r"\s+", " ", str(raw).strip().lower().replace("\u2019", "'"))


def _key(text: str) -> str:
    text = text.strip().lower().removeprefix("intervention:")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
