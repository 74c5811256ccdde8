"""Both engines build the same site: MkDocs (through the toolkit plugin) and Zensical (toolkit build,
zensical build on the generated config, toolkit finish). One project folder like a checkout (the
content copied, the templates, calculators and runtime linked) is built the way the README says:
`mkdocs build`, then `toolkit site --engine zensical`, and with the theme gate off. Then the sites are
compared: the same pages, headings and navigation; a CSP on every page; the runtime, wheel,
snapshot and service worker; and the calculator pages working in Chromium on every build."""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from browserkit import calculate, wait_ready
from sitekit import ENV, PROJECT, STDLIB_CACHE

pytestmark = pytest.mark.slow
TOOLKIT = [sys.executable, "-m", "generator.cli"]
KEY_PAGES = ["index.html", "where-to-start/index.html", "recruitment/index.html", "calculators/index.html",
             "calculators/job-advert-checker/index.html", "glossary/index.html", "about/index.html"]
CHECKER = "calculators/job-advert-checker/"
ADVERT = "Office assistant in Hull. A degree is essential. Salary: competitive."


def checkout_like(folder: Path) -> Path:
    """A project folder as a checkout has it, with its own content and outputs."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(PROJECT / "content", folder / "content")
    shutil.copyfile(PROJECT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(PROJECT / "site_templates", folder / "site_templates")  # engines want docs_dir inside the project
    for name in ("calculators", "node_modules", "bench"):
        (folder / name).symlink_to(PROJECT / name)
    (folder / "build").mkdir()
    (folder / "build" / "stdlib").symlink_to(STDLIB_CACHE)  # precompiled Python, shared by content hash
    return folder


def run(command: list[str], folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, env=ENV, timeout=900)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    STDLIB_CACHE.mkdir(parents=True, exist_ok=True)
    folder = checkout_like(tmp_path_factory.mktemp("engines") / "project")
    (folder / "ungated.yml").write_text("INHERIT: mkdocs.yml\nplugins:\n  - toolkit:\n      hold_theme: false\n  - search\n")
    built = {}
    for name, command in (("mkdocs", [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]),
                          ("mkdocs-ungated", [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", "ungated.yml"]),
                          ("zensical", [*TOOLKIT, "site", "--engine", "zensical"]),
                          ("zensical-ungated", [*TOOLKIT, "site", "--engine", "zensical", "--no-hold-theme"])):
        result = run(command, folder)
        assert result.returncode == 0, f"{name}:\n{result.stdout}\n{result.stderr}"
        built[name] = folder.parent / name
        shutil.move(folder / "site", built[name])
    built["project"] = folder
    return built


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def headings(page: Path) -> list[str]:
    article = page.read_text(encoding="utf-8").split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    return [_text(h) for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", article, re.S)]


def nav_entries(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    primary = text.split("md-nav--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
    links = re.findall(r'<(?:a|label)[^>]*class="md-nav__link[^"]*"[^>]*>(.*?)</(?:a|label)>', primary, re.S)
    return [t for t in (_text(link) for link in links) if t]


def test_both_engines_build_the_same_pages(sites):
    mkdocs, zensical = pages(sites["mkdocs"]), pages(sites["zensical"])
    assert len(mkdocs) > 40
    assert mkdocs == zensical, f"only MkDocs: {sorted(mkdocs - zensical)}; only Zensical: {sorted(zensical - mkdocs)}"


@pytest.mark.parametrize("page", KEY_PAGES)
def test_key_pages_have_the_same_headings_and_navigation(sites, page):
    mkdocs, zensical = sites["mkdocs"] / page, sites["zensical"] / page
    assert headings(mkdocs) and headings(mkdocs) == headings(zensical)
    assert len(nav_entries(mkdocs)) > 5 and nav_entries(mkdocs) == nav_entries(zensical)


@pytest.mark.parametrize("engine", ["mkdocs", "mkdocs-ungated", "zensical", "zensical-ungated"])
def test_every_page_has_a_csp_and_the_site_its_python(sites, engine):
    site = sites[engine]
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'' in text, page
        assert "__TK_CSP__" not in text, page
    for name in ("pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert (site / "assets" / "pyodide" / name).is_file()
    assert len(list((site / "assets" / "py").glob("calculators-*.whl"))) == 1
    assert len(list((site / "assets" / "py").glob("python-*.snapshot.gz"))) == 1
    assert "__TK_VERSION__" not in (site / "sw.js").read_text() and (site / "_headers").is_file()


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_theme_gate_holds_the_theme_back_only_when_on(sites, engine):
    bundle = r'assets/javascripts/bundle\.[0-9a-f]+\.min\.js'
    gated, ungated = (sites[engine] / CHECKER / "index.html").read_text(), (sites[engine + "-ungated"] / CHECKER / "index.html").read_text()
    assert re.search(r'<link rel="preload" as="script" href="[^"]*' + bundle + '" data-tk-theme>', gated)
    assert '"search":"../../assets/javascripts/workers/tk-search.js"' in gated.replace(" ", "")
    assert not re.search(r'<link rel="preload"[^>]*data-tk-theme>', ungated) and "workers/tk-search.js" not in ungated
    assert re.search(r'<script src="[^"]*' + bundle + '"></script>', ungated)
    assert not (sites[engine + "-ungated"] / "assets/javascripts/workers/tk-search.js").exists()


def test_an_engine_run_without_the_generator_step_stops_with_one_message(tmp_path):
    folder = checkout_like(tmp_path / "fresh")
    result = run([str(Path(sys.executable).with_name("zensical")), "build", "-f", "mkdocs.yml"], folder)
    assert result.returncode != 0 and "the generator step did not run" in result.stdout + result.stderr
    finish = run([*TOOLKIT, "finish", "site"], folder)
    assert finish.returncode == 1 and "toolkit build" in finish.stderr and "Traceback" not in finish.stderr


def test_an_unknown_engine_names_the_choices(tmp_path):
    result = run([*TOOLKIT, "site", "--engine", "hugo"], PROJECT)
    assert result.returncode == 2 and "mkdocs, zensical" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.browser
@pytest.mark.parametrize("engine", ["mkdocs", "mkdocs-ungated", "zensical", "zensical-ungated"])
def test_the_calculator_works_in_chromium_on_every_build(sites, engine, chromium):
    from server import SiteServer

    from recording import Recorder

    with SiteServer(sites[engine], "/toolkit/") as server:
        context = chromium.new_context()
        recorder = Recorder(context)
        page = recorder.watch(context.new_page())
        page.set_default_timeout(30000)
        page.goto(server.url + CHECKER)
        wait_ready(page)
        page.fill("#tk-job-advert-checker-text", ADVERT)
        assert calculate(page, "#tk-job-advert-checker") == "result"
        assert page.locator("[data-tk-results]").count() == 1 and page.locator("[data-tk-results]").is_visible()
        recorder.assert_private(server.url.split("/toolkit/")[0])
        assert not recorder.errors, recorder.errors
        context.close()
