"""The result of a batch check: every advert's counts, totals by department, the most common
barriers with the intervention to read, each advert's findings, and the downloads (one CSV of
every finding, a Markdown summary). Each advert's findings are the single checker's own
(`calculators.job_advert.report`), so a batch never says something different about an advert."""
from __future__ import annotations

from calculators.core.result import download, key_figure, result, sentence, table
from calculators.job_advert.batch import Checked, Skipped
from calculators.job_advert.report import build_tables, counts_by_category, findings_list, intervention_title
from calculators.job_advert.rules import SEVERITIES, RuleBook
from calculators.shared.csv_safe import markdown_cell, to_csv
from calculators.shared.markdown import markdown_table

NO_DEPARTMENT = "(no department given)"
COMMON_SHOWN = 3  # the most common issues named in the summary
SKIPPED_LISTED = 50  # skipped adverts named one by one in the notes


def _plural(n: int, word: str, many: str = "") -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def _totals(item: Checked) -> dict[str, int]:
    totals = dict.fromkeys(SEVERITIES, 0)
    for f in item.analysis.findings:
        totals[f.severity] += 1
    return totals


def advert_rows(checked: list[Checked], book: RuleBook) -> list[dict]:
    rows = []
    for n, item in enumerate(checked, start=1):
        by_category = counts_by_category(item.analysis.findings)
        read = item.analysis.doc.readability
        row = {"n": n, "advert": item.advert.name, "department": item.advert.department, **_totals(item),
               "reading_ease": None if read.reading_ease is None else round(read.reading_ease, 1)}
        for cat in book.categories:
            row[f"category_{cat['id']}"] = sum(by_category.get(cat["id"], {}).values())
        rows.append(row)
    return rows


def department_rows(checked: list[Checked]) -> list[dict]:
    by_department: dict[str, dict] = {}
    for item in checked:
        name = item.advert.department.strip() or NO_DEPARTMENT
        row = by_department.setdefault(name, {"department": name, "adverts": 0, "with_barrier": 0,
                                              **dict.fromkeys(SEVERITIES, 0)})
        totals = _totals(item)
        row["adverts"] += 1
        row["with_barrier"] += 1 if totals["barrier"] else 0
        for severity in SEVERITIES:
            row[severity] += totals[severity]
    return sorted(by_department.values(), key=lambda r: (r["department"] == NO_DEPARTMENT, r["department"].casefold()))


def common_rows(checked: list[Checked], book: RuleBook, content: dict) -> list[dict]:
    """Each barrier and thing to check found, with how many adverts have it: the most common first."""
    seen: dict[str, dict] = {}
    for item in checked:
        in_this: set[str] = set()
        for f in item.analysis.findings:
            if f.severity == "note":
                continue
            key = f"{f.rule.id}/{f.severity}"
            row = seen.setdefault(key, {"issue": f.rule.label, "severity": book.severities[f.severity]["label"],
                                        "rank": f.rank, "category": _category(book, f.rule.category), "adverts": 0,
                                        "times": 0, "guidance": intervention_title(f.rule.intervention, content),
                                        "href": f"intervention:{f.rule.intervention}"})
            row["times"] += 1
            if key not in in_this:
                in_this.add(key)
                row["adverts"] += 1
    return sorted(seen.values(), key=lambda r: (-r["adverts"], -r["rank"], -r["times"], r["issue"]))


def _category(book: RuleBook, category: str) -> str:
    return next((c["label"] for c in book.categories if c["id"] == category), category)


