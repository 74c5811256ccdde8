"""The one entry point the browser worker calls: JSON in, JSON out.

Keeping the boundary to strings means nothing Python-specific crosses into JavaScript."""
from __future__ import annotations

import json

from calculators.core import progress
from calculators.core.content import load_content
from calculators.core.registry import get
from calculators.core.spec import run

_content: dict | None = None


def content() -> dict:
    """The content data, read once per worker (the calculators only read it): parsing it took
    several milliseconds of every run in the browser."""
    global _content
    if _content is None:
        _content = load_content()
    return _content


def run_json(calculator_id: str, values_json: str, working=None) -> str:
    """`working(done, total, what)`, if given, hears how far a long run has got (calculators.core.progress)."""
    previous = progress.listen(working)
    try:
        spec = get(calculator_id)
        values = json.loads(values_json)
        outcome = run(spec, values, content())
    except Exception as exc:  # never let a bug kill the worker; say so plainly instead
        outcome = {"ok": False, "errors": [{"field": None, "row": None, "column": None,
                                            "message": "Something went wrong inside the calculator. Your inputs are kept. "
                                                       "Please report this problem."}],
                   "internal": f"{type(exc).__name__}: {exc}"}
    finally:
        progress.listen(previous)
    return json.dumps(outcome, ensure_ascii=False, allow_nan=False, default=str)


def warm(calculator_id: str) -> None:
    """Do a calculator's one-off set-up (reading content, compiling rules) before the first click."""
    spec, data = get(calculator_id), content()
    if spec.warm:
        spec.warm(data)


def ids() -> str:
    from calculators.core.registry import all_specs

    return json.dumps([s.id for s in all_specs(include_test_only=True)])
