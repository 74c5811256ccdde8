"""Manager survey: how many managers say the workplace is inclusive, and how many can name a programme.

Answers come as counts per team (a table) or as one CSV row per manager. Figures built on small
numbers are hidden with the shared helper (calculators.shared.suppression), including across teams.
"""
from __future__ import annotations

import re

from calculators.shared.csv_safe import to_csv
from calculators.core.record import field, record
from calculators.core.result import SUPPRESSED, chart, download, key_figure, result, sentence, table
from calculators.core.spec import InputError, InputErrors
from calculators.shared.stats import wilson_interval
from calculators.shared.suppression import (chart_values, check_threshold, fewer_than, is_small, percentage_is_hidden,
                          suppress_linked_tables)
from calculators.shared.tabular import MAX_REPORTED, match_columns, normalise_header, read_delimited

SAY_QUESTION = "Is your workplace inclusive of people from lower socio-economic backgrounds?"
SAY_ANSWERS = ("Yes", "No", "Don't know")
DO_QUESTION = "Can you name an active programme to recruit, promote or progress them?"
DO_ANSWERS = ("Yes (please name it)", "No")



def reference(content: dict) -> dict:
    """The figures the survey is compared with: content["say_do_reference"] (content/data/benchmarks.yml,
    say_do_reference: label, phrase, say, do and source; the build checks them)."""
    found = content.get("say_do_reference")
    if not isinstance(found, dict):
        raise ValueError("The content data has no say_do_reference (content/data/benchmarks.yml): the manager survey "
                         "needs the reference figures it compares with.")
    return found


ALL = "All respondents"
MAX_REVIEW = 200  # rows listed for review; all of them are counted
MAX_TEAMS = 50  # protecting the team table gets slow beyond this (secondary suppression is exact)


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


# ---- results --------------------------------------------------------------------------------

def _interval(count: int, base: int) -> str:
    low, high = wilson_interval(count, base)
    return f"{low * 100:.1f} to {high * 100:.1f}"


def _shown_percent(table, row: int, column: int, base: int, threshold: int):
    """A team's (or the total's) yes count as a percentage of its respondents, hidden when the
    count or the base is hidden or the base is small."""
    if base <= 0:
        return None
    if table.is_hidden(row, column) or table.is_hidden(table.n_rows, column) or base < threshold:
        return SUPPRESSED
    return round(100 * table.value(row, column) / base, 1)


def _total_percent(table, base: int, threshold: int):
    if table.is_hidden(0, table.n_columns) or table.is_hidden(table.n_rows, table.n_columns) or base < threshold:
        return SUPPRESSED
    return round(100 * table.value(0, table.n_columns) / base, 1)


def _gap(say, do):
    if isinstance(say, (int, float)) and isinstance(do, (int, float)):
        return round(say - do, 1)
    return SUPPRESSED if SUPPRESSED in (say, do) else None


def survey_figures(survey: Survey, threshold: int) -> dict:
    """Every figure the result shows, already suppressed: {"teams": [...], "total": {...}}."""
    teams = survey.teams
    say_grid = [[t.say_yes for t in teams], [t.say_other for t in teams]]
    do_grid = [[t.do_yes for t in teams], [t.do_other for t in teams]]
    # Rows are answers (yes, not yes) and columns teams: zeros stay shown (protect_groups is about
    # rows that are groups of people). Every hidden count still moves over at least the threshold.
    say, do = suppress_linked_tables([say_grid, do_grid], threshold, protect_groups=False)
    rows = []
    for c, team in enumerate(teams):
        say_pct = _shown_percent(say, 0, c, team.respondents, threshold)
        do_pct = _shown_percent(do, 0, c, team.respondents, threshold)
        rows.append({
            "team": team.name, "respondents": say.shown(say.n_rows, c),
            "say_yes": say.shown(0, c), "say": say_pct,
            "say_interval": _interval(team.say_yes, team.respondents) if isinstance(say_pct, float) else say_pct,
            "do_yes": do.shown(0, c), "do": do_pct,
            "do_interval": _interval(team.do_yes, team.respondents) if isinstance(do_pct, float) else do_pct,
            "gap": _gap(say_pct, do_pct),
        })
    n = sum(t.respondents for t in teams)
    say_all, do_all = _total_percent(say, n, threshold), _total_percent(do, n, threshold)
    total = {
        "team": "All teams" if len(teams) > 1 else teams[0].name, "respondents": say.grand_total(),
        "say_yes": say.row_total(0), "say": say_all,
        "say_interval": _interval(sum(t.say_yes for t in teams), n) if isinstance(say_all, float) else say_all,
        "do_yes": do.row_total(0), "do": do_all,
        "do_interval": _interval(sum(t.do_yes for t in teams), n) if isinstance(do_all, float) else do_all,
        "gap": _gap(say_all, do_all),
    }
    hidden = len(say.hidden) + len(do.hidden)
    return {"teams": rows, "total": total, "respondents": n, "any_hidden": hidden > 0}


