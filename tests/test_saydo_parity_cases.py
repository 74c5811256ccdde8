"""The say/do gap parity cases (run later inside Pyodide) still match CPython, so a stale case
fails here first, and each case's key figures are the hand-checked ones."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from calculators.registry import get
from calculators.spec import run

from test_practice_check import CONTENT

CASES = sorted((Path(__file__).parent / "parity" / "cases" / "say-do-gap").glob("*.json"))


def load(name: str) -> dict:
    return json.loads((CASES[0].parent / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_parity_case_matches_cpython(path):
    case = json.loads(path.read_text(encoding="utf-8"))
    assert case["calculator"] == "say-do-gap"
    # The survey never reads content; the practice cases here are errors that do not depend on it.
    content = CONTENT if case["inputs"]["mode"] == "practice" else {}
    assert run(get("say-do-gap"), case["inputs"], content) == case["expected"]


def overall(name: str) -> list:
    result = load(name)["expected"]["result"]
    return [r["yours"] for r in next(t for t in result["tables"] if t["id"] == "overall")["rows"]]


def test_key_figures_are_the_hand_checked_ones():
    assert overall("survey-one-group") == [80.0, 20.0, 60.0]  # 40/50, 10/50
    assert overall("survey-teams-secondary-suppression") == [63.6, 30.9, 32.7]  # 35/55, 17/55
    assert overall("survey-csv-with-names-to-review") == [61.9, 61.9, 0.0]  # 26/42 both
    by_team = next(t for t in load("survey-teams-secondary-suppression")["expected"]["result"]["tables"] if t["id"] == "by-team")
    assert [r["do_yes"] for r in by_team["rows"]] == ["[c]", "[c]", 17]  # 5 is small; 12 would give it away
    errs = load("survey-error-yes-exceeds-total")["expected"]["errors"]
    assert [(e["row"], e["column"]) for e in errs] == [(1, "inclusive_yes"), (2, "programme_yes")]
