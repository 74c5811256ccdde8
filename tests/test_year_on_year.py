"""Year on year for the representation gap: the results file (only what is shown, hidden stays
hidden, no rows, versioned), the change by level and in the progression gap worked out by hand,
renamed levels matched through the mapping step, the same on the command line (--compare), and
each kind of bad file refused with a message that says what to do."""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from calculators.representation.spec import SPEC
from calculators.core.result import SUPPRESSED
from calculators.core.spec import run

ROOT = Path(__file__).resolve().parent.parent
CONTENT = {
    "seb": yaml.safe_load((ROOT / "content/data/seb_question.yml").read_text(encoding="utf-8"))["seb"],
    "benchmarks": yaml.safe_load((ROOT / "content/data/benchmarks.yml").read_text(encoding="utf-8"))["benchmarks"],
}
HEADER = "level,professional,intermediate,lower,not_known\n"
# Last year: Board 15 of 100 known are lower SEB; "Middle managers" 40 of 100; Staff 160 of 400.
LAST = HEADER + "Board,60,25,15,10\nMiddle managers,40,20,40,5\nStaff,150,90,160,30\n"
# This year: Board 20 of 100; "Managers" (renamed) 30 of 100; Staff 180 of 420.
THIS = HEADER + "Board,55,25,20,10\nManagers,50,20,30,5\nStaff,150,90,180,30\n"


def calc(values: dict) -> dict:
    out = run(SPEC, {"source": "paste", **values}, CONTENT)
    assert out["ok"], out
    return out["result"]


def errors(values: dict) -> list[dict]:
    out = run(SPEC, {"source": "paste", **values}, CONTENT)
    assert not out["ok"], "expected the input to be refused"
    return out["errors"]


def saved(result: dict) -> str:
    return next(d for d in result["downloads"] if d["filename"] == "representation-gap-results.json")["text"]


def rows(result: dict, table_id: str) -> dict:
    t = next(t for t in result["tables"] if t["id"] == table_id)
    return {r.get("name", r.get("measure")): r for r in t["rows"]}


