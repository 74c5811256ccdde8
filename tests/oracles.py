"""Independent oracles for tests (numpy on CPython only; never used by the calculators)."""
from __future__ import annotations

import numpy as np


def pinned_down(coefficients, names: list) -> set:
    """The unknowns in `names` whose value the linear equations fix, whatever the others are.

    coefficients: one row per equation, one column per unknown. An unknown is fixed exactly when
    adding the equation "this unknown = c" does not raise the rank of the system."""
    if not names:
        return set()
    a = np.array(coefficients, dtype=float).reshape(-1, len(names))
    rank = np.linalg.matrix_rank(a)
    fixed = set()
    for i, name in enumerate(names):
        unit = np.zeros(len(names))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            fixed.add(name)
    return fixed


def integer_ranges(tables, hidden, bounds=None, floors=None, audited=None):
    """What a reader who knows the method can work out, by integer programming (scipy's milp).

    tables: linked tables of true counts (lists of rows, same columns, same column totals).
    hidden: one set per table of hidden positions (row, column), row len(table) being the totals
    row and column width the row totals, as in calculators.shared.suppression.ProtectedTable.
    bounds: optional {(table, row, column): (low, high)} a reader knows from elsewhere.
    floors: optional {(table, row, column): lowest value} for every hidden position, replacing the
    rule on zeros below (for tables with another rule, such as a row that is never shown).

    The reader knows every shown value, that each row and column adds up to its total, that the
    totals row is the same in every table, that counts are whole numbers of 0 or more, and that
    zeros are shown: a hidden value is at least 1, unless its row shows no non-zero value (the
    method hides a group's zeros then), in which case the row's hidden values add up to 1 or more.

    Returns ({(table, row, column): (low, high)} for every hidden position, with high None when
    unbounded, [(line, low, high)] for the sum of the hidden values of every row and column)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    width = len(tables[0][0])
    names, index = [], {}

    def var(t, r, c):
        key = (t, r, c)
        if key not in index:
            index[key] = len(names)
            names.append(key)
        return index[key]

    full = []
    for t, grid in enumerate(tables):
        R = len(grid)
        rows = [list(row) + [sum(row)] for row in grid]
        rows.append([sum(grid[r][c] for r in range(R)) for c in range(width)] + [sum(map(sum, grid))])
        full.append(rows)
        for r in range(R + 1):
            for c in range(width + 1):
                var(t, r, c)
    n = len(names)
    low = np.zeros(n)
    high = np.full(n, np.inf)
    equations = []
    lines = []
    for t, rows in enumerate(full):
        R = len(rows) - 1
        for r in range(R + 1):
            lines.append(([(t, r, c) for c in range(width)], (t, r, width)))
        for c in range(width + 1):
            lines.append(([(t, r, c) for r in range(R)], (t, R, c)))
        for r in range(R + 1):
            for c in range(width + 1):
                i = var(t, r, c)
                if (r, c) not in hidden[t]:
                    low[i] = high[i] = rows[r][c]
        if floors is not None:
            for r in range(R + 1):
                for c in range(width + 1):
                    if (r, c) in hidden[t]:
                        low[index[(t, r, c)]] = floors.get((t, r, c), 1)
        # When no column total is shown, the method may hide the zeros of an empty column.
        empty_columns_may_hide = not any((R, c) not in hidden[t] for c in range(width))
        for r in range(R + 1 if floors is None and not empty_columns_may_hide else 0):
            # Zeros are shown, except in a row (the totals row too) that shows no non-zero value.
            shown = [rows[r][c] for c in range(width) if (r, c) not in hidden[t]]
            cells = [(t, r, c) for c in range(width) if (r, c) in hidden[t]]
            if any(shown):
                for key in cells:
                    low[index[key]] = max(low[index[key]], 1)
            elif cells:
                equations.append(({index[k]: 1 for k in cells}, 1, np.inf))
        for c in range(width + 1 if floors is None and not empty_columns_may_hide else 0):  # margins: hidden only when non-zero
            for r in range(R + 1):
                if (r == R or c == width) and (r, c) in hidden[t]:
                    low[index[(t, r, c)]] = max(low[index[(t, r, c)]], 1)
        if t:
            for c in range(width + 1):
                equations.append(({index[(t, R, c)]: 1, index[(0, len(full[0]) - 1, c)]: -1}, 0, 0))
    for cells, total in lines:
        row = {index[k]: 1 for k in cells}
        row[index[total]] = row.get(index[total], 0) - 1
        equations.append((row, 0, 0))
    for key, (lo, hi) in (bounds or {}).items():
        low[index[key]] = max(low[index[key]], lo)
        high[index[key]] = min(high[index[key]], hi)
    a = np.zeros((len(equations), n))
    lo_b, hi_b = np.zeros(len(equations)), np.zeros(len(equations))
    for i, (row, lo, hi) in enumerate(equations):
        for j, k in row.items():
            a[i, j] = k
        lo_b[i], hi_b[i] = lo, hi
    constraints = LinearConstraint(a, lo_b, hi_b)
    integrality = np.ones(n)

    def solve(objective):
        best = {}
        for sense in (1, -1):
            res = milp(sense * objective, constraints=constraints, integrality=integrality, bounds=Bounds(low, high))
            if res.status == 0:
                best[sense] = round(sense * res.fun)
                continue
            # "unbounded or infeasible": the true table is feasible, so it is unbounded
            assert milp(np.zeros(n), constraints=constraints, integrality=integrality,
                        bounds=Bounds(low, high)).status == 0, "the true table must be feasible"
            best[sense] = None
        return best[1], best[-1]

    ranges = {}
    for t in range(len(full)):
        for key in sorted(hidden[t]):
            if audited is not None and (t, *key) not in audited:
                continue
            objective = np.zeros(n)
            objective[index[(t, *key)]] = 1
            ranges[(t, *key)] = solve(objective)
    sums = []
    for cells, total in lines:
        inside = [k for k in cells if k[1:] in hidden[k[0]] and (audited is None or k in audited)]
        if len(inside) < 2:
            continue
        objective = np.zeros(n)
        for k in inside:
            objective[index[k]] = 1
        sums.append(((cells, total), *solve(objective)))
    return ranges, sums


def disclosures(tables, hidden, threshold, bounds=None, floors=None, audited=None):
    """Every hidden value whose range is narrower than the threshold, and every sum of hidden
    values in a row or column that is pinned below it: [] when the protection holds. `audited`
    (table, row, column) positions limit the check to values shown as hidden (a row that is never
    shown at all is unknown to the reader but is not a hidden figure)."""
    ranges, sums = integer_ranges(tables, hidden, bounds, floors, audited)
    found = []
    for key, (lo, hi) in ranges.items():
        if hi is not None and hi - lo < threshold:
            found.append(("value", key, lo, hi))
    for line, lo, hi in sums:
        if lo < threshold and hi is not None and hi - lo < threshold:
            found.append(("sum", line, lo, hi))
    return found
