"""Practice check (say/do gap calculator, mode 2): the checklist comes from content, the scores
and the plan follow the method, and bad answers get clear messages."""
from __future__ import annotations

import csv
import io
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.say_do import spec as saydo
from calculators.say_do.practice_check import (Answers, Claim, action_plan, block_scores, checklist, claim_backing,
                                        run_practice_check)
from calculators.core.spec import InputErrors, run
from sitekit import SAY_DO_REFERENCE

# A small toolkit, written by hand so every figure below can be checked on paper.
CONTENT = {
    "building_blocks": [{"slug": "recruitment", "title": "Recruitment", "order": 3},
                        {"slug": "data", "title": "Data", "order": 1}],
    "interventions": [
        {"slug": "a", "title": "Ask the question", "building_block": "data", "stage": "getting-started", "suits": "every-size",
         "effort": "low", "summary": "Ask it."},
        {"slug": "b", "title": "Break it down", "building_block": "data", "stage": "going-further", "suits": "large",
         "effort": "medium", "summary": "Split it."},
        {"slug": "c", "title": "Cut degree rules", "building_block": "recruitment", "stage": "getting-started", "suits": "small",
         "effort": "low", "summary": "Cut them."},
        {"slug": "d", "title": "Diversify recruiters", "building_block": "recruitment", "stage": "advanced", "suits": "every-size",
         "effort": "high", "summary": "Widen."},
        {"slug": "e", "title": "Explain the process", "building_block": "recruitment", "stage": "getting-started", "suits": "large",
         "effort": "low", "summary": "Say how."},
    ],
    "claims": [
        {"id": "c1", "text": "We collect data", "backed_by": ["a", "b"]},
        {"id": "c2", "text": "We recruit fairly", "backed_by": ["c", "d"]},
        {"id": "c3", "text": "We are inclusive", "backed_by": ["a", "c", "e"]},
    ],
    "stages": [{"id": "getting-started", "label": "Getting started"}, {"id": "going-further", "label": "Going further"},
               {"id": "advanced", "label": "Advanced"}],
    "efforts": [{"id": "low", "label": "Low"}, {"id": "medium", "label": "Medium"}, {"id": "high", "label": "High"}],
    "say_do_reference": SAY_DO_REFERENCE,  # for the survey mode (tests/test_saydo_cli.py)
}
MARKED = {"a": "in_place", "b": "partly", "c": "not_yet", "d": "not_applicable", "e": "not_yet"}
SAID = {"c1": "yes", "c2": "yes", "c3": "no"}


def practice(values: dict, content: dict = CONTENT) -> dict:
    out = run(saydo.SPEC, {"mode": "practice", **values}, content)
    assert out["ok"], out
    return out["result"]


def errors(values: dict, content: dict = CONTENT) -> list[dict]:
    out = run(saydo.SPEC, {"mode": "practice", **values}, content)
    assert not out["ok"], out
    return out["errors"]


def rows(result: dict, table_id: str) -> list[dict]:
    return next(t for t in result["tables"] if t["id"] == table_id)["rows"]


# ---- the checklist comes from content ------------------------------------------------------

def test_checklist_is_every_intervention_grouped_by_block_in_toolkit_order():
    assert [p.slug for p in checklist(CONTENT)] == ["a", "b", "c", "e", "d"]  # data first (order 1); stage within a block


def test_checklist_changes_when_an_intervention_is_added_to_content():
    extra = {"slug": "f", "title": "Fund travel to interviews", "building_block": "recruitment", "stage": "getting-started",
             "suits": "every-size",
         "effort": "low", "summary": "Pay fares."}
    bigger = {**CONTENT, "interventions": CONTENT["interventions"] + [extra]}
    before = practice({})["mappings"][1]
    after = practice({}, bigger)["mappings"][1]
    assert before["input"] == after["input"] == "practices"
    assert "f" not in [i["key"] for i in before["items"]]
    assert [i["key"] for i in after["items"]] == ["a", "b", "c", "e", "f", "d"]  # by block, stage, then title
    # ...and the new practice is scored and planned with no code change
    plan = rows(practice({"practices": {**MARKED, "f": "not_yet"}, "claims": SAID}, bigger), "plan")
    assert "Fund travel to interviews" in [r["practice"] for r in plan]


