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
Proof, in short. For 1, `_Witness` builds two whole-number tables that agree with everything
shown, with every total and with the bounds (a hidden non-zero value at least 1, zeros at least
0), and differ at that value by at least `threshold`; each is checked exactly
(`_Witness._check`). Both are possible answers for the reader, so the reader's range (integers,
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

from calculators.core.record import record
from calculators.core.result import SUPPRESSED

if TYPE_CHECKING:
    from fractions import Fraction  # imported where it is used: most pages never need it

DEFAULT_THRESHOLD = 10
MIN_THRESHOLD = 5
MAX_TRIED_COVERS = 12  # rectangles tried for one value before taking the cheapest

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
        model.check_position(table, row, column, "also_hide")
        hidden.add(model.variable_at(table, row, column))
    if len(grids) > 1:
        # Start from what protects each table on its own: a search over all of them at once can
        # otherwise take a total first and end up hiding every figure (a survey with one small
        # team lost its overall figures). The joint check below still audits the result.
        for i, grid in enumerate(grids):
            alone = suppress_linked_tables([grid], t, column_weights, protect_groups=protect_groups)[0]
            hidden.update(model.variable_at(i, row, column) for row, column in alone.hidden)
    _protect(model, hidden, t, {}, protect_groups)
    return [model.protected(i, hidden, primary, t) for i in range(len(grids))]


def _protect(model: "_LinkedModel", hidden: set, threshold: int, ceilings: dict, protect_groups: bool) -> None:
    """(`ceilings`, {value: the most a reader knows it can be}, is empty for every caller: with a
    ceiling, hiding everything might not be enough, and the loop would end in an error.)

    Add secondary suppressions to `hidden` until every hidden value has a range of at least
    `threshold` (proved by two whole-number witness tables, `_Witness`) and every line whose
    total is shown has hidden cells adding up to 0 or at least `threshold`.

    Hiding more never narrows a range (a witness stays valid: newly hidden values keep their true
    value in it), so each value is audited once, in a fixed order. It ends: each step hides at
    least one more value, and once every non-zero value is hidden every range is unbounded above."""
    if protect_groups:
        _hide_group_zeros(model, hidden)
    audit = _Witness(model, hidden, ceilings)
    passed: set = set()
    while True:
        problem = _first_narrow_line(model, hidden, threshold)
        if problem is None:
            for v in sorted(hidden, key=_order):
                if v in passed:
                    continue
                if audit.width(v, threshold) >= threshold:
                    passed.add(v)
                    continue
                problem = ("value", v)
                break
        if problem is None:
            return
        kind, what = problem
        if kind == "line":
            addition = what
        else:
            # The cheapest rectangle that gives the value its range, among the cheapest few;
            # else the cheapest, and the audit goes on from there.
            covers = model.covers(what, hidden)
            addition = covers[0] if covers else set()
            for cover in covers[:MAX_TRIED_COVERS]:
                trial = hidden | cover
                if protect_groups:
                    _hide_group_zeros(model, trial, cover)
                extra = trial - hidden
                audit.add(extra)
                enough = audit.width(what, threshold) >= threshold
                audit.remove(extra)
                if enough:
                    addition = cover
                    break
        if not addition:  # every rectangle through it is hidden already: hide the cheapest other value
            rest = [v for v in model.variables if v not in hidden and model.values[v] > 0]
            if not rest:  # nothing left to hide; cannot happen (everything hidden is unbounded above)
                raise AssertionError("small-number protection could not be completed")
            addition = {min(rest, key=lambda v: (model._cost(v), _order(v)))}
        hidden |= addition
        if protect_groups:
            _hide_group_zeros(model, hidden, addition)
        audit.add(hidden)


