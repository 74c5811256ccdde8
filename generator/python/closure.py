"""Measuring which standard-library modules the calculators import, in Pyodide (Node): every
parity case and every calculator's warm-up, with an import hook. `python -m generator.python.closure
--measure` refreshes generator/python/stdlib_closure.json after a calculator starts using a new module."""
from __future__ import annotations

import json
import subprocess
import tempfile
import zipfile
from pathlib import Path

from generator.python.node import StdlibError
from generator.python.stdlib import CLOSURE

CLOSURE_SCRIPT = Path(__file__).with_name("closure.mjs")


def import_closure(pyodide_dir: Path, wheel: Path, stdlib: Path | None = None, snapshot: Path | None = None,
                   parity_cases: Path | None = None) -> dict:
    """Run every parity case and warm every calculator in Pyodide (Node) on `stdlib` (Pyodide's own
    when None), restored from `snapshot` if given, with an import hook: {"modules": the standard
    library modules loaded, "missing": those imported but left out of `stdlib`, "cases": how many}.
    parity_cases defaults to tests/parity/cases of the project found from the current folder."""
    if parity_cases is None:
        from generator.project import Project

        parity_cases = Project.find().root / "tests" / "parity" / "cases"
    cases = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(parity_cases.rglob("*.json"))]
    with tempfile.TemporaryDirectory() as tmp:
        listed = Path(tmp) / "cases.json"
        listed.write_text(json.dumps(cases), encoding="utf-8")
        stock = Path(tmp) / "stock.json"
        with zipfile.ZipFile(pyodide_dir / "python_stdlib.zip") as zf:
            stock.write_text(json.dumps(zf.namelist()), encoding="utf-8")
        extra = [str(p) for p in (stdlib, snapshot) if p]
        if snapshot and not stdlib:
            raise ValueError("a snapshot is restored on the library it was made with: give both")
        run = subprocess.run(["node", str(CLOSURE_SCRIPT), str(pyodide_dir), str(stock),
                              str(wheel), str(listed), *extra], capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        raise StdlibError(f"Measuring the calculators' imports failed:\n{run.stderr.strip()[-2000:]}")
    return json.loads(run.stdout)


def measure(pyodide_dir: Path, parity_cases: Path) -> list[str]:
    """Measure the import closure on Pyodide's whole library and write it to CLOSURE."""
    from generator.python.calculator_data import content_data
    from generator.python.wheel import build_wheel

    with tempfile.TemporaryDirectory() as tmp:
        report = import_closure(pyodide_dir, build_wheel(content_data(), Path(tmp)), parity_cases=parity_cases)
    modules = sorted(report["modules"])
    CLOSURE.write_text(json.dumps({
        "about": "Standard-library modules the calculators' Python imports (start-up, import, warm-up and every "
                 "parity case), measured by `python -m generator.python.closure --measure` on Pyodide's whole library. "
                 "The site ships only these, the modules the calculators name, and generator/python/stdlib.py's KEEP.",
        "cases": report["cases"], "modules": modules}, indent=1) + "\n", encoding="utf-8")
    return modules




if __name__ == "__main__":
    import sys

    from generator.project import Project

    if sys.argv[1:] != ["--measure"]:
        raise SystemExit("usage: python -m generator.python.closure --measure   (refreshes generator/python/stdlib_closure.json)")
    project = Project.find()
    found = measure(project.pyodide, project.root / "tests" / "parity" / "cases")
    print(f"{len(found)} standard-library modules written to {CLOSURE}")
