"""The manager survey from a CSV file, one row per manager, and the template for it."""
from __future__ import annotations

import re

from calculators.core.spec import InputError, InputErrors
from calculators.say_do.questions import ALL, DO_QUESTION, MAX_TEAMS, SAY_QUESTION
from calculators.say_do.teams import ReviewItem, Survey, TeamAnswers, unrecognisable_name
from calculators.shared.csv_safe import to_csv
from calculators.shared.tabular import MAX_REPORTED, match_columns, normalise_header, read_delimited


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
