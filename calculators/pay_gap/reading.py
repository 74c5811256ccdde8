"""Reading a pay file: one row per employee, with hourly pay (or annual pay and weekly hours), the
answer to the SEB question, and optionally the level and a bonus.

Pure: text in, `Staff` out. A row with a problem is named by its line and column; every problem
is listed at once (up to MAX_REPORTED)."""
from __future__ import annotations

import re
from typing import Any, Mapping, NamedTuple

from calculators.shared import characteristics as chars
from calculators.shared import seb as seb_grouping
from calculators.shared.level_order import LEVEL_HEADERS
from calculators.core.record import field, record
from calculators.core.result import mapping, sentence
from calculators.core.spec import InputError, InputErrors, NumberError, read_number
from calculators.shared.tabular import MAX_REPORTED, column_question, match_columns, read_delimited
from . import crossing

GROUPS = seb_grouping.GROUPS
UNKNOWN = seb_grouping.UNKNOWN
WEEKS_A_YEAR = 365.25 / 7
MAX_HOURLY = 2_000.0  # pounds an hour: more is a typing slip or annual pay in the hourly column
MAX_ANNUAL = 20_000_000.0
MAX_WEEKLY_HOURS = 100.0
MAX_LEVELS = 60

ROLES = {
    "hourly": ["hourly pay", "hourly rate", "pay per hour", "hourly wage", "rate per hour", "hourly pay (£)", "hourly rate (£)"],
    "annual": ["annual pay", "annual salary", "salary", "pay", "gross annual pay", "base salary", "annual pay (£)", "salary (£)"],
    "hours": ["weekly hours", "hours per week", "contracted hours", "hours", "weekly contracted hours", "contracted weekly hours"],
    "answer": list(seb_grouping.ANSWER_HEADERS),
    "level": list(LEVEL_HEADERS),
    "bonus": ["bonus", "bonus pay", "annual bonus", "bonus (£)", "bonus paid"],
}
ROLE_LABELS = {"hourly": "Hourly pay", "annual": "Annual pay (with weekly hours)", "hours": "Weekly hours",
               "answer": "Answer to the SEB question", "level": "Level or grade (optional)", "bonus": "Bonus paid in the year (optional)",
               "ignore": "Not used"}


class Employee(NamedTuple):
    """One employee (a tuple: 100,000 of them must be cheap to make)."""

    hourly: float
    group: str  # professional, intermediate, lower or unknown
    level: str = ""
    bonus: float | None = None
    traits: tuple = ()  # the row of each characteristic in Staff.traits (sex, ethnicity...), in order


@record
class Staff:
    people: list
    has_level: bool = False
    has_bonus: bool = False
    notices: list = field(default_factory=list)
    unrecognised: dict = field(default_factory=dict)
    column_question: dict | None = None
    traits: tuple = ()  # the characteristics the file has columns for (calculators.shared.characteristics)
    trait_columns: dict = field(default_factory=dict)  # characteristic id -> the column's name
    unrecognised_traits: dict = field(default_factory=dict)  # characteristic id -> {answer: rows}


_PLAIN = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,2})?")


def _money(cell: str, decimal: str) -> float:
    """Pounds as written: "£12.50", "12,50" in a file with decimal commas, "35,000"."""
    if decimal != "," and _PLAIN.fullmatch(cell):  # most cells: plain pounds and pence
        return float(cell)
    if decimal != "," and cell.isdigit():
        return float(cell)
    text = re.sub(r"^\s*(?:£|GBP)\s*|\s*(?:/\s*(?:hr|hour|h|year|yr|annum)|p\.?a\.?)\s*$", "", cell, flags=re.IGNORECASE)
    return float(read_number(text, decimal))


