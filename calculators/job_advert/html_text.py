"""Pasted HTML: recognising it, and reducing it to the plain text the checker reads and shows."""
from __future__ import annotations

import re
from html.parser import HTMLParser

_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|(?:/?(?:html|head|body|p|div|br|li|ul|ol|h[1-6]|span|strong|b|em|i|u|a|"
    r"table|thead|tbody|tr|td|th|section|article|header|footer|main|blockquote|hr|img|font|meta))\b[^<>]*)>",
    re.IGNORECASE)
_BLOCK_TAGS = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer "
                        "main blockquote hr dt dd title".split())
_SKIPPED_TAGS = frozenset(("script", "style", "noscript", "template", "head"))


def looks_like_html(text: str) -> bool:
    """True when the text holds ordinary HTML markup (a paragraph, a list, a line break...).

    A lone `<script>` typed into an advert is not markup on its own, so such text is checked
    exactly as typed and shown as text."""
    return _HTML_TAG.search(text) is not None


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.removed = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping.append(tag)
            if tag != "head":
                self.removed += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "li":
                self.parts.append("- ")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            if tag in self.skipping:
                while self.skipping and self.skipping.pop() != tag:
                    pass
        elif tag in _BLOCK_TAGS and tag != "li":  # a list item's own start tag begins its line
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


_SKIPPED_TAG = re.compile(r"<(/?)(script|style|noscript|template|head)\b[^>]*>?", re.IGNORECASE)


def _drop_unclosed(html: str) -> str:
    """The HTML without the start tags of script, style and other skipped blocks that are never
    closed, so that an unclosed <script> cannot swallow the rest of the advert."""
    lowered = html.lower()
    unclosed = []
    for m in _SKIPPED_TAG.finditer(html):
        if not m.group(1) and lowered.find("</" + m.group(2).lower(), m.end()) < 0:
            unclosed.append(m)
    if not unclosed:
        return html
    parts, last = [], 0
    for m in unclosed:
        parts.append(html[last:m.start()])
        last = m.end()
    return "".join(parts) + html[last:]


def html_to_text(html: str) -> tuple[str, int]:
    """Plain text of pasted HTML, and how many script or style blocks were dropped (never run).
    A script or style block that is never closed loses only its start tag: its words are kept as text."""
    html = _drop_unclosed(html)
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = "".join(collector.parts)
    lines = [line.strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text, collector.removed
