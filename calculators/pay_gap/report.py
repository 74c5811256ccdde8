"""The class pay gap result: what may be shown of the figures, in words, tables and a chart.

Every count goes through the shared small-number protection: the pay quartiles, the levels and
the bonus breakdown are all breakdowns of the same people by background, so they are protected
together (`suppress_linked_tables`), and a group's pay is shown only when the group is at least
the threshold."""
from __future__ import annotations

from typing import Sequence

from calculators.shared import seb as seb_grouping
from calculators.shared.csv_safe import to_csv
from calculators.shared.level_order import order_levels
from calculators.shared.markdown import markdown_table
from calculators.core.registry import link
from calculators.core.result import SUPPRESSED, chart, download, result, sentence, table
from calculators.shared.suppression import chart_values, fewer_than, suppress_linked_tables
from . import crossing, figures
from .reading import Staff

GROUPS = seb_grouping.GROUPS
COLUMNS = (*GROUPS, seb_grouping.UNKNOWN)
QUARTILES = ("Lower quartile", "Lower middle quartile", "Upper middle quartile", "Upper quartile")
# The guidance the results link to, by name: the label here, the page on the spec (SPEC.links).
LINK_LABELS = {"pay": "Measure the class pay gap", "progression": "Measure the progression gap"}


def _link(name: str) -> tuple[str, str]:
    return LINK_LABELS[name], link("class-pay-gap", name)


def _money(x: float) -> float:
    return round(x, 2)  # pounds, to the penny (the page formats it; downloads keep the number)


def _gap_figure(x: float | None) -> float | str | None:
    """A pay gap (already a percentage) to one decimal place, None when there is none."""
    return None if x is None else round(x, 1)


def _words(gap: float) -> str:
    return f"{abs(gap):.1f}% {'less' if gap > 0 else 'more'}"


