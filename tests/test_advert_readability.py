"""Readability measures, checked against sums done by hand."""
from __future__ import annotations

import pytest

from calculators.job_advert.spec import SPEC
from calculators.job_advert.match import AdvertDoc, essential_requirements
from calculators.job_advert.readability import flesch_reading_ease, measure, syllables
from calculators.job_advert.rules import rule_book
from calculators.job_advert.text import matching_copy, sentences
from calculators.core.content import load_content
from calculators.core.spec import run


def readability(text: str):
    return measure(matching_copy(text), sentences(text))


@pytest.mark.parametrize("word, expected", [
    ("the", 1), ("are", 1), ("table", 2), ("centre", 2), ("manage", 2), ("management", 3), ("safely", 2),
    ("experience", 4), ("graduate", 3), ("media", 3), ("biology", 4), ("client", 2), ("quality", 3),
    ("language", 2), ("worked", 1), ("wanted", 2), ("makes", 1), ("boxes", 2), ("agreed", 2), ("value", 2),
    ("cv", 2), ("full-time", 2), ("you'll", 1),
])
def test_syllable_estimate_matches_hand_counts_for_common_advert_words(word, expected):
    assert syllables(word) == expected


def test_flesch_of_a_six_word_sentence_worked_by_hand():
    # 6 words, 1 sentence, 6 syllables: 206.835 - 1.015 * 6 - 84.6 * 1 = 116.145
    read = readability("The cat sat on the mat.")
    assert (read.words, read.sentences, read.syllables) == (6, 1, 6)
    assert read.reading_ease == pytest.approx(116.145)


def test_flesch_of_two_sentences_worked_by_hand():
    # you will man-age the team (6) / we val-ue ex-pe-ri-ence (7): 13 syllables, 8 words, 2 sentences
    # 206.835 - 1.015 * 4 - 84.6 * 13 / 8 = 65.3
    read = readability("You will manage the team. We value experience.")
    assert (read.words, read.sentences, read.syllables) == (8, 2, 13)
    assert read.reading_ease == pytest.approx(65.3)
    assert read.average_sentence == 4 and read.longest_sentence == 5


def test_numbers_are_not_words_but_words_with_numbers_are():
    read = readability("Lift 25kg. Pay 37.5 hours at £12.60.")
    assert read.words == 5  # lift, kg, pay, hours, at
    assert read.sentences == 2


def test_no_words_gives_no_score():
    assert flesch_reading_ease(0, 0, 0) is None


def test_a_sentence_of_31_words_is_long_and_one_of_30_is_not():
    thirty = " ".join(["word"] * 30) + "."
    thirty_one = " ".join(["word"] * 31) + "."
    read = readability(thirty + "\n" + thirty_one)
    assert [n for _, n in read.long_sentences] == [31]
    assert read.longest_sentence == 31


def test_long_sentences_are_listed_with_their_word_count():
    advert = " ".join(["word"] * 35) + ". Salary £25,000."
    result = run(SPEC, {"text": advert}, load_content())["result"]
    long = [f for f in result["findings"] if f["rule"] == "long-sentence"]
    assert len(long) == 1 and long[0]["label"] == "Long sentence (35 words)"
    assert all(s["rule"] != "long-sentence" for s in result["highlights"]["spans"])  # listed, not marked


def count_essentials(text: str) -> int:
    book = rule_book(load_content())
    doc = AdvertDoc(text)
    doc.classify_sections(book)
    return essential_requirements(doc)


def test_essential_requirements_count_list_items_under_essential_and_must_sentences_elsewhere():
    text = ("About the role\nYou must be 18 or over.\n\nEssential:\n- Good with people\n- Can use a till\n"
            "- Reliable\n\nDesirable:\n- Retail experience\n- You must love books (desirable section, not counted)\n")
    assert count_essentials(text) == 4


def test_a_not_required_sentence_is_not_an_essential_requirement():
    assert count_essentials("A degree is not required. Experience is not essential.") == 0


def test_more_than_six_essentials_is_flagged_and_six_is_not():
    def advert(n: int) -> str:
        return "Essential criteria\n" + "".join(f"- Skill number {i}\n" for i in range(n)) + "Salary £25,000. Leeds. Full-time."

    def flagged(n: int) -> list:
        result = run(SPEC, {"text": advert(n)}, load_content())["result"]
        return [f for f in result["findings"] if f["rule"] == "many-essentials"]

    assert flagged(6) == []
    assert flagged(7)[0]["label"] == "Long list of essential requirements (7 essential requirements)"


def test_mostly_non_english_text_gets_a_note_about_the_english_measures():
    advert = "مطلوب موظف استقبال في المكتب الرئيسي للعمل بدوام كامل مع فريق ودود ومتعاون جداً. Leeds."
    result = run(SPEC, {"text": advert}, load_content())["result"]
    assert any("designed for English" in n["text"] for n in result["notices"])
