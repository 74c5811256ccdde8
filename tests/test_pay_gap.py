"""The class pay gap calculator: figures against an independent pandas oracle, the exact bootstrap
against brute-force resampling, small groups kept hidden, and bad input named by line and column.

Expected figures are worked out here from the data (pandas, or by hand), never copied from the
calculator; the SEB grouping is read from content/data."""
from __future__ import annotations

import json
import random
import statistics

import pytest
import yaml

from calculators.pay_gap import figures
from calculators.pay_gap.spec import SPEC
from calculators.core.result import SUPPRESSED
from calculators.core.spec import run
from sitekit import PROJECT

CONTENT = {"seb": yaml.safe_load((PROJECT / "content/data/seb_question.yml").read_text(encoding="utf-8"))["seb"]}
GROUP_OF = {o["code"]: o["group"] for o in CONTENT["seb"]["options"]}


def calc(values: dict) -> dict:
    out = run(SPEC, {"source": "file", **values}, CONTENT)
    assert out["ok"], out
    return out["result"]


def errors(values: dict) -> list[dict]:
    out = run(SPEC, {"source": "file", **values}, CONTENT)
    assert not out["ok"], "expected the input to be refused"
    return out["errors"]


def rows(result: dict, table_id: str) -> list[dict]:
    return next(t for t in result["tables"] if t["id"] == table_id)["rows"]


def pay_file(n: int, seed: int = 5) -> tuple[str, list[tuple]]:
    rng = random.Random(seed)
    people = []
    for _ in range(n):
        code = rng.randint(1, 9)
        level = rng.choice(["Director", "Manager", "Staff"])
        base = {"Director": 55, "Manager": 28, "Staff": 13}[level] * (1.08 if GROUP_OF[code] == "professional" else 1)
        people.append((level, round(base * rng.uniform(0.7, 1.4), 2), code, rng.choice([0, 0, 250, 900])))
    text = "level,hourly pay,answer,bonus\n" + "".join(f"{lv},{p},{c},{b}\n" for lv, p, c, b in people)
    return text, people


