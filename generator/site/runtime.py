"""The self-hosted Python runtime and the site's own Python files, copied into a built site."""
from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path

from generator.failures import BuildError

# The core runtime only: no package wheels, no console pages, no source maps.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


class RuntimeMissing(BuildError):
    pass


def check_runtime(source: Path) -> None:
    missing = [name for name in RUNTIME_FILES if not (source / name).exists()]
    if missing:
        raise RuntimeMissing(f"The Pyodide runtime is not installed ({', '.join(missing)} missing in {source}). "
                             "Run \u201cnpm ci\u201d (or \u201cmake serve\u201d, which runs it for you).")


def copy_runtime(site: Path, source: Path, stdlib: Path | None = None) -> list[Path]:
    """Copy the core runtime (checked first with check_runtime) into the site; `stdlib` replaces
    python_stdlib.zip (see generator/python/stdlib.py)."""
    check_runtime(source)
    out = site / "assets" / "pyodide"
    out.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in RUNTIME_FILES:
        origin = stdlib if stdlib and name == "python_stdlib.zip" else source / name
        target = out / name
        if not target.exists() or not filecmp.cmp(origin, target, shallow=False):
            shutil.copyfile(origin, target)
        copied.append(target)
    return copied


def copy_python(site: Path, files: list[Path]) -> list[str]:
    """Put the calculators' wheel and Python's snapshot in assets/py/ (only these: older ones go)."""
    py = site / "assets" / "py"
    shutil.rmtree(py, ignore_errors=True)
    py.mkdir(parents=True)
    for f in files:
        shutil.copyfile(f, py / f.name)
    return [f.name for f in files]


_STATIC_IMPORT = re.compile(r"""^(?:import|export)\s(?:[^;"']*?\sfrom\s)?["']\./([\w.-]+\.js)["']""", re.M)


def module_imports(folder: Path, entry: str) -> list[str]:
    """The modules of `folder` that `entry` imports, directly or through another, by their static
    imports: the calculator page preloads them all at once rather than finding them one level at a
    time (overrides/main.html). Read from the files, so a new module needs no list kept by hand."""
    found, todo = set(), [entry]
    while todo:
        for name in _STATIC_IMPORT.findall((folder / todo.pop()).read_text(encoding="utf-8")):
            if name not in found and name != entry:
                found.add(name)
                todo.append(name)
    return sorted(found)
