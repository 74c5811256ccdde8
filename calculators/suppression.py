"""Small-number protection shared by every calculator.

A count under the threshold, and any percentage or bar built on one, is never shown."""
from __future__ import annotations

DEFAULT_THRESHOLD = 10
MIN_THRESHOLD = 5


def check_threshold(threshold: int) -> int:
    if threshold < MIN_THRESHOLD:
        raise ValueError(f"The small-number threshold cannot be below {MIN_THRESHOLD}")
    return threshold


def is_small(count: int, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """True when a non-zero count is under the threshold. Zero is not disclosive by itself."""
    return 0 < count < check_threshold(threshold)