def test_an_independent_pandas_oracle_agrees_on_5000_employees():
    pd = pytest.importorskip("pandas")
    text, people = pay_file(5000)
    res = calc({"upload": text})
    frame = pd.DataFrame(people, columns=["level", "pay", "code", "bonus"])
    frame["group"] = frame["code"].map(GROUP_OF)
    stats = frame.groupby("group")["pay"].agg(["mean", "median", "count"])
    shown = {r["group"].casefold(): r for r in rows(res, "pay-gap")}
    for group in ("professional", "intermediate", "lower"):
        assert shown[group]["people"] == stats.loc[group, "count"]
        assert shown[group]["mean"] == pytest.approx(stats.loc[group, "mean"], abs=0.005)
        assert shown[group]["median"] == pytest.approx(stats.loc[group, "median"], abs=0.005)
        if group != "professional":
            ref = stats.loc["professional"]
            assert shown[group]["mean_gap"] == pytest.approx(100 * (ref["mean"] - stats.loc[group, "mean"]) / ref["mean"], abs=0.051)
            assert shown[group]["median_gap"] == pytest.approx(100 * (ref["median"] - stats.loc[group, "median"]) / ref["median"], abs=0.051)
    # Quartiles: rank by pay (ties in file order), four equal groups, the mix of each.
    ranked = frame.sort_values("pay", kind="stable").reset_index(drop=True)
    n = len(ranked)
    ranked["quartile"] = [next(q for q in range(4) if r < -(-(q + 1) * n // 4)) for r in range(n)]
    mix = pd.crosstab(ranked["quartile"], ranked["group"], normalize="index") * 100
    for q, row in enumerate(rows(res, "quartiles")):
        for group in ("professional", "intermediate", "lower", "unknown"):
            assert row[group] == pytest.approx(mix.loc[q, group], abs=0.051)


@pytest.mark.parametrize("n_ref, n_grp", [(15, 12), (31, 40)])
def test_the_exact_bootstrap_matches_brute_force_resampling(n_ref, n_grp):
    rng = random.Random(11)
    ref = sorted(round(rng.uniform(10, 40), 2) for _ in range(n_ref))
    grp = sorted(round(rng.uniform(8, 35), 2) for _ in range(n_grp))
    exact = figures.median_gap_interval(ref, grp, draws=20000)
    brute = []
    for _ in range(20000):  # resample each group, take the lower median (the m-th value), as the module defines it
        r = sorted(rng.choice(ref) for _ in ref)[(n_ref + 1) // 2 - 1]
        g = sorted(rng.choice(grp) for _ in grp)[(n_grp + 1) // 2 - 1]
        brute.append(100 * (r - g) / r)
    brute.sort()
    assert exact[0] == pytest.approx(brute[500], abs=2.5) and exact[1] == pytest.approx(brute[19499], abs=2.5)
    assert figures.median_gap_interval(ref, grp) == figures.median_gap_interval(ref, grp)  # a fixed seed


def test_a_gap_that_comes_from_who_is_in_which_level_is_called_a_progression_gap():
    # Within each level everyone is paid the same; lower-SEB people are mostly in the junior level.
    lines = ["level,hourly pay,answer"]
    lines += ["Director,50,1"] * 40 + ["Director,50,5"] * 10 + ["Staff,12,1"] * 10 + ["Staff,12,5"] * 40
    res = calc({"upload": "\n".join(lines)})
    within = {r["level"]: r["median_gap"] for r in rows(res, "within-levels")}
    assert within == {"Director": 0.0, "Staff": 0.0}
    lower = next(r for r in rows(res, "pay-gap") if r["group"] == "Lower")
    assert lower["median_gap"] == pytest.approx(100 * (50 - 12) / 50, abs=0.05)  # medians 50 and 12, by hand
    said = " ".join(s["text"] for s in res["summary"])
    assert "look at progression" in said
    assert any(link["href"] == "intervention:measure-the-progression-gap" for s in res["summary"] for link in s["links"])


def test_annual_pay_and_weekly_hours_give_hourly_pay():
    lines = ["salary,weekly hours,answer"] + ["26100,37.5,1"] * 12 + ["19575,37.5,5"] * 12
    res = calc({"upload": "\n".join(lines)})
    shown = {r["group"]: r for r in rows(res, "pay-gap")}
    assert shown["Professional"]["median"] == pytest.approx(26100 / (365.25 / 7) / 37.5, abs=0.005)
    assert shown["Lower"]["median_gap"] == 25.0  # (26100 - 19575) / 26100, by hand


def test_a_group_under_the_threshold_shows_no_pay_and_its_count_cannot_be_worked_out():
    lines = ["hourly pay,answer"] + ["20,1"] * 30 + ["14.37,5"] * 4 + ["17,3"] * 25 + ["16,9"] * 12
    res = calc({"upload": "\n".join(lines)})
    lower = next(r for r in rows(res, "pay-gap") if r["group"] == "Lower")
    assert lower["median"] == SUPPRESSED and lower["mean"] == SUPPRESSED and lower["people"] == SUPPRESSED
    # Everyone is the sum of the quartiles' sizes; what the shown groups leave over must not pin the small group down.
    everyone = sum(r["people"] for r in rows(res, "quartiles"))
    left_over = everyone - sum(r["people"] for r in rows(res, "pay-gap") if r["people"] != SUPPRESSED)
    assert left_over >= 10 and left_over != 4
    assert "14.37" not in json.dumps(res) and "28.1" not in json.dumps(res)  # the small group's pay and its gap


@pytest.mark.parametrize("cell, says", [
    ("0", "Pay must be more than 0"), ("-3", "Pay must be more than 0"), ("ten", "not a number"),
    ("95000", "Is it annual pay in the hourly column"), ("1.000", "could"),
])
def test_bad_pay_is_named_by_line_and_column(cell, says):
    lines = ["hourly pay,answer", "20,1", f"{cell},5"]
    (error,) = errors({"upload": "\n".join(lines)})
    assert error["row"] == 3 and error["column"] == "hourly pay" and says in error["message"]


def test_annual_pay_without_hours_is_named():
    (error,) = errors({"upload": "salary,weekly hours,answer\n30000,,1\n"})
    assert error["row"] == 2 and "weekly hours" in error["message"]


def test_unrecognised_answers_are_asked_about_without_their_counts():
    lines = ["hourly pay,answer"] + ["20,1"] * 12 + ["14,Farmer"] * 3
    res = calc({"upload": "\n".join(lines)})
    (question,) = [m for m in res["mappings"] if m["input"] == "answer_map"]
    assert [i["key"] for i in question["items"]] == ["Farmer"] and "count" not in question["items"][0]


def test_a_file_without_pay_asks_which_column_is_which():
    res = calc({"upload": "earnings,answer\n20,1\n"})
    assert res["mappings"][0]["input"] == "column_map"
    again = calc({"upload": "earnings,answer\n" + "20,1\n" * 12 + "15,5\n" * 12, "column_map": {"earnings": "hourly"}})
    assert next(r for r in rows(again, "pay-gap") if r["group"] == "Lower")["median_gap"] == 25.0


def test_the_command_line_and_pandas_give_the_same_figures(tmp_path, capsys):
    pd = pytest.importorskip("pandas")
    from calculators.edges.cli import main
    from calculators.edges.pandas_adapter import class_pay_gap

    text, people = pay_file(400, seed=9)
    path = tmp_path / "pay.csv"
    path.write_text(text, encoding="utf-8")
    assert main(["class-pay-gap", str(path)]) == 0
    out = capsys.readouterr().out
    frame = pd.DataFrame(people, columns=["Grade", "Rate", "Q14", "Bonus"])
    tables = class_pay_gap(frame, hourly="Rate", answer="Q14", level="Grade", bonus="Bonus")
    lower = tables["pay-gap"].set_index("Background").loc["Lower"]
    assert f"{abs(lower['Median gap (%)']):.1f}%" in out
    assert statistics.median(p for _, p, c, _ in people if GROUP_OF[c] == "lower") == lower["Median hourly pay (\u00a3)"]
