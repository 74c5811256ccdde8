"""Peer benchmarking without sharing raw data: the organisation's export (by hand, and a property
test that no exported file holds a figure from which a count below the threshold can be worked
out), the convener's combination (median and quartiles by hand, at least 5 firms), using the
sector file as a benchmark, the JSON Schema, and each kind of bad file."""
from __future__ import annotations

import json
from itertools import product
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.peer_benchmark import spec as pb
from calculators.representation.spec import SPEC as REPRESENTATION
from calculators.core.spec import run

ROOT = Path(__file__).resolve().parent.parent
CONTENT = {
    "seb": yaml.safe_load((ROOT / "content/data/seb_question.yml").read_text(encoding="utf-8"))["seb"],
    "benchmarks": yaml.safe_load((ROOT / "content/data/benchmarks.yml").read_text(encoding="utf-8"))["benchmarks"],
}


def validate(doc, schema, where="file"):
    """A small JSON Schema checker for the keywords FORMAT_SCHEMA uses."""
    if "const" in schema:
        assert doc == schema["const"], where
    if "enum" in schema:
        assert doc in schema["enum"], where
    kind = schema.get("type")
    if kind == "object":
        assert isinstance(doc, dict), where
        for key in schema.get("required", ()):
            assert key in doc, f"{where}: {key} missing"
        if schema.get("additionalProperties") is False:
            assert set(doc) <= set(schema["properties"]), f"{where}: {set(doc) - set(schema['properties'])}"
        for key, sub in schema.get("properties", {}).items():
            if key in doc and doc[key] is not None:
                validate(doc[key], sub, f"{where}.{key}")
    elif kind == "array":
        assert isinstance(doc, list), where
        assert len(doc) >= schema.get("minItems", 0) and len(doc) <= schema.get("maxItems", len(doc)), where
        for i, item in enumerate(doc):
            validate(item, schema.get("items", {}), f"{where}[{i}]")
    elif kind in ("number", "integer"):
        assert isinstance(doc, (int, float)) and not isinstance(doc, bool), where
        if kind == "integer":
            assert isinstance(doc, int), where
        assert schema.get("minimum", doc) <= doc <= schema.get("maximum", doc), f"{where}: {doc}"
    elif kind == "string":
        assert isinstance(doc, str) and schema.get("minLength", 0) <= len(doc) <= schema.get("maxLength", len(doc)), where


def org_file(label: str, levels: dict[str, tuple[int, int, int]], threshold: int = 10) -> str:
    return pb.export(label, "2026", threshold, [(n, list(c), True) for n, c in levels.items()])[0]


def test_the_published_schema_is_the_one_in_the_code():
    on_site = json.loads((ROOT / "site_templates/assets/tk/peer-benchmark.schema.json").read_text(encoding="utf-8"))
    assert on_site == pb.FORMAT_SCHEMA


def test_an_organisations_file_by_hand():
    # Board 50/20/30 of 100; Staff 121/80/199 of 400: 30.25 / 20 / 49.75 -> 30 / 20 / 50 (largest remainder).
    text, left_out = pb.export("Firm QA", "March 2026", 10, [("Board", [50, 20, 30], True), ("Staff", [121, 80, 199], True)])
    doc = json.loads(text)
    validate(doc, pb.FORMAT_SCHEMA)
    assert (doc["kind"], doc["label"], doc["date"], doc["threshold"], left_out) == ("organisation", "Firm QA", "March 2026", 10, [])
    assert doc["levels"] == [
        {"name": "Board", "shares": {"professional": 50, "intermediate": 20, "lower": 30}},
        {"name": "Staff", "shares": {"professional": 30, "intermediate": 20, "lower": 50}},
        # everyone: 171/100/229 of 500 = 34.2 / 20 / 45.8 -> 34 / 20 / 46
        {"name": "All levels", "shares": {"professional": 34, "intermediate": 20, "lower": 46}}]
    # A level with a group under the threshold is left out, and everyone with it.
    text, left_out = pb.export("Firm QA", "", 10, [("Board", [50, 20, 9], True), ("Staff", [121, 80, 199], True)])
    assert left_out == ["Board"] and [lv["name"] for lv in json.loads(text)["levels"]] == ["Staff"]
    # So is a level the screen hides (to protect a small group elsewhere).
    text, left_out = pb.export("Firm QA", "", 10, [("Board", [50, 20, 30], False), ("Staff", [121, 80, 199], True)])
    assert left_out == ["Board"] and [lv["name"] for lv in json.loads(text)["levels"]] == ["Staff"]


