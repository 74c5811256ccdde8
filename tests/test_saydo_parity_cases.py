"""The key figures of the say/do gap parity cases are the hand-checked ones. (tests/test_parity.py
runs every case on CPython and inside Pyodide with the real content.)"""
from __future__ import annotations

import json
from pathlib import Path


CASES = sorted((Path(__file__).parent / "parity" / "cases" / "say-do-gap").glob("*.json"))


def load(name: str) -> dict:
    return json.loads((CASES[0].parent / f"{name}.json").read_text(encoding="utf-8"))


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


def test_practice_case_key_figures_are_the_hand_checked_ones():
    result = load("practice-small-organisation-plan")["expected"]["result"]
    blocks = {r["block"]: r for r in next(t for t in result["tables"] if t["id"] == "blocks")["rows"]}
    # Data: (1 + 1 + 0.5 + 0 + 0 + 0) / 6 applicable = 41.7%; 2 of its 3 statements made = 66.7%.
    assert (blocks["Data"]["say"], blocks["Data"]["do"], blocks["Data"]["gap"]) == (66.7, 41.7, 25.0)
    # Recruitment: 0.5 / 2 = 25%; 5 statements rely on it (4 listed + the custom one), 2 made = 40%.
    assert (blocks["Recruitment"]["say"], blocks["Recruitment"]["do"]) == (40.0, 25.0)
    # All: 3 / 8 = 37.5% done; 4 of 13 statements made = 30.8%.
    assert (blocks["All blocks"]["say"], blocks["All blocks"]["do"], blocks["All blocks"]["gap"]) == (30.8, 37.5, -6.7)
    plan = next(t for t in result["tables"] if t["id"] == "plan")["rows"]
    assert [r["page"].split(":")[1] for r in plan] == [
        "remove-unnecessary-degree-requirements",  # the only getting-started one
        "use-structured-interviews",  # going further, every size (fits a small organisation better than "large")
        "raise-your-response-rate",  # going further, large, backs one statement made
        "break-down-by-quartile-function-region",  # going further, large, backs none
        "compare-teams-and-learn-from-leaders",  # advanced, medium effort
        "check-reward-and-ratings-by-background",  # advanced, high effort
    ]
