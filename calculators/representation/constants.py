"""The representation gap's fixed figures and the guidance its results link to."""
from __future__ import annotations

ID = "representation-gap"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
CLI_COMMAND = f"python -m calculators {ID} FILE"
MAX_CATEGORIES = 60  # distinct levels, functions or regions: more means the wrong column was chosen
FIRST_AIM, ADVANCED_AIM = 200 / 3, 70.0  # SMC response aims: about two-thirds at first, 70% when advanced
SMALL_GROUP = 30  # below this many known answers the test is shown with a caution
ALPHA = 0.05

LINKS = {
    "progression": ("Measure the progression gap", "intervention:measure-the-progression-gap"),
    "breakdown": ("Break down by quartile, function and region", "intervention:break-down-by-quartile-function-region"),
    "benchmark": ("Benchmark against your area and sector", "intervention:benchmark-against-your-area-and-sector"),
    "response": ("Raise your response rate", "intervention:raise-your-response-rate"),
    "leaders": ("Compare teams and learn from leaders", "intervention:compare-teams-and-learn-from-leaders"),
    "headline": ("Ask the headline question", "intervention:ask-the-headline-question"),
}