def candidates(shares: dict, known: int) -> list[tuple[int, int, int]]:
    """Every (professional, intermediate, lower) of `known` people that gives these whole shares."""
    out = []
    for p, i in product(range(known + 1), repeat=2):
        if p + i <= known and pb.whole_shares([p, i, known - p - i]) == shares:
            out.append((p, i, known - p - i))
    return out


@settings(max_examples=60, deadline=None)
@given(st.integers(10, 15), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(0, 40)), min_size=1, max_size=4))
def test_no_exported_file_lets_anyone_work_out_a_count_below_the_threshold(threshold, counts):
    levels = [(f"Level {n}", list(c), True) for n, c in enumerate(counts)]
    text, left_out = pb.export("Firm", "", threshold, levels)
    doc = json.loads(text)
    validate(doc, pb.FORMAT_SCHEMA)
    # No count anywhere: the only numbers are the version, the threshold and shares of 0 to 100.
    assert set(doc) == {"format", "version", "kind", "label", "date", "threshold", "levels"}
    shown = {lv["name"]: lv["shares"] for lv in doc["levels"]}
    everyone = [sum(c[i] for c in counts) for i in range(3)]
    for name, c, _ in levels:
        if name in shown:
            assert min(c) >= threshold
            # Even someone who knows how many people answered at this level can pin down only
            # counts of at least the threshold: every count that fits the shares is a candidate,
            # and any group whose count is the same in every candidate is at or above it.
            found = candidates(shown[name], sum(c))
            assert tuple(c) in found
            for g in range(3):
                if len({f[g] for f in found}) == 1:
                    assert found[0][g] >= threshold
        else:
            assert min(c) < threshold and name in left_out
    # Everyone's shares only when no level is left out: nothing to subtract the shown levels from.
    assert ("All levels" in shown) == (not left_out and min(everyone) >= 0)


def five_firms(extra_level_in: int = 0) -> list[tuple[str, str]]:
    lower = [10, 20, 30, 40, 50]  # Board lower shares of the five firms
    files = []
    for n, share in enumerate(lower):
        levels = {"Board": (100 - share - 20, 20, share), "Staff": (40, 20, 40)}
        if n < extra_level_in:
            levels["Interns"] = (30, 30, 40)
        files.append((f"firm-{n}.json", org_file(f"Firm {n}", levels)))
    return files


def combined(files, label="Sector QS", date="2026"):
    out = run(pb.SPEC, {"files": json.dumps([{"name": n, "text": t} for n, t in files]), "label": label, "date": date}, {})
    return out


def test_combining_five_firms_by_hand():
    out = combined(five_firms(extra_level_in=4))
    assert out["ok"], out
    res = out["result"]
    doc = json.loads(res["downloads"][0]["text"])
    validate(doc, pb.FORMAT_SCHEMA)
    assert (doc["kind"], doc["label"], doc["firms"]) == ("sector", "Sector QS", 5)
    board = next(lv for lv in doc["levels"] if lv["name"] == "Board")
    # Lower shares 10, 20, 30, 40, 50: median 30; quartiles (inclusive) 20 and 40.
    # Professional 70, 60, 50, 40, 30: median 50, quartiles 40 and 60; intermediate all 20.
    assert board["firms"] == 5 and board["shares"] == {"professional": 50, "intermediate": 20, "lower": 30}
    assert board["quartiles"] == {"professional": [40, 60], "intermediate": [20, 20], "lower": [20, 40]}
    assert [lv["name"] for lv in doc["levels"]] == ["Board", "Staff", "All levels"]
    # Interns are in only 4 files: not published, and the page says so.
    assert "Interns (4 firms)" in " ".join(n["text"] for n in res["notices"])
    assert "Interns" not in res["downloads"][0]["text"]


