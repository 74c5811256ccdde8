"""Small-number protection shared by every calculator.

A count under the threshold (default 10, never below 5), and any percentage, interval or chart
bar built on one, is never shown: it becomes SUPPRESSED ("[c]"). Zero is not disclosive by
itself and stays visible.

For a table shown with its row and column totals, hiding the small cells is not enough: a hidden
cell could be worked out from the totals. So `suppress_table` also hides more cells ("secondary
suppression"), and `suppress_linked_tables` does the same for several breakdowns of the same
people (by level, by function, by region) that share one totals row.

The guarantee (what a reader who knows this method cannot do). The reader knows every shown
value, that rows and columns add up to their totals in every linked table, that counts are whole
numbers of 0 or more, and that zeros are shown, except in a group (row) whose non-zero counts
are all hidden, where the zeros are hidden too (else "0, 0, [c]" says the whole group is in one
column; `protect_groups`). Then, as with tau-ARGUS's protection levels and audit:
  1. every hidden value (cell or total) can take two values at least `threshold` apart;
  2. the hidden cells of a row or column whose total is shown add up to 0 or at least
     `threshold` (a hidden total is covered by 1, since that sum moves with it).
Proof, in short. For 1, `Witness` builds two whole-number tables that agree with everything
shown, with every total and with the bounds (a hidden non-zero value at least 1, zeros at least
0), and differ at that value by at least `threshold`; each is checked exactly
(`Witness._check`). Both are possible answers for the reader, so the reader's range (integers,
non-negativity and all) is at least that wide: no LP relaxation is involved, so integrality
cannot narrow it. The lower bounds used are the truth's (1 wherever the value is not 0), which
is at least what a reader can know, so the check is on the safe side. For 2, the sum is the
shown total less shown cells, exact. Hiding more only widens what a reader must allow (the old
witnesses stay valid), so each value is audited once and the loop ends: every step hides one
more value, and with every non-zero value hidden all ranges are unbounded above.
How witnesses are found: with the margins' signs flipped, moving counts without changing any
shown figure is a circulation of whole numbers on the bipartite graph (rows, columns) of each
table's hidden positions, the totals row shared by all tables; augmenting paths (breadth first)
push the value up, then down, as far as needed. For one table this is max flow, exact; for
linked tables it can fall short of the true range, which only hides more (tests/oracles.py
compares it with integer programming). Not modelled: that a reader could rerun the method on
candidate tables to see which give this same pattern (tau-ARGUS does not either).

Bounds: one witness search costs about (hidden values) x (edges) steps, and each value is
audited once. The largest input the representation calculator accepts (60 levels x 60
functions x 60 regions) with most counts under the threshold took 0.4 to 3.4 s on CPython and
2.1 to 4.0 s for the whole calculator in Pyodide on the shared development machine; the say/do
team table at its cap (50 teams, many small counts) 3.8 to 4.4 s on CPython. `python -m
bench.disclosure` measures both and sweeps 2,000 random files with the integer-programming oracle.

Where it lives: this module is the API; `protected_table` holds ProtectedTable, `linked_tables`
the equations a reader gets from tables with totals, `witness` the range proofs and
`secondary_suppression` the search that hides more values.

Typical use:

    table = suppress_table([[40, 3], [25, 30]], threshold=10)
    table.cell(0, 1)        # "[c]"  (3 is under 10)
    table.cell(0, 0)        # "[c]"  (else 3 = row total 43 - 40)
    table.row_total(0)      # 43 (still safe: 40 and 3 are both hidden)
    suppress_percentage(3, 43)              # "[c]"
    chart_value(table.share(1, 1))          # a number, or None for a hidden bar
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from calculators.core.result import SUPPRESSED
from calculators.shared.linked_tables import LinkedModel, checked_count
from calculators.shared.protected_table import ProtectedTable
from calculators.shared.secondary_suppression import protect

DEFAULT_THRESHOLD = 10
MIN_THRESHOLD = 5

__all__ = [
    "DEFAULT_THRESHOLD", "MIN_THRESHOLD", "SUPPRESSED", "ProtectedTable", "chart_value", "chart_values",
    "check_threshold", "fewer_than", "is_small", "percentage_is_hidden", "suppress_count",
    "suppress_linked_tables", "suppress_percentage", "suppress_table", "worked_out_cells",
]


def check_threshold(threshold: Any) -> int:
    """The threshold as a whole number; ValueError when it is not whole or is below MIN_THRESHOLD."""
    try:
        value = float(threshold)
    except (TypeError, ValueError):
        raise ValueError(f"The small-number threshold must be a whole number, not {threshold!r}") from None
    if value != value or not value.is_integer():
        raise ValueError(f"The small-number threshold must be a whole number, not {threshold!r}")
    if value < MIN_THRESHOLD:
        raise ValueError(f"The small-number threshold cannot be below {MIN_THRESHOLD}")
    return int(value)


def is_small(count: int, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """True when a non-zero count is under the threshold. Zero is not disclosive by itself."""
    return 0 < count < check_threshold(threshold)


def fewer_than(threshold: int = DEFAULT_THRESHOLD) -> str:
    """The words used in sentences for a hidden count: "fewer than 10"."""
    return f"fewer than {check_threshold(threshold)}"


def suppress_count(count: int, threshold: int = DEFAULT_THRESHOLD) -> int | str:
    """A single count on its own (no totals beside it): the count, or SUPPRESSED when small."""
    return SUPPRESSED if is_small(count, threshold) else count


def percentage_is_hidden(count: int, base: int, threshold: int = DEFAULT_THRESHOLD, complement: bool = True) -> bool:
    """True when `count` out of `base` must not be shown as a percentage.

    Hidden when the count is small, when the base is small (a percentage of 6 people describes
    individuals), or, with `complement`, when base - count is small (95% of 100 reveals that 5
    people did not). A base of zero has no percentage; callers show None for it."""
    t = check_threshold(threshold)
    if base <= 0:
        return False
    return is_small(count, t) or base < t or (complement and is_small(base - count, t))


def suppress_percentage(count: int, base: int, threshold: int = DEFAULT_THRESHOLD, digits: int = 1,
                        complement: bool = True) -> float | str | None:
    """count/base as a percentage rounded to `digits`, SUPPRESSED when built on a small number,
    None when the base is zero. See `percentage_is_hidden` for the rule."""
    if base <= 0:
        return None
    if percentage_is_hidden(count, base, threshold, complement):
        return SUPPRESSED
    return round(100 * count / base, digits)


def chart_value(shown: Any) -> float | None:
    """A table cell as a chart bar: the number, or None (a labelled gap, never zero) when the
    cell is SUPPRESSED, missing or not a number."""
    if isinstance(shown, bool) or not isinstance(shown, (int, float)):
        return None
    return shown


def chart_values(shown: Iterable[Any]) -> list[float | None]:
    """`chart_value` for a whole series. Build bars from the suppressed table values, so that a
    chart can never show more than its table."""
    return [chart_value(v) for v in shown]


# ---------------------------------------------------------------------------------------------
# Tables with totals (ProtectedTable is in calculators.shared.protected_table)


def suppress_table(counts: Sequence[Sequence[int]], threshold: int = DEFAULT_THRESHOLD,
                   column_weights: Sequence[float] | None = None) -> ProtectedTable:
    """Primary and secondary suppression of one table shown with row, column and grand totals.

    Every non-zero cell or total under the threshold is hidden, then the fewest and smallest
    extra non-zero values are hidden until no hidden value can be worked out from the visible
    ones and the totals. `column_weights` (one per column, then one for the row totals) makes
    some columns dearer to hide: secondary suppression picks cells by value x weight, so a
    calculator can keep its most important column visible and hide a less important one."""
    return suppress_linked_tables([counts], threshold, column_weights)[0]


def suppress_linked_tables(tables: Sequence[Sequence[Sequence[int]]], threshold: int = DEFAULT_THRESHOLD,
                           column_weights: Sequence[float] | None = None,
                           also_hide: Iterable[tuple[int, int, int]] = (),
                           protect_groups: bool = True) -> list[ProtectedTable]:
    """Suppression for several breakdowns of the same people with the same columns, for example
    answers by level, by function and by region. They share one totals row, so a column total
    hidden in one is hidden in all, and no hidden value can be narrowed down from all of them
    together (see the module's docstring for the guarantee). Each table must have the same column
    totals (ValueError if not). `column_weights` as for `suppress_table`. `also_hide` lists
    (table, row, column) positions to hide from the start, for example because a figure they would
    give away is hidden in another table; row n_rows is the totals row and column n_columns the
    row totals, as in ProtectedTable. Show nothing else that bounds a hidden value (a headcount
    beside hidden answers would cap them: the representation calculator hides it there).
    `protect_groups` (the default) treats each row as a group of people and the columns as what is
    sensitive about them: a row whose non-zero counts are all hidden has its zeros hidden too."""
    t = check_threshold(threshold)
    grids = [tuple(tuple(checked_count(v) for v in row) for row in table) for table in tables]
    if not grids:
        return []
    widths = {len(row) for g in grids for row in g}
    if len(widths) > 1:
        raise ValueError("Every row of every linked table must have the same number of columns")
    width = widths.pop() if widths else 0
    column_sums = {tuple(sum(row[c] for row in g) for c in range(width)) for g in grids}
    if len(column_sums) > 1:
        raise ValueError("Linked tables must break down the same people: their column totals differ")
    weights = tuple(float(w) for w in column_weights) if column_weights is not None else (1.0,) * (width + 1)
    if len(weights) != width + 1 or any(not w > 0 for w in weights):
        raise ValueError(f"column_weights needs {width + 1} positive numbers: one per column, then the row totals")
    model = LinkedModel(grids, width, weights)
    hidden = {v for v in model.variables if is_small(model.values[v], t)}
    primary = frozenset(hidden)
    for table, row, column in also_hide:
        model.check_position(table, row, column, "also_hide")
        hidden.add(model.variable_at(table, row, column))
    if len(grids) > 1:
        # Start from what protects each table on its own: a search over all of them at once can
        # otherwise take a total first and end up hiding every figure (a survey with one small
        # team lost its overall figures). The joint check below still audits the result.
        for i, grid in enumerate(grids):
            alone = suppress_linked_tables([grid], t, column_weights, protect_groups=protect_groups)[0]
            hidden.update(model.variable_at(i, row, column) for row, column in alone.hidden)
    protect(model, hidden, t, {}, protect_groups)
    return [model.protected(i, hidden, primary, t) for i in range(len(grids))]


def worked_out_cells(tables: Sequence[ProtectedTable]) -> list[tuple[int, int, int]]:
    """(table index, row, column) of every hidden value that the visible values and the totals
    determine exactly, treating the tables as linked when they have the same column totals.
    Empty for anything `suppress_table` or `suppress_linked_tables` returned."""
    if not tables:
        return []
    grids = [t.counts for t in tables]
    width = tables[0].n_columns
    model = LinkedModel(grids, width)
    hidden = set()
    for index, table in enumerate(tables):
        for pos in table.hidden:
            hidden.add(model.variable_at(index, *pos))
    return sorted({p for v in model.worked_out(hidden) for p in model.positions_of(v)})
