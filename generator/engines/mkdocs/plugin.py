"""The MkDocs adapter: the generator's build step before MkDocs' build, its finish step after it."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from generator import pipeline
from generator.engines.mkdocs.options import ToolkitConfig
from generator.engines.mkdocs.support import apply, generate, mark_meta, mark_nav
from generator.failures import BuildError
from generator.project import Project


class ToolkitPlugin(BasePlugin[ToolkitConfig]):
    serving = False
    generated: pipeline.Generated | None = None

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    def on_config(self, config):
        o = self.config
        root = Path(config.config_file_path).resolve().parent
        self.project = Project.at(root, o.content_dir, o.build_dir, o.templates_dir, o.calculators_dir, o.pyodide_dir, o.cache_dir)
        options = pipeline.Options(bool(config.strict), self.serving, o.test_calculators, o.nav_interventions_max, o.hold_theme)
        self.generated = generate(self.project, options)
        return apply(config, self.generated, self.project.docs)

    def on_nav(self, nav, *, config, files):
        mark_nav(nav.items)
        return nav

    def on_page_markdown(self, markdown, *, page, config, files):
        mark_meta(page.meta)
        return markdown

    def on_serve(self, server, config, builder):
        """Reload on edits to content, templates and calculators, not to the docs tree (made from them)."""
        try:
            server.unwatch(config.docs_dir)
        except KeyError:
            pass
        for folder in (self.project.content, self.project.templates, self.project.calculators):
            server.watch(str(folder))
        return server

    def on_post_build(self, config):
        if self.generated and self.generated.failed is None:  # the error pages need no runtime
            try:
                pipeline.finish(Path(config.site_dir), self.project, serving=self.serving)
            except BuildError as exc:
                raise PluginError(str(exc)) from None
