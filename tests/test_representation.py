"""The representation gap calculator: hand-checked figures, small-number protection, bad input."""
from __future__ import annotations

import csv
import json
import io
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import comb
from pathlib import Path

import numpy as np

from oracles import pinned_down
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators.core import registry
from calculators.shared.csv_safe import safe_cell
from calculators.representation.spec import CLI_COMMAND, MAX_UPLOAD_BYTES, SPEC, analyse, missing_people, unlimited_spec
from calculators.core.result import SUPPRESSED
from calculators.core.spec import run
from calculators.shared.tabular import decode_bytes

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).with_name("fixtures") / "representation"
# The figures below are worked by hand against this benchmark, a fixture: maintainers may change
# the shipped one (content/data/benchmarks.yml) without touching these tests. Its shape is the
# shipped one's, as the calculators receive it (generator.python.calculator_data: definition written from shares).
HAND_WORKED_BENCHMARK = {
    "id": "uk-workforce", "label": "UK workforce", "phrase": "the UK workforce", "default": True,
    "shares": {"professional": 37, "intermediate": 24, "lower": 39}, "date": "May 2021 (revised national benchmark)",
    "definition": "Working people in the UK. Of those whose background is known, 37% are from professional, 24% from "
                  "intermediate and 39% from lower backgrounds. The intermediate share is what is left once the others are "
                  "taken away, found by subtraction rather than published.",
    "source": {"title": "A report", "publisher": "A publisher", "year": 2021, "url": "https://www.gov.uk/a-report"},
}
CONTENT = {
    "seb": yaml.safe_load((ROOT / "content/data/seb_question.yml").read_text(encoding="utf-8"))["seb"],
    "benchmarks": [HAND_WORKED_BENCHMARK],
}


def calc(raw: dict, content: dict = CONTENT) -> dict:
    out = run(SPEC, raw, content)
    assert out["ok"], out
    return out["result"]


def errors(raw: dict, content: dict = CONTENT) -> list[dict]:
    out = run(SPEC, raw, content)
    assert not out["ok"], "expected the input to be refused"
    return out["errors"]


def tbl(res: dict, table_id: str) -> dict:
    return {row["name"] if "name" in row else row.get("measure", row.get("level")): row
            for row in next(t for t in res["tables"] if t["id"] == table_id)["rows"]}


def tbl_rows(res: dict, table_id: str) -> list[dict]:
    return next(t for t in res["tables"] if t["id"] == table_id)["rows"]


def texts(sentences: list[dict]) -> str:
    return "\n".join(s["text"] for s in sentences)


THREE_LEVELS = [
    {"level": "Senior leaders", "professional": "40", "intermediate": "12", "lower": "11", "not_known": "5", "headcount": "80"},
    {"level": "Managers", "professional": 60, "intermediate": 30, "lower": 30, "not_known": 10, "headcount": 150},
    {"level": "Staff", "professional": 100, "intermediate": 80, "lower": 120, "not_known": 40, "headcount": 400},
]


def test_the_calculator_is_registered():
    assert registry.get("representation-gap") is SPEC


# --- Hand-checked figures -------------------------------------------------------------------------


def test_form_figures_match_a_hand_worked_example():
    # Senior leaders: known = 40 + 12 + 11 = 63; lower 11/63 = 17.46% -> 17.5; gap 39 - 17.46 = 21.5;
    #   ratio 17.46/39 = 0.45; missing 0.39 x 63 - 11 = 13.57 -> 14.
    # Managers: known 120; lower 30/120 = 25.0; gap 14.0; ratio 0.64; missing 46.8 - 30 = 16.8 -> 17.
    # Staff: known 300; lower 120/300 = 40.0; gap -1.0; ratio 1.03; missing 117 - 120 < 0 -> none.
    # All: known 483; lower 161/483 = 33.3; gap 5.7; ratio 0.85; missing 188.37 - 161 = 27.37 -> 27.
    res = calc({"source": "form", "levels": THREE_LEVELS})
    gap = tbl(res, "gap-level")
    assert gap["Senior leaders"] == {"name": "Senior leaders", "lower": 17.5, "benchmark": 39.0, "gap": 21.5, "ratio": 0.45,
                                     "missing": 14, "clear": "Yes: below the benchmark"}
    assert (gap["Managers"]["lower"], gap["Managers"]["gap"], gap["Managers"]["ratio"], gap["Managers"]["missing"]) == (25.0, 14.0, 0.64, 17)
    assert (gap["Staff"]["lower"], gap["Staff"]["gap"], gap["Staff"]["ratio"], gap["Staff"]["missing"]) == (40.0, -1.0, 1.03, "none")
    assert (gap["All levels"]["lower"], gap["All levels"]["gap"], gap["All levels"]["ratio"], gap["All levels"]["missing"]) == (33.3, 5.7, 0.85, 27)
    shares = tbl(res, "shares-level")
    # Staff: 100/300 = 33.3, 80/300 = 26.7; Wilson 95% for 120/300: 34.6 to 45.6.
    assert (shares["Staff"]["professional"], shares["Staff"]["intermediate"], shares["Staff"]["lower_ci"]) == (33.3, 26.7, "34.6 to 45.6")
    summary = texts(res["summary"])
    assert ("At Senior leaders level 18% of people whose background is known are from lower SEB, against 39% in the UK "
            "workforce: a gap of 21 points, about 14 people.") in summary
    assert "At Staff level 40% of people whose background is known are from lower SEB, against 39% in the UK workforce: 1 point above it." in summary


