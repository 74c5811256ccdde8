"""The same calculator cases give identical results on CPython and inside Pyodide."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from calculators.core.bridge import run_json
from calculators.core.registry import all_specs
from generator.python.calculator_data import content_data
from generator.python.snapshot import python_snapshot
from generator.python.stdlib import package_bytecode, precompiled_stdlib
from generator.python.wheel import build_wheel
from sitekit import PROJECT, PYODIDE_NPM, STDLIB_CACHE as CACHE

CASES = sorted((PROJECT / "tests" / "parity" / "cases").rglob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_registered_calculator_has_parity_cases():
    covered = {load(p)["calculator"] for p in CASES}
    missing = {s.id for s in all_specs()} - covered
    assert not missing, f"no parity cases for {missing}"


@pytest.mark.parametrize("path", CASES, ids=[p.relative_to(PROJECT / "tests" / "parity" / "cases").as_posix() for p in CASES])
def test_cpython_matches_the_expected_output(path):
    case = load(path)
    assert json.loads(run_json(case["calculator"], json.dumps(case["inputs"]))) == case["expected"]


@pytest.mark.slow
@pytest.mark.parametrize("stdlib", ["as Pyodide ships it", "precompiled, as the site ships it (the stdlib and the wheel)",
                                    "restored from the site's snapshot"])
def test_pyodide_gives_the_same_results_as_cpython(tmp_path, stdlib):
    precompiled = stdlib != "as Pyodide ships it"
    restored = stdlib.startswith("restored")
    bytecode = (lambda files: package_bytecode(files, PYODIDE_NPM, CACHE)) if precompiled else None
    wheel = build_wheel(content_data(), tmp_path, bytecode)
    cases = [load(p) for p in CASES]
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    extra = [str(precompiled_stdlib(PYODIDE_NPM, PROJECT / "calculators", CACHE))] if precompiled else []
    if restored:  # the calculators imported and warmed at build time, in Python's saved memory
        extra.append(str(python_snapshot(PYODIDE_NPM, Path(extra[0]), wheel, CACHE)))
    done = subprocess.run(["node", str(PROJECT / "tests" / "parity" / "run_pyodide.mjs"), str(wheel), str(tmp_path / "cases.json"), *extra],
                          capture_output=True, text=True, cwd=PROJECT, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["python"].startswith("3.1")
    assert report["json_module"].endswith(".pyc" if extra else ".py")
    # imported from the zip as in the browser, from the bytecode shipped beside the source when there is some
    assert report["bridge_file"] == f"/tmp/{wheel.name}/calculators/core/bridge.py" + ("c" if precompiled else "")
    assert report["warmed"] is restored  # the content was read before the first case only when restored
    assert len(report["outcomes"]) == len(cases) > 0
    for path, case, outcome in zip(CASES, cases, report["outcomes"]):
        assert outcome == json.loads(run_json(case["calculator"], json.dumps(case["inputs"]))), path.name
        assert outcome == case["expected"], path.name


def test_the_bridge_reads_the_content_once_and_no_calculator_changes_it(monkeypatch):
    """The worker keeps one copy of the content data for every run, so a calculator that changed it
    would change the next run's result."""
    import calculators.core.bridge as bridge

    calls = []
    monkeypatch.setattr(bridge, "_content", None)
    monkeypatch.setattr(bridge, "load_content", lambda: calls.append(1) or content_data())
    for path in CASES:
        case = load(path)
        bridge.warm(case["calculator"])
        assert json.loads(run_json(case["calculator"], json.dumps(case["inputs"]))) == case["expected"], path.name
    assert len(calls) == 1
    assert bridge.content() == content_data()
