"""The column names the representation gap recognises in a file, and how it names each role."""
from __future__ import annotations

from calculators.shared import seb as seb_grouping
from calculators.shared.level_order import LEVEL_HEADERS

ROLES = {  # role -> header names accepted (matched ignoring case, spaces, _ and -)
    "level": list(LEVEL_HEADERS),
    "function": ["business function", "department", "dept", "division", "team", "directorate", "business unit"],
    "region": ["location", "area", "site", "office", "geography", "geographic area", "country"],
    "answer": list(seb_grouping.ANSWER_HEADERS),
    "professional": ["higher", "professional background", "higher seb", "professional seb"],
    "intermediate": ["intermediate background", "intermediate seb"],
    "lower": ["low", "lower seb", "lower background"],
    "unknown": ["not known", "not_known", "other", "prefer not to say", "don't know", "dont know", "unknown seb", "not stated"],
    "headcount": ["head count", "staff", "employees", "people", "total staff", "number of staff", "fte"],
}
ROLE_LABELS = {"level": "Level or grade", "function": "Business function", "region": "Region or site",
               "answer": "Answer to the SEB question", "professional": "Count: professional",
               "intermediate": "Count: intermediate", "lower": "Count: lower",
               "unknown": "Count: not known (other, don't know, prefer not to say)",
               "headcount": "Headcount (everyone, answered or not)", "ignore": "Not used"}
ROLE_PHRASES = {"level": "level or grade", "answer": "answer to the SEB question", "professional": "professional count",
                "intermediate": "intermediate count", "lower": "lower count"}
