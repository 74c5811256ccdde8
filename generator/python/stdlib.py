"""Python's standard library and the calculators, precompiled for the browser.

Pyodide ships its standard library as source, so every module Python imports while it starts is
compiled in the visitor's browser, which is most of Python's start-up time. The build compiles the
modules Pyodide itself imports and those the calculators import, inside the same Pyodide (in Node),
and ships only them, as bytecode: the calculators' import closure (CLOSURE, measured over every
parity case and warm-up by `python -m generator.python.stdlib --measure`, and the modules they name
anywhere), plus the allow-list KEEP; the rest of the standard library is left out. The
calculators' own modules get bytecode beside their source in the wheel. Then the build starts that
Python once, with the calculators imported and warmed, and saves its memory (python_snapshot), which
the browser restores in place of starting Python. Results are cached in build/ by a hash of
everything that goes into them."""
from __future__ import annotations

import ast
import hashlib
import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Sequence

from generator.python.wheel import browser_sources

SCRIPT = Path(__file__).with_name("precompile.mjs")
SNAPSHOT_SCRIPT = Path(__file__).with_name("snapshot.mjs")
EPOCH = (1980, 1, 1, 0, 0, 0)
# The standard-library modules Python imports while it starts, while the calculators import and warm,
# and while they run every parity case (tests/parity/cases), with and without a snapshot: measured,
# not guessed. tests/test_stdlib.py runs every case on the shipped library with an import hook that
# fails on any module left out, and says to run `python -m generator.python.stdlib --measure` to refresh it.
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
CACHE = Path(__file__).resolve().parents[2] / "build" / "stdlib"  # by content hash, shared by every site built from this checkout


class StdlibError(Exception):
    pass


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


def _cache_key(pyodide_dir: Path, *parts: bytes, script: Path = SCRIPT) -> str:
    """A hash of everything that goes into a result: the inputs, Pyodide's Python and this step."""
    digest = hashlib.sha256()
    for part in ((pyodide_dir / "pyodide.asm.wasm").read_bytes(), script.read_bytes(), *parts):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:16]


def _precompile(pyodide_dir: Path, mode: str, source: Path, out: Path, *extra: str) -> str:
    """Run precompile.mjs in Node and move its result to out (only a finished file ever has that
    name). Returns its printed summary."""
    return _node(SCRIPT, out, mode, [str(pyodide_dir), mode, str(source)], extra)


def _node(script: Path, out: Path, what: str, before: list[str], after: tuple[str, ...] = ()) -> str:
    """Run a build script in Node with the arguments before, a temporary output path and after, and
    move its output to out (only a finished file ever has that name). Returns its printed summary."""
    node = shutil.which("node")
    if not node:
        raise StdlibError("Node.js is needed to build the calculators' copy of Python, and it was not found. "
                          "Install Node 20 or later (the README lists what a fresh machine needs), then build again.")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        partial = Path(tmp) / out.name
        run = subprocess.run([node, str(script), *before, str(partial), *after], capture_output=True, text=True)
        if run.returncode != 0 or not partial.exists():
            raise StdlibError(f"Preparing Python for the browser failed ({what}). This is not a problem with the content: "
                              "build again, and if it fails again, report it with the lines below.\n"
                              f"{run.stderr.strip()[-2000:]}")
        shutil.move(partial, out)
    return run.stdout


def _forget_others(keep: Path, pattern: str) -> None:
    for old in keep.parent.glob(pattern):
        if old != keep:
            old.unlink(missing_ok=True)


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
    out = cache / f"python_stdlib-{_cache_key(pyodide_dir, source.read_bytes(), json.dumps(modules).encode())}.zip"
    if out.exists():
        return out
    with tempfile.TemporaryDirectory() as tmp:
        wanted = Path(tmp) / "modules.json"
        wanted.write_text(json.dumps(modules), encoding="utf-8")
        summary = _precompile(pyodide_dir, "stdlib", source, out, str(wanted))
    (cache / "python_stdlib.json").write_text(summary, encoding="utf-8")
    _forget_others(out, "python_stdlib-*.zip")
    return out


def package_bytecode(files: dict[str, bytes], pyodide_dir: Path, cache: Path) -> dict[str, bytes]:
    """NAME.pyc for every NAME.py among files (a wheel's contents), compiled for Pyodide's Python and
    cached by a hash of the sources. Beside its source in a wheel, a .pyc is what zipimport loads
    first; a Python of another version finds its magic number wrong and compiles the source instead."""
    sources = {name: data for name, data in sorted(files.items()) if name.endswith(".py")}
    key = _cache_key(pyodide_dir, *(name.encode() + b"\0" + data for name, data in sources.items()))
    out = cache / f"bytecode-{key}.zip"
    if not out.exists():
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "sources.zip"
            with zipfile.ZipFile(source, "w") as zf:
                for name, data in sources.items():
                    zf.writestr(zipfile.ZipInfo(name, EPOCH), data)
            _precompile(pyodide_dir, "package", source, out)
        _forget_others(out, "bytecode-*.zip")
    with zipfile.ZipFile(out) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def python_snapshot(pyodide_dir: Path, stdlib: Path, wheel: Path, cache: Path) -> Path:
    """The gzipped memory of a Python started on `stdlib` with the calculators in `wheel` imported
    and warmed (snapshot.mjs), named by a hash of all that goes into it (built on a cache miss). A
    browser that restores it skips Python's start-up: the bootstrap imports, the calculators' imports
    and their warm-up."""
    key = _cache_key(pyodide_dir, stdlib.read_bytes(), wheel.name.encode(), wheel.read_bytes(), script=SNAPSHOT_SCRIPT)
    out = cache / f"python-{key}.snapshot.gz"
    if not out.exists():
        summary = _node(SNAPSHOT_SCRIPT, out, "snapshot", [str(pyodide_dir), str(stdlib), str(wheel)])
        (cache / "python-snapshot.json").write_text(summary, encoding="utf-8")
        _forget_others(out, "python-*.snapshot.gz")
    return out


