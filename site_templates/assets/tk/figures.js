// The key figures that lead a result: each with its value, its 95% interval, a comparison and
// what it means.

import { el } from "./dom.js";
import { decimalsOf, formatNumber } from "./numbers.js";

export function keyFigures(figures, idPrefix) {
  const titleId = `${idPrefix}-key-figures-title`;
  const items = figures.map((f) => {
    const shown = typeof f.value === "number" ? `${formatNumber(f.value)}${f.unit || ""}`
      : f.value === null || f.value === undefined ? "None" : String(f.value);
    const parts = [el("p", { class: "tk-key-figure__label", text: f.label }), el("p", { class: "tk-key-figure__value", text: shown })];
    if (f.interval) {
      const [low, high] = f.interval.map((v) => `${formatNumber(v, Math.max(decimalsOf(f.interval[0]), decimalsOf(f.interval[1])))}${f.unit || ""}`);
      parts.push(el("p", { class: "tk-key-figure__interval", text: `95% interval: ${low} to ${high}` }));
    }
    if (f.compare) parts.push(el("p", { class: "tk-key-figure__compare", text: f.compare }));
    if (f.meaning) parts.push(el("p", { class: "tk-key-figure__meaning", text: f.meaning }));
    return el("li", { class: "tk-key-figure", "data-tk-figure": f.id }, ...parts);
  });
  return el("section", { class: "tk-key-figures", "aria-labelledby": titleId },
    el("h3", { id: titleId, text: "Key figures" }), el("ul", { class: "tk-key-figures__list" }, ...items));
}
