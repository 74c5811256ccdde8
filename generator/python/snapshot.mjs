// Start Python once at build time and save its memory, so that a visitor's browser restores it in
// place of starting Python itself (Pyodide's memory snapshot). Called by generator/python/stdlib.py:
//   node snapshot.mjs PYODIDE_DIR STDLIB.zip WHEEL OUT.gz
// Starts the Pyodide the site ships on the site's own standard library, puts the calculators wheel
// on sys.path at the very path the browser worker uses (/tmp/WHEEL-NAME), imports the calculators
// and warms every one, then writes the memory, gzipped, to OUT.gz. Prints a JSON summary.
// The files Python reads (the standard library, the wheel) are not in the memory: the worker
// provides them again, byte for byte the same, before Python reads from them.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gzipSync } from "node:zlib";

const [pyodideDir, stdlib, wheel, out] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { loadPyodide } = require(path.resolve(pyodideDir, "pyodide.js"));
// What a browser has: in Node, Emscripten names the script being run (this file's path on the
// build machine) as the program, and the memory would keep it.
const program = "./this.program";
process.on("uncaughtException", (error) => { // the message, without Node's print of Pyodide's minified source
  process.stderr.write(`${error && error.message}\n`);
  process.exit(1);
});
const pyodide = await loadPyodide({
  indexURL: path.resolve(pyodideDir) + "/", stdLibURL: stdlib, env: { _: program }, _sysExecutable: program,
  _makeSnapshot: true, stdout: () => {}, stderr: (line) => process.stderr.write(`${line}\n`),
});
const onPath = `/tmp/${path.basename(wheel)}`;
pyodide.FS.writeFile(onPath, new Uint8Array(readFileSync(wheel)));
pyodide.globals.set("on_path", onPath);
const summary = pyodide.runPython(`
import json, sys
sys.path.insert(0, on_path)
import calculators.core.bridge as bridge
warmed, not_warmed = [], {}
for calculator in json.loads(bridge.ids()):
    try:  # as in the worker, warming is only a head start: a calculator that fails says so when run
        bridge.warm(calculator)
        warmed.append(calculator)
    except Exception as exc:
        not_warmed[calculator] = f"{type(exc).__name__}: {exc}"
summary = json.dumps({"python": sys.version.split()[0], "warmed": warmed, "not_warmed": not_warmed, "modules": len(sys.modules)})
del bridge, calculator, on_path, json, sys, warmed, not_warmed
summary
`);
// Trim what is saved: the source lines cached for tracebacks, and garbage (about 0.5% of the file;
// tried too: filling the heap's free space with zeros first, which grew the memory and the file).
pyodide.runPython("del summary; import gc, linecache; linecache.clearcache(); gc.collect(); gc.collect(); del gc, linecache");
const memory = pyodide.makeMemorySnapshot();
writeFileSync(out, gzipSync(memory, { level: 9 }));
process.stdout.write(JSON.stringify({ ...JSON.parse(summary), bytes: memory.length }));