def test_progression_gap_compares_the_first_level_with_the_last():
    # Entry (Staff) 40.0% minus top (Senior leaders) 17.46% = 22.5 points; ratio 17.46 / 40 = 0.44.
    res = calc({"source": "form", "levels": THREE_LEVELS})
    prog = tbl(res, "progression")
    values = [row["value"] for row in prog.values()]
    assert values == [17.5, 40.0, 22.5, 0.44]
    assert "falls from 40% at Staff level to 18% at Senior leaders level: a progression gap of 22 points" in texts(res["summary"])
    ladder = next(c for c in res["charts"] if c["id"] == "ladder")
    assert ladder["kind"] == "ladder" and ladder["categories"] == ["Senior leaders", "Managers", "Staff"]
    assert ladder["series"][0]["values"] == [17.5, 25.0, 40.0]
    assert ladder["reference"]["value"] == 39.0 and ladder["table"] == "gap-level"


def test_small_not_known_counts_are_hidden_without_losing_the_shares():
    # Senior leaders' 5 "not known" is under 10. Its partner in the same column is Managers' 10,
    # and the "answered" totals of both rows go too (5 = 68 - 63 otherwise). The known answers
    # stay, so every share is still shown.
    res = calc({"source": "form", "levels": THREE_LEVELS})
    counts = tbl(res, "counts-level")
    assert counts["Senior leaders"] == {"name": "Senior leaders", "professional": 40, "intermediate": 12, "lower": 11, "known": 63,
                                        "unknown": SUPPRESSED, "answered": SUPPRESSED}
    assert counts["Managers"]["unknown"] == SUPPRESSED and counts["Managers"]["answered"] == SUPPRESSED
    assert counts["Staff"]["unknown"] == 40 and counts["All levels"]["answered"] == 538
    quality = tbl(res, "quality")
    assert quality["Senior leaders"]["rate"] == SUPPRESSED  # would give "answered" back with the headcount
    assert quality["Staff"]["rate"] == 85.0 and quality["Staff"]["known_rate"] == 88.2  # 340/400, 300/340
    assert quality["All levels"]["rate"] == 85.4  # 538 / 630


def test_response_file_figures_match_the_fixture_counts():
    # The fixture has 123 responses (semicolons, a BOM, " Job Level " as header, answers as codes,
    # short names and texts, some levels in capitals). By hand, (professional, intermediate, lower, not known):
    #   Senior 26, 8, 10, 4 (known 44)   Staff 20, 18, 29, 8 (known 67)   All 46, 26, 39, 12 (known 111)
    #   Finance 25, 13, 20, 5 (58)  Ops 21, 13, 19, 7 (53)  North 24, 14, 19, 5 (57)  South 22, 12, 20, 7 (54)
    # Senior intermediate (8) is small; the cheapest cover hides professional and intermediate at both
    # levels (26 + 20 + 18), keeping lower SEB and the known answers visible.
    res = calc({"source": "file", "upload": (FIXTURES / "responses_small.csv").read_text(encoding="utf-8")})
    counts = tbl(res, "counts-level")
    assert counts["Senior"] == {"name": "Senior", "professional": SUPPRESSED, "intermediate": SUPPRESSED, "lower": 10, "known": 44,
                                "unknown": SUPPRESSED, "answered": SUPPRESSED}
    assert counts["All levels"] == {"name": "All levels", "professional": 46, "intermediate": 26, "lower": 39, "known": 111,
                                    "unknown": 12, "answered": 123}
    gap = tbl(res, "gap-level")
    # Senior: 10/44 = 22.7%, gap 16.3, ratio 0.58, missing 17.16 - 10 = 7.16 -> 7.
    # Staff: 29/67 = 43.3%, gap -4.3, ratio 1.11, none missing. All: 39/111 = 35.1%, gap 3.9, missing 43.29 - 39 -> 4.
    assert [gap["Senior"][k] for k in ("lower", "gap", "ratio", "missing")] == [22.7, 16.3, 0.58, 7]
    assert [gap["Staff"][k] for k in ("lower", "gap", "ratio", "missing")] == [43.3, -4.3, 1.11, "none"]
    assert [gap["All levels"][k] for k in ("lower", "gap", "missing")] == [35.1, 3.9, 4]
    assert tbl(res, "gap-function")["Finance"]["lower"] == 34.5 and tbl(res, "gap-function")["Ops"]["lower"] == 35.8
    assert tbl(res, "gap-region")["North"]["lower"] == 33.3 and tbl(res, "gap-region")["South"]["lower"] == 37.0
    # Exact binomial test for Senior, worked from the definition: is 10 of 44 clearly below 39%?
    pmf = [comb(44, j) * Fraction(39, 100) ** j * Fraction(61, 100) ** (44 - j) for j in range(45)]
    p_value = sum(q for q in pmf if q <= pmf[10])
    assert gap["Senior"]["clear"].startswith("Yes: below") == (p_value < Fraction(1, 20))


