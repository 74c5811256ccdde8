"""Which column is which: header names matched to roles ignoring case, spaces, _ and -, and the
follow-up question when some cannot be matched."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from calculators.core.record import record

if TYPE_CHECKING:
    from calculators.shared.tabular import DelimitedText


def normalise_header(name: str) -> str:
    """A header for matching: case, spaces, underscores, hyphens and dots ignored ("Not_known",
    " not known " and "NotKnown" all match)."""
    return re.sub(r"[\s_\-.]+", "", name.casefold())


@record(frozen=True)
class ColumnMatch:
    """Which header columns hold which roles. `found` maps a role to column indexes (a role that
    allows several, like "not known" split into "other" and "prefer not to say", may have more
    than one); `unmatched` lists the indexes of columns no role claimed."""

    found: Mapping[str, tuple[int, ...]]
    unmatched: tuple[int, ...]


def match_columns(header: Sequence[str], roles: Mapping[str, Iterable[str]], column_map: Mapping[str, str] | None = None,
                  ignore: str = "ignore") -> ColumnMatch:
    """Match header names to roles, case- and space-insensitively.

    roles: {role: accepted header names}. column_map: the user's answers {header name: role or
    `ignore`}, which win over the names. A header matching no role is left unmatched."""
    lookup: dict[str, str] = {}
    for role, names in roles.items():
        for name in [role, *names]:
            lookup.setdefault(normalise_header(name), role)
    chosen = {normalise_header(k): v for k, v in (column_map or {}).items()}
    found: dict[str, list[int]] = {}
    unmatched = []
    for i, name in enumerate(header):
        key = normalise_header(name)
        role = chosen.get(key, lookup.get(key))
        if role == ignore:
            continue
        if role is None or role not in roles:
            unmatched.append(i)
            continue
        found.setdefault(role, []).append(i)
    return ColumnMatch(found={k: tuple(v) for k, v in found.items()}, unmatched=tuple(unmatched))


def column_question(parsed: DelimitedText, match: ColumnMatch, labels: Mapping[str, str]) -> dict:
    """The follow-up question "which column is which?": each column with how many cells are filled
    and up to three examples, and the roles (`labels`: role -> label, with "ignore") to choose from."""
    from calculators.core.result import mapping

    items = []
    for i, name in enumerate(parsed.header):
        filled = [row[i] for row in parsed.rows if row[i]]
        examples: list[str] = []
        for v in filled:
            if v not in examples:
                examples.append(v)
            if len(examples) == 3:
                break
        items.append({"key": name, "count": len(filled), "examples": examples,
                      "current": next((r for r, idx in match.found.items() if i in idx), "")})
    return mapping("column_map", "Which column is which?", items, list(labels.items()))