def _pct(value) -> str:
    return f"{value:g}%"


def run_survey(survey: Survey, threshold: int, ref: dict, links: dict) -> dict:
    """The survey's result. ref: the reference it is compared with (`reference(content)`); links: the
    pages it links to, by name (the spec's links)."""
    threshold = check_threshold(threshold)
    figures = survey_figures(survey, threshold)
    total, n = figures["total"], figures["respondents"]
    say, do, gap = total["say"], total["do"], total["gap"]
    cmi_gap = ref["say"] - ref["do"]

    summary = []
    if n < threshold:
        summary.append(sentence(f"{fewer_than(threshold).capitalize()} managers answered, so no figures are shown. "
                                "Ask more managers, or combine teams, before reading the results."))
    else:
        if isinstance(say, float):
            summary.append(sentence(f"{_pct(say)} of the {n} managers who answered say your workplace is inclusive of people from lower "
                                    f"socio-economic backgrounds (95% interval {total['say_interval'].replace(' to ', '% to ')}%)."))
        if isinstance(do, float):
            summary.append(sentence(f"{_pct(do)} can name an active programme to recruit, promote or progress them "
                                    f"(95% interval {total['do_interval'].replace(' to ', '% to ')}%)."))
        if isinstance(gap, float):
            if gap > 0:
                summary.append(sentence(f"That is a say/do gap of {gap:g} points. In {ref['phrase']} the gap was {cmi_gap} points "
                                        f"({ref['say']}% said, {ref['do']}% could name a programme)."))
            elif gap == 0:
                summary.append(sentence(f"As many managers can name a programme as say the workplace is inclusive, so there is no "
                                        f"say/do gap. In {ref['phrase']} the gap was {cmi_gap} points."))
            else:
                summary.append(sentence(f"More managers can name a programme than say the workplace is inclusive, so there is no say/do gap "
                                        f"(a difference of {gap:g} points). In {ref['phrase']} the gap was {cmi_gap} points."))
        if not all(isinstance(v, float) for v in (say, do)):
            summary.append(sentence("Some overall figures are hidden because they rest on small numbers."))
        summary.append(sentence("Close the gap by turning what you say into practices you can name.",
                                [("Close the say/do gap", links["close-gap"]),
                                 ("Check your practices with the practice check", links["practice-check"])]))

    notices = [sentence(f"Reference: {ref['say']}% of managers said their workplace is inclusive of people from lower "
                        f"socio-economic backgrounds; {ref['do']}% could name an active programme. "
                        f"Source: {ref['source']}.")]
    if figures["any_hidden"]:
        notices.append(sentence(f"Figures based on {fewer_than(threshold)} people are shown as {SUPPRESSED}. So are a few others "
                                "that would let a hidden figure be worked out from the totals."))
    notices += [sentence(note) for note in survey.notes]
    notices += _quality_notices(survey, total, n, threshold)

    overall_rows = [
        {"measure": "Say: the workplace is inclusive (%)", "yours": say, "interval": total["say_interval"], "cmi": ref["say"]},
        {"measure": "Do: can name an active programme (%)", "yours": do, "interval": total["do_interval"], "cmi": ref["do"]},
        {"measure": "Gap (points)", "yours": gap, "interval": None, "cmi": cmi_gap},
    ]
    tables = [table("overall", f"Say and do: your managers and {ref['phrase']}",
                    (("measure", "Measure"), ("yours", "Your managers"), ("interval", "95% interval (%)"), ("cmi", ref["label"])),
                    overall_rows, note=f"Reference source: {ref['source']}.")]
    charts = [chart("say-do", f"Say and do: your managers and {ref['phrase']}", ["Your managers", ref["label"]],
                    [{"name": "Say: inclusive", "values": chart_values([say, ref["say"]])},
                     {"name": "Do: can name a programme", "values": chart_values([do, ref["do"]])}], table_id="overall")]
    if len(survey.teams) > 1:
        columns = (("team", "Team"), ("respondents", "Managers who answered"), ("say_yes", "Say inclusive"), ("say", "Say (%)"),
                   ("say_interval", "Say 95% interval (%)"), ("do_yes", "Can name a programme"), ("do", "Do (%)"),
                   ("do_interval", "Do 95% interval (%)"), ("gap", "Gap (points)"))
        tables.append(table("by-team", "Say/do gap by team", columns, figures["teams"] + [total],
                            note=f"{SUPPRESSED} marks a figure hidden to protect small numbers."))
        charts.append(chart("say-do-by-team", "Say and do by team", [r["team"] for r in figures["teams"]],
                            [{"name": "Say: inclusive", "values": chart_values(r["say"] for r in figures["teams"])},
                             {"name": "Do: can name a programme", "values": chart_values(r["do"] for r in figures["teams"])}],
                            table_id="by-team"))
    if survey.review:
        tables.append(table("review", "Programme names to check",
                            (("line", "Line in your file"), ("team", "Team"), ("name", "Name given"), ("reason", "Why it needs a check")),
                            [{"line": r.line, "team": r.team, "name": r.name, "reason": r.reason} for r in survey.review[:MAX_REVIEW]],
                            note=("For your own checks only: this list is not protected for small numbers, so do not share it."
                                  + (f" It shows the first {MAX_REVIEW} of {len(survey.review)}." if len(survey.review) > MAX_REVIEW else ""))))
    downloads = [download("say-do-survey-template.csv", "text/csv", csv_template(), "Download the survey template (CSV)")]
    return result(summary=summary, notices=notices, tables=tables, charts=charts, downloads=downloads,
                  scores={"say": say, "do": do, "gap": gap}, key_figures=_key_figures(total, n, threshold, cmi_gap, ref))