def test_learning_from_others_names_the_team_furthest_ahead_at_each_level():
    # Staff x function: Finance 11, 9, 15 -> 15/35 = 42.9%; Ops 9, 9, 14 -> 14/32 = 43.75% (ahead).
    # Staff x region: North 11, 9, 14 -> 41.2%; South 9, 9, 15 -> 15/33 = 45.5% (ahead).
    # The file as it is hides some Senior counts, so no team is named (a named team's threshold
    # could narrow a hidden count); with Senior's answers four times over, nothing is hidden.
    text = (FIXTURES / "responses_small.csv").read_text(encoding="utf-8")
    hidden = calc({"source": "file", "upload": text})
    assert not any(t["id"] == "leaders" for t in hidden["tables"])
    assert "Who is furthest ahead at each level is not shown" in texts(hidden["summary"])
    lines = text.splitlines()
    senior = [line for line in lines[1:] if line.split(";")[0].strip() == "Senior"]
    res = calc({"source": "file", "upload": "\n".join(lines + senior * 3) + "\n"})
    leaders = tbl(res, "leaders")
    assert leaders["Staff"] == {"level": "Staff", "function": "Ops", "function_share": 43.8, "region": "South", "region_share": 45.5}
    assert "At Staff level, the function furthest ahead is Ops: 44% of its known answers are from lower SEB." in texts(res["summary"])
    links = [link["href"] for s in res["summary"] for link in s["links"]]
    assert "intervention:compare-teams-and-learn-from-leaders" in links


def test_a_counts_file_gives_the_same_figures_as_the_form():
    from_form = calc({"source": "form", "levels": THREE_LEVELS})
    from_file = calc({"source": "file", "upload": (FIXTURES / "counts_by_level.csv").read_text(encoding="utf-8")})
    for table_id in ("counts-level", "shares-level", "gap-level", "quality", "progression"):
        assert tbl(from_file, table_id) == tbl(from_form, table_id)


def test_pasted_spreadsheet_cells_work_like_a_file():
    text = (FIXTURES / "counts_by_level.csv").read_text(encoding="utf-8").replace(",", "\t")
    pasted = calc({"source": "paste", "paste": text})
    assert tbl(pasted, "gap-level")["Managers"]["lower"] == 25.0


def test_the_grouping_used_is_shown_with_every_result():
    res = calc({"source": "form", "levels": THREE_LEVELS})
    grouping = tbl(res, "grouping")
    rows = next(t for t in res["tables"] if t["id"] == "grouping")["rows"]
    assert [r["group"] for r in rows][:7] == ["Professional", "Professional", "Intermediate", "Lower", "Lower", "Lower", "Intermediate"]
    assert "left out of percentages" in rows[7]["group"] and "left out of percentages" in rows[8]["group"]
    assert grouping is not None and "grouped" in texts(res["notices"])
    assert "Grouping" not in res and res["grouping"][0]["code"] == 1


def test_the_benchmark_is_shown_with_its_source_date_and_definition():
    res = calc({"source": "form", "levels": THREE_LEVELS})
    notice = next(n for n in res["notices"] if n["text"].startswith("Benchmark:"))
    b = HAND_WORKED_BENCHMARK
    assert "{professional}% professional, {intermediate}% intermediate, {lower}% lower".format(**b["shares"]) in notice["text"]
    assert b["date"] in notice["text"] and b["definition"] in notice["text"]
    assert notice["links"][0]["href"] == b["source"]["url"]


def test_a_custom_benchmark_replaces_the_uk_workforce():
    # Lower 30%: Managers 30/120 = 25.0 -> gap 5.0, missing 0.30 x 120 - 30 = 6.
    res = calc({"source": "form", "levels": THREE_LEVELS, "benchmark_source": "custom", "custom_label": "Our sector",
                "custom_professional": "45", "custom_intermediate": "25", "custom_lower": "30"})
    gap = tbl(res, "gap-level")["Managers"]
    assert (gap["benchmark"], gap["gap"], gap["missing"]) == (30.0, 5.0, 6)
    assert "against 30% in Our sector" in texts(res["summary"])


def test_unrecognised_answers_are_listed_and_can_be_sorted_into_a_group():
    upload = "level,answer\n" + "Staff,Farmer\n" * 12 + "Staff,1\n" * 20 + "Staff,4\n" * 15 + "Staff,Plumber\n" * 3
    res = calc({"source": "file", "upload": upload})
    question = next(m for m in res["mappings"] if m["input"] == "answer_map")
    assert question["items"] == [{"key": "Farmer", "count": 12}, {"key": "Plumber", "count": SUPPRESSED}]  # 3 is under 10
    assert [c["value"] for c in question["choices"]] == ["professional", "intermediate", "lower", "unknown"]
    assert "15 answers (2 different wordings) did not match" in texts(res["notices"])
    # Until sorted they count as not known: lower 15 of 35 known.
    assert tbl(res, "gap-level")["Staff"]["lower"] == 42.9
    sorted_res = calc({"source": "file", "upload": upload, "answer_map": {"Farmer": "lower", "plumber": "lower"}})
    assert not any(m["input"] == "answer_map" for m in sorted_res["mappings"])
    assert tbl(sorted_res, "gap-level")["Staff"]["lower"] == 60.0  # (15 + 12 + 3) / 50


def test_unrecognised_levels_keep_the_files_order_and_the_result_says_so_at_the_top():
    upload = "level,answer\n" + "Alder,4\n" * 20 + "Birch,1\n" * 20 + "Birch,4\n" * 10 + "Alder,1\n" * 10
    res = calc({"source": "file", "upload": upload, "level_order": "Birch\nAlder"})
    assert next(c for c in res["charts"] if c["id"] == "ladder")["categories"] == ["Birch", "Alder"]
    assert res["level_order"]["confirmed"] and res["level_order"]["basis"] == "yours"
    default = calc({"source": "file", "upload": upload})
    assert next(c for c in default["charts"] if c["id"] == "ladder")["categories"] == ["Alder", "Birch"]
    first = default["summary"][0]["text"]
    assert first.startswith("Check the order of your levels") and "\u201cAlder\u201d as the most senior" in first
    assert "--set level_order=\"Birch, Alder\"" in first
    assert default["actions"] == [{"input": "level_order", "value": "Birch\nAlder", "label": "Reverse the order of levels"}]
    assert not default["level_order"]["confirmed"]
    # The conclusion is conditional on the order, and names it.
    progression = [s["text"] for s in default["summary"] if "share from lower SEB is" in s["text"]]
    assert len(progression) == 1
    assert progression[0].startswith("If Alder is your most senior level and Birch your entry level, the share")