def _hide_group_zeros(model: "_LinkedModel", hidden: set, changed: Iterable[tuple] | None = None) -> None:
    """Attribute disclosure: "0, 0, [c]" tells everyone that the whole group is in the hidden
    column. In a row (the totals row too) whose non-zero counts are all hidden, hide its zeros as
    well, where the column has anyone in it. When the totals row is such a row, hide every zero
    of its empty columns too (in every table, but not in empty rows, whose total 0 shows them),
    so that the empty column cannot be told from the hidden ones. Hiding zeros changes no row's
    non-zero counts, so one pass is enough; `changed` (newly hidden values) limits it to their rows."""
    W = model.width
    if changed is None:
        rows = [(t, r) for t, g in enumerate(model.grids) for r in range(len(g))]
        check_top = True
    else:
        changed = list(changed)
        rows = sorted({(v[1], v[2]) for v in changed if v[0] == "c"})
        check_top = any(v[0] == "T" for v in changed)
    top = [("T", c) for c in range(W)]
    if check_top and any(model.values[v] for v in top) and all(v in hidden for v in top if model.values[v]):
        for c in range(W):
            if model.values[("T", c)] == 0:
                hidden.add(("T", c))
                hidden.update(("c", t, r, c) for t, g in enumerate(model.grids) for r in range(len(g))
                              if any(g[r]))  # an empty row shows its total, 0, and so its zeros
    for t, r in rows:
        row = model.grids[t][r]
        if any(row) and all(("c", t, r, c) in hidden for c in range(W) if row[c]):
            hidden.update(("c", t, r, c) for c in range(W) if row[c] == 0 and model.values[("T", c)] > 0)


def _first_narrow_line(model: "_LinkedModel", hidden: set, threshold: int):
    """The first line (row or column of a table, with its total shown) whose hidden cells add up
    to between 1 and threshold - 1: the total minus the visible cells gives that sum away. Returns
    ("line", {the cheapest visible non-zero value of the line to hide as well}) or None."""
    for line, total in model.lines():
        if total in hidden:
            continue
        inside = [v for v in line if v in hidden]
        if len(inside) < 2:  # one hidden cell is audited as a value
            continue
        s = sum(model.values[v] for v in inside)
        if 0 < s < threshold:
            rest = [v for v in line if v not in hidden and model.values[v] > 0]
            choice = min(rest, key=lambda v: (model._cost(v), _order(v))) if rest else total
            return ("line", {choice})
    return None