def test_an_intervention_file_added_to_the_content_folder_reaches_the_checklist(tmp_path):
    from generator.content.errors import ContentErrors
    from generator.python.calculator_data import content_data
    from generator.content.loader import CONTENT as REAL

    root = tmp_path / "content"
    shutil.copytree(REAL, root)
    try:
        before = content_data(root)
    except ContentErrors:
        pytest.skip("the toolkit's content does not validate yet; the content tests report why")
    model = root / "interventions" / "ask-the-headline-question.md"
    text = model.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    (root / "interventions" / "ask-a-second-question.md").write_text(
        text.replace(title, "title: Ask a second question about school type", 1), encoding="utf-8")
    after = content_data(root)
    old = [p.slug for p in checklist(before)]
    new = [p.slug for p in checklist(after)]
    assert "ask-a-second-question" not in old
    assert sorted(new) == sorted(old + ["ask-a-second-question"])
    items = run_practice_check({}, after)["mappings"][1]["items"]
    assert "Ask a second question about school type" in [i["label"] for i in items]


def test_the_first_run_shows_the_statements_and_the_checklist_to_fill_in():
    result = practice({})
    claims, practices = result["mappings"]
    assert [i["key"] for i in claims["items"]] == ["c1", "c2", "c3"]
    assert claims["items"][0]["label"] == "We collect data"
    assert [c["value"] for c in practices["choices"]] == ["in_place", "partly", "not_yet", "not_applicable"]
    item = practices["items"][0]
    assert item == {"key": "a", "label": "Ask the question", "group": "Data", "hint": "Ask it.", "stage": "Getting started",
                    "href": "intervention:a", "value": None}


def test_the_checklist_keeps_the_answers_given():
    items = practice({"practices": MARKED, "claims": SAID})["mappings"][1]["items"]
    assert {i["key"]: i["value"] for i in items} == MARKED


# ---- scores -----------------------------------------------------------------------------------

def test_say_and_do_scores_per_block_follow_the_method():
    # Data: do = (1 + 0.5) / 2 = 75%; claims touching data: c1, c3; made: c1 -> say 50%.
    # Recruitment: d does not apply, so do = 0 of (c, e) = 0%; claims touching: c2, c3; made: c2 -> 50%.
    blocks = rows(practice({"practices": MARKED, "claims": SAID}), "blocks")
    by = {r["block"]: r for r in blocks}
    assert [r["block"] for r in blocks] == ["Data", "Recruitment", "All blocks"]
    assert (by["Data"]["say"], by["Data"]["do"], by["Data"]["gap"]) == (50.0, 75.0, -25.0)
    assert (by["Recruitment"]["say"], by["Recruitment"]["do"], by["Recruitment"]["gap"]) == (50.0, 0.0, 50.0)
    # Overall: 2 of 3 statements made; do = (1 + 0.5 + 0 + 0) / 4 = 37.5%.
    assert (by["All blocks"]["say"], by["All blocks"]["do"], by["All blocks"]["gap"]) == (66.7, 37.5, 29.2)
    assert by["Recruitment"]["not_applicable"] == 1


def test_the_gap_chart_draws_the_block_table():
    result = practice({"practices": MARKED, "claims": SAID})
    chart = result["charts"][0]
    assert chart["table"] == "blocks" and chart["categories"] == ["Data", "Recruitment"]
    assert chart["series"] == [{"name": "Say score", "values": [50.0, 50.0]}, {"name": "Do score", "values": [75.0, 0.0]}]


def test_a_block_with_nothing_that_applies_has_no_do_score_rather_than_zero():
    marks = {**MARKED, "c": "not_applicable", "e": "not_applicable"}
    by = {r["block"]: r for r in rows(practice({"practices": marks, "claims": SAID}), "blocks")}
    assert by["Recruitment"]["do"] is None and by["Recruitment"]["gap"] is None


def test_the_summary_names_the_widest_gap_and_the_unbacked_statements():
    text = " ".join(s["text"] for s in practice({"practices": MARKED, "claims": SAID})["summary"])
    assert "widest gap is in recruitment: you say 50% and do 0%" in text
    assert "1 of the 2 statements you make is not backed" in text


def test_the_summary_says_which_way_the_gap_goes():
    first = practice({"practices": MARKED, "claims": SAID})["summary"][0]["text"]
    assert first == "Your say score is 66.7% and your do score is 37.5%: a gap of 29.2 points. You say more than you do."
    # Only c1 made (1 of 3 = 33.3%); a and b in place (100%).
    doing = practice({"practices": {"a": "in_place", "b": "in_place"}, "claims": {"c1": "yes"}})["summary"][0]["text"]
    assert doing == "Your say score is 33.3% and your do score is 100%: you do more than you say, by 66.7 points."


