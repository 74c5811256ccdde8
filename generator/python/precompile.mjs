// Compile Python to bytecode inside the very Pyodide the site ships, so the bytecode matches its
// Python exactly. Called by generator/python/stdlib.py in one of two modes:
//   node precompile.mjs PYODIDE_DIR stdlib IN.zip OUT.zip MODULES.json
//     imports Pyodide's own start-up modules (by starting) and every module named in MODULES.json
//     ({"import": [names], "keep": [zip path prefixes]}), then rewrites IN.zip (the standard
//     library) with only what Python will read: each imported module, and every module under a kept
//     prefix, as a sourceless .pyc; every other file is left out. Prints a JSON summary.
//   node precompile.mjs PYODIDE_DIR package IN.zip OUT.zip
//     writes OUT.zip with NAME.pyc for every NAME.py in IN.zip (a package's sources).
// Every .pyc is hash-based and unchecked, so Python uses it without reading or checking a source.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [pyodideDir, mode, inZip, outZip, modulesJson] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { loadPyodide } = require(path.resolve(pyodideDir, "pyodide.js"));
const pyodide = await loadPyodide({ stdout: () => {}, stderr: (line) => process.stderr.write(`${line}\n`) });
pyodide.FS.writeFile("/tmp/in.zip", readFileSync(inZip));
pyodide.globals.set("mode", mode);
const modules = modulesJson ? JSON.parse(readFileSync(modulesJson, "utf8")) : {};
pyodide.globals.set("wanted", modules.import || []);
pyodide.globals.set("keep", modules.keep || []);
const summary = pyodide.runPython(`
import importlib, importlib.util, json, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

def pyc(data, filename):
    code = compile(data, filename, "exec", dont_inherit=True)
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False))

def entry(name, date_time):
    info = zipfile.ZipInfo(name, date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info

missing = []
for name in wanted:
    try:
        importlib.import_module(name)
    except Exception:
        missing.append(name)
prefix = next(p for p in sys.path if p.endswith(".zip")) + "/"
used = {m.__file__[len(prefix):] for m in list(sys.modules.values())
        if (getattr(m, "__file__", None) or "").startswith(prefix) and m.__file__.endswith(".py")}
keep = tuple(keep)
compiled = dropped = 0
shipped = set()
with zipfile.ZipFile("/tmp/in.zip") as src, zipfile.ZipFile("/tmp/out.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
    for info in src.infolist():
        data = src.read(info)
        if mode == "package":
            if info.filename.endswith(".py"):
                out.writestr(entry(info.filename + "c", info.date_time), pyc(data, info.filename))
                compiled += 1
        elif info.filename.endswith(".py") and (info.filename in used or info.filename.startswith(keep)):
            out.writestr(entry(info.filename + "c", info.date_time), pyc(data, prefix + info.filename))
            compiled += 1
            shipped.add(info.filename)
        elif info.filename.endswith("/") and any(name.startswith(info.filename) for name in used | set(
                n for n in src.namelist() if n.startswith(keep))):
            out.writestr(info, data)  # a folder of something shipped
        else:
            dropped += 1
json.dumps({"python": sys.version.split()[0], "compiled": compiled, "dropped": dropped, "not_importable": missing,
            "modules": sorted(shipped)})
`);
writeFileSync(outZip, pyodide.FS.readFile("/tmp/out.zip"));
process.stdout.write(summary);
