"""Manager survey: how many managers say the workplace is inclusive, and how many can name a programme.

Answers come as counts per team (a table, teams.py) or as one CSV row per manager (survey_csv.py);
the figures are in team_figures.py and the questions in questions.py. Figures built on small
numbers are hidden with the shared helper (calculators.shared.suppression), including across teams.
"""
from __future__ import annotations

from calculators.core.result import SUPPRESSED, chart, download, key_figure, result, sentence, table
from calculators.say_do.questions import ALL, DO_ANSWERS, DO_QUESTION, MAX_REVIEW, MAX_TEAMS, SAY_ANSWERS, SAY_QUESTION  # noqa: F401
from calculators.say_do.survey_csv import CSV_ROLES, EXPECTED, csv_template, survey_from_csv  # noqa: F401
from calculators.say_do.team_figures import survey_figures
from calculators.say_do.teams import COUNT_COLUMNS, ReviewItem, Survey, TeamAnswers, survey_from_table, unrecognisable_name  # noqa: F401
from calculators.shared.suppression import chart_values, check_threshold, fewer_than, is_small, percentage_is_hidden




def reference(content: dict) -> dict:
    """The figures the survey is compared with: content["say_do_reference"] (content/data/benchmarks.yml,
    say_do_reference: label, phrase, say, do and source; the build checks them)."""
    found = content.get("say_do_reference")
    if not isinstance(found, dict):
        raise ValueError("The content data has no say_do_reference (content/data/benchmarks.yml): the manager survey "
                         "needs the reference figures it compares with.")
    return found



# ---- results --------------------------------------------------------------------------------

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
