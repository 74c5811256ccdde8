"""Background crossed with sex, ethnicity and disability in the representation gap: the crossed
tables against an independent pandas oracle, unrecognised answers named by column and assignable,
and every linked breakdown (level, function, region and the characteristics) given to integer
programming with adversarial small groups.

The groups and their answers are read from content/data/characteristics.yml; expected figures are
worked out here from the data, never copied from the calculator."""
from __future__ import annotations

import random

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators.core.result import SUPPRESSED
from calculators.core.spec import run
from calculators.representation.figures import breakdowns
from calculators.representation.reading import from_text
from calculators.representation.spec import SPEC
from calculators.shared import seb as seb_grouping
from calculators.shared.characteristics import characteristics_from
from oracles import disclosures
from sitekit import PROJECT

DATA = PROJECT / "content/data"
CONTENT = {"seb": yaml.safe_load((DATA / "seb_question.yml").read_text(encoding="utf-8"))["seb"],
           "benchmarks": yaml.safe_load((DATA / "benchmarks.yml").read_text(encoding="utf-8"))["benchmarks"],
           "characteristics": yaml.safe_load((DATA / "characteristics.yml").read_text(encoding="utf-8"))["characteristics"]}
GROUP_OF = {o["code"]: o["group"] for o in CONTENT["seb"]["options"]}
CHARS = {c["id"]: c for c in CONTENT["characteristics"]["list"]}
PREFER = CONTENT["characteristics"]["prefer_not_to_say"]
NOT_GIVEN_LABEL = CONTENT["characteristics"]["not_given"]["label"]
COLUMNS = ("professional", "intermediate", "lower", "unknown")
FIRST, SECOND = (g["label"] for g in CHARS["sex"]["groups"][:2])  # answers as the data file's labels
YES = CHARS["disability"]["groups"][0]["label"]


def rows_of(cid: str) -> dict[str, list[str]]:
    out = {g["label"]: [g["label"], *[a for a in g.get("answers") or () if isinstance(a, str)]] for g in CHARS[cid]["groups"]}
    out[PREFER["label"]] = [PREFER["label"], *PREFER["answers"]]
    out[NOT_GIVEN_LABEL] = [""]
    return out


def response_file(n: int, seed: int, weights: dict | None = None, levels=("Board", "Managers", "Staff")):
    """One row per response with level, answer and every characteristic written as an accepted
    answer; the truth per person: (level, code, {characteristic: row label})."""
    rng = random.Random(seed)
    people, lines = [], ["level,response," + ",".join(CHARS)]
    table = {cid: rows_of(cid) for cid in CHARS}
    for _ in range(n):
        level, code = rng.choice(levels), rng.randint(1, 9)
        truth, cells = {}, []
        for cid, rows in table.items():
            label = rng.choices(list(rows), weights=(weights or {}).get(cid) or [1] * len(rows))[0]
            truth[cid] = label
            cells.append(rng.choice(rows[label]))
        people.append((level, code, truth))
        lines.append(",".join([level, str(code), *[f'"{c}"' for c in cells]]))
    return "\n".join(lines) + "\n", people


def calc(text: str, **values) -> dict:
    out = run(SPEC, {"source": "file", "upload": text, **values}, CONTENT)
    assert out["ok"], out
    return out["result"]


def test_an_independent_pandas_oracle_agrees_on_the_crossed_tables():
    pd = pytest.importorskip("pandas")
    text, people = response_file(3000, seed=21)
    res = calc(text)
    frame = pd.DataFrame([{"group": GROUP_OF[c], **t} for _, c, t in people])
    checked = 0
    for cid in CHARS:
        shown = {r["name"]: r for r in next(t for t in res["tables"] if t["id"] == f"counts-{CHARS[cid]['label'].lower()}")["rows"]}
        counts = pd.crosstab(frame[cid], frame["group"])
        for label in rows_of(cid):
            for g in COLUMNS:
                expected = int(counts.loc[label, g]) if label in counts.index and g in counts.columns else 0
                if shown[label][g] != SUPPRESSED:
                    assert shown[label][g] == expected, (cid, label, g)
                    checked += 1
        shares = {r["name"]: r for r in next(t for t in res["tables"] if t["id"] == f"shares-{CHARS[cid]['label'].lower()}")["rows"]}
        for label in rows_of(cid):
            if shares[label]["lower"] not in (SUPPRESSED, None):
                inside = frame[(frame[cid] == label) & (frame["group"] != "unknown")]
                assert shares[label]["lower"] == pytest.approx(100 * (inside["group"] == "lower").mean(), abs=0.051)
                checked += 1
    assert checked >= 50


