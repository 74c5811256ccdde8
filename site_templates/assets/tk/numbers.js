// Numbers as people read them: thousands separators, and the same decimals all the way down a
// column.

export const decimalsOf = (n) => {
  const text = String(n);
  if (/e/i.test(text)) return 4;
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : Math.min(4, text.length - dot - 1);
};

// A number as people read it: thousands separators and a fixed number of decimals.
export const formatNumber = (n, decimals = decimalsOf(n)) =>
  n.toLocaleString("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

// The decimals each column is shown with: the most any of its numbers has (at most 4), so a
// column reads the same all the way down. A table may fix them ("decimals": {key: n}).
export function columnDecimals(t) {
  const out = {};
  for (const c of t.columns) {
    const fixed = t.decimals?.[c.key];
    if (fixed !== undefined) { out[c.key] = fixed; continue; }
    out[c.key] = Math.max(0, ...t.rows.map((r) => (typeof r[c.key] === "number" ? decimalsOf(r[c.key]) : 0)));
  }
  return out;
}
