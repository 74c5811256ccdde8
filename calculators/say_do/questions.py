"""The manager survey's two questions, their answers, and its limits."""
from __future__ import annotations

SAY_QUESTION = "Is your workplace inclusive of people from lower socio-economic backgrounds?"
SAY_ANSWERS = ("Yes", "No", "Don't know")
DO_QUESTION = "Can you name an active programme to recruit, promote or progress them?"
DO_ANSWERS = ("Yes (please name it)", "No")

ALL = "All respondents"
MAX_REVIEW = 200  # rows listed for review; all of them are counted
MAX_TEAMS = 50  # protecting the team table gets slow beyond this (secondary suppression is exact)
