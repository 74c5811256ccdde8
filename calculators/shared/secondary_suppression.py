"""Secondary suppression: hide more values until no hidden one can be narrowed down from what is
shown (see calculators.shared.suppression for the guarantee)."""
from __future__ import annotations

from typing import Iterable

from calculators.shared.linked_tables import LinkedModel, order
from calculators.shared.witness import Witness

MAX_TRIED_COVERS = 12  # rectangles tried for one value before taking the cheapest


def protect(model: "LinkedModel", hidden: set, threshold: int, ceilings: dict, protect_groups: bool) -> None:
    """(`ceilings`, {value: the most a reader knows it can be}, is empty for every caller: with a
    ceiling, hiding everything might not be enough, and the loop would end in an error.)

    Add secondary suppressions to `hidden` until every hidden value has a range of at least
    `threshold` (proved by two whole-number witness tables, `Witness`) and every line whose
    total is shown has hidden cells adding up to 0 or at least `threshold`.

    Hiding more never narrows a range (a witness stays valid: newly hidden values keep their true
    value in it), so each value is audited once, in a fixed order. It ends: each step hides at
    least one more value, and once every non-zero value is hidden every range is unbounded above."""
    if protect_groups:
        hide_group_zeros(model, hidden)
    audit = Witness(model, hidden, ceilings)
    passed: set = set()
    while True:
        problem = first_narrow_line(model, hidden, threshold)
        if problem is None:
            for v in sorted(hidden, key=order):
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
                    hide_group_zeros(model, trial, cover)
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
            addition = {min(rest, key=lambda v: (model.cost(v), order(v)))}
        hidden |= addition
        if protect_groups:
            hide_group_zeros(model, hidden, addition)
        audit.add(hidden)


def hide_group_zeros(model: "LinkedModel", hidden: set, changed: Iterable[tuple] | None = None) -> None:
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


def first_narrow_line(model: "LinkedModel", hidden: set, threshold: int):
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
            choice = min(rest, key=lambda v: (model.cost(v), order(v))) if rest else total
            return ("line", {choice})
    return None
