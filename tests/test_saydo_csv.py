"""Manager survey from a CSV file of responses: the template reads back, answers are counted by
team, unrecognisable programme names are listed for review, and a wrong file gets a message that
names the columns found and the ones expected."""
from __future__ import annotations

from calculators.say_do import spec as saydo
from calculators.say_do.survey import CSV_ROLES, DO_QUESTION, SAY_QUESTION, csv_template, survey_from_csv
from calculators.core.spec import InputError, InputErrors, for_content, run
from sitekit import SAY_DO_REFERENCE

import pytest

CONTENT = {"say_do_reference": SAY_DO_REFERENCE}  # fixture content: the reference the survey quotes


def survey(text: str, **extra) -> dict:
    out = run(saydo.SPEC, {"mode": "survey", "upload": text, **extra}, CONTENT)
    assert out["ok"], out
    return out["result"]


def errors(text: str, **extra) -> list[dict]:
    out = run(saydo.SPEC, {"mode": "survey", "upload": text, **extra}, CONTENT)
    assert not out["ok"], out
    return out["errors"]


def csv_of(header: str, lines: list[str]) -> str:
    return "\n".join([header, *lines]) + "\n"


def table_rows(result: dict, table_id: str) -> list[dict]:
    return next(t for t in result["tables"] if t["id"] == table_id)["rows"]


def test_the_template_reads_back_as_two_teams():
    teams = survey_from_csv(csv_template()).teams
    assert [(t.name, t.respondents, t.say_yes, t.say_no, t.say_dont_know, t.do_yes, t.do_no) for t in teams] == [
        ("Sales", 2, 2, 0, 0, 1, 1), ("Finance", 2, 0, 1, 1, 0, 2)]


def test_the_template_and_questions_are_on_the_page_and_in_the_result():
    page = for_content(saydo.SPEC, CONTENT)
    assert SAY_QUESTION in page.description and DO_QUESTION in page.description
    assert csv_template().splitlines()[0] in page.description
    # the reference figures the page quotes are the content's
    assert "In the study, 70% of managers said" in page.description and "A fixture study of managers, 2020" in page.method
    result = survey(csv_template())
    template = next(d for d in result["downloads"] if d["filename"] == "say-do-survey-template.csv")
    assert template["text"] == csv_template() and template["mime"] == "text/csv"


def test_figures_from_one_row_per_manager():
    # 30 managers: 20 say yes, 10 no; 12 can name a programme, 18 cannot.
    # Say 20/30 = 66.7%, do 12/30 = 40.0%, gap 26.7 points.
    lines = ["yes,yes,Apprenticeships"] * 12 + ["yes,no,"] * 8 + ["no,no,"] * 10
    result = survey(csv_of("inclusive,programme,programme_name", lines))
    assert [r["yours"] for r in table_rows(result, "overall")] == [66.7, 40.0, 26.7]
    assert [t["id"] for t in result["tables"]] == ["overall"]  # no team column, so no breakdown


def test_headers_are_matched_loosely_and_semicolons_and_a_bom_are_fine():
    lines = ["Sales;Yes;Yes;Mentoring scheme"] * 10 + ["Ops;No;No;"] * 10
    text = "\ufeffDepartment;Is your workplace inclusive of people from lower socio-economic backgrounds?;" \
           "Can you name an active programme to recruit, promote or progress them?;Programme Name\n" + "\n".join(lines)
    teams = survey_from_csv(text).teams
    assert [(t.name, t.respondents, t.say_yes, t.do_yes) for t in teams] == [("Sales", 10, 10, 10), ("Ops", 10, 0, 0)]


def test_answers_are_read_whatever_their_case_and_apostrophe():
    text = csv_of("inclusive,programme", ["YES,Y", "Don\u2019t know,no", "dont know,N", "not sure,", " no ,no"])
    (team,) = survey_from_csv(text).teams
    assert (team.respondents, team.say_yes, team.say_no, team.say_dont_know, team.do_yes, team.do_no) == (5, 1, 1, 3, 1, 3)