def test_low_response_rates_are_flagged_against_the_smc_aims():
    levels = [{"level": "Senior", "professional": 30, "intermediate": 20, "lower": 10, "not_known": 10, "headcount": 200},
              {"level": "Staff", "professional": 30, "intermediate": 20, "lower": 40, "not_known": 10, "headcount": 140}]
    res = calc({"source": "form", "levels": levels})
    quality = tbl(res, "quality")
    assert quality["Senior"]["rate"] == 35.0 and quality["Senior"]["rate_status"] == "Under the two-thirds first aim"  # 70/200
    assert quality["Staff"]["rate"] == 71.4 and quality["Staff"]["rate_status"] == "Meets the 70% aim"  # 100/140
    said = next(s for s in res["summary"] if "Response rates" in s["text"])
    assert "Senior (35%)" in said["text"] and said["links"][0]["href"] == "intervention:raise-your-response-rate"


# --- Downloads ------------------------------------------------------------------------------------


def test_downloads_are_a_csv_of_results_and_a_markdown_report():
    res = calc({"source": "form", "levels": THREE_LEVELS})
    files = {d["filename"]: d for d in res["downloads"]}
    rows = list(csv.DictReader(io.StringIO(files["representation-gap-results.csv"]["text"])))
    senior = next(r for r in rows if r["name"] == "Senior leaders")
    assert senior["lower_pct"] == "17.5" and senior["missing_people"] == "14" and senior["not_known"] == SUPPRESSED
    report = files["representation-gap-report.md"]["text"]
    assert report.startswith("# Representation gap report") and "a gap of 21 points, about 14 people" in report


def test_formula_looking_level_names_are_kept_but_made_safe_in_downloads():
    levels = [dict(THREE_LEVELS[0], level="=HYPERLINK(\"http://x\")"), THREE_LEVELS[2]]
    res = calc({"source": "form", "levels": levels})
    assert '=HYPERLINK("http://x")' in tbl(res, "gap-level")
    files = {d["filename"]: d["text"] for d in res["downloads"]}
    assert "'=HYPERLINK" in files["representation-gap-results.csv"]
    assert "\n=" not in files["representation-gap-results.csv"] and ",=" not in files["representation-gap-results.csv"]
    assert "'=HYPERLINK" in files["representation-gap-report.md"]


# --- Bad input --------------------------------------------------------------------------------------


def test_an_empty_file_is_refused_with_a_clear_message():
    (error,) = errors({"source": "file", "upload": "\n\n"})
    assert error["field"] == "upload"


def test_a_whitespace_only_upload_says_the_file_is_empty():
    with pytest.raises(Exception) as info:
        analyse({"source": "file", "upload": "  \n "}, CONTENT)
    assert "empty" in str(info.value)


def test_a_header_only_file_is_refused():
    (error,) = errors({"source": "file", "upload": "level,answer\n"})
    assert "no rows of data" in error["message"] and error["field"] == "upload"


def test_wrong_columns_ask_which_column_is_which():
    res = calc({"source": "file", "upload": "Grade,Salary,Colour\nA,100,red\n"})
    question = next(m for m in res["mappings"] if m["input"] == "column_map")
    assert [i["key"] for i in question["items"]] == ["Grade", "Salary", "Colour"]
    assert question["items"][0]["current"] == "level"
    assert "\u201cGrade\u201d, \u201cSalary\u201d, \u201cColour\u201d" in texts(res["notices"])
    assert res["tables"] == []
    mapped = calc({"source": "file", "upload": "Grade,Reply\n" + "A,1\n" * 12 + "A,4\n" * 12, "column_map": {"Reply": "answer"}})
    assert tbl(mapped, "gap-level")["A"]["lower"] == 50.0
    (error,) = errors({"source": "file", "upload": "Grade,Salary\nA,1\n", "column_map": {"Salary": "ignore"}})
    assert error["field"] == "column_map" and "Grade" in error["message"]


def test_ragged_rows_are_refused_with_their_line_numbers():
    found = errors({"source": "file", "upload": "level,answer\nStaff,1\nStaff,1,4\nStaff\n"})
    assert [e["row"] for e in found] == [3, 4]


@pytest.mark.parametrize("cell, words", [("-3", "negative"), ("2.5", "not a whole number"), ("lots", "not a number")])
def test_bad_counts_in_a_file_name_the_line_and_column(cell, words):
    upload = f"level,professional,intermediate,lower,not_known\nSenior,10,10,10,10\nStaff,10,10,{cell},10\n"
    (error,) = errors({"source": "file", "upload": upload})
    assert words in error["message"] and error["row"] == 3 and error["column"] == "lower"


@pytest.mark.parametrize("cell, words", [("-3", "0 or more"), ("2.5", "whole number"), ("lots", "must be a number")])
def test_bad_counts_in_the_form_name_the_row_and_column(cell, words):
    levels = [THREE_LEVELS[0], dict(THREE_LEVELS[1], lower=cell)]
    (error,) = errors({"source": "form", "levels": levels})
    assert words in error["message"] and error["row"] == 2 and error["column"] == "lower"


