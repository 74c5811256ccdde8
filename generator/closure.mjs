// The calculators' import closure: which standard-library modules Python imports while it starts,
// while the calculators import and warm, and while they run the given cases. Called by
// generator/stdlib.py (measured_closure's refresh, `python -m generator.stdlib --measure`) and by
// tests/test_stdlib.py (the check that the shipped library lacks none of them):
//   node closure.mjs PYODIDE_DIR STOCK_STDLIB.zip WHEEL CASES.json [STDLIB.zip [SNAPSHOT.gz]]
// STDLIB replaces Pyodide's python_stdlib.zip; SNAPSHOT is restored in place of a start, as the
// browser worker does. An import hook, last on sys.meta_path, sees every import no other finder
// could satisfy. Prints JSON: {"modules": stdlib modules loaded from the zip, "missing": modules
// imported but not found that Pyodide's own library (STOCK_STDLIB) has, "cases": how many ran}.
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
pyodide.FS.writeFile("/tmp/stock.zip", new Uint8Array(readFileSync(stock)));
pyodide.globals.set("on_path", onPath);
pyodide.globals.set("cases_json", readFileSync(casesPath, "utf8"));
const report = pyodide.runPython(`
import importlib.abc, json, sys, zipfile

class Missing(importlib.abc.MetaPathFinder):
    names = set()
    def find_spec(self, name, path=None, target=None):
        self.names.add(name)
        return None

sys.meta_path.append(Missing())
if on_path not in sys.path:
    sys.path.insert(0, on_path)
import calculators.bridge as bridge
for calculator in json.loads(bridge.ids()):
    try:
        bridge.warm(calculator)
    except Exception:
        pass
cases = json.loads(cases_json)
for case in cases:
    bridge.run_json(case["calculator"], json.dumps(case["inputs"]))
stock = set(zipfile.ZipFile("/tmp/stock.zip").namelist())
prefix = next(p for p in sys.path if p.endswith(".zip")) + "/"
loaded = sorted(name for name, m in list(sys.modules.items())
                if (getattr(m, "__file__", None) or "").startswith(prefix))
missing = sorted(n for n in Missing.names
                 if n.replace(".", "/") + ".py" in stock or n.replace(".", "/") + "/__init__.py" in stock)
json.dumps({"modules": loaded, "missing": missing, "cases": len(cases)})
`);
process.stdout.write(report);
