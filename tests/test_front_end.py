"""The calculator front end's shape (site_templates/assets/tk/): small modules, one message
protocol that the page and the worker share, one hand-off from the page's start-up script, and
the build's lists of modules (preloads, the service worker's precache) read from the folder.
How the modules behave is tested in a real Chromium (tests/browser)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.site.runtime import module_imports
from sitekit import PROJECT

TK = PROJECT / "site_templates" / "assets" / "tk"
START_UP = PROJECT / "site_templates" / "overrides" / "partials" / "calculator-start.html"
MAX_LINES = 300


def front_end(folder: Path | None = None) -> list[Path]:
    return sorted((folder or TK).glob("*.js"))


def message_names(protocol: Path) -> set[str]:
    """The message types protocol.js defines (its exported string constants that a builder uses as `type`)."""
    text = protocol.read_text(encoding="utf-8")
    constants = dict(re.findall(r'^export const ([A-Z_]+) = "([a-z]+)";', text, re.M))
    used = set(re.findall(r"\(\{ type: ([A-Z_]+)\b", text))
    return {constants[name] for name in used}


def message_literals(text: str, names: set[str]) -> list[str]:
    """Messages named by a string literal: `type: "run"`, `type === "ready"`, `case "result":`."""
    words = "|".join(sorted(names))
    return re.findall(rf"""(?:\btype\s*(?:===?|!==?|:)\s*|\bcase\s+)["']({words})["']""", text)


def tk_globals(text: str) -> set[str]:
    return set(re.findall(r"\b(?:self|window|globalThis)\.(tk\w*)", text))


def test_no_front_end_file_is_over_300_lines():
    files = front_end()
    assert files
    long = {p.name: n for p in files if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these into smaller modules (at most {MAX_LINES} lines each): {long}"


def test_message_names_are_written_only_in_the_protocol():
    names = message_names(TK / "protocol.js")
    assert {"run", "progress", "ready", "failed", "result", "crashed"} <= names
    for path in [*front_end(), START_UP]:
        if path.name == "protocol.js":
            continue
        found = message_literals(path.read_text(encoding="utf-8"), names | {"init"})
        assert not found, f"{path.name} names messages {found}: import them from protocol.js"


def test_the_check_finds_a_message_named_by_a_literal():
    names = {"run", "ready"}
    assert message_literals('worker.postMessage({ type: "run", id });', names) == ["run"]
    assert message_literals("if (message.type === 'ready') go();", names) == ["ready"]
    assert message_literals('switch (m.type) { case "ready": break; }', names) == ["ready"]
    assert not message_literals('this.setState("ready"); new Worker(url, { type: "module" });', names)


def test_the_page_and_the_worker_share_the_one_protocol_module():
    # the worker imports it without a static import, which would hold its downloads back (worker.js)
    worker = (TK / "worker.js").read_text(encoding="utf-8")
    assert re.findall(r"""\bimport\(\s*["']\./([\w.-]+\.js)["']""", worker) == ["protocol.js"]
    assert module_imports(TK, "worker.js") == []
    assert "protocol.js" in module_imports(TK, "calculator.js")


def test_the_start_up_script_hands_over_through_one_global():
    script = START_UP.read_text(encoding="utf-8")
    assert tk_globals(script) == {"tkStartup"}
    for path in front_end():
        used = tk_globals(path.read_text(encoding="utf-8"))
        if path.name == "handoff.js":
            assert used == {"tkStartup"}
        else:
            assert not used, f"{path.name} reads {used}: take it from handoff.js"


def test_module_imports_follow_every_static_import_and_nothing_else(tmp_path):
    files = {
        "entry.js": 'import { a } from "./a.js";\nimport {\n  b,\n  c,\n} from "./b.js";\nexport { d } from "./d.js";\n'
                    'const later = import("./lazy.js"); // a dynamic import is found when it runs\n'
                    '// import { x } from "./commented.js" is only a comment\n',
        "a.js": 'import "./side.js";\nexport const a = 1;\n',
        "b.js": "import { a } from './a.js';\nimport { entry } from './entry.js';\nexport const b = 2, c = 3;\n",
        "d.js": "export const d = 4;\n",
        "side.js": "",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert module_imports(tmp_path, "entry.js") == ["a.js", "b.js", "d.js", "side.js"]


@pytest.mark.slow
def test_calculator_pages_preload_their_modules_and_the_service_worker_keeps_every_file(small_site):
    page = next((small_site / "calculators").glob("*/index.html")).read_text(encoding="utf-8")
    preloaded = sorted(re.findall(r'<link rel="modulepreload" href="(?:\.\./)+assets/tk/([\w.-]+\.js)">', page))
    built = small_site / "assets" / "tk"
    assert preloaded == module_imports(built, "calculator.js")
    assert {"protocol.js", "form.js", "result.js"} <= set(preloaded)
    sw = (small_site / "sw.js").read_text(encoding="utf-8")
    precached = set(json.loads(re.search(r"const PRECACHE = (\[.*?\]);", sw, re.S).group(1)))
    assert {f"assets/tk/{p.name}" for p in front_end(built)} <= precached
