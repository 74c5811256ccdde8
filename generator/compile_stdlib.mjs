// Precompile the parts of Python's standard library that the calculators use, inside the very
// Pyodide the site ships, so the bytecode matches its Python exactly. Called by generator/stdlib.py:
//   node compile_stdlib.mjs PYODIDE_DIR IN.zip OUT.zip MODULES.json
// It imports Pyodide's own start-up modules (by starting) and every module named in MODULES.json,
// then rewrites IN.zip with each imported module as a sourceless .pyc (unchecked hash, so no
// source is needed) and every other file unchanged. Prints a JSON summary.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [pyodideDir, inZip, outZip, modulesJson] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { loadPyodide } = require(path.resolve(pyodideDir, "pyodide.js"));
const pyodide = await loadPyodide({ stdout: () => {}, stderr: (line) => process.stderr.write(`${line}\n`) });
pyodide.FS.writeFile("/tmp/in.zip", readFileSync(inZip));
pyodide.globals.set("wanted", JSON.parse(readFileSync(modulesJson, "utf8")));
const summary = pyodide.runPython(`
import importlib, importlib.util, json, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

missing = []
for name in wanted:
    try:
        importlib.import_module(name)
    except Exception:
        missing.append(name)
prefix = next(p for p in sys.path if p.endswith(".zip")) + "/"
used = {m.__file__[len(prefix):] for m in list(sys.modules.values())
        if (getattr(m, "__file__", None) or "").startswith(prefix) and m.__file__.endswith(".py")}
compiled = 0
with zipfile.ZipFile("/tmp/in.zip") as src, zipfile.ZipFile("/tmp/out.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
    for info in src.infolist():
        data = src.read(info)
        if info.filename in used:
            code = compile(data, prefix + info.filename, "exec", dont_inherit=True)
            pyc = zipfile.ZipInfo(info.filename + "c", info.date_time)
            pyc.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(pyc, bytes(_code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)))
            compiled += 1
        else:
            out.writestr(info, data)
json.dumps({"python": sys.version.split()[0], "compiled": compiled, "not_importable": missing})
`);
writeFileSync(outZip, pyodide.FS.readFile("/tmp/out.zip"));
process.stdout.write(summary);
