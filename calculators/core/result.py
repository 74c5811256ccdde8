"""The plain shape every calculator returns, so one front end, one CLI and one test corpus serve all.

A result is a JSON-able dict:

    {"summary":   [Sentence...],          plain-English sentences, most important first
     "notices":   [Sentence...],          warnings and notes (data quality, suppression, fallbacks)
     "tables":    [Table...],
     "charts":    [Chart...],             each names the table that holds its data
     "downloads": [Download...],          files made locally (CSV through calculators.shared.csv_safe)
     "highlights": Highlights | None,     marked-up spans of a text input
     "mappings":  [Mapping...],           follow-up questions that fill a `mapping` input
     "key_figures": [KeyFigure...],       optional: the few figures that matter, shown first
     "key_findings": [Sentence...]}       optional: at most three sentences shown after them

When a result has key figures or key findings, the page leads with them (after any sentence in
"lead", such as which level was taken as the top), puts the full summary and the tables without
a chart in disclosure sections (opened where the table has "open": True), and keeps each chart's
table beside its chart. Numbers on screen
are formatted for reading (thousands separators, the same decimals down a column); downloads keep
the raw numbers.

A Sentence is {"text": str, "links": [{"label": str, "href": str}]}. An href of the form
"intervention:<slug>" or "calculator:<id>" is resolved to a page URL by the site (and printed
as is by the CLI), so calculators never need to know where pages live.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

SUPPRESSED = "[c]"  # shown in place of a count, percentage or bar built on a small number


def sentence(text: str, links: Iterable[tuple[str, str]] = ()) -> dict:
    return {"text": text, "links": [{"label": label, "href": href} for label, href in links]}


def table(id: str, caption: str, columns: Sequence[tuple[str, str]], rows: Sequence[dict], note: str = "",
          decimals: dict | None = None) -> dict:
    """columns: (key, label) pairs; rows: dicts keyed by column key. Cells are str, int, float or None.
    Numbers that must stay hidden are already replaced by SUPPRESSED. The page shows a column's
    numbers with the same decimals all the way down; decimals ({key: n, or None for a column of
    unlike figures, each shown as it is}) overrides that."""
    out = {
        "id": id,
        "caption": caption,
        "columns": [{"key": k, "label": label} for k, label in columns],
        "rows": [{k: row.get(k) for k, _ in columns} for row in rows],
        "note": note,
    }
    if decimals:
        out["decimals"] = dict(decimals)
    return out


def chart(id: str, title: str, categories: Sequence[str], series: Sequence[dict], table_id: str,
          unit: str = "%", reference: dict | None = None, kind: str = "bar") -> dict:
    """A horizontal bar chart (kind "bar") or a ladder by level (kind "ladder").

    series: [{"name": str, "values": [number | None], "low": [...], "high": [...]}]; None is a
    suppressed or missing bar and is drawn as a labelled gap, never as zero; "low" and "high"
    (optional) are a confidence interval drawn as whiskers. reference: {"label": str, "value":
    number} draws a labelled benchmark line. The data always also appears in the table `table_id`."""
    return {"id": id, "title": title, "kind": kind, "unit": unit, "categories": list(categories),
            "series": [dict(s) for s in series], "reference": reference, "table": table_id}


MAX_FINDINGS = 3


def key_figure(id: str, label: str, value: int | float | str | None, unit: str = "", interval: Sequence | None = None,
               meaning: str = "", compare: str = "") -> dict:
    """One figure of the key-figures panel: value (a number, SUPPRESSED or None when there is
    none), unit ("%", " points", ""), interval (low, high) or None, and a one-line meaning."""
    return {"id": id, "label": label, "value": value, "unit": unit,
            "interval": list(interval) if interval is not None else None, "meaning": meaning, "compare": compare}


def key_findings(sentences: Iterable[dict]) -> list[dict]:
    """The plain-English findings shown after the key figures: at most MAX_FINDINGS."""
    return list(sentences)[:MAX_FINDINGS]


def download(filename: str, mime: str, text: str, label: str = "") -> dict:
    return {"filename": filename, "mime": mime, "text": text, "label": label or f"Download {filename}"}


def mapping(input_name: str, question: str, items: Sequence[dict], choices: Sequence[tuple[str, str]]) -> dict:
    """Ask the user to sort unrecognised values. items: [{"key": str, "count": int}]."""
    return {"input": input_name, "question": question, "items": [dict(i) for i in items],
            "choices": [{"value": v, "label": label} for v, label in choices]}


def result(summary: Iterable[dict] = (), notices: Iterable[dict] = (), tables: Iterable[dict] = (),
           charts: Iterable[dict] = (), downloads: Iterable[dict] = (), highlights: dict | None = None,
           mappings: Iterable[dict] = (), **extra: Any) -> dict:
    out = {"summary": list(summary), "notices": list(notices), "tables": list(tables),
           "charts": list(charts), "downloads": list(downloads), "highlights": highlights,
           "mappings": list(mappings)}
    out.update(extra)
    return out
