"""A small example calculator that proves the pipeline end to end: response rate with a
Wilson interval, suppressed when the numbers are small."""
from __future__ import annotations

from calculators.core.result import key_figure, result, sentence, table
from calculators.core.spec import CalculatorSpec, Input, InputError, Output
from calculators.shared.stats import wilson_interval
from calculators.shared.suppression import DEFAULT_THRESHOLD, is_small


def run(values: dict, content: dict) -> dict:
    invited, answered = values["invited"], values["answered"]
    if answered > invited:
        raise InputError("answered", f"People who answered ({answered}) cannot be more than people invited ({invited})")
    rate = answered / invited
    low, high = wilson_interval(answered, invited)
    if is_small(answered, DEFAULT_THRESHOLD):
        text = f"Fewer than {DEFAULT_THRESHOLD} people answered, so the response rate is not shown."
        shown = ("[c]", "[c]")
    else:
        text = f"{rate:.0%} of the people you invited answered (95% interval {low:.0%} to {high:.0%})."
        shown = (round(rate * 100, 1), f"{low * 100:.1f} to {high * 100:.1f}")
    rows = [{"measure": "Response rate (%)", "value": shown[0]}, {"measure": "95% interval (%)", "value": shown[1]}]
    figure = key_figure("rate", "Response rate", shown[0], "%",
                        None if shown[0] == "[c]" else [round(low * 100, 1), round(high * 100, 1)],
                        f"Of the {invited:,} people you invited. Aim for about two-thirds at first, and 70% later.")
    return result(summary=[sentence(text)], tables=[table("rate", "Response rate", [("measure", "Measure"), ("value", "Value")], rows)],
                  key_figures=[figure])


SPEC = CalculatorSpec(
    id="response-rate",
    title="Survey response rate",
    summary="Work out your survey's response rate, with its margin of error.",
    description="A quick check before you read your results: how many of the people you asked answered?",
    inputs=(
        Input("invited", "number", "People invited", hint="Everyone who was asked to fill in the survey.", integer=True, minimum=1, maximum=10_000_000),
        Input("answered", "number", "People who answered", hint="Count everyone who sent the form back.", integer=True, minimum=0, maximum=10_000_000),
    ),
    outputs=(Output("summary", "summary", "What it means"), Output("rate", "table", "Response rate")),
    run=run,
    method="The interval is a 95% Wilson score interval.",
)
