"""The representation gap: how the socio-economic background (SEB) of your people compares with a
benchmark, level by level (and by function and region), with the progression gap.

Input comes as counts typed per level, as a CSV file (one row per response, or counts per level,
or per level x function x region) or as cells pasted from a spreadsheet. Everything shown,
charted or downloaded goes through calculators.shared.suppression first.
"""
from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any, Mapping, Sequence

from calculators.shared import seb as seb_grouping
from calculators.shared.level_order import LEVEL_HEADERS, LevelOrder, order_levels
from calculators.shared.csv_safe import markdown_cell, to_csv
from calculators.core.record import field, record
from calculators.core.result import SUPPRESSED, chart, download, key_figure, key_findings, mapping, result, sentence, table
from calculators.core.spec import CalculatorSpec, Choice, Input, InputError, InputErrors, Output, clean_text, without_size_limits
from calculators.shared.stats import binomial_test, wilson_interval
from calculators.shared.board_report import board_report
from calculators.shared.change import difference_interval
from calculators.peer_benchmark import spec as peer_benchmark
from calculators.representation import year_on_year
from calculators.shared.suppression import DEFAULT_THRESHOLD, MIN_THRESHOLD, ProtectedTable, chart_values, check_threshold, fewer_than, suppress_linked_tables
from calculators.shared.tabular import MAX_REPORTED, DelimitedText, column_question, match_columns, parse_count, read_delimited

ID = "representation-gap"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
CLI_COMMAND = f"python -m calculators {ID} FILE"
MAX_CATEGORIES = 60  # distinct levels, functions or regions: more means the wrong column was chosen
GROUPS = seb_grouping.GROUPS
UNKNOWN = seb_grouping.UNKNOWN
COLUMNS = GROUPS + (UNKNOWN,)  # the columns of every count table
NOT_GIVEN = "Not given"
FIRST_AIM, ADVANCED_AIM = 200 / 3, 70.0  # SMC response aims: about two-thirds at first, 70% when advanced
SMALL_GROUP = 30  # below this many known answers the test is shown with a caution
ALPHA = 0.05

ROLES = {  # role -> header names accepted (matched ignoring case, spaces, _ and -)
    "level": list(LEVEL_HEADERS),
    "function": ["business function", "department", "dept", "division", "team", "directorate", "business unit"],
    "region": ["location", "area", "site", "office", "geography", "geographic area", "country"],
    "answer": list(seb_grouping.ANSWER_HEADERS),
    "professional": ["higher", "professional background", "higher seb", "professional seb"],
    "intermediate": ["intermediate background", "intermediate seb"],
    "lower": ["low", "lower seb", "lower background"],
    "unknown": ["not known", "not_known", "other", "prefer not to say", "don't know", "dont know", "unknown seb", "not stated"],
    "headcount": ["head count", "staff", "employees", "people", "total staff", "number of staff", "fte"],
}
ROLE_LABELS = {"level": "Level or grade", "function": "Business function", "region": "Region or site",
               "answer": "Answer to the SEB question", "professional": "Count: professional",
               "intermediate": "Count: intermediate", "lower": "Count: lower",
               "unknown": "Count: not known (other, don't know, prefer not to say)",
               "headcount": "Headcount (everyone, answered or not)", "ignore": "Not used"}
ROLE_PHRASES = {"level": "level or grade", "answer": "answer to the SEB question", "professional": "professional count",
                "intermediate": "intermediate count", "lower": "lower count"}
LINKS = {
    "progression": ("Measure the progression gap", "intervention:measure-the-progression-gap"),
    "breakdown": ("Break down by quartile, function and region", "intervention:break-down-by-quartile-function-region"),
    "benchmark": ("Benchmark against your area and sector", "intervention:benchmark-against-your-area-and-sector"),
    "response": ("Raise your response rate", "intervention:raise-your-response-rate"),
    "leaders": ("Compare teams and learn from leaders", "intervention:compare-teams-and-learn-from-leaders"),
    "headline": ("Ask the headline question", "intervention:ask-the-headline-question"),
}


# --- The data, however it arrived ---------------------------------------------------------------


@record
class Workforce:
    """Counts of answers by (level, function, region) in the four columns of COLUMNS."""

    levels: list[str]
    cells: dict[tuple[str, str, str], list[int]]
    headcount: dict[str, int | None]
    has_function: bool = False
    has_region: bool = False
    notices: list[dict] = field(default_factory=list)
    unrecognised: dict[str, int] = field(default_factory=dict)
    column_question: dict | None = None
    order: LevelOrder | None = None


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


def _from_form(rows: Sequence[Mapping[str, Any]]) -> Workforce:
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


def _from_text(text: str, field_name: str, values: Mapping[str, Any], grouping: seb_grouping.Grouping) -> Workforce:
    what = "The file" if field_name == "upload" else "The pasted text"
    notices = []
    if "\ufffd" in text:
        notices.append(sentence("Some characters in the file could not be read and show as \u201c\ufffd\u201d. If names look "
                                "wrong, save the file as \u201cCSV UTF-8\u201d and try again."))
    parsed = read_delimited(text, field_name, what)
    match = match_columns(parsed.header, ROLES, values.get("column_map"))
    found = match.found
    responses = "answer" in found
    counts = any(g in found for g in GROUPS)
    missing = ["level", "answer"] if responses or not counts else ["level", *GROUPS]
    missing = [r for r in missing if r not in found]
    question = column_question(parsed, match, ROLE_LABELS) if (match.unmatched or missing) else None
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
            notices.append(sentence(f"More than one column looks like the {ROLE_LABELS[role].lower()}: using \u201c{used}\u201d, "
                                    f"not {rest}. Change this in the column mapping if needed."))
    if match.unmatched:
        notices.append(sentence("These columns are not used: " + ", ".join(f"\u201c{parsed.header[i]}\u201d" for i in match.unmatched)
                                + ". If one holds the level, function, region or answer, say so in the column mapping."))
    if responses:
        data = _from_responses(parsed, found, field_name, values, grouping)
    else:
        data = _from_counts(parsed, found, field_name)
        _drop_total_rows(data)
    data.notices[:0] = notices
    data.column_question = question
    _apply_level_order(data, values.get("level_order"), field_name, ordered_by_user=False)
    return data


def _from_responses(parsed: DelimitedText, found, field_name: str, values: Mapping[str, Any],
                    grouping: seb_grouping.Grouping) -> Workforce:
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
        counts = cells.get(key)
        if counts is None:
            counts = cells[key] = [0, 0, 0, 0]
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
                     has_function=has_function, has_region=has_region, notices=notices, unrecognised=unrecognised)


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
        has_function = has_function or key[1] != NOT_GIVEN
        has_region = has_region or key[2] != NOT_GIVEN
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
        heads.setdefault(key[0], []).append(head)
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


_TOTAL = re.compile(r"^(?:grand |overall |sub-?)?totals?(?: (?:for |of )?(?:all|everyone|organisation|workforce|staff))?$|"
                    r"^all(?: (?:staff|employees|grades|levels|bands|quartiles|people|respondents|colleagues))?$|^overall$|^everyone$")


def _drop_total_rows(data: Workforce) -> None:
    """Published tables often end with a total row. Counted as a level it would double everyone and
    stand last, as the entry level; so it is left out, saying whether it matches the other rows."""
    totals = [name for name in data.levels if _TOTAL.match(" ".join(name.casefold().split()))]
    if not totals or len(totals) == len(data.levels):
        return
    for name in totals:
        own = [c for key, c in data.cells.items() if key[0] == name]
        rest = [c for key, c in data.cells.items() if key[0] not in totals]
        mine = [sum(c[i] for c in own) for i in range(len(COLUMNS))]
        others = [sum(c[i] for c in rest) for i in range(len(COLUMNS))]
        matches = mine == others
        for key in [k for k in data.cells if k[0] == name]:
            del data.cells[key]
        data.levels.remove(name)
        data.headcount.pop(name, None)
        data.notices.append(sentence(
            f"The row \u201c{name}\u201d looks like a total, so it is not counted as a level: the calculator adds up the "
            "levels itself." + ("" if matches else " Its figures are not the sum of the other rows, so check that no level "
                                "is missing from the table.")))


