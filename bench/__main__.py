"""Run every benchmark in bench/, then rewrite BENCHMARKS.md from bench/results/.

    python -m bench [--only NAME ...] [--skip NAME ...] [--report-only]

Each benchmark runs in its own process, so one failure does not stop the others; the command
exits non-zero if any failed, after writing the report from the results that exist."""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from bench import report

HERE = Path(__file__).resolve().parent
PREFERRED = ["build", "runtime", "runtime_parts", "representation", "saydo", "pay_gap", "advert", "advert_quality", "lighthouse"]
NOT_BENCHMARKS = {"__init__", "__main__", "common", "report", "ab"}  # ab compares two revisions, on request


def available() -> list[str]:
    found = {p.stem for p in HERE.glob("*.py") if p.stem not in NOT_BENCHMARKS}
    return [n for n in PREFERRED if n in found] + sorted(found - set(PREFERRED))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", default=None, help="run only these benchmarks")
    parser.add_argument("--skip", nargs="+", default=[], help="skip these benchmarks")
    parser.add_argument("--report-only", action="store_true", help="only rewrite BENCHMARKS.md")
    args = parser.parse_args(argv)
    names = [] if args.report_only else [n for n in available() if (args.only is None or n in args.only) and n not in args.skip]
    missing = sorted(set(args.only or []) - set(available()))
    if missing:
        print(f"no such benchmark (skipped): {', '.join(missing)}", file=sys.stderr)
    failed = []
    for name in names:
        print(f"== bench.{name}", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, "-m", f"bench.{name}"], cwd=HERE.parent)
        print(f"== bench.{name}: {'ok' if code == 0 else f'FAILED (exit {code})'} in {time.perf_counter() - start:.0f} s", flush=True)
        if code:
            failed.append(name)
    report.main()
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
