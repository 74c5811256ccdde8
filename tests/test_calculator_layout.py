"""The calculators stay small modules with helpers written once (issue 26): no module grows past
about 300 lines, and the shared number formatting and Markdown tables behave as their names say."""
from __future__ import annotations

from pathlib import Path

import pytest

from calculators.shared.markdown import markdown_table
from calculators.shared.numbers import one_decimal, percent_of, percent_text, plain_number, whole_number

CALCULATORS = Path(__file__).resolve().parent.parent / "calculators"
MAX_LINES = 300


def test_no_calculator_module_is_longer_than_about_300_lines():
    too_long = {str(p.relative_to(CALCULATORS)): n for p in CALCULATORS.rglob("*.py")
                if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not too_long, f"Split these modules by job (each at most about 300 lines): {too_long}"


@pytest.mark.parametrize("count, base, expected", [(1, 3, 33.3), (2, 3, 66.7), (5, 5, 100.0), (0, 7, 0.0)])
def test_percent_of_is_the_share_in_percent_to_one_decimal(count, base, expected):
    assert percent_of(count, base) == expected


@pytest.mark.parametrize("value, plain, one", [(12.0, "12", "12"), (12.25, "12.25", "12.2"), (7, "7", "7"), (0.5, "0.5", "0.5")])
def test_plain_number_and_one_decimal_drop_a_trailing_zero(value, plain, one):
    assert plain_number(value) == plain
    assert one_decimal(value) == one


@pytest.mark.parametrize("value, expected", [(12.5, "13"), (12.4, "12"), (-2.5, "-2"), (0.5, "1"), (3, "3")])
def test_whole_number_rounds_halves_up(value, expected):
    assert whole_number(value) == expected


def test_percent_text_adds_the_sign():
    assert percent_text(12.5) == "12.5%"
    assert percent_text(40.0) == "40%"


def test_markdown_table_escapes_cells_and_leaves_missing_values_blank():
    table = {"columns": [{"key": "name", "label": "Team | name"}, {"key": "n", "label": "People"}],
             "rows": [{"name": "=SUM(A1)", "n": 12}, {"name": "*Sales*", "n": None}]}
    lines = markdown_table(table)
    assert lines[0] == "| Team \\| name | People |"
    assert lines[1] == "| --- | --- |"
    assert lines[2].startswith("| '=SUM") and lines[2].endswith(" | 12 |")
    assert lines[3] == "| \\*Sales\\* |  |"
    assert markdown_table(table, rule="---|")[1] == "|---|---|"