def _apply_level_order(data: Workforce, order_text: Any, field_name: str, ordered_by_user: bool) -> None:
    """Put the levels most senior first: the user's own order, else a recognised naming scheme,
    else the order given (and say, in the result, that nobody confirmed it)."""
    given: list[str] = []
    if order_text and str(order_text).strip():
        text = clean_text(str(order_text))[0]  # a name typed with an invisible character still matches
        parts = [p.strip() for p in (text.splitlines() if "\n" in text else text.replace(";", ",").split(","))]
        by_key = {" ".join(name.casefold().split()): name for name in data.levels}
        unknown = []
        for part in parts:
            key = " ".join(part.casefold().split())
            if not key:
                continue
            if key in by_key and by_key[key] not in given:
                given.append(by_key[key])
            elif key not in by_key:
                unknown.append(part)
        rest = [name for name in data.levels if name not in given]
        if unknown:
            data.notices.append(sentence("These levels in \u201cOrder of levels\u201d are not in the data: "
                                         + ", ".join(f"\u201c{u}\u201d" for u in unknown) + "."))
        if rest and given:
            data.notices.append(sentence("These levels are not in \u201cOrder of levels\u201d, so they come last: "
                                         + ", ".join(f"\u201c{r}\u201d" for r in rest) + "."))
        given += rest if given else []
    data.order = order_levels(data.levels, given or None, ordered_by_user)
    data.levels = list(data.order.levels)


def _order_statement(order: LevelOrder, field_name: str) -> tuple[dict, dict] | None:
    """The sentence that opens the result: which level was taken as the top and which as the entry
    level, and why; and the one-step way to reverse them."""
    ranked = order.ranked
    if len(ranked) < 2:
        return None
    top, entry = ranked[0], ranked[-1]
    reverse = list(reversed(ranked)) + list(order.not_levels)
    reversed_list = ", ".join(reverse)
    on_the_command_line = (f"--set level_order=\"{reversed_list}\" reverses them" if len(reversed_list) <= 200 else
                           "--set level_order= with your levels from most senior to entry, separated by commas")
    how = ("To change it, use \u201cReverse the order of levels\u201d or list your levels, most senior first, in "
           f"\u201cOrder of levels\u201d (on the command line: {on_the_command_line}).")
    if order.basis == "yours":
        text = f"Levels are in the order you gave: \u201c{top}\u201d is the most senior and \u201c{entry}\u201d the entry level."
    elif order.basis == "recognised":
        text = (f"Your levels were recognised as {order.scheme} and put in order, most senior first: \u201c{top}\u201d is "
                f"taken as the top and \u201c{entry}\u201d as the entry level. {order.convention}")
    elif order.basis == "numbered":
        text = (f"Check the order of your levels: they look like {order.scheme}. {order.convention} So \u201c{top}\u201d is "
                f"taken as the top and \u201c{entry}\u201d as the entry level. {how}")
    elif order.confirmed:
        text = (f"Levels are in the order you typed them: \u201c{top}\u201d is taken as the most senior and \u201c{entry}\u201d "
                "as the entry level.")
    else:
        where = "in your file" if field_name == "upload" else "in what you pasted"
        text = (f"Check the order of your levels: we could not recognise it, so we took them in the order they come {where}, "
                f"with \u201c{top}\u201d as the most senior level and \u201c{entry}\u201d as the entry level. "
                f"The progression gap depends on this. {how}")
    if order.not_levels:
        text += (" " + ", ".join(f"\u201c{n}\u201d" for n in order.not_levels)
                 + " is not a level, so it comes last and is not used as the entry level."
                 if len(order.not_levels) == 1 else " These are not levels, so they come last: "
                 + ", ".join(f"\u201c{n}\u201d" for n in order.not_levels) + ".")
    return sentence(text), {"input": "level_order", "value": "\n".join(reverse), "label": "Reverse the order of levels"}


def _shown_level(r: Row, name: str) -> dict:
    return year_on_year.figures_entry(name, r.known_shown, r.count_shown(2) if r.share_visible(2) else SUPPRESSED, r.share(2))


def _results_file(level_rows: list[Row], benchmark: dict, threshold: int, data_date: str, progression: dict | None,
                  order: LevelOrder | None) -> str:
    """What the screen shows, level by level, to compare with next year: no rows, nothing hidden."""
    levels = [_shown_level(r, r.name) for r in level_rows[:-1]]
    everyone = _shown_level(level_rows[-1], "All levels")
    prog = None
    if progression:
        by_name = {r.name: r for r in level_rows[:-1]}
        f = progression["figure"]
        prog = {"points": f["points"], "top": _shown_level(by_name[f["top"]], f["top"]),
                "entry": _shown_level(by_name[f["entry"]], f["entry"])}
    return year_on_year.results_file(ID, data_date, threshold, benchmark, [*levels, {**everyone, "everyone": True}], prog)


def _progression_counts(level_rows: list[Row], progression: dict | None) -> dict | None:
    if not progression:
        return None
    by_name = {r.name: r for r in level_rows[:-1]}
    f = progression["figure"]
    return {k: {"known": by_name[f[k]].known if by_name[f[k]].share_visible(2) else None,
                "lower": by_name[f[k]].counts[2] if by_name[f[k]].share_visible(2) else None} for k in ("top", "entry")}


def _short_order(order: LevelOrder) -> dict:
    """The order of levels in one sentence, for the board report, when nobody confirmed it."""
    return sentence(f"The order of levels was not confirmed: \u201c{order.ranked[0]}\u201d is taken as the most senior level "
                    f"and \u201c{order.ranked[-1]}\u201d as the entry level, so the progression gap depends on it.")


def _order_facts(order: LevelOrder | None) -> dict | None:
    if order is None:
        return None
    ranked = order.ranked
    return {"levels": list(order.levels), "top": ranked[0] if ranked else None, "entry": ranked[-1] if ranked else None,
            "basis": order.basis, "scheme": order.scheme, "confirmed": order.confirmed}


# --- Benchmark ----------------------------------------------------------------------------------


def _benchmark(values: Mapping[str, Any], content: Mapping[str, Any]) -> dict:
    if values.get("benchmark_source") == "file":
        sector = peer_benchmark.read(values.get("benchmark_file") or "", "benchmark_file", "The sector benchmark file", "sector")
        everyone = next((lv for lv in sector["levels"] if " ".join(lv["name"].casefold().split()) == "all levels"), None)
        if everyone is None:
            raise InputError("benchmark_file", "The sector benchmark file has no figures for everyone (\u201cAll levels\u201d), "
                                               "so it cannot be your benchmark. Ask your sector group's convener for a file that has them.")
        label = sector["label"] or "Sector benchmark"
        firms = everyone.get("firms") or sector.get("firms")
        return {"id": "sector", "label": label, "phrase": label, "shares": {g: float(everyone["shares"][g]) for g in GROUPS},
                "date": sector["date"], "source": None,
                "definition": (f"The median of {firms} organisations' shares across everyone, combined from their benchmark files "
                               "(each holding only rounded shares). Medians of the three groups need not add up to 100.")}
    if values.get("benchmark_source") == "custom":
        shares = {g: values.get(f"custom_{g}") for g in GROUPS}
        total = sum(float(v) for v in shares.values())
        if abs(total - 100) > 0.5:
            parts = " + ".join(f"{_num(float(shares[g]))}" for g in GROUPS)
            raise InputError("custom_lower", f"Your benchmark shares add up to {_num(total)} ({parts}), not 100. "
                                             "Change them so that professional, intermediate and lower add up to 100.")
        label = (values.get("custom_label") or "").strip() or "Your benchmark"
        return {"id": "custom", "label": label, "phrase": label if values.get("custom_label") else "your benchmark",
                "shares": {g: float(shares[g]) for g in GROUPS}, "date": "", "definition": "Figures you entered.", "source": None}
    available = content.get("benchmarks") or []
    if not available:
        raise InputError("benchmark", "No benchmark is set up. Choose \u201cMy own figures\u201d and enter your benchmark.")
    wanted = values.get("benchmark")
    chosen = next((b for b in available if b.get("id") == wanted), None) if wanted else None
    chosen = chosen or next((b for b in available if b.get("default")), available[0])
    shares = chosen.get("shares") or {}
    for g in GROUPS:
        v = shares.get(g)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 100:
            raise InputError("benchmark", f"The benchmark \u201c{chosen.get('label')}\u201d has a {g} share of {v!r}; a share "
                                          "must be a percentage from 0 to 100. Choose another benchmark or enter your own, "
                                          "and tell the site's maintainers (content/data/benchmarks.yml).")
    return {**chosen, "phrase": chosen.get("phrase") or chosen.get("label"), "shares": {g: float(shares[g]) for g in GROUPS}}


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


