"""What the calculators' wheel holds: every calculator, and no CPython-only edge or test code; and
the calculators never import the generator (the edges and the tests hand them the content data)."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
import zipfile

from calculators.core.registry import MODULES
from generator.python.calculator_data import content_data
from generator.python.wheel import CPYTHON_ONLY, build_wheel
from sitekit import PROJECT, TEST_CALCULATORS

# Imports the wheel alone (a clean interpreter, away from the source tree) and lists its calculators.
PROBE = ("import json, sys; sys.path.insert(0, sys.argv[1]); import calculators.core.bridge as b; "
         "from calculators.core.content import load_content; "
         "print(json.dumps({'ids': json.loads(b.ids()), 'seb': bool(load_content().get('seb')), "
         "'generator': any(m.split('.')[0] == 'generator' for m in sys.modules)}))")


def _in_wheel(wheel) -> dict:
    done = subprocess.run([sys.executable, "-I", "-c", PROBE, str(wheel)], capture_output=True, text=True, cwd=wheel.parent)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_wheel_holds_every_calculator_and_no_edge_or_test_module(tmp_path):
    wheel = build_wheel(content_data(), tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    for module in MODULES.values():  # every calculator's module is there
        path = "calculators/" + module.replace(".", "/")
        assert f"{path}.py" in names or f"{path}/__init__.py" in names, module
    edges = [n for n in names if n.startswith(tuple(f"calculators/{p}" for p in CPYTHON_ONLY))]
    assert not edges, f"CPython-only modules in the wheel: {edges}"
    assert not [n for n in names if n.startswith("calculators/testing/")]
    assert not {n.rsplit("/", 1)[-1] for n in names} & {p.name for p in TEST_CALCULATORS}, "a test calculator is in the wheel"
    assert not [n for n in names if "test" in n.rsplit("/", 1)[-1]], "a test module is in the wheel"
    # and it works on its own: every calculator, no test one, the packaged content, no generator
    report = _in_wheel(wheel)
    assert report == {"ids": list(MODULES), "seb": True, "generator": False}


def test_a_test_sites_wheel_adds_the_test_calculators_and_registers_them(tmp_path):
    assert TEST_CALCULATORS, "tests/test_only_calculators/ holds the test-only calculators"
    wheel = build_wheel(content_data(), tmp_path, test_calculators=TEST_CALCULATORS)
    names = zipfile.ZipFile(wheel).namelist()
    assert {f"calculators/testing/{p.name}" for p in TEST_CALCULATORS} <= set(names)
    ids = _in_wheel(wheel)["ids"]
    assert ids[:len(MODULES)] == list(MODULES) and "test-hang" in ids[len(MODULES):]


def test_the_calculators_never_import_the_generator():
    found = []
    for path in sorted((PROJECT / "calculators").rglob("*.py")):
        if path.relative_to(PROJECT / "calculators").parts[0] == "edges":  # CPython-only: they hand the content in
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            found += [f"{path.relative_to(PROJECT)}:{node.lineno} imports {n}" for n in names if n.split(".")[0] == "generator"]
    assert not found, found


def test_without_content_handed_in_the_calculators_say_how_to_hand_it_in():
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); from calculators.core.content import load_content; load_content()")
    done = subprocess.run([sys.executable, "-I", "-c", probe, str(PROJECT)], capture_output=True, text=True, cwd=PROJECT)
    assert done.returncode != 0 and "calculators.core.content.use(" in done.stderr
    # the edges hand in the source checkout's content themselves
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); import calculators.edges.cli; "
             "from calculators.core.content import load_content; print(sorted(load_content()))")
    done = subprocess.run([sys.executable, "-I", "-c", probe, str(PROJECT)], capture_output=True, text=True, cwd=PROJECT)
    assert done.returncode == 0 and "'seb'" in done.stdout, done.stderr
