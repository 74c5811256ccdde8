"""Proof that a hidden value's range is wide enough: two whole-number tables that agree with
everything shown (used by calculators.shared.secondary_suppression)."""
from __future__ import annotations

from typing import Iterable

from calculators.shared.linked_tables import LinkedModel, sign


class Witness:
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

    def __init__(self, model: "LinkedModel", hidden: set, ceilings: dict):
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
            self.lo[v], self.hi[v] = (low, high) if sign(v) > 0 else (-high, -low)
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
        d = change * sign(v)  # direction of the change in y
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
            if sum(sign(u) * y.get(u, 0) for u in line) != sign(total) * y.get(total, 0):
                return False
        return True