def summary(checked: list[Checked], skipped: list[Skipped], common: list[dict]) -> list[dict]:
    n = len(checked)
    with_barrier = sum(1 for item in checked if any(f.severity == "barrier" for f in item.analysis.findings))
    cautions_only = sum(1 for item in checked if not any(f.severity == "barrier" for f in item.analysis.findings)
                        and any(f.severity == "caution" for f in item.analysis.findings))
    first = f"We checked {_plural(n, 'advert')}" + (f" and skipped {_plural(len(skipped), 'other')} (see the notes)" if skipped else "") + "."
    if n == 1:
        first += (" It has at least one barrier likely to put off or screen out people from lower socio-economic backgrounds."
                  if with_barrier else " It has only things to check." if cautions_only else " It has no barriers and nothing to check.")
    elif n:
        first += (f" {with_barrier:,} of them {'has' if with_barrier == 1 else 'have'} at least one barrier likely to put off or "
                  f"screen out people from lower socio-economic backgrounds; {cautions_only:,} {'has' if cautions_only == 1 else 'have'} "
                  f"only things to check; {n - with_barrier - cautions_only:,} {'has' if n - with_barrier - cautions_only == 1 else 'have'} neither.")
    out = [sentence(first)]
    for row in common[:COMMON_SHOWN]:
        out.append(sentence(f"{row['issue']} ({row['severity'].lower()}): in {row['adverts']:,} of the {_plural(n, 'advert')}"
                            f" ({_plural(row['times'], 'time')} in all).", [(row["guidance"], row["href"])]))
    return out


def _labels(book: RuleBook) -> dict[str, str]:
    return {s: book.severities[s]["label"] for s in SEVERITIES}


def build(checked: list[Checked], skipped: list[Skipped], book: RuleBook, content: dict, notices: list[str] = (),
          label: str = "", records: bool = False) -> dict:
    """The page's result. With `records`, also "adverts": one plain record per advert, with its
    findings (the CLI's JSON lines); the page does without them, as the tables hold the same."""
    labels = _labels(book)
    severity_columns = [(s, labels[s]) for s in SEVERITIES]
    rows = advert_rows(checked, book)
    adverts = table("adverts", "Every advert, with its findings by severity and category",
                    [("n", "Advert"), ("advert", "Title or file"), ("department", "Department"), *severity_columns,
                     *[(f"category_{c['id']}", c["label"]) for c in book.categories], ("reading_ease", "Reading ease")],
                    rows, note="Category columns count findings of every severity (notes include each gender-coded word). "
                               "Each advert's findings are listed below, under its number.")
    departments = table("departments", "Totals by department",
                        [("department", "Department"), ("adverts", "Adverts"), ("with_barrier", "Adverts with a barrier"),
                         *severity_columns], department_rows(checked))
    common = common_rows(checked, book, content)
    common_table = table("common", "The most common barriers and things to check",
                         [("issue", "Issue"), ("severity", "Severity"), ("category", "Category"), ("adverts", "Adverts"),
                          ("times", "Times found"), ("guidance", "Guidance"), ("href", "Link")], common,
                         note="Adverts counts the adverts with the issue at least once.")
    per_advert, all_rows, lines = [], [], []
    for n, item in enumerate(checked, start=1):
        ids = {id(f): f"finding-{k}" for k, f in enumerate(item.analysis.findings, start=1)}
        found = next(t for t in build_tables(item.analysis, book, content, ids) if t["id"] == "findings")
        all_rows.append(found["rows"])
        advert = item.advert
        where = "; ".join(p for p in (advert.source if advert.source != advert.name else "", advert.department, advert.url) if p)
        note = " ".join(p for p in ((f"From {where}." if where else ""), *item.notices,
                                    ("Only the first findings are listed: check this advert on its own."
                                     if item.analysis.truncated else "")) if p)
        per_advert.append(table(f"advert-{n}", f"Advert {n}: {advert.name}",
                                [("line", "Line"), ("column", "Column"), ("category", "Category"), ("severity", "Severity"),
                                 ("found", "Found"), ("issue", "Issue"), ("suggestion", "Suggestion")],
                                found["rows"], note=note or ""))
        if records:
            lines.append({"advert": n, "name": advert.name, "source": advert.source, "title": advert.title,
                          "department": advert.department, "url": advert.url, "checked": True,
                          "counts": {s: rows[n - 1][s] for s in SEVERITIES},
                          "by_category": {c["id"]: rows[n - 1][f"category_{c['id']}"] for c in book.categories},
                          "reading_ease": rows[n - 1]["reading_ease"], "notices": list(item.notices),
                          "findings": _plain_findings(findings_list(item.analysis, ids), found["rows"])})
    if records:
        lines += [{"advert": None, "name": s.source, "source": s.source, "checked": False, "reason": s.reason} for s in skipped]
    summary_sentences = summary(checked, skipped, common)
    notes = [sentence(text) for text in notices]
    notes += [sentence(f"Not checked: {s.source}. {s.reason}") for s in skipped[:SKIPPED_LISTED]]
    if len(skipped) > SKIPPED_LISTED:
        notes.append(sentence(f"\u2026 and {len(skipped) - SKIPPED_LISTED:,} more adverts not checked (the command line's --jsonl lists them all)."))
    for overview in (adverts, departments, common_table):
        overview["open"] = True  # shown opened on the page; each advert's findings wait a click away
    tables = [adverts, departments, common_table, *per_advert]
    with_barrier = sum(1 for r in rows if r["barrier"])
    figures = [key_figure("checked", "Adverts checked", len(checked)),
               key_figure("with-barrier", "Adverts with a barrier", with_barrier,
                          meaning=f"{round(100 * with_barrier / len(checked)) if checked else 0}% of the adverts checked"),
               key_figure("barriers", "Barriers found", sum(r["barrier"] for r in rows))]
    files = [download("advert-batch-findings.csv", "text/csv", findings_csv(checked, all_rows, content),
                      "Download every finding (CSV)"),
             download("advert-batch-summary.md", "text/markdown",
                      markdown_summary(summary_sentences, notes, [adverts, departments, common_table], label),
                      "Download the summary (Markdown)")]
    extra = {"adverts": lines} if records else {}
    return result(summary=summary_sentences, notices=notes, tables=tables, downloads=files, key_figures=figures,
                  key_findings=summary_sentences[1:4], **extra)


