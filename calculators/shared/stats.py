"""Small, exact statistics shared by every calculator (stdlib only)."""
from __future__ import annotations

import math

Z95 = 1.959963984540054  # two-sided 95% normal quantile


def wilson_interval(successes: int, total: int, z: float = Z95) -> tuple[float, float]:
    """95% Wilson score interval for a proportion, as fractions in [0, 1].

    Chosen over the simple 'normal' interval because it behaves at small counts and near 0 or 1."""
    if total <= 0:
        raise ValueError("total must be positive")
    if not 0 <= successes <= total:
        raise ValueError("successes must be between 0 and total")
    p = successes / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def _log_pmf(k: int, n: int, log_p: float, log_q: float) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * log_p + (n - k) * log_q


def _tail(start: int, stop: int, step: int, n: int, p: float) -> float:
    """Sum of binomial probabilities from `start` towards `stop` (inclusive), moving by `step`
    (+1 for an upper tail, -1 for a lower one). Terms shrink away from the mode, so the sum
    stops once they no longer change it."""
    log_p, log_q = math.log(p), math.log1p(-p)
    total, k = 0.0, start
    term = math.exp(_log_pmf(k, n, log_p, log_q))
    while True:
        if term == 0.0:  # underflow: everything further out is smaller still
            return total
        total += term
        if k == stop or term < total * 1e-17:
            return total
        if step > 0:
            term *= (n - k) / (k + 1) * p / (1 - p)
        else:
            term *= k / (n - k + 1) * (1 - p) / p
        k += step


def binomial_test(successes: int, total: int, share: float) -> float:
    """Exact two-sided binomial test: the p-value for seeing `successes` out of `total` when the
    true share is `share` (a fraction in [0, 1]).

    Two-sided in the usual way (as R's binom.test and SciPy's binomtest): add the probabilities
    of every outcome no more likely than the one observed. Works in log space, so it is exact
    enough for totals in the hundreds of thousands."""
    if total <= 0:
        raise ValueError("total must be positive")
    if not 0 <= successes <= total:
        raise ValueError("successes must be between 0 and total")
    if not 0 <= share <= 1:
        raise ValueError("share must be between 0 and 1")
    n, k, p = total, successes, share
    if p == 0:
        return 1.0 if k == 0 else 0.0
    if p == 1:
        return 1.0 if k == n else 0.0
    log_p, log_q = math.log(p), math.log1p(-p)
    observed = _log_pmf(k, n, log_p, log_q) + math.log1p(1e-7)  # relative tolerance for ties
    mode = min(n, int((n + 1) * p))
    if k == mode:
        return 1.0

    def as_likely(j: int) -> bool:
        return _log_pmf(j, n, log_p, log_q) <= observed

    if k < mode:
        # First outcome above the mode that is no more likely than k (pmf falls after the mode).
        lo, hi = mode, n + 1
        while lo < hi:
            mid = (lo + hi) // 2
            if as_likely(mid):
                hi = mid
            else:
                lo = mid + 1
        upper = _tail(lo, n, 1, n, p) if lo <= n else 0.0
        value = _tail(k, 0, -1, n, p) + upper
    else:
        # Last outcome below the mode that is no more likely than k.
        lo, hi = -1, mode
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if as_likely(mid):
                lo = mid
            else:
                hi = mid - 1
        lower = _tail(lo, 0, -1, n, p) if lo >= 0 else 0.0
        value = _tail(k, n, 1, n, p) + lower
    return min(1.0, value)


def is_statistically_clear(successes: int, total: int, share: float, alpha: float = 0.05) -> bool:
    """True when the exact binomial test rejects `share` at level `alpha` (5% by default)."""
    return binomial_test(successes, total, share) < alpha
