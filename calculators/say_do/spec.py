"""The say/do gap calculator: a manager survey (mode 1) and a practice check with a plan (mode 2).

The work is done in saydo_survey (mode 1) and practice_check (mode 2); this module declares the
form and picks the mode.
"""
from __future__ import annotations

from calculators.say_do.practice_check import CLAIM_ANSWERS, STATUSES, run_practice_check
from calculators.say_do.survey import (DO_ANSWERS, DO_QUESTION, MAX_TEAMS, SAY_ANSWERS, SAY_QUESTION, csv_template,
                           reference, run_survey, survey_from_csv, survey_from_table)
from calculators.core.spec import CalculatorSpec, Choice, Input, InputError, Output
from calculators.shared.suppression import DEFAULT_THRESHOLD, MIN_THRESHOLD

SURVEY = {"mode": "survey"}
PRACTICE = {"mode": "practice"}


def run(values: dict, content: dict) -> dict:
    if values.get("mode") == "practice":
        return run_practice_check(values, content)
    rows, upload = values.get("teams") or [], values.get("upload")
    if rows and upload:
        raise InputError("upload", "You entered counts in the table and chose a file. Use one or the other: "
                                   "clear the table, or remove the file.")
    if upload:
        survey = survey_from_csv(upload, values.get("team_column"))
    elif rows:
        survey = survey_from_table(rows)
    else:
        raise InputError("teams", "The survey is empty. Enter how many managers gave each answer in the table, "
                                  "or upload a CSV file with one row per manager.")
    return run_survey(survey, values.get("threshold") or DEFAULT_THRESHOLD, reference(content), SPEC.links)


def _count(name: str, label: str, hint: str = "", required: bool = False) -> Input:
    return Input(name, "number", label, hint=hint, integer=True, minimum=0, maximum=10_000_000, required=required)


def _answers(items) -> str:
    return " / ".join(items)


def description(content: dict) -> str:
    """The page's description, quoting the reference figures from the content."""
    ref = reference(content)
    return f"""\
Find the gap between what your organisation says about social mobility and what it does.
Choose a mode:

- **Manager survey.** Ask your managers two questions and compare the answers.
- **Practice check.** Mark which of the toolkit's practices you have in place, and which statements your
  organisation makes. You get a say and a do score for each building block, and a plan.

## The survey questions

Ask every manager these two questions. Keep the survey anonymous.

1. {SAY_QUESTION} ({_answers(SAY_ANSWERS)})
2. {DO_QUESTION} ({_answers(DO_ANSWERS)})

Enter the number of managers who gave each answer, team by team, or upload a CSV file with one row per
manager. The file needs these columns (the team column is optional):

```csv
{csv_template().strip()}
```

In {ref['phrase']}, {ref['say']}% of managers said their workplace is inclusive of people from lower
socio-economic backgrounds, but only {ref['do']}% could name an active programme. Source:
{ref['source']}.

Everything is worked out in your browser. Nothing you enter is sent anywhere.
"""

def method(content: dict) -> str:
    """How the figures are worked out, quoting the reference from the content."""
    ref = reference(content)
    return f"""\
### Manager survey

- **Say** is the share of managers who answered the survey and said "yes" to the first question.
- **Do** is the share who said "yes" to the second question, that is, they can name a programme.
- Both use the same base: every manager who answered the survey. A manager who skipped a question
  counts as not saying "yes".
- **Gap** is say minus do, in percentage points, worked out from the figures as shown.
- Each percentage has a 95% Wilson score interval. It shows the range the true figure is likely to be in.
- With a CSV file, a manager who said "yes" to both questions but gave no recognisable programme name
  (blank, "n/a", "don't know", too short) is listed for you to check.
- **Small numbers.** Any count under the threshold (default {DEFAULT_THRESHOLD}, never below {MIN_THRESHOLD}),
  and any percentage built on it, is hidden. So is any figure that would let a hidden one be worked out
  from the team totals. This uses the same rules as the other calculators.
- The reference figures are {ref['say']}% and {ref['do']}% from {ref['phrase']}
  ({ref['source']}).

### Practice check

- The checklist is every practice (intervention) in this toolkit. Mark each one in place, partly,
  not yet or not applicable.
- The statements come from the toolkit's list, plus any you add. Each is linked to the practices
  that would back it up.
- **Do score** for a building block: the share of its practices that apply to you (not marked "not
  applicable") that are in place. "Partly" counts as half. Unmarked practices are left out.
- **Say score** for a building block: of the statements that rely on that block's practices, the share
  your organisation makes. Your own statements always count as made.
- **Gap** is say minus do, in points. A positive gap means you say more than you do.
- A statement is **backed** when at least one practice linked to it is in place, **partly backed** when
  the best is "partly", and **not backed** otherwise.
- **The plan** lists practices marked "not yet" or "partly". They are ordered by stage (getting started
  first), then by fit for your organisation's size, then by how many of your statements each would back
  up. Ties go to practices already partly in place, then to lower effort.
"""