# --- Figures ------------------------------------------------------------------------------------


def missing_people(benchmark_percent: float, known: int, lower: int) -> int:
    """How many more people from lower SEB it would take for their share of `known` to match the
    benchmark, the way CMI counted "missing managers": benchmark share x known answers - lower
    count, rounded to the nearest whole person (halves round up), and 0 when at or above it."""
    gap = Fraction(str(benchmark_percent)) / 100 * known - lower
    return max(0, math.floor(gap + Fraction(1, 2)))


def _pct(count: int, base: int) -> float:
    return round(100 * count / base, 1)


@record
class Row:
    """One row of a breakdown (a level, a function, a region or everyone), with what may be shown.

    Two protected tables hold its counts: `groups` (professional, intermediate, lower, with the
    known answers as row total: the base of every share) and `unknown` (the "not known" count;
    answered = known + not known)."""

    name: str
    counts: list[int]
    groups: ProtectedTable
    unknown: ProtectedTable
    index: int  # row in the protected tables (n_rows for the totals row)
    threshold: int
    headcount: int | None = None
    is_total: bool = False  # the "All levels" (or all functions, all regions) row

    @property
    def answered(self) -> int:
        return sum(self.counts)

    @property
    def known(self) -> int:
        return sum(self.counts[:3])

    @property
    def known_visible(self) -> bool:
        return not self.groups.is_hidden(self.index, len(GROUPS))

    def count_shown(self, column: int) -> int | str:
        if column < len(GROUPS):
            return self.groups.shown(self.index, column)
        return self.unknown.shown(self.index, 0)

    @property
    def answered_shown(self) -> int | str:
        hidden = self.unknown.is_hidden(self.index, 0) or not self.known_visible
        return SUPPRESSED if hidden else self.answered

    @property
    def known_shown(self) -> int | str:
        return self.known if self.known_visible else SUPPRESSED

    def share_visible(self, column: int) -> bool:
        return (self.known > 0 and self.known_visible and self.known >= self.threshold
                and not self.groups.is_hidden(self.index, column))

    def share(self, column: int) -> float | str | None:
        if self.known == 0:
            return None
        return _pct(self.counts[column], self.known) if self.share_visible(column) else SUPPRESSED

    def interval(self, column: int) -> str | None:
        if self.known == 0:
            return None
        if not self.share_visible(column):
            return SUPPRESSED
        low, high = wilson_interval(self.counts[column], self.known)
        return f"{low * 100:.1f} to {high * 100:.1f}"


def _breakdowns(data: Workforce, threshold: int) -> dict[str, list[Row]]:
    """Rows for each breakdown (level, and function and region when given), suppressed together
    because they describe the same people and share their totals."""
    dims = [("level", 0, data.levels)]
    for dim, pos, flag in (("function", 1, data.has_function), ("region", 2, data.has_region)):
        if flag:
            names = sorted({k[pos] for k in data.cells} - {NOT_GIVEN}, key=str.casefold)
            if any(k[pos] == NOT_GIVEN for k in data.cells):
                names.append(NOT_GIVEN)
            dims.append((dim, pos, names))
    grids = []
    for dim, pos, names in dims:
        totals = {n: [0, 0, 0, 0] for n in names}
        for key, counts in data.cells.items():
            row = totals[key[pos]]
            for c in range(4):
                row[c] += counts[c]
        grids.append([totals[n] for n in names])
    # Groups first: the known answers (their row total) are the base of every share, so they are
    # the dearest to hide, and lower SEB comes next.
    # A headcount is shown only beside shown answers (see _quality), so it caps nothing hidden.
    groups = suppress_linked_tables([[r[:3] for r in g] for g in grids], threshold, column_weights=(1, 1, 3, 10))
    # Then "not known" on its own. "Answered" (known + not known) is shown only where both parts
    # are (Row.answered_shown), so it never gives a hidden part back, and every change that keeps
    # one table's totals keeps the other's.
    unknown = suppress_linked_tables([[r[3:] for r in g] for g in grids], threshold)
    out: dict[str, list[Row]] = {}
    for (dim, _, names), grid, pg, pu in zip(dims, grids, groups, unknown):
        rows = [Row(n, grid[i], pg, pu, i, threshold, data.headcount.get(n) if dim == "level" else None)
                for i, n in enumerate(names)]
        everyone = [sum(g[c] for g in grid) for c in range(4)]
        heads = [r.headcount for r in rows]
        all_head = sum(heads) if dim == "level" and heads and all(h is not None for h in heads) else None
        rows.append(Row("All", everyone, pg, pu, len(names), threshold, all_head, is_total=True))
        out[dim] = rows
    return out


@record(frozen=True)
class Gap:
    share: float | str | None
    gap: float | str | None
    ratio: float | str | None
    missing: int | str | None
    clear: str | None
    p_value: float | str | None


def _gap(row: Row, benchmark: float) -> Gap:
    lower = GROUPS.index("lower")
    share = row.share(lower)
    if share is None or share == SUPPRESSED:
        return Gap(share, share, share, share, share, share)
    exact = 100 * row.counts[lower] / row.known
    p = binomial_test(row.counts[lower], row.known, benchmark / 100)
    if p < ALPHA:
        clear = "Yes: below the benchmark" if exact < benchmark else "Yes: above the benchmark"
    else:
        clear = "No: could be chance"
    expected = row.known * benchmark / 100
    if row.known < SMALL_GROUP or expected < 5 or row.known - expected < 5:
        clear += " (small group: read with care)"
    return Gap(share=share, gap=round(benchmark - exact, 1), ratio=round(exact / benchmark, 2) if benchmark else None,
               missing=missing_people(benchmark, row.known, row.counts[lower]), clear=clear, p_value=round(p, 4))


def _leaders(data: Workforce, threshold: int) -> list[dict]:
    """At each level, the function and the region with the highest lower-SEB share, among those
    where both the lower count and the rest of the known answers reach the threshold."""
    out = []
    for level in data.levels:
        row = {"level": level}
        for dim, pos, flag in (("function", 1, data.has_function), ("region", 2, data.has_region)):
            if not flag:
                continue
            groups: dict[str, list[int]] = {}
            for key, counts in data.cells.items():
                if key[0] == level and key[pos] != NOT_GIVEN:
                    g = groups.setdefault(key[pos], [0, 0, 0, 0])
                    for c in range(4):
                        g[c] += counts[c]
            eligible = [(name, c[2], sum(c[:3])) for name, c in groups.items()
                        if c[2] >= threshold and sum(c[:3]) - c[2] >= threshold]
            if len(eligible) >= 2:
                # Highest share first; ties go to the name that sorts first, so results are repeatable.
                name, lower, known = min(eligible, key=lambda e: (-Fraction(e[1], e[2]), e[0].casefold(), e[0]))
                row[dim] = name
                row[f"{dim}_share"] = _pct(lower, known)
            else:
                row[dim] = None
                row[f"{dim}_share"] = None
        out.append(row)
    return out


