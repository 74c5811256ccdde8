"""Turning an advert's findings into the result: marked text, summary, tables and downloads.

Highlights never overlap. When two findings cover the same text, the more severe one is
marked; between equally severe findings the longer wins, then the earlier. A finding that is
not marked is still listed in the findings table, with its line and column. Long sentences are
listed but not marked, so they never hide a shorter finding inside them.
"""
from __future__ import annotations

from bisect import bisect_left

from calculators.job_advert.match import Analysis, Finding
from calculators.job_advert.rules import SEVERITIES, RuleBook
from calculators.job_advert.text import LineIndex
from calculators.shared.csv_safe import markdown_cell, to_csv
from calculators.shared.markdown import markdown_table
from calculators.shared.numbers import one_decimal
from calculators.core.result import download, sentence, table

MATCHED_SHOWN = 80  # characters of a long match shown in tables and reports


def fill(template: str, finding: Finding, matched: str) -> str:
    """A rule's text with its placeholders filled in for one finding."""
    value = "" if finding.value is None else one_decimal(finding.value)
    limit = "" if finding.limit is None else one_decimal(finding.limit)
    return (template.replace("{matched}", matched).replace("{plain}", finding.plain)
            .replace("{value}", value).replace("{limit}", limit))


def shown(text: str) -> str:
    """Matched text for a table cell: one line, and cut short if long."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= MATCHED_SHOWN else one_line[:MATCHED_SHOWN - 1] + "\u2026"


def finding_label(finding: Finding) -> str:
    return f"{finding.rule.label} ({finding.detail})" if finding.detail else finding.rule.label


def highlight_spans(findings: list[Finding], ids: dict[int, str], book: RuleBook, text: str,
                    lines: LineIndex | None = None) -> list[dict]:
    """Non-overlapping marked spans, sorted by start (see the module docstring for who wins), each
    with its line and column for the findings list under the marked text."""
    lines = lines or LineIndex(text)
    candidates = [f for f in findings if f.start is not None and f.rule.show_in_text]
    order = sorted(candidates, key=lambda f: (-f.rank, -(f.end - f.start), f.start))
    starts: list[int] = []
    kept: list[Finding] = []
    for f in order:
        i = bisect_left(starts, f.start)
        if i > 0 and kept[i - 1].end > f.start:
            continue
        if i < len(kept) and kept[i].start < f.end:
            continue
        starts.insert(i, f.start)
        kept.insert(i, f)
    spans = []
    for f in kept:
        severity_label = book.severities[f.severity]["label"]
        line, column = lines.position(f.start)
        spans.append({
            "start": f.start, "end": f.end, "line": line, "column": column, "id": ids[id(f)], "rule": f.rule.id,
            "category": f.rule.category,
            "severity": f.severity, "label": f"{severity_label}: {f.rule.label}",
            "message": f"{finding_label(f)}. {fill(f.rule.suggestion, f, text[f.start:f.end])}",
        })
    return spans


def intervention_title(slug: str, content: dict) -> str:
    for item in content.get("interventions") or ():
        if isinstance(item, dict) and item.get("slug") == slug and item.get("title"):
            return str(item["title"])
    return slug.replace("-", " ").capitalize()


def counts_by_category(findings: list[Finding]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for f in findings:
        counts.setdefault(f.rule.category, dict.fromkeys(SEVERITIES, 0))[f.severity] += 1
    return counts


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def _rule_summary(findings: list[Finding]) -> str:
    """'Degree asked for (2), Aimed at graduates (1)': the rules found, most severe first."""
    seen: dict[str, list] = {}
    for f in findings:
        entry = seen.setdefault(f.rule.id, [f.rule.label, 0, f.rank])
        entry[1] += 1
        entry[2] = max(entry[2], f.rank)
    parts = sorted(seen.values(), key=lambda e: -e[2])
    return ", ".join(f"{label} ({n})" if n > 1 else label for label, n, _ in parts)


def verdict(findings: list[Finding], book: RuleBook) -> str:
    barriers = [f for f in findings if f.severity == "barrier"]
    cautions = [f for f in findings if f.severity == "caution"]
    if barriers:
        return (f"This advert has {_plural(len(barriers), 'barrier')} likely to put off or screen out people "
                f"from lower socio-economic backgrounds: {_rule_summary(barriers)}."
                + (f" There {'is' if len(cautions) == 1 else 'are'} also {_plural(len(cautions), 'thing')} to check." if cautions else ""))
    if cautions:
        return (f"We found no barriers, but {_plural(len(cautions), 'thing')} to check: {_rule_summary(cautions)}.")
    return ("We found no barriers and nothing to check. A checker cannot catch everything, so ask someone "
            "from outside your sector to read the advert too.")


def category_sentences(analysis: Analysis, book: RuleBook, content: dict) -> list[dict]:
    out = []
    read = analysis.doc.readability
    by_category: dict[str, list[Finding]] = {}
    for f in analysis.findings:
        if f.rule.kind != "gender-word":  # counted in the gendered-wording sentence instead
            by_category.setdefault(f.rule.category, []).append(f)
    for cat in book.categories:
        found = [f for f in by_category.get(cat["id"], []) if f.rule.kind != "gender-balance"]
        parts = [_rule_summary(found) + "."] if found else []
        if cat["id"] == "readability" and read.reading_ease is not None:
            parts.append(f"Reading ease {read.reading_ease:.0f} (60 or more is plain English); sentences average "
                         f"{read.average_sentence:.0f} words, the longest has {read.longest_sentence}; "
                         f"{_plural(analysis.essential_requirements, 'essential requirement')}.")
        if cat["id"] == "language":
            parts.append(f"Gendered wording: {analysis.coding.replace('empty', 'no coded words')} "
                         f"({_plural(analysis.masculine_words, 'masculine-coded word')}, "
                         f"{_plural(analysis.feminine_words, 'feminine-coded word')}).")
        if cat["id"] == "pay" and analysis.absent.get("no-salary-figure") is False:
            parts.append("You give a pay figure.")
        if cat["id"] == "flexibility":
            given = [label for rid, label in (("no-location", "location"), ("no-hours", "hours"),
                                              ("no-remote-info", "on-site or remote working"))
                     if analysis.absent.get(rid) is False]
            if given:
                parts.append("You state the " + _and(given) + ".")
        text = f"{cat['label']}: " + (" ".join(parts) if parts else "nothing found.")
        slug = cat.get("intervention")
        links = [(intervention_title(slug, content), f"intervention:{slug}")] if slug and found else []
        out.append(sentence(text, links))
    return out


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def build_tables(analysis: Analysis, book: RuleBook, content: dict, ids: dict[int, str]) -> list[dict]:
    text = analysis.doc.text
    counts = counts_by_category(analysis.findings)
    category_rows = []
    for cat in book.categories:
        c = counts.get(cat["id"], dict.fromkeys(SEVERITIES, 0))
        category_rows.append({"category": cat["label"], "barrier": c["barrier"], "caution": c["caution"], "note": c["note"]})
    labels = {s: book.severities[s]["label"] for s in SEVERITIES}
    categories = table("categories", "Findings by category",
                       [("category", "Category"), ("barrier", labels["barrier"]), ("caution", labels["caution"]), ("note", labels["note"])],
                       category_rows, note="Counts of findings. Notes include each gender-coded word.")
    rows = []
    for f in analysis.findings:
        line, column = analysis.doc.lines.position(f.start) if f.start is not None else (None, None)
        matched = text[f.start:f.end] if f.start is not None else ""
        rows.append({
            "id": ids[id(f)], "line": line, "column": column, "category": _category_label(book, f.rule.category),
            "severity": labels[f.severity], "found": shown(matched) if matched else "(the whole advert)",
            "issue": finding_label(f), "why": fill(f.rule.why, f, matched), "suggestion": fill(f.rule.suggestion, f, matched),
        })
    findings = table("findings", "Findings, in the order they appear",
                     [("id", "Finding"), ("line", "Line"), ("column", "Column"), ("category", "Category"),
                      ("severity", "Severity"), ("found", "Found"), ("issue", "Issue"), ("why", "Why it matters"),
                      ("suggestion", "Suggestion")], rows,
                     note="Line and column count characters from 1. Findings about the whole advert have no line.")
    suggestion_rows = []
    for rule in _rules_found(analysis.findings):
        suggestion_rows.append({"issue": rule.label, "before": rule.example["before"], "after": rule.example["after"],
                                "guidance": intervention_title(rule.intervention, content),
                                "href": f"intervention:{rule.intervention}"})
    suggestions = table("suggestions", "Example rewrites",
                        [("issue", "Issue"), ("before", "Before"), ("after", "After"), ("guidance", "Guidance"), ("href", "Link")],
                        suggestion_rows)
    read = analysis.doc.readability
    measures = [
        ("Flesch reading ease", None if read.reading_ease is None else round(read.reading_ease, 1)),
        ("Words", read.words), ("Sentences", read.sentences),
        ("Average sentence (words)", None if read.average_sentence is None else round(read.average_sentence, 1)),
        ("Longest sentence (words)", read.longest_sentence),
        ("Essential requirements", analysis.essential_requirements),
        ("Masculine-coded words", analysis.masculine_words), ("Feminine-coded words", analysis.feminine_words),
        ("Gendered wording", analysis.coding.replace("empty", "no coded words")),
    ]
    readability = table("readability", "Readability and wording", [("measure", "Measure"), ("value", "Value")],
                        [{"measure": m, "value": v} for m, v in measures])
    return [categories, findings, suggestions, readability]


def findings_list(analysis: Analysis, ids: dict[int, str]) -> list[dict]:
    """Every finding as plain data, in the findings table's order (for the findings list, the
    CLI and analysts). start and end are offsets into highlights.text; None for the whole advert."""
    text, out = analysis.doc.text, []
    for f in analysis.findings:
        line, column = analysis.doc.lines.position(f.start) if f.start is not None else (None, None)
        matched = text[f.start:f.end] if f.start is not None else ""
        out.append({"id": ids[id(f)], "rule": f.rule.id, "category": f.rule.category, "severity": f.severity,
                    "start": f.start, "end": f.end, "line": line, "column": column, "matched": matched,
                    "label": finding_label(f), "intervention": f"intervention:{f.rule.intervention}"})
    return out


def _category_label(book: RuleBook, category: str) -> str:
    for cat in book.categories:
        if cat["id"] == category:
            return cat["label"]
    return category


def _rules_found(findings: list[Finding]):
    seen = {}
    for f in sorted(findings, key=lambda f: -f.rank):
        if f.rule.kind != "gender-word":
            seen.setdefault(f.rule.id, f.rule)
    return list(seen.values())


def markdown_report(analysis: Analysis, book: RuleBook, content: dict, tables: list[dict], summary: list[dict], notices: list[dict]) -> str:
    lines = ["# Job advert check", ""]
    for s in summary:
        links = "".join(f" See: {markdown_cell(link['label'])} ({link['href']})." for link in s["links"])
        lines.append(f"- {markdown_cell(s['text'])}{links}")
    if notices:
        lines += ["", "## Notes", ""] + [f"- {markdown_cell(n['text'])}" for n in notices]
    for t in tables:
        lines += ["", f"## {markdown_cell(t['caption'])}", ""]
        lines += markdown_table(t, rule="---|")
        if t.get("note"):
            lines += ["", markdown_cell(t["note"])]
    lines += ["", "## Sources", ""]
    for rule in _rules_found(analysis.findings):
        src = rule.source
        lines.append(f"- {markdown_cell(rule.label)}: {markdown_cell(src['title'])}, {markdown_cell(src['publisher'])}, "
                     f"{src['year']}. {src['url']}")
    lines.append("")
    return "\n".join(lines)


def findings_csv(tables: list[dict]) -> str:
    findings = next(t for t in tables if t["id"] == "findings")
    keys = [c["key"] for c in findings["columns"]]
    return to_csv([c["label"] for c in findings["columns"]], ([row.get(k) for k in keys] for row in findings["rows"]))


def downloads(analysis: Analysis, book: RuleBook, content: dict, tables: list[dict], summary: list[dict], notices: list[dict]) -> list[dict]:
    return [
        download("advert-check.md", "text/markdown", markdown_report(analysis, book, content, tables, summary, notices),
                 "Download the report (Markdown)"),
        download("advert-findings.csv", "text/csv", findings_csv(tables), "Download the findings (CSV)"),
    ]