def test_repeated_levels_in_the_form_are_refused():
    levels = [THREE_LEVELS[0], THREE_LEVELS[1], dict(THREE_LEVELS[2], level=" senior  LEADERS")]
    (error,) = errors({"source": "form", "levels": levels})
    assert error["row"] == 3 and "from row 1" in error["message"]


def test_repeated_levels_in_a_counts_file_are_refused():
    upload = "level,professional,intermediate,lower\nStaff,10,10,10\nSenior,10,10,10\nstaff,1,1,1\n"
    (error,) = errors({"source": "file", "upload": upload})
    assert error["row"] == 4 and "from line 2" in error["message"]


def test_a_file_over_the_limit_is_refused_and_the_command_line_takes_it():
    line = "Staff,1\n"
    upload = "level,answer\n" + line * (MAX_UPLOAD_BYTES // len(line) + 1)
    # The browser refuses it before reading (the page's message points to the command line,
    # from `max_bytes`); the same check applies here.
    assert SPEC.input("upload").max_bytes == MAX_UPLOAD_BYTES == 50 * 1024 * 1024
    assert CLI_COMMAND in SPEC.input("upload").hint
    (error,) = errors({"source": "file", "upload": upload})
    assert error["field"] == "upload" and "limit" in error["message"]
    # Without the browser's limit, the same file is analysed.
    out = run(unlimited_spec(), {"source": "file", "upload": upload}, CONTENT)
    assert out["ok"] and out["result"]["tables"]


def test_non_utf8_files_are_read_on_the_command_line_with_a_notice():
    data = ("level,answer\n" + "Caf\u00e9 staff,1\n" * 10 + "Caf\u00e9 staff,4\n" * 10).encode("cp1252")
    text, notice = decode_bytes(data)
    assert notice and "cp1252" in notice
    res = calc({"source": "file", "upload": text})
    assert "Caf\u00e9 staff" in tbl(res, "gap-level")


def test_characters_the_browser_could_not_read_are_pointed_out():
    res = calc({"source": "file", "upload": "level,answer\n" + "Caf\ufffd,1\n" * 10 + "Caf\ufffd,4\n" * 10})
    assert "could not be read" in texts(res["notices"])


def test_stray_quotes_are_refused_with_their_line():
    (error,) = errors({"source": "file", "upload": 'level,answer\nStaff,1\n"Senior,1\nStaff,2\n'})
    assert error["row"] == 3 and "quote" in error["message"]


def test_all_answers_unknown_is_refused():
    upload = "level,answer\n" + "Staff,9\n" * 10 + "Staff,Other\n" * 5 + "Staff,\n"
    (error,) = errors({"source": "file", "upload": upload})
    assert "nothing to compare" in error["message"]
    levels = [{"level": "Staff", "professional": 0, "intermediate": 0, "lower": 0, "not_known": 20}]
    (error,) = errors({"source": "form", "levels": levels})
    assert error["field"] == "levels"


def test_all_answers_unrecognised_asks_for_their_groups_instead():
    res = calc({"source": "file", "upload": "level,answer\n" + "Staff,Banker\n" * 10})
    assert res["mappings"][0]["input"] == "answer_map" and res["tables"] == []


def test_a_custom_benchmark_share_outside_0_to_100_is_refused():
    found = {e["field"]: e["message"] for e in errors({"source": "form", "levels": THREE_LEVELS, "benchmark_source": "custom",
                                                       "custom_professional": "120", "custom_intermediate": "0", "custom_lower": "-20"})}
    assert "100 or less" in found["custom_professional"] and "0 or more" in found["custom_lower"]


def test_a_published_benchmark_share_outside_0_to_100_is_refused():
    bad = dict(CONTENT, benchmarks=[dict(CONTENT["benchmarks"][0], shares={"professional": 37, "intermediate": -76, "lower": 139})])
    (error,) = errors({"source": "form", "levels": THREE_LEVELS}, bad)
    assert error["field"] == "benchmark" and "0 to 100" in error["message"]


def test_custom_shares_must_add_up_to_100():
    (error,) = errors({"source": "form", "levels": THREE_LEVELS, "benchmark_source": "custom",
                       "custom_professional": "40", "custom_intermediate": "24", "custom_lower": "30"})
    assert "add up to 94 (40 + 24 + 30), not 100" in error["message"]


def test_a_threshold_below_five_is_refused():
    (error,) = errors({"source": "form", "levels": THREE_LEVELS, "threshold": "3"})
    assert error["field"] == "threshold" and "5 or more" in error["message"]


def test_a_higher_threshold_hides_more():
    res = calc({"source": "form", "levels": THREE_LEVELS, "threshold": "12"})
    assert tbl(res, "counts-level")["Senior leaders"]["lower"] == SUPPRESSED  # 11 < 12


def test_inputs_are_not_changed():
    raw = {"source": "form", "levels": [dict(r) for r in THREE_LEVELS]}
    before = repr(raw)
    run(SPEC, raw, CONTENT)
    assert repr(raw) == before


# --- Properties -----------------------------------------------------------------------------------


big = st.integers(min_value=10, max_value=500)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(big, big, big, st.integers(0, 100)), min_size=1, max_size=6))
def test_shares_of_known_answers_add_up_to_100(levels):
    rows = [{"level": f"Group {chr(65 + i)}", "professional": p, "intermediate": m, "lower": lo, "not_known": u} for i, (p, m, lo, u) in enumerate(levels)]
    res = calc({"source": "form", "levels": rows})
    for row in next(t for t in res["tables"] if t["id"] == "shares-level")["rows"]:
        shares = [row["professional"], row["intermediate"], row["lower"]]
        assert all(isinstance(s, float) for s in shares)
        assert abs(sum(shares) - 100) <= 0.15  # three figures each rounded to 0.1


