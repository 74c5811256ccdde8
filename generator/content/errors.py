"""Content errors written for authors: the file, the line, the field, what is wrong and the fix."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ContentError:
    path: str  # relative to the project, for example content/interventions/x.md
    line: int  # 1-based; 0 when the problem is the whole file
    field: str  # front-matter field, section or "file"
    problem: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.problem}\n    Fix: {self.fix}"


class ContentErrors(Exception):
    """Every error found in one run, so an author can fix them all in one pass."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(errors, key=lambda e: (e.path, e.line, e.field))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.errors)
        head = f"Found {count} problem{'s' if count != 1 else ''} in the content:"
        return "\n".join([head, *(str(e) for e in self.errors)])


def did_you_mean(value: object, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(value).lower().replace(" ", "-"), list(choices), n=1, cutoff=0.5)
    return f" Did you mean \u201c{close[0]}\u201d?" if close else ""


def rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
