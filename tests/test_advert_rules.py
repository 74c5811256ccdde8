"""The advert rules file: the shipped rules are valid, and a broken rule is reported by name."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from calculators.job_advert.rules import RulesError, compile_rules, rule_book, validate_rules
from calculators.core.content import load_content

PROJECT = Path(__file__).resolve().parent.parent
RULES_FILE = PROJECT / "content" / "data" / "advert_rules.yml"


@pytest.fixture(scope="module")
def shipped() -> dict:
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))["advert_rules"]


def broken(shipped: dict, rule_id: str, **changes) -> dict:
    data = copy.deepcopy(shipped)
    rule = next(r for r in data["rules"] if r["id"] == rule_id)
    rule.update(changes)
    return data


def messages(problems) -> str:
    return "\n".join(str(p) for p in problems)


def test_shipped_rules_have_no_problems_and_link_real_intervention_pages(shipped):
    slugs = [p.stem for p in (PROJECT / "content" / "interventions").glob("*.md")]
    assert slugs, "no intervention pages to check against"
    assert validate_rules(shipped, slugs) == []


def test_every_category_the_issue_asks_for_has_rules(shipped):
    categories = {r["category"] for r in shipped["rules"]}
    assert categories == {"degree", "grades", "unpaid", "pay", "language", "readability", "flexibility"}


def test_a_bad_regex_names_the_rule_the_pattern_and_the_regex_error(shipped):
    data = broken(shipped, "ucas-points", patterns=[r"\bucas(", r"\bucas points\b"])
    problems = validate_rules(data)
    assert len(problems) == 1
    problem = problems[0]
    assert problem.rule == "ucas-points"
    assert problem.path == ("rules", next(i for i, r in enumerate(data["rules"]) if r["id"] == "ucas-points"), "patterns", 0)
    assert r"\bucas(" in problem.message and "missing )" in problem.message
    assert str(problem).startswith("rule 'ucas-points':")


def test_a_bad_exception_or_context_pattern_is_also_named(shipped):
    data = broken(shipped, "degree-required", exceptions=["[unclosed"],
                  context=[{"when": "(?<=a+)b", "scope": "sentence", "severity": "caution", "label": "x"}])
    text = messages(validate_rules(data))
    assert "rule 'degree-required'" in text
    assert "[unclosed" in text and "look-behind" in text


def test_pattern_with_capitals_is_refused_unless_marked_case_sensitive(shipped):
    assert "capital letters" in messages(validate_rules(broken(shipped, "ucas-points", patterns=[r"\bUCAS\b"])))
    fine = broken(shipped, "ucas-points", patterns=[{"regex": r"\bUCAS\b", "case_sensitive": True}])
    assert validate_rules(fine) == []


def test_a_pattern_that_matches_empty_text_is_refused(shipped):
    assert "matches empty text" in messages(validate_rules(broken(shipped, "ucas-points", patterns=[r"(?:ucas)?"])))


def test_unknown_category_severity_and_intervention_are_each_reported(shipped):
    data = broken(shipped, "ucas-points", category="schools", severity="fatal", intervention="no-such-page")
    text = messages(validate_rules(data, intervention_slugs=["drop-grade-and-ucas-thresholds"]))
    assert "category 'schools'" in text
    assert "severity must be one of barrier, caution, note, not 'fatal'" in text
    assert "intervention 'no-such-page' is not a page" in text


def test_a_source_needs_title_publisher_year_and_https_url(shipped):
    data = broken(shipped, "ucas-points", source={"title": "A report", "publisher": "", "year": "recent", "url": "ise.org.uk"})
    text = messages(validate_rules(data))
    assert "source publisher" in text and "source year" in text and "must start with https://" in text


def test_duplicate_ids_and_unknown_placeholders_are_reported(shipped):
    data = copy.deepcopy(shipped)
    data["rules"].append(copy.deepcopy(data["rules"][0]))
    data["rules"][1]["suggestion"] = "Replace {salary} with a figure"
    text = messages(validate_rules(data))
    assert "ids must be unique" in text
    assert "{salary} is not a field" in text


def test_only_when_must_name_a_statement_rule(shipped):
    text = messages(validate_rules(broken(shipped, "vague-pay", only_when="degree-required")))
    assert "only_when must name a rule of kind 'absent'" in text


def test_a_list_rule_must_name_an_existing_list(shipped):
    assert "list 'buzzwords'" in messages(validate_rules(broken(shipped, "jargon", list="buzzwords")))


def test_an_unquoted_comma_in_a_list_entry_is_caught_as_an_unknown_field():
    data = yaml.safe_load("""
lists:
  class_coded:
    - {term: well-presented, plain: the dress code, if there is one}
""")
    problems = [p for p in validate_rules(data) if p.path[:1] == ("lists",)]
    assert any("unknown field 'if there is one'" in p.message and "put it in quotes" in p.message for p in problems)


def test_a_misspelt_rule_field_is_reported(shipped):
    assert "unknown field 'exception'" in messages(validate_rules(broken(shipped, "ucas-points", exception=["x"])))


def test_a_file_that_is_not_a_mapping_gives_one_plain_problem():
    problems = validate_rules(["not", "a", "mapping"])
    assert [p.message for p in problems] == ["the file must hold a mapping under 'advert_rules'"]


def test_compiling_broken_rules_fails_with_the_rule_named(shipped):
    with pytest.raises(RulesError, match="ucas-points"):
        compile_rules(broken(shipped, "ucas-points", patterns=[r"\bucas("]))


def test_gender_word_lists_are_gender_decoders_stems(shipped):
    lists = shipped["lists"]
    # a few stems checked by hand against Gender Decoder's en.py (Gaucher, Friesen and Kay 2011)
    for stem in ("collab", "nurtur", "respon", "support", "sharin", "inter-dependen"):
        assert stem in lists["feminine"]
    for stem in ("ambitio", "compet", "driven", "self-confiden", "unreasonab", "lead"):
        assert stem in lists["masculine"]
    assert len(lists["feminine"]) == 50 and len(lists["masculine"]) == 52
    assert "Gender Decoder" in RULES_FILE.read_text(encoding="utf-8") and "MIT" in RULES_FILE.read_text(encoding="utf-8")


def test_rules_compile_once_per_content():
    content = load_content()
    assert rule_book(content) is rule_book(content)