@settings(max_examples=300)
@given(st.integers(0, 1000).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))), st.integers(0, 1000))
def test_missing_people_is_benchmark_share_times_known_minus_lower_rounded_half_up(known_lower, tenths):
    known, lower = known_lower
    share = tenths / 10  # a benchmark such as 39.5%
    expected = (Decimal(str(share)) / 100 * known - lower).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert missing_people(share, known, lower) == max(0, int(expected))


def _determined(values: dict, hidden: list, equations: list) -> set:
    """Hidden names that the equations and the visible values pin down (numpy rank, independent)."""
    if not hidden:
        return set()
    return pinned_down([[eq.get(h, 0) for h in hidden] for eq in equations], hidden)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(*[st.integers(0, 30)] * 4), min_size=1, max_size=4), st.integers(5, 12))
def test_no_displayed_or_downloaded_value_reveals_a_small_count(levels, threshold):
    rows = [{"level": f"Group {chr(65 + i)}", "professional": p, "intermediate": m, "lower": lo, "not_known": u} for i, (p, m, lo, u) in enumerate(levels)]
    if all(p + m + lo == 0 for p, m, lo, _ in levels):
        return
    res = calc({"source": "form", "levels": rows, "threshold": threshold})
    counts = next(t for t in res["tables"] if t["id"] == "counts-level")["rows"]
    keys = ["professional", "intermediate", "lower", "known", "unknown", "answered"]
    truth = [[p, m, lo, p + m + lo, u, p + m + lo + u] for p, m, lo, u in levels]
    truth.append([sum(r[c] for r in truth) for c in range(6)])
    hidden = [(r, c) for r, row in enumerate(counts) for c, k in enumerate(keys) if row[k] == SUPPRESSED]
    for r, row in enumerate(counts):
        for c, k in enumerate(keys):
            if row[k] != SUPPRESSED:
                assert row[k] == truth[r][c]
            if 0 < truth[r][c] < threshold and k != "known":
                assert row[k] == SUPPRESSED, f"{k} = {truth[r][c]} is under {threshold} but shown"
    # What a reader knows: each row adds up, and every column adds up to the totals row.
    equations = []
    R = len(levels)
    for r in range(R + 1):
        equations.append({(r, 0): 1, (r, 1): 1, (r, 2): 1, (r, 3): -1})
        equations.append({(r, 3): 1, (r, 4): 1, (r, 5): -1})
    for c in range(6):
        eq = {(r, c): 1 for r in range(R)}
        eq[(R, c)] = -1
        equations.append(eq)
    for cell in _determined({}, hidden, equations):
        r, c = cell
        assert not (0 < truth[r][c] < threshold), f"{keys[c]} of row {r} ({truth[r][c]}) can be worked out"
    # Shares, intervals, gaps and bars exist only where the count and the known answers are shown.
    shares = next(t for t in res["tables"] if t["id"] == "shares-level")["rows"]
    gaps = next(t for t in res["tables"] if t["id"] == "gap-level")["rows"]
    for r in range(R + 1):
        for g in ("professional", "intermediate", "lower"):
            if shares[r][g] not in (SUPPRESSED, None):
                assert counts[r][g] != SUPPRESSED and counts[r]["known"] != SUPPRESSED
                assert shares[r][f"{g}_ci"] != SUPPRESSED
        if gaps[r]["lower"] in (SUPPRESSED, None):
            assert all(gaps[r][k] == gaps[r]["lower"] for k in ("gap", "ratio", "missing", "clear"))
    ladder = next(c for c in res["charts"] if c["id"] == "ladder")["series"][0]["values"]
    assert ladder == [g["lower"] if isinstance(g["lower"], float) else None for g in gaps[:-1]]
    # The quality table shows nothing the counts table hides.
    for q, c in zip(next(t for t in res["tables"] if t["id"] == "quality")["rows"], counts):
        assert q["answered"] == c["answered"] and q["known"] == c["known"]
        if q["known_rate"] not in (None, SUPPRESSED):
            assert c["known"] != SUPPRESSED and c["answered"] != SUPPRESSED
    # The CSV download holds exactly the values on screen.
    csv_rows = [r for r in csv.DictReader(io.StringIO(res["downloads"][0]["text"])) if r["breakdown"] == "level"]
    names = {"professional": "professional", "intermediate": "intermediate", "lower": "lower", "known": "known",
             "unknown": "not_known", "answered": "answered"}
    for shown, written in zip(counts, csv_rows):
        for k, col in names.items():
            assert written[col] == ("" if shown[k] is None else str(shown[k]))
    for shown, written in zip(shares, csv_rows):
        assert written["lower_pct"] == safe_cell(shown["lower"])


# --- pandas oracle --------------------------------------------------------------------------------


