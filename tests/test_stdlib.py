"""Python's standard library, precompiled for the browser (generator/python/stdlib.py)."""
from __future__ import annotations

import ast
import encodings
import encodings.aliases
import gzip
import json
import re
import struct
import zipfile

import pytest

from calculators.core.registry import all_specs
from generator.python import node, stdlib
from generator.python import snapshot as snapshot_module
from generator.python.closure import import_closure
from generator.python.snapshot import python_snapshot
from generator.python.calculator_data import content_data
from generator.python.wheel import browser_sources, build_wheel
from sitekit import PROJECT, PYODIDE_NPM, STDLIB_CACHE as CACHE


def test_the_scan_finds_imports_inside_functions_and_skips_the_package_and_its_cpython_edges(tmp_path):
    package = tmp_path / "calculators"
    package.mkdir()
    (package / "core.py").write_text("import json\nfrom . import other\nfrom calculators import spec\n"
                                     "def f():\n    import difflib\n    from html.parser import HTMLParser\n")
    (package / "edges").mkdir()
    (package / "edges" / "cli.py").write_text("import argparse\n")
    (package / "__main__.py").write_text("import runpy\n")
    assert stdlib.imported_modules(package) == ["difflib", "html.parser", "json"]


def test_the_site_ships_bytecode_for_what_python_needs_and_nothing_else(small_site):
    shipped = zipfile.ZipFile(small_site / "assets" / "pyodide" / "python_stdlib.zip")
    stock = zipfile.ZipFile(PYODIDE_NPM / "python_stdlib.zip")
    names = set(shipped.namelist())
    needed = ["encodings/__init__", "encodings/utf_16_le", "encodings/cp1252", "pyodide/__init__", "_pyodide/_base",
              "json/__init__", "csv", "re/__init__", "dataclasses", "fractions", "difflib", "html/parser"]
    for module in needed:  # Pyodide's start-up, then the calculators'
        assert module + ".pyc" in names and module + ".py" not in names, module
        header = shipped.read(module + ".pyc")[:16]
        assert struct.unpack("<I", header[4:8])[0] == 0b01, module  # hash-based, unchecked: needs no source
    for name in names:  # bytecode of Pyodide's own modules, or a folder of one
        assert name.endswith("/") or (name.endswith(".pyc") and name[:-1] in stock.namelist()), name
    for left_out in ("unittest/__init__.py", "xml/__init__.py", "encodings/cp932.py", "sqlite3/__init__.py"):
        assert left_out not in names and left_out + "c" not in names, left_out  # nothing reads them
    assert len(names) < len(stock.namelist()) / 2


def codecs_named(package) -> set[str]:
    """Every codec named by a literal in .decode("x") or .encode("x") in the package (bar its CPython edges)."""
    found = set()
    for path in browser_sources(package):
        for item in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(item, ast.Call) and isinstance(item.func, ast.Attribute) and item.func.attr in ("decode", "encode")
                    and item.args and isinstance(item.args[0], ast.Constant) and isinstance(item.args[0].value, str)):
                found.add(item.args[0].value)
            if isinstance(item, ast.Tuple) and any(isinstance(e, ast.Constant) and isinstance(e.value, str)
                                                   and e.value.lower().startswith(("utf-", "cp")) for e in item.elts):
                found |= {e.value for e in item.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                          and e.value.lower().startswith(("utf-", "cp"))}  # a table of codecs, as decode_bytes has
    return found


def codec_module(name: str) -> str:
    normal = encodings.normalize_encoding(name).lower()
    return "encodings/" + encodings.aliases.aliases.get(normal, normal) + ".py"


def test_every_codec_the_calculators_name_is_shipped(tmp_path):
    named = codecs_named(PROJECT / "calculators")
    assert {"utf-8-sig", "cp1252", "utf-16-le", "utf-32-be"} <= named  # the scan sees decode_bytes's codecs
    kept = [m for m in sorted({codec_module(n) for n in named}) if not m.startswith(stdlib.KEEP)]
    assert not kept, (f"The calculators decode text with {kept}, which the site does not ship: add it to KEEP in "
                      "generator/python/stdlib.py.")
    # and the check can fail: a codec nobody ships
    package = tmp_path / "calculators"
    package.mkdir()
    (package / "x.py").write_text('b"".decode("shift_jis")\n')
    assert codec_module(next(iter(codecs_named(package)))) == "encodings/shift_jis.py"
    assert not codec_module("shift_jis").startswith(stdlib.KEEP)