def _rate_status(rate: float | str | None) -> str | None:
    if rate is None or rate == SUPPRESSED:
        return rate
    if rate >= ADVANCED_AIM:
        return "Meets the 70% aim"
    if rate >= round(FIRST_AIM, 1):
        return "Meets the two-thirds first aim; aim for 70%"
    return "Under the two-thirds first aim"


# --- The calculator -----------------------------------------------------------------------------


def run(values: dict, content: dict) -> dict:
    """The calculator. The 50 MB file limit is the spec's (`max_bytes` of the upload): the browser
    refuses a bigger file before reading it and points to the command line."""
    return analyse(values, content)


def analyse(values: Mapping[str, Any], content: Mapping[str, Any]) -> dict:
    """The calculator on values already checked against the spec (or against `unlimited_spec()`)."""
    threshold = check_threshold(values.get("threshold") or DEFAULT_THRESHOLD)
    benchmark = _benchmark(values, content)
    grouping = seb_grouping.grouping_from(content)
    source = values.get("source") or "form"
    if source == "file":
        data = _from_text(values.get("upload") or "", "upload", values, grouping)
    elif source == "paste":
        data = _from_text(values.get("paste") or "", "paste", values, grouping)
    else:
        data = _from_form(values.get("levels") or [])
        _drop_total_rows(data)
        _apply_level_order(data, values.get("level_order"), "levels", ordered_by_user=True)
    answer_question = _answer_question(data, grouping, threshold)
    if not data.cells:  # the columns could not be matched yet
        return result(notices=data.notices, mappings=[m for m in (data.column_question,) if m])
    field_name = {"file": "upload", "paste": "paste"}.get(source, "levels")
    if all(sum(c[:3]) == 0 for c in data.cells.values()):
        message = ("None of the answers says which group a person is in: every answer is \u201cother\u201d, "
                   "\u201cI don\u2019t know\u201d or \u201cprefer not to say\u201d")
        if data.unrecognised:
            return result(notices=data.notices + [sentence(message + ", or is not recognised. Sort the unrecognised answers below.")],
                          mappings=[m for m in (answer_question, data.column_question) if m])
        raise InputError(field_name, message + ". There is nothing to compare with the benchmark yet.")
    last_year = None
    if str(values.get("compare") or "").strip():
        last_year = year_on_year.read_results_file(values["compare"], ID, "representation gap calculator")
    body = _report(data, benchmark, grouping, threshold, field_name, " ".join(str(values.get("data_date") or "").split()),
                   last_year, values.get("level_map"), " ".join(str(values.get("org_label") or "").split()))
    body["mappings"] = [m for m in (answer_question, data.column_question, body.pop("change_question", None)) if m]
    return body


def _answer_question(data: Workforce, grouping: seb_grouping.Grouping, threshold: int) -> dict | None:
    if not data.unrecognised:
        return None
    items = [{"key": k, "count": n if n >= threshold else SUPPRESSED}  # a small count would bound hidden cells
             for k, n in sorted(data.unrecognised.items(), key=lambda kv: (-kv[1], kv[0]))]
    choices = [(g, grouping.labels.get(g, g)) for g in GROUPS] + [(UNKNOWN, "Not known (left out of percentages)")]
    return mapping("answer_map", "Which group does each of these answers belong to?", items, choices)