def test_pandas_recomputes_the_per_level_table_from_a_response_file():
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(7)
    n = 5000
    levels = np.array(["Board", "Senior", "Middle", "Junior"])[rng.integers(0, 4, n)]
    codes = rng.integers(1, 10, n)
    group_of = {o["code"]: o["group"] for o in CONTENT["seb"]["options"]}  # straight from the YAML
    texts_of = {o["code"]: o["text"] for o in CONTENT["seb"]["options"]}
    answers = [str(c) if i % 2 else texts_of[int(c)] for i, c in enumerate(codes)]
    frame = pd.DataFrame({"level": levels, "answer": answers, "code": codes})
    upload = frame[["level", "answer"]].to_csv(index=False)
    res = calc({"source": "file", "upload": upload, "level_order": "Board, Senior, Middle, Junior"})

    frame["group"] = frame["code"].map(group_of)
    oracle = frame.groupby(["level", "group"]).size().unstack(fill_value=0)
    oracle["known"] = oracle[["professional", "intermediate", "lower"]].sum(axis=1)
    oracle["lower_pct"] = (100 * oracle["lower"] / oracle["known"]).round(1)
    counts, gaps = tbl(res, "counts-level"), tbl(res, "gap-level")
    for level in ["Board", "Senior", "Middle", "Junior"]:
        for group in ("professional", "intermediate", "lower", "known", "unknown"):
            assert counts[level][group] == int(oracle.loc[level, group])
        assert gaps[level]["lower"] == pytest.approx(float(oracle.loc[level, "lower_pct"]), abs=0.051)


def test_the_pandas_adapter_returns_the_calculators_tables_as_dataframes():
    pd = pytest.importorskip("pandas")
    from calculators.edges.pandas_adapter import representation_gap

    text = (FIXTURES / "responses_small.csv").read_text(encoding="utf-8-sig")
    frame = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False)
    frame.columns = [c.strip() for c in frame.columns]
    out = representation_gap(frame, level="Job Level", answer="Answer", function="Department", region="Region",
                             level_order=["Senior", "Staff"], content=CONTENT)
    gap = out["gap-level"].set_index("Level")
    assert gap.loc["Senior", "Lower SEB (% of known)"] == 22.7 and gap.loc["Staff", "Missing people"] == "none"
    assert out["summary"]["text"].str.contains("At Senior level 23%").any()
    with pytest.raises(ValueError, match="no column 'Grade'"):
        representation_gap(frame, level="Grade", content=CONTENT)
    with pytest.raises(ValueError, match="add up to 90"):
        representation_gap(frame, level="Job Level", answer="Answer", custom_shares={"professional": 40, "intermediate": 20, "lower": 30},
                           content=CONTENT)


@pytest.mark.parametrize("answer, group", [
    ("1", "professional"), ("07", "intermediate"), ("3.0", "intermediate"), ("9", "unknown"),
    ("Professional", "professional"), ("  technical & CRAFT occupations ", "lower"),
    ("Modern professional & traditional professional occupations such as: teacher, nurse", "professional"),
    ("Small business owners who employed less than 25 people such as: corner shop", "intermediate"),
    ("Other such as: retired, this question does not apply to me, I don\u2019t know", "unknown"),
    ("2. Senior managers", "professional"), ("I prefer not to say", "unknown"), ("", "unknown"),
    ("Lower", "lower"), ("Banker", None), ("10", None),
])
def test_answers_are_recognised_as_option_texts_short_names_or_codes(answer, group):
    from calculators.shared.seb import grouping_from

    assert grouping_from(CONTENT).group_of(answer) == group


def test_a_grouping_that_puts_one_answer_in_two_groups_is_refused():
    from calculators.shared.seb import grouping_from

    seb = dict(CONTENT["seb"], options=[dict(o, aliases=["Clerk"]) if o["code"] in (3, 4) else o for o in CONTENT["seb"]["options"]])
    with pytest.raises(ValueError, match="Clerk"):
        grouping_from({"seb": seb})


# --- Level order: real published level names, junior first or senior first --------------------
# The Civil Service People Survey lists grades junior first; gender pay gap reports list pay
# quartiles lower quartile first. The lower-SEB share falls towards the top in both tables.
CIVIL_SERVICE = [("AA/AO", 58, 30, 62), ("EO", 70, 40, 65), ("HEO/SEO", 90, 40, 50), ("G7/G6", 110, 30, 32), ("SCS", 60, 12, 16)]
QUARTILES = [("Lower quartile", 40, 30, 60), ("Lower middle quartile", 50, 30, 45), ("Upper middle quartile", 70, 25, 30),
             ("Upper quartile", 90, 20, 15)]


def _counts_file(rows, not_known: dict | None = None) -> str:
    """Counts per level; 3 not known at each level unless `not_known` says otherwise."""
    return "level,professional,intermediate,lower,not_known\n" + "".join(
        f"{n},{p},{i},{lo},{(not_known or {}).get(n, 3)}\n" for n, p, i, lo in rows)


def _responses_file(rows) -> str:
    lines = ["grade,answer"]
    for name, p, i, lo in rows:
        lines += [f"{name},1"] * p + [f"{name},3"] * i + [f"{name},5"] * lo
    return "\n".join(lines) + "\n"


def _expected_gap(rows) -> float:
    share = {n: 100 * lo / (p + i + lo) for n, p, i, lo in rows}
    return round(share[rows[0][0]] - share[rows[-1][0]], 1)  # the first row is the most junior


@pytest.mark.parametrize("rows", [CIVIL_SERVICE, QUARTILES], ids=["civil-service-grades", "pay-quartiles"])
@pytest.mark.parametrize("junior_first", [True, False], ids=["junior-first", "senior-first"])
@pytest.mark.parametrize("make", [_counts_file, _responses_file], ids=["counts", "responses"])
def test_published_level_names_give_the_right_progression_gap_in_either_order(rows, junior_first, make):
    ordered = rows if junior_first else list(reversed(rows))
    res = calc({"source": "file", "upload": make(ordered)})
    gap = {r["measure"]: r["value"] for r in tbl_rows(res, "progression")}
    assert gap["Progression gap (points: entry minus top)"] == _expected_gap(rows)
    assert gap["Progression gap (points: entry minus top)"] > 0
    assert next(c for c in res["charts"] if c["id"] == "ladder")["categories"] == [r[0] for r in reversed(rows)]
    first = res["summary"][0]["text"]
    assert first.startswith("Your levels were recognised as") and f"\u201c{rows[-1][0]}\u201d is taken as the top" in first
    assert res["level_order"]["confirmed"]
    progression = next(s["text"] for s in res["summary"] if "progression gap of" in s["text"])
    assert progression.startswith("The share from lower SEB falls from")