def _key_figures(total: dict, n: int, threshold: int, cmi_gap: float, ref: dict) -> list[dict]:
    """Say, do and the gap, first on the page; each hidden when the result hides it."""
    if n < threshold:
        return []
    def bounds(text):
        return [float(v) for v in text.split(" to ")] if isinstance(text, str) and " to " in text else None
    return [
        key_figure("say", "Say: the workplace is inclusive", total["say"], "%", bounds(total["say_interval"]),
                   f"Of the {n:,} managers who answered. In {ref['phrase']}: {ref['say']}%."),
        key_figure("do", "Do: can name an active programme", total["do"], "%", bounds(total["do_interval"]),
                   f"In {ref['phrase']}: {ref['do']}%."),
        key_figure("gap", "Say/do gap", total["gap"], " points", None,
                   f"Say minus do. In {ref['phrase']} the gap was {cmi_gap} points."),
    ]


def _quality_notices(survey: Survey, total: dict, n: int, threshold: int) -> list[dict]:
    notices = []
    skipped_say = sum(t.respondents - t.say_yes - t.say_no - t.say_dont_know for t in survey.teams)
    skipped_do = sum(t.respondents - t.do_yes - t.do_no for t in survey.teams)
    if skipped_say or skipped_do:
        notices.append(sentence(f"Some managers skipped a question ({_how_many(skipped_say, threshold)} the first, "
                                f"{_how_many(skipped_do, threshold)} the second). They still count in the percentages, "
                                "as managers who did not say yes."))
    if survey.review:
        k = len(survey.review)
        text = (f"{_how_many(k, threshold).capitalize()} manager{'s' if k > 1 or is_small(k, threshold) else ''} said yes to both questions but did not "
                "name a programme you would recognise. Check them in the table \u201cProgramme names to check\u201d.")
        do_yes = sum(t.do_yes for t in survey.teams)
        if isinstance(total["do"], float) and not is_small(k, threshold) and not percentage_is_hidden(do_yes - k, n, threshold):
            text += f" Without them, the do figure would be {round(100 * (do_yes - k) / n, 1):g}% instead of {total['do']:g}%."
        notices.append(sentence(text))
    elif not survey.from_file:
        notices.append(sentence("Counts cannot show whether managers named a real programme. Upload one row per manager, with the "
                                "programme name, to check the names."))
    return notices


