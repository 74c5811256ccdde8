// The reader's own text with what a checker found marked in it (the job-advert checker), and the
// list of findings, each linking to its mark.

import { el } from "./dom.js";

// h: {text, spans: [{id, start, end, line, column, label, message, severity}]}
export function highlights(h, calculator) {
  // Offsets are Python string indices (code points); JavaScript strings count UTF-16 units.
  const chars = Array.from(h.text);
  const markId = (span) => `tk-${calculator}-${span.id}`;
  const box = el("div", { class: "tk-highlighted", tabindex: "0", role: "region", "aria-label": "Your text with findings marked" });
  let at = 0;
  for (const span of h.spans) {
    if (span.start < at) continue;
    box.append(chars.slice(at, span.start).join(""));
    const mark = el("mark", { id: markId(span), class: `tk-mark tk-mark--${span.severity}`, tabindex: "-1" },
      el("span", { class: "tk-mark__label", text: `[${span.label}] ` }), chars.slice(span.start, span.end).join(""));
    box.append(mark);
    at = span.end;
  }
  box.append(chars.slice(at).join(""));
  const list = el("ol", { class: "tk-findings" }, ...h.spans.map((span) => {
    const text = `Line ${span.line}, column ${span.column}: ${span.message.startsWith(span.label) ? span.message : `${span.label}. ${span.message}`}`;
    const link = el("a", { href: `#${markId(span)}`, text });
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const mark = document.getElementById(markId(span));
      mark.focus();
      mark.scrollIntoView({ block: "center" });
    });
    return el("li", {}, link);
  }));
  return el("div", {}, el("h3", { text: "Your text, with findings marked" }), box,
    el("h3", { text: `Findings (${h.spans.length})` }), list);
}
