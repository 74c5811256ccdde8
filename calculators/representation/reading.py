"""Reading the counts however they arrived: typed per level in the form, or as a CSV file or
pasted cells (one row per response, or counts per level, or per level x function x region)."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from calculators.core.result import sentence
from calculators.core.spec import InputError, InputErrors
from calculators.representation import crossing
from calculators.representation.constants import MAX_CATEGORIES
from calculators.representation.counts import COLUMNS, FUNCTION, GROUPS, LEVEL, NOT_GIVEN, REGION, UNKNOWN, Workforce, no_answers
from calculators.representation.headers import ROLE_LABELS, ROLE_PHRASES, ROLES
from calculators.representation.levels import apply_level_order, drop_total_rows
from calculators.shared import characteristics as chars
from calculators.shared import seb as seb_grouping
from calculators.shared.suppression import DEFAULT_THRESHOLD, check_threshold, fewer_than
from calculators.shared.tabular import MAX_REPORTED, DelimitedText, column_question, match_columns, parse_count, read_delimited


class _Categories:
    """Distinct names in a column, matched ignoring case and spacing, shown as first written."""

    def __init__(self, what: str, field_name: str):
        self.what, self.field = what, field_name
        self.names: dict[str, str] = {}

    def name(self, raw: str) -> str:
        key = " ".join(raw.casefold().split())
        found = self.names.get(key)
        if found is None:
            if len(self.names) >= MAX_CATEGORIES:
                raise InputError(self.field, f"The {self.what} column has more than {MAX_CATEGORIES} different values. "
                                             f"Check that the right column is used as the {self.what}, or group them first.")
            found = self.names[key] = " ".join(raw.split())
        return found


def from_form(rows: Sequence[Mapping[str, Any]]) -> Workforce:
    levels: list[str] = []
    seen: dict[str, int] = {}
    cells: dict[tuple[str, str, str], list[int]] = {}
    headcount: dict[str, int | None] = {}
    errors = []
    for number, row in enumerate(rows, start=1):
        name = " ".join(str(row.get("level") or "").split())
        key = name.casefold()
        if key in seen:
            errors.append(InputError("levels", f"Row {number} repeats the level \u201c{name}\u201d from row {seen[key]}. "
                                               "Give each level one row, or add their counts together.", row=number, column="level"))
            continue
        seen[key] = number
        counts = [int(row.get(c if c != UNKNOWN else "not_known") or 0) for c in COLUMNS]
        head = row.get("headcount")
        if head not in (None, "") and int(head) < sum(counts):
            errors.append(InputError("levels", f"Row {number} ({name}): the headcount ({int(head)}) is smaller than the "
                                               f"number of people who answered ({sum(counts)}). Check both figures.", row=number, column="headcount"))
        levels.append(name)
        cells[(name, NOT_GIVEN, NOT_GIVEN)] = counts
        headcount[name] = None if head in (None, "") else int(head)
    if errors:
        raise InputErrors(errors)
    return Workforce(levels=levels, cells=cells, headcount=headcount)


def from_text(text: str, field_name: str, values: Mapping[str, Any], grouping: seb_grouping.Grouping,
              characteristics: tuple = ()) -> Workforce:
    what = "The file" if field_name == "upload" else "The pasted text"
    notices = []
    if "\ufffd" in text:
        notices.append(sentence("Some characters in the file could not be read and show as \u201c\ufffd\u201d. If names look "
                                "wrong, save the file as \u201cCSV UTF-8\u201d and try again."))
    parsed = read_delimited(text, field_name, what)
    roles, role_labels = chars.with_roles(ROLES, ROLE_LABELS, characteristics, "optional, one row per response")
    match = match_columns(parsed.header, roles, values.get("column_map"))
    found = match.found
    responses = "answer" in found
    counts = any(g in found for g in GROUPS)
    missing = ["level", "answer"] if responses or not counts else ["level", *GROUPS]
    missing = [r for r in missing if r not in found]
    question = column_question(parsed, match, role_labels) if (match.unmatched or missing) else None
    if missing:
        names = ", ".join(f"\u201c{h}\u201d" for h in parsed.header)
        need = " and ".join(ROLE_PHRASES[r] for r in missing)
        message = (f"{what} does not have a column we recognise for the {need}. Its columns are {names}. "
                   "Say which column is which below, or rename the columns as in the template.")
        if values.get("column_map"):
            raise InputError("column_map", message.replace(" below", ""))
        return Workforce(levels=[], cells={}, headcount={}, notices=notices + [sentence(message)], column_question=question)
    for role, indexes in found.items():
        if len(indexes) > 1 and role != UNKNOWN:
            used, rest = parsed.header[indexes[0]], ", ".join(parsed.header[i] for i in indexes[1:])
            notices.append(sentence(f"More than one column looks like the {role_labels[role].lower()}: using \u201c{used}\u201d, "
                                    f"not {rest}. Change this in the column mapping if needed."))
    if match.unmatched:
        notices.append(sentence("These columns are not used: " + ", ".join(f"\u201c{parsed.header[i]}\u201d" for i in match.unmatched)
                                + ". If one holds the level, function, region or answer, say so in the column mapping."))
    if responses:
        data = _from_responses(parsed, found, field_name, values, grouping, characteristics)
    else:
        data = _from_counts(parsed, found, field_name)
        drop_total_rows(data)
        notices += [sentence(f"The column \u201c{parsed.header[found[c.id][0]]}\u201d ({c.label.lower()}) is not used: background "
                             "is crossed with it only in a file with one row per response.") for c in characteristics if c.id in found]
    data.notices[:0] = notices
    data.column_question = question
    apply_level_order(data, values.get("level_order"), field_name, ordered_by_user=False)
    return data


def _from_responses(parsed: DelimitedText, found, field_name: str, values: Mapping[str, Any],
                    grouping: seb_grouping.Grouping, characteristics: tuple = ()) -> Workforce:
    li, ai = found["level"][0], found["answer"][0]
    fi = found["function"][0] if "function" in found else None
    ri = found["region"][0] if "region" in found else None
    answer_map = {seb_grouping.normalise_answer(k): v for k, v in (values.get("answer_map") or {}).items()}
    for raw, group in (values.get("answer_map") or {}).items():
        if group not in COLUMNS:
            raise InputError("answer_map", f"\u201c{group}\u201d is not a group for the answer \u201c{raw}\u201d. "
                                           f"Choose one of: {', '.join(COLUMNS)}.")
    levels, functions, regions = (_Categories("level", field_name), _Categories("function", field_name),
                                  _Categories("region", field_name))
    cache: dict[str, str | None] = {}
    cells: dict[tuple[str, str, str], list[int]] = {}
    unrecognised: dict[str, int] = {}
    no_level: list[int] = []
    blank_answers = 0
    has_function = has_region = False
    index = {c: i for i, c in enumerate(COLUMNS)}
    traits_of, traits = crossing.reader(characteristics, found, values)
    for row, line in zip(parsed.rows, parsed.lines):
        level = row[li]
        if not level:
            no_level.append(line)
            continue
        answer = row[ai]
        group = cache.get(answer, "?")
        if group == "?":
            mapped = answer_map.get(seb_grouping.normalise_answer(answer)) if answer_map else None
            group = cache[answer] = mapped or grouping.group_of(answer)
        if group is None:
            unrecognised[answer] = unrecognised.get(answer, 0) + 1
            group = UNKNOWN
        elif not answer:
            blank_answers += 1
        function = row[fi] if fi is not None else ""
        region = row[ri] if ri is not None else ""
        has_function = has_function or bool(function)
        has_region = has_region or bool(region)
        key = (levels.name(level), functions.name(function) if function else NOT_GIVEN, regions.name(region) if region else NOT_GIVEN)
        if traits_of:
            key += traits_of(row)
        counts = cells.get(key)
        if counts is None:
            counts = cells[key] = no_answers()
        counts[index[group]] += 1
    notices = []
    if no_level:
        notices.append(sentence(f"{len(no_level)} row{'s have' if len(no_level) > 1 else ' has'} no level and "
                                f"{'are' if len(no_level) > 1 else 'is'} left out (line{'s' if len(no_level) > 1 else ''} "
                                f"{_lines(no_level)}). Add the level to count them."))
    small = _threshold_of(values)  # counts under it are never printed: they would bound hidden cells
    if blank_answers:
        notices.append(sentence(f"{blank_answers:,} blank answer{'s are' if blank_answers > 1 else ' is'} counted as \u201cnot known\u201d."
                                if blank_answers >= small else
                                f"Some blank answers ({fewer_than(small)}) are counted as \u201cnot known\u201d."))
    if unrecognised:
        total = sum(unrecognised.values())
        notices.append(sentence((f"{total:,} answer{'s' if total > 1 else ''} ({len(unrecognised)} different wording"
                                 f"{'s' if len(unrecognised) > 1 else ''}) did not match an option of the question, so "
                                 f"{'they are' if total > 1 else 'it is'} counted as \u201cnot known\u201d for now. "
                                 if total >= small else
                                 f"Some answers ({fewer_than(small)}) did not match an option of the question, so they are "
                                 "counted as \u201cnot known\u201d for now. ") + "Say which group each belongs to below."))
    if not cells:
        raise InputError(field_name, "No row of the file has a level. Fill in the level column and try again.",
                         column=parsed.header[li])
    level_names = list(levels.names.values())
    return Workforce(levels=level_names, cells=cells, headcount={name: None for name in level_names},
                     has_function=has_function, has_region=has_region, notices=notices, unrecognised=unrecognised,
                     **crossing.workforce_fields(traits, parsed.header))


def _threshold_of(values: Mapping[str, Any]) -> int:
    try:
        return check_threshold(values.get("threshold") or DEFAULT_THRESHOLD)
    except ValueError:
        return DEFAULT_THRESHOLD


def _lines(lines: Sequence[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:MAX_REPORTED])
    return shown + (f" and {len(lines) - MAX_REPORTED:,} more" if len(lines) > MAX_REPORTED else "")


def _from_counts(parsed: DelimitedText, found, field_name: str) -> Workforce:
    li = found["level"][0]
    fi = found["function"][0] if "function" in found else None
    ri = found["region"][0] if "region" in found else None
    hi = found["headcount"][0] if "headcount" in found else None
    levels, functions, regions = (_Categories("level", field_name), _Categories("function", field_name),
                                  _Categories("region", field_name))
    cells: dict[tuple[str, str, str], list[int]] = {}
    first_line: dict[tuple[str, str, str], int] = {}
    heads: dict[str, list[int | None]] = {}
    errors: list[InputError] = []
    has_function = has_region = False
    for row, line in zip(parsed.rows, parsed.lines):
        if not row[li]:
            errors.append(InputError(field_name, f"Line {line}: the level is empty. Give every row its level.",
                                     row=line, column=parsed.header[li]))
            continue
        key = (levels.name(row[li]), functions.name(row[fi]) if fi is not None and row[fi] else NOT_GIVEN,
               regions.name(row[ri]) if ri is not None and row[ri] else NOT_GIVEN)
        has_function = has_function or key[FUNCTION] != NOT_GIVEN
        has_region = has_region or key[REGION] != NOT_GIVEN
        try:
            counts = [sum(parse_count(row[i], field_name, line, parsed.header[i], parsed.decimal) for i in found.get(c, ())) for c in COLUMNS]
            head = parse_count(row[hi], field_name, line, parsed.header[hi], parsed.decimal) if hi is not None and row[hi] else None
        except InputError as exc:
            errors.append(exc)
            continue
        if key in first_line:
            what = " \u00d7 ".join(k for k in key if k != NOT_GIVEN)
            errors.append(InputError(field_name, f"Line {line} repeats \u201c{what}\u201d from line {first_line[key]}. "
                                                 "Give each level (or level, function and region) one row, or add the counts together.",
                                     row=line, column=parsed.header[li]))
            continue
        if head is not None and head < sum(counts):
            errors.append(InputError(field_name, f"Line {line}: the headcount ({head}) is smaller than the number who answered "
                                                 f"({sum(counts)}). Check both figures.", row=line, column=parsed.header[hi]))
            continue
        first_line[key] = line
        cells[key] = counts
        heads.setdefault(key[LEVEL], []).append(head)
        if len(errors) > MAX_REPORTED:
            break
    if errors:
        raise InputErrors(errors[:MAX_REPORTED])
    notices = []
    if UNKNOWN not in found:
        notices.append(sentence("The file has no \u201cnot known\u201d column, so everyone counted is taken to have given a "
                                "known answer, and the known-answer rate cannot be worked out."))
    headcount = {lvl: (sum(h) if h and all(v is not None for v in h) else None) for lvl, h in heads.items()}
    level_names = list(levels.names.values())
    return Workforce(levels=level_names, cells=cells, headcount={n: headcount.get(n) for n in level_names},
                     has_function=has_function, has_region=has_region, notices=notices)
