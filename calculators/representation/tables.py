"""The tables and chart of each breakdown (level, function, region), and the table of how answers
were grouped."""
from __future__ import annotations

from calculators.core.result import chart, table
from calculators.representation.counts import COLUMNS, GROUPS, LOWER, UNKNOWN
from calculators.representation.figures import Gap, Row, share_bounds
from calculators.shared import seb as seb_grouping
from calculators.shared.numbers import plain_number
from calculators.shared.suppression import chart_values

# breakdown -> (its column heading, "by ...", the name of its totals row)
LABELS = {"level": ("Level", "by level", "All levels"), "function": ("Function", "by function", "All functions"),
          "region": ("Region", "by region", "All regions")}


def breakdown_tables(dim: str, rs: list[Row], gaps: list[Gap], benchmark: dict,
                     grouping: seb_grouping.Grouping, labels: tuple[str, str, str] | None = None) -> tuple[list[dict], dict]:
    """The counts, shares and gap tables of one breakdown, and its chart of lower-SEB shares."""
    b = benchmark["shares"]
    b_lower = b["lower"]
    head, by, everyone = labels or LABELS[dim]
    names = [everyone if r.is_total else r.name for r in rs]
    tables = []
    names = [everyone if r.is_total else r.name for r in rs]
    tables.append(table(f"counts-{by.split()[1]}", f"Answers {by}",
                        [("name", head), *[(c, grouping.labels.get(c, c)) for c in GROUPS], ("known", "Known answers"),
                         (UNKNOWN, grouping.labels.get(UNKNOWN, "Not known")), ("answered", "Everyone who answered")],
                        [{"name": n, **{c: r.count_shown(i) for i, c in enumerate(COLUMNS)}, "known": r.known_shown,
                          "answered": r.answered_shown} for n, r in zip(names, rs)]))
    share_rows = []
    for n, r in zip(names, rs):
        out = {"name": n, "known": r.known_shown}
        for i, g in enumerate(GROUPS):
            out[g], out[f"{g}_ci"] = r.share(i), r.interval(i)
        share_rows.append(out)
    share_rows.append({"name": f"Benchmark: {benchmark['label']}", "known": None,
                       **{g: b[g] for g in GROUPS}, **{f"{g}_ci": None for g in GROUPS}})
    share_cols = [("name", head), ("known", "Known answers")]
    for g in GROUPS:
        share_cols += [(g, f"{grouping.labels[g]} (% of known)"), (f"{g}_ci", "95% interval")]
    tables.append(table(f"shares-{by.split()[1]}", f"Share of each group among known answers {by}", share_cols, share_rows,
                        note="Percentages of people whose background is known. The interval is a 95% Wilson interval."))
    gap_rows = [{"name": n, "lower": g.share, "benchmark": b_lower, "gap": g.gap, "ratio": g.ratio,
                 "missing": ("none" if g.missing == 0 else g.missing), "clear": g.clear}
                for n, g in zip(names, gaps)]
    tables.append(table(f"gap-{by.split()[1]}", f"Lower SEB against the benchmark {by}",
                        [("name", head), ("lower", "Lower SEB (% of known)"), ("benchmark", f"{benchmark['label']} (%)"),
                         ("gap", "Gap (points below the benchmark)"), ("ratio", "Representation ratio"),
                         ("missing", "Missing people"), ("clear", "Statistically clear? (5% level)")], gap_rows,
                        note="Gap: benchmark minus your share (negative means above it). Ratio: your share divided by the "
                             "benchmark (1 means equal). Missing people: how many more people from lower SEB it would take "
                             "to match the benchmark."))
    values = chart_values(g.share for g in gaps[:-1])
    bounds = [share_bounds(r, LOWER) if v is not None else None for r, v in zip(rs[:-1], values)]
    figure = chart(f"{'ladder' if dim == 'level' else 'bars-' + dim}",
                    "Lower SEB by level, most senior first" if dim == "level" else f"Lower SEB {by}",
                    names[:-1], [{"name": "Lower SEB (% of known answers)", "values": values,
                                  "low": [b[0] if b else None for b in bounds],
                                  "high": [b[1] if b else None for b in bounds]}], f"gap-{by.split()[1]}",
                    unit="%", reference={"label": f"{benchmark['label']}: {plain_number(b_lower)}%", "value": b_lower},
                    kind="ladder" if dim == "level" else "bar")
    return tables, figure