def test_statements_not_backed_by_practice_are_listed_first():
    table = rows(practice({"practices": MARKED, "claims": SAID}), "claims-made")
    assert [(r["claim"], r["backing"]) for r in table] == [("We recruit fairly", "Not backed"), ("We collect data", "Backed")]
    assert table[0]["practices"] == "Cut degree rules (not yet); Diversify recruiters (not applicable)"


def test_backing_rules():
    claim = Claim("x", "X", ("a", "b"))
    assert claim_backing(claim, {"a": "not_yet", "b": "in_place"}) == "backed"
    assert claim_backing(claim, {"a": "partly", "b": "not_yet"}) == "partly backed"
    assert claim_backing(claim, {"a": "not_applicable"}) == "not backed"
    assert claim_backing(claim, {}) == "not checked"


# ---- the plan -------------------------------------------------------------------------------

def test_plan_orders_by_stage_then_fit_for_size_then_statements_backed():
    # Candidates: c (getting started, small, backs c2), e (getting started, large, backs nothing made),
    # b (going further, large, partly, backs c1).
    plan = rows(practice({"practices": MARKED, "claims": SAID, "org_size": "small"}), "plan")
    assert [r["page"] for r in plan] == ["intervention:c", "intervention:e", "intervention:b"]
    assert [r["priority"] for r in plan] == [1, 2, 3]
    assert plan[0]["fit"] == "Made for organisations your size"
    assert plan[1]["fit"] == "Made for large organisations"
    large = rows(practice({"practices": MARKED, "claims": SAID, "org_size": "large"}), "plan")
    assert [r["page"] for r in large] == ["intervention:e", "intervention:c", "intervention:b"]


def test_the_stages_and_their_order_come_from_the_content():
    # the stages are content (the content schema's, handed in as content["stages"]), not code
    later_first = {**CONTENT, "stages": [{"id": "going-further", "label": "Further on"}, *CONTENT["stages"][:1]]}
    plan = rows(practice({"practices": MARKED, "claims": SAID, "org_size": "small"}, later_first), "plan")
    assert [(r["page"], r["stage"]) for r in plan] == [("intervention:b", "Further on"), ("intervention:c", "Getting started"),
                                                       ("intervention:e", "Getting started")]


def test_without_a_size_the_statements_a_practice_backs_up_break_the_tie():
    # c and e are both getting started; c backs c2 (made), e backs c3 (not made).
    plan = rows(practice({"practices": MARKED, "claims": SAID}), "plan")
    assert [r["page"] for r in plan] == ["intervention:c", "intervention:e", "intervention:b"]
    plan = rows(practice({"practices": MARKED, "claims": {"c1": "yes", "c2": "no", "c3": "yes"}}), "plan")
    assert [(r["page"], r["claims_backed"]) for r in plan][:2] == [("intervention:c", 1), ("intervention:e", 1)]
    assert [r["page"] for r in rows(practice({"practices": MARKED, "claims": {"c2": "no", "c3": "yes"},
                                               "custom_claims": [{"text": "Clear hiring", "backed_by": "Explain the process"}]}), "plan")][:2] \
        == ["intervention:e", "intervention:c"]


def test_plan_holds_only_practices_not_yet_or_partly_in_place():
    plan = rows(practice({"practices": MARKED, "claims": SAID}), "plan")
    assert {r["status"] for r in plan} == {"Not yet", "Partly"}
    assert "intervention:a" not in [r["page"] for r in plan] and "intervention:d" not in [r["page"] for r in plan]


def test_every_plan_item_links_to_its_intervention_page():
    result = practice({"practices": MARKED, "claims": SAID})
    assert [s["links"] for s in result["plan"]] == [[{"label": "Cut degree rules", "href": "intervention:c"}],
                                                     [{"label": "Explain the process", "href": "intervention:e"}],
                                                     [{"label": "Break it down", "href": "intervention:b"}]]
    start = result["summary"][-1]
    assert start["text"] == "Start with Cut degree rules, Explain the process and Break it down."
    assert [link["href"] for link in start["links"]] == ["intervention:c", "intervention:e", "intervention:b"]


def test_plan_downloads_as_markdown_and_safe_csv():
    custom = [{"text": "=HYPERLINK(\"x\") | *bold*", "backed_by": "c"}]
    result = practice({"practices": MARKED, "claims": SAID, "custom_claims": custom})
    files = {d["filename"]: d for d in result["downloads"]}
    assert files["action-plan.csv"]["mime"] == "text/csv"
    parsed = list(csv.reader(io.StringIO(files["action-plan.csv"]["text"])))
    assert parsed[0][:3] == ["Priority", "Practice", "Building block"]
    assert [r[1] for r in parsed[1:]] == ["Cut degree rules", "Explain the process", "Break it down"]
    claims_cell = parsed[1][8]
    assert claims_cell == "We recruit fairly; =HYPERLINK(\"x\") | *bold*"  # does not start with =, so safe as is
    md = files["action-plan.md"]["text"]
    assert md.startswith("# Action plan: closing your say/do gap\n")
    assert "| 1 | Cut degree rules | Recruitment | Getting started |" in md
    assert "\\| \\*bold\\*" in md  # user text cannot break the table or add markup


