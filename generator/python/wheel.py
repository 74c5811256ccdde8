"""Pack calculators/ (and the content data it computes with) into a py3-none-any wheel.

The wheel holds what runs in the browser and nothing else: CPYTHON_ONLY (the edges package and
`python -m`'s entry point) is left out, and this is the one place that list is kept
(generator.python.stdlib scans the same files). A test site may add test-only calculators
(`test_calculators`): each file goes into the wheel's calculators/testing/ package, whose
__init__ registers it (calculators.core.registry looks for that package); the shipped site has none.

The wheel is reproducible (sorted entries, fixed timestamps), and its file name carries a hash of
its contents (bytecode included, so a new Pyodide means a new name), so a browser never runs a
stale copy from its cache."""
from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path
from typing import Callable, Sequence

import calculators

PACKAGE = Path(calculators.__file__).resolve().parent
EPOCH = (1980, 1, 1, 0, 0, 0)
# Run on CPython only, never in the browser (paths inside calculators/): the CLI and pandas adapter
# (the whole edges package) and `python -m calculators`.
CPYTHON_ONLY = ("edges/", "__main__.py")
TESTING = "calculators/testing"  # where a test site's wheel carries its test-only calculators


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def browser_sources(package: Path = PACKAGE) -> list[Path]:
    """The package's .py files that run in the browser: all but CPYTHON_ONLY."""
    def cpython_only(path: Path) -> bool:
        rel = path.relative_to(package).as_posix()
        return any(rel == skip or (skip.endswith("/") and rel.startswith(skip)) for skip in CPYTHON_ONLY)

    return [p for p in sorted(package.rglob("*.py")) if "__pycache__" not in p.parts and not cpython_only(p)]


def wheel_files(content_data: dict, test_calculators: Sequence[Path] = ()) -> dict[str, bytes]:
    """The wheel's files: the calculators bar CPYTHON_ONLY, content.json, and any test-only
    calculators (files each defining a SPEC with test_only=True) in calculators/testing/."""
    files = {f"calculators/{p.relative_to(PACKAGE).as_posix()}": p.read_bytes() for p in browser_sources()}
    files["calculators/content.json"] = json.dumps(content_data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    if test_calculators:
        names = [Path(p).stem for p in test_calculators]
        files |= {f"{TESTING}/{Path(p).name}": Path(p).read_bytes() for p in test_calculators}
        files[f"{TESTING}/__init__.py"] = ('"""Test-only calculators, in a test site\'s wheel only (generator/python/wheel.py)."""\n'
                                           "from calculators.core.registry import register\n"
                                           + "".join(f"from calculators.testing import {n}\n" for n in names)
                                           + "".join(f"register({n}.SPEC)\n" for n in names)).encode()
    return files


def build_wheel(content_data: dict, out_dir: Path, bytecode: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None,
                test_calculators: Sequence[Path] = ()) -> Path:
    """Write the wheel into out_dir (removing older ones) and return its path. bytecode, if given,
    returns compiled files to ship beside the sources (generator.python.stdlib.package_bytecode: the site's
    wheel carries bytecode for Pyodide's Python, so the browser does not compile the calculators).
    test_calculators: files of test-only calculators to add (test sites only; see wheel_files)."""
    files = wheel_files(content_data, test_calculators)
    if bytecode:
        files |= bytecode(files)
    digest = hashlib.sha256(b"".join(name.encode() + b"\0" + data for name, data in sorted(files.items()))).hexdigest()[:12]
    version = f"{calculators.__version__}+{digest}"
    dist = f"calculators-{version}.dist-info"
    files[f"{dist}/METADATA"] = (f"Metadata-Version: 2.1\nName: calculators\nVersion: {version}\n"
                                 "Summary: Socio-economic diversity toolkit calculators (stdlib only)\n").encode()
    files[f"{dist}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: seb-toolkit\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{dist}/top_level.txt"] = b"calculators\n"
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in sorted(files.items()))
    files[f"{dist}/RECORD"] = (record + f"{dist}/RECORD,,\n").encode()
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"calculators-{version}-py3-none-any.whl"
    for old in out_dir.glob("calculators-*.whl"):
        if old != path:
            old.unlink()
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for name, data in sorted(files.items()):
                info = zipfile.ZipInfo(name, EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, data)
        tmp.replace(path)
    return path