def test_levels_named_two_ways_at_once_are_refused_naming_both():
    upload = _counts_file([("Q1", 40, 30, 60), ("Q2", 50, 30, 45), ("Upper middle quartile", 70, 25, 30),
                           ("Upper quartile", 90, 20, 15)])
    out = run(SPEC, {"source": "file", "upload": upload}, CONTENT)
    assert not out["ok"]
    message = out["errors"][0]["message"]
    assert "\u201cQ1\u201d, \u201cQ2\u201d" in message and "\u201cUpper quartile\u201d" in message and "Order of levels" in message
    # The user's own order settles it.
    fixed = calc({"source": "file", "upload": upload, "level_order": "Upper quartile, Upper middle quartile, Q2, Q1"})
    assert fixed["level_order"]["basis"] == "yours"


def test_a_typed_form_in_the_wrong_order_is_put_right_when_the_names_say_so():
    levels = [{"level": n, "professional": p, "intermediate": i, "lower": lo, "not_known": 0} for n, p, i, lo in QUARTILES]
    res = calc({"source": "form", "levels": levels})
    assert [r["name"] for r in tbl_rows(res, "gap-level")][:4] == [r[0] for r in reversed(QUARTILES)]
    gap = {r["measure"]: r["value"] for r in tbl_rows(res, "progression")}
    assert gap["Progression gap (points: entry minus top)"] == _expected_gap(QUARTILES)


def test_numbered_bands_are_ordered_but_their_direction_is_not_taken_as_confirmed():
    rows = [("Band 1", 40, 30, 60), ("Band 2", 50, 30, 45), ("Band 3", 70, 25, 30)]
    res = calc({"source": "file", "upload": _counts_file(rows)})
    assert next(c for c in res["charts"] if c["id"] == "ladder")["categories"] == ["Band 3", "Band 2", "Band 1"]
    assert not res["level_order"]["confirmed"] and res["summary"][0]["text"].startswith("Check the order")
    assert res["actions"][0]["value"] == "Band 1\nBand 2\nBand 3"


def test_an_unknown_grade_is_never_taken_as_the_entry_level():
    rows = CIVIL_SERVICE + [("Unknown", 30, 10, 10)]
    res = calc({"source": "file", "upload": _counts_file(rows)})
    assert res["level_order"]["entry"] == "AA/AO" and res["level_order"]["levels"][-1] == "Unknown"
    gap = {r["measure"]: r["value"] for r in tbl_rows(res, "progression")}
    assert gap["Progression gap (points: entry minus top)"] == _expected_gap(CIVIL_SERVICE)


def test_the_command_line_orders_a_lower_quartile_first_table_and_can_reverse_an_unconfirmed_order(tmp_path, capsys):
    from calculators.edges.cli import main

    table = tmp_path / "pay-quartiles.csv"
    table.write_text(_counts_file(QUARTILES), encoding="utf-8")
    assert main(["representation-gap", str(table)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Your levels were recognised as pay quartiles")
    expected = _expected_gap(QUARTILES)
    assert f"progression gap of {round(expected)} points" in out
    # Unrecognised names: the first line says so and names the option that reverses them.
    trees = tmp_path / "trees.csv"
    trees.write_text(_counts_file([("Rowan", 40, 30, 60), ("Elm", 90, 20, 15)]), encoding="utf-8")
    assert main(["representation-gap", str(trees)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("Check the order of your levels") and '--set level_order="Elm, Rowan"' in first
    assert main(["representation-gap", str(trees), "--set", "level_order=Elm, Rowan", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)["result"]
    assert result["level_order"] == {"levels": ["Elm", "Rowan"], "top": "Elm", "entry": "Rowan", "basis": "yours",
                                     "scheme": "", "confirmed": True}


@pytest.mark.parametrize("total", ["Total", "All staff", "Grand total"])
def test_a_total_row_in_a_published_table_is_not_counted_as_a_level(total):
    rows = CIVIL_SERVICE + [(total, *(sum(r[i] for r in CIVIL_SERVICE) for i in (1, 2, 3)))]
    res = calc({"source": "file", "upload": _counts_file(rows, {total: 3 * len(CIVIL_SERVICE)})})
    assert total not in res["level_order"]["levels"] and res["level_order"]["entry"] == "AA/AO"
    assert tbl(res, "counts-level")["All levels"]["lower"] == sum(r[3] for r in CIVIL_SERVICE)
    assert f"\u201c{total}\u201d looks like a total" in texts(res["notices"]) and "not the sum" not in texts(res["notices"])
    wrong = calc({"source": "file", "upload": _counts_file(CIVIL_SERVICE[1:] + rows[-1:])})
    assert "not the sum of the other rows" in texts(wrong["notices"])


def test_a_level_order_typed_with_invisible_characters_still_matches_its_levels():
    upload = "level,answer\n" + "Alder,4\n" * 20 + "Birch,1\n" * 20
    res = calc({"source": "file", "upload": upload, "level_order": "Bir\u200bch\nAl\ufeffder"})
    assert res["level_order"]["levels"] == ["Birch", "Alder"] and res["level_order"]["basis"] == "yours"
