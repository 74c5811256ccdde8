"""Confidence intervals and the exact binomial test."""
from __future__ import annotations

from fractions import Fraction
from math import comb

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.shared.stats import binomial_test, is_statistically_clear, wilson_interval


def test_wilson_interval_matches_a_hand_worked_example():
    # 18 of 100, z = 1.96: centre (0.18 + 0.0192) / 1.0384 = 0.1918,
    # half-width 1.96 * sqrt(0.001476 + 0.000096) / 1.0384 = 0.0748.
    low, high = wilson_interval(18, 100)
    assert low == pytest.approx(0.1170, abs=5e-4)
    assert high == pytest.approx(0.2667, abs=5e-4)


def test_wilson_interval_stays_inside_zero_and_one():
    assert wilson_interval(0, 5)[0] == 0.0
    assert wilson_interval(5, 5)[1] == 1.0


def test_binomial_test_matches_a_fair_coin_worked_by_hand():
    # 3 heads in 10 tosses: P(X <= 3) + P(X >= 7) = 2 * (1 + 10 + 45 + 120) / 1024.
    assert binomial_test(3, 10, 0.5) == pytest.approx(352 / 1024, rel=1e-12)


def test_binomial_test_adds_only_outcomes_no_more_likely_than_the_one_seen():
    # 0 of 5 when the share is 39%: P(0) = 0.61^5 = 0.08446; P(4) = 0.07037 and P(5) = 0.00902
    # are less likely, P(3) = 0.22 is more likely. 0.08446 + 0.07037 + 0.00902 = 0.16385.
    assert binomial_test(0, 5, 0.39) == pytest.approx(0.61**5 + 5 * 0.39**4 * 0.61 + 0.39**5, rel=1e-12)


def test_a_result_at_the_benchmark_is_not_flagged():
    assert binomial_test(39, 100, 0.39) == 1.0
    assert not is_statistically_clear(39, 100, 0.39)


def test_a_big_shortfall_in_a_big_group_is_statistically_clear():
    assert is_statistically_clear(180, 1000, 0.39)
    assert binomial_test(18, 100, 0.39) < 0.001


def test_binomial_test_handles_shares_of_zero_and_one():
    assert binomial_test(0, 10, 0.0) == 1.0
    assert binomial_test(1, 10, 0.0) == 0.0
    assert binomial_test(10, 10, 1.0) == 1.0


def test_binomial_test_is_fast_and_finite_for_large_groups():
    assert 0 <= binomial_test(39_500, 100_000, 0.39) <= 1
    assert binomial_test(0, 100_000, 0.39) == 0.0


def test_binomial_test_refuses_impossible_input():
    with pytest.raises(ValueError):
        binomial_test(11, 10, 0.5)
    with pytest.raises(ValueError):
        binomial_test(1, 10, 1.5)


def _exact_p_value(k: int, n: int, p: Fraction) -> Fraction:
    """The definition, in exact arithmetic: sum P(X = j) over every j with P(X = j) <= P(X = k)."""
    pmf = [comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(n + 1)]
    return sum((q for q in pmf if q <= pmf[k]), Fraction(0))


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 60).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))), st.integers(1, 99))
def test_binomial_test_agrees_with_the_exact_definition(nk, percent):
    n, k = nk
    exact = _exact_p_value(k, n, Fraction(percent, 100))
    assert binomial_test(k, n, percent / 100) == pytest.approx(float(min(exact, 1)), rel=1e-6, abs=1e-12)