def _report(data: Workforce, benchmark: dict, grouping: seb_grouping.Grouping, threshold: int, field_name: str,
            data_date: str = "", last_year: dict | None = None, level_map: Mapping[str, str] | None = None,
            org_label: str = "") -> dict:
    b = benchmark["shares"]
    b_lower = b["lower"]
    phrase = benchmark["phrase"]
    rows = _breakdowns(data, threshold)
    gaps = {dim: [_gap(r, b_lower) for r in rs] for dim, rs in rows.items()}
    labels = {"level": ("Level", "by level", "All levels"), "function": ("Function", "by function", "All functions"),
              "region": ("Region", "by region", "All regions")}
    tables, charts, summary, notices = [], [], [], list(data.notices)

    for dim, rs in rows.items():
        head, by, everyone = labels[dim]
        names = [everyone if r.is_total else r.name for r in rs]
        tables.append(table(f"counts-{by.split()[1]}", f"Answers {by}",
                            [("name", head), *[(c, grouping.labels.get(c, c)) for c in GROUPS], ("known", "Known answers"),
                             (UNKNOWN, grouping.labels.get(UNKNOWN, "Not known")), ("answered", "Everyone who answered")],
                            [{"name": n, **{c: r.count_shown(i) for i, c in enumerate(COLUMNS)}, "known": r.known_shown,
                              "answered": r.answered_shown} for n, r in zip(names, rs)]))
        share_rows = []
        for n, r in zip(names, rs):
            out = {"name": n, "known": r.known_shown}
            for i, g in enumerate(GROUPS):
                out[g], out[f"{g}_ci"] = r.share(i), r.interval(i)
            share_rows.append(out)
        share_rows.append({"name": f"Benchmark: {benchmark['label']}", "known": None,
                           **{g: b[g] for g in GROUPS}, **{f"{g}_ci": None for g in GROUPS}})
        share_cols = [("name", head), ("known", "Known answers")]
        for g in GROUPS:
            share_cols += [(g, f"{grouping.labels[g]} (% of known)"), (f"{g}_ci", "95% interval")]
        tables.append(table(f"shares-{by.split()[1]}", f"Share of each group among known answers {by}", share_cols, share_rows,
                            note="Percentages of people whose background is known. The interval is a 95% Wilson interval."))
        gap_rows = [{"name": n, "lower": g.share, "benchmark": b_lower, "gap": g.gap, "ratio": g.ratio,
                     "missing": ("none" if g.missing == 0 else g.missing), "clear": g.clear}
                    for n, g in zip(names, gaps[dim])]
        tables.append(table(f"gap-{by.split()[1]}", f"Lower SEB against the benchmark {by}",
                            [("name", head), ("lower", "Lower SEB (% of known)"), ("benchmark", f"{benchmark['label']} (%)"),
                             ("gap", "Gap (points below the benchmark)"), ("ratio", "Representation ratio"),
                             ("missing", "Missing people"), ("clear", "Statistically clear? (5% level)")], gap_rows,
                            note="Gap: benchmark minus your share (negative means above it). Ratio: your share divided by the "
                                 "benchmark (1 means equal). Missing people: how many more people from lower SEB it would take "
                                 "to match the benchmark."))
        values = chart_values(g.share for g in gaps[dim][:-1])
        bounds = [_bounds(r, GROUPS.index("lower")) if v is not None else None for r, v in zip(rs[:-1], values)]
        charts.append(chart(f"{'ladder' if dim == 'level' else 'bars-' + dim}",
                            "Lower SEB by level, most senior first" if dim == "level" else f"Lower SEB {by}",
                            names[:-1], [{"name": "Lower SEB (% of known answers)", "values": values,
                                          "low": [b[0] if b else None for b in bounds],
                                          "high": [b[1] if b else None for b in bounds]}], f"gap-{by.split()[1]}",
                            unit="%", reference={"label": f"{benchmark['label']}: {_num(b_lower)}%", "value": b_lower},
                            kind="ladder" if dim == "level" else "bar"))

    level_rows, level_gaps = rows["level"][:-1], gaps["level"][:-1]
    all_row, all_gap = rows["level"][-1], gaps["level"][-1]
    # Summary: which level is the top, everyone, then each level, then the progression gap.
    statement = _order_statement(data.order, field_name) if data.order else None
    if statement:
        summary.append(statement[0])
    summary.append(_level_sentence("Across everyone", all_row, all_gap, b_lower, phrase, threshold))
    for r, g in list(zip(level_rows, level_gaps))[:8]:
        summary.append(_level_sentence(f"At {r.name} level", r, g, b_lower, phrase, threshold))
    if len(level_rows) > 8:
        summary.append(sentence(f"The other {len(level_rows) - 8} levels are in the tables below."))

    ranked = set(data.order.ranked) if data.order else set(data.levels)
    progression = _progression([r for r in level_rows if r.name in ranked], [g for r, g in zip(level_rows, level_gaps) if r.name in ranked],
                               threshold, data.order)
    if progression:
        tables.append(progression["table"])
        summary.append(progression["sentence"])

    # Naming a team furthest ahead tells a reader that team has at least `threshold` people from
    # lower SEB and as many others; with any group count hidden, that could narrow a hidden count
    # through the other breakdowns, so teams are compared only when every group count is shown.
    all_shown = all(r.count_shown(i) != SUPPRESSED for rs in rows.values() for r in rs for i in range(len(GROUPS)))
    if (data.has_function or data.has_region) and not all_shown:
        summary.append(sentence("Who is furthest ahead at each level is not shown: some counts are hidden to protect small "
                                "groups, and naming a team could help someone work them out.", [LINKS["leaders"]]))
    elif data.has_function or data.has_region:
        leaders = _leaders(data, threshold)
        cols = [("level", "Level")]
        for dim in ("function", "region"):
            if getattr(data, f"has_{dim}"):
                cols += [(dim, f"{dim.capitalize()} furthest ahead"), (f"{dim}_share", "Its lower SEB (% of known)")]
        tables.append(table("leaders", "Learning from others: who is furthest ahead at each level", cols, leaders,
                            note=f"Only teams with at least {threshold} people from lower SEB and {threshold} others with a known "
                                 "answer at that level are compared."))
        for lead in leaders:
            for dim in ("function", "region"):
                if lead.get(dim):
                    summary.append(sentence(f"At {lead['level']} level, the {dim} furthest ahead is {lead[dim]}: "
                                            f"{_whole(lead[dim + '_share'])}% of its known answers are from lower SEB. "
                                            "Ask its leaders what they do differently.", [LINKS["leaders"]]))
    else:
        summary.append(sentence("Break your results down by function and region as well as level to see where the gap "
                                "is widest and who is furthest ahead.", [LINKS["breakdown"]]))

    quality_table, quality_sentences = _quality(rows["level"])
    tables.append(quality_table)
    summary.extend(quality_sentences)
    summary.append(sentence(f"The benchmark is {benchmark['label']}. Compare yourself with organisations in your area and "
                            "sector too.", [LINKS["benchmark"]]))

    tables.append(table("grouping", "How answers were grouped", [("code", "Code"), ("answer", "Answer option"), ("group", "Group")],
                        [{"code": r["code"], "answer": r["answer"], "group": r["group"]} for r in grouping.rows()],
                        note=grouping.note))
    notices.append(sentence("Answers are grouped as in the table \u201cHow answers were grouped\u201d: options 1 and 2 are "
                            "professional, 3 and 7 intermediate, 4 to 6 lower. \u201cOther\u201d and \u201cprefer not to "
                            "say\u201d answers are counted but left out of percentages.", [LINKS["headline"]]))
    notices.append(_benchmark_notice(benchmark))
    notices.append(_suppression_notice(rows, threshold))

    figures = _key_figures(all_row, all_gap, benchmark, progression)
    top_findings = _findings(summary, statement, progression)
    saved = _results_file(rows["level"], benchmark, threshold, data_date, progression, data.order)
    peer_file, left_out = peer_benchmark.export(org_label, data_date, threshold,
                                                [(r.name, r.counts, all(r.share_visible(i) for i in range(3))) for r in rows["level"][:-1]])
    if left_out:
        named = ", ".join(left_out[:5]) + (f" and {len(left_out) - 5} more levels" if len(left_out) > 5 else "")
        notices.append(sentence(f"The benchmark file for your sector group leaves out {named}: a group there has fewer "
                                f"than {threshold} people or is hidden here, and so everyone's shares are left out too, so that nothing "
                                "left out can be worked out."))
    change_question = None
    if last_year is not None:
        now = [{"name": "All levels" if r.is_total else r.name, "everyone": r.is_total,
                "known": r.known if r.known_visible else None,
                "lower": r.counts[2] if r.share_visible(2) else None} for r in rows["level"]]
        change = year_on_year.compare(last_year, now, _progression_counts(rows["level"], progression), level_map, benchmark)
        tables[:0] = [t for t in (change["table"], change["gap_table"]) if t]
        if change["chart"]:
            charts.append(change["chart"])
        summary.extend(change["sentences"])
        notices[:0] = change["notices"]
        change_question = change["mapping"]
        if change["sentences"]:
            top_findings = key_findings([*top_findings[:2], change["sentences"][0]]) if top_findings else change["sentences"][:1]
    suppression = notices[-1]
    report_notes = [suppression] + data.notices[:4]
    if len(data.notices) > 4:
        report_notes.append(sentence(f"{len(data.notices) - 4} more notes are with the full results."))
    steps = [LINKS[k] for k in ("progression", "breakdown", "response", "benchmark")]
    report = board_report("Socio-economic background of our people: representation gap", data_date, figures, charts[0],
                          top_findings, steps, benchmark, METHOD_PLAIN, report_notes,
                          lead=[_short_order(data.order)] if data.order and not data.order.confirmed and len(data.order.ranked) > 1 else [])
    downloads = [download("representation-gap-results.csv", "text/csv", _results_csv(rows, gaps, labels, benchmark),
                          "Download the results (CSV)"),
                 download("representation-gap-report.md", "text/markdown",
                          _markdown_report(summary, notices, tables, benchmark, threshold), "Download a short report (Markdown)"),
                 download("representation-gap-board-report.html", "text/html", report, "Download a board report (print-ready page)"),
                 download("representation-gap-results.json", "application/json", saved,
                          "Save these results for next year (a small file with only what is shown here)"),
                 download("representation-gap-peer-benchmark.json", "application/json", peer_file,
                          "Export a benchmark file for your sector group (shares only, no counts)")]
    return result(summary=summary, notices=notices, tables=tables, charts=charts, downloads=downloads,
                  key_figures=figures, key_findings=top_findings, lead=[statement[0]] if statement else [], change_question=change_question,
                  actions=[statement[1]] if statement else [], level_order=_order_facts(data.order), grouping=grouping.rows(), benchmark={k: benchmark.get(k) for k in ("id", "label", "shares", "date", "definition", "source")},
                  threshold=threshold)


def _bounds(row: Row, column: int) -> tuple[float, float] | None:
    """The 95% Wilson interval of a shown share, in percent to one decimal (None when hidden)."""
    if not row.share_visible(column):
        return None
    low, high = wilson_interval(row.counts[column], row.known)
    return round(100 * low, 1), round(100 * high, 1)


