"""Where a site's inputs and outputs live, from one project folder (the one holding mkdocs.yml).

Nothing here is fixed at import time: every path comes from the folder given (or found upward from
the current folder, as git finds its repository), so the generator works from any checkout or copy."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.failures import BuildError

CONFIG = "mkdocs.yml"
GENERATED_CONFIG = "mkdocs.generated.yml"  # written by `toolkit build` beside mkdocs.yml (engines want it there)


@dataclass(frozen=True)
class Project:
    root: Path         # the folder holding mkdocs.yml
    content: Path      # what maintainers edit
    build: Path        # the generator's output: docs/, wheel/, stdlib/ (cache) and toolkit.json
    templates: Path    # site_templates: pages/, overrides/, assets/, sw.js
    calculators: Path  # the calculators package (its source is what the wheel ships)
    pyodide: Path      # the npm package with the runtime
    cache: Path | None = None  # precompiled Python by content hash (default: build/stdlib)

    @classmethod
    def at(cls, root: Path | str, content: Path | str | None = None, build: Path | str | None = None,
           templates: Path | str | None = None, calculators: Path | str | None = None,
           pyodide: Path | str | None = None, cache: Path | str | None = None) -> "Project":
        """The project in `root`; each other folder, if given, is taken relative to it."""
        root = Path(root).resolve()

        def under(value, default: str) -> Path:
            return (root / (value if value is not None else default)).resolve()

        return cls(root=root, content=under(content, "content"), build=under(build, "build"),
                   templates=under(templates, "site_templates"), calculators=under(calculators, "calculators"),
                   pyodide=under(pyodide, "node_modules/pyodide"), cache=under(cache, "build/stdlib") if cache else None)

    @classmethod
    def find(cls, start: Path | str | None = None) -> "Project":
        """The project whose mkdocs.yml is in `start` (default: the current folder) or a folder above it."""
        here = Path(start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG).is_file() and (folder / "site_templates").is_dir():
                return cls.at(folder)
        raise BuildError(f"No toolkit project (a folder with {CONFIG} and site_templates/) in {here} or above it. "
                         "Run the command from the project folder, or pass --project with its path.")

    @property
    def docs(self) -> Path:
        return self.build / "docs"

    @property
    def stdlib_cache(self) -> Path:
        """Precompiled Python, by content hash: shared by every site built from this project."""
        return self.cache or self.build / "stdlib"

    @property
    def manifest(self) -> Path:
        """What `toolkit build` made, for `toolkit finish` (its absence means the generator step never ran)."""
        return self.build / "toolkit.json"

    @property
    def config(self) -> Path:
        return self.root / CONFIG

    @property
    def generated_config(self) -> Path:
        return self.root / GENERATED_CONFIG
