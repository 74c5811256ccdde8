"""The figures of a pay gap: pure arithmetic on lists of hourly pay, no suppression (the report
decides what may be shown).

Gaps are written as gender pay gaps are: (professional figure - group figure) / professional
figure x 100, so a positive gap means the group is paid less than people from professional
backgrounds.

The interval of the median gap is a bootstrap with a fixed seed (BOOTSTRAP_SEED), so the same data
always gives the same interval. Each group's bootstrap median is drawn from its exact bootstrap
distribution (Efron, 1982): the median of a resample of n sorted values is at most the k-th value
exactly when at least m = ceil(n / 2) of the n draws fall at or below it, which happens with
probability P(Binomial(n, k / n) >= m). Drawing from that distribution is the same as resampling
the whole group and taking its median, but costs a binary search instead of n draws, so 100,000
employees take milliseconds.
"""
from __future__ import annotations

import math
import random
from bisect import bisect_left
from typing import Sequence

BOOTSTRAP_SEED = 20231101  # the date the Bridge Group and the Social Mobility Foundation published their guide
BOOTSTRAP_DRAWS = 4000
_EXACT_UP_TO = 400  # groups this small use exact binomial sums; larger ones a normal approximation


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def median(sorted_values: Sequence[float]) -> float:
    n = len(sorted_values)
    mid = n // 2
    return sorted_values[mid] if n % 2 else (sorted_values[mid - 1] + sorted_values[mid]) / 2


def gap(reference: float, group: float) -> float | None:
    """The gap as a % of the reference (professional) figure; None when the reference is 0."""
    return None if reference == 0 else 100 * (reference - group) / reference


def _normal_cdf(z: float) -> float:
    return 0.5 * math.erfc(-z / math.sqrt(2))


def _at_least(n: int, p: float, m: int) -> float:
    """P(Binomial(n, p) >= m)."""
    if p <= 0:
        return 0.0 if m > 0 else 1.0
    if p >= 1:
        return 1.0
    if n <= _EXACT_UP_TO:
        return math.fsum(math.comb(n, j) * p ** j * (1 - p) ** (n - j) for j in range(m, n + 1))
    sd = math.sqrt(n * p * (1 - p))
    return 1 - _normal_cdf((m - 0.5 - n * p) / sd)


class BootstrapMedian:
    """The exact bootstrap distribution of one group's median, to draw from."""

    def __init__(self, sorted_values: Sequence[float]):
        n = len(sorted_values)
        m = (n + 1) // 2  # the lower median's place (1-based): a resample's median is its m-th value
        # Only order statistics with real probability matter: about m +/- 6 standard deviations.
        spread = int(6 * math.sqrt(n) / 2) + 2
        low, high = max(1, m - spread), min(n, m + spread)
        self.values = [sorted_values[k - 1] for k in range(low, high + 1)]
        self.cdf = [_at_least(n, k / n, m) for k in range(low, high + 1)]
        self.cdf[-1] = 1.0

    def draw(self, rng: random.Random) -> float:
        return self.values[min(bisect_left(self.cdf, rng.random()), len(self.values) - 1)]


def median_gap_interval(reference: Sequence[float], group: Sequence[float], draws: int = BOOTSTRAP_DRAWS,
                        seed: int = BOOTSTRAP_SEED) -> tuple[float, float] | None:
    """95% bootstrap percentile interval of the median gap (both lists sorted); None when a
    median of the reference can be 0."""
    ref, grp = BootstrapMedian(reference), BootstrapMedian(group)
    rng = random.Random(seed)
    gaps = []
    for _ in range(draws):
        r = ref.draw(rng)
        if r == 0:
            return None
        gaps.append(100 * (r - grp.draw(rng)) / r)
    gaps.sort()
    return gaps[int(0.025 * draws)], gaps[int(0.975 * draws) - 1]


def quartile_of(rank: int, n: int) -> int:
    """The pay quartile (0 = lower, 3 = upper) of the rank-th lowest (from 0) of n hourly rates, as
    gender pay gap reporting splits them: into four groups as equal as possible, in pay order.
    Quartile q holds the ranks from ceil(q n / 4) up to ceil((q + 1) n / 4)."""
    return next(q for q in range(4) if rank < -(-(q + 1) * n // 4))
