"""The Content-Security-Policy of a built site: the hashes of the inline scripts our templates and
the theme's put on the pages, taken from the finished HTML; any other inline script fails the build."""
from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

from generator.failures import BuildError

CSP_PLACEHOLDER = "__TK_CSP__"
EXECUTABLE_TYPES = ("", "text/javascript", "application/javascript", "module")


class UnknownScript(BuildError):
    """A built page has an inline script that no template of ours or of the theme puts there."""


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


# Where the known inline scripts come from: our own overrides (the calculator pages' start-up
# script) and the theme's start-up partials, of each engine's theme that is installed (Material's
# for MkDocs, Zensical's own). Nothing else may run inline.
THEME_SCRIPT_FOLDER = "partials/javascripts"
THEME_PACKAGES = ("material", "zensical")
_JINJA_VALUE = re.compile(r"\{\{.*?\}\}", re.S)


def theme_templates() -> list[Path]:
    """The template folders of the installed themes (Material's, Zensical's), whichever are installed."""
    import importlib.util

    found = []
    for name in THEME_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec and spec.origin and (Path(spec.origin).parent / "templates").is_dir():
            found.append(Path(spec.origin).parent / "templates")
    return found


@lru_cache(maxsize=4)
def known_scripts(overrides: Path) -> tuple[tuple[str, re.Pattern], ...]:
    """(template, pattern) for every executable inline script in the templates that may put one on
    a page, each read from the template itself, so a theme upgrade updates the list. A value the
    template fills in ({{ ... }}) may be any text that cannot end the string it sits in."""
    sources = sorted(overrides.rglob("*.html"))
    for theme in theme_templates():
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


def allowed_script_hashes(html: str, page: str, known) -> set[str]:
    """The hashes of a page's inline scripts, each of which must be one our templates emit (known:
    known_scripts(overrides)); an unknown one raises UnknownScript naming the page and the line."""
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


_STYLE_FROM_CONSTANT = re.compile(r'\(\s*"style"\s*,\s*\{\}\s*,\s*([A-Za-z_$][\w$]*)\.toString\(\)\s*\)')
_JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_JS_CHARS = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _js_string(literal: str) -> str:
    def one(match: re.Match) -> str:
        code = match.group(1)
        return chr(int(code[1:], 16)) if code[0] in "ux" and len(code) > 1 else _JS_CHARS.get(code, code)
    return _JS_ESCAPE.sub(one, literal)


def theme_style_hashes(site: Path) -> set[str]:
    """sha256 sources for the <style> elements the theme's script makes from a constant (Zensical's
    search dialog does: `C("style",{},X.toString())` with `X='...'`), so they are allowed by hash;
    Material's script makes none. A style not found this way is blocked, never allowed wholesale."""
    hashes = set()
    for bundle in sorted((site / "assets" / "javascripts").glob("bundle.*.min.js")):
        text = bundle.read_text(encoding="utf-8")
        for name in set(_STYLE_FROM_CONSTANT.findall(text)):
            for literal in re.findall(r"(?:\bvar|\blet|\bconst|,)\s*" + re.escape(name) + r"""\s*=\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")""", text):
                css = _js_string(literal[0] or literal[1])
                hashes.add("'sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode() + "'")
    return hashes


def policy(hashes: set[str], serving: bool = False, styles: set[str] = frozenset()) -> str:
    """The Content-Security-Policy: same origin only, no eval, inline scripts by hash only.
    'wasm-unsafe-eval' lets WebAssembly (Pyodide) compile; it does not allow JavaScript eval.
    Only `mkdocs serve` (never a build) allows inline scripts, for its live-reload snippet."""
    scripts = "'unsafe-inline'" if serving else " ".join(sorted(hashes))
    return "; ".join([
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval' " + scripts,
        "style-src 'self'" + "".join(" " + h for h in sorted(styles)),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "form-action 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]).replace("  ", " ")


def apply_csp(site: Path, overrides: Path, serving: bool = False) -> str:
    """Hash the inline scripts our templates (in `overrides`) and the theme's put on the pages (any
    other fails with UnknownScript), then write the policy into each page's <meta> and into
    _headers (for hosts that send real headers). Returns the policy."""
    known = known_scripts(overrides.resolve())
    pages = sorted(site.rglob("*.html"))
    hashes: set[str] = set()
    texts = {}
    for page in pages:
        texts[page] = page.read_text(encoding="utf-8")
        hashes |= allowed_script_hashes(texts[page], page.relative_to(site).as_posix(), known)
    csp = policy(hashes, serving, theme_style_hashes(site))
    for page, text in texts.items():
        if CSP_PLACEHOLDER in text:
            page.write_text(text.replace(CSP_PLACEHOLDER, csp), encoding="utf-8")
    headers = ["/*", f"  Content-Security-Policy: {csp}", "  X-Content-Type-Options: nosniff",
               "  Referrer-Policy: no-referrer", "  Permissions-Policy: interest-cohort=(), camera=(), microphone=(), geolocation=()", ""]
    (site / "_headers").write_text("\n".join(headers), encoding="utf-8")
    return csp
