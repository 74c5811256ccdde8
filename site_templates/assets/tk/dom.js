// Building the page's nodes. Everything from the reader or from Python reaches the page through
// textContent and DOM APIs only, never as HTML.

export const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
};

const SVG = "http://www.w3.org/2000/svg";
export const svgEl = (tag, attrs = {}) => {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
};

// A link the results give ("intervention:<slug>", "calculator:<id>" or a full web address) as an
// address on this site, from the page's data-links; null if it names nothing known.
// A result's links resolve to pages of this site (the build fails on a link to a page that does not
// exist: generator/content/calculator_links.py) or to web addresses. One that does not resolve is a
// bug: it is reported in the console, and the text stays on the page without the link.
export const linker = (links) => (link) => {
  const url = links[link] || (/^https?:\/\//.test(link) ? link : null);
  if (!url) console.error(`This result links to "${link}", which is not a page of this site: the link is left out.`);
  return url;
};