class _Witness:
    """Proves ranges with whole-number tables: two tables consistent with everything published
    (the visible values, every row and column total, counts never negative, hidden counts at
    least 1 unless zero, `ceilings`) whose values at one position differ by at least `need`.

    In each table, rows (with the totals row) and columns (with the row totals) are the nodes of
    a bipartite graph and each hidden position is an edge; with the margins' signs flipped every
    row and column sums to 0, so moving counts without changing anything shown is a circulation
    of whole numbers along hidden edges. Edges in the totals row are shared by all the tables: a
    path in one table through the totals row, entering from column a and leaving to column b,
    needs a path from b to a in every other table, away from the totals row. Augmenting paths are
    found breadth first and applied to all the tables at once; the result is checked exactly
    against every equation and bound before it counts (`_check`)."""

    INF = 1 << 62

    def __init__(self, model: "_LinkedModel", hidden: set, ceilings: dict):
        self.model = model
        self.ceilings = ceilings
        self.hidden: set = set()
        self.lo: dict[tuple, int] = {}
        self.hi: dict[tuple, int] = {}
        self.adjacency: list[dict] = [{} for _ in model.grids]  # node -> [(neighbour, variable, direction in y)]
        self.add(hidden)

    def add(self, variables: Iterable[tuple]) -> None:
        """Hide more values: their edges join the graphs."""
        model = self.model
        for v in list(variables):
            if v in self.hidden:
                continue
            self.hidden.add(v)
            x = model.values[v]
            floor = 1 if x > 0 else 0  # zeros are shown, so a hidden value is not zero (unless hidden as a group's zero)
            ceiling = self.ceilings.get(v)
            low, high = floor - x, (ceiling - x if ceiling is not None else self.INF)  # range of the change
            self.lo[v], self.hi[v] = (low, high) if _sign(v) > 0 else (-high, -low)
            for t, r, c in model.positions_of(v):
                a, b = ("TOP" if r == len(model.grids[t]) else ("r", r)), ("c", c)
                adj = self.adjacency[t]
                adj.setdefault(a, []).append((b, v, 1))
                adj.setdefault(b, []).append((a, v, -1))

    def remove(self, variables: Iterable[tuple]) -> None:
        """Undo `add` (for trying a set of extra suppressions)."""
        gone = set(variables) & self.hidden
        if not gone:
            return
        self.hidden -= gone
        for v in gone:
            del self.lo[v], self.hi[v]
        for adj in self.adjacency:
            for node, edges in adj.items():
                if any(e[1] in gone for e in edges):
                    adj[node] = [e for e in edges if e[1] not in gone]

    def width(self, v: tuple, need: int) -> int:
        """A proven lower bound on (highest - lowest) value of `v`, stopping once it reaches `need`."""
        up = self._push(v, +1, need)
        down = self._push(v, -1, need - up) if up < need else 0
        return up + down

    def _residual(self, y: dict, v: tuple, direction: int) -> int:
        return self.hi[v] - y.get(v, 0) if direction > 0 else y.get(v, 0) - self.lo[v]

    def _push(self, v: tuple, change: int, need: int) -> int:
        """Move the value of `v` by `change` (+1 up, -1 down) as far as `need`; returns how far it
        went in a checked whole-number table."""
        if need <= 0:
            return 0
        y: dict = {}
        d = change * _sign(v)  # direction of the change in y
        moved = 0
        while moved < need:
            step = self._augment(y, v, d, need - moved)
            if not step:
                break
            moved += step
        if moved and not self._check(y, v, d * moved):
            return 0  # cannot happen; never count an unchecked witness
        return moved

    def _augment(self, y: dict, v: tuple, d: int, limit: int) -> int:
        cap = min(limit, self._residual(y, v, d))
        if cap <= 0:
            return 0
        model = self.model
        if v[0] in ("T", "G"):
            # A totals-row edge TOP - c: every table needs a path from c to some other
            # totals-row column b (or from b to c), away from the totals row.
            c = v[1] if v[0] == "T" else model.width
            for b in range(model.width + 1):
                if b == c:
                    continue
                other = ("T", b) if b < model.width else ("G",)
                if other not in self.hidden:
                    continue
                back = -d  # the totals row stays balanced
                room = min(cap, self._residual(y, other, back))
                if room <= 0:
                    continue
                start, end = (("c", c), ("c", b)) if d > 0 else (("c", b), ("c", c))
                paths = []
                for t in range(len(model.grids)):
                    found = self._path(t, y, start, end, avoid_top=True)
                    if found is None:
                        break
                    path, bottleneck = found
                    room = min(room, bottleneck)
                    paths.append(path)
                else:
                    if room <= 0:
                        continue
                    changes = {v: d * room, other: back * room}
                    for path in paths:
                        self._apply(changes, path, room)
                    return room if self._commit(y, changes) else 0
            return 0
        t = v[1]
        row, column = (("r", v[2]), ("c", v[3])) if v[0] == "c" else (("r", v[2]), ("c", model.width))
        start, end = (column, row) if d > 0 else (row, column)  # the way back round the cycle
        found = self._path(t, y, start, end, avoid_top=False, skip=v)
        if found is None:
            return 0
        path, bottleneck = found
        room = min(cap, bottleneck)
        if room <= 0:
            return 0
        changes = {v: d * room}
        self._apply(changes, path, room)
        return room if self._commit(y, changes) else 0

    def _commit(self, y: dict, changes: dict) -> bool:
        """Apply a cycle's changes if every value stays in its bounds (a path that crosses the
        totals row twice could count one edge's room twice: then the search stops there)."""
        for var, change in changes.items():
            if not self.lo[var] <= y.get(var, 0) + change <= self.hi[var]:
                return False
        for var, change in changes.items():
            y[var] = y.get(var, 0) + change
        return True

    def _apply(self, changes: dict, path: list, amount: int) -> None:
        """Add a path's changes (in y) to `changes`."""
        for step in path:
            if step[0] == "via-top":
                _, a_var, b_var, others = step
                changes[a_var] = changes.get(a_var, 0) - amount
                changes[b_var] = changes.get(b_var, 0) + amount
                for other in others:
                    self._apply(changes, other, amount)
            else:
                var, direction = step
                changes[var] = changes.get(var, 0) + direction * amount

    def _path(self, t: int, y: dict, start, end, avoid_top: bool, skip=None):
        """Breadth-first search for a path with room from `start` to `end` in table t. Through the
        totals row (unless avoided) only as column a -> TOP -> column b with a path from b to a in
        every other table. Returns (steps, bottleneck) or None."""
        adj = self.adjacency[t]
        model = self.model
        previous = {start: None}
        queue = [start]
        head = 0
        trees: dict = {}
        while head < len(queue):
            node = queue[head]
            head += 1
            if node == end:
                break
            for nxt, var, direction in adj.get(node, ()):
                if var == skip:
                    continue
                if nxt == "TOP":
                    if avoid_top or len(model.grids) == 1:
                        if avoid_top:
                            continue
                        # One table: the totals row is an ordinary node.
                        if nxt in previous or self._residual(y, var, direction) <= 0:
                            continue
                        previous[nxt] = (node, (var, direction), self._residual(y, var, direction))
                        queue.append(nxt)
                        continue
                    # Linked tables: leave the totals row straight away to a column b.
                    if self._residual(y, var, direction) <= 0:
                        continue
                    a = node
                    for b_node, b_var, b_dir in adj.get("TOP", ()):
                        if b_node in previous or b_var == var or b_var == skip:
                            continue
                        room = min(self._residual(y, var, direction), self._residual(y, b_var, b_dir))
                        if room <= 0:
                            continue
                        others = []
                        for t2 in range(len(model.grids)):
                            if t2 == t:
                                continue
                            tree = trees.get((t2, b_node))
                            if tree is None:  # y does not change during this search: one tree per start
                                tree = trees[(t2, b_node)] = self._tree(t2, y, b_node)
                            found = self._walk(tree, a)
                            if found is None:
                                break
                            others.append(found[0])
                            room = min(room, found[1])
                        else:
                            if room > 0:
                                previous[b_node] = (node, ("via-top", var, b_var, others), room)
                                queue.append(b_node)
                    continue
                if nxt in previous:
                    continue
                room = self._residual(y, var, direction)
                if room > 0:
                    previous[nxt] = (node, (var, direction), room)
                    queue.append(nxt)
        return self._walk(previous, end)

    def _tree(self, t: int, y: dict, start) -> dict:
        """Every node reachable from `start` in table t away from the totals row, breadth first:
        {node: (previous node, step, room)}."""
        adj = self.adjacency[t]
        previous = {start: None}
        queue = [start]
        head = 0
        while head < len(queue):
            node = queue[head]
            head += 1
            for nxt, var, direction in adj.get(node, ()):
                if nxt == "TOP" or nxt in previous:
                    continue
                room = self._residual(y, var, direction)
                if room > 0:
                    previous[nxt] = (node, (var, direction), room)
                    queue.append(nxt)
        return previous

    def _walk(self, previous: dict, end):
        """The path to `end` in a search tree, as (steps, bottleneck), or None."""
        if end not in previous:
            return None
        steps, bottleneck, node = [], self.INF, end
        while previous[node] is not None:
            node, step, room = previous[node]
            steps.append(step)
            bottleneck = min(bottleneck, room)
        return steps[::-1], bottleneck

    def _check(self, y: dict, v: tuple, expected: int) -> bool:
        """The witness, checked exactly: every change keeps every row and column total, stays in
        its bounds, touches only hidden values, and moves `v` by `expected` (in y)."""
        if y.get(v, 0) != expected:
            return False
        for var, change in y.items():
            if change and (var not in self.hidden or not self.lo[var] <= change <= self.hi[var]):
                return False
        model = self.model
        lines = model.lines()
        touched = {i for var, change in y.items() if change for i in model.lines_of(var)}
        for i in touched:
            line, total = lines[i]
            if sum(_sign(u) * y.get(u, 0) for u in line) != _sign(total) * y.get(total, 0):
                return False
        return True


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
                    key = (sum(self._cost(v) for v in new), len(new), t, r2, c2)
                    found.setdefault(frozenset(new), key)
        return [set(cover) for cover, _ in sorted(found.items(), key=lambda item: item[1])]

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


def _sign(variable: tuple) -> int:
    """+1 for a cell and the grand total, -1 for row and column totals: with these signs every row
    and column of a table with its margins adds up to 0."""
    return -1 if variable[0] in ("r", "T") else 1


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