def build(staff: Staff, grouping: seb_grouping.Grouping, threshold: int) -> dict:
    people = staff.people
    pay = {g: sorted(p.hourly for p in people if p.group == g) for g in COLUMNS}
    by_rank = sorted(people, key=lambda p: p.hourly)
    quartile_counts = [[0] * len(COLUMNS) for _ in QUARTILES]
    column = {g: i for i, g in enumerate(COLUMNS)}
    n = len(by_rank)
    for q, counts in enumerate(quartile_counts):  # ranks from q*n/4 up to (q+1)*n/4, as figures.quartile_of says
        for person in by_rank[-(-q * n // 4):-(-(q + 1) * n // 4)]:
            counts[column[person.group]] += 1
    levels = order_levels(sorted({p.level for p in people if p.level}, key=str.casefold), None, False) if staff.has_level else None
    level_names = list(levels.levels) if levels else []
    row_of = {name: i for i, name in enumerate(level_names)}
    level_counts = [[0] * len(COLUMNS) for _ in level_names]
    bonus_counts = [[0] * len(COLUMNS), [0] * len(COLUMNS)] if staff.has_bonus else []
    for p in people:
        if level_counts and p.level:
            level_counts[row_of[p.level]][column[p.group]] += 1
        if bonus_counts:
            bonus_counts[0 if (p.bonus or 0) > 0 else 1][column[p.group]] += 1
    grids = [quartile_counts] + ([level_counts] if level_counts else []) + ([bonus_counts] if bonus_counts else [])
    crossed_grids = crossing.grids(staff, COLUMNS)  # background by sex, ethnicity, disability: the same people again
    protected = suppress_linked_tables(grids + crossed_grids, threshold)
    protected, crossed = protected[:len(grids)], protected[len(grids):]
    quartiles = protected[0]
    by_level = protected[1] if level_counts else None
    bonus = protected[-1] if bonus_counts else None
    shown_n = {g: quartiles.column_total(i) for i, g in enumerate(COLUMNS)}
    big = {g: len(pay[g]) >= threshold for g in COLUMNS}

    summary, tables, notices = [], [], list(staff.notices)
    intervals: dict[str, tuple[float, float] | None] = {}
    gap_rows = []
    prof = pay["professional"]
    for g in GROUPS:
        row = {"group": grouping.labels.get(g, g), "people": shown_n[g]}
        if not big[g]:
            row.update(mean=SUPPRESSED, median=SUPPRESSED, mean_gap=SUPPRESSED, median_gap=SUPPRESSED, interval=SUPPRESSED)
        else:
            row.update(mean=_money(figures.mean(pay[g])), median=_money(figures.median(pay[g])))
            if g != "professional" and big["professional"]:
                mean_gap = figures.gap(figures.mean(prof), figures.mean(pay[g]))
                median_gap = figures.gap(figures.median(prof), figures.median(pay[g]))
                interval = intervals[g] = figures.median_gap_interval(prof, pay[g])
                row.update(mean_gap=_gap_figure(mean_gap), median_gap=_gap_figure(median_gap),
                           interval=f"{interval[0]:.1f} to {interval[1]:.1f}" if interval else None)
                summary.append(_gap_sentence(grouping.labels.get(g, g).lower(), median_gap, mean_gap, interval))
        gap_rows.append(row)
    if not big["professional"] or not (big["lower"] or big["intermediate"]):
        summary.append(sentence(f"The pay gap cannot be shown: a group has {fewer_than(threshold)} people, and showing its pay "
                                "could identify them. Combine years or sites to reach the threshold.", [_link("pay")]))
    tables.append(table("pay-gap", "Hourly pay by background, and the gap to professional backgrounds",
                        [("group", "Background"), ("people", "People"), ("mean", "Mean hourly pay (\u00a3)"), ("median", "Median hourly pay (\u00a3)"),
                         ("mean_gap", "Mean gap (%)"), ("median_gap", "Median gap (%)"), ("interval", "Median gap: 95% interval")],
                        gap_rows, note="Gap: how much less per hour than people from professional backgrounds, as a % of their "
                                       "pay (negative means more). The interval is a bootstrap with a fixed seed."))

    q_rows = []
    for r, name in enumerate(QUARTILES):
        row = {"quartile": name, "people": quartiles.row_total(r)}
        for c, g in enumerate(COLUMNS):
            row[g] = quartiles.share(r, c)
        q_rows.append(row)
    tables.append(table("quartiles", "Background in each pay quartile (% of the quartile)",
                        [("quartile", "Pay quartile"), ("people", "People"),
                         *[(g, grouping.labels.get(g, g)) for g in COLUMNS]], q_rows,
                        note="Everyone ranked by hourly pay and split into four equal groups, as in gender pay gap reporting."))
    lower_i = COLUMNS.index("lower")
    shares = [quartiles.share(r, lower_i) for r in range(len(QUARTILES))]
    if isinstance(shares[0], float) and isinstance(shares[-1], float):
        summary.append(sentence(f"In the upper pay quartile {shares[-1]:.0f}% of people are from lower backgrounds, against "
                                f"{shares[0]:.0f}% in the lower quartile."))
    charts = [chart("quartiles-chart", "People from lower backgrounds in each pay quartile", list(QUARTILES),
                    [{"name": "Lower SEB (% of the quartile)", "values": chart_values(shares)}], "quartiles")]

    if by_level is not None:
        tables.append(_within_levels(level_names, by_level, people, pay, threshold, summary, intervals.get("lower")))
    if bonus is not None:
        tables.append(_bonus(bonus, people, grouping, threshold, summary))
    crossed_question: list = []
    if crossed:
        tables += crossing.tables(staff, crossed, COLUMNS, grouping.labels, by_level, level_names, threshold, summary, notices,
                                  crossed_question)

    notices.append(sentence(f"To protect privacy, pay is shown only for groups of at least {threshold} people, and counts "
                            f"under {threshold} (and any percentage built on one) show as \u201c{SUPPRESSED}\u201d, with a few "
                            "more hidden so that none can be worked out from the totals."))
    notices.append(sentence(f"Answers are grouped as on the measurement kit: {grouping.in_words()}; other answers are left out "
                            "of the gaps but counted in the quartiles."))
    downloads = [download("class-pay-gap-results.csv", "text/csv", _csv(tables), "Download the results (CSV)"),
                 download("class-pay-gap-report.md", "text/markdown", _markdown(summary, notices, tables),
                          "Download a short report (Markdown)")]
    return result(summary=summary, notices=notices, tables=tables, charts=charts, downloads=downloads, mappings=crossed_question,
                  threshold=threshold,
                  bootstrap={"seed": figures.BOOTSTRAP_SEED, "draws": figures.BOOTSTRAP_DRAWS})


def _gap_sentence(who: str, median_gap: float | None, mean_gap: float | None, interval) -> dict:
    if median_gap is None or mean_gap is None:
        return sentence(f"The gap for people from {who} backgrounds cannot be worked out.")
    text = f"People from {who} backgrounds are paid {_words(median_gap)} an hour than people from professional backgrounds at the median"
    if interval:
        text += f" (95% interval {interval[0]:.1f}% to {interval[1]:.1f}%)"
        if interval[0] <= 0 <= interval[1]:
            text += "; the difference could be chance"
    text += f", and {_words(mean_gap)} on average (the mean)."
    return sentence(text, [_link("pay")])


def _within_levels(names: Sequence[str], by_level, people, pay, threshold: int, summary: list,
                   interval: tuple[float, float] | None) -> dict:
    """The gap within each level beside the overall gap: a pay problem or a progression problem?"""
    lower_i, prof_i = COLUMNS.index("lower"), COLUMNS.index("professional")
    rows, weighted, weight = [], 0.0, 0
    at: dict[tuple[str, str], list[float]] = {(name, g): [] for name in names for g in ("professional", "lower")}
    for x in people:
        if (x.level, x.group) in at:
            at[x.level, x.group].append(x.hourly)
    for r, name in enumerate(names):
        n_prof, n_low = by_level.value(r, prof_i), by_level.value(r, lower_i)
        row = {"level": name, "professional": by_level.cell(r, prof_i), "lower": by_level.cell(r, lower_i), "median_gap": SUPPRESSED}
        if n_prof >= threshold and n_low >= threshold:
            g = figures.gap(figures.median(sorted(at[name, "professional"])), figures.median(sorted(at[name, "lower"])))
            if g is not None:
                row["median_gap"] = _gap_figure(g)
                weighted += g * (n_prof + n_low)
                weight += n_prof + n_low
        rows.append(row)
    if weight and len(pay["professional"]) >= threshold and len(pay["lower"]) >= threshold:
        within = weighted / weight
        overall = figures.gap(figures.median(pay["professional"]), figures.median(pay["lower"])) or 0.0
        text = (f"Within levels, the median gap averages {within:.1f}%, against {overall:.1f}% overall.")
        if interval and interval[0] <= 0 <= interval[1]:
            summary.append(sentence(text + " The overall gap could be chance, so do not read much into where it comes from.",
                                    [_link("pay")]))
        elif overall <= 0:
            summary.append(sentence(text, [_link("pay")]))
        elif within < overall / 2:
            text += (" Most of the gap comes from who is in which level rather than from pay within a level: look at "
                     "progression.")
            summary.append(sentence(text, [_link("progression")]))
        else:
            text += " Much of the gap is within levels: look at how pay is set for the same work."
            summary.append(sentence(text, [_link("pay")]))
    return table("within-levels", "Median pay gap within each level (lower against professional backgrounds)",
                 [("level", "Level"), ("professional", "Professional (people)"), ("lower", "Lower (people)"),
                  ("median_gap", "Median gap (%)")], rows,
                 note=f"Shown where both groups have at least {threshold} people at the level.")


def _bonus(bonus, people, grouping, threshold: int, summary: list) -> dict:
    rows = []
    paid = {g: sorted(p.bonus for p in people if p.group == g and (p.bonus or 0) > 0) for g in GROUPS}
    for c, g in enumerate(GROUPS):
        row = {"group": grouping.labels.get(g, g), "median": SUPPRESSED, "gap": SUPPRESSED}
        n_all = sum(bonus.value(r, c) for r in range(2))
        received = bonus.value(0, c)
        row["share"] = (round(100 * received / n_all, 1) if n_all >= threshold and not bonus.is_hidden(0, c)
                        and not bonus.is_hidden(1, c) else SUPPRESSED)
        if received >= threshold:
            row["median"] = _money(figures.median(paid[g]))
            if g == "professional":
                row["gap"] = None
            elif len(paid["professional"]) >= threshold:
                row["gap"] = _gap_figure(figures.gap(figures.median(paid["professional"]), figures.median(paid[g])))
        rows.append(row)
    return table("bonus", "Bonuses by background", [("group", "Background"), ("share", "Received a bonus (%)"),
                                                    ("median", "Median bonus of those paid one (\u00a3)"),
                                                    ("gap", "Median bonus gap (%)")], rows,
                 note=f"Shown for groups of at least {threshold} people; the gap is to people from professional backgrounds.")


def _csv(tables: Sequence[dict]) -> str:
    parts = []
    for t in tables:
        parts.append(to_csv([t["caption"]], []))
        parts.append(to_csv([c["label"] for c in t["columns"]], [[r.get(c["key"]) for c in t["columns"]] for r in t["rows"]]))
    return "".join(parts)


def _markdown(summary, notices, tables) -> str:
    lines = ["# Class pay gap", "", *[f"- {s['text']}" for s in summary], ""]
    for t in tables:
        lines += [f"## {t['caption']}", "", *markdown_table(t)]
        lines += ["", t["note"], ""] if t.get("note") else [""]
    lines += ["## Notes", "", *[f"- {n['text']}" for n in notices], ""]
    return "\n".join(lines)
