"""The counts every representation table holds, by name rather than by position.

Counts of answers come as a list in the order of COLUMNS: the three groups, then "not known".
Reach them with the names below (`counts[LOWER]`, `known(counts)`), never with a bare number.
A cell of the workforce is keyed by (level, function, region): positions LEVEL, FUNCTION, REGION.
"""
from __future__ import annotations

from typing import Sequence

from calculators.core.record import field, record
from calculators.shared import seb as seb_grouping
from calculators.shared.level_order import LevelOrder

GROUPS = seb_grouping.GROUPS
UNKNOWN = seb_grouping.UNKNOWN
COLUMNS = GROUPS + (UNKNOWN,)  # the columns of every count table
PROFESSIONAL = COLUMNS.index("professional")
INTERMEDIATE = COLUMNS.index("intermediate")
LOWER = COLUMNS.index("lower")
NOT_KNOWN = COLUMNS.index(UNKNOWN)
GROUP_POSITIONS = tuple(range(len(GROUPS)))  # the columns whose total is the known answers
LEVEL, FUNCTION, REGION = 0, 1, 2  # positions in a cell's key
NOT_GIVEN = "Not given"


def no_answers() -> list[int]:
    """Counts of nobody, one per column."""
    return [0] * len(COLUMNS)


def add_to(total: list[int], counts: Sequence[int]) -> None:
    for column in range(len(COLUMNS)):
        total[column] += counts[column]


def known(counts: Sequence[int]) -> int:
    """The known answers: everyone in one of the groups (the base of every share)."""
    return sum(counts[column] for column in GROUP_POSITIONS)


def group_counts(counts: Sequence[int]) -> list[int]:
    return [counts[column] for column in GROUP_POSITIONS]


def not_known_counts(counts: Sequence[int]) -> list[int]:
    return [counts[NOT_KNOWN]]


@record
class Workforce:
    """Counts of answers by (level, function, region) in the four columns of COLUMNS."""

    levels: list[str]
    cells: dict[tuple[str, str, str], list[int]]
    headcount: dict[str, int | None]
    has_function: bool = False
    has_region: bool = False
    notices: list[dict] = field(default_factory=list)
    unrecognised: dict[str, int] = field(default_factory=dict)
    column_question: dict | None = None
    order: LevelOrder | None = None
    traits: tuple = ()  # characteristics crossed with background (crossing.py); their rows' labels follow REGION in a key
    trait_columns: dict = field(default_factory=dict)
    unrecognised_traits: dict = field(default_factory=dict)
