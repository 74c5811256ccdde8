"""Post-build steps on the finished site: the self-hosted runtime, the calculators wheel, the
service worker, and the Content-Security-Policy (the hashes of the inline scripts our templates
put on the pages; any other inline script fails the build)."""
from __future__ import annotations

import base64
import filecmp
import hashlib
import json
import re
import shutil
from functools import lru_cache
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
PYODIDE_NPM = PROJECT / "node_modules" / "pyodide"
# The core runtime only: no package wheels, no console pages, no source maps.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
CSP_PLACEHOLDER = "__TK_CSP__"
EXECUTABLE_TYPES = ("", "text/javascript", "application/javascript", "module")


_STATIC_IMPORT = re.compile(r"""^(?:import|export)\s(?:[^;"']*?\sfrom\s)?["']\./([\w.-]+\.js)["']""", re.M)


def module_imports(folder: Path, entry: str) -> list[str]:
    """The modules of `folder` that `entry` imports, directly or through another, by their static
    imports: the calculator page preloads them all at once rather than finding them one level at a
    time (overrides/main.html). Read from the files, so a new module needs no list kept by hand."""
    found, todo = set(), [entry]
    while todo:
        for name in _STATIC_IMPORT.findall((folder / todo.pop()).read_text(encoding="utf-8")):
            if name not in found and name != entry:
                found.add(name)
                todo.append(name)
    return sorted(found)


class RuntimeMissing(Exception):
    pass


class ThemeChanged(Exception):
    pass


class UnknownScript(Exception):
    """A built page has an inline script that no template of ours or of the theme puts there."""


def check_runtime(source: Path = PYODIDE_NPM) -> None:
    missing = [name for name in RUNTIME_FILES if not (source / name).exists()]
    if missing:
        raise RuntimeMissing(f"The Pyodide runtime is not installed ({', '.join(missing)} missing in {source}). "
                             "Run \u201cnpm ci\u201d (or \u201cmake serve\u201d, which runs it for you).")


def copy_runtime(site: Path, source: Path = PYODIDE_NPM, stdlib: Path | None = None) -> list[Path]:
    """Copy the core runtime (checked first with check_runtime) into the site; `stdlib` replaces
    python_stdlib.zip (see stdlib.py)."""
    out = site / "assets" / "pyodide"
    out.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in RUNTIME_FILES:
        origin = stdlib if stdlib and name == "python_stdlib.zip" else source / name
        target = out / name
        if not target.exists() or not filecmp.cmp(origin, target, shallow=False):
            shutil.copyfile(origin, target)
        copied.append(target)
    return copied


_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.I)


def inline_script_hashes(html: str) -> set[str]:
    """sha256 sources for every inline script a browser would run (not JSON data blocks)."""
    hashes = set()
    for attrs, body in _SCRIPT.findall(html):
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = _TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") in EXECUTABLE_TYPES:
            hashes.add("'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'")
    return hashes


OVERRIDES = PROJECT / "site_templates" / "overrides"
# Where the known inline scripts come from: our own overrides (the calculator pages' start-up
# script) and the theme's start-up partials. Nothing else may run inline.
THEME_SCRIPT_FOLDER = "partials/javascripts"
_JINJA_VALUE = re.compile(r"\{\{.*?\}\}", re.S)


def _theme_templates() -> Path | None:
    try:
        import material
    except ImportError:
        return None
    return Path(material.__file__).resolve().parent / "templates"


@lru_cache(maxsize=4)
def known_scripts(overrides: Path = OVERRIDES) -> tuple[tuple[str, re.Pattern], ...]:
    """(template, pattern) for every executable inline script in the templates that may put one on
    a page, each read from the template itself, so a theme upgrade updates the list. A value the
    template fills in ({{ ... }}) may be any text that cannot end the string it sits in."""
    sources = sorted(overrides.rglob("*.html"))
    theme = _theme_templates()
    if theme is not None:
        sources += sorted((theme / THEME_SCRIPT_FOLDER).glob("*.html"))
    known = []
    for path in sources:
        for attrs, body in _SCRIPT.findall(path.read_text(encoding="utf-8")):
            if not _executable(attrs):
                continue
            parts = _JINJA_VALUE.split(body)
            pattern = "[^\"'<>\\\\]*".join(re.escape(part) for part in parts)
            known.append((path.name, re.compile(pattern, re.S)))
    return tuple(known)


