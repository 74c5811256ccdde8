"""Python's snapshot: a Python started once at build time, its memory saved for the browser to restore."""
from __future__ import annotations

from pathlib import Path

from generator.python.node import cache_key, forget_others, run_node

SNAPSHOT_SCRIPT = Path(__file__).with_name("snapshot.mjs")


def python_snapshot(pyodide_dir: Path, stdlib: Path, wheel: Path, cache: Path) -> Path:
    """The gzipped memory of a Python started on `stdlib` with the calculators in `wheel` imported
    and warmed (snapshot.mjs), named by a hash of all that goes into it (built on a cache miss). A
    browser that restores it skips Python's start-up: the bootstrap imports, the calculators' imports
    and their warm-up."""
    key = cache_key(pyodide_dir, stdlib.read_bytes(), wheel.name.encode(), wheel.read_bytes(), script=SNAPSHOT_SCRIPT)
    out = cache / f"python-{key}.snapshot.gz"
    if not out.exists():
        summary = run_node(SNAPSHOT_SCRIPT, out, "snapshot", [str(pyodide_dir), str(stdlib), str(wheel)])
        (cache / "python-snapshot.json").write_text(summary, encoding="utf-8")
        forget_others(out, "python-*.snapshot.gz")
    return out
