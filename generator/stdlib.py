"""Python's standard library, precompiled for the browser.

Pyodide ships its standard library as source, so every module Python imports while it starts is
compiled in the visitor's browser, which is most of Python's start-up time. The build compiles the
modules Pyodide itself imports and those the calculators import, inside the same Pyodide (in Node),
and ships them as bytecode in place of their source; every other module stays as it was. The result
is cached in build/ by a hash of everything that goes into it."""
from __future__ import annotations

import ast
import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

SCRIPT = Path(__file__).with_name("compile_stdlib.mjs")
EDGES = {"cli.py", "__main__.py", "pandas_adapter.py"}  # run on CPython only, never in the browser


class StdlibError(Exception):
    pass


def imported_modules(package: Path) -> list[str]:
    """Every absolute module name the package imports anywhere (also inside functions), except its
    own and those of the modules that only run on CPython."""
    names = set()
    for path in sorted(p for p in package.rglob("*.py") if p.name not in EDGES):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return sorted(n for n in names if n.split(".")[0] != package.name)


def precompiled_stdlib(pyodide_dir: Path, package: Path, cache: Path) -> Path:
    """The path of python_stdlib.zip with the needed modules precompiled (built on a cache miss)."""
    modules = imported_modules(package)
    source = pyodide_dir / "python_stdlib.zip"
    digest = hashlib.sha256()
    for part in (source.read_bytes(), (pyodide_dir / "pyodide.asm.wasm").read_bytes(), SCRIPT.read_bytes(),
                 json.dumps(modules).encode()):
        digest.update(hashlib.sha256(part).digest())
    out = cache / f"python_stdlib-{digest.hexdigest()[:16]}.zip"
    if out.exists():
        return out
    node = shutil.which("node")
    if not node:
        raise StdlibError("Node.js is needed to build the calculators' copy of Python, and it was not found. "
                          "Install Node 20 or later (the README lists what a fresh machine needs), then build again.")
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wanted = Path(tmp) / "modules.json"
        wanted.write_text(json.dumps(modules), encoding="utf-8")
        partial = Path(tmp) / "out.zip"
        run = subprocess.run([node, str(SCRIPT), str(pyodide_dir), str(source), str(partial), str(wanted)],
                             capture_output=True, text=True)
        if run.returncode != 0 or not partial.exists():
            raise StdlibError(f"Precompiling Python's standard library failed:\n{run.stderr.strip()[-2000:]}")
        for old in cache.glob("python_stdlib-*.zip"):
            old.unlink()
        shutil.move(partial, out)  # only a finished file ever has the cached name
    (cache / "python_stdlib.json").write_text(run.stdout, encoding="utf-8")
    return out
