"""The theme gate: on calculator pages, hold the theme's work back while Python starts.

Everything the generator does for it is here, behind one switch (the `hold_theme` option of the
MkDocs plugin, `toolkit build --no-hold-theme`). With the gate on:
- the theme's search worker starts through assets/javascripts/workers/tk-search.js, which builds
  the index once Python is ready (see that file); the theme worker's name is written into it;
- the theme's script becomes a preload, run by the page's start-up script once Python has started
  or the reader first does something (site_templates/overrides/partials/calculator-start.html).
With it off, calculator pages load the theme as every other page does: they work the same, and
Python only starts later on a slow device, as it shares the processor with the theme.
The front end needs no switch of its own: with no preload link and no gate worker on the page, its
start-up script and calculator.js find nothing to hold and release."""
from __future__ import annotations

import re
from pathlib import Path

from generator.failures import BuildError

SEARCH_GATE = "assets/javascripts/workers/tk-search.js"  # in site_templates/ and in the built site
_THEME_SEARCH = re.compile(r"(?<=workers/)search\.[0-9a-f]+\.min\.js(?=\")")
_THEME_SCRIPT = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')


class ThemeChanged(BuildError):
    pass


def docs_files(enabled: bool) -> set[str]:
    """Files of site_templates/ to leave out of the docs tree: the gate's worker when the gate is off."""
    return set() if enabled else {SEARCH_GATE}


def hold_theme(site: Path) -> int:
    """Gate the theme on every calculator page of a built site; returns how many pages. Raises
    ThemeChanged, naming the page, when the theme's script or search worker is not where it was."""
    gate = site / SEARCH_GATE
    workers = [p.name for p in gate.parent.glob("search.*.min.js")]
    if len(workers) != 1 or not gate.is_file():
        raise ThemeChanged(f"expected one theme search worker and {SEARCH_GATE} in {gate.parent}, found {workers}: "
                           "has the theme changed? Update generator/site/theme_gate.py, or build with the gate off "
                           "(the plugin's hold_theme: false, or toolkit build --no-hold-theme).")
    gate.write_text(gate.read_text(encoding="utf-8").replace("__TK_SEARCH_WORKER__", workers[0]), encoding="utf-8")
    held = 0
    for page in (site / "calculators").glob("*/index.html"):
        text = page.read_text(encoding="utf-8")
        if 'name="tk-calculator"' not in text:
            continue
        text, searches = _THEME_SEARCH.subn(gate.name, text)
        text, scripts = _THEME_SCRIPT.subn(r'<link rel="preload" as="script" href="\1" data-tk-theme>', text)
        if (searches, scripts) != (1, 1):
            raise ThemeChanged(f"{page}: expected the theme's search worker and its script once each, found "
                               f"{searches} and {scripts}: has the theme changed? Update generator/site/theme_gate.py, "
                               "or build with the gate off (hold_theme: false).")
        page.write_text(text, encoding="utf-8")
        held += 1
    return held
