"""generator/ shows its stages: packages with no import circle between their modules, and no file
over 300 lines. The import graph is read from the source (every import, also inside functions), so
a circle hidden in a function counts too."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sitekit import PROJECT

GENERATOR = PROJECT / "generator"
MAX_LINES = 300


def module_name(path: Path, root: Path = GENERATOR) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, modules: set[str]) -> set[str]:
    """The generator modules a file imports (`from generator.x import y` counts generator.x.y when that is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != "generator":
                found.add(name)
    return found


def graph(root: Path = GENERATOR) -> dict[str, set[str]]:
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    return {name: imports(path, set(files)) - {name} for name, path in files.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle (each found once, from its first module in sorted order)."""
    found, seen = [], set()

    def walk(start: str, node: str, path: list[str]) -> None:
        for nxt in sorted(edges.get(node, ())):
            if nxt == start:
                cycle = frozenset(path)
                if cycle not in seen:
                    seen.add(cycle)
                    found.append(path + [start])
            elif nxt not in path and nxt > start:
                walk(start, nxt, path + [nxt])

    for start in sorted(edges):
        walk(start, start, [start])
    return found


def test_the_circle_finder_finds_a_circle_hidden_in_a_function(tmp_path):
    package = tmp_path / "generator"
    (package / "a").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a" / "__init__.py").write_text("")
    (package / "a" / "one.py").write_text("from generator.a import two\n")
    (package / "a" / "two.py").write_text("def f():\n    from generator.a.three import g\n")
    (package / "a" / "three.py").write_text("import generator.a.one\n")
    assert circles(graph(package)) == [["generator.a.one", "generator.a.two", "generator.a.three", "generator.a.one"]]


PACKAGES = ["content", "render", "python", "site", "engines", "(top level)"]


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else "(top level)"


@pytest.mark.parametrize("package", PACKAGES)
def test_the_generator_has_no_import_circle(package):
    found = [c for c in circles(graph()) if package_of(c[0]) == package]
    assert found == [], "import circles: " + "; ".join(" -> ".join(c) for c in found)


@pytest.mark.parametrize("path", sorted(GENERATOR.rglob("*.py")), ids=lambda p: p.relative_to(GENERATOR).as_posix())
def test_no_generator_file_is_over_300_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PROJECT)} has {lines} lines: split it by what its parts do"
