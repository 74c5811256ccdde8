"""The generator's packages stay easy to follow: no module imports itself through others (read
statically from the source, so an import inside a function or under TYPE_CHECKING counts too), and
no module of generator/content/ is over 300 lines."""
from __future__ import annotations

import ast
from pathlib import Path

from sitekit import PROJECT

GENERATOR = PROJECT / "generator"
MAX_LINES = 300
SHORT = ("generator/content",)  # the folders held to MAX_LINES (the lead extends it to the rest)


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, root: Path, modules: set[str]) -> set[str]:
    """The generator modules a file imports, wherever the import statement is."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # generator.content.errors.ContentError -> generator.content.errors
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):  # a package's own __init__ is not a circle
                found.add(target)
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    files = {module_name(p, root): p for p in (root / "generator").rglob("*.py")}
    return {name: imports(path, root, set(files)) for name, path in files.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import circle once, as the modules in order (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def long_files(root: Path) -> dict[str, int]:
    found = {}
    for folder in SHORT:
        for path in sorted((root / folder).rglob("*.py")):
            count = len(path.read_text(encoding="utf-8").splitlines())
            if count > MAX_LINES:
                found[path.relative_to(root).as_posix()] = count
    return found


def test_the_generator_has_no_import_circle():
    found = circles(import_graph(PROJECT))
    assert found == [], "these modules import each other (split out what they share, as generator/content/parsed.py does): " + \
        "; ".join(" <-> ".join(group) for group in found)


def test_no_content_module_is_over_300_lines():
    assert long_files(PROJECT) == {}, f"split these files (over {MAX_LINES} lines) by what they do"


def test_the_checks_find_a_circle_and_a_long_file(tmp_path):
    """The two checks above, on a small made-up package, so they cannot pass by finding nothing."""
    package = tmp_path / "generator" / "content"
    package.mkdir(parents=True)
    (tmp_path / "generator" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from generator.content.b import thing\n")
    (package / "b.py").write_text("def f():\n    from generator.content import c\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import Parsed\n" + "x = 1\n" * MAX_LINES)
    (package / "d.py").write_text("from generator.content import a\n")
    assert circles(import_graph(tmp_path)) == [["generator.content.a", "generator.content.b", "generator.content.c"]]
    assert long_files(tmp_path) == {"generator/content/c.py": MAX_LINES + 3}
