// How a result reads on screen. Key figures first (after any lead sentence, such as which level
// is the top), then at most three findings; then the charts, each with its table beside it; then
// the details: the rest of the tables and all the sentences, in disclosure sections; then the
// downloads. Everything from Python reaches the page through textContent and DOM APIs only.

import { chartFigure } from "./chart.js";
import { el } from "./dom.js";
import { keyFigures } from "./figures.js";
import { highlights } from "./highlights.js";
import { showMapping } from "./mappings.js";
import { resultTable } from "./table.js";

const DRAW_LATER_AFTER = 20; // tables in a result before closed sections are drawn only when opened

// Fills `body` with `result` (calculators/core/bridge.py's result). view: {calculator, href(link),
// form (the form element, for follow-up questions), saved(key), notes (texts about the reader's
// data), act(action) for a one-step change the result offers}. Returns the charts, to be drawn
// again once the results are shown at their width.
export function renderResult(body, result, view) {
  const { calculator, href } = view;
  const sentence = (s, tag) => {
    const node = el(tag, { text: s.text });
    for (const link of s.links || []) {
      const url = href(link.href);
      node.append(" ", url ? el("a", { href: url, text: link.label }) : el("span", { text: link.label }));
    }
    return node;
  };
  const table = (t) => resultTable(t, calculator, href);
  body.replaceChildren();
  const notices = [...view.notes.map((text) => ({ text, links: [] })), ...(result.notices || [])];
  // With findings to lead with, the full summary and the tables without a chart wait in closed sections.
  const leads = Boolean(result.key_findings?.length);
  if (result.lead?.length) body.append(el("div", { class: "tk-lead" }, ...result.lead.map((s) => sentence(s, "p"))));
  if (result.actions?.length) body.append(el("div", { class: "tk-actions" }, ...result.actions.map((a) => action(a, view.act))));
  if (result.key_figures?.length) body.append(keyFigures(result.key_figures, `tk-${calculator}`));
  if (result.key_findings?.length) {
    body.append(el("h3", { text: "What this means" }),
      el("ul", { class: "tk-key-findings" }, ...result.key_findings.map((s) => sentence(s, "li"))));
  }
  if (result.summary?.length && !leads) body.append(el("div", { class: "tk-summary" }, ...result.summary.map((s) => sentence(s, "p"))));
  for (const m of result.mappings || []) {
    const callout = showMapping(m, { form: view.form, calculator, href, saved: view.saved });
    if (callout) body.append(callout);
  }
  if (result.highlights) body.append(highlights(result.highlights, calculator));
  const tables = Object.fromEntries((result.tables || []).map((t) => [t.id, t]));
  const charted = new Set();
  const figures = [];
  for (const chart of result.charts || []) {
    const figure = chartFigure(chart, tables[chart.table], `tk-${calculator}`);
    figures.push(figure);
    const block = el("div", { class: "tk-chart-block" }, figure);
    if (tables[chart.table] && !charted.has(chart.table)) { block.append(table(tables[chart.table])); charted.add(chart.table); }
    body.append(block);
  }
  if (notices.length) {
    body.append(el("div", { class: "tk-notices" }, el("h3", { text: "Notes on your data" }),
      el("ul", {}, ...notices.map((s) => sentence(s, "li")))));
  }
  if (result.summary?.length && leads) {
    body.append(el("details", { class: "tk-details" }, el("summary", { text: "Everything the figures say, in words" }),
      el("div", { class: "tk-summary" }, ...result.summary.map((s) => sentence(s, "p")))));
  }
  // A table Python marks "open" is shown opened. With many tables (a batch of adverts has one per
  // advert), a closed section's table is drawn when it is first opened, so the results show at
  // once rather than after drawing thousands of rows nobody has asked for yet.
  const later = (result.tables || []).length > DRAW_LATER_AFTER;
  for (const t of result.tables || []) {
    if (charted.has(t.id)) continue;
    const open = !leads || Boolean(t.open);
    const section = el("details", { class: "tk-details", open }, el("summary", { text: t.caption }));
    if (open || !later) section.append(table(t));
    else section.addEventListener("toggle", () => { if (section.open && section.childElementCount === 1) section.append(table(t)); });
    body.append(section);
  }
  if (result.downloads?.length) {
    body.append(el("h3", { text: "Download your results" }),
      el("ul", { class: "tk-downloads" }, ...result.downloads.map((d) => el("li", {}, download(d, href)))));
  }
  return figures;
}

// A one-step change the result offers (such as reversing the order of levels): act(a) fills an
// input of the form with a.value, keeping everything else the reader entered, and runs again.
function action(a, act) {
  const button = el("button", { type: "button", class: "tk-button tk-button--secondary", "data-tk-action": a.input, text: a.label });
  button.addEventListener("click", () => act(a));
  return button;
}

function download(d, href) {
  const button = el("button", { type: "button", class: "tk-button tk-button--secondary", text: d.label });
  button.addEventListener("click", () => {
    // A report made as HTML links to the guidance: "intervention:<slug>" becomes the page's
    // full address here, so the links work when the file is opened or printed anywhere.
    const text = d.mime === "text/html" ? d.text.replace(/href="((?:intervention|calculator):[a-z0-9-]+)"/g,
      (all, link) => { const url = href(link); return url ? `href="${new URL(url, document.baseURI).href}"` : all; }) : d.text;
    const url = URL.createObjectURL(new Blob([text], { type: `${d.mime};charset=utf-8` }));
    const a = el("a", { href: url, download: d.filename });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  return button;
}