def _key_figures(everyone: Row, gap: Gap, benchmark: dict, progression: dict | None) -> list[dict]:
    """The four figures the result leads with, each with its interval and what it means. A figure
    built on a hidden number is hidden too."""
    b_lower = benchmark["shares"]["lower"]
    label = benchmark["label"]
    out = []
    bounds = _bounds(everyone, GROUPS.index("lower"))
    if isinstance(gap.share, float) and bounds:
        where = ("below" if gap.gap > 0 else "above") if gap.gap else "level with"
        meaning = (f"Of everyone whose background is known, against {_num(b_lower)}% in {benchmark['phrase']}: "
                   f"{_num(abs(gap.gap))} points {where} it." if gap.gap else f"The same as {benchmark['phrase']} ({_num(b_lower)}%).")
        out.append(key_figure("lower-share", "People from lower SEB", gap.share, "%", bounds, meaning,
                              compare=f"{label}: {_num(b_lower)}%"))
        # The people missing at the ends of the share's interval (more missing at its low end).
        at = [max(0, math.floor(Fraction(str(b_lower - b)) / 100 * everyone.known + Fraction(1, 2))) for b in (bounds[1], bounds[0])]
        out.append(key_figure("missing", "People missing", gap.missing, "", at,
                              f"How many more people from lower SEB it would take to match {benchmark['phrase']}."
                              if gap.missing else f"None: you are at or above {benchmark['phrase']}."))
    else:
        out.append(key_figure("lower-share", "People from lower SEB", SUPPRESSED if gap.share == SUPPRESSED else None, "%", None,
                              "Hidden: the numbers are too small to show." if gap.share == SUPPRESSED else "Nobody gave a known answer."))
    if progression:
        f = progression["figure"]
        if f["points"] == SUPPRESSED:
            meaning = "Hidden: the numbers at the top or entry level are too small to show."
        else:
            meaning = (f"Lower-SEB share at {f['entry']} minus at {f['top']}: "
                       + ("it falls towards the top." if f["points"] > 0 else "it does not fall towards the top."))
            if not f["confirmed"]:
                meaning += " Check the order of your levels."
        out.append(key_figure("progression-gap", "Progression gap", f["points"], " points", f["interval"], meaning))
    if everyone.known_visible and everyone.answered_shown != SUPPRESSED and everyone.answered:
        low, high = wilson_interval(everyone.known, everyone.answered)
        rate = _pct(everyone.known, everyone.answered)
        out.append(key_figure("known-rate", "Known-answer rate", rate, "%", [round(100 * low, 1), round(100 * high, 1)],
                              f"Of the {everyone.answered:,} people who answered, how many said which group they are in "
                              f"(the SMC suggests aiming for {_whole(ADVANCED_AIM)}%)."))
    return out


def _findings(summary: list[dict], statement, progression: dict | None) -> list[dict]:
    """At most three findings, each with a link to guidance: everyone against the benchmark, the
    progression gap, then the first thing to put right (data quality) or to learn from."""
    first = 1 if statement else 0
    chosen = [summary[first]] if len(summary) > first else []
    if progression:
        chosen.append(progression["sentence"])
    for s in summary[first + 1:]:
        if s["links"] and s not in chosen and not s["text"].startswith("At "):
            chosen.append(s)
            break
    out = []
    for s in chosen:
        out.append(s if s["links"] else {**s, "links": [{"label": LINKS["benchmark"][0], "href": LINKS["benchmark"][1]}]})
    return key_findings(out)


def _whole(x: float) -> str:
    """A percentage or gap for a sentence: the nearest whole number, halves rounded up."""
    return str(math.floor(Fraction(str(x)) + Fraction(1, 2)))


def _points(n: str) -> str:
    return f"{n} point" if n in ("1", "-1") else f"{n} points"


def _level_sentence(where: str, row: Row, gap: Gap, b_lower: float, phrase: str, threshold: int) -> dict:
    if gap.share is None:
        return sentence(f"{where} nobody gave a known answer, so there is no share to compare.")
    if gap.share == SUPPRESSED:
        return sentence(f"{where} the numbers are too small to show ({fewer_than(threshold)} in a group, or hidden so that "
                        "small groups cannot be worked out).")
    share = _whole(gap.share)
    text = f"{where} {share}% of people whose background is known are from lower SEB, against {_num(b_lower)}% in {phrase}"
    # The gap in words is worked out from the rounded figures in the same sentence, so they add up.
    said_gap = _whole(b_lower - int(share)) if float(b_lower).is_integer() else _whole(gap.gap)
    if gap.gap > 0 and said_gap != "0":
        people = "about 1 person" if gap.missing == 1 else f"about {gap.missing:,} people"
        text += f": a gap of {_points(said_gap)}, {people}." if gap.missing else f": a gap of {_points(said_gap)}."
    elif gap.gap < 0 and said_gap != "0":
        text += f": {_points(said_gap.lstrip('-'))} above it."
    else:
        text += ": about the same."
    if gap.clear.startswith("Yes"):
        text += " The difference is statistically clear."
    elif gap.gap != 0:
        text += " The difference could be chance."
    if "small group" in gap.clear:
        text += " The group is small, so read this with care."
    return sentence(text, [LINKS["progression"]] if where.startswith("At") and gap.gap > 0 else [])


def _progression(levels: list[Row], gaps: list[Gap], threshold: int, order: LevelOrder | None = None) -> dict | None:
    if len(levels) < 2:
        return None
    top, entry = levels[0], levels[-1]
    confirmed = order is None or order.confirmed
    # An order nobody confirmed makes the conclusion conditional, naming the order it rests on.
    if_so = "" if confirmed else (f"If {top.name} is your most senior level and {entry.name} your entry level, ")
    top_share, entry_share = gaps[0].share, gaps[-1].share
    rows = [{"measure": f"Lower SEB at the top level ({top.name}), % of known", "value": top_share},
            {"measure": f"Lower SEB at the entry level ({entry.name}), % of known", "value": entry_share}]
    if isinstance(top_share, float) and isinstance(entry_share, float):
        exact_top = 100 * top.counts[2] / top.known
        exact_entry = 100 * entry.counts[2] / entry.known
        points = round(exact_entry - exact_top, 1)
        ratio = round(exact_top / exact_entry, 2) if exact_entry else None
        rows += [{"measure": "Progression gap (points: entry minus top)", "value": points},
                 {"measure": "Ratio (top share \u00f7 entry share)", "value": ratio}]
        said = int(_whole(entry_share)) - int(_whole(top_share))
        if points > 0 and said > 0:
            text = (f"the share from lower SEB falls from {_whole(entry_share)}% at {entry.name} level to {_whole(top_share)}% at "
                    f"{top.name} level: a progression gap of {_points(str(said))}.")
            if ratio is not None:
                text += f" At the top their share is {ratio:.2f} times the entry level's."
        elif points < 0 and said < 0:
            text = (f"the share from lower SEB is higher at {top.name} level ({_whole(top_share)}%) than at {entry.name} level "
                    f"({_whole(entry_share)}%): no progression gap between the top and the entry level.")
        else:
            text = f"the share from lower SEB is about the same at {top.name} and {entry.name} level: no clear progression gap."
        if not confirmed:
            text += " Check the order of your levels at the top of these results."
        said = sentence(if_so + text if if_so else text[0].upper() + text[1:], [LINKS["progression"]])
        low, high = difference_interval(entry.counts[2], entry.known, top.counts[2], top.known)
        figure = {"points": points, "interval": [round(100 * low, 1), round(100 * high, 1)], "top": top.name,
                  "entry": entry.name, "confirmed": confirmed}
    else:
        figure = {"points": SUPPRESSED, "interval": None, "top": top.name, "entry": entry.name, "confirmed": confirmed}
        rows += [{"measure": "Progression gap (points: entry minus top)", "value": SUPPRESSED},
                 {"measure": "Ratio (top share \u00f7 entry share)", "value": SUPPRESSED}]
        said = sentence(f"The progression gap between {top.name} and {entry.name} level cannot be shown because the numbers "
                        "are too small.", [LINKS["progression"]])
    if order is None or order.basis == "yours":
        note = f"{top.name} is taken as the most senior level and {entry.name} as the entry level, as you ordered them."
    elif order.basis in ("recognised", "numbered"):
        note = f"{top.name} is taken as the most senior level and {entry.name} as the entry level ({order.scheme})."
    elif order.confirmed:
        note = "The first level you gave is taken as the most senior and the last as the entry level."
    else:
        note = (f"Not confirmed: {top.name} is taken as the most senior level and {entry.name} as the entry level because of "
                "the order they came in. Check this.")
    return {"table": table("progression", "Progression gap: top level against entry level", [("measure", "Measure"), ("value", "Value")],
                           rows, note=note, decimals={"value": None}),
            "sentence": said, "figure": figure}


