"""A test-only calculator that never finishes, to prove the browser watchdog stops it."""
from __future__ import annotations

from .spec import CalculatorSpec, Input, Output


def run(values: dict, content: dict) -> dict:
    if values.get("mode") == "crash":
        raise SystemExit("crash requested")
    while True:  # the watchdog must end this
        pass


SPEC = CalculatorSpec(
    id="test-hang",
    title="Test: a calculation that hangs",
    summary="Used only by the tests.",
    inputs=(Input("mode", "text", "Mode", required=False, default="hang"),),
    outputs=(Output("summary", "summary", "Nothing"),),
    run=run,
    test_only=True,
    timeout_seconds=3,
)