def test_the_pages_own_answer_wording_is_read():
    text = csv_of("inclusive,programme", ["Yes,Yes (please name it)", "Don't know,No", "No,yes (please name it)"])
    (team,) = survey_from_csv(text).teams
    assert (team.respondents, team.say_yes, team.do_yes, team.do_no) == (3, 1, 2, 1)


def test_teams_group_case_insensitively_in_order_of_first_appearance():
    text = csv_of("team,inclusive,programme", ["Sales,yes,no", "ops,no,no", "sales ,no,no", ",yes,yes"])
    assert [(t.name, t.respondents) for t in survey_from_csv(text).teams] == [("Sales", 2), ("ops", 1), ("No team given", 1)]


def test_a_named_team_column_is_used():
    text = csv_of("area,inclusive,programme", ["North,yes,no", "South,no,no"])
    assert [t.name for t in survey_from_csv(text, "Area").teams] == ["North", "South"]
    assert [t.name for t in survey_from_csv(text).teams] == ["All respondents"]  # "area" alone is not taken as a team


def test_the_named_team_column_wins_over_one_called_team():
    text = csv_of("team,region,inclusive,programme", ["A,North,yes,no", "B,North,no,no"])
    assert [t.name for t in survey_from_csv(text, "region").teams] == ["North"]


# ---- programme names to review ---------------------------------------------------------------

def test_yes_to_both_with_no_recognisable_name_is_listed_with_its_line():
    lines = ["Sales,yes,yes,Kickstart placements", "Sales,yes,yes,n/a", "Ops,yes,yes,", "Ops,no,yes,", "Ops,yes,no,"]
    result = survey(csv_of("team,inclusive,programme,programme_name", lines))
    review = table_rows(result, "review")
    assert review == [{"line": 3, "team": "Sales", "name": "n/a", "reason": "not a programme name"},
                      {"line": 4, "team": "Ops", "name": "", "reason": "no name given"}]
    assert any(n["text"].startswith("Fewer than 10 managers said yes to both questions") for n in result["notices"])


def test_the_do_figure_without_unnamed_programmes_is_shown_when_numbers_allow():
    # 40 managers: 30 yes to both (10 with "don't know" as the name), 10 no to both.
    # Do = 30/40 = 75%; without the 10 unnamed, 20/40 = 50%.
    lines = ["yes,yes,Career ladder"] * 20 + ["yes,yes,don't know"] * 10 + ["no,no,"] * 10
    result = survey(csv_of("inclusive,programme,programme_name", lines))
    note = next(n["text"] for n in result["notices"] if "said yes to both" in n["text"])
    assert note.startswith("10 managers said yes to both questions")
    assert note.endswith("Without them, the do figure would be 50% instead of 75%.")


def test_a_file_without_a_name_column_says_names_cannot_be_checked():
    result = survey(csv_of("inclusive,programme", ["yes,yes"] * 10))
    assert any("no programme_name column" in n["text"] for n in result["notices"])
    assert "review" not in [t["id"] for t in result["tables"]]


def test_extra_columns_are_named_in_a_note():
    result = survey(csv_of("Timestamp,inclusive,programme", ["1,yes,yes"] * 10))
    assert any(n["text"] == "These columns were not used: \u201cTimestamp\u201d." for n in result["notices"])


# ---- bad files --------------------------------------------------------------------------------

def test_a_file_with_the_wrong_questions_names_the_columns_found_and_expected():
    errs = errors(csv_of("occupation,school_type", ["Professional,State"]))
    assert errs == [{"field": "upload", "row": 1, "column": None, "message":
                     "The file does not have the survey's columns: inclusive and programme are missing. "
                     "Columns found: \u201coccupation\u201d, \u201cschool_type\u201d. Columns expected: team (optional), "
                     "inclusive, programme and programme_name (optional). Download the template to see the layout."}]


def test_a_file_missing_one_question_names_it():
    errs = errors(csv_of("team,inclusive", ["Sales,yes"]))
    assert "programme is missing" in errs[0]["message"] and "\u201cteam\u201d, \u201cinclusive\u201d" in errs[0]["message"]