@pytest.mark.slow
@pytest.mark.parametrize("restored", [False, True], ids=["Python started", "restored from the snapshot"])
def test_every_parity_case_and_warm_up_imports_nothing_the_shipped_library_left_out(tmp_path, restored):
    shipped = stdlib.precompiled_stdlib(PYODIDE_NPM, PROJECT / "calculators", CACHE)
    wheel = build_wheel(content_data(), tmp_path, lambda files: stdlib.package_bytecode(files, PYODIDE_NPM, CACHE))
    snapshot = python_snapshot(PYODIDE_NPM, shipped, wheel, CACHE) if restored else None
    report = import_closure(PYODIDE_NPM, wheel, shipped, snapshot)
    assert report["cases"] == len(list((PROJECT / "tests" / "parity" / "cases").rglob("*.json"))) > 0
    assert report["missing"] == [], (f"The calculators import {report['missing']}, which the site's standard library leaves "
                                     "out. Run `.venv/bin/python -m generator.python.closure --measure` and commit "
                                     "generator/python/stdlib_closure.json (or add it to KEEP in generator/python/stdlib.py).")
    assert "json" in report["modules"]


@pytest.mark.slow
def test_the_import_hook_finds_a_module_left_out(tmp_path):
    """The check above can fail: a library without one module the calculators import at run time."""
    shipped = stdlib.precompiled_stdlib(PYODIDE_NPM, PROJECT / "calculators", CACHE)
    wheel = build_wheel(content_data(), tmp_path)
    victim = "fractions.pyc"  # imported only by the code that needs it, at run time
    lacking = tmp_path / "lacking.zip"
    with zipfile.ZipFile(shipped) as src, zipfile.ZipFile(lacking, "w") as out:
        assert victim in src.namelist()
        for info in src.infolist():
            if info.filename != victim:
                out.writestr(info, src.read(info))
    assert "fractions" in import_closure(PYODIDE_NPM, wheel, lacking)["missing"]


def test_without_node_the_build_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(node.shutil, "which", lambda name: None)
    with pytest.raises(node.StdlibError, match="Node.js is needed"):
        stdlib.precompiled_stdlib(PYODIDE_NPM, PROJECT / "calculators", tmp_path / "cache")


def test_a_failed_step_says_it_is_not_the_content_and_shows_why(tmp_path, monkeypatch):
    failing = tmp_path / "snapshot.mjs"
    failing.write_text('process.stderr.write("the reason, from Node\\n"); process.exit(1);\n')
    monkeypatch.setattr(snapshot_module, "SNAPSHOT_SCRIPT", failing)
    wheel, zipped = tmp_path / "w.whl", tmp_path / "stdlib.zip"
    wheel.write_bytes(b"wheel")
    zipped.write_bytes(b"zip")
    with pytest.raises(node.StdlibError) as error:
        python_snapshot(PYODIDE_NPM, zipped, wheel, tmp_path / "cache")
    assert "failed (snapshot)" in str(error.value) and "not a problem with the content" in str(error.value)
    assert str(error.value).endswith("the reason, from Node")
    assert not list((tmp_path / "cache").glob("python-*"))  # nothing half-made is left to be taken for a result


def test_a_cached_result_is_reused_and_a_change_makes_a_new_one(tmp_path):
    cache = tmp_path / "cache"
    first = stdlib.precompiled_stdlib(PYODIDE_NPM, PROJECT / "calculators", cache)
    again = stdlib.precompiled_stdlib(PYODIDE_NPM, PROJECT / "calculators", cache)
    assert first == again and first.stat().st_mtime_ns == again.stat().st_mtime_ns
    package = tmp_path / "calculators"
    package.mkdir()
    (package / "x.py").write_text("import tomllib\n")
    other = stdlib.precompiled_stdlib(PYODIDE_NPM, package, cache)
    assert other != first and "tomllib/__init__.pyc" in zipfile.ZipFile(other).namelist()