def test_a_custom_statement_starting_with_a_formula_is_neutralised_in_the_csv():
    custom = [{"text": "=1+1", "backed_by": "Cut degree rules"}]
    result = practice({"practices": MARKED, "claims": {}, "custom_claims": custom})
    text = next(d for d in result["downloads"] if d["filename"] == "action-plan.csv")["text"]
    assert "'=1+1" in text and ",=1+1" not in text


def test_custom_statements_count_as_made_and_link_practices_by_name_or_slug():
    custom = [{"text": "We hire on skills", "backed_by": "cut degree rules; intervention:d"}]
    result = practice({"practices": MARKED, "claims": {}, "custom_claims": custom})
    by = {r["block"]: r for r in rows(result, "blocks")}
    # Recruitment now has c2, c3 and the custom statement; only the custom one is made: 1 of 3.
    assert by["Recruitment"]["say"] == 33.3
    assert by["All blocks"]["claims_made"] == 1 and by["All blocks"]["claims"] == 4


def test_commas_between_practice_names_are_forgiven():
    custom = [{"text": "We hire on skills", "backed_by": "Cut degree rules, Explain the process"}]
    table = rows(practice({"practices": MARKED, "custom_claims": custom}), "claims-made")
    assert table[0]["practices"] == "Cut degree rules (not yet); Explain the process (not yet)"


# ---- bad input ------------------------------------------------------------------------------

def test_a_checklist_with_nothing_answered_says_so_and_keeps_the_checklist():
    result = practice({"claims": SAID})
    assert result["tables"] == [] and result["downloads"] == []
    assert result["notices"][0]["text"] == "Nothing on the checklist is marked yet."
    assert "Mark how far each practice is in place" in result["summary"][0]["text"]
    assert [m["input"] for m in result["mappings"]] == ["claims", "practices"]
    assert result["mappings"][0]["items"][0]["value"] == "yes"  # what was given is kept


def test_a_checklist_marked_all_not_applicable_has_nothing_to_score():
    result = practice({"practices": {k: "not_applicable" for k in MARKED}})
    assert result["tables"] == []
    assert "Every practice is marked \u201cnot applicable\u201d" in result["notices"][0]["text"]


def test_an_unknown_answer_names_the_practice():
    errs = errors({"practices": {**MARKED, "b": "sort of"}})
    assert errs == [{"field": "practices", "row": None, "column": "b",
                     "message": "\u201cBreak it down\u201d: \u201csort of\u201d is not an answer. Choose in place, partly, not yet or not applicable."}]


def test_answers_can_be_given_as_the_labels():
    result = practice({"practices": {"a": "In place", "b": "Partly", "c": "Not yet", "d": "N/A", "e": "not yet"}, "claims": {"c1": "We say this"}})
    by = {r["block"]: r for r in rows(result, "blocks")}
    assert by["Data"]["do"] == 75.0 and by["Data"]["say"] == 50.0


def test_an_unknown_statement_answer_names_the_statement():
    errs = errors({"practices": MARKED, "claims": {"c2": "maybe"}})
    assert errs[0]["column"] == "c2" and "\u201cWe recruit fairly\u201d: \u201cmaybe\u201d is not an answer" in errs[0]["message"]


def test_an_unknown_practice_in_a_custom_statement_names_row_and_column_and_suggests():
    errs = errors({"practices": MARKED, "custom_claims": [{"text": "Fine", "backed_by": "c"},
                                                          {"text": "We hire fairly", "backed_by": "Cut degree rules; flying"}]})
    assert [(e["row"], e["column"]) for e in errs] == [(2, "backed_by")]
    assert errs[0]["message"].startswith("Row 2, practices that back it up: \u201cflying\u201d is not a practice")
    errs = errors({"practices": MARKED, "custom_claims": [{"text": "We hire fairly", "backed_by": "Cut degrees rule"}]})
    assert "Did you mean \u201cCut degree rules\u201d?" in errs[0]["message"]


