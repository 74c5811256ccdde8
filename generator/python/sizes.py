"""What a visitor downloads: the bytes of a file as a static host serves it."""
from __future__ import annotations

from pathlib import Path

from generator.site.runtime import RUNTIME_FILES

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
    files = [stdlib if name == "python_stdlib.zip" else pyodide_dir / name for name in RUNTIME_FILES]
    return sum(wire_bytes(p) for p in [*files, wheel])