def test_prefer_not_to_say_is_always_listed():
    res = calc("level,response,sex\n" + f"Staff,1,{FIRST}\n" * 15 + f"Staff,5,{SECOND}\n" * 15)
    names = [r["name"] for r in next(t for t in res["tables"] if t["id"] == "counts-sex")["rows"]]
    assert PREFER["label"] in names and NOT_GIVEN_LABEL in names


def test_unrecognised_answers_are_named_by_column_and_can_be_assigned():
    lines = ["level,response,Disabled"] + ["Staff,1,Nope"] * 15 + ["Staff,5,Nope"] * 15 + [f"Staff,5,{YES}"] * 12 + [f"Staff,1,{YES}"] * 12
    res = calc("\n".join(lines))
    (notice,) = [n["text"] for n in res["notices"] if "match none" in n["text"]]
    assert "\u201cDisabled\u201d" in notice and "\u201cNope\u201d (30 rows)" in notice
    (question,) = [m for m in res["mappings"] if m["input"] == "characteristic_map"]
    assert [(i["label"], i["count"]) for i in question["items"]] == [("Nope", 30)]
    not_disabled = CHARS["disability"]["groups"][1]
    again = calc("\n".join(lines), characteristic_map={"disability:Nope": f"disability:{not_disabled['id']}"})
    row = next(r for r in next(t for t in again["tables"] if t["id"] == "counts-disability")["rows"]
               if r["name"] == not_disabled["label"])
    assert row["answered"] == 30


def test_the_counts_input_is_not_crossed_and_says_so():
    res = calc(f"level,professional,intermediate,lower,not known,sex\nBoard,20,10,15,3,{FIRST}\nStaff,40,30,60,9,{SECOND}\n")
    assert not [t for t in res["tables"] if t["id"] in ("counts-sex", "counts-ethnicity", "counts-disability")]
    assert any("\u201csex\u201d" in n["text"] and "one row per response" in n["text"] for n in res["notices"])


# --- Small-number protection: every linked breakdown against integer programming ---------------


SKEWED = st.lists(st.sampled_from([0, 1, 1, 2, 6, 25]), min_size=8, max_size=8)


def _check(text: str, threshold: int) -> None:
    grouping = seb_grouping.grouping_from(CONTENT)
    data = from_text(text, "upload", {}, grouping, characteristics_from(CONTENT))
    assert data.traits  # the characteristics were read, so their breakdowns are in the linked tables
    rows = breakdowns(data, threshold)
    assert {c.id for c in data.traits} <= set(rows)
    for attr in ("groups", "unknown"):
        protected = list({id(getattr(rs[0], attr)): getattr(rs[0], attr) for rs in rows.values()}.values())
        tables = [[list(r) for r in p.counts] for p in protected]
        assert disclosures(tables, [set(p.hidden) for p in protected], threshold) == []


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(10, 60), st.integers(0, 10_000), SKEWED, st.sampled_from([5, 10]), st.booleans())
def test_adversarial_small_groups_give_nothing_away(n, seed, skew, threshold, two_levels):
    weights = {cid: [skew[(i + 3 * k) % len(skew)] for i in range(len(rows_of(cid)))] for k, cid in enumerate(CHARS)}
    weights = {cid: (w if any(w) else [1] * len(w)) for cid, w in weights.items()}
    text, _ = response_file(n, seed, weights, levels=("Board", "Staff") if two_levels else ("Staff",))
    _check(text, threshold)
