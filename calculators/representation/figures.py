"""The figures: rows of counts with what may be shown of them (suppressed together across the
level, function and region breakdowns), the gap to the benchmark, missing people and the teams
furthest ahead."""
from __future__ import annotations

import math
from fractions import Fraction

from calculators.core.record import record
from calculators.core.result import SUPPRESSED
from calculators.representation import crossing
from calculators.representation.constants import ADVANCED_AIM, ALPHA, FIRST_AIM, SMALL_GROUP
from calculators.representation.counts import (FUNCTION, GROUPS, LEVEL, LOWER, NOT_GIVEN, REGION, Workforce, add_to, group_counts,
                                               known, no_answers, not_known_counts)
from calculators.shared.numbers import percent_of
from calculators.shared.stats import binomial_test, wilson_interval
from calculators.shared.suppression import ProtectedTable, suppress_linked_tables


def missing_people(benchmark_percent: float, known: int, lower: int) -> int:
    """How many more people from lower SEB it would take for their share of `known` to match the
    benchmark, the way CMI counted "missing managers": benchmark share x known answers - lower
    count, rounded to the nearest whole person (halves round up), and 0 when at or above it."""
    gap = Fraction(str(benchmark_percent)) / 100 * known - lower
    return max(0, math.floor(gap + Fraction(1, 2)))


@record
class Row:
    """One row of a breakdown (a level, a function, a region or everyone), with what may be shown.

    Two protected tables hold its counts: `groups` (professional, intermediate, lower, with the
    known answers as row total: the base of every share) and `unknown` (the "not known" count;
    answered = known + not known)."""

    name: str
    counts: list[int]
    groups: ProtectedTable
    unknown: ProtectedTable
    index: int  # row in the protected tables (n_rows for the totals row)
    threshold: int
    headcount: int | None = None
    is_total: bool = False  # the "All levels" (or all functions, all regions) row

    @property
    def answered(self) -> int:
        return sum(self.counts)

    @property
    def known(self) -> int:
        return known(self.counts)

    @property
    def known_visible(self) -> bool:
        return not self.groups.is_hidden(self.index, len(GROUPS))

    def count_shown(self, column: int) -> int | str:
        if column < len(GROUPS):
            return self.groups.shown(self.index, column)
        return self.unknown.shown(self.index, 0)

    @property
    def answered_shown(self) -> int | str:
        hidden = self.unknown.is_hidden(self.index, 0) or not self.known_visible
        return SUPPRESSED if hidden else self.answered

    @property
    def known_shown(self) -> int | str:
        return self.known if self.known_visible else SUPPRESSED

    def share_visible(self, column: int) -> bool:
        return (self.known > 0 and self.known_visible and self.known >= self.threshold
                and not self.groups.is_hidden(self.index, column))

    def share(self, column: int) -> float | str | None:
        if self.known == 0:
            return None
        return percent_of(self.counts[column], self.known) if self.share_visible(column) else SUPPRESSED

    def interval(self, column: int) -> str | None:
        if self.known == 0:
            return None
        if not self.share_visible(column):
            return SUPPRESSED
        low, high = wilson_interval(self.counts[column], self.known)
        return f"{low * 100:.1f} to {high * 100:.1f}"


