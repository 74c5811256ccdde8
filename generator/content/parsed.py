"""A content file as read: its data, the line of every field, and (for Markdown) its body.

Its own module so that every check can name it without importing the loader."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Parsed:
    path: str
    data: Any
    lines: dict[str, int]  # "stage" -> 5, "sources[0].url" -> 12
    body: str = ""
    body_line: int = 1

    def line(self, key: str) -> int:
        """The line of a field, or of the nearest enclosing field that has one."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rsplit(".", 1)[0] if "." in key else (key.rsplit("[", 1)[0] if "[" in key else "")
        return self.lines.get("", 1)
