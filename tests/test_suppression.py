"""Small-number protection: counts, percentages, chart bars and tables with totals."""
from __future__ import annotations

import numpy as np

from oracles import disclosures, pinned_down
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.shared.suppression import (
    SUPPRESSED, ProtectedTable, chart_values, check_threshold, fewer_than, is_small, percentage_is_hidden,
    suppress_count, suppress_linked_tables, suppress_percentage, suppress_table, worked_out_cells,
)


def test_counts_under_ten_are_never_shown():
    assert [suppress_count(n) for n in (1, 5, 9)] == [SUPPRESSED] * 3
    assert suppress_count(10) == 10


def test_zero_is_not_disclosive_and_stays_visible():
    assert suppress_count(0) == 0
    assert not is_small(0)


def test_threshold_is_configurable_but_never_below_five():
    assert suppress_count(7, threshold=5) == 7
    assert suppress_count(7, threshold=8) == SUPPRESSED
    with pytest.raises(ValueError, match="below 5"):
        check_threshold(4)
    with pytest.raises(ValueError, match="whole number"):
        check_threshold(7.5)
    assert check_threshold("12") == 12


def test_sentences_say_fewer_than_the_threshold():
    assert fewer_than() == "fewer than 10"
    assert fewer_than(6) == "fewer than 6"


def test_percentages_built_on_a_small_count_are_hidden():
    assert suppress_percentage(3, 50) == SUPPRESSED  # the count is small
    assert suppress_percentage(6, 8) == SUPPRESSED  # the base is small
    assert suppress_percentage(95, 100) == SUPPRESSED  # 5 people are the rest
    assert suppress_percentage(95, 100, complement=False) == 95.0
    assert suppress_percentage(20, 80) == 25.0
    assert suppress_percentage(0, 0) is None
    assert percentage_is_hidden(9, 100)
    assert not percentage_is_hidden(0, 40)


def test_hidden_chart_bars_are_gaps_not_zero():
    assert chart_values([12.5, SUPPRESSED, None, 0]) == [12.5, None, None, 0]


def test_a_lone_small_cell_cannot_be_recovered_from_its_row_total():
    # 3 is small. Showing 40 with the row total 43 would give it back, and 30 with the column
    # total 33 likewise, so secondary suppression must hide a rectangle of cells.
    table = suppress_table([[40, 3], [25, 30]])
    assert table.cell(0, 1) == SUPPRESSED
    assert table.cell(0, 0) == SUPPRESSED and table.cell(1, 1) == SUPPRESSED
    assert table.row_total(0) == 43 and table.grand_total() == 98
    assert worked_out_cells([table]) == []


def test_the_checker_catches_primary_suppression_alone():
    naive = ProtectedTable(counts=((40, 3), (25, 30)), threshold=10, hidden=frozenset({(0, 1)}), primary=frozenset({(0, 1)}))
    assert worked_out_cells([naive]) == [(0, 0, 1)]


def test_secondary_suppression_prefers_small_cells_over_large_ones():
    # 3 and 9 are small. Hiding 12 and 30 as well closes a rectangle (3, 12 / 30, 9) that
    # costs 42; the next cheapest, through 400, 20 and 30, costs 450.
    table = suppress_table([[500, 400, 3, 12], [600, 20, 30, 9]])
    assert table.primary == {(0, 2), (1, 3)}
    assert table.hidden == {(0, 2), (0, 3), (1, 2), (1, 3)}
    assert table.cell(0, 0) == 500 and table.row_total(0) == 915
    assert worked_out_cells([table]) == []


def test_shares_of_hidden_cells_are_hidden_too():
    table = suppress_table([[40, 3], [25, 30]])
    assert table.share(0, 1) == SUPPRESSED
    table = suppress_table([[40, 30], [25, 30]])
    assert table.share(0, 0) == round(100 * 40 / 70, 1)


def test_linked_tables_hide_a_shared_total_everywhere():
    # Lower SEB (column 2) has only 7 people in the whole organisation.
    by_level = [[50, 40, 3, 12], [60, 20, 4, 9], [80, 70, 0, 20]]
    by_region = [[100, 60, 5, 20], [90, 70, 2, 21]]
    a, b = suppress_linked_tables([by_level, by_region])
    assert a.column_total(2) == SUPPRESSED and b.column_total(2) == SUPPRESSED
    assert worked_out_cells([a, b]) == []


def test_linked_tables_must_describe_the_same_people():
    with pytest.raises(ValueError, match="column totals differ"):
        suppress_linked_tables([[[1, 2]], [[2, 2]]])


def test_negative_or_fractional_counts_are_refused():
    with pytest.raises(ValueError):
        suppress_table([[1, -2]])
    with pytest.raises(ValueError):
        suppress_table([[1.5, 2]])


# --- Property tests with an independent oracle (floating-point rank with numpy) ---------------


