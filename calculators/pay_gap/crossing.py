"""Background crossed with sex, ethnicity and disability (optional columns of the pay file).

For each characteristic the file has, a table of people by characteristic row (its groups, then
"prefer not to say" and "not given", always listed) and background, with the pay gap of lower
against professional backgrounds within each row; and, with levels, that gap within each level and
group. The count tables are breakdowns of the same people as the pay quartiles, the levels and the
bonuses, so the report protects them all together (`suppress_linked_tables`): no hidden count can
be worked out from any combination of them. A gap is shown only where both of its counts are shown
and at least the threshold, so a figure never says more about a hidden count than the tables do.

The characteristics, their column names and accepted answers come from
content/data/characteristics.yml (calculators.shared.characteristics)."""
from __future__ import annotations

from typing import Mapping, Sequence

from calculators.core.result import SUPPRESSED, sentence, table
from calculators.core.spec import InputError
from calculators.shared import characteristics as chars
from . import figures

PROFESSIONAL, LOWER = "professional", "lower"


def reader(found: Sequence[chars.Characteristic], col: Mapping[str, int], values: Mapping) -> chars.Reader:
    try:
        return chars.Reader([(c, col[c.id]) for c in found if c.id in col], values.get(chars.MAP_INPUT))
    except ValueError as exc:
        raise InputError(chars.MAP_INPUT, str(exc)) from None


def staff_fields(traits: chars.Reader, header: Sequence[str]) -> dict:
    """The Staff fields that say which characteristics were read, from which columns, and what was not recognised."""
    if not traits:
        return {}
    return {"traits": tuple(c for c, _ in traits.found), "trait_columns": {c.id: header[i] for c, i in traits.found},
            "unrecognised_traits": {k: v for k, v in traits.unrecognised.items() if v}}


def question(staff, threshold: int, may_show: Mapping[str, bool] | None = None) -> dict | None:
    """The question about unrecognised answers; counts only where `may_show` (see chars.protected_count)."""
    return chars.question(staff.traits, staff.unrecognised_traits, staff.trait_columns, threshold, may_show)


def grids(staff, columns: Sequence[str]) -> list[list[list[int]]]:
    """One count grid per characteristic: rows as Characteristic.rows, columns as `columns` (backgrounds)."""
    out = []
    column = {g: i for i, g in enumerate(columns)}
    for k, c in enumerate(staff.traits):
        row_of = {r: i for i, r in enumerate(c.rows)}
        grid = [[0] * len(columns) for _ in c.rows]
        for p in staff.people:
            grid[row_of[p.traits[k]]][column[p.group]] += 1
        out.append(grid)
    return out


