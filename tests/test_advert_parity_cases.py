"""Key figures in the job-advert checker's parity cases, checked by hand (the cases themselves
are compared in full, on CPython and in Pyodide, by test_parity.py).

After changing the rules' wording, rebuild the cases' expected results from their inputs, then
check the figures below still hold:

    .venv/bin/python tests/test_advert_parity_cases.py --rebuild
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

CASES = Path(__file__).resolve().parent / "parity" / "cases" / "job-advert-checker"


def case(name: str) -> dict:
    return json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))


def findings(name: str, category: str | None = None) -> list[dict]:
    found = case(name)["expected"]["result"]["findings"]
    return [f for f in found if category is None or f["category"] == category]


def test_admin_advert_degree_is_on_line_11_column_3():
    # "- Educated to degree level" is the 11th line of admin-assistant-housing.md; the words start
    # after "- ", so at column 3.
    degree = findings("admin-degree-and-vague-pay", "degree")
    assert [(f["rule"], f["severity"], f["line"], f["column"], f["matched"]) for f in degree] == [
        ("degree-required", "barrier", 11, 3, "Educated to degree level")]
    pay = [f["rule"] for f in findings("admin-degree-and-vague-pay", "pay")]
    assert pay == ["vague-pay", "no-salary-figure"]


def test_traps_case_has_only_the_softer_degree_note():
    text = case("traps-are-not-degree-requirements")["inputs"]["text"]
    degree = findings("traps-are-not-degree-requirements", "degree")
    assert [(f["rule"], f["severity"], f["matched"]) for f in degree] == [
        ("degree-or-equivalent", "note", "Degree or equivalent experience")]
    # line 3 is "You don't need a degree. Degree or equivalent experience in events is welcome.";
    # "You don't need a degree. " is 25 characters, so the note starts at column 26
    assert (degree[0]["line"], degree[0]["column"]) == (3, 26)
    assert degree[0]["start"] == text.index("Degree or")


def test_html_case_checks_the_text_without_the_script():
    expected = case("pasted-html-with-script")["expected"]["result"]
    assert "document.write" not in expected["highlights"]["text"]
    assert "Location: Smile Dental, Harrogate HG1 \u2013 on the high street" in expected["highlights"]["text"]
    assert any("removed 2 script or style blocks" in n["text"] for n in expected["notices"])


def test_emoji_case_offsets_are_code_points():
    text = case("emoji-and-right-to-left-text")["inputs"]["text"]
    native = next(f for f in findings("emoji-and-right-to-left-text") if f["rule"] == "native-speaker")
    assert native["start"] == text.index("Native English speaker")
    assert text[native["start"]:native["end"]] == "Native English speaker"


def test_error_cases_name_the_input_and_say_what_to_do():
    assert case("error-empty-advert")["expected"]["errors"][0]["message"] == (
        "Paste the text of your job advert, or choose a .txt or .md file.")
    binary = case("error-binary-file")["expected"]["errors"][0]
    assert binary["field"] == "file" and "binary file" in binary["message"]


def rebuild() -> None:
    sys.path.insert(0, str(CASES.parents[3]))
    from calculators.core.bridge import run_json

    for path in sorted(CASES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["expected"] = json.loads(run_json(data["calculator"], json.dumps(data["inputs"])))
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"rebuilt {path.name}")


if __name__ == "__main__" and sys.argv[1:] == ["--rebuild"]:
    rebuild()
