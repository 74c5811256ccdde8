"""Pack calculators/ (and the content data it computes with) into a py3-none-any wheel.

The wheel is reproducible (sorted entries, fixed timestamps), and its file name carries a hash of
its contents (bytecode included, so a new Pyodide means a new name), so a browser never runs a
stale copy from its cache."""
from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path
from typing import Callable

import calculators

PACKAGE = Path(calculators.__file__).resolve().parent
EPOCH = (1980, 1, 1, 0, 0, 0)
# The calculators' modules that run on CPython only (the command line, the pandas adapter): left out of
# the wheel, and their imports not counted in the standard library the site ships (generator/python/stdlib.py).
CPYTHON_ONLY = ("pandas_adapter.py", "__main__.py", "cli.py")


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def wheel_files(content_data: dict) -> dict[str, bytes]:
    files = {f"calculators/{p.relative_to(PACKAGE).as_posix()}": p.read_bytes() for p in sorted(PACKAGE.rglob("*.py"))
             if p.name not in CPYTHON_ONLY and "__pycache__" not in p.parts}
    files["calculators/content.json"] = json.dumps(content_data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    return files


def build_wheel(content_data: dict, out_dir: Path, bytecode: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None) -> Path:
    """Write the wheel into out_dir (removing older ones) and return its path. bytecode, if given,
    returns compiled files to ship beside the sources (generator.python.stdlib.package_bytecode: the site's
    wheel carries bytecode for Pyodide's Python, so the browser does not compile the calculators)."""
    files = wheel_files(content_data)
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
