"""Hostile adverts and hostile rules (issue 22): work that stays linear and bounded, rules that
cannot make the checker hang, and text that cannot hide a barrier behind invisible or
look-alike characters or an unclosed <script>."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from calculators.job_advert.spec import SPEC
from calculators.job_advert.match import analyse
from calculators.job_advert.rules import compile_rules, rule_book, validate_rules
from calculators.core.content import load_content
from calculators.core.spec import run

PROJECT = Path(__file__).resolve().parent.parent
RULES_FILE = PROJECT / "content" / "data" / "advert_rules.yml"
COMPLETE = "\nSalary £25,000 a year. Based in our Leeds office. Full-time, 37 hours a week."


@pytest.fixture(scope="module")
def shipped() -> dict:
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))["advert_rules"]


def result(text: str, content: dict | None = None) -> dict:
    outcome = run(SPEC, {"text": text}, content or load_content())
    assert outcome["ok"], outcome
    return outcome["result"]


def with_rules(data: dict) -> dict:
    return {**load_content(), "advert_rules": data}


# --- Linear time, bounded work ----------------------------------------------------------------

class CountingPattern:
    """A compiled pattern that counts the characters its searches are given to read."""

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern, self.read = pattern, 0

    def finditer(self, text, pos=0, endpos=None):
        endpos = len(text) if endpos is None else endpos
        self.read += max(0, endpos - pos)
        return self.pattern.finditer(text, pos, endpos)

    def search(self, text, pos=0, endpos=None):
        endpos = len(text) if endpos is None else endpos
        self.read += max(0, endpos - pos)
        return self.pattern.search(text, pos, endpos)


def test_sentence_cues_are_read_once_per_sentence_not_once_per_match(shipped):
    """Reading the sentence again for each match made 100,000 'degree' take 202 s."""
    book = compile_rules(shipped)
    rule = book.rule("degree-required")
    counters = []
    contexts = []
    for ctx in rule.context:
        counter = CountingPattern(ctx.when)
        counters.append(counter)
        contexts.append(type(ctx)(counter, ctx.scope, ctx.severity, ctx.label))
    # merge: None keeps one finding per match, so every match looks for its cue
    rules = tuple(type(rule)(**{**{name: getattr(rule, name) for name in rule.__record_fields__}, "context": tuple(contexts),
                                "merge": None})
                  if r is rule else r for r in book.rules)
    counted = type(book)(**{**{name: getattr(book, name) for name in book.__record_fields__}, "rules": rules})
    text = "We ask for a degree, a degree and a degree " * 300 + "which is essential."
    analysis = analyse(text, counted)
    found = [f for f in analysis.findings if f.rule.id == "degree-required"]
    assert len(found) >= 300 and all(f.severity == "barrier" for f in found)
    read = sum(c.read for c in counters)
    assert read <= 3 * len(text), f"cue patterns read {read:,} characters of a {len(text):,}-character advert"


def test_matches_of_one_rule_are_capped_with_a_notice_naming_the_rule(shipped):
    data = copy.deepcopy(shipped)
    data["settings"]["max_matches_per_rule"] = 40
    data["settings"]["max_findings"] = 10_000
    out = result("A degree. " * 100 + COMPLETE, with_rules(data))
    degree = [f for f in out["findings"] if f["rule"] == "degree-required"]
    assert len(degree) == 40
    notices = " ".join(n["text"] for n in out["notices"])
    assert "Degree asked for" in notices and "more than 40 times" in notices and "line 1" in notices


def test_a_long_run_of_one_word_is_checked_up_to_the_cap_and_no_further(shipped):
    book = rule_book(load_content())
    analysis = analyse("degree " * 20_000, book)
    assert analysis.capped.get("degree-required") == 7 * book.max_matches_per_rule
    assert analysis.doc.matches_seen["degree-required"] == book.max_matches_per_rule


@pytest.mark.parametrize("value", [0, -5, "lots", 2.5, True])
def test_a_bad_match_limit_is_a_rules_problem_not_a_crash(shipped, value):
    data = copy.deepcopy(shipped)
    data["settings"]["max_matches_per_rule"] = value
    problems = validate_rules(data, time_patterns=False)
    assert [p.path for p in problems] == [("settings", "max_matches_per_rule")]
    assert "whole number" in str(problems[0])


# --- Regular expressions that could hang --------------------------------------------------------

def broken(shipped: dict, rule_id: str, **changes) -> dict:
    data = copy.deepcopy(shipped)
    rule = next(r for r in data["rules"] if r["id"] == rule_id)
    rule.update(changes)
    return data


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"\b(?:\w+\s?)*degree\b", r"(\d+\.?)+x", r"(?:x+x+)+y"])
def test_nested_repeats_are_rejected_with_the_rule_the_pattern_and_the_fix(shipped, pattern):
    problems = validate_rules(broken(shipped, "ucas-points", patterns=[pattern]), time_patterns=False)
    assert len(problems) == 1
    message = str(problems[0])
    assert message.startswith("rule 'ucas-points':") and repr(pattern) in message
    assert "hang" in message and "limit such as {0,3}" in message


def test_a_slow_pattern_of_an_innocent_shape_is_caught_by_timing(shipped):
    # three repeats of the same characters side by side: cubic, not caught by its shape
    pattern = r"\bucas\s*\s*\s*\s*x"
    data = broken(shipped, "ucas-points", patterns=[pattern])
    assert validate_rules(data, time_patterns=False) == []
    problems = validate_rules(data)
    assert len(problems) == 1
    assert repr(pattern) in str(problems[0]) and "took" in str(problems[0]) and "{0,40}" in str(problems[0])


def test_a_slow_exception_or_context_pattern_is_named_too(shipped):
    data = broken(shipped, "degree-required", exceptions=[r"(a|aa)+b"],
                  context=[{"when": r"(\w+)+!", "scope": "sentence", "severity": "caution", "label": "x"}])
    problems = validate_rules(data)
    assert [p.path[2] for p in problems] == ["exceptions", "context"]
    assert all(p.rule == "degree-required" for p in problems)


def test_the_site_build_rejects_a_catastrophic_rule_naming_the_file_line_and_rule(tmp_path):
    import shutil

    from generator.content.errors import ContentErrors
    from generator.content.loader import load_toolkit

    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    path = content / "data" / "advert_rules.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("    - id: degree-required")
    first = next(n for n in range(start, len(lines)) if lines[n].strip() == "patterns:") + 1
    lines[first] = lines[first][: lines[first].index("- ")] + "- '(a+)+$'"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        load_toolkit(content)
    (error,) = info.value.errors
    assert error.path == "content/data/advert_rules.yml" and error.line == first + 1
    assert error.field == "rule degree-required" and "(a+)+$" in error.problem and "hang" in error.problem


# --- Text normalised before matching ----------------------------------------------------------

@pytest.mark.parametrize("text, rule, shown", [
    ("A de\u200bgree is essential.", "degree-required", "de\u200bgree"),
    ("A degree with a 2\u200b:1 is essential.", "degree-classification", "2\u200b:1"),
    ("A d\u0435gree is essential.", "degree-required", "d\u0435gree"),  # Cyrillic e
    ("A \u0501egree is essential.", "degree-required", "\u0501egree"),  # Cyrillic komi de
    ("A \uff44\uff45\uff47\uff52\uff45\uff45 is essential.", "degree-required", "\uff44\uff45\uff47\uff52\uff45\uff45"),  # full width
    ("A deg\u00adree is essential.", "degree-required", "deg\u00adree"),  # soft hyphen
    ("Un\ufeffpaid internship.", "unpaid-work", "Un\ufeffpaid"),
    ("Nati\u200dve English speaker required.", "native-speaker", "Nati\u200dve English speaker"),
])
def test_hidden_characters_do_not_hide_a_barrier_and_the_mark_points_at_the_users_text(text, rule, shown):
    prefix = "We are hiring.\n\u200b\u200b\u200bCaf\u00e9 \ufb01ne team.\n"
    out = result(prefix + text + COMPLETE)
    hits = [f for f in out["findings"] if f["rule"] == rule]
    assert hits, out["findings"]
    original = out["highlights"]["text"]
    assert original == prefix + text + COMPLETE
    assert original[hits[0]["start"]:hits[0]["end"]].startswith(shown) or shown in original[hits[0]["start"]:hits[0]["end"]]
    spans = out["highlights"]["spans"]
    assert any(original[s["start"]:s["end"]] == original[hits[0]["start"]:hits[0]["end"]] for s in spans)
    assert hits[0]["line"] == 3


def test_a_finding_after_hidden_characters_keeps_its_column():
    out = result("\u200b\u200b\u200b\u200bA 2:1 is essential." + COMPLETE)
    hit = next(f for f in out["findings"] if f["rule"] == "degree-classification")
    assert (hit["line"], hit["column"]) == (1, 7)
    assert out["highlights"]["text"][hit["start"]:hit["end"]].startswith("2:1")


def test_text_in_another_alphabet_is_not_read_as_english():
    russian = "Требуется водитель. Опыт работы обязателен. Зарплата по договорённости. Мы ждём вас в нашей команде.\n"
    out = result(russian * 3)
    assert any("not in English" in n["text"] for n in out["notices"])
    assert not any("plain form" in n["text"] for n in out["notices"])


def test_the_notice_says_characters_were_read_in_their_plain_form():
    out = result("A de\u200bgree is essential." + COMPLETE)
    assert any("plain form" in n["text"] for n in out["notices"])


@pytest.mark.parametrize("tag", ["script", "style", "SCRIPT", "noscript", "template"])
def test_an_unclosed_script_in_pasted_html_does_not_drop_the_rest(tag):
    html = (f"<html><body><h2>Requirements</h2><{tag} type='text/javascript'>var tracking = 1;"
            "<p>A 2:1 degree is essential.</p><ul><li>Native English speaker</li></ul>"
            "<p>Salary £25,000 a year. Based in our Leeds office. Full-time, 37 hours a week.</p></body></html>")
    out = result(html)
    rules = {f["rule"] for f in out["findings"]}
    assert {"degree-classification", "native-speaker"} <= rules
    assert "no-salary-figure" not in rules
    assert "<" not in out["highlights"]["text"]


def test_a_closed_script_is_still_removed():
    html = "<p>Intro</p><script>var degree = '2:1';</script><p>Salary £25,000.</p>"
    out = result(html)
    assert "var degree" not in out["highlights"]["text"]
    assert not [f for f in out["findings"] if f["rule"] == "degree-classification"]


# --- Invisible characters change nothing but the offsets (property) -------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_PHRASES = ["A degree is essential.", "a 2:1 degree", "degree of autonomy", "unpaid internship", "Native English speaker",
            "driving licence", "Competitive salary.", "£25,000 a year", "Essential:\n- ", "Desirable:\n- ", "\n", ". ",
            "KPIs", "polished", "Leeds", "full-time", "remote", "voluntary position", "honorarium", "good honours degree"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_PHRASES), st.text(min_size=1, max_size=8)), min_size=1, max_size=25).map(" ".join),
       st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(INVISIBLE)), max_size=30))
def test_invisible_characters_inside_words_change_only_the_offsets(clean, insertions):
    dirty = clean
    for position, ch in sorted(insertions, reverse=True):
        p = position % (len(dirty) + 1)
        if 0 < p < len(dirty) and dirty[p - 1].isascii() and dirty[p - 1].isalnum() and dirty[p].isascii() and dirty[p].isalnum():
            dirty = dirty[:p] + ch + dirty[p:]
    a, b = run(SPEC, {"text": clean}, load_content()), run(SPEC, {"text": dirty}, load_content())
    assert a["ok"] == b["ok"]
    if not a["ok"]:
        return
    shown = b["result"]["highlights"]["text"]

    def described(result, text):
        return sorted((f["rule"], f["severity"], "".join(ch for ch in text[f["start"]:f["end"]] if ch not in INVISIBLE)
                       if f["start"] is not None else None) for f in result["findings"])

    assert described(b["result"], shown) == described(a["result"], a["result"]["highlights"]["text"])
    for span in b["result"]["highlights"]["spans"]:
        assert 0 <= span["start"] < span["end"] <= len(shown)
        assert shown[span["start"]] not in INVISIBLE  # a mark starts on a visible character
