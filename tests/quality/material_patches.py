"""Material for MkDocs templates that this site patches for valid HTML, and exactly how.

Each patched template is a copy of Material's own file in site_templates/overrides/ with a short
header and the replacements below, nothing else. `python tests/quality/material_patches.py`
rewrites the copies from the installed Material (run it after upgrading Material), and
tests/quality/test_overrides.py fails if a copy drifts from Material plus these patches.
"""
from __future__ import annotations

from pathlib import Path

import material

PROJECT = Path(__file__).resolve().parents[2]
MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = PROJECT / "site_templates" / "overrides"
GENERATED = "{#-\n  This file was automatically generated - do not edit\n-#}\n"

# template -> (why, [(Material's text, our text), ...]); every old text must occur in Material's file.
PATCHES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "base.html": (
        "`autocomplete` is not allowed on checkboxes (Nu Html Checker error).",
        [('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
         ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">')],
    ),
    "partials/nav-item.html": (
        'Section labels got `tabindex=""`, which is not a valid integer (Nu Html Checker error).',
        [('id="{{ path }}_label" tabindex="{{ tabindex }}">',
          'id="{{ path }}_label"{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>')],
    ),
    "partials/search.html": (
        "The search dialog had no accessible name (Lighthouse: aria-dialog-name).",
        [('<div class="md-search" data-md-component="search" role="dialog">',
          '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search.placeholder\') }}">')],
    ),
    "partials/toc.html": (
        'On section index pages there is no "__toc" checkbox, so `for="__toc"` pointed at nothing '
        "(Nu Html Checker error). The label keeps `for` only where the checkbox exists.",
        [('<label class="md-nav__title" for="__toc">',
          '{% set tk_leaf = page.url in (nav.pages | map(attribute="url") | list) and not (page.is_index and page.parent '
          'and "navigation.indexes" in (config.theme.features or [])) %}\n'
          '    <label class="md-nav__title"{% if tk_leaf %} for="__toc"{% endif %}>')],
    ),
}


def header(name: str, why: str) -> str:
    import importlib.metadata

    version = importlib.metadata.version("mkdocs-material")
    return (f"{{#- Material for MkDocs {version} {name}, patched by tests/quality/material_patches.py (do not edit by hand):\n"
            f"    {why} -#}}\n")


def patched(name: str) -> str:
    why, replacements = PATCHES[name]
    text = (MATERIAL / name).read_text(encoding="utf-8")
    if text.startswith(GENERATED):
        text = text[len(GENERATED):]
    for old, new in replacements:
        if old not in text:
            raise ValueError(f"{name}: Material's template no longer contains {old!r}; review the patch")
        text = text.replace(old, new)
    return header(name, why) + text


def write_all() -> None:
    for name in PATCHES:
        path = OVERRIDES / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(patched(name), encoding="utf-8")
        print(f"wrote {path.relative_to(PROJECT)}")


if __name__ == "__main__":
    write_all()
