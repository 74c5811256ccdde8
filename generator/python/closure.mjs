// The calculators' import closure: which standard-library modules Python imports while it starts,
// while the calculators import and warm, and while they run the given cases. Called by
// generator/python/stdlib.py (measured_closure's refresh, `python -m generator.python.closure --measure`) and by
// tests/test_stdlib.py (the check that the shipped library lacks none of them):
//   node closure.mjs PYODIDE_DIR STOCK_NAMES.json WHEEL CASES.json [STDLIB.zip [SNAPSHOT.gz]]
// STDLIB replaces Pyodide's python_stdlib.zip; SNAPSHOT is restored in place of a start, as the
// browser worker does. An import hook, last on sys.meta_path, sees every import no other finder
// could satisfy; STOCK_NAMES lists the files of Pyodide's own library (read here, zipfile would
// itself import modules the calculators do not). Prints JSON: {"modules": stdlib modules loaded from the zip, "missing": modules
// imported but not found that Pyodide's own library has, "cases": how many ran,
// "failed": the cases that raised}.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gunzipSync } from "node:zlib";

const [pyodideDir, stock, wheel, casesPath, stdLibURL, snapshot] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { loadPyodide } = require(path.resolve(pyodideDir, "pyodide.js"));
process.on("uncaughtException", (error) => {
  process.stderr.write(`${error && error.message}\n`);
  process.exit(1);
});
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + "/", stdout: () => {}, stderr: () => {},
  ...(stdLibURL ? { stdLibURL } : {}), ...(snapshot ? { _loadSnapshot: gunzipSync(readFileSync(snapshot)) } : {}) });
const onPath = `/tmp/${path.basename(wheel)}`; // as the worker does (a snapshot has it on sys.path already)
pyodide.FS.writeFile(onPath, new Uint8Array(readFileSync(wheel)));
pyodide.globals.set("stock_json", readFileSync(stock, "utf8"));
pyodide.globals.set("on_path", onPath);
pyodide.globals.set("cases_json", readFileSync(casesPath, "utf8"));
const report = pyodide.runPython(`
import importlib.abc, json, sys

class Missing(importlib.abc.MetaPathFinder):
    names = set()
    def find_spec(self, name, path=None, target=None):
        self.names.add(name)
        return None

sys.meta_path.append(Missing())
if on_path not in sys.path:
    sys.path.insert(0, on_path)
cases = json.loads(cases_json)
failed = []
try:
    import calculators.core.bridge as bridge
    calculators = json.loads(bridge.ids())
except Exception as exc:  # a module left out that the calculators import at once: "missing" names it
    failed.append(f"importing the calculators: {type(exc).__name__}: {exc}")
    bridge, calculators = None, []
for calculator in calculators:
    try:
        bridge.warm(calculator)
    except Exception:
        pass
for case in cases if bridge else ():
    try:  # a module left out fails a case; the hook has seen it, and "missing" names it
        bridge.run_json(case["calculator"], json.dumps(case["inputs"]))
    except Exception as exc:
        failed.append(f"{case['calculator']}: {type(exc).__name__}: {exc}")
stock = set(json.loads(stock_json))
prefix = next(p for p in sys.path if p.endswith(".zip")) + "/"
loaded = sorted(name for name, m in list(sys.modules.items())
                if (getattr(m, "__file__", None) or "").startswith(prefix))
missing = sorted(n for n in Missing.names
                 if n.replace(".", "/") + ".py" in stock or n.replace(".", "/") + "/__init__.py" in stock)
json.dumps({"modules": loaded, "missing": missing, "cases": len(cases), "failed": failed})
`);
process.stdout.write(report);
