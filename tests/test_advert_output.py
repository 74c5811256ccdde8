"""The checker's result: marked text that never overlaps, a findings list that agrees with it,
plain-English summary, and downloads that are safe to open in a spreadsheet."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from calculators.job_advert.spec import SPEC
from calculators.core.content import load_content
from calculators.core.registry import get
from calculators.core.spec import run

CORPUS = Path(__file__).resolve().parent / "advert_corpus"


def check(text: str) -> dict:
    outcome = run(SPEC, {"text": text}, load_content())
    assert outcome["ok"], outcome
    return outcome["result"]


def test_the_checker_is_registered_under_its_id():
    assert get("job-advert-checker") is SPEC
    assert SPEC.input("file").accept == (".txt", ".md")


def test_the_more_severe_finding_is_marked_where_two_overlap():
    # "Competitive salary" (pay, check this) overlaps "Competitive" (a masculine-coded word, a note)
    result = check("Competitive salary. Based in Leeds. Full-time.")
    spans = result["highlights"]["spans"]
    assert [(s["rule"], result["highlights"]["text"][s["start"]:s["end"]]) for s in spans] == [
        ("vague-pay", "Competitive salary")]
    assert spans[0]["label"] == "Check this: Pay described but not given"
    listed = [f["rule"] for f in result["findings"] if f["start"] == 0]
    assert listed == ["vague-pay", "masculine-coded-word"]  # both listed, one marked


def test_each_mark_has_a_unique_id_that_names_its_finding():
    result = check((CORPUS / "law-firm-trainee.md").read_text(encoding="utf-8"))
    ids = [s["id"] for s in result["highlights"]["spans"]]
    assert len(ids) == len(set(ids))
    by_id = {f["id"]: f for f in result["findings"]}
    text = result["highlights"]["text"]
    for span in result["highlights"]["spans"]:
        finding = by_id[span["id"]]
        assert (finding["start"], finding["end"], finding["rule"]) == (span["start"], span["end"], span["rule"])
        assert (finding["line"], finding["column"]) == (span["line"], span["column"])
        assert text[span["start"]:span["end"]] == finding["matched"]


def test_the_verdict_counts_barriers_and_names_them_without_a_score():
    result = check("We want a 2:1 degree. Unpaid internship. Based in Leeds. Full-time. On site.")
    verdict = result["summary"][0]["text"]
    assert verdict.startswith("This advert has 4 barriers likely to put off or screen out people")
    for label in ("Degree grade or academic record asked for", "Degree asked for", "Unpaid work", "No pay figure"):
        assert label in verdict
    assert "score" not in verdict.lower()


def test_a_clean_advert_gets_a_plain_no_barriers_verdict():
    result = check("Shop assistant in Leeds. £11.44 an hour, 16 hours a week, in the shop. We train you.")
    assert result["summary"][0]["text"].startswith("We found no barriers and nothing to check.")


def test_category_sentences_link_to_the_guidance_when_something_is_found():
    result = check("A degree is essential. Salary £25,000. Leeds. Full-time. In the office.")
    degree = next(s for s in result["summary"] if s["text"].startswith("Degree requirements:"))
    assert degree["links"] == [{"label": "Remove unnecessary degree requirements",
                                "href": "intervention:remove-unnecessary-degree-requirements"}]


def test_suggestions_table_gives_an_example_rewrite_and_the_guidance_link():
    result = check("A 2:1 degree is essential. Salary £25,000. Leeds. Full-time. In the office.")
    rows = next(t for t in result["tables"] if t["id"] == "suggestions")["rows"]
    grade = next(r for r in rows if r["issue"] == "Degree grade or academic record asked for")
    assert grade["before"] == "You will have a 2:1 degree or above."
    assert grade["href"] == "intervention:drop-grade-and-ucas-thresholds"


def test_csv_download_neutralises_formula_starts():
    sentence = "=HYPERLINK(\"http://example.invalid\") " + " ".join(["word"] * 35) + "."
    result = check(sentence + "\nSalary £25,000. Leeds. Full-time. In the office.")
    csv_text = next(d for d in result["downloads"] if d["filename"].endswith(".csv"))["text"]
    rows = list(csv.reader(io.StringIO(csv_text)))
    found_column = rows[0].index("Found")
    long_row = next(r for r in rows[1:] if "HYPERLINK" in r[found_column])
    assert long_row[found_column].startswith("'=HYPERLINK")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row if cell)


def test_markdown_report_escapes_the_advert_text():
    advert = "<script>alert(1)</script> | " + " ".join(["word"] * 35) + ". A degree is essential."
    report = next(d for d in check(advert)["downloads"] if d["filename"].endswith(".md"))["text"]
    assert "<script>" not in report and "\\<script\\>" in report
    table_lines = [line for line in report.splitlines() if line.startswith("| finding-")]
    assert table_lines
    columns = report.splitlines()[report.splitlines().index("## Findings, in the order they appear") + 2].count("|")
    for line in table_lines:
        assert line.replace("\\|", "").count("|") == columns


def test_the_result_is_plain_json_and_the_same_every_time():
    advert = (CORPUS / "graduate-scheme-finance.md").read_text(encoding="utf-8")
    first, second = check(advert), check(advert)
    assert first == second
    json.dumps(first, allow_nan=False)


def test_a_one_megabyte_advert_works_and_says_the_list_is_cut():
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.md")))
    big = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    result = check(big)
    positioned = [f for f in result["findings"] if f["start"] is not None]
    assert len(positioned) == 500
    assert any("we list only the first 500 findings" in n["text"] for n in result["notices"])
    assert all(big[f["start"]:f["end"]] == f["matched"] for f in positioned)
    assert result["highlights"]["text"] is not None and len(result["highlights"]["text"]) == 1_000_000