def _quality(levels: list[Row]) -> tuple[dict, list[dict]]:
    rows, said = [], []
    low_response, low_known = [], []
    for r in levels:
        name = "All levels" if r.is_total else r.name
        answered = r.answered_shown
        rate = None
        if r.headcount:
            rate = SUPPRESSED if answered == SUPPRESSED else round(100 * r.answered / r.headcount, 1)
        known_rate = None
        if r.answered:
            known_rate = SUPPRESSED if answered == SUPPRESSED or r.known_shown == SUPPRESSED else _pct(r.known, r.answered)
        # Answered cannot exceed the headcount, so a headcount beside hidden answers would cap them:
        # it is shown only where everything it bounds is (the total's only where every level's is).
        head_hidden = answered == SUPPRESSED or (r.is_total and any(x.answered_shown == SUPPRESSED and x.headcount is not None
                                                                     for x in levels if not x.is_total))
        headcount = SUPPRESSED if r.headcount is not None and head_hidden else r.headcount
        rows.append({"name": name, "headcount": headcount, "answered": answered, "rate": rate, "rate_status": _rate_status(rate),
                     "known": r.known_shown, "known_rate": known_rate, "known_status": _rate_status(known_rate)})
        if not r.is_total:
            if isinstance(rate, float) and rate < ADVANCED_AIM:
                low_response.append(f"{r.name} ({_whole(rate)}%)")
            if isinstance(known_rate, float) and known_rate < ADVANCED_AIM:
                low_known.append(f"{r.name} ({_whole(known_rate)}%)")
    if low_response:
        said.append(sentence("Response rates are under the 70% the Social Mobility Commission suggests as you advance "
                             f"(about two-thirds at first) at: {', '.join(low_response)}. Results there may not speak for everyone.",
                             [LINKS["response"]]))
    if low_known:
        said.append(sentence(f"Fewer than 70% of answers say which group a person is in at: {', '.join(low_known)}. "
                             "Explain why you ask, and that answers are anonymous, to raise this.", [LINKS["response"]]))
    quality = table("quality", "Data quality by level",
                    [("name", "Level"), ("headcount", "Headcount"), ("answered", "Answered"), ("rate", "Response rate (%)"),
                     ("rate_status", "Against the SMC aims"), ("known", "Known answers"), ("known_rate", "Known-answer rate (%)"),
                     ("known_status", "Against the SMC aims")], rows,
                    note="The Social Mobility Commission suggests aiming for about two-thirds of people answering at first, "
                         "and at least 70% when you are more advanced. Headcount is blank when you did not give it.")
    return quality, said


def _benchmark_notice(benchmark: dict) -> dict:
    s = benchmark["shares"]
    text = (f"Benchmark: {benchmark['label']}: {_num(s['professional'])}% professional, {_num(s['intermediate'])}% intermediate, "
            f"{_num(s['lower'])}% lower.")
    if benchmark.get("date"):
        text += f" Date: {benchmark['date']}."
    if benchmark.get("definition") and benchmark.get("id") != "custom":
        text += f" {benchmark['definition']}"
    source = benchmark.get("source")
    links = [(f"{source.get('title')} ({source.get('publisher')}, {source.get('year')})", source["url"])] if source and source.get("url") else []
    return sentence(text, links)


def _suppression_notice(rows: dict[str, list[Row]], threshold: int) -> dict:
    tables = {id(t): t for rs in rows.values() for r in rs for t in (r.groups, r.unknown)}.values()
    primary = sum(len(t.primary) for t in tables)
    secondary = sum(len(t.hidden - t.primary) for t in tables)
    if not primary and not secondary:
        return sentence(f"No count is under {threshold}, so nothing is hidden.")
    text = (f"To protect privacy, counts under {threshold}, and percentages, intervals and bars built on them, show as "
            f"\u201c{SUPPRESSED}\u201d ({fewer_than(threshold)}).")
    if secondary:
        text += " Some larger counts are hidden too, so that the small ones cannot be worked out from the totals."
    return sentence(text)


def _results_csv(rows: dict[str, list[Row]], gaps: dict[str, list[Gap]], labels, benchmark: dict) -> str:
    header = ["breakdown", "name", "professional", "intermediate", "lower", "not_known", "answered", "known",
              "professional_pct", "professional_ci", "intermediate_pct", "intermediate_ci", "lower_pct", "lower_ci",
              "benchmark", "benchmark_lower_pct", "gap_points", "representation_ratio", "missing_people",
              "statistically_clear", "p_value"]
    out = []
    for dim, rs in rows.items():
        for r, g in zip(rs, gaps[dim]):
            name = labels[dim][2] if r.is_total else r.name
            line = [dim, name, *[r.count_shown(i) for i in range(4)], r.answered_shown, r.known_shown]
            for i in range(3):
                line += [r.share(i), r.interval(i)]
            line += [benchmark["label"], benchmark["shares"]["lower"], g.gap, g.ratio, g.missing, g.clear, g.p_value]
            out.append(line)
    return to_csv(header, out)


def _markdown_report(summary, notices, tables, benchmark: dict, threshold: int) -> str:
    lines = ["# Representation gap report", "",
             markdown_cell(f"Compared with {benchmark['label']}. Counts under {threshold} are hidden as {SUPPRESSED}."), "",
             "## Summary", ""]
    lines += [f"- {markdown_cell(s['text'])}" for s in summary]
    wanted = ("gap-level", "progression", "quality", "gap-function", "gap-region", "leaders", "grouping")
    for t in sorted((t for t in tables if t["id"] in wanted), key=lambda t: wanted.index(t["id"])):
        lines += ["", f"## {markdown_cell(t['caption'])}", ""]
        lines.append("| " + " | ".join(markdown_cell(c["label"]) for c in t["columns"]) + " |")
        lines.append("|" + " --- |" * len(t["columns"]))
        for row in t["rows"]:
            lines.append("| " + " | ".join(markdown_cell(row.get(c["key"])) for c in t["columns"]) + " |")
        if t.get("note"):
            lines += ["", markdown_cell(t["note"])]
    lines += ["", "## Notes", ""] + [f"- {markdown_cell(n['text'])}" for n in notices]
    lines += ["", "## Method", "", markdown_cell(METHOD_PLAIN), ""]
    return "\n".join(lines)


METHOD_PLAIN = (
    "Shares are of people whose background is known (other and prefer not to say are left out). Intervals are 95% Wilson "
    "intervals. The gap is the benchmark share minus your share, in percentage points; the representation ratio is your share "
    "divided by the benchmark share. Missing people is the benchmark share times the number of known answers, minus the number "
    "from lower SEB, rounded to the nearest whole person (halves round up), and none when you are at or above the benchmark. "
    "A difference is called statistically clear when an exact two-sided binomial test against the benchmark share gives "
    "p below 0.05. The progression gap is the lower-SEB share at the entry level minus the share at the top level.")

METHOD = f"""
- **Groups.** Answers to the headline question are grouped as shown with every result (options 1 and 2 professional,
  3 and 7 intermediate, 4 to 6 lower). "Other" and "prefer not to say" are counted but left out of percentages.
- **Shares** are percentages of people whose background is known, each with a 95% Wilson interval.
- **Gap** = benchmark share \u2212 your share, in percentage points. **Representation ratio** = your share \u00f7 benchmark share.
- **Missing people** = benchmark share \u00d7 known answers \u2212 people from lower SEB, rounded to the nearest whole
  person (halves round up); "none" when you are at or above the benchmark. This is how CMI counted its "missing managers".
- **Statistically clear** means an exact two-sided binomial test against the benchmark share gives p < 0.05. Groups with
  fewer than {SMALL_GROUP} known answers carry a caution.
- **Which level is the top.** Levels you order yourself (\u201cOrder of levels\u201d, or the form's rows) keep your
  order. Otherwise recognised names are put most senior first: pay quartiles (named, or numbered with quartile 1 the
  lowest paid), Civil Service grades (AA to SCS), NHS bands, numbered bands (higher numbers taken as more senior,
  which the result asks you to check) and words of seniority (board, director, manager, staff, entry). Names that fit
  none keep the file's order, and the result says so at the top and words the progression gap as conditional on it.
  Levels named two ways at once (\u201cQ1\u201d beside \u201cUpper quartile\u201d) are refused. A level called
  \u201cUnknown\u201d or \u201cPrefer not to say\u201d is put last and never used as the entry level.
- **Progression gap** = lower-SEB share at the entry level (the last level) \u2212 share at the top level (the first level),
  in points, and the ratio top \u00f7 entry.
- **Small numbers.** Counts under the threshold (default {DEFAULT_THRESHOLD}, never below {MIN_THRESHOLD}), and any percentage,
  interval or bar built on one, are shown as "{SUPPRESSED}". Further cells are hidden so that, from the totals across the level,
  function and region tables together, each hidden count could still be any whole number in a range at least the threshold wide, and
  hidden counts in a row or column with a shown total add up to at least the threshold. Zeros are shown, except
  beside a group's hidden counts, so that "0, 0, {SUPPRESSED}" cannot say the whole group is in one column. Notes give small
  counts as "fewer than" the threshold, and a headcount is shown only beside shown answers.
"""