def read_staff(text: str, field_name: str, values: Mapping[str, Any], grouping: seb_grouping.Grouping,
               characteristics: tuple = ()) -> Staff:
    what = "The file" if field_name == "upload" else "The pasted text"
    parsed = read_delimited(text, field_name, what)
    roles, role_labels = chars.with_roles(ROLES, ROLE_LABELS, characteristics)
    match = match_columns(parsed.header, roles, values.get("column_map"))
    found = match.found
    missing = [r for r in ("answer",) if r not in found]
    if "hourly" not in found and not ("annual" in found and "hours" in found):
        missing.append("hourly" if "annual" not in found else "hours")
    if missing:
        names = ", ".join(f"\u201c{h}\u201d" for h in parsed.header)
        need = " and ".join({"answer": "the answer to the SEB question", "hourly": "hourly pay (or annual pay with weekly hours)",
                             "hours": "weekly hours (needed to turn annual pay into hourly pay)"}[r] for r in missing)
        message = (f"{what} does not have a column we recognise for {need}. Its columns are {names}. "
                   "Say which column is which below, or rename the columns as in the template.")
        if values.get("column_map"):
            raise InputError("column_map", message.replace(" below", ""))
        return Staff(people=[], notices=[sentence(message)], column_question=column_question(parsed, match, role_labels))
    answer_map = {seb_grouping.normalise_answer(k): v for k, v in (values.get("answer_map") or {}).items()}
    for raw, group in (values.get("answer_map") or {}).items():
        if group not in (*GROUPS, UNKNOWN):
            raise InputError("answer_map", f"\u201c{group}\u201d is not a group for the answer \u201c{raw}\u201d. "
                                           f"Choose one of: {', '.join((*GROUPS, UNKNOWN))}.")
    col = {role: idx[0] for role, idx in found.items()}
    hourly_col = col.get("hourly")
    answer_col, level_col, bonus_col = col["answer"], col.get("level"), col.get("bonus")
    people, errors, unrecognised, cache, levels, level_names = [], [], {}, {}, {}, {}
    traits = crossing.reader(characteristics, col, values)

    def number(row, role: str, line: int) -> float | None:
        cell = row[col[role]]
        if not cell:
            return None
        try:
            return _money(cell, parsed.decimal)
        except NumberError as exc:
            raise InputError(field_name, f"Line {line}, column \u201c{parsed.header[col[role]]}\u201d: {exc}.",
                             row=line, column=parsed.header[col[role]]) from None

    plain = _PLAIN.fullmatch if parsed.decimal != "," else (lambda cell: None)
    for row, line in zip(parsed.rows, parsed.lines):
        try:
            cell = row[hourly_col] if hourly_col is not None else ""
            if cell and plain(cell) and 0 < float(cell) <= MAX_HOURLY:  # most rows: plain pounds and pence an hour
                hourly = float(cell)
            else:
                hourly = _hourly(row, line, number, hourly_col is not None, parsed.header, col, field_name)
            if bonus_col is None:
                bonus = None
            else:
                cell = row[bonus_col]
                bonus = float(cell) if cell and plain(cell) else number(row, "bonus", line)
            if bonus is not None and bonus < 0:
                raise InputError(field_name, f"Line {line}: the bonus is negative. Give 0 or leave it blank for no bonus.",
                                 row=line, column=parsed.header[bonus_col])
        except InputError as exc:
            errors.append(exc)
            if len(errors) > MAX_REPORTED:
                break
            continue
        answer = row[answer_col]
        group = cache.get(answer, "?")
        if group == "?":
            group = cache[answer] = answer_map.get(seb_grouping.normalise_answer(answer)) or grouping.group_of(answer)
        if group is None:
            unrecognised[answer] = unrecognised.get(answer, 0) + 1
            group = UNKNOWN
        level = ""
        if level_col is not None and row[level_col]:
            raw = row[level_col]
            level = level_names.get(raw)
            if level is None:  # first time this spelling is seen: one name per level, ignoring case and spacing
                tidy = " ".join(raw.split())
                level = level_names[raw] = levels.setdefault(tidy.casefold(), tidy)
                if len(levels) > MAX_LEVELS:
                    raise InputError(field_name, f"The level column has more than {MAX_LEVELS} different values. Check that "
                                                 "the right column is used as the level, or group them first.")
        people.append(Employee(hourly, group, level, bonus, traits(row)) if traits else Employee(hourly, group, level, bonus))
    if errors:
        raise InputErrors(errors[:MAX_REPORTED])
    if not people:
        raise InputError(field_name, f"{what} has a header but no employees below it.")
    notices = []
    if unrecognised:
        notices.append(sentence("Some answers did not match an option of the question, so they count as \u201cnot known\u201d "
                                "for now. Say which group each belongs to below."))
    return Staff(people=people, has_level=bool(levels), has_bonus="bonus" in col, notices=notices, unrecognised=unrecognised,
                 column_question=column_question(parsed, match, role_labels) if match.unmatched else None,
                 **crossing.staff_fields(traits, parsed.header))


def _hourly(row, line: int, number, has_hourly: bool, header, col, field_name: str) -> float:
    """The employee's hourly pay, from the hourly column or from annual pay and weekly hours."""
    if has_hourly and row[col["hourly"]]:
        pay = number(row, "hourly", line)
        column = header[col["hourly"]]
        if pay > MAX_HOURLY:
            raise InputError(field_name, f"Line {line}: \u00a3{pay:,.2f} an hour is more than anyone is likely to be paid "
                                         f"(over \u00a3{MAX_HOURLY:,.0f}). Is it annual pay in the hourly column?", row=line, column=column)
    elif "annual" in col and row[col["annual"]]:
        column = header[col["annual"]]
        annual = number(row, "annual", line)
        hours = number(row, "hours", line) if "hours" in col else None
        if hours is None:
            raise InputError(field_name, f"Line {line}: annual pay is given but not the weekly hours, so hourly pay cannot be "
                                         "worked out. Add the contracted hours a week.", row=line,
                             column=header[col["hours"]] if "hours" in col else column)
        if not 0 < hours <= MAX_WEEKLY_HOURS:
            raise InputError(field_name, f"Line {line}: {hours:g} hours a week is not possible. Give contracted hours a week, "
                                         f"more than 0 and at most {MAX_WEEKLY_HOURS:g}.", row=line, column=header[col["hours"]])
        if annual > MAX_ANNUAL:
            raise InputError(field_name, f"Line {line}: \u00a3{annual:,.0f} a year is more than the calculator accepts "
                                         f"(\u00a3{MAX_ANNUAL:,.0f}). Check the column and the figure.", row=line, column=column)
        pay = annual / WEEKS_A_YEAR / hours
    else:
        column = header[col["hourly"]] if has_hourly else header[col["annual"]]
        raise InputError(field_name, f"Line {line}: no pay is given. Give the hourly pay (or annual pay and weekly hours), "
                                     "or remove the row.", row=line, column=column)
    if pay <= 0:
        raise InputError(field_name, f"Line {line}: pay of \u00a3{pay:,.2f} is not possible. Pay must be more than 0; "
                                     "leave out people who were not paid in the period.", row=line, column=column)
    return pay


def answer_question(staff: Staff, grouping: seb_grouping.Grouping) -> dict | None:
    """Which group does each unrecognised answer belong to? Counts are not shown: they could
    reveal small groups."""
    if not staff.unrecognised:
        return None
    items = [{"key": k} for k in sorted(staff.unrecognised)]
    choices = [(g, grouping.labels.get(g, g)) for g in GROUPS] + [(UNKNOWN, "Not known (left out of the gaps)")]
    return mapping("answer_map", "Which group does each of these answers belong to?", items, choices)
