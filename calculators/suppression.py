"""Small-number protection shared by every calculator.

A count under the threshold (default 10, never below 5), and any percentage, interval or chart
bar built on one, is never shown: it becomes SUPPRESSED ("[c]"). Zero is not disclosive by
itself and stays visible.

For a table shown with its row and column totals, hiding the small cells is not enough: a hidden
cell could be worked out by subtracting the visible cells of its row from the row total. So
`suppress_table` also hides a few more cells ("secondary suppression") until no hidden value can
be worked out from the visible ones. `suppress_linked_tables` does the same for several
breakdowns of the same people (by level, by function, by region) that share one totals row.

What "cannot be worked out" means here: the totals give linear equations; a hidden cell is safe
when the equations leave it free (exact rational elimination, not a heuristic). Cells hidden
for this reason are never zero, so every hidden value can move up and down by at least one
without breaking a total or going negative.

Typical use:

    table = suppress_table([[40, 3], [25, 30]], threshold=10)
    table.cell(0, 1)        # "[c]"  (3 is under 10)
    table.cell(0, 0)        # "[c]"  (else 3 = row total 43 - 40)
    table.row_total(0)      # 43 (still safe: 40 and 3 are both hidden)
    suppress_percentage(3, 43)              # "[c]"
    chart_value(table.share(1, 1))          # a number, or None for a hidden bar
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Sequence

from .record import record
from .result import SUPPRESSED

if TYPE_CHECKING:
    from fractions import Fraction  # imported where it is used: most pages never need it

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
# Tables with totals


@record(frozen=True)
class ProtectedTable:
    """A table of counts with its row totals, column totals and grand total, and which of them
    are hidden. `counts` keeps the true values for the calculator's own use; show only what the
    accessor methods return."""

    counts: tuple[tuple[int, ...], ...]
    threshold: int
    hidden: frozenset  # positions (row, column); row == n_rows is the totals row, column == n_columns the totals column
    primary: frozenset  # the hidden positions that are small themselves

    @property
    def n_rows(self) -> int:
        return len(self.counts)

    @property
    def n_columns(self) -> int:
        return len(self.counts[0]) if self.counts else 0

    def value(self, row: int, column: int) -> int:
        """The true value at a position of the table with margins (for calculation, never display)."""
        R, C = self.n_rows, self.n_columns
        if row < R and column < C:
            return self.counts[row][column]
        if row < R:
            return sum(self.counts[row])
        if column < C:
            return sum(r[column] for r in self.counts)
        return sum(sum(r) for r in self.counts)

    def is_hidden(self, row: int, column: int) -> bool:
        return (row, column) in self.hidden

    def shown(self, row: int, column: int) -> int | str:
        """The value to display: the count, or SUPPRESSED."""
        return SUPPRESSED if (row, column) in self.hidden else self.value(row, column)

    def cell(self, row: int, column: int) -> int | str:
        return self.shown(row, column)

    def row_total(self, row: int) -> int | str:
        return self.shown(row, self.n_columns)

    def column_total(self, column: int) -> int | str:
        return self.shown(self.n_rows, column)

    def grand_total(self) -> int | str:
        return self.shown(self.n_rows, self.n_columns)

    def share(self, row: int, column: int, digits: int = 1) -> float | str | None:
        """The cell as a percentage of its row total (use `n_rows` for the totals row).

        Hidden when the cell or the row total is hidden (a visible percentage and base would give
        the count back) or when the row total is under the threshold. None when the row is empty."""
        base = self.value(row, self.n_columns)
        if base <= 0:
            return None
        if self.is_hidden(row, column) or self.is_hidden(row, self.n_columns) or base < self.threshold:
            return SUPPRESSED
        return round(100 * self.value(row, column) / base, digits)

    def display_rows(self) -> list[list[int | str]]:
        """Every row with its total at the end, then the totals row: what may be shown."""
        return [[self.shown(r, c) for c in range(self.n_columns + 1)] for r in range(self.n_rows + 1)]


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
                           also_hide: Iterable[tuple[int, int, int]] = ()) -> list[ProtectedTable]:
    """Suppression for several breakdowns of the same people with the same columns, for example
    answers by level, by function and by region. They share one totals row, so a column total
    hidden in one is hidden in all, and no hidden cell can be worked out from all of them
    together. Each table must have the same column totals (ValueError if not). `column_weights`
    as for `suppress_table`. `also_hide` lists (table, row, column) positions to hide from the
    start, for example because a figure they would give away is hidden in another table; row
    n_rows is the totals row and column n_columns the row totals, as in ProtectedTable."""
    t = check_threshold(threshold)
    grids = [tuple(tuple(_count(v) for v in row) for row in table) for table in tables]
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
    model = _LinkedModel(grids, width, weights)
    hidden = {v for v in model.variables if is_small(model.values[v], t)}
    primary = frozenset(hidden)
    for table, row, column in also_hide:
        if not (0 <= table < len(grids) and 0 <= row <= len(grids[table]) and 0 <= column <= width):
            raise ValueError(f"also_hide: there is no position {(table, row, column)}")
        hidden.add(model.variable_at(table, row, column))
    while True:
        exposed = model.worked_out(hidden)
        if not exposed:
            break
        # Protect the first exposed value (deterministic order) and recompute: one new cycle of
        # hidden cells often protects several values at once.
        addition = model.cheapest_cover(exposed[0], hidden)
        if not addition:  # cannot happen (a zero-free cover always exists); stay safe regardless
            addition = {v for v in model.variables if model.values[v] > 0} - hidden
            if not addition:
                break
        hidden |= addition
    return [model.protected(i, hidden, primary, t) for i in range(len(grids))]


def worked_out_cells(tables: Sequence[ProtectedTable]) -> list[tuple[int, int, int]]:
    """(table index, row, column) of every hidden value that the visible values and the totals
    determine exactly, treating the tables as linked when they have the same column totals.
    Empty for anything `suppress_table` or `suppress_linked_tables` returned."""
    if not tables:
        return []
    grids = [t.counts for t in tables]
    width = tables[0].n_columns
    model = _LinkedModel(grids, width)
    hidden = set()
    for index, table in enumerate(tables):
        for pos in table.hidden:
            hidden.add(model.variable_at(index, *pos))
    return sorted({p for v in model.worked_out(hidden) for p in model.positions_of(v)})


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"Counts must be whole numbers of 0 or more, not {value!r}")
    return value


class _LinkedModel:
    """The linear equations a reader gets from tables with totals.

    Variables: inner cells ("c", table, row, col), row totals ("r", table, row) and the shared
    totals row ("T", col) and grand total ("G",). Each row and each column gives one equation."""

    def __init__(self, grids: Sequence[tuple[tuple[int, ...], ...]], width: int, weights: Sequence[float] = ()):
        self.grids, self.width = grids, width
        self.weights = tuple(weights) or (1.0,) * (width + 1)
        self.values: dict[tuple, int] = {}
        self.equations: list[list[tuple[tuple, int]]] = []
        for c in range(width):
            self.values[("T", c)] = sum(row[c] for row in grids[0])
        self.values[("G",)] = sum(self.values[("T", c)] for c in range(width))
        self.equations.append([(("T", c), 1) for c in range(width)] + [(("G",), -1)])
        for t, grid in enumerate(grids):
            for r, row in enumerate(grid):
                for c, v in enumerate(row):
                    self.values[("c", t, r, c)] = v
                self.values[("r", t, r)] = sum(row)
                self.equations.append([(("c", t, r, c), 1) for c in range(width)] + [(("r", t, r), -1)])
            for c in range(width):
                self.equations.append([(("c", t, r, c), 1) for r in range(len(grid))] + [(("T", c), -1)])
            self.equations.append([(("r", t, r), 1) for r in range(len(grid))] + [(("G",), -1)])
        self.variables = sorted(self.values, key=_order)

    def variable_at(self, table: int, row: int, column: int) -> tuple:
        R = len(self.grids[table])
        if row < R and column < self.width:
            return ("c", table, row, column)
        if row < R:
            return ("r", table, row)
        if column < self.width:
            return ("T", column)
        return ("G",)

    def positions_of(self, variable: tuple) -> list[tuple[int, int, int]]:
        kind = variable[0]
        if kind == "c":
            return [variable[1:]]
        if kind == "r":
            return [(variable[1], variable[2], self.width)]
        if kind == "T":
            return [(t, len(g), variable[1]) for t, g in enumerate(self.grids)]
        return [(t, len(g), self.width) for t, g in enumerate(self.grids)]

    def worked_out(self, hidden: set) -> list[tuple]:
        """Hidden variables that the equations fix, given every visible value: those whose
        coordinate is zero in every solution of the homogeneous system (exact arithmetic)."""
        columns = sorted(hidden, key=_order)
        if not columns:
            return []
        from fractions import Fraction  # here, not at the top: importing it costs a page start-up ~10 ms

        index = {v: i for i, v in enumerate(columns)}
        rows = []
        for eq in self.equations:
            row = {index[v]: Fraction(k) for v, k in eq if v in index}
            if row:
                rows.append(row)
        pivots = _reduce(rows, len(columns))  # pivot column -> reduced row
        free = set(range(len(columns))) - set(pivots)
        fixed = [columns[p] for p, row in pivots.items() if not any(j in free for j in row if j != p)]
        return sorted(fixed, key=_order)

    def cheapest_cover(self, variable: tuple, hidden: set) -> set:
        """The cheapest set of non-zero visible values whose hiding closes a rectangle of hidden
        cells through `variable`, in one of the tables it belongs to. Cost: the total hidden,
        each value times its column's weight (a shared total costs once per table it appears
        in), then the number of cells."""
        best = None
        for t, row, col in self.positions_of(variable):
            R, C = len(self.grids[t]), self.width
            for r2 in range(R + 1):
                if r2 == row:
                    continue
                for c2 in range(C + 1):
                    if c2 == col:
                        continue
                    corners = [self.variable_at(t, row, c2), self.variable_at(t, r2, c2), self.variable_at(t, r2, col)]
                    new = [v for v in corners if v not in hidden]
                    if not new or any(self.values[v] == 0 for v in new):
                        continue
                    weight = sum(self._cost(v) for v in new)
                    key = (weight, len(new), t, r2, c2)
                    if best is None or key < best[0]:
                        best = (key, set(new))
        return best[1] if best else set()

    def _cost(self, v: tuple) -> float:
        column = {"c": lambda: v[3], "r": lambda: self.width, "T": lambda: v[1], "G": lambda: self.width}[v[0]]()
        shared = len(self.grids) if v[0] in ("T", "G") else 1  # a shared total is hidden in every table
        return self.values[v] * self.weights[column] * shared

    def protected(self, t: int, hidden: set, primary: frozenset, threshold: int) -> ProtectedTable:
        grid = self.grids[t]
        R, C = len(grid), self.width
        positions = [(r, c) for r in range(R + 1) for c in range(C + 1)]
        shown_hidden = frozenset(p for p in positions if self.variable_at(t, *p) in hidden)
        shown_primary = frozenset(p for p in positions if self.variable_at(t, *p) in primary)
        return ProtectedTable(counts=grid, threshold=threshold, hidden=shown_hidden, primary=shown_primary)


def _order(variable: tuple) -> tuple:
    return ({"c": 0, "r": 1, "T": 2, "G": 3}[variable[0]],) + tuple(variable[1:])


def _reduce(rows: list[dict[int, Fraction]], n: int) -> dict[int, dict[int, Fraction]]:
    """Reduced row echelon form of sparse rows over the rationals; returns {pivot column: row}."""
    pivots: dict[int, dict[int, Fraction]] = {}
    for row in rows:
        row = dict(row)
        for p, prow in pivots.items():  # eliminate known pivots from the new row
            k = row.get(p)
            if k:
                for j, v in prow.items():
                    row[j] = row.get(j, 0) - k * v
                row = {j: v for j, v in row.items() if v}
        if not row:
            continue
        p = min(row)
        scale = row[p]
        row = {j: v / scale for j, v in row.items()}
        for q, qrow in pivots.items():  # keep the earlier rows reduced
            k = qrow.get(p)
            if k:
                for j, v in row.items():
                    qrow[j] = qrow.get(j, 0) - k * v
                pivots[q] = {j: v for j, v in qrow.items() if v}
        pivots[p] = row
    return pivots
