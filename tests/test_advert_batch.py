"""Checking a batch of job adverts (calculators.job_advert.batch*): reading several files or one CSV,
the same findings as the single checker, totals, downloads and bad input. The adverts are the
labelled corpus in tests/advert_corpus; figures are worked out from the single checker's own
results, never restated."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from calculators.core.registry import get
from calculators.core.spec import run, validate
from calculators.job_advert import batch_spec
from calculators.core import progress
from generator.python.calculator_data import content_data
from sitekit import PROJECT

CORPUS = sorted((PROJECT / "tests" / "advert_corpus").glob("*.txt"))[:6]
CONTENT = content_data()
BATCH, SINGLE = get("job-advert-batch"), get("job-advert-checker")


def files(paths=CORPUS) -> list[dict]:
    return [{"name": p.name, "text": p.read_text(encoding="utf-8")} for p in paths]


def run_batch(given) -> dict:
    """Run the batch as the page does: several files arrive as a JSON list of {"name", "text"}."""
    return run(BATCH, {"adverts": json.dumps(given) if isinstance(given, list) else given}, CONTENT)


def check(given, records: bool = False) -> dict:
    """The page's result; with `records`, the CLI's (the same, plus a record per advert for --jsonl)."""
    outcome = run_batch(given)
    assert outcome["ok"], outcome
    if records:
        with_records = batch_spec.run(validate(BATCH, {"adverts": json.dumps(given)}, CONTENT), CONTENT, records=True)
        assert {k: v for k, v in with_records.items() if k != "adverts"} == outcome["result"]
        return with_records
    assert "adverts" not in outcome["result"]
    return outcome["result"]


def single(text: str) -> dict:
    outcome = run(SINGLE, {"text": text}, CONTENT)
    assert outcome["ok"], outcome
    return outcome["result"]


def table(result: dict, table_id: str) -> dict:
    return next(t for t in result["tables"] if t["id"] == table_id)


def csv_of(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def test_each_advert_has_exactly_the_single_checkers_findings():
    result = check(files())
    assert len(table(result, "adverts")["rows"]) == len(CORPUS)
    for n, path in enumerate(CORPUS, start=1):
        own = table(single(path.read_text(encoding="utf-8")), "findings")
        keys = [c["key"] for c in table(result, f"advert-{n}")["columns"]]
        assert table(result, f"advert-{n}")["rows"] == [{k: row[k] for k in keys} for row in own["rows"]], path.name
        counts = Counter(f["severity"] for f in single(path.read_text(encoding="utf-8"))["findings"])
        row = table(result, "adverts")["rows"][n - 1]
        assert (row["barrier"], row["caution"], row["note"]) == (counts["barrier"], counts["caution"], counts["note"])
        by_category = Counter(f["category"] for f in single(path.read_text(encoding="utf-8"))["findings"])
        assert all(row[f"category_{c}"] == by_category[c] for c in by_category)


def test_common_barriers_count_adverts_and_link_the_rules_intervention():
    result = check(files())
    adverts_with: Counter = Counter()
    times: Counter = Counter()
    for path in CORPUS:
        found = [f for f in single(path.read_text(encoding="utf-8"))["findings"] if f["severity"] != "note"]
        times.update((f["rule"], f["severity"]) for f in found)
        adverts_with.update({(f["rule"], f["severity"]) for f in found})
    rules = {r["id"]: r for r in CONTENT["advert_rules"]["rules"]}
    rows = table(result, "common")["rows"]
    assert len(rows) == len(adverts_with)
    assert [r["adverts"] for r in rows] == sorted((r["adverts"] for r in rows), reverse=True)
    for row in rows:
        rule_id = next(i for i, r in rules.items() if r["label"] == row["issue"])
        key = next(k for k in adverts_with if k[0] == rule_id)
        assert (row["adverts"], row["times"]) == (adverts_with[key], times[key])
        assert row["href"] == f"intervention:{rules[rule_id]['intervention']}"
    top = result["summary"][1]
    assert top["links"] == [{"label": rows[0]["guidance"], "href": rows[0]["href"]}]


def test_a_csv_with_usual_header_names_gives_title_department_and_url():
    analyst = "We need a graduate.\nA 2:1 degree is essential."
    text = csv_of([["Job Title", "Team", "Job_description", "Link"],
                   ["Analyst", "Finance", analyst, "https://example.org/1"],
                   ["Porter", "Estates", "Porter wanted. Full driving licence essential.", "https://example.org/2"],
                   ["Cook", "Finance", "Cook. Paid \u00a312.60 an hour.", ""]])
    result = check([{"name": "jobs.csv", "text": text}], records=True)
    rows = table(result, "adverts")["rows"]
    assert [(r["advert"], r["department"]) for r in rows] == [("Analyst", "Finance"), ("Porter", "Estates"), ("Cook", "Finance")]
    departments = {r["department"]: r for r in table(result, "departments")["rows"]}
    assert departments["Finance"]["adverts"] == 2 and departments["Estates"]["adverts"] == 1
    for severity in ("barrier", "caution", "note"):
        assert departments["Finance"][severity] == rows[0][severity] + rows[2][severity]
    record = result["adverts"][0]
    assert (record["url"], record["source"]) == ("https://example.org/1", "jobs.csv, line 2")
    assert table(result, "advert-1")["rows"] == [{k: r[k] for k in ("line", "column", "category", "severity", "found", "issue", "suggestion")}
                                                 for r in table(single(analyst), "findings")["rows"]]


def test_semicolon_csv_and_a_text_column_called_advert():
    text = "Advert;Department\n\"Graduate scheme. A 2:1 degree is essential.\";HR\n"
    rows = table(check([{"name": "a.csv", "text": text}]), "adverts")["rows"]
    assert rows[0]["department"] == "HR" and rows[0]["category_degree"] >= 1


def test_a_csv_without_a_text_column_names_the_columns_it_has():
    outcome = run_batch([{"name": "jobs.csv", "text": "Role,Dept,Salary\nAnalyst,Finance,30000\n"}])
    assert not outcome["ok"]
    error = outcome["errors"][0]
    assert "jobs.csv" in error["message"] and "\u201cRole\u201d, \u201cDept\u201d, \u201cSalary\u201d" in error["message"]
    assert "Advert text" in error["message"] and error["row"] == 1 and error["field"] == "adverts"


def test_empty_adverts_and_files_that_are_not_text_are_skipped_and_reported():
    given = files(CORPUS[:2]) + [{"name": "blank.txt", "text": " \n\t"}, {"name": "scan.pdf", "text": "%PDF-1.7\n\ufffd\ufffd"},
                                 {"name": "jobs.csv", "text": "Title,Advert text\nEmpty one,\nFull one,Cleaner wanted. Unpaid trial shift.\n"}]
    result = check(given, records=True)
    assert [r["advert"] for r in table(result, "adverts")["rows"]] == [CORPUS[0].name, CORPUS[1].name, "Full one"]
    notes = " ".join(n["text"] for n in result["notices"])
    assert "blank.txt" in notes and "scan.pdf" in notes and "PDF" in notes and "Empty one (jobs.csv, line 2)" in notes
    skipped = [r for r in result["adverts"] if not r["checked"]]
    assert [r["source"] for r in skipped] == ["Empty one (jobs.csv, line 2)", "blank.txt", "scan.pdf"]
    assert "skipped 3" in result["summary"][0]["text"]


def test_nothing_checkable_is_still_a_plain_answer_not_a_crash():
    result = check([{"name": "blank.txt", "text": "   "}])
    assert table(result, "adverts")["rows"] == [] and "None of the adverts" in result["notices"][0]["text"]
    outcome = run_batch([])
    assert not outcome["ok"] and "Choose" in outcome["errors"][0]["message"]


def test_the_findings_csv_has_every_finding_and_is_safe_in_a_spreadsheet():
    text = csv_of([["Title", "Department", "Advert text", "URL"],
                   ["=HYPERLINK(\"http://evil\")", "+Sales", "Graduate wanted. A 2:1 degree is essential.", "@SUM(A1)"]])
    result = check(files(CORPUS[:3]) + [{"name": "jobs.csv", "text": text}], records=True)
    download = next(d for d in result["downloads"] if d["mime"] == "text/csv")
    rows = list(csv.reader(io.StringIO(download["text"])))
    assert len(rows) - 1 == sum(len(r["findings"]) for r in result["adverts"] if r["checked"])
    last = rows[-1]
    assert last[1].startswith("'=") and last[3] == "'+Sales" and last[4] == "'@SUM(A1)"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row if not cell.lstrip("-").isdigit())
    summary = next(d for d in result["downloads"] if d["mime"] == "text/markdown")["text"]
    assert "\\+Sales" in summary or "'+Sales" in summary
    assert all(row["advert"].replace("|", "\\|").split(".")[0] in summary for row in table(result, "adverts")["rows"][:3])


def test_the_batch_name_heads_the_markdown_summary():
    outcome = run(BATCH, {"adverts": json.dumps(files(CORPUS[:1])), "label": "Finance | spring"}, CONTENT)
    summary = next(d for d in outcome["result"]["downloads"] if d["mime"] == "text/markdown")["text"]
    assert summary.splitlines()[0].endswith(": Finance \\| spring")


def test_json_lines_records_are_plain_data():
    result = check(files(CORPUS[:2]) + [{"name": "blank.txt", "text": ""}], records=True)
    records = [json.loads(json.dumps(r)) for r in result["adverts"]]
    assert [r["checked"] for r in records] == [True, True, False]
    assert records[0]["findings"] == [{**f, "why": records[0]["findings"][i]["why"], "suggestion": records[0]["findings"][i]["suggestion"]}
                                      for i, f in enumerate(single(CORPUS[0].read_text(encoding="utf-8"))["findings"])]


def test_progress_is_reported_after_each_advert():
    seen = []
    previous = progress.listen(lambda done, total, name: seen.append((done, total, name)))
    try:
        check(files(CORPUS[:3]) + [{"name": "blank.txt", "text": ""}])
    finally:
        progress.listen(previous)
    assert seen == [(1, 4, "adverts"), (2, 4, "adverts"), (3, 4, "adverts"), (4, 4, "adverts")]


def test_an_unclosed_quote_names_the_line():
    outcome = run_batch([{"name": "j.csv", "text": 'Title,Advert text\nA,"Cleaner wanted\nB,Driver\n'}])
    assert not outcome["ok"] and outcome["errors"][0]["row"] == 2 and "j.csv" in outcome["errors"][0]["message"]


def test_a_batch_over_the_browser_limit_is_refused_plainly():
    big = "Cleaner wanted. " * (BATCH.input("adverts").max_bytes // 16 + 1)
    outcome = run_batch([{"name": "huge.txt", "text": big}])
    assert not outcome["ok"] and "too long" in outcome["errors"][0]["message"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({"name": st.sampled_from(["a.txt", "b.md", "c.csv", "d", "E.CSV"]),
                                       "text": st.text(st.sampled_from('ab ,;"\n\r\t\x00\ufffd=\u00e9.'), max_size=80)}),
                max_size=4)
       | st.one_of(st.none(), st.integers(), st.text(max_size=20), st.lists(st.integers(), max_size=2),
                   st.sampled_from(["[", '[{"name": 1}]', '[{"text": 5}]', "[" * 5000, '[{"name": "x.csv", "text": "a\\n"}]', "[]"])))
@example([{"name": "c.csv", "text": ";"}])  # a CSV of separators alone once raised IndexError
def test_no_input_gives_a_traceback(value):
    outcome = run_batch(value)
    assert outcome["ok"] or all(e["message"] for e in outcome["errors"])
