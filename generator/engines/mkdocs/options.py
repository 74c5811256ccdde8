"""The MkDocs plugin's options: the project's folders (relative to mkdocs.yml) and the build's switches."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ToolkitConfig(Config):
    content_dir = c.Dir(exists=True, default="content")
    """The content maintainers edit (Markdown and data/*.yml)."""
    build_dir = c.Dir(default="build")
    """Where the generator writes the docs tree, the wheel and its manifest."""
    templates_dir = c.Dir(exists=True, default="site_templates")
    """Page templates, theme overrides, the front end and the service worker."""
    calculators_dir = c.Dir(exists=True, default="calculators")
    """The calculators package, whose imports decide the standard library the site ships."""
    pyodide_dir = c.Optional(c.Dir())
    """The Pyodide npm package (default: node_modules/pyodide beside mkdocs.yml)."""
    cache_dir = c.Optional(c.Dir())
    """Precompiled Python, by content hash (default: build_dir/stdlib)."""
    test_calculators = c.ListOfItems(c.Type(str), default=[])
    """Test sites only: files of test-only calculators to add to the site and its wheel."""
    nav_interventions_max = c.Type(int, default=100)
    """Above this many interventions, the side navigation lists building blocks only."""
    hold_theme = c.Type(bool, default=True)
    """Hold the theme back on calculator pages while Python starts (generator/site/theme_gate.py)."""
