"""Change between two proportions (stdlib only): this year's share against last year's, or the
entry level's against the top's.

- `difference_interval`: Newcombe's hybrid score interval (method 10 of Newcombe 1998) for the
  difference of two independent proportions, built from the two 95% Wilson intervals.
- `two_proportion_test`: the two-sided pooled z-test for two independent proportions.
"""
from __future__ import annotations

import math

from calculators.shared.stats import wilson_interval


def difference_interval(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """95% interval for p1 - p2 (fractions in [-1, 1]), where p1 = x1/n1 and p2 = x2/n2."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson_interval(x1, n1)
    l2, u2 = wilson_interval(x2, n2)
    d = p1 - p2
    return (max(-1.0, d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)),
            min(1.0, d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)))


def two_proportion_test(x1: int, n1: int, x2: int, n2: int) -> float:
    """Two-sided p-value of the pooled z-test that p1 = p2. 1.0 when the pooled share is 0 or 1
    (no variation, so no evidence of a change)."""
    if n1 <= 0 or n2 <= 0:
        raise ValueError("both groups need at least one person")
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0
    z = (x1 / n1 - x2 / n2) / se
    return math.erfc(abs(z) / math.sqrt(2))
