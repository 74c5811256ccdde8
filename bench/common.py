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
from datetime import datetime, timezone
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results"
sys.path.insert(0, str(PROJECT / "tests"))

from sitekit import CHROMIUM_ARGS  # noqa: E402
from server import SiteServer  # noqa: E402,F401


def machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


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


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")
