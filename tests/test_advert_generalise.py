"""Rules tuned on the real corpus's development set (issue 21, section 2): one finding per
requirement, pay that is not a salary, voluntary roles, softer grade wording, on-site work and
named workplaces, and the other senses of words the rules look for. Every advert here is made up
for the test."""
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
COMPLETE = "\nSalary £25,000 a year. Based in our Leeds office. Full-time, 37 hours a week."


def findings(text: str, *, rule: str | None = None, category: str | None = None, complete: bool = True) -> list[dict]:
    outcome = run(SPEC, {"text": text + (COMPLETE if complete else "")}, load_content())
    assert outcome["ok"], outcome
    return [f for f in outcome["result"]["findings"]
            if (rule is None or f["rule"] == rule) and (category is None or f["category"] == category)]


def rules_of(text: str, **kw) -> list[str]:
    return [f["rule"] for f in findings(text, **kw)]


# --- one finding per requirement -------------------------------------------------------------

def test_a_degree_named_several_ways_in_one_sentence_is_one_finding():
    found = findings("A degree (BSc or BA) in a numerate subject is essential.", rule="degree-required")
    assert len(found) == 1
    assert "degree" in found[0]["matched"] and "BA" in found[0]["matched"]
    assert found[0]["severity"] == "barrier"


def test_requirements_in_separate_sentences_stay_separate():
    found = findings("A degree is essential. We also ask for a BSc in maths.", rule="degree-required")
    assert len(found) == 2


# --- pay that is not a salary ----------------------------------------------------------------

def no_pay(text: str) -> list[str]:
    return rules_of(text + "\nBased in our Leeds office. Full-time, 37 hours a week.", category="pay", complete=False)


@pytest.mark.parametrize("text", [
    "You will be paid a fee of £800 for the project.",
    "Pay: above the London Living Wage.",
    "A bursary of £4,000 (equivalent to the London Living Wage) for the 12 weeks.",
    "An enhanced rate in line with the Agenda for Change framework.",
    "A DBS check will cost you £50 if you do not have one.",
])
def test_a_fee_a_benchmark_or_a_cost_is_not_a_pay_figure(text):
    assert "no-salary-figure" in no_pay(text)


def test_agenda_for_change_with_a_band_is_still_a_pay_figure():
    assert "no-salary-figure" not in no_pay("Band 3, Agenda for Change.")


# --- voluntary roles and expenses as the only reward ---------------------------------------------

@pytest.mark.parametrize("text", [
    "Our research internships last three months. The positions are voluntary.",
    "Research intern, Westminster. The role being advertised is a voluntary one.",
    "The role of treasurer is a voluntary position and is not remunerated.",
])
def test_a_voluntary_role_is_unpaid_work(text):
    assert findings(text + "\nBased in our Leeds office.", category="unpaid", complete=False)


@pytest.mark.parametrize("text", [
    "This internship is based in London. You will be paid an allowance to cover expenses.",
    "Interns on placements of three days a week receive a zones 1-3 travelcard.",
    "Internships are full time. We will pay travel costs up to £200 a month.",
])
def test_expenses_as_the_only_reward_of_an_internship_are_flagged(text):
    assert findings(text, category="unpaid", complete=False)


def test_expenses_on_top_of_a_bursary_are_not_flagged():
    text = "A placement with a bursary of £3,000. Travel expenses will be reimbursed.\nBased in our Leeds office."
    assert findings(text, category="unpaid", complete=False) == []


def test_a_withdrawn_unpaid_scheme_is_not_unpaid_work():
    assert rules_of("We have withdrawn our previous unpaid internship scheme, and now pay interns.", category="unpaid") == []


# --- grades in other words, and what is not a degree requirement ---------------------------------

@pytest.mark.parametrize("text", [
    "Minimum qualification: 2.1 and a strong CV.",
    "We look for academic excellence and sound judgement.",
    "You should have Standard Grades including English and Maths.",
    "Ideally educated to at least GCSE in English and Maths.",
])
def test_grade_gates_in_other_words_are_found(text):
    assert findings(text, category="grades")


@pytest.mark.parametrize("text", [
    "Join a university known as a centre of academic excellence.",
    "We share a commitment to academic excellence and to our students.",
])
def test_an_institutions_academic_excellence_is_not_a_grade_gate(text):
    assert findings(text, category="grades") == []


@pytest.mark.parametrize("text", [
    "This role is not suitable for recent graduates of stage management degree courses.",
    "Past interns include postgraduates continuing their studies to Masters or PhD level.",
])
def test_these_are_not_degree_requirements(text):
    assert rules_of(text, rule="degree-required") == []


def test_below_undergraduate_level_is_a_degree_requirement():
    assert rules_of("We do not offer internships to people below undergraduate level.", rule="degree-required")


def test_a_degree_level_or_equivalent_qualification_is_only_a_note():
    found = findings("A degree level or equivalent qualification.", category="degree")
    assert [f["rule"] for f in found] == ["degree-or-equivalent"]


