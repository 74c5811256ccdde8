"""The manager survey's answers by team: the records, counts from the form's table, and
programme names that cannot be recognised."""
from __future__ import annotations

import re

from calculators.core.record import field, record
from calculators.core.spec import InputError, InputErrors
from calculators.say_do.questions import ALL


@record(frozen=True)
class TeamAnswers:
    name: str
    respondents: int
    say_yes: int
    say_no: int = 0
    say_dont_know: int = 0
    do_yes: int = 0
    do_no: int = 0

    @property
    def say_other(self) -> int:  # no, don't know or no answer
        return self.respondents - self.say_yes

    @property
    def do_other(self) -> int:
        return self.respondents - self.do_yes


@record(frozen=True)
class ReviewItem:
    line: int
    team: str
    name: str
    reason: str


@record
class Survey:
    teams: list[TeamAnswers]
    review: list[ReviewItem] = field(default_factory=list)
    from_file: bool = False
    notes: list[str] = field(default_factory=list)  # about how a file was read


# ---- counts from the table ------------------------------------------------------------------

COUNT_COLUMNS = (("inclusive_yes", "said yes (inclusive)"), ("inclusive_no", "said no (inclusive)"),
                 ("inclusive_dont_know", "said don't know (inclusive)"),
                 ("programme_yes", "can name a programme"), ("programme_no", "cannot name a programme"))


def survey_from_table(rows: list[dict]) -> Survey:
    """Counts per team from the form's table. Raises InputErrors naming the row and column."""
    errors, teams, seen = [], [], {}
    for index, row in enumerate(rows, start=1):
        name = (row.get("team") or "").strip()
        label = f"Row {index}" + (f" ({name})" if name else "")
        n = {key: int(row.get(key) or 0) for key, _ in COUNT_COLUMNS}
        for key, words in COUNT_COLUMNS:
            if n[key] < 0:
                errors.append(InputError("teams", f"{label}: the number who {words} cannot be negative.", row=index, column=key))
        if any(v < 0 for v in n.values()):
            continue
        say_total = n["inclusive_yes"] + n["inclusive_no"] + n["inclusive_dont_know"]
        do_total = n["programme_yes"] + n["programme_no"]
        given = row.get("respondents")
        if given is not None and int(given) < 0:
            errors.append(InputError("teams", f"{label}: the number of managers who answered cannot be negative.", row=index, column="respondents"))
            continue
        respondents = int(given) if given is not None else max(say_total, do_total)
        if respondents == 0:
            errors.append(InputError("teams", f"{label} has no answers. Enter how many managers gave each answer, or delete the row.",
                                     row=index, column="respondents" if given is not None else "inclusive_yes"))
            continue
        before = len(errors)
        for key, total, question in (("inclusive_yes", say_total, "the first question"), ("programme_yes", do_total, "the second question")):
            yes = n[key]
            if yes > respondents:
                errors.append(InputError("teams", f"{label}: {yes} said yes to {question}, but only {respondents} managers answered. "
                                         "\u201cYes\u201d cannot be more than the total.", row=index, column=key))
            elif total > respondents:
                errors.append(InputError("teams", f"{label}: the answers to {question} add up to {total}, more than the {respondents} "
                                         "managers who answered. Check the counts.", row=index, column=key))
        if name and name.lower() in seen:
            errors.append(InputError("teams", f"{label}: the team \u201c{name}\u201d is already in row {seen[name.lower()]}. "
                                     "Give each team one row.", row=index, column="team"))
        if name:
            seen.setdefault(name.lower(), index)
        if len(errors) == before:
            teams.append(TeamAnswers(name or f"Row {index}", respondents, n["inclusive_yes"], n["inclusive_no"],
                                     n["inclusive_dont_know"], n["programme_yes"], n["programme_no"]))
    if errors:
        raise InputErrors(errors)
    if len(teams) == 1 and not (rows[0].get("team") or "").strip():
        teams[0] = TeamAnswers(ALL, *[getattr(teams[0], f) for f in ("respondents", "say_yes", "say_no", "say_dont_know", "do_yes", "do_no")])
    return Survey(teams)


# ---- programme names ------------------------------------------------------------------------

_NOT_A_NAME = {
    "n/a", "na", "none", "no", "nope", "nothing", "nil", "null", "yes", "y", "unknown", "not sure", "unsure",
    "don't know", "dont know", "do not know", "dk", "idk", "no idea", "can't remember", "cant remember",
    "cannot remember", "not applicable", "tbc", "tbd", "various", "lots", "many", "some", "other", "see above",
    "?", "-", "x", "test",
}


def unrecognisable_name(name: str) -> str | None:
    """Why a programme name given by a manager cannot be recognised, or None when it looks real."""
    text = re.sub(r"\s+", " ", (name or "").strip().lower().replace("\u2019", "'")).strip(" .!")
    if not text:
        return "no name given"
    if text in _NOT_A_NAME:
        return "not a programme name"
    letters = re.sub(r"[^a-z]", "", text)
    if len(letters) < 3:
        return "too short to recognise"
    if len(set(letters)) == 1:
        return "not a programme name"
    return None
