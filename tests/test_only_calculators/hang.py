"""A test-only calculator that never finishes, to prove the browser watchdog stops it; it also
draws a random number (mode "random"), to prove each visitor's Python is reseeded after restoring
the snapshot every visitor shares (`random` is imported here so that it is in the snapshot)."""
from __future__ import annotations

import random

from calculators.core.result import result, sentence
from calculators.core.spec import CalculatorSpec, Input, Output


def run(values: dict, content: dict) -> dict:
    if values.get("mode") == "crash":
        raise SystemExit("crash requested")
    if values.get("mode") == "random":
        return result(summary=[sentence(f"Random: {random.getrandbits(64)}")])
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
