// A result's table: its caption, a header row, the first column as row headers, numbers in a
// column with the same decimals, and a link where a cell names a step of the guidance.

import { el } from "./dom.js";
import { columnDecimals, formatNumber } from "./numbers.js";

// t: {id, caption, columns: [{key, label}], rows, decimals?, note?}; href resolves a link
// ("intervention:<slug>") to an address on this site.
export function resultTable(t, calculator, href) {
  const table = el("table", { class: "tk-result-table", id: `tk-${calculator}-table-${t.id}` }, el("caption", { text: t.caption }));
  table.append(el("thead", {}, el("tr", {}, ...t.columns.map((c) => el("th", { scope: "col", text: c.label })))));
  const tbody = el("tbody");
  const decimals = columnDecimals(t);
  for (const row of t.rows) {
    tbody.append(el("tr", {}, ...t.columns.map((c, i) => {
      const value = row[c.key];
      const url = typeof value === "string" && /^(intervention|calculator):/.test(value) ? href(value) : null;
      const text = url || value === null || value === undefined ? "" : typeof value === "number" ? formatNumber(value, decimals[c.key] ?? undefined) : String(value);
      const cell = el(i === 0 ? "th" : "td", { scope: i === 0 ? "row" : null, text });
      if (url) cell.append(el("a", { href: url, text: `Read about this step`, "aria-label": `Read about this step: ${row[t.columns[0].key]}` }));
      if (typeof value === "number") cell.className = "tk-num";
      return cell;
    })));
  }
  table.append(tbody);
  const wrap = el("div", { class: "tk-table-wrap", role: "region", tabindex: "0", "aria-label": t.caption }, table);
  return t.note ? el("div", {}, wrap, el("p", { class: "tk-hint", text: t.note })) : wrap;
}
