"""The generator's two steps, which any engine (MkDocs, Zensical) runs around its own build:

    build(project)        content -> validated model -> docs tree, the calculators' wheel, Python's
                          standard library and snapshot, and a config file for the engine that
                          extends mkdocs.yml with the navigation and settings it needs
    finish(site, project) the runtime, the site's Python files, the theme gate, the service worker
                          and the CSP, applied to the site the engine built

`toolkit build` and `toolkit finish SITE_DIR` call these; so does the MkDocs plugin, around MkDocs' build."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.content.errors import ContentErrors
from generator.content.loader import load_toolkit
from generator.failures import BuildError
from generator.project import Project
from generator.python.calculator_data import content_data
from generator.python.sizes import first_visit_bytes
from generator.python.snapshot import python_snapshot
from generator.python.stdlib import package_bytecode, precompiled_stdlib
from generator.python.test_calculators import register_test_calculators
from generator.python.wheel import build_wheel
from generator.render import accuracy
from generator.render.pages import DocsTree, Renderer, write_tree
from generator.site import csp, runtime, service_worker, theme_gate

MANIFEST_VERSION = 1


class NotBuilt(BuildError):
    """The engine's site was built without the generator step (or from another project's)."""


@dataclass
class Options:
    strict: bool = True               # stop on rates and sources six months overdue
    serving: bool = False             # a live-reload server: no snapshot, and the CSP allows its script
    test_calculators: tuple = ()      # test sites only: files of test-only calculators (generator/python/test_calculators.py)
    nav_interventions_max: int = 100  # above this, the side navigation lists blocks only
    hold_theme: bool = True           # generator.site.theme_gate: hold the theme back on calculator pages


@dataclass
class Generated:
    tree: DocsTree
    extra: dict                       # config.extra for the templates (tk_wheel, tk_snapshot, ...)
    nav_lists_interventions: bool
    warnings: list = field(default_factory=list)
    failed: ContentErrors | None = None  # while serving: the content's errors, shown as the site


def build(project: Project, options: Options | None = None, engine: str = "mkdocs") -> Generated:
    """The generator step. Raises ContentErrors (every problem, with file, line and fix) or BuildError."""
    options = options or Options()
    toolkit = load_toolkit(project.content, strict=options.strict)
    data = content_data(toolkit=toolkit)
    runtime.check_runtime(project.pyodide)  # the wheel's bytecode is compiled by the Pyodide the site ships
    cache = project.stdlib_cache
    tests = register_test_calculators(project.root, options.test_calculators)
    wheel = build_wheel(data, project.build / "wheel", lambda files: package_bytecode(files, project.pyodide, cache), tests)
    stdlib = precompiled_stdlib(project.pyodide, project.calculators, cache, tests)
    # Python started and saved at build time, restored by the browser (generator/python/snapshot.py).
    # Not while serving: the wheel holds the content, so each edit would wait for a new one; without
    # it the worker starts Python itself.
    snapshot = None if options.serving else python_snapshot(project.pyodide, stdlib, wheel, cache)
    renderer = Renderer(toolkit, data, bool(options.test_calculators), options.nav_interventions_max,
                        accuracy=accuracy.for_calculators(accuracy.results(project.root)), templates=project.templates)
    tree = renderer.tree()
    left_out = theme_gate.docs_files(options.hold_theme)
    for path in sorted((project.templates / "assets").rglob("*")):
        rel = path.relative_to(project.templates).as_posix()
        if path.is_file() and rel not in left_out:
            tree.files[rel] = path.read_text(encoding="utf-8")
    write_tree(tree, project.docs)
    snapshot_bytes = snapshot.stat().st_size if snapshot else 0
    # what a reader downloads once: Python, the calculators and the snapshot (fetched on a first visit on
    # a fast connection, else by the service worker for the next visits), measured from the built files
    once = first_visit_bytes(project.pyodide, stdlib, wheel) + snapshot_bytes
    extra = {"tk_built": True, "tk_wheel": wheel.name, "tk_snapshot": snapshot.name if snapshot else None,
             "tk_snapshot_bytes": snapshot_bytes, "tk_download_mb": f"{once / 1e6:.0f}",
             # what calculator.js imports, preloaded beside it (overrides/main.html)
             "tk_modules": runtime.module_imports(project.templates / "assets" / "tk", "calculator.js")}
    generated = Generated(tree, extra, renderer.nav_lists_interventions, list(toolkit.warnings))
    _write_manifest(project, options, wheel=wheel, stdlib=stdlib, snapshot=snapshot)
    write_config(project, generated, engine)
    return generated


def error_site(project: Project, errors: ContentErrors) -> Generated:
    """While serving, content with errors builds a site whose every page lists them (file, line, fix):
    a live-reload server would otherwise hold the browser's requests until the content is fixed. The
    page reloads itself when the next build succeeds."""
    docs = project.docs
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")) if docs.is_dir() else []
    count = len(errors.errors)
    text = (f"# The content has {count} problem{'s' if count != 1 else ''}\n\n"
            "Fix each one in the file and line it names, then save: this page reloads by itself.\n\n"
            "```text\n" + "\n".join(str(e) for e in errors.errors) + "\n```\n")
    tree = DocsTree(files={path: text for path in pages or ["index.md"]})
    tree.files.setdefault("index.md", text)
    write_tree(tree, docs)
    project.manifest.unlink(missing_ok=True)
    return Generated(tree, {"tk_built": True, "tk_wheel": None, "tk_snapshot": None}, False, failed=errors)


def _write_manifest(project: Project, options: Options, **files: Path | None) -> None:
    """What finish() needs, and the proof that the generator step ran for this project."""
    project.build.mkdir(parents=True, exist_ok=True)
    manifest = {"version": MANIFEST_VERSION, "docs": str(project.docs), "serving": options.serving,
                "hold_theme": options.hold_theme, **{k: str(v) if v else None for k, v in files.items()}}
    tmp = project.manifest.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    tmp.replace(project.manifest)


def _read_manifest(project: Project) -> dict:
    how = "Run \u201ctoolkit build\u201d first (or \u201cmake build\u201d, which runs every step), then build the site again."
    try:
        manifest = json.loads(project.manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise NotBuilt(f"The generator step has not run for {project.root} ({project.manifest} is missing). {how}") from None
    missing = [k for k in ("wheel", "stdlib") if not manifest.get(k) or not Path(manifest[k]).is_file()]
    if manifest.get("version") != MANIFEST_VERSION or missing:
        raise NotBuilt(f"{project.manifest} is from another version of the generator or its files are gone "
                       f"({', '.join(missing) or 'version'}). {how}")
    return manifest


def finish(site: Path, project: Project, serving: bool | None = None) -> str:
    """Add the runtime, the wheel and Python's snapshot, the theme gate, the service worker and the CSP
    to a built site. Returns the CSP. Raises NotBuilt if the generator step did not run first."""
    site = Path(site)
    manifest = _read_manifest(project)
    if not (site / "index.html").is_file():
        raise NotBuilt(f"{site} holds no built site (no index.html). Build it with the engine first: "
                       "\u201cmake build\u201d runs every step.")
    if not (site / "assets" / "tk").is_dir():
        raise NotBuilt(f"{site} was built without the generator\u2019s docs tree (no assets/tk/): the engine ran on "
                       f"mkdocs.yml instead of {project.generated_config.name}. Run \u201cmake build\u201d.")
    serving = manifest["serving"] if serving is None else serving
    runtime.copy_runtime(site, project.pyodide, stdlib=Path(manifest["stdlib"]))
    if manifest["hold_theme"]:
        theme_gate.hold_theme(site)
    names = runtime.copy_python(site, [Path(manifest[k]) for k in ("wheel", "snapshot") if manifest.get(k)])
    service_worker.write_service_worker(site, names, project.templates / "sw.js")
    return csp.apply_csp(site, project.templates / "overrides", serving=serving)


# The engines the generated config is written for, and what each needs beyond mkdocs.yml.
ENGINES = ("mkdocs", "zensical")


def write_config(project: Project, generated: Generated, engine: str = "mkdocs") -> Path:
    """Write the config that extends mkdocs.yml with the generated navigation and settings (beside
    mkdocs.yml: engines resolve its folders from there). `<engine> build -f <that file>` builds the site."""
    if engine not in ENGINES:
        raise BuildError(f"\u201c{engine}\u201d is not an engine the toolkit knows. Choose one of: {', '.join(ENGINES)}.")
    config: dict = {"INHERIT": project.config.name, "docs_dir": _relative(project.docs, project.root),
                    "nav": generated.tree.nav, "extra": generated.extra,
                    "plugins": ["search"]}  # not the toolkit plugin: its work is done
    if not generated.nav_lists_interventions:  # intervention pages are left out of the nav on purpose
        config["validation"] = {"nav": {"omitted_files": "info"}}
    if engine == "zensical":
        from generator.engines.zensical.config import zensical_settings

        config = zensical_settings(project, config)
    text = ("# Written by `toolkit build` from content/ (do not edit: edit mkdocs.yml or content/).\n"
            + (f"# Build the site with: {engine} build -f {project.generated_config.name}, then toolkit finish site\n"
               if engine != "mkdocs" else "# MkDocs builds the site from mkdocs.yml (its plugin runs both steps); this file shows what it set.\n")
            + yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    tmp = project.generated_config.with_name(project.generated_config.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(project.generated_config)
    return project.generated_config


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
