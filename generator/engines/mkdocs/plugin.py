"""The thin MkDocs layer: run the generator before the build, add the runtime after it.

Everything else lives in the engine-neutral modules, so another engine can reuse them."""
from __future__ import annotations

import importlib.util
import logging
import re
import shutil
import sys
from pathlib import Path

from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from generator.site import assets
from generator.content.errors import ContentError, ContentErrors
from generator.python.calculator_data import content_data
from generator.content.loader import load_toolkit
from generator.render.pages import DocsTree, Renderer, write_tree
from generator.python.stdlib import CACHE as STDLIB_CACHE, StdlibError, first_visit_bytes, package_bytecode, precompiled_stdlib, python_snapshot
from generator.python.wheel import build_wheel

log = logging.getLogger("mkdocs.plugins.toolkit")
_LINK_WARNING = re.compile(r"Doc file '([^']+)' contains a link '([^']+)', but (.*)", re.S)


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
            record.msg, record.args = str(ContentError(path, line, "link", problem,
                                                       "Link to one of the page\u2019s ## headings, written in lower case with hyphens "
                                                       "for spaces (\u201c## Why it matters\u201d is #why-it-matters), or remove the #\u2026 part.")), ()
        return True

TEMPLATES = Path(__file__).resolve().parents[3] / "site_templates"
CALCULATORS = Path(__file__).resolve().parents[3] / "calculators"


def register_test_calculators(root: Path, files: list[str]) -> list[Path]:
    """Load each test-only calculator file (relative to mkdocs.yml's folder) and register its SPEC,
    so the pages are built for it; returns the files, for the wheel."""
    from calculators.core.registry import register

    paths = [(root / f).resolve() for f in files]
    for path in paths:
        try:
            module_spec = importlib.util.spec_from_file_location(f"toolkit_test_calculator_{path.stem}", path)
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
            register(module.SPEC)
        except (OSError, AttributeError, ValueError) as exc:
            raise PluginError(f"mkdocs.yml, toolkit plugin, test_calculators: {path} cannot be used as a test calculator ({exc}). "
                              "Name Python files that each define SPEC = CalculatorSpec(..., test_only=True).") from None
    return paths


class ToolkitConfig(Config):
    content_dir = c.Type(str, default="content")
    build_dir = c.Type(str, default="build")
    # Test sites only: files of test-only calculators (tests/test_only_calculators/*.py) to add to the
    # site and its wheel. The shipped site sets none; see generator/python/wheel.py.
    test_calculators = c.ListOfItems(c.Type(str), default=[])
    nav_interventions_max = c.Type(int, default=100)  # above this, the side navigation lists blocks only