# --- licences --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Do you have a UK driving licence and your own transport? (Useful but not essential!)",
    "Drivers are required to: keep records of each journey.",
    "Car drivers using their own cars claim a mileage allowance.",
    "Tell us about any illness that may impair the ability to drive.",
])
def test_these_are_not_car_or_licence_requirements(text):
    assert rules_of(text, rule="driving-licence") == []


@pytest.mark.parametrize("text", [
    "You need a clean current licence with category D1.",
    "You must currently hold the category of licence required for our vans.",
])
def test_licence_wordings_are_found(text):
    assert rules_of(text, rule="driving-licence")


# --- where the job is, and on-site work ---------------------------------------------------------

def where(text: str) -> list[str]:
    return rules_of(text + "\nSalary £25,000 a year. Full-time, 37 hours a week.", category="flexibility", complete=False)


@pytest.mark.parametrize("text", [
    "Park Road Community Primary School wishes to appoint a midday assistant.",
    "Chipping Norton Town Council is hiring two operatives for the town's parks.",
    "The service covers the BH21 postcode area.",
])
def test_a_named_workplace_says_where_the_job_is(text):
    assert "no-location" not in where(text)


def test_plainly_on_site_work_need_not_state_remote_working():
    assert "no-remote-info" not in where("Grounds maintenance operative for Leeds parks.")
    assert "no-remote-info" in where("Policy adviser for our Leeds team.")


# --- the new rule fields are checked -------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped() -> dict:
    return yaml.safe_load((PROJECT / "content" / "data" / "advert_rules.yml").read_text(encoding="utf-8"))["advert_rules"]


def changed(shipped: dict, rule_id: str, **changes) -> dict:
    data = copy.deepcopy(shipped)
    next(r for r in data["rules"] if r["id"] == rule_id).update(changes)
    return data


def test_merge_and_unless_are_checked_with_the_rule_named(shipped):
    problems = "\n".join(str(p) for p in validate_rules(changed(shipped, "degree-required", merge="paragraph"), time_patterns=False))
    assert "rule 'degree-required'" in problems and "merge can only be 'sentence'" in problems
    problems = "\n".join(str(p) for p in validate_rules(changed(shipped, "expenses-as-pay", unless="bursary"), time_patterns=False))
    assert "rule 'expenses-as-pay'" in problems and "unless must be a list" in problems
    problems = "\n".join(str(p) for p in validate_rules(changed(shipped, "expenses-as-pay", unless=["(unclosed"]), time_patterns=False))
    assert "not a valid regular expression" in problems


# --- sector jargon -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, term", [
    ("You will need an NCTJ diploma.", "NCTJ"),
    ("Pay is SCP 7 to 12.", "SCP"),
    ("Experience of HACCP records.", "HACCP"),
    ("Support for pupils with SEND.", "SEND"),
    ("You will manage a G7 policy lead.", "G7"),
    ("Follow HSE guidelines at all times.", "HSE"),
])
def test_sector_abbreviations_are_jargon(text, term):
    assert term in [f["matched"] for f in findings(text, rule="jargon")]


def test_an_abbreviation_spelt_out_in_the_advert_is_not_jargon():
    text = "You will join the Protection of Vulnerable Groups (PVG) Scheme before you start."
    assert "PVG" not in [f["matched"] for f in findings(text, rule="jargon")]


def test_a_licence_not_needed_to_apply_but_needed_to_start_is_found_where_it_is_asked_for():
    found = findings("You don't need a full UK manual driving licence to apply but you will need to have one by your start date.",
                     rule="driving-licence")
    assert [f["matched"] for f in found] == ["but you will need to have one by your start date"]


@pytest.mark.parametrize("text", [
    "Location: [Site-specific]\nEmployment type: permanent.",
    "Location: Throughout the Borough\nReporting to the supervisor.",
    "Multiple Locations. First-time officers welcome.",
    "We pay the London Living Wage.",
    "Your interview might be held remotely over a video link.",
])
def test_an_open_location_field_or_a_city_wage_is_not_a_location(text):
    assert "no-location" in where(text)


def test_keeping_your_own_vehicle_insured_is_a_car_requirement():
    assert rules_of("Drivers must maintain their nominated vehicle to all legal requirements.", rule="driving-licence")
    assert rules_of("You will insure your own car for business use.", rule="driving-licence")


def test_a_licence_listed_as_desirable_is_only_a_note():
    assert [f["severity"] for f in findings("A full UK driving licence would be an advantage.", rule="driving-licence")] == ["note"]
    assert [f["severity"] for f in findings("Desirable:\n- A full UK driving licence\n", rule="driving-licence")] == ["note"]
    assert [f["severity"] for f in findings("A full UK driving licence is essential.", rule="driving-licence")] == ["caution"]


@pytest.mark.parametrize("text", [
    "Research internship. This is not a paid position.",
    "Placement for students. The role is not remunerated.",
])
def test_unpaid_in_other_words_is_unpaid_work(text):
    assert findings(text + "\nBased in our Leeds office.", category="unpaid", complete=False)


def test_a_voluntary_role_stated_twice_in_one_sentence_is_one_finding():
    text = "Trustee. The role of treasurer is a voluntary position and is not remunerated.\nBased in our Leeds office."
    assert len(findings(text, category="unpaid", complete=False)) == 1
