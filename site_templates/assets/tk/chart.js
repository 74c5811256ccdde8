// A result's charts: horizontal bars drawn as SVG to the width they are shown at, each beside the
// table with the same figures. Everything from Python reaches the page through textContent and
// DOM APIs only.

import { el, svgEl } from "./dom.js";
import { formatNumber } from "./numbers.js";

const CHAR_W = 7.4; // about the width of a character of the 13 px chart text
const WIDE = 480; // below this the labels go above their bars

// A horizontal bar chart drawn at the width it is shown (1 unit = 1 CSS pixel, so text is never
// scaled below its CSS size), drawn again when that width changes. Each bar carries its value as
// text and its interval as a whisker; a hidden value is labelled, never drawn as zero; the
// benchmark is a dashed line with its own label.
export function chartFigure(c, table, idPrefix) {
  const rows = [];
  c.categories.forEach((cat, i) => c.series.forEach((s, k) => rows.push({
    label: c.series.length > 1 ? `${cat}: ${s.name}` : cat, value: s.values[i],
    low: s.low?.[i] ?? null, high: s.high?.[i] ?? null, series: k,
  })));
  const titleId = `${idPrefix}-chart-${c.id}-title`;
  const box = el("div", { class: "tk-chart-box" });
  const figure = el("figure", { class: "tk-figure" }, el("figcaption", { text: c.title }), box);
  const draw = () => {
    const width = Math.max(280, Math.floor(box.clientWidth || 640));
    if (width === box.drawnWidth) return;
    box.drawnWidth = width;
    box.replaceChildren(drawChart(c, rows, table, titleId, width));
  };
  draw();
  if ("ResizeObserver" in self) new ResizeObserver(() => draw()).observe(box);
  figure.redraw = draw;
  return figure;
}

function drawChart(c, rows, table, titleId, width) {
  const unit = c.unit || "";
  const max = Math.max(unit === "%" ? 100 : 0, ...rows.map((r) => Math.max(r.value ?? 0, r.high ?? 0)), c.reference?.value ?? 0) || 1;
  const wide = width >= WIDE;
  const longest = Math.max(...rows.map((r) => r.label.length), 4);
  const labelW = wide ? Math.min(Math.round(width * 0.38), Math.ceil(longest * CHAR_W) + 12) : 0;
  const valueW = 64;
  const barW = Math.max(60, width - labelW - valueW);
  const top = c.reference ? 26 : 6;
  const barH = 20;
  const rowH = wide ? 34 : 46;
  const height = top + rows.length * rowH + 8;
  const fit = (text, room) => { const n = Math.max(4, Math.floor(room / CHAR_W)); return text.length > n ? `${text.slice(0, n - 1)}…` : text; };
  const svg = svgEl("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": titleId, class: "tk-chart" });
  const title = svgEl("title", { id: titleId });
  title.textContent = `${c.title}. The same figures are in the table ${table ? `“${table.caption}”` : "below"}.`;
  svg.append(title);
  const x = (v) => labelW + (v / max) * barW;
  rows.forEach((r, i) => {
    const y0 = top + i * rowH;
    const barY = wide ? y0 + (rowH - barH) / 2 : y0 + 18;
    const label = svgEl("text", wide ? { x: labelW - 8, y: barY + 15, "text-anchor": "end", class: "tk-chart__label" }
      : { x: 0, y: y0 + 13, class: "tk-chart__label" });
    label.textContent = fit(r.label, wide ? labelW - 12 : width);
    if (label.textContent !== r.label) { const full = svgEl("title", {}); full.textContent = r.label; label.append(full); }
    svg.append(label);
    if (r.value === null || r.value === undefined) {
      const hidden = svgEl("text", { x: labelW + 4, y: barY + 15, class: "tk-chart__hidden" });
      hidden.textContent = "hidden: small number";
      svg.append(hidden);
      return;
    }
    svg.append(svgEl("rect", { x: labelW, y: barY, width: Math.max(1, x(r.value) - labelW), height: barH, class: `tk-chart__bar tk-chart__bar--${r.series % 3}` }));
    let end = x(r.value);
    if (r.low !== null && r.high !== null) {
      const mid = barY + barH / 2;
      const [a, b] = [x(r.low), x(r.high)];
      const whisker = svgEl("g", { class: "tk-chart__whisker" });
      whisker.append(svgEl("line", { x1: a, x2: b, y1: mid, y2: mid }), svgEl("line", { x1: a, x2: a, y1: mid - 6, y2: mid + 6 }),
        svgEl("line", { x1: b, x2: b, y1: mid - 6, y2: mid + 6 }));
      svg.append(whisker);
      end = Math.max(end, b);
    }
    const value = svgEl("text", { x: Math.min(end + 6, width - 4), y: barY + 15, class: "tk-chart__value", "text-anchor": end + 6 + 40 > width ? "end" : "start" });
    value.textContent = `${formatNumber(r.value)}${unit}`;
    svg.append(value);
  });
  if (c.reference) {
    const rx = x(c.reference.value);
    svg.append(svgEl("line", { x1: rx, x2: rx, y1: top - 6, y2: height - 4, class: "tk-chart__reference" }));
    const anchor = rx > width * 0.6 ? "end" : "start";
    const ref = svgEl("text", { x: anchor === "end" ? rx - 4 : rx + 4, y: 14, "text-anchor": anchor, class: "tk-chart__value tk-chart__reference-label" });
    ref.textContent = c.reference.label; // the calculator words it, value included ("UK workforce: 39%")
    svg.append(ref);
  }
  return svg;
}
