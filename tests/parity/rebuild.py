"""Rebuild the expected output of parity cases after a deliberate change of a calculator's result.

    .venv/bin/python tests/parity/rebuild.py representation-gap   # one calculator's cases
    .venv/bin/python tests/parity/rebuild.py                      # every case

Read the diff (git diff tests/parity/cases) before committing: every change in it should be one
you meant. The parity tests then check that Pyodide gives the same results as CPython."""
from __future__ import annotations

import json
import sys
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases"
sys.path.insert(0, str(CASES.parents[2]))

from calculators.core.bridge import run_json  # noqa: E402
from calculators.core.content import use  # noqa: E402
from generator.python.calculator_data import content_data  # noqa: E402

use(content_data, unless_given=True)  # a source checkout: the content from content/, as the tests read it


def rebuild(calculator: str | None = None) -> None:
    for path in sorted(CASES.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if calculator and data["calculator"] != calculator:
            continue
        data["expected"] = json.loads(run_json(data["calculator"], json.dumps(data["inputs"])))
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"rebuilt {path.relative_to(CASES)}")


if __name__ == "__main__":
    rebuild(sys.argv[1] if len(sys.argv) > 1 else None)