def _plain_findings(findings: list[dict], rows: list[dict]) -> list[dict]:
    """findings_list's plain data with the words of the findings table (why, suggestion)."""
    return [{**f, "why": row["why"], "suggestion": row["suggestion"]} for f, row in zip(findings, rows)]


CSV_COLUMNS = (("advert", "Advert"), ("name", "Title or file"), ("source", "Source"), ("department", "Department"),
               ("url", "URL"), ("line", "Line"), ("column", "Column"), ("category", "Category"), ("severity", "Severity"),
               ("found", "Found"), ("issue", "Issue"), ("why", "Why it matters"), ("suggestion", "Suggestion"),
               ("guidance", "Guidance"))


def findings_csv(checked: list[Checked], all_rows: list[list[dict]], content: dict) -> str:
    """Every finding of every advert, one per row, safe to open in a spreadsheet."""
    titles: dict[str, str] = {}

    def rows():
        for n, (item, found) in enumerate(zip(checked, all_rows), start=1):
            advert = item.advert
            for f, row in zip(item.analysis.findings, found):
                yield [n, advert.name, advert.source, advert.department, advert.url, row["line"], row["column"], row["category"],
                       row["severity"], row["found"], row["issue"], row["why"], row["suggestion"],
                       titles.get(f.rule.intervention) or titles.setdefault(f.rule.intervention, intervention_title(f.rule.intervention, content))]

    return to_csv([label for _, label in CSV_COLUMNS], rows())


def markdown_summary(summary_sentences: list[dict], notes: list[dict], tables: list[dict], label: str = "") -> str:
    lines = ["# Job adverts: batch check" + (f": {markdown_cell(label)}" if label else ""), ""]
    for s in summary_sentences:
        links = "".join(f" See: {markdown_cell(link['label'])} ({link['href']})." for link in s["links"])
        lines.append(f"- {markdown_cell(s['text'])}{links}")
    if notes:
        lines += ["", "## Notes", ""] + [f"- {markdown_cell(n['text'])}" for n in notes]
    for t in tables:
        lines += ["", f"## {markdown_cell(t['caption'])}", "", *markdown_table(t)]
        if t.get("note"):
            lines += ["", markdown_cell(t["note"])]
    lines += ["", "Every finding of every advert is in the CSV download.", ""]
    return "\n".join(lines)
