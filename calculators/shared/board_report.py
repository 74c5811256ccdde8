"""A one-page board report of a result, as a self-contained HTML page made where the calculator
runs (in the browser, or on the command line): the key figures, the main chart, the findings, the
method and the notes on small numbers, the benchmark's source and date, the date of the data, and
what to do next with links to the guidance.

It prints on at most two A4 pages and reads in black and white: every colour is a grey, bars are
labelled with their values, and the benchmark is a labelled dashed line. It holds nothing the
screen does not show (hidden figures stay "[c]"). Links to guidance are written "intervention:<slug>";
the web page turns them into the guide's address when the file is downloaded.
"""
from __future__ import annotations

from html import escape
from typing import Sequence

CSS = """
@page { size: A4; margin: 14mm 14mm 16mm; }
* { box-sizing: border-box; }
body { font: 10pt/1.35 Arial, Helvetica, sans-serif; color: #000; background: #fff; margin: 0 auto; max-width: 182mm; padding: 6mm 0; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 11.5pt; margin: 5mm 0 1.5mm; border-bottom: 1px solid #000; padding-bottom: .5mm; break-after: avoid; }
p, ul { margin: 0 0 2mm; }
ul { padding-left: 5mm; }
li { margin-bottom: 1mm; }
a { color: #000; }
.meta { color: #333; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2.5mm; list-style: none; padding: 0; margin: 0 0 2mm; }
.figure { border: 1px solid #000; border-top-width: 3px; padding: 1.8mm 2.2mm; break-inside: avoid; }
.figure p { margin: 0 0 1mm; font-size: 8.5pt; }
.figure .label { font-weight: bold; font-size: 9pt; }
.figure .value { font-size: 16pt; font-weight: bold; line-height: 1.1; }
.chart { break-inside: avoid; }
svg { display: block; width: 100%; height: auto; break-inside: avoid; }
svg text { font: 10px Arial, Helvetica, sans-serif; fill: #000; }
svg.dense text { font-size: 8px; }
.bar { fill: #595959; }
.whisker { stroke: #000; stroke-width: 1.2; }
.reference { stroke: #000; stroke-width: 1.2; stroke-dasharray: 4 3; }
.small { font-size: 8.5pt; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
@media print { body { padding: 0; } a[href^="http"]::after { content: ""; } }
"""


def _text(value) -> str:
    return escape(str(value), quote=True)


def _number(value, unit: str = "") -> str:
    if isinstance(value, bool) or value is None:
        return "None"
    if isinstance(value, int):
        return f"{value:,}{unit}"
    if isinstance(value, float):
        return (f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}") + unit
    return _text(value)


def _sentence(s: dict) -> str:
    links = " ".join(f'<a href="{_text(link["href"])}">{_text(link["label"])}</a>' for link in s.get("links") or [])
    return _text(s["text"]) + (" " + links if links else "")


def figure_panel(figures: Sequence[dict]) -> str:
    items = []
    for f in figures:
        parts = [f'<p class="label">{_text(f["label"])}</p>', f'<p class="value">{_number(f["value"], f.get("unit") or "")}</p>']
        if f.get("interval"):
            low, high = f["interval"]
            parts.append(f'<p>95% interval: {_number(low, f.get("unit") or "")} to {_number(high, f.get("unit") or "")}</p>')
        if f.get("compare"):
            parts.append(f"<p>{_text(f['compare'])}</p>")
        if f.get("meaning"):
            parts.append(f"<p>{_text(f['meaning'])}</p>")
        items.append(f'<li class="figure">{"".join(parts)}</li>')
    return f'<ul class="figures">{"".join(items)}</ul>'