def _oracle_worked_out(tables: list[list[list[int]]], hidden: list[set]) -> set:
    """Independently of the module: write every equation the reader has (rows, columns, totals
    row shared across the tables), keep the hidden unknowns, and call an unknown worked out when
    its unit vector lies in the row space (adding it does not raise the rank)."""
    width = len(tables[0][0])
    names: list[tuple] = []

    def var(t, r, c):
        R = len(tables[t])
        if r < R and c < width:
            return ("c", t, r, c)
        if r < R:
            return ("r", t, r)
        return ("T", c) if c < width else ("G",)

    for t, grid in enumerate(tables):
        for r in range(len(grid) + 1):
            for c in range(width + 1):
                v = var(t, r, c)
                if (r, c) in hidden[t] and v not in names:
                    names.append(v)
    if not names:
        return set()
    eqs = []

    def eq(terms):
        row = np.zeros(len(names))
        for v, k in terms:
            if v in names:
                row[names.index(v)] += k
        eqs.append(row)

    eq([(("T", c), 1) for c in range(width)] + [(("G",), -1)])
    for t, grid in enumerate(tables):
        R = len(grid)
        for r in range(R):
            eq([(var(t, r, c), 1) for c in range(width)] + [(var(t, r, width), -1)])
        for c in range(width + 1):
            eq([(var(t, r, c), 1) for r in range(R)] + [(var(t, R, c), -1)])
    return pinned_down(eqs, names)


counts = st.integers(min_value=0, max_value=40)


@st.composite
def linked(draw):
    width = draw(st.integers(1, 4))
    first = draw(st.lists(st.lists(counts, min_size=width, max_size=width), min_size=1, max_size=4))
    tables = [first]
    if draw(st.booleans()):
        # A second breakdown of the same people: split each column total across new rows.
        totals = [sum(r[c] for r in first) for c in range(width)]
        n = draw(st.integers(1, 3))
        second = [[0] * width for _ in range(n)]
        for c, total in enumerate(totals):
            for _ in range(total):
                second[draw(st.integers(0, n - 1))][c] += 1
        tables.append(second)
    return tables


@settings(max_examples=200, deadline=None)
@given(linked(), st.integers(5, 12))
def test_no_hidden_value_can_be_worked_out_from_totals(tables, threshold):
    protected = suppress_linked_tables(tables, threshold)
    for table in protected:
        for r in range(table.n_rows + 1):
            for c in range(table.n_columns + 1):
                if is_small(table.value(r, c), threshold):
                    assert table.is_hidden(r, c), "every small value is hidden"
                if table.is_hidden(r, c) and table.value(r, c) == 0:
                    # Zeros are hidden only beside a group's hidden counts (or an empty column's).
                    row = [table.value(r, k) for k in range(table.n_columns)]
                    assert c < table.n_columns and all(table.is_hidden(r, k) for k in range(table.n_columns) if row[k]) \
                        or all(table.is_hidden(table.n_rows, k) for k in range(table.n_columns) if table.value(table.n_rows, k))
    assert _oracle_worked_out(tables, [set(t.hidden) for t in protected]) == set()
    assert worked_out_cells(protected) == []
    assert disclosures(tables, [set(t.hidden) for t in protected], threshold) == []


@settings(max_examples=100, deadline=None)
@given(linked())
def test_module_checker_agrees_with_the_oracle_on_naive_suppression(tables):
    # Primary suppression only: the module's checker and the oracle must find the same leaks.
    protected = []
    oracle_hidden = []
    for grid in tables:
        R, C = len(grid), len(grid[0])
        full = ProtectedTable(counts=tuple(map(tuple, grid)), threshold=10, hidden=frozenset(), primary=frozenset())
        hidden = frozenset((r, c) for r in range(R + 1) for c in range(C + 1) if is_small(full.value(r, c)))
        protected.append(ProtectedTable(counts=full.counts, threshold=10, hidden=hidden, primary=hidden))
        oracle_hidden.append(set(hidden))
    leaks = {("cell", t, r, c) for t, r, c in worked_out_cells(protected)}
    oracle = _oracle_worked_out(tables, oracle_hidden)
    expected = set()
    for v in oracle:
        if v[0] == "c":
            expected.add(("cell",) + v[1:])
        elif v[0] == "r":
            expected.add(("cell", v[1], v[2], len(tables[0][0])))
        else:
            for t, grid in enumerate(tables):
                expected.add(("cell", t, len(grid), v[1] if v[0] == "T" else len(tables[0][0])))
    assert leaks == expected


def test_one_small_team_does_not_hide_the_overall_figures_of_linked_tables():
    # Say and do by team (rows: yes, not yes; columns: teams), linked by the teams' sizes. A team of
    # 6 must be hidden, and one other team with it; the overall "yes" counts stay shown. The joint
    # search alone once hid every figure here.
    say, do = [[30, 35, 4], [10, 15, 2]], [[12, 15, 1], [28, 35, 5]]
    for table in suppress_linked_tables([say, do], 10, protect_groups=False):
        assert not table.is_hidden(0, 3) and not table.is_hidden(1, 3)  # the overall yes and not-yes counts
        assert table.is_hidden(2, 2) and sum(table.is_hidden(2, c) for c in range(3)) == 2  # the small team and one other