def _how_many(count: int, threshold: int) -> str:
    return fewer_than(threshold) if is_small(count, threshold) else str(count)


def csv_template() -> str:
    return to_csv(("team", "inclusive", "programme", "programme_name"), [
        ("Sales", "yes", "yes", "Apprenticeships with the local FE college"),
        ("Sales", "yes", "no", ""),
        ("Finance", "don't know", "no", ""),
        ("Finance", "no", "no", ""),
    ])


# ---- one row per manager from a CSV file ------------------------------------------------------

CSV_ROLES = {
    "team": ("team", "function", "department", "business function", "team or function", "dept", "business area"),
    "inclusive": ("inclusive", "say", "q1", "question 1", "workplace inclusive", "is your workplace inclusive", SAY_QUESTION),
    "programme": ("programme", "program", "do", "q2", "question 2", "can name a programme", "can name programme",
                  "can you name a programme", "can you name an active programme", DO_QUESTION),
    "programme_name": ("programme_name", "programme name", "program name", "name of programme", "name of the programme",
                       "which programme", "q2 name"),
}
EXPECTED = "team (optional), inclusive, programme and programme_name (optional)"
_SAY_WORDS = {"yes": "yes", "y": "yes", "true": "yes", "1": "yes", "no": "no", "n": "no", "false": "no", "0": "no",
              "don't know": "dont_know", "dont know": "dont_know", "do not know": "dont_know", "not sure": "dont_know",
              "unsure": "dont_know", "dk": "dont_know", "don't_know": "dont_know", "dont_know": "dont_know"}
_DO_WORDS = {"yes": "yes", "y": "yes", "true": "yes", "1": "yes", "no": "no", "n": "no", "false": "no", "0": "no"}


def _answer(cell: str) -> str:
    """Lower case, plain spaces, and any bracketed note dropped, so the page's own wording
    ("Yes (please name it)", "Don't know") is read as the answer it is."""
    text = re.sub(r"\([^)]*\)", " ", cell.replace("\u2019", "'"))
    return re.sub(r"\s+", " ", text.strip().lower()).strip(" .!")