def chart_svg(c: dict, width: int = 640) -> str:
    """The chart as a static SVG in greys: a bar, its value and its interval whisker per
    category; hidden values labelled; the benchmark as a labelled dashed line."""
    rows = []
    for i, cat in enumerate(c["categories"]):
        for s in c["series"]:
            rows.append((cat if len(c["series"]) == 1 else f"{cat}: {s['name']}", s["values"][i],
                         (s.get("low") or [None] * len(c["categories"]))[i], (s.get("high") or [None] * len(c["categories"]))[i]))
    unit = c.get("unit") or ""
    ref = c.get("reference")
    top_value = max([100 if unit == "%" else 0] + [max(v or 0, h or 0) for _, v, _, h in rows] + [ref["value"] if ref else 0]) or 1
    longest = max([len(r[0]) for r in rows] + [4])
    label_w = min(int(width * 0.36), longest * 6 + 10)
    bar_w = width - label_w - 50
    row_h, top = max(7, min(20, 330 // max(1, len(rows)))), (18 if ref else 4)  # a long ladder fits on a page
    height = top + row_h * len(rows) + 6
    x = lambda v: label_w + v / top_value * bar_w  # noqa: E731
    dense = ' class="dense"' if row_h < 12 else ""
    out = [f'<svg viewBox="0 0 {width} {height}"{dense} role="img" aria-label="{_text(c["title"])}">']
    for i, (label, value, low, high) in enumerate(rows):
        y = top + i * row_h
        room = (label_w - 8) // 6
        shown = label if len(label) <= room else label[: max(3, room - 1)] + "\u2026"
        out.append(f'<text x="{label_w - 5}" y="{y + row_h / 2 + 3.5:.1f}" text-anchor="end">{_text(shown)}</text>')
        if value is None:
            out.append(f'<text x="{label_w + 3}" y="{y + row_h / 2 + 3.5:.1f}" font-style="italic">hidden: small number</text>')
            continue
        out.append(f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{max(1.0, x(value) - label_w):.1f}" height="{row_h - 6}"/>')
        end = x(value)
        if low is not None and high is not None:
            a, b, mid = x(low), x(high), y + row_h / 2
            out.append(f'<path class="whisker" d="M{a:.1f} {mid}H{b:.1f}M{a:.1f} {mid - 4}V{mid + 4}M{b:.1f} {mid - 4}V{mid + 4}"/>')
            end = max(end, b)
        out.append(f'<text x="{end + 4:.1f}" y="{y + row_h / 2 + 3.5:.1f}">{_number(value, unit)}</text>')
    if ref:
        rx = x(ref["value"])
        anchor, tx = ("end", rx - 3) if rx > width * 0.6 else ("start", rx + 3)
        out.append(f'<line class="reference" x1="{rx:.1f}" x2="{rx:.1f}" y1="{top - 4}" y2="{height - 2}"/>')
        out.append(f'<text x="{tx:.1f}" y="11" text-anchor="{anchor}">{_text(ref["label"])}</text>')
    out.append("</svg>")
    return "".join(out)


def board_report(title: str, data_date: str, figures: Sequence[dict], main_chart: dict | None, findings: Sequence[dict],
                 next_steps: Sequence[tuple[str, str]], benchmark: dict, method: str, notes: Sequence[dict],
                 lead: Sequence[dict] = ()) -> str:
    """The report as one HTML page (inline styles and SVG; no script, no outside resource)."""
    source = benchmark.get("source") or {}
    bench = _text(benchmark.get("label") or "")
    if source.get("title"):
        bench += f" \u2014 {_text(source.get('title'))} ({_text(source.get('publisher') or '')}, {_text(source.get('year') or '')})"
        if source.get("url"):
            bench += f' <a href="{_text(source["url"])}">{_text(source["url"])}</a>'
    bench += f". Date of the benchmark: {_text(benchmark.get('date') or 'not given')}."
    parts = [
        "<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
        f"<h1>{_text(title)}</h1>",
        f'<p class="meta">Date of the data: {_text(data_date or "not given")}. Benchmark: {bench}</p>',
    ]
    parts += [f"<p><strong>{_sentence(s)}</strong></p>" for s in lead]
    parts += ["<h2>Key figures</h2>", figure_panel(figures)]
    parts += ["<h2>What this means</h2>", "<ul>" + "".join(f"<li>{_sentence(s)}</li>" for s in findings) + "</ul>"]
    parts += ["<h2>What to do next</h2>",
              "<ul>" + "".join(f'<li><a href="{_text(href)}">{_text(label)}</a></li>' for label, href in next_steps) + "</ul>"]
    if main_chart:  # after the words, so that a long ladder takes the second page rather than a third
        parts += [f'<section class="chart"><h2>{_text(main_chart["title"])}</h2>', chart_svg(main_chart), "</section>"]
    parts += ['<div class="cols small"><div><h2>Method</h2>', f"<p>{_text(method)}</p></div>",
              "<div><h2>Notes on the data and small numbers</h2>",
              "<ul>" + "".join(f"<li>{_sentence(s)}</li>" for s in notes) + "</ul></div></div>",
              "</body>", "</html>", ""]
    return "\n".join(parts)