def tables(staff, protected: Sequence, columns: Sequence[str], labels: Mapping[str, str], by_level, level_names: Sequence[str],
           threshold: int, summary: list, notices: list, mappings: list) -> list[dict]:
    """The crossed tables (and their sentences, notices and question), from the protected count tables."""
    out = []
    may_show = {c.id: chars.counts_may_show(c, pt, staff.unrecognised_traits.get(c.id) or {}, threshold)
                for c, pt in zip(staff.traits, protected)}
    notices.extend(sentence(text) for text in
                   chars.unrecognised_notice(staff.traits, staff.unrecognised_traits, staff.trait_columns, threshold, may_show))
    mappings.extend(m for m in [question(staff, threshold, may_show)] if m)
    prof_i, low_i = columns.index(PROFESSIONAL), columns.index(LOWER)
    for k, (c, pt) in enumerate(zip(staff.traits, protected)):
        pay: dict[tuple, list[float]] = {}
        for p in staff.people:
            if p.group in (PROFESSIONAL, LOWER):
                pay.setdefault((p.traits[k], p.group), []).append(p.hourly)
        rows, said = [], []
        for r, row_id in enumerate(c.rows):
            row = {"group": c.labels[row_id], "people": pt.row_total(r)}
            row.update({g: pt.cell(r, i) for i, g in enumerate(columns)})
            row["median_gap"] = row["mean_gap"] = SUPPRESSED
            if _shown(pt, r, prof_i, threshold) and _shown(pt, r, low_i, threshold):
                prof, low = sorted(pay[row_id, PROFESSIONAL]), sorted(pay[row_id, LOWER])
                median_gap = figures.gap(figures.median(prof), figures.median(low))
                mean_gap = figures.gap(figures.mean(prof), figures.mean(low))
                row["median_gap"] = None if median_gap is None else round(median_gap, 1)
                row["mean_gap"] = None if mean_gap is None else round(mean_gap, 1)
                if median_gap is not None and row_id not in (chars.PREFER_NOT, chars.NOT_GIVEN):
                    said.append(f"{c.labels[row_id]} {median_gap:.1f}%")
            rows.append(row)
        total = {"group": "Everyone", "people": pt.grand_total(), **{g: pt.column_total(i) for i, g in enumerate(columns)},
                 "median_gap": None, "mean_gap": None}
        out.append(table(f"crossed-{c.id}", f"Background by {c.label.lower()}: people, and the pay gap within each group",
                         [("group", c.label), ("people", "People"), *[(g, f"{labels.get(g, g)} (people)") for g in columns],
                          ("median_gap", "Median gap, lower against professional (%)"),
                          ("mean_gap", "Mean gap, lower against professional (%)")], rows + [total],
                         note=(f"The gap is shown where both backgrounds have at least {threshold} people in the group and "
                               "neither count is hidden. \u201cPrefer not to say\u201d and \u201cnot given\u201d are always listed.")))
        summary.append(_prefer_not_sentence(c, pt))
        if said:
            summary.append(sentence(f"Within each {c.label.lower()} group, people from lower backgrounds are paid less than people "
                                    f"from professional backgrounds by (median gap): {'; '.join(said)}. A negative figure means more."))
        if by_level is not None and level_names:
            levels = _by_level(staff, k, c, pt, by_level, level_names, columns, threshold)
            if levels:
                out.append(levels)
    return out


def _shown(pt, r: int, c: int, threshold: int) -> bool:
    return not pt.is_hidden(r, c) and pt.value(r, c) >= threshold


def _prefer_not_sentence(c: chars.Characteristic, pt) -> dict:
    def people(row_id: str) -> str:
        shown = pt.row_total(c.rows.index(row_id))
        return f"{shown} {'person' if shown == 1 else 'people'}" if shown != SUPPRESSED else f"a hidden number of people ({SUPPRESSED})"
    return sentence(f"{c.label}: {people(chars.PREFER_NOT)} chose not to say, and {people(chars.NOT_GIVEN)} gave no answer.")


def _by_level(staff, k: int, c: chars.Characteristic, pt, by_level, level_names, columns, threshold: int) -> dict | None:
    """The median gap within each level and group, where all four counts behind it allow: the
    level's and the group's counts of both backgrounds are shown, and both backgrounds have at least
    the threshold at that level in that group (these counts themselves are never shown)."""
    prof_i, low_i = columns.index(PROFESSIONAL), columns.index(LOWER)
    at: dict[tuple, list[float]] = {}
    for p in staff.people:
        if p.level and p.group in (PROFESSIONAL, LOWER):
            at.setdefault((p.level, p.traits[k], p.group), []).append(p.hourly)
    groups = [g for g, _ in c.groups]
    rows, any_shown = [], False
    for li, name in enumerate(level_names):
        row = {"level": name}
        level_ok = _shown(by_level, li, prof_i, threshold) and _shown(by_level, li, low_i, threshold)
        for g in groups:
            r = c.rows.index(g)
            prof, low = at.get((name, g, PROFESSIONAL), []), at.get((name, g, LOWER), [])
            row[g] = SUPPRESSED
            if (level_ok and _shown(pt, r, prof_i, threshold) and _shown(pt, r, low_i, threshold)
                    and len(prof) >= threshold and len(low) >= threshold):
                gap = figures.gap(figures.median(sorted(prof)), figures.median(sorted(low)))
                row[g] = None if gap is None else round(gap, 1)
                any_shown = True
        rows.append(row)
    if not any_shown:
        return None
    return table(f"crossed-{c.id}-levels", f"Median pay gap within each level, by {c.label.lower()} (lower against professional)",
                 [("level", "Level"), *[(g, f"{c.labels[g]} (%)") for g in groups]], rows,
                 note=f"Shown where both backgrounds have at least {threshold} people at the level in the group. Counts at "
                      "this detail are not shown: they would need more cells hidden elsewhere.")
