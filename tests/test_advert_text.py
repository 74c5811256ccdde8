"""Reading the advert: bad input gets a plain message, HTML becomes text, and positions are
exact for any text (emoji, right-to-left scripts, Windows line ends)."""
from __future__ import annotations

import pytest

from calculators.job_advert.spec import SPEC
from calculators.job_advert.text import (LineIndex, headings, html_to_text, junk_problem, looks_like_html, matching_copy,
                                     sentences)
from calculators.core.content import load_content
from calculators.core.spec import run


def check(**inputs) -> dict:
    return run(SPEC, inputs, load_content())


def only_error(outcome: dict) -> dict:
    assert outcome["ok"] is False
    assert len(outcome["errors"]) == 1
    return outcome["errors"][0]


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_empty_advert_asks_for_the_text(text):
    error = only_error(check(text=text, file=""))
    assert error["field"] == "text"
    assert error["message"] == "Paste the text of your job advert, or choose a .txt or .md file."


def test_text_without_words_says_there_is_nothing_to_check():
    assert "no words to check" in only_error(check(text="123 456 -- !!! 🎉"))["message"]


def test_a_binary_file_is_refused_with_a_plain_message_naming_the_file_input():
    error = only_error(check(file="PK\x03\x04\x00\x00word/document.xml\x00\x00"))
    assert error["field"] == "file"
    assert "binary file" in error["message"] and "Save the advert as a .txt file" in error["message"]


def test_text_full_of_unreadable_characters_is_refused():
    junk = "\ufffd\x01\x02" * 200 + "degree"
    assert "unreadable characters" in only_error(check(text=junk))["message"]


def test_a_few_stray_control_characters_are_tolerated():
    assert junk_problem("Admin assistant\x0c\n\x07 Salary £25,000") is None


def test_over_the_length_limit_gives_a_clear_message_with_the_limit():
    error = only_error(check(text="a" * 1_000_001))
    assert error["field"] == "text"
    assert "too long: 1,000,001 characters, the limit is 1,000,000" in error["message"]


def test_a_file_over_one_megabyte_gets_a_clear_limit_message():
    error = only_error(check(text="", file="é" * 600_000))  # 1,200,000 bytes in UTF-8
    assert error == {"field": "file", "row": None, "column": None,
                     "message": "Advert file is too long: 1,200,000 bytes, the limit is 1,048,576"}


def test_the_file_is_checked_when_nothing_is_pasted():
    outcome = check(text="", file="Trainee. A 2:1 degree is essential.")
    assert outcome["ok"]
    assert outcome["result"]["highlights"]["text"] == "Trainee. A 2:1 degree is essential."


def test_pasted_text_wins_over_a_file_and_says_so():
    outcome = check(text="Pasted advert text.", file="File advert text.")
    result = outcome["result"]
    assert result["highlights"]["text"] == "Pasted advert text."
    assert any("We checked the pasted text" in n["text"] for n in result["notices"])


def test_inputs_are_not_changed():
    inputs = {"text": "A degree is essential.", "file": ""}
    before = dict(inputs)
    check(**inputs)
    assert inputs == before


# --- HTML ----------------------------------------------------------------------------------------

def test_pasted_html_is_reduced_to_text_and_scripts_are_dropped_not_run():
    html = ("<p>Office <b>Manager</b> &ndash; Leeds</p><ul><li>Degree essential</li><li>Salary &pound;30,000</li></ul>"
            "<script>alert('x')</script><style>p{color:red}</style>")
    result = check(text=html)["result"]
    text = result["highlights"]["text"]
    assert text == "Office Manager \u2013 Leeds\n\n- Degree essential\n- Salary \u00a330,000"
    assert "alert" not in text and "color" not in text
    notice = " ".join(n["text"] for n in result["notices"])
    assert "looked like HTML" in notice and "removed 2 script or style blocks without running them" in notice
    degree = next(f for f in result["findings"] if f["rule"] == "degree-required")
    assert text[degree["start"]:degree["end"]] == "Degree"


