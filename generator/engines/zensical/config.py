"""What Zensical needs beyond mkdocs.yml and the generated navigation.

Zensical reads mkdocs.yml (INHERIT included) and renders Material's templates with its own theme,
but it silently ignores MkDocs plugins, so it builds what `toolkit build` wrote and `toolkit finish`
completes the site. Two settings differ from MkDocs:
- theme.variant: classic, Material's look (Zensical's default, "modern", is a new design);
- theme.custom_dir: our own templates without the copies of Material's templates that we patch for
  valid HTML (site_templates/overrides, those whose first line says "patched by"): those copies name
  Material's hashed scripts and styles, which Zensical's theme does not have, so under Zensical its
  own templates are used instead."""
from __future__ import annotations

import shutil
from pathlib import Path

PATCHED_COPY = "patched by tests/quality/material_patches.py"


def overrides(source: Path, out: Path) -> Path:
    """Copy the template overrides Zensical can use into out (replacing what was there)."""
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as f:
            if PATCHED_COPY in f.readline():
                continue
        target = tmp / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    shutil.rmtree(out, ignore_errors=True)
    tmp.replace(out)
    return out


def zensical_settings(project, config: dict) -> dict:
    """The generated config with Zensical's settings added (see the module's docstring)."""
    folder = overrides(project.templates / "overrides", project.build / "overrides-zensical")
    try:
        custom = folder.relative_to(project.root).as_posix()
    except ValueError:
        custom = str(folder)
    return {**config, "theme": {"variant": "classic", "custom_dir": custom}}