def test_a_custom_statement_without_text_is_an_error_naming_the_row():
    errs = errors({"practices": MARKED, "custom_claims": [{"text": "", "backed_by": "c"}]})
    assert errs[0]["row"] == 1 and errs[0]["column"] == "text"


def test_saved_answers_for_removed_practices_are_left_out_with_a_note():
    result = practice({"practices": {**MARKED, "gone": "in_place"}, "claims": {**SAID, "old-claim": "yes"}})
    assert any("2 saved answers are for items no longer in the toolkit (gone, old-claim)" in n["text"] for n in result["notices"])
    assert {r["block"]: r["do"] for r in rows(result, "blocks")}["Data"] == 75.0


def test_inputs_are_not_changed_by_the_calculation():
    values = {"mode": "practice", "practices": dict(MARKED), "claims": dict(SAID),
              "custom_claims": [{"text": "We hire on skills", "backed_by": "c"}], "org_size": "small"}
    snapshot = repr(values)
    run(saydo.SPEC, values, CONTENT)
    assert repr(values) == snapshot


def test_notes_for_unmarked_practices_and_a_missing_size():
    result = practice({"practices": {"a": "in_place", "c": "not_yet"}})
    texts = [n["text"] for n in result["notices"]]
    assert "3 practices are not marked, so they are left out of the do scores and the plan." in texts
    assert "You did not give your organisation's size, so the plan does not take it into account." in texts


# ---- properties -------------------------------------------------------------------------------

statuses = st.sampled_from(["in_place", "partly", "not_yet", "not_applicable"])
marks = st.dictionaries(st.sampled_from(list("abcde")), statuses, min_size=1)
said = st.dictionaries(st.sampled_from(["c1", "c2", "c3"]), st.sampled_from(["yes", "no"]))


@settings(max_examples=200, deadline=None)
@given(marks, said, st.sampled_from([None, "small", "large"]))
def test_scores_stay_within_0_and_100_and_the_gap_is_say_minus_do(marked, claims, size):
    result = run_practice_check({"practices": marked, "claims": claims, "org_size": size}, CONTENT)
    for row in (rows(result, "blocks") if result["tables"] else []):
        for key in ("say", "do"):
            assert row[key] is None or 0 <= row[key] <= 100
        if row["say"] is not None and row["do"] is not None:
            assert row["gap"] == round(row["say"] - row["do"], 1)
        else:
            assert row["gap"] is None


@settings(max_examples=200, deadline=None)
@given(marks, said, st.sampled_from([None, "small", "large"]))
def test_the_plan_is_every_unfinished_practice_with_getting_started_first(marked, claims, size):
    result = run_practice_check({"practices": marked, "claims": claims, "org_size": size}, CONTENT)
    if not result["tables"]:
        return
    plan = rows(result, "plan")
    assert sorted(r["page"].split(":")[1] for r in plan) == sorted(k for k, v in marked.items() if v in ("not_yet", "partly"))
    stage = {"Getting started": 0, "Going further": 1, "Advanced": 2}
    assert [stage[r["stage"]] for r in plan] == sorted(stage[r["stage"]] for r in plan)


def test_block_scores_and_plan_work_on_plain_answers():
    answers = Answers(statuses=dict(MARKED), made=[Claim("c1", "We collect data", ("a", "b"))],
                      claims=[Claim("c1", "We collect data", ("a", "b"))])
    assert [b["do"] for b in block_scores(CONTENT, answers)] == [75.0, 0.0]
    assert [p["slug"] for p in action_plan(CONTENT, answers, None)] == ["c", "e", "b"]


def test_the_practice_check_only_reads_content_and_answers():
    with pytest.raises(InputErrors):
        run_practice_check({"practices": {"a": "??"}}, CONTENT)


# ---- the toolkit's own statements (content/data/claims.yml) ----------------------------------

def test_the_toolkits_statements_link_real_practices_and_cover_every_block():
    import yaml
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "content"
    claims = yaml.safe_load((root / "data" / "claims.yml").read_text(encoding="utf-8"))["claims"]
    block_of = {}
    for path in (root / "interventions").glob("*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
        block_of[path.stem] = front["building_block"]
    assert 8 <= len(claims) <= 12
    assert len({c["id"] for c in claims}) == len(claims) and len({c["text"] for c in claims}) == len(claims)
    for claim in claims:
        assert claim["backed_by"], claim["id"]
        assert [s for s in claim["backed_by"] if s not in block_of] == [], claim["id"]
    touched = {block_of[s] for c in claims for s in c["backed_by"]}
    assert touched == {p.stem for p in (root / "blocks").glob("*.md")}  # so every block can get a say score