def _group_columns() -> tuple[Input, ...]:
    count = dict(kind="number", integer=True, minimum=0, maximum=10_000_000, required=False, default=0)
    return (
        Input("level", "text", "Level or grade", hint="For example \u201cSenior leaders\u201d or \u201cUpper pay quartile\u201d.", max_length=80),
        Input("professional", label="Professional", hint="Answers 1 and 2.", **count),
        Input("intermediate", label="Intermediate", hint="Answers 3 and 7.", **count),
        Input("lower", label="Lower", hint="Answers 4, 5 and 6.", **count),
        Input("not_known", label="Not known", hint="Answers 8 and 9: other, don't know and prefer not to say.", **count),
        Input("headcount", "number", "Headcount (optional)", hint="Everyone at this level, answered or not.", integer=True,
              minimum=0, maximum=10_000_000, required=False),
    )


SPEC = CalculatorSpec(
    id=ID,
    title="Representation gap calculator",
    summary="Compare the socio-economic background of your people with a benchmark, level by level, and see your progression gap.",
    description=(
        "Use the answers to the Social Mobility Commission's headline question: *What was the occupation of your main "
        "household earner when you were about aged 14?* Give counts for each level, or upload your survey results. "
        "Everything is worked out in your browser: nothing you enter leaves your computer."),
    inputs=(
        Input("source", "choice", "How will you give your figures?", required=False, default="form", group="data",
              choices=(Choice("form", "Type counts for each level", "Quickest for a few levels."),
                       Choice("file", "Upload a CSV file", "One row per response, or counts per level. Templates are on the measurement kit page."),
                       Choice("paste", "Paste from a spreadsheet", "Copy the cells, with the header row, and paste them."))),
        Input("levels", "table", "Counts by level",
              hint="One row per level or pay quartile. Put the most senior level first and the entry level last.",
              columns=_group_columns(), min_rows=1, max_rows=MAX_CATEGORIES, group="data", depends_on={"source": "form"}),
        Input("upload", "file", "CSV file",
              hint=("Columns: level, answer (and optionally function and region), one row per response; or level, professional, "
                    "intermediate, lower, not_known (and optionally headcount), one row per level. Up to 50 MB; for bigger "
                    f"files use the command line: {CLI_COMMAND}"),
              accept=(".csv", ".tsv", ".txt"), max_bytes=MAX_UPLOAD_BYTES, group="data", depends_on={"source": "file"}),
        Input("paste", "text", "Cells pasted from a spreadsheet", hint="Include the header row. Columns as for the file.",
              multiline=True, max_length=5_000_000, group="data", depends_on={"source": "paste"}),
        Input("level_order", "text", "Order of levels (optional)",
              hint="List your levels from most senior to entry level, one per line or separated by commas. Leave blank "
                   "and recognised names (pay quartiles, Civil Service grades, NHS bands, words such as director or "
                   "junior) are put in order for you; other names keep the order you gave, and the result asks you to check it.",
              required=False, multiline=True, max_length=5_000, group="data"),
        Input("data_date", "text", "When the data was collected (optional)",
              hint="For example \u201cMarch 2026\u201d. It goes on the board report and in the results file.",
              required=False, max_length=40, group="data"),
        Input("org_label", "text", "Your organisation's name for a sector benchmark (optional)",
              hint="Goes in the benchmark file you can export for your sector group, in place of your real name if you wish.",
              required=False, max_length=80, group="data"),
        Input("column_map", "mapping", "Which column is which", required=False, group="data",
              hint="Asked for when the file's column names are not the ones we expect."),
        Input("answer_map", "mapping", "Groups for unrecognised answers", required=False, group="data",
              hint="Asked for when some answers do not match an option of the question."),
        Input("compare", "file", "Last year's results file (optional)",
              hint="To see the change since last year, choose the file you saved last year with \u201cSave these results for "
                   "next year\u201d. It is read in your browser, like everything else.",
              accept=(".json",), max_bytes=2 * 1024 * 1024, required=False, group="compare"),
        Input("level_map", "mapping", "Last year's levels renamed this year", required=False, group="compare",
              hint="Asked for when some of last year's levels do not match this year's by name."),
        Input("benchmark_source", "choice", "What do you want to compare with?", required=False, default="published", group="benchmark",
              choices=(Choice("published", "A published benchmark", "The UK workforce unless you choose another."),
                       Choice("custom", "My own figures", "For example your sector or your region."),
                       Choice("file", "A sector benchmark file", "From your sector group's convener (peer benchmark combiner)."))),
        Input("benchmark_file", "file", "Sector benchmark file", accept=(".json",), max_bytes=2 * 1024 * 1024, group="benchmark",
              hint="The sector-benchmark.json your sector group's convener made with the peer benchmark combiner.",
              depends_on={"benchmark_source": "file"}),
        Input("benchmark", "choice", "Benchmark", choices_from="benchmarks", required=False, group="benchmark",
              hint="Each benchmark shows its source, date and definition with the results.", depends_on={"benchmark_source": "published"}),
        Input("custom_label", "text", "Name of your benchmark", hint="For example \u201cOur sector\u201d.", required=False,
              max_length=80, group="benchmark", depends_on={"benchmark_source": "custom"}),
        Input("custom_professional", "number", "Professional (%)", minimum=0, maximum=100, group="benchmark",
              depends_on={"benchmark_source": "custom"}),
        Input("custom_intermediate", "number", "Intermediate (%)", minimum=0, maximum=100, group="benchmark",
              depends_on={"benchmark_source": "custom"}),
        Input("custom_lower", "number", "Lower (%)", hint="The three shares must add up to 100.", minimum=0, maximum=100,
              group="benchmark", depends_on={"benchmark_source": "custom"}),
        Input("threshold", "number", "Hide counts under", hint=f"Protects privacy. {DEFAULT_THRESHOLD} unless you have a reason; never below {MIN_THRESHOLD}.",
              integer=True, minimum=MIN_THRESHOLD, maximum=1000, required=False, default=DEFAULT_THRESHOLD, group="privacy"),
    ),
    outputs=(
        Output("summary", "summary", "What your figures say"),
        Output("notices", "notices", "Notes on your data, the grouping and the benchmark"),
        Output("tables", "table", "Counts, shares, gaps, progression gap, data quality and the grouping used"),
        Output("ladder", "chart", "Lower SEB by level against the benchmark", "A ladder from the most senior level down."),
        Output("downloads", "download", "Results (CSV), a short report (Markdown) and a one-page board report (HTML to print)"),
        Output("mappings", "mapping", "Questions about your file", "Which column is which, and groups for unrecognised answers."),
    ),
    run=run,
    method=METHOD,
    cli_file_input="upload",
)


def unlimited_spec() -> CalculatorSpec:
    """The spec without the browser's file-size limit, for the command line and analysts, where
    a file of any size can be read: `calculators.core.spec.run(unlimited_spec(), values, content)`."""
    return without_size_limits(SPEC)
