"""What MkDocs needs beyond the generator's two steps: its broken-link warnings mapped back to the
content/ file and line, and the generator's HTML-escaped titles marked as such for its templates."""
from __future__ import annotations

import logging
import re
import sys

from markupsafe import Markup

from mkdocs.exceptions import PluginError

from generator.content.errors import ContentError, ContentErrors
from generator.failures import BuildError

log = logging.getLogger("mkdocs.plugins.toolkit")

_LINK_WARNING = re.compile(r"Doc file '([^']+)' contains a link '([^']+)', but (.*)", re.S)
_FIX = ("Link to one of the page\u2019s ## headings, written in lower case with hyphens for spaces "
        "(\u201c## Why it matters\u201d is #why-it-matters), or remove the #\u2026 part.")


class ContentLinks(logging.Filter):
    """Rewrites MkDocs' warnings about broken links and anchors in generated pages so they name
    the content/ file and line the link was written on."""

    def __init__(self, tree) -> None:
        super().__init__()
        self.tree = tree

    def filter(self, record: logging.LogRecord) -> bool:
        match = _LINK_WARNING.match(record.getMessage())
        origin = match and self.tree.link_origin(match.group(1), match.group(2))
        if origin:
            path, line, written = origin
            anchor = written.partition("#")[2]
            problem = (f"the link \u201c{written}\u201d points to a section #{anchor} that the page does not have"
                       if anchor and "anchor" in match.group(3) else f"the link \u201c{written}\u201d points to a page that does not exist")
            record.msg, record.args = str(ContentError(path, line, "link", problem, _FIX)), ()
        return True

    @classmethod
    def install(cls, tree) -> None:
        """Map the warnings of this build (replacing the filter of the previous one, when serving)."""
        pages_log = logging.getLogger("mkdocs.structure.pages")
        for old in [f for f in pages_log.filters if isinstance(f, cls)]:
            pages_log.removeFilter(old)
        pages_log.addFilter(cls(tree))


def mark_nav(items) -> None:
    """Nav titles come from the generator already HTML-escaped (render.pages.html_text): mark them
    so, so the theme neither prints them raw nor escapes them twice."""
    for item in items:
        given = vars(item).get("title")  # a page's own title is read later, from its front matter
        if isinstance(given, str) and not isinstance(given, Markup):
            item.title = Markup(given)
        mark_nav(getattr(item, "children", None) or [])


def mark_meta(meta: dict) -> None:
    """The same for the title and description each generated page carries in its front matter."""
    for key in ("title", "description"):
        if isinstance(meta.get(key), str) and not isinstance(meta[key], Markup):
            meta[key] = Markup(meta[key])


def apply(config, generated, docs):
    """Point MkDocs' config at what the generator step made: the docs tree, its nav and settings."""
    for warning in generated.warnings:  # overdue rates and sources stop the build only when six months late
        (log.info if config.strict else log.warning)("Content warning: " + str(warning))
    if not generated.nav_lists_interventions:  # intervention pages are left out of the nav on purpose
        config.validation.nav.omitted_files = logging.DEBUG
    ContentLinks.install(generated.tree)
    config.docs_dir, config.nav = str(docs), generated.tree.nav or None
    config.extra.update(generated.extra)
    return config


def generate(project, options):
    """The generator step for MkDocs: content errors stop a build; while serving they become the site
    (every page lists them), so the browser is not left waiting for a fixed content folder."""
    from generator import pipeline

    try:
        return pipeline.build(project, options)
    except ContentErrors as exc:
        if not options.serving:
            for error in exc.errors:
                log.error(str(error))
            raise PluginError(exc.report()) from None
        print(exc.report(), file=sys.stderr, flush=True)
        return pipeline.error_site(project, exc)
    except BuildError as exc:
        raise PluginError(str(exc)) from None