def test_fewer_than_five_files_are_refused():
    out = combined(five_firms()[:4])
    assert not out["ok"] and out["errors"][0]["field"] == "files"
    assert "at least 5 organisations; you gave 4" in out["errors"][0]["message"]


def bad(text_of_first: str) -> str:
    files = five_firms()
    files[0] = ("bad.json", text_of_first)
    out = combined(files)
    assert not out["ok"]
    return out["errors"][0]["message"]


def test_bad_organisation_files_are_refused_naming_the_file():
    good = json.loads(five_firms()[0][1])
    assert "bad.json" in bad("not json") and "is not a benchmark file: it is not JSON" in bad("not json")
    sums = json.loads(json.dumps(good))
    sums["levels"][0]["shares"]["lower"] += 7
    assert "add up to 107, not 100" in bad(json.dumps(sums))
    zero = json.loads(json.dumps(good))
    zero["levels"][0]["shares"] = {"professional": 80, "intermediate": 20, "lower": 0}
    assert "a group below the threshold" in bad(json.dumps(zero))
    small = dict(good, threshold=3)
    assert "groups smaller than 10 people" in bad(json.dumps(small))
    newer = dict(good, version=2)
    assert "newer version of this toolkit (benchmark format 2)" in bad(json.dumps(newer))
    sector = dict(good, kind="sector")
    assert "is a sector file" in bad(json.dumps(sector))


def representation(values: dict) -> dict:
    return run(REPRESENTATION, {"source": "paste", "paste": "level,professional,intermediate,lower,not_known\n"
                                "Board,60,25,15,10\nStaff,150,90,160,30\n", **values}, CONTENT)


def test_any_organisation_can_use_the_sector_file_as_its_benchmark():
    sector = combined(five_firms())["result"]["downloads"][0]["text"]
    doc = json.loads(sector)
    everyone = next(lv for lv in doc["levels"] if lv["name"] == "All levels")
    out = representation({"benchmark_source": "file", "benchmark_file": sector})
    assert out["ok"], out
    res = out["result"]
    assert res["benchmark"]["label"] == "Sector QS" and res["benchmark"]["shares"]["lower"] == everyone["shares"]["lower"]
    gap = {r["name"]: r for r in next(t for t in res["tables"] if t["id"] == "gap-level")["rows"]}
    # Board 15 of 100 = 15% lower SEB: the gap is the sector median minus 15.
    assert gap["Board"]["benchmark"] == everyone["shares"]["lower"]
    assert gap["Board"]["gap"] == round(everyone["shares"]["lower"] - 15, 1)
    assert "median of 5 organisations" in " ".join(n["text"] for n in res["notices"])


def test_a_sector_file_must_be_a_sector_file_with_everyone():
    org = five_firms()[0][1]
    out = representation({"benchmark_source": "file", "benchmark_file": org})
    assert not out["ok"] and out["errors"][0]["field"] == "benchmark_file" and "is an organisation's file" in out["errors"][0]["message"]
    doc = json.loads(combined(five_firms())["result"]["downloads"][0]["text"])
    doc["levels"] = [lv for lv in doc["levels"] if lv["name"] != "All levels"]
    out = representation({"benchmark_source": "file", "benchmark_file": json.dumps(doc)})
    assert not out["ok"] and "no figures for everyone" in out["errors"][0]["message"]


def test_the_representation_gap_exports_the_file_with_its_label():
    out = representation({"org_label": "Firm QZ", "data_date": "2026"})
    doc = json.loads(next(d for d in out["result"]["downloads"] if d["filename"] == "representation-gap-peer-benchmark.json")["text"])
    validate(doc, pb.FORMAT_SCHEMA)
    assert (doc["label"], doc["date"]) == ("Firm QZ", "2026")
    # Board 60/25/15 of 100 and Staff 150/90/160 of 400 (37.5 / 22.5 / 40 -> 38 / 22 / 40).
    assert doc["levels"][1] == {"name": "Staff", "shares": {"professional": 38, "intermediate": 22, "lower": 40}}
