"""A table of counts with its totals and which of them small-number protection hides
(calculators.shared.suppression makes them)."""
from __future__ import annotations

from calculators.core.record import record
from calculators.core.result import SUPPRESSED


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
