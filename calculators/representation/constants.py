"""The representation gap's fixed figures and the guidance its results link to."""
from __future__ import annotations

ID = "representation-gap"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
CLI_COMMAND = f"python -m calculators {ID} FILE"
MAX_CATEGORIES = 60  # distinct levels, functions or regions: more means the wrong column was chosen
FIRST_AIM, ADVANCED_AIM = 200 / 3, 70.0  # SMC response aims: about two-thirds at first, 70% when advanced
SMALL_GROUP = 30  # below this many known answers the test is shown with a caution
ALPHA = 0.05

# The guidance the results link to, by name: the label here, the page on the spec (SPEC.links), which
# the build checks.
LINK_LABELS = {
    "progression": "Measure the progression gap",
    "breakdown": "Break down by quartile, function and region",
    "benchmark": "Benchmark against your area and sector",
    "response": "Raise your response rate",
    "leaders": "Compare teams and learn from leaders",
    "headline": "Ask the headline question",
}


def link(name: str) -> tuple[str, str]:
    """(label, page) of a guidance link, for a sentence's links."""
    from calculators.core.registry import link as page

    return LINK_LABELS[name], page(ID, name)