CLOSURE_SCRIPT = Path(__file__).with_name("closure.mjs")
PARITY_CASES = Path(__file__).resolve().parents[2] / "tests" / "parity" / "cases"


def import_closure(pyodide_dir: Path, wheel: Path, stdlib: Path | None = None, snapshot: Path | None = None) -> dict:
    """Run every parity case and warm every calculator in Pyodide (Node) on `stdlib` (Pyodide's own
    when None), restored from `snapshot` if given, with an import hook: {"modules": the standard
    library modules loaded, "missing": those imported but left out of `stdlib`, "cases": how many}."""
    cases = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(PARITY_CASES.rglob("*.json"))]
    with tempfile.TemporaryDirectory() as tmp:
        listed = Path(tmp) / "cases.json"
        listed.write_text(json.dumps(cases), encoding="utf-8")
        stock = Path(tmp) / "stock.json"
        with zipfile.ZipFile(pyodide_dir / "python_stdlib.zip") as zf:
            stock.write_text(json.dumps(zf.namelist()), encoding="utf-8")
        extra = [str(p) for p in (stdlib, snapshot) if p]
        if snapshot and not stdlib:
            raise ValueError("a snapshot is restored on the library it was made with: give both")
        run = subprocess.run(["node", str(CLOSURE_SCRIPT), str(pyodide_dir), str(stock),
                              str(wheel), str(listed), *extra], capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        raise StdlibError(f"Measuring the calculators' imports failed:\n{run.stderr.strip()[-2000:]}")
    return json.loads(run.stdout)


def measure(pyodide_dir: Path) -> list[str]:
    """Measure the import closure on Pyodide's whole library and write it to CLOSURE."""
    from generator.python.calculator_data import content_data
    from generator.python.wheel import build_wheel

    with tempfile.TemporaryDirectory() as tmp:
        report = import_closure(pyodide_dir, build_wheel(content_data(), Path(tmp)))
    modules = sorted(report["modules"])
    CLOSURE.write_text(json.dumps({
        "about": "Standard-library modules the calculators' Python imports (start-up, import, warm-up and every "
                 "parity case), measured by `python -m generator.python.stdlib --measure` on Pyodide's whole library. "
                 "The site ships only these, the modules the calculators name, and generator/python/stdlib.py's KEEP.",
        "cases": report["cases"], "modules": modules}, indent=1) + "\n", encoding="utf-8")
    return modules


if __name__ == "__main__":
    import sys

    from generator.site.assets import PYODIDE_NPM

    if sys.argv[1:] != ["--measure"]:
        raise SystemExit("usage: python -m generator.python.stdlib --measure   (refreshes generator/stdlib_closure.json)")
    found = measure(PYODIDE_NPM)
    print(f"{len(found)} standard-library modules written to {CLOSURE}")


# What a static host compresses (GitHub Pages gzips text, scripts, JSON and wasm; zips, wheels and the
# gzipped snapshot go as they are). tests/server.py's GZIP_TYPES serves the benchmarks the same way.
COMPRESSED_BY_HOST = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".wasm")
_wire_cache: dict[tuple, int] = {}


def wire_bytes(path: Path) -> int:
    """The bytes a visitor downloads for the file, as a static host serves it (gzip level 6 for what
    hosts compress, the file as it is otherwise)."""
    import gzip

    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _wire_cache:
        _wire_cache[key] = (len(gzip.compress(path.read_bytes(), 6)) if path.name.endswith(COMPRESSED_BY_HOST)
                            else stat.st_size)
    return _wire_cache[key]


def first_visit_bytes(pyodide_dir: Path, stdlib: Path, wheel: Path) -> int:
    """The bytes a calculator page downloads for Python on a first visit that starts Python itself:
    Pyodide's files (the site's standard library in place of Pyodide's) and the calculators wheel.
    The snapshot is not counted: on a first visit it is fetched only on a connection fast enough to
    make it pay (assets/tk/worker.js), otherwise the service worker fetches it afterwards."""
    from generator.site.assets import RUNTIME_FILES

    files = [stdlib if name == "python_stdlib.zip" else pyodide_dir / name for name in RUNTIME_FILES]
    return sum(wire_bytes(p) for p in [*files, wheel])