def test_an_unknown_team_column_names_the_columns_in_the_file():
    errs = errors(csv_of("team,inclusive,programme", ["Sales,yes,no"]), team_column="Division")
    assert errs == [{"field": "team_column", "row": None, "column": "Division", "message":
                     "There is no column called \u201cDivision\u201d in the file. The columns are: \u201cteam\u201d, "
                     "\u201cinclusive\u201d, \u201cprogramme\u201d. Enter one of them, or leave this blank."}]


def test_two_possible_team_columns_ask_which_one():
    errs = errors(csv_of("team,department,inclusive,programme", ["A,B,yes,no"]))
    assert errs[0]["field"] == "team_column" and "\u201cteam\u201d, \u201cdepartment\u201d" in errs[0]["message"]


def test_an_answer_that_is_not_an_option_names_line_and_column():
    errs = errors(csv_of("team,inclusive,programme", ["Sales,yes,no", "Sales,maybe,no", "Ops,no,Mentoring"]))
    assert [(e["row"], e["column"]) for e in errs] == [(3, "inclusive"), (4, "programme")]
    assert errs[0]["message"] == ("Line 3, column \u201cinclusive\u201d: \u201cmaybe\u201d is not an answer to the first question. "
                                  "Use yes, no or don't know.")
    assert "put the programme's name in the programme_name column" in errs[1]["message"]


def test_many_bad_answers_are_listed_up_to_ten_then_counted():
    errs = errors(csv_of("inclusive,programme", ["perhaps,no"] * 14))
    assert len(errs) == 11 and [e["row"] for e in errs[:10]] == list(range(2, 12))
    assert errs[-1]["message"] == "\u2026 and 4 more answers like these."


@pytest.mark.parametrize("text, start", [
    ("", "The survey is empty."),  # no file chosen and no table
    ("inclusive,programme\n", "The survey file has a header row (inclusive, programme) but no rows of data below it."),
    ("inclusive,programme\n,\n , \n", "The survey file has a header row (inclusive, programme) but no rows of data below it."),
])
def test_empty_files_say_what_is_missing(text, start):
    out = run(saydo.SPEC, {"mode": "survey", "upload": text}, CONTENT)
    assert out["errors"][0]["message"].startswith(start)


def test_a_file_whose_answers_are_all_blank_is_an_empty_survey():
    with pytest.raises(InputError, match="no answers"):
        survey_from_csv(csv_of("team,inclusive,programme", ["Sales,,", "Ops,,"]))


def test_a_ragged_line_is_reported_by_the_shared_reader():
    with pytest.raises(InputErrors) as caught:
        survey_from_csv(csv_of("inclusive,programme", ["yes,no", "yes,no,extra,more"]))
    assert caught.value.errors[0].row == 3


def test_every_question_has_its_own_column_names():
    assert set(CSV_ROLES) == {"team", "inclusive", "programme", "programme_name"}
    assert "name" not in CSV_ROLES["programme_name"]  # a column of people's names must never be read as programmes


def test_more_teams_than_the_calculator_can_protect_in_time_is_an_error_naming_the_column():
    lines = [f"Team {i},yes,no" for i in range(51)]
    errs = errors(csv_of("team,inclusive,programme", lines))
    assert errs[0]["field"] == "team_column" and errs[0]["column"] == "team"
    assert errs[0]["message"].startswith("The file has 51 teams; the calculator can compare up to 50.")
    assert survey(csv_of("team,inclusive,programme", lines[:50]))["tables"][1]["id"] == "by-team"


def test_a_long_review_list_shows_the_first_200_and_counts_them_all():
    result = survey(csv_of("inclusive,programme,programme_name", ["yes,yes,n/a"] * 250 + ["no,no,"] * 20))
    review = next(t for t in result["tables"] if t["id"] == "review")
    assert len(review["rows"]) == 200 and review["note"].endswith("It shows the first 200 of 250.")
    assert any(n["text"].startswith("250 managers said yes to both questions") for n in result["notices"])