def survey_from_csv(text: str, team_column: str | None = None) -> Survey:
    """Count one row per manager by team, and list yes-to-both answers with no recognisable name.

    Raises InputError(s) naming the line and column, or the columns found and expected."""
    parsed = read_delimited(text, "upload", "The survey file")
    column_map = {team_column.strip(): "team"} if team_column and team_column.strip() else None
    if column_map and not any(normalise_header(h) == normalise_header(team_column) for h in parsed.header):
        raise InputError("team_column", f"There is no column called \u201c{team_column.strip()}\u201d in the file. "
                                        f"The columns are: {_names(parsed.header)}. Enter one of them, or leave this blank.",
                         column=team_column.strip())
    match = match_columns(parsed.header, CSV_ROLES, column_map)
    found = dict(match.found)
    if column_map and len(found.get("team", ())) > 1:  # the user's choice wins over a column merely called "team"
        found["team"] = tuple(i for i in found["team"] if normalise_header(parsed.header[i]) == normalise_header(team_column))
    missing = [role for role in ("inclusive", "programme") if role not in found]
    if missing:
        raise InputError("upload", f"The file does not have the survey's columns: {' and '.join(missing)} "
                                   f"{'is' if len(missing) == 1 else 'are'} missing. Columns found: {_names(parsed.header)}. "
                                   f"Columns expected: {EXPECTED}. Download the template to see the layout.", row=parsed.header_line)
    for role, columns in found.items():
        if len(columns) > 1:
            names = _names(parsed.header[i] for i in columns)
            fix = "Enter the one to use in \u201cColumn that holds the team\u201d." if role == "team" else "Delete or rename one of them."
            raise InputError("upload" if role != "team" else "team_column",
                             f"More than one column could hold {role.replace('_', ' ')}: {names}. {fix}", row=parsed.header_line)
    col = {role: columns[0] for role, columns in found.items()}
    errors, more = [], 0
    counts: dict[str, dict] = {}
    review, blank_rows = [], 0
    for cells, line in zip(parsed.rows, parsed.lines):
        say_raw, do_raw = cells[col["inclusive"]], cells[col["programme"]]
        say, do = _SAY_WORDS.get(_answer(say_raw)), _DO_WORDS.get(_answer(do_raw))
        problems = []
        if say_raw.strip() and say is None:
            problems.append(InputError("upload", f"Line {line}, column \u201c{parsed.header[col['inclusive']]}\u201d: \u201c{say_raw}\u201d "
                                       "is not an answer to the first question. Use yes, no or don't know.",
                                       row=line, column=parsed.header[col["inclusive"]]))
        if do_raw.strip() and do is None:
            problems.append(InputError("upload", f"Line {line}, column \u201c{parsed.header[col['programme']]}\u201d: \u201c{do_raw}\u201d "
                                       "is not an answer to the second question. Use yes or no, and put the programme's name "
                                       "in the programme_name column.", row=line, column=parsed.header[col["programme"]]))
        if problems:
            room = max(0, MAX_REPORTED - len(errors))
            errors += problems[:room]
            more += len(problems) - len(problems[:room])
            continue
        if say is None and do is None:
            blank_rows += 1
            continue
        team = cells[col["team"]].strip() if "team" in col else ALL
        team = team or "No team given"
        entry = counts.setdefault(team.casefold(), {"name": team, "respondents": 0, "yes": 0, "no": 0, "dont_know": 0, "do_yes": 0, "do_no": 0})
        entry["respondents"] += 1
        if say:
            entry[say] += 1
        if do:
            entry["do_" + do] += 1
        if say == "yes" and do == "yes" and "programme_name" in col:
            name = cells[col["programme_name"]]
            reason = unrecognisable_name(name)
            if reason:
                review.append(ReviewItem(line, team if "team" in col else "", name, reason))
    if errors:
        if more:
            errors.append(InputError("upload", f"\u2026 and {more} more answer{'s' if more > 1 else ''} like these."))
        raise InputErrors(errors)
    if not counts:
        raise InputError("upload", "The survey file has no answers: every row is blank in the inclusive and programme columns.")
    notes = []
    if blank_rows:
        notes.append(f"{blank_rows} row{'s' if blank_rows > 1 else ''} had no answer to either question and {'were' if blank_rows > 1 else 'was'} left out.")
    if match.unmatched:
        notes.append(f"These columns were not used: {_names(parsed.header[i] for i in match.unmatched)}.")
    if "programme_name" not in col:
        notes.append("The file has no programme_name column, so the names of programmes cannot be checked.")
    if len(counts) > MAX_TEAMS:
        raise InputError("team_column" if "team" in col else "upload",
                         f"The file has {len(counts)} teams; the calculator can compare up to {MAX_TEAMS}. Combine small teams "
                         "into larger groups in the file, or name a broader column (such as a division) in "
                         "\u201cColumn that holds the team\u201d.", column=parsed.header[col["team"]] if "team" in col else None)
    teams = [TeamAnswers(e["name"], e["respondents"], e["yes"], e["no"], e["dont_know"], e["do_yes"], e["do_no"]) for e in counts.values()]
    return Survey(teams, review=review, from_file=True, notes=notes)


def _names(names) -> str:
    return ", ".join(f"\u201c{n}\u201d" for n in names)