def test_a_script_tag_typed_into_a_plain_advert_is_kept_and_shown_as_text():
    advert = "We build web pages, so you will write <script> tags and HTML by hand.\nSalary £30,000."
    assert not looks_like_html(advert)
    result = check(text=advert)["result"]
    assert result["highlights"]["text"] == advert
    assert not any("HTML" in n["text"] for n in result["notices"])


def test_html_with_nothing_but_markup_says_there_is_no_text():
    assert "no text in the HTML" in only_error(check(text="<div><p></p><br></div>"))["message"]


def test_html_reduction_keeps_list_items_as_lines():
    text, removed = html_to_text("<h2>Essential</h2><ul><li>One</li><li>Two</li></ul>")
    assert text == "Essential\n\n- One\n- Two" and removed == 0


# --- positions -----------------------------------------------------------------------------------

def test_offsets_count_code_points_so_emoji_and_right_to_left_text_do_not_shift_them():
    advert = "🎉🍽️ مرحباً שלום 👩🏽‍💻\nYou must have a degree. 🇬🇧"
    result = check(text=advert)["result"]
    degree = next(f for f in result["findings"] if f["rule"] == "degree-required")
    assert advert[degree["start"]:degree["end"]] == "degree"
    assert degree["start"] == advert.index("degree")
    assert (degree["line"], degree["column"]) == (2, advert.index("degree") - advert.index("\n"))


def test_line_and_column_with_windows_and_old_mac_line_ends():
    text = "one\r\ntwo\rthree\nfour"
    lines = LineIndex(text)
    assert lines.position(0) == (1, 1)
    assert lines.position(text.index("two")) == (2, 1)
    assert lines.position(text.index("three") + 2) == (3, 3)
    assert lines.position(text.index("four")) == (4, 1)


def test_matching_copy_keeps_the_length_even_for_characters_whose_lower_case_is_longer():
    text = "İstanbul ofis — DEGREE ‘essential’"
    copy = matching_copy(text)
    assert len(copy) == len(text)
    assert copy.endswith("degree 'essential'") and "-" in copy


def test_a_very_long_single_line_works_and_is_one_long_sentence():
    line = " ".join(["word"] * 50_000) + " and you need a degree"
    result = check(text=line)["result"]
    rules = [f["rule"] for f in result["findings"]]
    assert "long-sentence" in rules and "degree-required" in rules
    long = next(f for f in result["findings"] if f["rule"] == "long-sentence")
    assert (long["start"], long["end"], long["line"], long["column"]) == (0, len(line), 1, 1)


# --- sentences and headings ----------------------------------------------------------------------

def spans(text: str) -> list[str]:
    return [text[s.start:s.end] for s in sentences(text)]


def test_sentences_end_at_punctuation_and_lines_but_not_after_abbreviations_or_list_numbers():
    text = "Use tools, e.g. Excel. Apply now!\n1. First item\n2. Second item.\nA wrapped\nline, etc. done? Yes."
    assert spans(text) == ["Use tools, e.g. Excel.", "Apply now!", "1. First item", "2. Second item.",
                           "A wrapped\nline, etc. done?", "Yes."]


def test_a_hard_wrapped_line_carries_on_when_the_next_line_starts_in_lower_case():
    assert spans("You will help the team\nwith letters and calls.\n- A bullet") == [
        "You will help the team\nwith letters and calls.", "- A bullet"]


def test_headings_are_found_in_markdown_colon_bold_and_list_forms():
    text = ("# Job title\nIntro line.\n**Essential**\n- a\nDesirable:\n- b\nWhat you will need\n- c\n"
            "A long sentence that ends with a colon but has far too many words to be a heading at all:\n")
    found = [h.text for h in headings(text, matching_copy(text))]
    assert found == ["job title", "essential", "desirable", "what you will need"]
