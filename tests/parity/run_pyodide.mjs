// Run calculator cases inside Pyodide (Node, the same pinned npm package the site ships).
// Usage: node run_pyodide.mjs WHEEL CASES.json [STDLIB.zip [SNAPSHOT.gz]]  ->  prints a JSON list of
// outcomes, one per case. STDLIB replaces Pyodide's python_stdlib.zip (the site ships a precompiled
// one); SNAPSHOT is Python's memory saved by the build (generator/snapshot.mjs), restored as the
// browser worker restores it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gunzipSync } from "node:zlib";

const require = createRequire(import.meta.url);
const { loadPyodide } = require(path.resolve(process.cwd(), "node_modules/pyodide/pyodide.js"));

const [wheelPath, casesPath, stdLibURL, snapshot] = process.argv.slice(2);
const pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {}, ...(stdLibURL ? { stdLibURL } : {}),
                                    ...(snapshot ? { _loadSnapshot: gunzipSync(readFileSync(snapshot)) } : {}) });
// as the browser worker does: the wheel goes on sys.path as it is (zipimport); a restored snapshot
// has it there already
const onPath = `/tmp/${path.basename(wheelPath)}`;
pyodide.FS.writeFile(onPath, new Uint8Array(readFileSync(wheelPath)));
if (!snapshot) pyodide.pyimport("sys").path.insert(0, onPath);
const bridge = pyodide.pyimport("calculators.core.bridge");
const bridgeFile = bridge.__file__;
const warmed = pyodide.runPython("import calculators.core.bridge as b; b._content is not None"); // before any case: true when restored
const version = pyodide.runPython("import sys; sys.version.split()[0]");
const jsonModule = pyodide.runPython("import json; json.__file__"); // .pyc when the stdlib is precompiled
const cases = JSON.parse(readFileSync(casesPath, "utf8"));
const outcomes = cases.map((c) => JSON.parse(bridge.run_json(c.calculator, JSON.stringify(c.inputs))));
process.stdout.write(JSON.stringify({ python: version, json_module: jsonModule, bridge_file: bridgeFile, warmed, outcomes }));
