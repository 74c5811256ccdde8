"""Manager survey (say/do gap calculator, mode 1): say and do with Wilson intervals, the gap,
the gap by team with small numbers protected, CMI's reference, and clear messages for bad counts."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.say_do import spec as saydo
from calculators.core.result import SUPPRESSED
from calculators.say_do.survey import (Survey, TeamAnswers, run_survey, survey_figures,
                                      survey_from_table, unrecognisable_name)
from calculators.core.spec import InputErrors, run
from calculators.shared.suppression import ProtectedTable, worked_out_cells
from sitekit import SAY_DO_REFERENCE as REF

import pytest

CONTENT = {"say_do_reference": REF}  # fixture content: the reference the survey quotes (70% say, 25% do)


def survey(rows: list[dict], **extra) -> dict:
    out = run(saydo.SPEC, {"mode": "survey", "teams": rows, **extra}, CONTENT)
    assert out["ok"], out
    return out["result"]


def errors(raw: dict) -> list[dict]:
    out = run(saydo.SPEC, {"mode": "survey", **raw}, CONTENT)
    assert not out["ok"], out
    return out["errors"]


def row(team="", respondents="", iy=0, ino=0, idk=0, py=0, pn=0) -> dict:
    # As the browser sends them: numbers arrive as strings.
    return {"team": team, "respondents": str(respondents), "inclusive_yes": str(iy), "inclusive_no": str(ino),
            "inclusive_dont_know": str(idk), "programme_yes": str(py), "programme_no": str(pn)}


def table_rows(result: dict, table_id: str) -> list[dict]:
    return next(t for t in result["tables"] if t["id"] == table_id)["rows"]


# ---- the figures ----------------------------------------------------------------------------

def test_say_do_and_gap_with_wilson_intervals():
    # 40 of 50 said yes; 10 of 50 can name a programme. Wilson 95% by hand:
    #   40/50: centre (0.8 + 1.96^2/100) / (1 + 1.96^2/50) = 0.7786, half-width 0.1090 -> 67.0 to 88.8
    #   10/50: centre 0.2214, half-width 0.1090 -> 11.2 to 33.0
    result = survey([row(iy=40, ino=6, idk=4, py=10, pn=40)])
    overall = {r["measure"]: r for r in table_rows(result, "overall")}
    say, do, gap = overall.values()
    assert (say["yours"], say["interval"]) == (80.0, "67.0 to 88.8")
    assert (do["yours"], do["interval"]) == (20.0, "11.2 to 33.0")
    assert gap["yours"] == 60.0
    assert result["summary"][0]["text"].startswith("80% of the 50 managers who answered say your workplace is inclusive")
    assert "(95% interval 67% to 88.8%)" not in result["summary"][0]["text"]
    assert "(95% interval 67.0% to 88.8%)" in result["summary"][0]["text"]
    assert result["summary"][2]["text"].startswith("That is a say/do gap of 60 points.")


def test_the_reference_comes_from_the_content_and_is_shown_with_its_source():
    result = survey([row(iy=40, ino=10, py=10, pn=40)])
    overall = table_rows(result, "overall")
    assert [r["cmi"] for r in overall] == [70, 25, 45]
    assert result["tables"][0]["note"] == "Reference source: A fixture study of managers, 2020."
    assert result["tables"][0]["caption"] == "Say and do: your managers and the study"
    assert result["notices"][0]["text"].startswith("Reference: 70% of managers said") and "; 25% could name" in result["notices"][0]["text"]
    assert "In the study the gap was 45 points (70% said, 25% could name a programme)." in result["summary"][2]["text"]
    chart = result["charts"][0]
    assert chart["categories"] == ["Your managers", "A study (2020)"] and chart["table"] == "overall"
    assert chart["series"][0]["values"] == [80.0, 70] and chart["series"][1]["values"] == [20.0, 25]
    assert [k["meaning"] for k in result["key_figures"]][1:] == ["In the study: 25%.", "Say minus do. In the study the gap was 45 points."]


def test_the_survey_says_plainly_when_the_content_has_no_reference():
    with pytest.raises(ValueError, match="say_do_reference"):
        run(saydo.SPEC, {"mode": "survey", "teams": [row(iy=40, ino=10, py=10, pn=40)]}, {})


def test_respondents_default_to_the_answers_given_and_skips_count_as_not_yes():
    # 40 answered; 4 skipped the first question. Say = 24/40 = 60%, do = 10/40 = 25%.
    result = survey([row(respondents=40, iy=24, ino=12, py=10, pn=30)])
    assert [r["yours"] for r in table_rows(result, "overall")] == [60.0, 25.0, 35.0]
    assert any(n["text"].startswith("Some managers skipped a question (fewer than 10 the first, 0 the second)")
               for n in result["notices"])
    blank = survey([row(iy=24, ino=16, py=10, pn=30)])
    assert [r["yours"] for r in table_rows(blank, "overall")] == [60.0, 25.0, 35.0]


def test_gap_by_team_has_a_row_per_team_and_a_total():
    result = survey([row("Sales", iy=30, ino=10, py=15, pn=25), row("Finance", iy=20, ino=20, py=20, pn=20)])
    teams = table_rows(result, "by-team")
    assert [r["team"] for r in teams] == ["Sales", "Finance", "All teams"]
    assert [(r["say"], r["do"], r["gap"]) for r in teams] == [(75.0, 37.5, 37.5), (50.0, 50.0, 0.0), (62.5, 43.8, 18.7)]
    assert [r["respondents"] for r in teams] == [40, 40, 80]
    chart = next(c for c in result["charts"] if c["id"] == "say-do-by-team")
    assert chart["table"] == "by-team" and chart["categories"] == ["Sales", "Finance"]


def test_one_set_of_answers_has_no_team_breakdown():
    result = survey([row(iy=30, ino=10, py=15, pn=25)])
    assert [t["id"] for t in result["tables"]] == ["overall"]


# ---- small numbers ---------------------------------------------------------------------------

def test_a_team_with_fewer_than_ten_yes_answers_has_its_do_figure_hidden_and_not_recoverable():
    # Sales: 5 of 30 can name a programme (small); Finance: 12 of 25. With the total shown (17),
    # Finance's 12 would give Sales's 5 away, so one more figure must go.
    result = survey([row("Sales", iy=20, ino=10, py=5, pn=25), row("Finance", iy=15, ino=10, py=12, pn=13)])
    sales, finance, total = table_rows(result, "by-team")
    assert sales["do_yes"] == SUPPRESSED and sales["do"] == SUPPRESSED and sales["do_interval"] == SUPPRESSED
    assert sales["gap"] == SUPPRESSED
    assert finance["do_yes"] == SUPPRESSED or total["do_yes"] == SUPPRESSED
    assert sales["say"] == 66.7  # the say side has no small numbers
    chart = next(c for c in result["charts"] if c["id"] == "say-do-by-team")
    assert chart["series"][1]["values"][0] is None  # a gap in the chart, never a zero bar


def test_a_small_team_shows_no_figures():
    result = survey([row("Sales", iy=30, ino=10, py=15, pn=25), row("Board", iy=4, ino=2, py=1, pn=5),
                     row("Finance", iy=20, ino=20, py=20, pn=20)])
    board = table_rows(result, "by-team")[1]
    assert board["team"] == "Board"
    assert all(board[k] == SUPPRESSED for k in ("respondents", "say_yes", "say", "do_yes", "do", "gap"))


def test_fewer_than_the_threshold_of_managers_shows_nothing():
    result = survey([row(iy=6, ino=2, py=1, pn=7)])
    assert result["summary"][0]["text"].startswith("Fewer than 10 managers answered, so no figures are shown.")
    assert [r["yours"] for r in table_rows(result, "overall")] == [SUPPRESSED, SUPPRESSED, SUPPRESSED]
    assert result["charts"][0]["series"][0]["values"] == [None, REF["say"]]


def test_the_threshold_is_configurable_but_never_below_five():
    rows = [row(iy=6, ino=2, py=1, pn=7)]
    # 8 managers: under 10, but not under 5. Their say (6 of 8; 2 did not) and do (1 of 8) are still hidden.
    at_five = survey(rows, threshold="5")
    assert at_five["summary"][0]["text"] == "Some overall figures are hidden because they rest on small numbers."
    shown = survey([row(iy=6, ino=6, py=6, pn=6)], threshold="5")
    assert [r["yours"] for r in table_rows(shown, "overall")] == [50.0, 50.0, 0.0]
    errs = errors({"teams": rows, "threshold": "4"})
    assert errs[0]["field"] == "threshold" and "5 or more" in errs[0]["message"]
    assert survey(rows, threshold="")["summary"][0]["text"].startswith("Fewer than 10")  # blank means the default


def test_a_high_share_is_hidden_when_few_people_did_not_say_yes():
    # 48 of 50 said yes: the 2 who did not would be given away.
    result = survey([row(iy=48, ino=2, py=20, pn=30)])
    assert table_rows(result, "overall")[0]["yours"] == SUPPRESSED
    assert table_rows(result, "overall")[1]["yours"] == 40.0


# ---- bad input -------------------------------------------------------------------------------

def test_yes_exceeding_the_total_names_row_and_column():
    errs = errors({"teams": [row("Sales", respondents=10, iy=12, py=3, pn=7)]})
    assert errs == [{"field": "teams", "row": 1, "column": "inclusive_yes",
                     "message": "Row 1 (Sales): 12 said yes to the first question, but only 10 managers answered. "
                                "\u201cYes\u201d cannot be more than the total."}]


def test_answers_adding_up_to_more_than_the_total_names_row_and_column():
    errs = errors({"teams": [row("Sales", iy=10), row("Ops", respondents=10, iy=5, ino=5, py=6, pn=6)]})
    assert [(e["row"], e["column"]) for e in errs] == [(2, "programme_yes")]
    assert "the answers to the second question add up to 12, more than the 10 managers" in errs[0]["message"]


def test_negative_counts_name_row_and_column():
    errs = errors({"teams": [row("Sales", iy=10, py=-3)]})
    assert [(e["row"], e["column"]) for e in errs] == [(1, "programme_yes")]
    assert "0 or more" in errs[0]["message"]
    with pytest.raises(InputErrors) as caught:  # the calculator checks again when called directly
        survey_from_table([{"team": "Sales", "inclusive_yes": 10, "programme_yes": -3}])
    assert caught.value.errors[0].message == "Row 1 (Sales): the number who can name a programme cannot be negative."


def test_an_empty_survey_says_what_to_enter():
    errs = errors({"teams": [], "upload": ""})
    assert errs[0]["field"] == "teams" and errs[0]["message"].startswith("The survey is empty.")
    errs = errors({"teams": [row("Sales", "", "", "", "", "", "")]})
    assert errs[0]["row"] == 1 and "has no answers" in errs[0]["message"]


def test_a_team_entered_twice_is_an_error():
    errs = errors({"teams": [row("Sales", iy=10), row("sales", iy=10)]})
    assert errs[0]["row"] == 2 and "already in row 1" in errs[0]["message"]


def test_table_and_file_together_ask_for_one_or_the_other():
    errs = errors({"teams": [row(iy=10)], "upload": "inclusive,programme\nyes,no\n"})
    assert errs[0]["field"] == "upload" and "Use one or the other" in errs[0]["message"]


def test_inputs_are_not_changed_by_the_calculation():
    raw = {"mode": "survey", "teams": [row("Sales", iy=30, ino=10, py=15, pn=25)], "threshold": "10"}
    snapshot = repr(raw)
    run(saydo.SPEC, raw, CONTENT)
    assert repr(raw) == snapshot


# ---- programme names -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["", "  ", "n/a", "N/A", "don't know", "Don\u2019t know", "none", "no", "yes", "?", "ab", "xxx", "12"])
def test_names_that_are_not_recognisable_are_flagged(name):
    assert unrecognisable_name(name) is not None


@pytest.mark.parametrize("name", ["Apprenticeships with Leeds College", "Social mobility mentoring", "Kickstart", "STEP"])
def test_real_programme_names_pass(name):
    assert unrecognisable_name(name) is None


# ---- properties -------------------------------------------------------------------------------

@st.composite
def teams(draw):
    out = []
    for i in range(draw(st.integers(1, 5))):
        n = draw(st.integers(1, 60))
        say_yes = draw(st.integers(0, n))
        do_yes = draw(st.integers(0, n))
        out.append(TeamAnswers(f"T{i}", n, say_yes, n - say_yes, 0, do_yes, n - do_yes))
    return out


def _display_tables(survey_teams, figures, threshold):
    """Rebuild what a reader sees as protected tables: the "not yes" row is never shown."""
    C = len(survey_teams)
    tables = []
    for key, yes in (("say_yes", lambda t: t.say_yes), ("do_yes", lambda t: t.do_yes)):
        counts = ((tuple(yes(t) for t in survey_teams)), tuple(t.respondents - yes(t) for t in survey_teams))
        hidden = {(1, c) for c in range(C + 1)}
        hidden |= {(0, c) for c, r in enumerate(figures["teams"]) if r[key] == SUPPRESSED}
        hidden |= {(2, c) for c, r in enumerate(figures["teams"]) if r["respondents"] == SUPPRESSED}
        if figures["total"][key] == SUPPRESSED:
            hidden.add((0, C))
        if figures["total"]["respondents"] == SUPPRESSED:
            hidden.add((2, C))
        tables.append(ProtectedTable(counts, threshold, frozenset(hidden), frozenset()))
    return tables


@settings(max_examples=150, deadline=None)
@given(teams(), st.sampled_from([5, 10, 15]))
def test_percentages_stay_within_0_and_100_and_the_gap_is_say_minus_do(survey_teams, threshold):
    figures = survey_figures(Survey(survey_teams), threshold)
    for r in figures["teams"] + [figures["total"]]:
        for key in ("say", "do"):
            assert r[key] == SUPPRESSED or 0 <= r[key] <= 100
        if isinstance(r["say"], float) and isinstance(r["do"], float):
            assert r["gap"] == round(r["say"] - r["do"], 1)
        else:
            assert r["gap"] == SUPPRESSED


@settings(max_examples=150, deadline=None)
@given(teams(), st.sampled_from([5, 10, 15]))
def test_no_small_number_can_be_seen_or_worked_out(survey_teams, threshold):
    figures = survey_figures(Survey(survey_teams), threshold)
    for r, t in zip(figures["teams"], survey_teams):
        for key, yes in (("say", t.say_yes), ("do", t.do_yes)):
            if isinstance(r[key], float):  # a shown percentage rests on no small number
                assert not (0 < yes < threshold) and not (0 < t.respondents - yes < threshold) and t.respondents >= threshold
        if 0 < t.respondents < threshold:
            assert r["respondents"] == SUPPRESSED
    say, do = _display_tables(survey_teams, figures, threshold)
    for table_index, r, c in worked_out_cells([say, do]):
        value = (say, do)[table_index].value(r, c)
        assert not (0 < value < threshold), f"hidden value {value} at {(table_index, r, c)} can be worked out"


def test_the_result_keeps_its_scores_for_the_browser_and_cli():
    result = run_survey(Survey([TeamAnswers("All respondents", 50, 40, 6, 4, 10, 40)]), 10, REF, saydo.SPEC.links)
    assert result["scores"] == {"say": 80.0, "do": 20.0, "gap": 60.0}
