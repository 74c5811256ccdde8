"""The toolkit's own content meets its quality bars: complete, sourced, plain English, linked."""
from __future__ import annotations

import re
import statistics
from collections import Counter

import pytest

from generator.loader import load_toolkit
from generator.schema import BUILDING_BLOCKS, STAGES
from readability import measure
from sitekit import PROJECT

FIGURE = re.compile(r"\d[\d,.]*\s?%|\u00a3\s?\d|\d+\s?per\s?cent", re.I)
REQUIRED_TERMS = {"seb", "ns-sec", "progression-gap", "class-pay-gap", "contextual-recruitment", "benchmark"}


@pytest.fixture(scope="module")
def toolkit():
    return load_toolkit(PROJECT / "content")


def documents(toolkit):
    return [*toolkit.blocks, *toolkit.interventions, *toolkit.pages]


def test_at_least_35_interventions_and_5_per_block_across_every_stage(toolkit):
    assert len(toolkit.interventions) >= 35
    per_block = Counter(i.building_block for i in toolkit.interventions)
    assert set(per_block) == set(BUILDING_BLOCKS) and min(per_block.values()) >= 5, per_block
    assert {i.stage for i in toolkit.interventions} == set(STAGES)
    for block in BUILDING_BLOCKS:
        assert len({i.stage for i in toolkit.interventions_in(block)}) >= 2, f"{block} uses only one stage"


def test_each_intervention_is_300_to_800_words(toolkit):
    for i in toolkit.interventions:
        words = measure(i.body)["words"]
        assert 300 <= words <= 800, f"{i.path}: {words} words"


def test_every_figure_is_on_a_page_that_cites_a_source(toolkit):
    for doc in documents(toolkit):
        text = doc.body + getattr(doc, "example", "")
        if FIGURE.search(text):
            assert doc.sources, f"{doc.path} has figures ({FIGURE.search(text).group(0)}) but no sources"


def test_the_figure_check_catches_an_unsourced_percentage():
    assert FIGURE.search("About 48% of employers") and FIGURE.search("costs \u00a31,019 a month") and not FIGURE.search("in 2022")


def test_every_page_is_plain_english(toolkit):
    scores = {}
    for doc in documents(toolkit):
        m = measure(doc.body)
        assert m["flesch"] >= 50, f"{doc.path}: Flesch reading ease {m['flesch']}"
        assert not m["long_sentences"], f"{doc.path}: sentences over 35 words: {m['long_sentences']}"
        scores[doc.path] = m["flesch"]
    assert statistics.median(scores.values()) >= 60


def test_glossary_definitions_are_plain_english_too(toolkit):
    text = "\n".join(t.definition for t in toolkit.glossary)
    assert measure(text)["flesch"] >= 50 and not measure(text)["long_sentences"]


def test_glossary_has_20_terms_including_the_core_ones(toolkit):
    ids = {t.id for t in toolkit.glossary}
    assert len(ids) >= 20 and REQUIRED_TERMS <= ids


def test_at_least_six_illustrative_examples(toolkit):
    examples = [i for i in toolkit.interventions if i.example]
    assert len(examples) >= 6


def test_every_intervention_links_to_another(toolkit):
    assert all(i.related for i in toolkit.interventions)


def test_every_theme_of_the_source_event_is_covered(toolkit):
    text = " ".join(d.body.lower() for d in documents(toolkit))
    for phrase in ["every manager", "say/do gap", "anonym", "response rate", "quartile", "region", "benchmark",
                   "further education", "remote", "degree", "structured interview", "unpaid", "career conversation",
                   "training", "promotion criteria", "stepping-stone", "progression gap", "class pay gap",
                   "work experience", "school", "partnership"]:
        assert phrase in text, f"no page covers {phrase!r}"


def test_interventions_measure_progress_with_a_calculator_link(toolkit):
    linked = [i for i in toolkit.interventions if "](calculator:" in i.body]
    assert len(linked) >= len(toolkit.interventions) * 0.8


def test_measurement_kit_shows_all_nine_options_grouped_from_the_data_file(real_site, toolkit):
    html = (real_site / "measurement-kit" / "index.html").read_text()
    seb = toolkit.data["seb_question"]["seb"]
    assert len(seb["options"]) == 9
    for option in seb["options"]:
        assert f"<td>{option['code']}</td>" in html
    for group in seb["groups"]:
        assert group["label"] in html
    for name in ("seb-survey-questions.csv", "representation-responses-template.csv", "representation-counts-template.csv",
                 "representation-data-dictionary.csv"):
        assert (real_site / "downloads" / name).exists() and f"downloads/{name}" in html


def test_required_pages_exist(real_site):
    for page in ("about", "privacy", "accessibility", "glossary", "sources", "where-to-start", "measurement-kit"):
        assert (real_site / page / "index.html").exists()
