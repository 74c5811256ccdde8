"""Rules that reason a little more (issue 21): required against preferred, by sentence and by
section; expenses, bursaries and allowances are not pay; soft wording of a degree class;
voluntary roles; more wordings for a car or licence and for a native speaker."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from calculators.job_advert.spec import SPEC
from calculators.job_advert.rules import validate_rules
from calculators.core.content import load_content
from calculators.core.spec import run

PROJECT = Path(__file__).resolve().parent.parent
PLACE = "\nBased in our Leeds office. Full-time, 37 hours a week."
COMPLETE = "\nSalary £25,000 a year." + PLACE


def findings(text: str, rule: str | None = None, category: str | None = None, suffix: str = COMPLETE) -> list[dict]:
    outcome = run(SPEC, {"text": text + suffix}, load_content())
    assert outcome["ok"], outcome
    return [f for f in outcome["result"]["findings"]
            if (rule is None or f["rule"] == rule) and (category is None or f["category"] == category)]


def severities(text: str, rule: str) -> list[str]:
    return [f["severity"] for f in findings(text, rule)]


@pytest.mark.parametrize("text", [
    "A degree is preferable but not essential.",
    "Preferably educated to degree level.",
    "A degree would be beneficial.",
    "A degree is desired.",
    "This role would suit someone with a degree in history.",
    "A degree in history is optional.",
])
def test_a_degree_the_advert_only_prefers_is_not_a_barrier(text):
    assert severities(text, "degree-required") == ["caution"]


@pytest.mark.parametrize("text", ["A degree is required.", "You must have a degree in history.",
                                  "Essential criteria\nA degree in history.\nGood writing.\n"])
def test_a_required_degree_stays_a_barrier(text):
    assert severities(text, "degree-required") == ["barrier"]


@pytest.mark.parametrize("heading", ["Desirable criteria", "Desirable", "Preferred qualifications", "Desired skills",
                                     "Skills (desirable)"])
def test_a_section_headed_desirable_on_a_line_of_its_own_makes_a_degree_desirable(heading):
    text = f"Essential criteria\nGood writing.\nClear speaking.\n\n{heading}\nA degree in history.\nKnowledge of housing law.\n"
    assert severities(text, "degree-required") == ["caution"]


def test_a_grade_under_a_desirable_heading_is_only_a_caution():
    text = "Desirable:\n- A 2:1 in any subject\n- Knowledge of housing law\n"
    assert severities(text, "degree-classification") == ["caution"]


@pytest.mark.parametrize("text", [
    "A bursary of £1,500 is paid to cover living costs.",
    "Travel expenses are capped at £200.",
    "An accommodation allowance of £50 a week.",
    "There is a £1,000 joining bonus.",
    "Your course fees of £9,250 are paid.",
    "Our charity has an annual income of £3m.",
    "Last year our events raised £250,000.",
    "We offer a relocation package of £2,000.",
])
def test_money_that_is_not_pay_does_not_count_as_a_salary_figure(text):
    assert findings(text, "no-salary-figure", suffix=PLACE)


@pytest.mark.parametrize("text", ["Salary £25,000 a year, plus a £1,000 joining bonus.", "Pay: 12.60 an hour."])
def test_pay_is_still_pay(text):
    assert not findings(text, "no-salary-figure", suffix=PLACE)


@pytest.mark.parametrize("text, words", [
    ("You will have a higher class degree in any subject.", "higher class degree"),
    ("A good honours degree in any subject.", "good honours degree"),
    ("We ask for a first or upper second.", "first or upper second"),
    ("You will have a strong degree classification.", "strong degree classification"),
])
def test_soft_wording_of_a_degree_class_is_found(text, words):
    assert any(words in f["matched"] for f in findings(text, "degree-classification"))


@pytest.mark.parametrize("text, words", [
    ("This is a voluntary position, three days a week.", "voluntary position"),
    ("This role is not eligible for the National Minimum Wage.", "not eligible for the National Minimum Wage"),
    ("We pay an honorarium of £100 a month.", "honorarium"),
    ("Interns are volunteers and are not paid.", "volunteers and are not paid"),
    ("A volunteering opportunity, two days a week, for your CV.", "volunteering opportunity"),
])
def test_voluntary_roles_are_unpaid_work(text, words):
    assert any(words in f["matched"] for f in findings(text, "voluntary-role", suffix=PLACE))


@pytest.mark.parametrize("text, rule", [
    ("This is a volunteer role. Visit an older person for an hour a week, for a chat and a cup of tea.", "voluntary-role"),
    ("Volunteer Befriender\nVisit an older person for an hour a week, for a chat and a cup of tea.", "volunteers-wanted"),
    ("Stewards wanted\nWe are looking for volunteers to help at our summer fete.", "volunteers-wanted"),
    ("Volunteers needed for our charity shop. Choose the hours that suit you.", "volunteers-wanted"),
    ("Could you become a volunteer driver? Take a neighbour to the doctor.", "volunteers-wanted"),
])
def test_genuine_volunteering_is_unpaid_work_but_only_a_note(text, rule):
    # Decided for issue 21: volunteering is unpaid work, but plain volunteering is a note.
    found = findings(text, category="unpaid", suffix="\nBased in Norwich.")
    assert [(f["rule"], f["severity"]) for f in found] == [(rule, "note")]


@pytest.mark.parametrize("text", [
    "Volunteers needed: a placement for your CV, three days a week.",
    "This is a voluntary position for graduates, 35 hours a week.",
])
def test_volunteering_that_reads_like_a_job_or_an_internship_is_a_barrier(text):
    found = findings(text, category="unpaid", suffix="\nBased in Norwich.")
    assert found and all(f["severity"] == "barrier" for f in found)


def test_an_appeal_for_volunteers_is_one_finding_however_often_it_asks():
    text = ("Volunteers wanted\nWe are looking for volunteers to staff our cafe. Volunteers are needed on weekdays."
            "\nIf you would like to become a volunteer, call us.")
    found = findings(text, category="unpaid", suffix="\nBased in Norwich.")
    assert [f["matched"] for f in found] == ["looking for volunteers"]  # the body's first, not the title


@pytest.mark.parametrize("text", [
    "You will recruit and support volunteers in new volunteer roles across the city.",
    "You will manage our volunteer drivers and plan their rotas.",
    "Volunteer Coordinator\nYou will support our volunteers and find new volunteers. Salary £26,000.",
    "Working with our volunteers, you will run the shop. £12.50 an hour.",
])
def test_paid_jobs_that_manage_volunteers_are_not_unpaid_work(text):
    assert not findings(text, category="unpaid", suffix="\nBased in Norwich.")


@pytest.mark.parametrize("text", [
    "Business car insurance is required.",
    "You must be a driver.",
    "Ability to drive is essential.",
    "A valid UK driving licence.",
    "Access to your own transport.",
])
def test_more_ways_of_asking_for_a_car_or_licence_are_found(text):
    assert findings(text, "driving-licence")


@pytest.mark.parametrize("text", [
    "Native or bilingual English.",
    "Native proficiency in French.",
    "Welsh as a first language is essential.",
    "Native-like fluency in Spanish.",
])
def test_more_ways_of_asking_for_a_native_speaker_are_found(text):
    assert findings(text, "native-speaker")


@pytest.mark.parametrize("text", [
    "The job needs a degree of flexibility.",
    "Your role will involve a degree of travel.",
    "You'll work to a high degree of accuracy.",
])
def test_other_senses_of_degree_are_still_not_flagged(text):
    assert not findings(text, category="degree") and not findings(text, category="grades")


def test_only_if_must_be_a_list_of_valid_patterns_for_a_pattern_rule():
    data = yaml.safe_load((PROJECT / "content" / "data" / "advert_rules.yml").read_text(encoding="utf-8"))["advert_rules"]
    broken = copy.deepcopy(data)
    rule = next(r for r in broken["rules"] if r["id"] == "voluntary-role")
    rule["only_if"] = "intern"
    assert "only_if must be a list" in "\n".join(str(p) for p in validate_rules(broken, time_patterns=False))
    rule["only_if"] = ["(intern"]
    problems = [str(p) for p in validate_rules(broken, time_patterns=False)]
    assert any("voluntary-role" in p and "(intern" in p for p in problems)


@pytest.mark.parametrize("text", [
    "Entry requirements\n\nA 2:2 degree minimum in any subject\n\nOR\nA postgraduate qualification (MBA, Masters, PhD)",
    "You will need a 2:2 in any subject, or a postgraduate qualification.",
])
def test_a_postgraduate_qualification_offered_as_another_route_is_not_a_further_degree_requirement(text):
    degree = findings(text, "degree-required")
    assert not any("postgraduate" in f["matched"].lower() or "MBA" in f["matched"] for f in degree)
    assert findings(text, "degree-classification")  # the grade asked for is still found


def test_a_postgraduate_degree_asked_for_on_its_own_is_still_a_degree_requirement():
    assert findings("A postgraduate qualification (MBA or Masters) is essential.", "degree-required")


def test_an_appeal_to_car_owners_is_not_a_car_requirement_but_asking_for_a_car_is():
    appeal = "So if you can spare a few hours a week and are a car owner, this could be a great role for you."
    assert not findings(appeal, "driving-licence")
    assert findings("Applicants must be car owners.", "driving-licence")


def test_a_museum_open_five_days_a_week_does_not_make_its_volunteers_a_job():
    text = "Museum appeals for more volunteers\nWe are looking for front of house volunteers, so that we can stay open five days a week."
    assert [f["severity"] for f in findings(text, category="unpaid", suffix="\nBased in Wells.")] == ["note"]
