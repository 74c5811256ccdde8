// Run calculator cases inside Pyodide (Node, the same pinned npm package the site ships).
// Usage: node run_pyodide.mjs WHEEL CASES.json  ->  prints a JSON list of outcomes, one per case.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const { loadPyodide } = require(path.resolve(process.cwd(), "node_modules/pyodide/pyodide.js"));

const [wheelPath, casesPath] = process.argv.slice(2);
const pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
const bridge = pyodide.pyimport("calculators.bridge");
const version = pyodide.runPython("import sys; sys.version.split()[0]");
const cases = JSON.parse(readFileSync(casesPath, "utf8"));
const outcomes = cases.map((c) => JSON.parse(bridge.run_json(c.calculator, JSON.stringify(c.inputs))));
process.stdout.write(JSON.stringify({ python: version, outcomes }));
