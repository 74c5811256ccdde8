"""Properties that hold for any advert text: marks map back to the exact text, come in order and
never overlap; every position agrees with its line and column; the checker never crashes."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators.job_advert.spec import SPEC
from calculators.job_advert.text import matching_copy, sentences
from calculators.core.content import load_content
from calculators.core.spec import run

PHRASES = [
    "degree", "a 2:1 degree is essential", "degree of autonomy", "360-degree", "no degree required",
    "BSc or equivalent experience", "unpaid internship", "competitive salary", "DOE", "£25,000",
    "native English speaker", "driving licence", "polished", "KPIs", "stakeholder management",
    "Essential:", "Desirable:", "- ", "\n", "\r\n", "\n\n", ". ", "! ", "e.g. ", "1. ", "**", "# ",
    "🎉", "👩🏽‍💻", "🇬🇧", "مرحباً", "שלום", "İstanbul", "naïve", "\u200d", "\u0301", "‘", "’", "—", "\u00a0",
    "<p>", "</p>", "<script>", "&amp;", "self-confident", "lead", "supportive", "Leeds", "full-time", "remote",
]
pieces = st.one_of(st.sampled_from(PHRASES), st.text(min_size=1, max_size=12))
adverts = st.lists(pieces, min_size=1, max_size=40).map(" ".join)


def outcome(text: str) -> dict:
    return run(SPEC, {"text": text}, load_content())


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """Independent oracle: lines end at \\r\\n, \\r or \\n; columns count code points from 1."""
    line, start, i = 1, 0, 0
    while i < offset:
        if text[i] == "\r" and i + 1 < len(text) and text[i + 1] == "\n" and i + 1 < offset:
            i += 2
            line, start = line + 1, i
            continue
        if text[i] in "\r\n":
            line, start = line + 1, i + 1
        i += 1
    return line, offset - start + 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(adverts)
def test_marks_map_back_to_the_exact_text_in_order_without_overlapping(text):
    result = outcome(text)
    if not result["ok"]:
        assert all(e["message"] for e in result["errors"])  # a plain message, never a crash
        return
    shown = result["result"]["highlights"]["text"]
    spans = result["result"]["highlights"]["spans"]
    findings = {f["id"]: f for f in result["result"]["findings"]}
    previous_end = 0
    for span in spans:
        assert 0 <= span["start"] < span["end"] <= len(shown)
        assert span["start"] >= previous_end  # sorted and never overlapping
        previous_end = span["end"]
        assert shown[span["start"]:span["end"]] == findings[span["id"]]["matched"]
    assert len({s["id"] for s in spans}) == len(spans)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(adverts)
def test_every_finding_position_agrees_with_its_line_and_column(text):
    result = outcome(text)
    if not result["ok"]:
        return
    shown = result["result"]["highlights"]["text"]
    for finding in result["result"]["findings"]:
        if finding["start"] is None:
            assert finding["line"] is None and finding["column"] is None
            continue
        assert shown[finding["start"]:finding["end"]] == finding["matched"]
        assert (finding["line"], finding["column"]) == line_and_column(shown, finding["start"])


@given(st.text(max_size=300))
def test_the_lower_case_copy_always_has_the_same_length(text):
    assert len(matching_copy(text)) == len(text)


@given(st.text(max_size=300))
def test_sentences_are_trimmed_in_order_and_inside_the_text(text):
    previous_end = 0
    for span in sentences(text):
        assert previous_end <= span.start < span.end <= len(text)
        piece = text[span.start:span.end]
        assert piece == piece.strip()
        previous_end = span.end


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_a_result_or_a_plain_message(text):
    result = outcome(text)
    if result["ok"]:
        assert result["result"]["summary"]
    else:
        assert [e["field"] for e in result["errors"]] in (["text"],)
        assert "internal" not in result