def z_test(x1, n1, x2, n2):
    pooled = (x1 + x2) / (n1 + n2)
    z = (x1 / n1 - x2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return math.erfc(abs(z) / math.sqrt(2))


def test_the_results_file_holds_only_what_the_screen_shows():
    # Heads: lower 6 and not known 4 are under 10; their share is hidden on screen, so in the file too.
    res = calc({"paste": HEADER + "Board,50,20,30,20\nHeads,40,12,6,4\nManagers,30,15,12,11\nStaff,120,80,200,50\n",
                "data_date": "March 2026"})
    doc = json.loads(saved(res))
    assert (doc["format"], doc["version"], doc["calculator"], doc["data_date"]) == ("toolkit-results", 1, "representation-gap", "March 2026")
    screen = rows(res, "counts-level")
    shares = rows(res, "gap-level")
    for level in doc["levels"]:
        name = "All levels" if level.get("everyone") else level["name"]
        assert level["known"] == screen[name]["known"]  # as shown, hidden or not
        assert level["lower_pct"] == shares[name]["lower"]
        assert level["lower"] in (screen[name]["lower"], SUPPRESSED)
        assert set(level) <= {"name", "known", "lower", "lower_pct", "everyone"}  # no row, no other count
    heads = next(level for level in doc["levels"] if level["name"] == "Heads")
    assert heads["lower"] == heads["lower_pct"] == SUPPRESSED
    text = saved(res)
    assert '"lower": 6' not in text and ": 4," not in text and ": 4\n" not in text  # the small counts are nowhere


def test_change_since_last_year_by_hand_with_a_renamed_level():
    last = saved(calc({"paste": LAST, "data_date": "March 2025"}))
    res = calc({"paste": THIS, "compare": last})
    # Unmatched by name: "Middle managers" is asked about, with this year's unmatched level offered.
    question = next(m for m in res["mappings"] if m["input"] == "level_map")
    assert [i["key"] for i in question["items"]] == ["Middle managers"]
    assert [c["value"] for c in question["choices"]][0] == "Managers"
    assert "Middle managers" in " ".join(n["text"] for n in res["notices"])
    res = calc({"paste": THIS, "compare": last, "level_map": {"Middle managers": "Managers"}})
    assert not any(m["input"] == "level_map" for m in res["mappings"])
    change = rows(res, "change-level")
    assert list(change) == ["Board", "Managers", "Staff", "All levels"]
    # Board: 20/100 - 15/100 = +5.0 points; pooled 35/200 = 0.175, se = sqrt(0.175 x 0.825 x 0.02)
    # = 0.05374, z = 0.930, p = 0.352: could be chance.
    assert (change["Board"]["last"], change["Board"]["this"], change["Board"]["change"]) == (15.0, 20.0, 5.0)
    assert change["Board"]["p"] == round(z_test(20, 100, 15, 100), 4) == 0.3521
    assert change["Board"]["words"] == "Could be chance"
    # Managers (was Middle managers): 30% - 40% = -10.0 points.
    assert (change["Managers"]["last_name"], change["Managers"]["change"]) == ("Middle managers", -10.0)
    assert change["Managers"]["p"] == round(z_test(30, 100, 40, 100), 4)
    # Everyone: last year 215 of 600 = 35.8%, this year 230 of 620 = 37.1%: +1.3 points.
    assert (change["All levels"]["last"], change["All levels"]["this"], change["All levels"]["change"]) == (35.8, 37.1, 1.3)
    # Progression gap: last year 40 - 15 = 25.0 points; this year 180/420 - 20% = 42.857 - 20 = 22.857;
    # change -2.143; se = sqrt(.4x.6/400 + .15x.85/100 + (3/7)(4/7)/420 + .2x.8/100) = 0.06370 (6.370 points);
    # z = 0.336, p = 0.737: could be chance.
    gap = rows(res, "change-progression")
    assert gap["Progression gap last year (points)"]["value"] == 25.0
    assert gap["Progression gap this year (points)"]["value"] == 22.9
    assert gap["Change (points)"]["value"] == -2.1
    assert gap["p-value"]["value"] == round(math.erfc((300 / 7 - 20 - 25) / -6.37016 / math.sqrt(2)), 4) == 0.7366
    said = " ".join(s["text"] for s in res["summary"])
    assert "went from 35.8% to 37.1%: up 1.3 points. That could be chance." in said
    assert "The progression gap narrowed from 25 to 22.9 points (2.1 points). That could be chance." in said
    chart = next(c for c in res["charts"] if c["id"] == "change")
    assert chart["categories"] == ["Board", "Managers", "Staff"]
    assert [s["values"] for s in chart["series"]] == [[15.0, 40.0, 40.0], [20.0, 30.0, 42.9]]


def test_a_clear_change_is_called_unlikely_to_be_chance():
    last = saved(calc({"paste": HEADER + "Board,80,10,10,0\nStaff,150,90,160,30\n"}))
    res = calc({"paste": HEADER + "Board,50,10,40,0\nStaff,150,90,160,30\n", "compare": last})
    board = rows(res, "change-level")["Board"]  # 10% -> 40%: p far below 0.05
    assert board["change"] == 30.0 and board["p"] < 0.001 and board["words"] == "Unlikely to be chance"


def test_hidden_figures_give_no_change():
    last = saved(calc({"paste": HEADER + "Board,40,12,6,4\nManagers,30,15,30,11\nStaff,120,80,200,50\n"}))
    res = calc({"paste": HEADER + "Board,40,12,20,4\nManagers,30,15,30,11\nStaff,120,80,200,50\n", "compare": last})
    board = rows(res, "change-level")["Board"]
    assert board["last"] == board["change"] == board["p"] == SUPPRESSED


def test_levels_that_match_nothing_ask_for_the_mapping_and_keep_the_result():
    last = saved(calc({"paste": HEADER + "Grade A,60,25,15,10\nGrade B,150,90,160,30\n"}))
    res = calc({"paste": THIS, "compare": last})
    assert "None of last year's levels matches a level this year" in " ".join(n["text"] for n in res["notices"])
    assert rows(res, "gap-level")["Board"]["lower"] == 20.0  # this year's figures are all still there
    assert not any(c["id"] == "change" for c in res["charts"])
    assert [i["key"] for i in next(m for m in res["mappings"] if m["input"] == "level_map")["items"]] == ["Grade A", "Grade B"]


@pytest.mark.parametrize("compare, words", [
    ("this is not json", "is not a results file: it is not JSON"),
    ('{"a": 1}', "is not a results file saved by this toolkit"),
    ('{"format": "toolkit-results", "version": 2, "calculator": "representation-gap", "levels": []}',
     "saved by a newer version of this toolkit (results format 2)"),
    ('{"format": "toolkit-results", "version": 1, "calculator": "say-do-gap", "levels": []}', "is from another calculator"),
    ('{"format": "toolkit-results", "version": 1, "calculator": "representation-gap", "levels": [{"name": "A", "known": -3}]}',
     "is damaged: level 1"),
])
def test_bad_results_files_are_refused_with_a_clear_message(compare, words):
    found = errors({"paste": THIS, "compare": compare})
    assert len(found) == 1 and found[0]["field"] == "compare" and words in found[0]["message"]


def test_a_mapping_to_a_level_that_does_not_exist_is_refused():
    last = saved(calc({"paste": LAST}))
    found = errors({"paste": THIS, "compare": last, "level_map": {"Middle managers": "Directors"}})
    assert found[0]["field"] == "level_map" and "\u201cDirectors\u201d" in found[0]["message"]
    found = errors({"paste": THIS, "compare": last, "level_map": {"Middle managers": "Board"}})
    assert "both matched" in found[0]["message"]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculators", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_the_command_line_compares_with_last_years_file(tmp_path):
    (tmp_path / "last.csv").write_text(LAST, encoding="utf-8")
    (tmp_path / "this.csv").write_text(THIS, encoding="utf-8")
    made = cli("representation-gap", str(tmp_path / "last.csv"), "--set", "data_date=March 2025", "--out", str(tmp_path / "out"))
    assert made.returncode == 0, made.stderr
    last = tmp_path / "out" / "representation-gap-results.json"
    done = cli("representation-gap", str(tmp_path / "this.csv"), "--compare", str(last), "--set",
               'level_map={"Middle managers": "Managers"}', "--json")
    assert done.returncode == 0, done.stderr
    res = json.loads(done.stdout)["result"]
    assert rows(res, "change-level")["Managers"]["change"] == -10.0
    plain = cli("representation-gap", str(tmp_path / "this.csv"), "--compare", str(last))
    assert "Change since last year (March 2025), by level" in plain.stdout
    assert "--set level_map=" in plain.stdout  # how to match the renamed level on the command line
    bad = cli("representation-gap", str(tmp_path / "this.csv"), "--compare", str(tmp_path / "this.csv"))
    assert bad.returncode == 1 and "not a results file" in bad.stderr and "Traceback" not in bad.stderr
    missing = cli("representation-gap", str(tmp_path / "this.csv"), "--compare", str(tmp_path / "nope.json"))
    assert missing.returncode == 1 and "There is no file" in missing.stderr
