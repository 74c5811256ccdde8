"""Python's standard library and the calculators, precompiled for the browser.

Pyodide ships its standard library as source, so every module Python imports while it starts is
compiled in the visitor's browser, which is most of Python's start-up time. The build compiles the
modules Pyodide itself imports and those the calculators import, inside the same Pyodide (in Node),
and ships only them, as bytecode: the calculators' import closure (CLOSURE, measured over every
parity case and warm-up by `python -m generator.python.closure --measure`, and the modules they name
anywhere), plus the allow-list KEEP; the rest of the standard library is left out. The
calculators' own modules get bytecode beside their source in the wheel. Then the build starts that
Python once, with the calculators imported and warmed, and saves its memory (python_snapshot), which
the browser restores in place of starting Python. Results are cached in build/ by a hash of
everything that goes into them."""
from __future__ import annotations

import ast
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Sequence

from generator.python.node import cache_key, forget_others, precompile
from generator.python.wheel import EPOCH, browser_sources

# The standard-library modules Python imports while it starts, while the calculators import and warm,
# and while they run every parity case (tests/parity/cases), with and without a snapshot: measured,
# not guessed. tests/test_stdlib.py runs every case on the shipped library with an import hook that
# fails on any module left out, and says to run `python -m generator.python.closure --measure` to refresh it.
CLOSURE = Path(__file__).with_name("stdlib_closure.json")
# Shipped whole, whether the measurement saw them or not (zip path prefixes):
KEEP = (
    # Codecs are looked up by name when text is decoded. The calculators decode with these alone
    # (calculators/shared/tabular.py decode_bytes: UTF-8, UTF-16 and UTF-32 with a byte order mark, else
    # Windows-1252), and the parity cases need not try each: tests/test_stdlib.py checks that every
    # codec the calculators name is here. "encodings/utf_" is every UTF codec.
    "encodings/__init__.py", "encodings/aliases.py", "encodings/utf_", "encodings/cp1252.py",
    "encodings/latin_1.py", "encodings/ascii.py",
    "pyodide/", "_pyodide/",  # Pyodide's own Python, which its JavaScript side calls into (small)
)


def imported_modules(package: Path, extra: Sequence[Path] = ()) -> list[str]:
    """Every absolute module name the package imports anywhere (also inside functions), except its
    own and those of the modules that only run on CPython (generator.python.wheel.CPYTHON_ONLY);
    extra: more files that go into the wheel (a test site's test-only calculators)."""
    names = set()
    for path in [*browser_sources(package), *map(Path, extra)]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return sorted(n for n in names if n.split(".")[0] != package.name)


def measured_closure() -> list[str]:
    """The standard-library modules last measured (CLOSURE), or none if it was never measured."""
    if not CLOSURE.exists():
        return []
    return json.loads(CLOSURE.read_text(encoding="utf-8"))["modules"]


def precompiled_stdlib(pyodide_dir: Path, package: Path, cache: Path, extra: Sequence[Path] = ()) -> Path:
    """The path of python_stdlib.zip with only the needed modules, precompiled (built on a cache miss).
    extra: test-only calculator files the wheel also carries (their imports are shipped too)."""
    modules = {"import": sorted(set(imported_modules(package, extra)) | set(measured_closure())), "keep": list(KEEP)}
    source = pyodide_dir / "python_stdlib.zip"
    out = cache / f"python_stdlib-{cache_key(pyodide_dir, source.read_bytes(), json.dumps(modules).encode())}.zip"
    if out.exists():
        return out
    with tempfile.TemporaryDirectory() as tmp:
        wanted = Path(tmp) / "modules.json"
        wanted.write_text(json.dumps(modules), encoding="utf-8")
        summary = precompile(pyodide_dir, "stdlib", source, out, str(wanted))
    (cache / "python_stdlib.json").write_text(summary, encoding="utf-8")
    forget_others(out, "python_stdlib-*.zip")
    return out


def package_bytecode(files: dict[str, bytes], pyodide_dir: Path, cache: Path) -> dict[str, bytes]:
    """NAME.pyc for every NAME.py among files (a wheel's contents), compiled for Pyodide's Python and
    cached by a hash of the sources. Beside its source in a wheel, a .pyc is what zipimport loads
    first; a Python of another version finds its magic number wrong and compiles the source instead."""
    sources = {name: data for name, data in sorted(files.items()) if name.endswith(".py")}
    key = cache_key(pyodide_dir, *(name.encode() + b"\0" + data for name, data in sources.items()))
    out = cache / f"bytecode-{key}.zip"
    if not out.exists():
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "sources.zip"
            with zipfile.ZipFile(source, "w") as zf:
                for name, data in sources.items():
                    zf.writestr(zipfile.ZipInfo(name, EPOCH), data)
            precompile(pyodide_dir, "package", source, out)
        forget_others(out, "bytecode-*.zip")
    with zipfile.ZipFile(out) as zf:
        return {name: zf.read(name) for name in zf.namelist()}