class ToolkitPlugin(BasePlugin[ToolkitConfig]):
    serving = False
    failed: ContentErrors | None = None  # while serving: the content's errors, shown as the site

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
    def on_config(self, config):
        """Load and validate content/, then write the docs tree MkDocs will build."""
        root = Path(config.config_file_path).resolve().parent
        build = root / self.config.build_dir
        self.failed = None
        try:
            toolkit = load_toolkit(root / self.config.content_dir, strict=bool(config.strict))
        except ContentErrors as exc:
            if self.serving:  # show the problems in the browser instead of holding its requests
                return self.error_site(config, build / "docs", exc)
            for error in exc.errors:
                log.error(str(error))
            raise PluginError(exc.report()) from None
        # Overdue rates and sources (generator.content.policy). Under --strict MkDocs stops on any
        # warning, but these only stop it once six months overdue (load_toolkit raised above), so
        # the rest are shown as information.
        for warning in toolkit.warnings:
            (log.info if config.strict else log.warning)("Content warning: " + str(warning))
        data = content_data(toolkit=toolkit)
        try:
            assets.check_runtime()  # the wheel's bytecode is compiled by the Pyodide the site ships
            tests = register_test_calculators(root, self.config.test_calculators)
            self.wheel = build_wheel(data, build / "wheel", lambda files: package_bytecode(files, assets.PYODIDE_NPM, STDLIB_CACHE), tests)
            self.stdlib = precompiled_stdlib(assets.PYODIDE_NPM, CALCULATORS, STDLIB_CACHE, tests)
            # Python started and saved at build time, restored by the browser (see python_snapshot).
            # Not while serving: the wheel holds the content, so each edit would wait for a new one;
            # without it the worker starts Python itself.
            self.snapshot = None if self.serving else python_snapshot(assets.PYODIDE_NPM, self.stdlib, self.wheel, STDLIB_CACHE)
        except (assets.RuntimeMissing, StdlibError) as exc:
            raise PluginError(str(exc)) from None
        renderer = Renderer(toolkit, data, bool(self.config.test_calculators), self.config.nav_interventions_max)
        tree = renderer.tree()
        if not renderer.nav_lists_interventions:  # intervention pages are left out of the nav on purpose
            config.validation.nav.omitted_files = logging.DEBUG
        for path in sorted((TEMPLATES / "assets").rglob("*")):
            if path.is_file():
                tree.files[path.relative_to(TEMPLATES).as_posix()] = path.read_text(encoding="utf-8")
        write_tree(tree, build / "docs")
        pages_log = logging.getLogger("mkdocs.structure.pages")
        for old in [f for f in pages_log.filters if isinstance(f, ContentLinks)]:
            pages_log.removeFilter(old)
        pages_log.addFilter(ContentLinks(tree))
        config.docs_dir = str(build / "docs")
        config.nav = tree.nav
        config.extra["tk_wheel"] = self.wheel.name
        config.extra["tk_snapshot"] = self.snapshot.name if self.snapshot else None
        config.extra["tk_modules"] = assets.module_imports(TEMPLATES / "assets" / "tk", "calculator.js")  # preloaded
        # measured from the built files, for the worker's choice and the page's note (generator/python/stdlib.py)
        config.extra["tk_snapshot_bytes"] = self.snapshot.stat().st_size if self.snapshot else 0
        # what a reader downloads once: Python, the calculators and the snapshot (fetched on a first
        # visit on a fast connection, else by the service worker for the next visits)
        once = first_visit_bytes(assets.PYODIDE_NPM, self.stdlib, self.wheel) + config.extra["tk_snapshot_bytes"]
        config.extra["tk_download_mb"] = f"{once / 1e6:.0f}"
        return config

    def on_nav(self, nav, *, config, files):
        """Nav titles come from the generator already HTML-escaped (render.html_text): mark them
        so, so the theme neither prints them raw nor escapes them twice."""
        def mark(items):
            for item in items:
                given = vars(item).get("title")  # a page's own title is read later, from its front matter
                if isinstance(given, str) and not isinstance(given, Markup):
                    item.title = Markup(given)
                mark(getattr(item, "children", None) or [])
        mark(nav.items)
        return nav

    def on_page_markdown(self, markdown, *, page, config, files):
        """The same for the title and description each generated page carries in its front matter."""
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str) and not isinstance(page.meta[key], Markup):
                page.meta[key] = Markup(page.meta[key])
        return markdown

    def error_site(self, config, docs: Path, exc: ContentErrors):
        """While serving, content with errors builds a site whose every page lists them (file, line,
        fix): MkDocs would otherwise hold the browser's requests until the content is fixed. The
        page reloads itself when the next build succeeds. The terminal gets the same report."""
        print(exc.report(), file=sys.stderr, flush=True)
        self.failed = exc
        pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")) if docs.is_dir() else []
        count = len(exc.errors)
        text = (f"# The content has {count} problem{'s' if count != 1 else ''}\n\n"
                "Fix each one in the file and line it names, then save: this page reloads by itself.\n\n"
                "```text\n" + "\n".join(str(e) for e in exc.errors) + "\n```\n")
        tree = DocsTree(files={path: text for path in pages or ["index.md"]})
        tree.files.setdefault("index.md", text)
        write_tree(tree, docs)
        config.docs_dir = str(docs)
        config.nav = None
        config.validation.nav.omitted_files = logging.DEBUG
        config.extra["tk_wheel"] = config.extra["tk_snapshot"] = None
        return config

    def on_serve(self, server, config, builder):
        """Live-reload on edits to content, templates and calculators, not on the generated docs
        tree: it changes only because they did, and watching it would rebuild twice per edit."""
        try:
            server.unwatch(config.docs_dir)
        except KeyError:
            pass
        root = Path(config.config_file_path).resolve().parent
        for folder in (root / self.config.content_dir, TEMPLATES, CALCULATORS):
            server.watch(str(folder))
        return server

    def on_post_build(self, config):
        """Add the runtime, the wheel and Python's snapshot, the service worker and the CSP to the built site."""
        site = Path(config.site_dir)
        if self.failed is not None:  # the error pages need no runtime
            return
        try:
            assets.copy_runtime(site, stdlib=self.stdlib)
            assets.hold_theme(site)
        except (assets.RuntimeMissing, assets.ThemeChanged) as exc:
            raise PluginError(str(exc)) from None
        py = site / "assets" / "py"
        shutil.rmtree(py, ignore_errors=True)
        py.mkdir(parents=True)
        python = [f for f in (self.wheel, self.snapshot) if f]
        for f in python:
            shutil.copyfile(f, py / f.name)
        assets.write_service_worker(site, [f.name for f in python], TEMPLATES / "sw.js")
        try:
            assets.apply_csp(site, serving=self.serving)
        except assets.UnknownScript as exc:
            raise PluginError(str(exc)) from None
