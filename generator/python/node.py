"""Running the build's Node scripts (precompile.mjs, snapshot.mjs, closure.mjs) in the Pyodide the
site ships, and caching their results by a hash of everything that goes into them."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.failures import BuildError

PRECOMPILE = Path(__file__).with_name("precompile.mjs")


class StdlibError(BuildError):
    pass


def cache_key(pyodide_dir: Path, *parts: bytes, script: Path = PRECOMPILE) -> str:
    """A hash of everything that goes into a result: the inputs, Pyodide's Python and this step."""
    digest = hashlib.sha256()
    for part in ((pyodide_dir / "pyodide.asm.wasm").read_bytes(), script.read_bytes(), *parts):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:16]


def precompile(pyodide_dir: Path, mode: str, source: Path, out: Path, *extra: str) -> str:
    """Run precompile.mjs in Node and move its result to out (only a finished file ever has that
    name). Returns its printed summary."""
    return run_node(PRECOMPILE, out, mode, [str(pyodide_dir), mode, str(source)], extra)


def run_node(script: Path, out: Path, what: str, before: list[str], after: tuple[str, ...] = ()) -> str:
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


def forget_others(keep: Path, pattern: str) -> None:
    for old in keep.parent.glob(pattern):
        if old != keep:
            old.unlink(missing_ok=True)