SPEC = CalculatorSpec(
    id="say-do-gap",
    title="Say/do gap calculator",
    summary="Compare what your organisation says about social mobility with what it does, and get a plan to close the gap.",
    description=description,
    method=method,
    inputs=(
        Input("mode", "choice", "What do you want to check?", default="survey", choices=(
            Choice("survey", "Manager survey", "Compare how many managers say the workplace is inclusive with how many can name a programme."),
            Choice("practice", "Practice check", "Compare the statements you make with the practices you have, and get a plan."))),
        # Mode 1: manager survey
        Input("teams", "table", "Answers by team", required=False, max_rows=MAX_TEAMS, depends_on=SURVEY, group="Survey answers",
              hint="One row per team or function. Leave the team blank if you have only one set of answers.",
              columns=(
                  Input("team", "text", "Team or function", required=False, max_length=80),
                  _count("respondents", "Managers who answered", "Leave blank to add up the answers."),
                  _count("inclusive_yes", "Said inclusive: yes"),
                  _count("inclusive_no", "Said inclusive: no"),
                  _count("inclusive_dont_know", "Said inclusive: don't know"),
                  _count("programme_yes", "Can name a programme: yes"),
                  _count("programme_no", "Can name a programme: no"),
              )),
        Input("upload", "file", "Or upload one row per manager (CSV)", required=False, accept=(".csv", ".txt"),
              max_bytes=5_000_000, depends_on=SURVEY, group="Survey answers",
              hint="Columns: team (optional), inclusive, programme and programme_name. The template above shows the layout."),
        Input("team_column", "text", "Column that holds the team", required=False, max_length=80, depends_on=SURVEY,
              group="Survey answers", hint="Only for a CSV file. Leave blank if the column is called team, function or department."),
        Input("threshold", "number", "Hide figures based on fewer than this many people", required=False, default=DEFAULT_THRESHOLD,
              integer=True, minimum=MIN_THRESHOLD, maximum=1000, depends_on=SURVEY, group="Small numbers",
              hint=f"The default is {DEFAULT_THRESHOLD}. It cannot be lower than {MIN_THRESHOLD}."),
        # Mode 2: practice check
        Input("org_size", "choice", "Size of your organisation", required=False, depends_on=PRACTICE,
              hint="Used to put the practices made for organisations like yours first in the plan.",
              choices=(Choice("small", "Small", "No dedicated HR team"), Choice("large", "Large", "Has HR or people specialists"))),
        Input("claims", "mapping", "Statements your organisation makes", required=False, depends_on=PRACTICE,
              choices=tuple(Choice(v, label) for v, label in CLAIM_ANSWERS),
              hint="Tick the statements you make in public or to staff: on your website, in job adverts, in reports."),
        Input("practices", "mapping", "Practices you have in place", required=False, depends_on=PRACTICE,
              choices=tuple(Choice(v, label) for v, label in STATUSES),
              hint="Mark each practice in place, partly, not yet or not applicable."),
        Input("custom_claims", "table", "Your own statements", required=False, max_rows=10, depends_on=PRACTICE,
              hint="Add statements your organisation makes that are not in the list, and the practices that would back them up.",
              columns=(
                  Input("text", "text", "Statement", required=False, max_length=200),
                  Input("backed_by", "text", "Practices that back it up", required=False, max_length=1000,
                        hint="Practice names from the checklist, separated by semicolons."),
              )),
    ),
    outputs=(
        Output("summary", "summary", "What it means"),
        Output("notices", "notices", "Notes on your data", "The reference and its source, hidden figures, and answers to check."),
        Output("overall", "table", "Say and do", "Survey: your managers against the reference figures, with 95% intervals."),
        Output("by-team", "table", "Gap by team", "Survey: say, do and the gap for each team, with small numbers hidden."),
        Output("review", "table", "Programme names to check", "Survey file: managers who said yes to both but named nothing recognisable."),
        Output("say-do", "chart", "Say and do chart"),
        Output("blocks", "table", "Say and do by building block", "Practice check: say score, do score and gap for each block."),
        Output("say-do-by-block", "chart", "Say and do by building block chart"),
        Output("claims-made", "table", "Statements and what backs them up"),
        Output("plan", "table", "Action plan", "Practice check: the next practices to adopt, in order, each linked to its page."),
        Output("downloads", "download", "Downloads", "The action plan as Markdown and CSV; the survey template."),
        Output("checklist", "mapping", "The checklist", "Practice check: the statements and practices to mark, from the toolkit's content."),
    ),
    run=run,
    can_save=True,
    links={"close-gap": "intervention:close-the-say-do-gap", "practice-check": "calculator:say-do-gap"},
)