def breakdowns(data: Workforce, threshold: int) -> dict[str, list[Row]]:
    """Rows for each breakdown (level, and function and region when given), suppressed together
    because they describe the same people and share their totals."""
    dims = [("level", LEVEL, data.levels)]
    for dim, pos, flag in (("function", FUNCTION, data.has_function), ("region", REGION, data.has_region)):
        if flag:
            names = sorted({k[pos] for k in data.cells} - {NOT_GIVEN}, key=str.casefold)
            if any(k[pos] == NOT_GIVEN for k in data.cells):
                names.append(NOT_GIVEN)
            dims.append((dim, pos, names))
    dims += crossing.dims(data)  # sex, ethnicity, disability: the same people again
    grids = []
    for dim, pos, names in dims:
        totals = {n: no_answers() for n in names}
        for key, counts in data.cells.items():
            add_to(totals[key[pos]], counts)
        grids.append([totals[n] for n in names])
    # Groups first: the known answers (their row total) are the base of every share, so they are
    # the dearest to hide, and lower SEB comes next.
    # A headcount is shown only beside shown answers (see data_quality), so it caps nothing hidden.
    groups = suppress_linked_tables([[group_counts(r) for r in g] for g in grids], threshold, column_weights=(1, 1, 3, 10))
    # Then "not known" on its own. "Answered" (known + not known) is shown only where both parts
    # are (Row.answered_shown), so it never gives a hidden part back, and every change that keeps
    # one table's totals keeps the other's.
    unknown = suppress_linked_tables([[not_known_counts(r) for r in g] for g in grids], threshold)
    out: dict[str, list[Row]] = {}
    for (dim, _, names), grid, pg, pu in zip(dims, grids, groups, unknown):
        rows = [Row(n, grid[i], pg, pu, i, threshold, data.headcount.get(n) if dim == "level" else None)
                for i, n in enumerate(names)]
        everyone = no_answers()
        for counts in grid:
            add_to(everyone, counts)
        heads = [r.headcount for r in rows]
        all_head = sum(heads) if dim == "level" and heads and all(h is not None for h in heads) else None
        rows.append(Row("All", everyone, pg, pu, len(names), threshold, all_head, is_total=True))
        out[dim] = rows
    return out


@record(frozen=True)
class Gap:
    share: float | str | None
    gap: float | str | None
    ratio: float | str | None
    missing: int | str | None
    clear: str | None
    p_value: float | str | None


def gap_against(row: Row, benchmark: float) -> Gap:
    share = row.share(LOWER)
    if share is None or share == SUPPRESSED:
        return Gap(share, share, share, share, share, share)
    exact = 100 * row.counts[LOWER] / row.known
    p = binomial_test(row.counts[LOWER], row.known, benchmark / 100)
    if p < ALPHA:
        clear = "Yes: below the benchmark" if exact < benchmark else "Yes: above the benchmark"
    else:
        clear = "No: could be chance"
    expected = row.known * benchmark / 100
    if row.known < SMALL_GROUP or expected < 5 or row.known - expected < 5:
        clear += " (small group: read with care)"
    return Gap(share=share, gap=round(benchmark - exact, 1), ratio=round(exact / benchmark, 2) if benchmark else None,
               missing=missing_people(benchmark, row.known, row.counts[LOWER]), clear=clear, p_value=round(p, 4))


def furthest_ahead(data: Workforce, threshold: int) -> list[dict]:
    """At each level, the function and the region with the highest lower-SEB share, among those
    where both the lower count and the rest of the known answers reach the threshold."""
    out = []
    for level in data.levels:
        row = {"level": level}
        for dim, pos, flag in (("function", FUNCTION, data.has_function), ("region", REGION, data.has_region)):
            if not flag:
                continue
            groups: dict[str, list[int]] = {}
            for key, counts in data.cells.items():
                if key[LEVEL] == level and key[pos] != NOT_GIVEN:
                    add_to(groups.setdefault(key[pos], no_answers()), counts)
            eligible = [(name, c[LOWER], known(c)) for name, c in groups.items()
                        if c[LOWER] >= threshold and known(c) - c[LOWER] >= threshold]
            if len(eligible) >= 2:
                # Highest share first; ties go to the name that sorts first, so results are repeatable.
                name, lower, known_answers = min(eligible, key=_highest_share_first)
                row[dim] = name
                row[f"{dim}_share"] = percent_of(lower, known_answers)
            else:
                row[dim] = None
                row[f"{dim}_share"] = None
        out.append(row)
    return out


def _highest_share_first(entry: tuple[str, int, int]) -> tuple:
    name, lower, known_answers = entry
    return -Fraction(lower, known_answers), name.casefold(), name


def rate_status(rate: float | str | None) -> str | None:
    if rate is None or rate == SUPPRESSED:
        return rate
    if rate >= ADVANCED_AIM:
        return "Meets the 70% aim"
    if rate >= round(FIRST_AIM, 1):
        return "Meets the two-thirds first aim; aim for 70%"
    return "Under the two-thirds first aim"


def share_bounds(row: Row, column: int) -> tuple[float, float] | None:
    """The 95% Wilson interval of a shown share, in percent to one decimal (None when hidden)."""
    if not row.share_visible(column):
        return None
    low, high = wilson_interval(row.counts[column], row.known)
    return round(100 * low, 1), round(100 * high, 1)
