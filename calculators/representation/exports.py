"""What a result lets you download: the results CSV, the Markdown report and the small results
file saved for next year."""
from __future__ import annotations

from calculators.core.result import SUPPRESSED
from calculators.representation import year_on_year
from calculators.representation.constants import ID
from calculators.representation.counts import COLUMNS, GROUP_POSITIONS, LOWER
from calculators.representation.figures import Gap, Row
from calculators.representation.method import METHOD_PLAIN
from calculators.shared.csv_safe import markdown_cell, to_csv
from calculators.shared.level_order import LevelOrder
from calculators.shared.markdown import markdown_table


def _shown_level(r: Row, name: str) -> dict:
    return year_on_year.figures_entry(name, r.known_shown, r.count_shown(LOWER) if r.share_visible(LOWER) else SUPPRESSED, r.share(LOWER))


def saved_results(level_rows: list[Row], benchmark: dict, threshold: int, data_date: str, progression: dict | None,
                  order: LevelOrder | None) -> str:
    """What the screen shows, level by level, to compare with next year: no rows, nothing hidden."""
    levels = [_shown_level(r, r.name) for r in level_rows[:-1]]
    everyone = _shown_level(level_rows[-1], "All levels")
    prog = None
    if progression:
        by_name = {r.name: r for r in level_rows[:-1]}
        f = progression["figure"]
        prog = {"points": f["points"], "top": _shown_level(by_name[f["top"]], f["top"]),
                "entry": _shown_level(by_name[f["entry"]], f["entry"])}
    return year_on_year.results_file(ID, data_date, threshold, benchmark, [*levels, {**everyone, "everyone": True}], prog)


def progression_counts(level_rows: list[Row], progression: dict | None) -> dict | None:
    if not progression:
        return None
    by_name = {r.name: r for r in level_rows[:-1]}
    f = progression["figure"]
    return {k: {"known": by_name[f[k]].known if by_name[f[k]].share_visible(LOWER) else None,
                "lower": by_name[f[k]].counts[LOWER] if by_name[f[k]].share_visible(LOWER) else None} for k in ("top", "entry")}


def results_csv(rows: dict[str, list[Row]], gaps: dict[str, list[Gap]], labels, benchmark: dict) -> str:
    header = ["breakdown", "name", "professional", "intermediate", "lower", "not_known", "answered", "known",
              "professional_pct", "professional_ci", "intermediate_pct", "intermediate_ci", "lower_pct", "lower_ci",
              "benchmark", "benchmark_lower_pct", "gap_points", "representation_ratio", "missing_people",
              "statistically_clear", "p_value"]
    out = []
    for dim, rs in rows.items():
        for r, g in zip(rs, gaps[dim]):
            _, _, everyone = labels[dim]  # (heading, "by ...", the totals row's name)
            name = everyone if r.is_total else r.name
            line = [dim, name, *[r.count_shown(i) for i in range(len(COLUMNS))], r.answered_shown, r.known_shown]
            for i in GROUP_POSITIONS:
                line += [r.share(i), r.interval(i)]
            line += [benchmark["label"], benchmark["shares"]["lower"], g.gap, g.ratio, g.missing, g.clear, g.p_value]
            out.append(line)
    return to_csv(header, out)


def markdown_report(summary, notices, tables, benchmark: dict, threshold: int) -> str:
    lines = ["# Representation gap report", "",
             markdown_cell(f"Compared with {benchmark['label']}. Counts under {threshold} are hidden as {SUPPRESSED}."), "",
             "## Summary", ""]
    lines += [f"- {markdown_cell(s['text'])}" for s in summary]
    wanted = ("gap-level", "progression", "quality", "gap-function", "gap-region", "leaders", "grouping")
    for t in sorted((t for t in tables if t["id"] in wanted), key=lambda t: wanted.index(t["id"])):
        lines += ["", f"## {markdown_cell(t['caption'])}", ""]
        lines += markdown_table(t)
        if t.get("note"):
            lines += ["", markdown_cell(t["note"])]
    lines += ["", "## Notes", ""] + [f"- {markdown_cell(n['text'])}" for n in notices]
    lines += ["", "## Method", "", markdown_cell(METHOD_PLAIN), ""]
    return "\n".join(lines)