def _executable(attrs: str) -> bool:
    if re.search(r"\bsrc\s*=", attrs, re.I):
        return False
    kind = _TYPE.search(attrs)
    return (kind.group(1).lower() if kind else "") in EXECUTABLE_TYPES


def allowed_script_hashes(html: str, page: str, known=None) -> set[str]:
    """The hashes of a page's inline scripts, each of which must be one our templates emit;
    an unknown one raises UnknownScript naming the page and the line."""
    known = known_scripts() if known is None else known
    hashes = set()
    for match in _SCRIPT.finditer(html):
        attrs, body = match.group(1), match.group(2)
        if not _executable(attrs):
            continue
        if not any(pattern.fullmatch(body) for _, pattern in known):
            line = html.count("\n", 0, match.start()) + 1
            raise UnknownScript(f"{page}:{line}: an inline script that none of the site\u2019s templates put there: "
                                f"{' '.join(body.split())[:80]!r}. Content must not carry scripts; if you added a script to a "
                                f"template, put it in site_templates/overrides/ so the CSP allows it.")
        hashes.add("'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'")
    return hashes


def policy(hashes: set[str], serving: bool = False) -> str:
    """The Content-Security-Policy: same origin only, no eval, inline scripts by hash only.
    'wasm-unsafe-eval' lets WebAssembly (Pyodide) compile; it does not allow JavaScript eval.
    Only `mkdocs serve` (never a build) allows inline scripts, for its live-reload snippet."""
    scripts = "'unsafe-inline'" if serving else " ".join(sorted(hashes))
    return "; ".join([
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval' " + scripts,
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "form-action 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]).replace("  ", " ")


def apply_csp(site: Path, serving: bool = False) -> str:
    """Hash the inline scripts our templates put on the pages (any other fails with UnknownScript),
    then write the policy into each page's <meta> and into _headers (for hosts that send real
    headers). Returns the policy."""
    pages = sorted(site.rglob("*.html"))
    hashes: set[str] = set()
    texts = {}
    for page in pages:
        texts[page] = page.read_text(encoding="utf-8")
        hashes |= allowed_script_hashes(texts[page], page.relative_to(site).as_posix())
    csp = policy(hashes, serving)
    for page, text in texts.items():
        if CSP_PLACEHOLDER in text:
            page.write_text(text.replace(CSP_PLACEHOLDER, csp), encoding="utf-8")
    headers = ["/*", f"  Content-Security-Policy: {csp}", "  X-Content-Type-Options: nosniff",
               "  Referrer-Policy: no-referrer", "  Permissions-Policy: interest-cohort=(), camera=(), microphone=(), geolocation=()", ""]
    (site / "_headers").write_text("\n".join(headers), encoding="utf-8")
    return csp


SEARCH_GATE = "assets/javascripts/workers/tk-search.js"
_THEME_SEARCH = re.compile(r"(?<=workers/)search\.[0-9a-f]+\.min\.js(?=\")")
_THEME_SCRIPT = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')


def hold_theme(site: Path) -> None:
    """On calculator pages, hold the theme's work back while Python starts:
    - its search worker starts through tk-search.js, which builds the index once Python is ready
      (see that file); the theme worker's name is written into it;
    - its script becomes a preload, run by the page's start-up script once Python has started or the
      reader first does something (see partials/calculator-start.html)."""
    gate = site / SEARCH_GATE
    workers = [p.name for p in gate.parent.glob("search.*.min.js")]
    if len(workers) != 1:
        raise ThemeChanged(f"expected one theme search worker in {gate.parent}, found {workers}: "
                           "has Material changed? Update generator/site/assets.py (hold_theme).")
    gate.write_text(gate.read_text(encoding="utf-8").replace("__TK_SEARCH_WORKER__", workers[0]), encoding="utf-8")
    for page in (site / "calculators").glob("*/index.html"):
        text = page.read_text(encoding="utf-8")
        if 'name="tk-calculator"' not in text:
            continue
        text, searches = _THEME_SEARCH.subn(gate.name, text)
        text, scripts = _THEME_SCRIPT.subn(r'<link rel="preload" as="script" href="\1" data-tk-theme>', text)
        if (searches, scripts) != (1, 1):
            raise ThemeChanged(f"{page}: expected the theme's search worker and its script once each, found "
                               f"{searches} and {scripts}: has Material changed? Update generator/site/assets.py (hold_theme).")
        page.write_text(text, encoding="utf-8")


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
    urls.add("search/search_index.json")
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
