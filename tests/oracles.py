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