def test_the_snapshot_is_python_with_every_calculator_warmed_and_keeps_nothing_of_the_build_machine(tmp_path, monkeypatch):
    # Node hands its environment and the running script's path to Python, and the saved memory
    # would carry them to every visitor: a secret in the build's environment, the checkout's path
    monkeypatch.setenv("TK_BUILD_SECRET", "sentinel-4d1f9e")
    shipped = stdlib.precompiled_stdlib(PYODIDE_NPM, PROJECT / "calculators", CACHE)
    wheel = build_wheel(content_data(), tmp_path, lambda files: stdlib.package_bytecode(files, PYODIDE_NPM, CACHE))
    cache = tmp_path / "cache"
    snapshot = python_snapshot(PYODIDE_NPM, shipped, wheel, cache)
    assert re.fullmatch(r"python-[0-9a-f]{16}\.snapshot\.gz", snapshot.name)
    memory = gzip.decompress(snapshot.read_bytes())
    assert [leak for leak in (b"sentinel-4d1f9e", str(PROJECT).encode(), b"snapshot.mjs") if leak in memory] == []
    assert f"/tmp/{wheel.name}".encode() in memory  # on sys.path, where the worker writes the wheel
    summary = json.loads((cache / "python-snapshot.json").read_text())
    assert set(summary["warmed"]) >= {s.id for s in all_specs()} and summary["bytes"] == len(memory)
    again = python_snapshot(PYODIDE_NPM, shipped, wheel, cache)
    assert again == snapshot and again.stat().st_mtime_ns == snapshot.stat().st_mtime_ns  # cached


def test_the_calculator_page_states_the_download_size_measured_from_the_built_files(small_site):
    page = next((small_site / "calculators").glob("*/index.html")).read_text(encoding="utf-8")
    stated = re.search(r'<meta name="tk-download-mb" content="(\d+)">', page)
    assert stated, "the calculator page has no tk-download-mb meta"
    runtime = small_site / "assets" / "pyodide"
    files = [*(runtime / name for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                                           "pyodide-lock.json")), *(small_site / "assets" / "py").glob("*.whl")]
    on_the_wire = sum(len(gzip.compress(p.read_bytes(), 6)) if p.suffix in (".mjs", ".wasm", ".json") else p.stat().st_size
                      for p in files)
    snapshot = next((small_site / "assets" / "py").glob("*.snapshot.gz"))
    # the snapshot counts: a fast first visit fetches it, and the service worker keeps it for every reader
    assert int(stated.group(1)) == round((on_the_wire + snapshot.stat().st_size) / 1e6)
    assert f'<meta name="tk-snapshot-bytes" content="{snapshot.stat().st_size}">' in page  # the worker weighs it against the connection
    for module in (PROJECT / "site_templates" / "assets" / "tk").glob("*.js"):
        script = module.read_text(encoding="utf-8")
        assert not re.search(r"\d\s*MB", script), f"a download size typed into {module.name} goes stale: use the meta"


def test_the_snapshot_names_the_pyodide_build_it_was_made_with(tmp_path):
    """Pyodide refuses a snapshot of another build (the worker then starts Python itself); this
    checks the header still says which build, so an upgrade that changed the format fails here."""
    shipped = stdlib.precompiled_stdlib(PYODIDE_NPM, PROJECT / "calculators", CACHE)
    wheel = build_wheel(content_data(), tmp_path, lambda files: stdlib.package_bytecode(files, PYODIDE_NPM, CACHE))
    memory = gzip.decompress(python_snapshot(PYODIDE_NPM, shipped, wheel, CACHE).read_bytes())
    build_id = re.search(r'BUILD_ID:"([0-9a-f]{64})"', (PYODIDE_NPM / "pyodide.mjs").read_text(encoding="utf-8"))
    assert build_id, "pyodide.mjs no longer names its BUILD_ID: check the snapshot's header format against the new Pyodide"
    words = [int(build_id.group(1)[i:i + 8], 16) for i in range(0, 64, 8)]  # eight 32-bit words, little-endian
    assert memory[16:48] == struct.pack("<8I", *words)
