"""The service worker: the calculator pages, the runtime and the site's Python, cached for offline use."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from generator.site.runtime import RUNTIME_FILES

_URL_ATTR = re.compile(r"""(?:src|href)="([^"#?]+)[^"]*\"""")


def _local_refs(page: Path, site: Path) -> set[str]:
    """Same-site files a page needs (relative to the site root)."""
    refs = set()
    for ref in _URL_ATTR.findall(page.read_text(encoding="utf-8")):
        if "://" in ref or ref.startswith(("mailto:", "data:", "/")):
            continue
        target = (page.parent / ref).resolve()
        if target.is_dir():
            target = target / "index.html"
        if target.is_file() and site.resolve() in target.parents:
            refs.add(target.relative_to(site.resolve()).as_posix())
    return refs


def write_service_worker(site: Path, python_files: list[str], template: Path) -> str:
    """Precache the calculator pages with everything they need, the runtime, and the wheel and
    Python's snapshot (python_files, in assets/py/).
    The version is a hash of every precached file, so any change makes a new cache."""
    calc_pages = sorted((site / "calculators").glob("*/index.html"))
    urls = {"calculators/"}
    for page in calc_pages:
        urls.add(page.parent.relative_to(site).as_posix() + "/")
        urls |= {r for r in _local_refs(page, site) if not r.endswith("index.html")}
    urls |= {f"assets/pyodide/{name}" for name in RUNTIME_FILES}
    urls |= {f"assets/py/{name}" for name in python_files}
    urls |= {"search/search_index.json", "search.json"}  # MkDocs', Zensical's index
    urls |= {p.relative_to(site).as_posix() for p in (site / "assets" / "tk").rglob("*.js")}  # the front end's modules and worker
    urls |= {p.relative_to(site).as_posix() for p in (site / "assets" / "javascripts" / "workers").glob("*.js")}  # search
    urls = sorted(u for u in urls if (site / u).exists() or u.endswith("/"))
    digest = hashlib.sha256()
    for u in urls:
        path = site / u / "index.html" if u.endswith("/") else site / u
        digest.update(u.encode() + b"\0" + (path.read_bytes() if path.exists() else b""))
    version = digest.hexdigest()[:16]
    text = template.read_text(encoding="utf-8").replace("__TK_VERSION__", version).replace("__TK_PRECACHE__", json.dumps(urls, indent=1))
    (site / "sw.js").write_text(text, encoding="utf-8")
    return version
