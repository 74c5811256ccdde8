"""Build time and how it scales: the shipped content, then synthetic content with 100, 500 and
1,000 interventions. The generator's own time (load, validate, render, wheel) is measured apart
from the whole `mkdocs build`, in the same process, so its share is a like-for-like ratio.

Each engine is also timed building the whole site from the command line, as `make build` does, in
the same run and the same project folder: MkDocs (`mkdocs build --strict`, the plugin running the
generator's steps) and Zensical (`toolkit site --engine zensical`: toolkit build, zensical build,
toolkit finish). Runs alternate between the engines, so a busy machine slows both alike.

    python -m bench.build [--runs 3] [--sizes 100 500 1000]
"""
from __future__ import annotations

import argparse
import datetime
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import PROJECT, median, write

SECTIONS = ["Why it matters", "Steps", "For small organisations", "How to measure progress", "Common pitfalls"]
BLOCKS = ["data", "culture-and-leadership", "recruitment", "progression", "outreach"]
PARAGRAPH = ("Managers who talk about class openly find it easier to act. Start with one team and one measure, "
             "then share what you learn with the rest of the organisation. ")


def synthetic(content: Path, n: int) -> None:
    """Add n valid interventions (about 450 words each, linked to each other and to a calculator)."""
    for i in range(n):
        slug = f"synthetic-step-{i}"
        related = f"synthetic-step-{(i + 1) % n}"
        body = "\n".join(f"## {s}\n\n{PARAGRAPH * 4}See [the next step](intervention:{related}) and the "
                         f"[representation gap calculator](calculator:representation-gap).\n" for s in SECTIONS)
        (content / "interventions" / f"{slug}.md").write_text(
            f"---\ntitle: Synthetic step {i}\nbuilding_block: {BLOCKS[i % 5]}\nsummary: A generated step for timing.\n"
            f"stage: going-further\nsuits: every-size\neffort: low\nrelated: [{related}]\ncalculators: [representation-gap]\n"
            "sources:\n  - title: A report\n    publisher: A publisher\n    year: 2022\n    url: https://example.org/\n"
            f"    checked: {datetime.date.today().isoformat()}\n---\n" + body,
            encoding="utf-8")


def generator_only(content: Path, out: Path) -> float:
    from generator.python.calculator_data import content_data
    from generator.content.loader import load_toolkit
    from generator.render.pages import Renderer, write_tree
    from generator.python.wheel import build_wheel

    t0 = time.perf_counter()
    toolkit = load_toolkit(content)
    data = content_data(toolkit=toolkit)
    build_wheel(data, out / "wheel")
    write_tree(Renderer(toolkit, data, templates=PROJECT / "site_templates").tree(), out / "docs")
    return time.perf_counter() - t0


def full_build(folder: Path) -> float:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    t0 = time.perf_counter()
    config = load_config(str(folder / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    return time.perf_counter() - t0


ENGINES = {"mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
           "zensical": [sys.executable, "-m", "generator.cli", "site", "--engine", "zensical"]}


def project_copy(content: Path) -> Path:
    """A project folder as a checkout has it: the content given, the templates copied (engines want the
    docs inside the project), the calculators, runtime and benchmark results linked, and the
    precompiled Python shared by content hash."""
    folder = Path(tempfile.mkdtemp(prefix="bench-engines-"))
    shutil.copytree(content, folder / "content")
    shutil.copyfile(PROJECT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(PROJECT / "site_templates", folder / "site_templates")
    for name in ("calculators", "node_modules", "bench"):
        (folder / name).symlink_to(PROJECT / name)
    (folder / "build").mkdir()
    (PROJECT / "build" / "stdlib").mkdir(parents=True, exist_ok=True)
    (folder / "build" / "stdlib").symlink_to(PROJECT / "build" / "stdlib")
    return folder


def engine_build(folder: Path, engine: str) -> float:
    """Seconds for one whole build of the site with the engine, from the command line."""
    shutil.rmtree(folder / "site", ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(PROJECT)}
    t0 = time.perf_counter()
    run = subprocess.run(ENGINES[engine], cwd=folder, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - t0
    if run.returncode:
        raise SystemExit(f"{engine} build failed:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    return elapsed


def measure(label: str, interventions: int, runs: int) -> dict:
    from sitekit import write_mkdocs_yml

    folder = Path(tempfile.mkdtemp(prefix="bench-build-"))
    shutil.copytree(PROJECT / "content", folder / "content")
    if interventions:
        synthetic(folder / "content", interventions)
    write_mkdocs_yml(folder)
    total = [full_build(folder) for _ in range(runs)]
    gen = [generator_only(folder / "content", folder / "gen") for _ in range(runs)]
    count = len(list((folder / "content" / "interventions").glob("*.md")))
    project = project_copy(folder / "content")
    engines: dict[str, list[float]] = {name: [] for name in ENGINES}
    for _ in range(runs):
        for name in ENGINES:
            engines[name].append(engine_build(project, name))
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(project, ignore_errors=True)
    row = {"label": label, "interventions": count, "total_s": median(total), "generator_s": median(gen),
           "generator_share": round(median(gen) / median(total), 3), "per_intervention_ms": round(1000 * median(total) / count, 2),
           **{f"{name}_cli_s": median(times) for name, times in engines.items()}}
    print(f"{label:16} {count:5} interventions  total {row['total_s']:.2f} s  generator {row['generator_s']:.3f} s "
          f"({row['generator_share']:.1%})  {row['per_intervention_ms']:.1f} ms/intervention  "
          + "  ".join(f"{name} {row[name + '_cli_s']:.2f} s" for name in ENGINES))
    return row


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 500, 1000])
    args = parser.parse_args(argv)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    rows = []
    for label, n in [("shipped content", 0)] + [(f"+{n} synthetic", n) for n in args.sizes]:
        rows.append(measure(label, n, args.runs))
        if len(rows) <= len(args.sizes):  # a long run that is stopped keeps the rows it measured
            write("build", {"runs": args.runs, "rows": rows, "incomplete": True})
    # Linear growth: the time per intervention should stay roughly flat as content grows.
    first, last = rows[1] if len(rows) > 2 else rows[0], rows[-1]
    scaling = round(last["per_intervention_ms"] / first["per_intervention_ms"], 3)
    result = {"runs": args.runs, "rows": rows,
              "note": "total_s and generator_s: MkDocs in this process; mkdocs_cli_s and zensical_cli_s: the whole site "
                      "built from the command line with each engine (make build, make build ENGINE=zensical), medians "
                      "of runs alternating between them in the same project folder.", "per_intervention_ratio_largest_vs_smallest_synthetic": scaling,
              "targets": {"generator_share_max": 0.10, "per_intervention_ratio_max": 1.25}}
    write("build", result)
    print(f"time per intervention, largest / smallest synthetic: {scaling}")
    return result


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(PROJECT / "tests"))
    main()
