"""Shared pieces for benchmarks: building the site once, serving it, a Chromium, medians."""
from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results"
sys.path.insert(0, str(PROJECT / "tests"))

from sitekit import CHROMIUM_ARGS  # noqa: E402,F401 - the bench modules import it from here
from server import SiteServer  # noqa: E402,F401


SPEED_LOOP = 2_000_000


def speed_reference() -> float:
    """Seconds this machine takes for a fixed pure-Python loop (median of 5), recorded with every result:
    the shared machine's speed changes from hour to hour, and this tells a slow hour from a slow change."""
    times = []
    for _ in range(5):
        start, total = time.perf_counter(), 0
        for i in range(SPEED_LOOP):
            total += i
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 3)


def machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "speed_reference_s": speed_reference()}


def median(values: list[float]) -> float:
    return round(statistics.median(values), 4)


def write(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), **data}, indent=2) + "\n", encoding="utf-8")
    return path


def build_real_site(test_calculators: bool = False) -> Path:
    """Build the real content into a temporary folder and return its site/ directory."""
    from sitekit import write_mkdocs_yml

    folder = Path(tempfile.mkdtemp(prefix="bench-site-"))
    shutil.copytree(PROJECT / "content", folder / "content")
    write_mkdocs_yml(folder, "content", test_calculators)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(folder / "mkdocs.yml")],
                   cwd=folder, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return folder / "site"


# How chromium_cpu() groups Chromium's processor time: a renderer's threads by name, other processes by type.
RENDERER_THREADS = {"chromium": "page's main thread", "DedicatedWorker": "worker thread",
                    "ThreadPool": "renderer's thread pool (wasm compiling, garbage collection)"}
PROCESSES = {"browser": "browser process", "gpu-process": "GPU process (compositing)"}


def chromium_cpu() -> dict[str, float] | None:
    """Processor seconds used so far by every Chromium process on this machine, grouped as above
    (Linux /proc; None elsewhere). The difference of two readings is what a load cost."""
    proc = Path("/proc")
    if not (proc / "self" / "task").is_dir():
        return None
    tick = os.sysconf("SC_CLK_TCK")
    groups = [*RENDERER_THREADS.values(), "renderer, other threads", *PROCESSES.values(), "other processes"]
    used = dict.fromkeys(groups, 0.0)

    def seconds(stat: Path) -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick  # utime + stime

    for pid in proc.glob("[0-9]*"):
        try:
            args = (pid / "cmdline").read_bytes().replace(b"\0", b" ").split()  # children rewrite theirs
            if not args or b"chrom" not in args[0]:
                continue
            kind = next((a[7:].decode() for a in args if a.startswith(b"--type=")), "browser")
            if kind != "renderer":
                used[PROCESSES.get(kind, "other processes")] += seconds(pid / "stat")
                continue
            for task in (pid / "task").iterdir():
                name = (task / "comm").read_text()
                group = next((g for prefix, g in RENDERER_THREADS.items() if name.startswith(prefix)), "renderer, other threads")
                used[group] += seconds(task / "stat")
        except OSError:
            continue  # a process or thread that ended while being read
    return used


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


PYODIDE_TIMER = """
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
const require = createRequire(import.meta.url);
const { loadPyodide } = require(path.resolve(process.cwd(), "node_modules/pyodide/pyodide.js"));
const [wheelPath, casesPath, calculator] = process.argv.slice(2);
const pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
pyodide.FS.writeFile("/tmp/calculators.whl", new Uint8Array(readFileSync(wheelPath)));
pyodide.pyimport("sys").path.insert(0, "/tmp/calculators.whl");  // as the browser worker does
const bridge = pyodide.pyimport("calculators.core.bridge");
const out = {};
for (const c of JSON.parse(readFileSync(casesPath, "utf8"))) {
  const input = JSON.stringify(c.inputs);
  bridge.run_json(calculator, input);  // warm-up: one-off imports and compiled rules
  const times = [];
  for (let i = 0; i < c.runs; i++) {
    const t = performance.now();
    if (!JSON.parse(bridge.run_json(calculator, input)).ok) throw new Error(c.name);
    times.push((performance.now() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  out[c.name] = Number(times[Math.floor(times.length / 2)].toFixed(4));
}
process.stdout.write(JSON.stringify(out));
"""


def time_in_pyodide(calculator: str, cases: list[dict]) -> dict | str:
    """Median seconds per case for the calculator call alone inside Pyodide (Node, the pinned npm
    package), after one warm-up call. cases: [{"name", "inputs", "runs"}]. Returns why not, if not."""
    import json

    if not shutil.which("node") or not (PROJECT / "node_modules" / "pyodide").exists():
        return "skipped: node or the pyodide npm package is missing (run make setup)"
    from generator.python.calculator_data import content_data
    from generator.python.wheel import build_wheel

    folder = Path(tempfile.mkdtemp(prefix="bench-pyodide-"))
    try:
        wheel = build_wheel(content_data(), folder)
        (folder / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
        (folder / "timer.mjs").write_text(PYODIDE_TIMER, encoding="utf-8")
        done = subprocess.run(["node", str(folder / "timer.mjs"), str(wheel), str(folder / "cases.json"), calculator],
                              capture_output=True, text=True, cwd=PROJECT, timeout=900)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if done.returncode:
        return f"failed: {done.stderr.strip()[-300:]}"
    return json.loads(done.stdout)
