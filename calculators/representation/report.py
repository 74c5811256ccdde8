"""The whole result: tables and charts for each breakdown, the summary, notes and downloads."""
from __future__ import annotations

from typing import Mapping

from calculators.core.result import SUPPRESSED, download, key_findings, result, sentence, table
from calculators.peer_benchmark import spec as peer_benchmark
from calculators.representation import crossing, year_on_year
from calculators.representation.benchmark import benchmark_notice
from calculators.representation.constants import link
from calculators.representation.counts import GROUP_POSITIONS, GROUPS, LOWER, Workforce
from calculators.representation.exports import markdown_report, progression_counts, results_csv, saved_results
from calculators.representation.figures import breakdowns, furthest_ahead, gap_against
from calculators.representation.levels import order_facts, order_statement, short_order
from calculators.representation.method import METHOD_PLAIN
from calculators.representation.tables import LABELS, breakdown_tables
from calculators.representation.wording import data_quality, findings_for, lead_figures, level_sentence, progression_gap, suppression_notice
from calculators.shared import seb as seb_grouping
from calculators.shared.board_report import board_report
from calculators.shared.numbers import whole_number


def build_report(data: Workforce, benchmark: dict, grouping: seb_grouping.Grouping, threshold: int, field_name: str,
                 data_date: str = "", last_year: dict | None = None, level_map: Mapping[str, str] | None = None,
                 org_label: str = "") -> dict:
    b = benchmark["shares"]
    b_lower = b["lower"]
    phrase = benchmark["phrase"]
    rows = breakdowns(data, threshold)
    gaps = {dim: [gap_against(r, b_lower) for r in rs] for dim, rs in rows.items()}
    tables, charts, summary, notices = [], [], [], list(data.notices)

    labels = {**LABELS, **crossing.labels(data)}
    for dim, rs in rows.items():
        dim_tables, dim_chart = breakdown_tables(dim, rs, gaps[dim], benchmark, grouping, labels[dim])
        tables += dim_tables
        charts.append(dim_chart)

    level_rows, level_gaps = rows["level"][:-1], gaps["level"][:-1]
    all_row, all_gap = rows["level"][-1], gaps["level"][-1]
    # Summary: which level is the top, everyone, then each level, then the progression gap.
    statement = order_statement(data.order, field_name) if data.order else None
    if statement:
        summary.append(statement[0])
    summary.append(level_sentence("Across everyone", all_row, all_gap, b_lower, phrase, threshold))
    for r, g in list(zip(level_rows, level_gaps))[:8]:
        summary.append(level_sentence(f"At {r.name} level", r, g, b_lower, phrase, threshold))
    if len(level_rows) > 8:
        summary.append(sentence(f"The other {len(level_rows) - 8} levels are in the tables below."))

    ranked = set(data.order.ranked) if data.order else set(data.levels)
    progression = progression_gap([r for r in level_rows if r.name in ranked],
                                  [g for r, g in zip(level_rows, level_gaps) if r.name in ranked], threshold, data.order)
    if progression:
        tables.append(progression["table"])
        summary.append(progression["sentence"])

    # Naming a team furthest ahead tells a reader that team has at least `threshold` people from
    # lower SEB and as many others; with any group count hidden, that could narrow a hidden count
    # through the other breakdowns, so teams are compared only when every group count is shown.
    all_shown = all(r.count_shown(i) != SUPPRESSED for rs in rows.values() for r in rs for i in range(len(GROUPS)))
    if (data.has_function or data.has_region) and not all_shown:
        summary.append(sentence("Who is furthest ahead at each level is not shown: some counts are hidden to protect small "
                                "groups, and naming a team could help someone work them out.", [link("leaders")]))
    elif data.has_function or data.has_region:
        leaders = furthest_ahead(data, threshold)
        cols = [("level", "Level")]
        for dim in ("function", "region"):
            if getattr(data, f"has_{dim}"):
                cols += [(dim, f"{dim.capitalize()} furthest ahead"), (f"{dim}_share", "Its lower SEB (% of known)")]
        tables.append(table("leaders", "Learning from others: who is furthest ahead at each level", cols, leaders,
                            note=f"Only teams with at least {threshold} people from lower SEB and {threshold} others with a known "
                                 "answer at that level are compared."))
        for lead in leaders:
            for dim in ("function", "region"):
                if lead.get(dim):
                    summary.append(sentence(f"At {lead['level']} level, the {dim} furthest ahead is {lead[dim]}: "
                                            f"{whole_number(lead[dim + '_share'])}% of its known answers are from lower SEB. "
                                            "Ask its leaders what they do differently.", [link("leaders")]))
    else:
        summary.append(sentence("Break your results down by function and region as well as level to see where the gap "
                                "is widest and who is furthest ahead.", [link("breakdown")]))

    quality_table, quality_sentences = data_quality(rows["level"])
    tables.append(quality_table)
    summary.extend(quality_sentences)
    summary.append(sentence(f"The benchmark is {benchmark['label']}. Compare yourself with organisations in your area and "
                            "sector too.", [link("benchmark")]))

    tables.append(table("grouping", "How answers were grouped", [("code", "Code"), ("answer", "Answer option"), ("group", "Group")],
                        [{"code": r["code"], "answer": r["answer"], "group": r["group"]} for r in grouping.rows()],
                        note=grouping.note))
    notices.append(sentence(f"Answers are grouped as in the table \u201cHow answers were grouped\u201d: {grouping.in_words()}. "
                            "\u201cOther\u201d and \u201cprefer not to say\u201d answers are counted but left out of percentages.",
                            [link("headline")]))
    notices.append(benchmark_notice(benchmark))
    trait_question, trait_notices = crossing.question_and_notices(data, rows, threshold) if data.traits else (None, [])
    notices += trait_notices
    notices.append(suppression_notice(rows, threshold))

    figures = lead_figures(all_row, all_gap, benchmark, progression)
    top_findings = findings_for(summary, statement, progression)
    saved = saved_results(rows["level"], benchmark, threshold, data_date, progression, data.order)
    peer_file, left_out = peer_benchmark.export(org_label, data_date, threshold,
                                                [(r.name, r.counts, all(r.share_visible(i) for i in GROUP_POSITIONS)) for r in rows["level"][:-1]])
    if left_out:
        named = ", ".join(left_out[:5]) + (f" and {len(left_out) - 5} more levels" if len(left_out) > 5 else "")
        notices.append(sentence(f"The benchmark file for your sector group leaves out {named}: a group there has fewer "
                                f"than {threshold} people or is hidden here, and so everyone's shares are left out too, so that nothing "
                                "left out can be worked out."))
    change_question = None
    if last_year is not None:
        now = [{"name": "All levels" if r.is_total else r.name, "everyone": r.is_total,
                "known": r.known if r.known_visible else None,
                "lower": r.counts[LOWER] if r.share_visible(LOWER) else None} for r in rows["level"]]
        change = year_on_year.compare(last_year, now, progression_counts(rows["level"], progression), level_map, benchmark)
        tables[:0] = [t for t in (change["table"], change["gap_table"]) if t]
        if change["chart"]:
            charts.append(change["chart"])
        summary.extend(change["sentences"])
        notices[:0] = change["notices"]
        change_question = change["mapping"]
        if change["sentences"]:
            top_findings = key_findings([*top_findings[:2], change["sentences"][0]]) if top_findings else change["sentences"][:1]
    suppression = notices[-1]
    report_notes = [suppression] + data.notices[:4]
    if len(data.notices) > 4:
        report_notes.append(sentence(f"{len(data.notices) - 4} more notes are with the full results."))
    steps = [link(k) for k in ("progression", "breakdown", "response", "benchmark")]
    report = board_report("Socio-economic background of our people: representation gap", data_date, figures, charts[0],
                          top_findings, steps, benchmark, METHOD_PLAIN, report_notes,
                          lead=[short_order(data.order)] if data.order and not data.order.confirmed and len(data.order.ranked) > 1 else [])
    downloads = [download("representation-gap-results.csv", "text/csv", results_csv(rows, gaps, labels, benchmark),
                          "Download the results (CSV)"),
                 download("representation-gap-report.md", "text/markdown",
                          markdown_report(summary, notices, tables, benchmark, threshold), "Download a short report (Markdown)"),
                 download("representation-gap-board-report.html", "text/html", report, "Download a board report (print-ready page)"),
                 download("representation-gap-results.json", "application/json", saved,
                          "Save these results for next year (a small file with only what is shown here)"),
                 download("representation-gap-peer-benchmark.json", "application/json", peer_file,
                          "Export a benchmark file for your sector group (shares only, no counts)")]
    return result(summary=summary, notices=notices, tables=tables, charts=charts, downloads=downloads,
                  key_figures=figures, key_findings=top_findings, lead=[statement[0]] if statement else [], change_question=change_question,
                  trait_question=trait_question,
                  actions=[statement[1]] if statement else [], level_order=order_facts(data.order), grouping=grouping.rows(),
                  benchmark={k: benchmark.get(k) for k in ("id", "label", "shares", "date", "definition", "source")},
                  threshold=threshold)
