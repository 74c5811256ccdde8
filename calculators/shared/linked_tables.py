"""The linear equations a reader gets from one or more tables shown with their totals: the model
small-number protection (calculators.shared.suppression) audits and searches."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from calculators.shared.protected_table import ProtectedTable

if TYPE_CHECKING:
    from fractions import Fraction  # imported where it is used: most pages never need it


def checked_count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"Counts must be whole numbers of 0 or more, not {value!r}")
    return value


class LinkedModel:
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
        self.variables = sorted(self.values, key=order)
        self._lines: list | None = None

    def variable_at(self, table: int, row: int, column: int) -> tuple:
        R = len(self.grids[table])
        if row < R and column < self.width:
            return ("c", table, row, column)
        if row < R:
            return ("r", table, row)
        if column < self.width:
            return ("T", column)
        return ("G",)

    def check_position(self, table: int, row: int, column: int, what: str) -> None:
        if not (0 <= table < len(self.grids) and 0 <= row <= len(self.grids[table]) and 0 <= column <= self.width):
            raise ValueError(f"{what}: there is no position {(table, row, column)}")

    def lines(self) -> list[tuple[list[tuple], tuple]]:
        """Every row and column a reader can add up, as (its values, its total); the totals row once."""
        if self._lines is None:
            self._lines = self._make_lines()
            self._lines_of: dict[tuple, list[int]] = {}
            for i, (line, total) in enumerate(self._lines):
                for v in (*line, total):
                    self._lines_of.setdefault(v, []).append(i)
        return self._lines

    def lines_of(self, variable: tuple) -> list[int]:
        """Indexes in `lines()` of the lines that hold `variable`."""
        self.lines()
        return self._lines_of.get(variable, [])

    def _make_lines(self) -> list[tuple[list[tuple], tuple]]:
        W = self.width
        out = [([("T", c) for c in range(W)], ("G",))]
        for t, grid in enumerate(self.grids):
            R = len(grid)
            out += [([("c", t, r, c) for c in range(W)], ("r", t, r)) for r in range(R)]
            out += [([("c", t, r, c) for r in range(R)], ("T", c)) for c in range(W)]
            out.append(([("r", t, r) for r in range(R)], ("G",)))
        return out

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
        columns = sorted(hidden, key=order)
        if not columns:
            return []
        from fractions import Fraction  # here, not at the top: importing it at start-up would slow every calculator page

        index = {v: i for i, v in enumerate(columns)}
        rows = []
        for eq in self.equations:
            row = {index[v]: Fraction(k) for v, k in eq if v in index}
            if row:
                rows.append(row)
        pivots = _reduce(rows, len(columns))  # pivot column -> reduced row
        free = set(range(len(columns))) - set(pivots)
        fixed = [columns[p] for p, row in pivots.items() if not any(j in free for j in row if j != p)]
        return sorted(fixed, key=order)

    def cheapest_cover(self, variable: tuple, hidden: set) -> set:
        """The cheapest set of non-zero visible values whose hiding closes a rectangle of hidden
        cells through `variable` (see `covers`), or an empty set."""
        found = self.covers(variable, hidden)
        return found[0] if found else set()

    def covers(self, variable: tuple, hidden: set) -> list[set]:
        """Sets of non-zero visible values whose hiding closes a rectangle of hidden cells through
        `variable`, in one of the tables it belongs to, cheapest first. Cost: the total hidden,
        each value times its column's weight (a shared total costs once per table it appears
        in), then the number of cells."""
        found = {}
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
                    key = (sum(self.cost(v) for v in new), len(new), t, r2, c2)
                    found.setdefault(frozenset(new), key)
        return [set(cover) for cover, _ in sorted(found.items(), key=lambda item: item[1])]

    def cost(self, v: tuple) -> float:
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


def sign(variable: tuple) -> int:
    """+1 for a cell and the grand total, -1 for row and column totals: with these signs every row
    and column of a table with its margins adds up to 0."""
    return -1 if variable[0] in ("r", "T") else 1


def order(variable: tuple) -> tuple:
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
