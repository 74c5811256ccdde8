"""Characteristics that background can be crossed with (sex, ethnicity, disability): their column
names, groups and accepted answers, read from content/data/characteristics.yml
(content["characteristics"]). Nothing about them is written here: maintainers correct the data file.

Every person falls in exactly one row of a characteristic: one of its groups, "prefer not to
say", or "not given" (a blank cell). An answer that matches none of them is unrecognised: the
reader is asked which row it belongs to (`question`), and until then it counts as not given."""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from calculators.core.record import record
from calculators.core.result import SUPPRESSED, mapping
from calculators.shared.seb import normalise_answer

PREFER_NOT = "prefer-not-to-say"
NOT_GIVEN = "not-given"
MAP_INPUT = "characteristic_map"


@record(frozen=True)
class Characteristic:
    id: str
    label: str
    headers: tuple[str, ...]
    groups: tuple[tuple[str, str], ...]  # (id, label) of each group, in the data file's order
    labels: Mapping[str, str]  # every row id (groups, PREFER_NOT, NOT_GIVEN) -> label
    _lookup: Mapping[str, str]

    @property
    def rows(self) -> tuple[str, ...]:
        """Every row of a crossed table, in order: the groups, then prefer not to say, then not given."""
        return (*(g for g, _ in self.groups), PREFER_NOT, NOT_GIVEN)

    def row_of(self, answer: str) -> str | None:
        """The row of an answer, NOT_GIVEN for a blank one, None when it is not recognised."""
        key = normalise_answer(answer)
        return self._lookup.get(key) if key else NOT_GIVEN


def characteristics_from(content: Mapping) -> tuple[Characteristic, ...]:
    """The characteristics in content["characteristics"] (none when the data file is absent).
    ValueError names the answer the data file gives two rows."""
    data = content.get("characteristics") or {}
    found = []
    for problem in problems(data):
        raise ValueError(f"content/data/characteristics.yml, {problem[0]}: {problem[1]}. {problem[2]}")
    prefer = data.get("prefer_not_to_say") or {}
    for item in data.get("list") or ():
        labels = {g["id"]: str(g.get("label", g["id"])) for g in item.get("groups") or ()}
        labels[PREFER_NOT] = str(prefer.get("label", "Prefer not to say"))
        labels[NOT_GIVEN] = str((data.get("not_given") or {}).get("label", "Not given"))
        lookup = dict(_answers(item, prefer))
        found.append(Characteristic(id=item["id"], label=str(item.get("label", item["id"])),
                                    headers=tuple(str(h) for h in item.get("headers") or ()),
                                    groups=tuple((g["id"], labels[g["id"]]) for g in item.get("groups") or ()),
                                    labels=labels, _lookup=lookup))
    return tuple(found)


def _answers(item: Mapping, prefer: Mapping) -> Iterable[tuple[str, str]]:
    for g in item.get("groups") or ():
        for name in (g.get("id"), g.get("label"), *(g.get("answers") or ())):
            if name not in (None, "") and normalise_answer(str(name)):
                yield normalise_answer(str(name)), g["id"]
    for name in (prefer.get("label"), *(prefer.get("answers") or ())):
        if name not in (None, "") and normalise_answer(str(name)):
            yield normalise_answer(str(name)), PREFER_NOT


def problems(data: Any) -> list[tuple[str, str, str]]:
    """What is wrong with the data file, as (field path, problem, fix); [] when it is usable. The
    content check (generator) and the calculators both use this, so they agree."""
    if not isinstance(data, Mapping):
        return [("characteristics", "the section should hold list, prefer_not_to_say and not_given",
                 "Start from the committed copy of content/data/characteristics.yml.")]
    out = []
    prefer = data.get("prefer_not_to_say") or {}
    ids = set()
    for i, item in enumerate(data.get("list") or ()):
        key = f"characteristics.list[{i}]"
        if not isinstance(item, Mapping) or not item.get("id") or not item.get("groups") or not item.get("headers"):
            out.append((key, "a characteristic needs an id, headers and groups", "Give it all three, as the others have."))
            continue
        if item["id"] in ids:
            out.append((f"{key}.id", f"the id \u201c{item['id']}\u201d is used twice", "Give each characteristic its own id."))
        ids.add(item["id"])
        seen: dict[str, str] = {}
        group_ids = set()
        for j, g in enumerate(item["groups"]):
            if not isinstance(g, Mapping) or not g.get("id"):
                out.append((f"{key}.groups[{j}]", "a group needs an id and a label", "Give it both."))
                continue
            if g["id"] in (PREFER_NOT, NOT_GIVEN) or g["id"] in group_ids:
                out.append((f"{key}.groups[{j}].id", f"the group id \u201c{g['id']}\u201d is used twice or is reserved",
                            "Give each group its own id."))
            group_ids.add(g["id"])
        for answer, row in _answers({"groups": [g for g in item["groups"] if isinstance(g, Mapping) and g.get("id")]}, prefer):
            if seen.get(answer, row) != row:
                out.append((f"{key}.groups", f"the answer \u201c{answer}\u201d is in two groups ({seen[answer]} and {row})",
                            "Keep each answer in one group only (or in prefer_not_to_say only)."))
            seen[answer] = row
    return out


def counts_may_show(c: Characteristic, protected, unrecognised: Mapping[str, int], threshold: int) -> bool:
    """May the counts of unrecognised answers be printed? They are parts of the "not given" row (with
    the blank answers), so only when that row's total is shown and every part (each answer, and the
    blanks) is 0 or at least the threshold: else one part would follow from the total less the others."""
    r = c.rows.index(NOT_GIVEN)
    if protected.is_hidden(r, protected.n_columns):
        return False
    parts = [*unrecognised.values(), protected.value(r, protected.n_columns) - sum(unrecognised.values())]
    return all(n == 0 or n >= threshold for n in parts)


def protected_count(count: int, threshold: int, may_show: bool = True) -> int | str:
    """A count of rows to show beside an unrecognised answer: hidden under the threshold, since it
    could bound a hidden cell of the crossed tables, and hidden whenever the "not given" count it
    is part of is hidden (`may_show` False), since it would bound that count from below."""
    return count if may_show and count >= threshold else SUPPRESSED  # may_show: see counts_may_show


def question(found: Iterable[Characteristic], unrecognised: Mapping[str, Mapping[str, int]], columns: Mapping[str, str],
             threshold: int, may_show: Mapping[str, bool] | None = None) -> dict | None:
    """Which row does each unrecognised answer belong to? Items are keyed "<characteristic id>:<answer>"
    and grouped under the column's name; choices are the rows of every characteristic with one."""
    items, choices = [], []
    for c in found:
        answers = unrecognised.get(c.id) or {}
        if not answers:
            continue
        heading = f"{c.label} (column \u201c{columns.get(c.id, c.label)}\u201d)"
        items += [{"key": f"{c.id}:{a}", "label": a, "count": protected_count(n, threshold, (may_show or {}).get(c.id, False)),
                   "group": heading}
                  for a, n in sorted(answers.items())]
        choices += [(f"{c.id}:{row}", f"{c.label}: {c.labels[row]}") for row in c.rows if row != NOT_GIVEN]
        choices.append((f"{c.id}:{NOT_GIVEN}", f"{c.label}: leave out (count as not given)"))
    if not items:
        return None
    return mapping(MAP_INPUT, "Which group does each of these answers belong to?", items, choices)


def assigned(found: Iterable[Characteristic], chosen: Mapping[str, str] | None) -> dict[str, dict[str, str]]:
    """The reader's answers to `question`, as {characteristic id: {normalised answer: row}}.
    ValueError (a plain sentence) for a choice that does not fit its characteristic."""
    by_id = {c.id: c for c in found}
    out: dict[str, dict[str, str]] = {c: {} for c in by_id}
    for key, choice in (chosen or {}).items():
        cid, _, answer = str(key).partition(":")
        if cid not in by_id:
            continue  # a characteristic this file does not have: nothing to apply
        c = by_id[cid]
        ccid, _, row = str(choice).partition(":")
        if ccid != cid or row not in c.rows:
            names = ", ".join(c.labels[r] for r in c.rows)
            raise ValueError(f"\u201c{choice}\u201d is not one of the {c.label.lower()} groups, so it cannot be given to the "
                             f"answer \u201c{answer}\u201d. "
                             f"Choose one of: {names}.")
        out[cid][normalise_answer(answer)] = row
    return out


class Reader:
    """Reads the characteristic columns of one row per person: `reader(row)` is the tuple of each
    characteristic's row id, in the order of `found`. Unrecognised answers count as NOT_GIVEN and
    are tallied in `unrecognised` ({characteristic id: {answer as written: rows}}). ValueError for
    an assignment that does not fit (see `assigned`)."""

    def __init__(self, found: Iterable[tuple[Characteristic, int]], chosen: Mapping[str, str] | None = None):
        self.found = tuple(found)
        self.columns = tuple(i for _, i in self.found)
        self._assigned = assigned([c for c, _ in self.found], chosen)
        self._cache: list[dict[str, str]] = [{} for _ in self.found]
        self._rows: dict[tuple[str, ...], tuple] = {}
        self.unrecognised: dict[str, dict[str, int]] = {c.id: {} for c, _ in self.found}

    def __bool__(self) -> bool:
        return bool(self.found)

    def __call__(self, row) -> tuple[str, ...]:
        cells = tuple([row[i] for i in self.columns])
        known = self._rows.get(cells)  # most rows repeat a combination already seen
        if known is None:
            known = self._rows[cells] = self._read(cells)
        rows, unrecognised = known
        for cid, cell in unrecognised:
            tally = self.unrecognised[cid]
            tally[cell] = tally.get(cell, 0) + 1
        return rows

    def _read(self, cells: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
        """The rows of one combination of answers, and its unrecognised (characteristic id, answer) pairs."""
        out, unrecognised = [], []
        for k, ((c, _), cell) in enumerate(zip(self.found, cells)):
            got = self._cache[k].get(cell)
            if got is None:
                got = self._assigned[c.id].get(normalise_answer(cell)) or c.row_of(cell)
                if got is None:  # not cached: each new combination with it must list it again
                    unrecognised.append((c.id, cell))
                    out.append(NOT_GIVEN)
                    continue
                self._cache[k][cell] = got
            out.append(got)
        return tuple(out), tuple(unrecognised)


def unrecognised_notice(found: Iterable[Characteristic], unrecognised: Mapping[str, Mapping[str, int]],
                        columns: Mapping[str, str], threshold: int, may_show: Mapping[str, bool] | None = None) -> list[str]:
    """One plain sentence per column with unrecognised answers: the column, each answer and how many
    rows have it (not shown under the threshold, or when the "not given" count is hidden: see
    `protected_count`)."""
    out = []
    for c in found:
        answers = unrecognised.get(c.id) or {}
        if not answers:
            continue
        show = (may_show or {}).get(c.id, False)
        listed = "; ".join(f"\u201c{a}\u201d ({_rows(n, threshold, show)})" for a, n in sorted(answers.items()))
        column = columns.get(c.id, c.label)
        what = "" if column.casefold() == c.label.casefold() else f" ({c.label.lower()})"
        out.append(f"The column \u201c{column}\u201d{what} has answers that match none of its "
                   f"groups: {listed}. They count as \u201c{c.labels[NOT_GIVEN].lower()}\u201d for now. Say which group each "
                   "belongs to below, or add the spelling to content/data/characteristics.yml.")
    return out


def _rows(n: int, threshold: int, show: bool) -> str:
    if show and n >= threshold:
        return f"{n} rows"
    return f"{SUPPRESSED}: not shown, since it or another count here is under {threshold} or hidden"


def with_roles(roles: Mapping, labels: Mapping, found: Sequence[Characteristic], note: str = "optional") -> tuple[dict, dict]:
    """A file's column roles and their labels, with one optional role per characteristic found in
    the content (its label followed by the note in brackets)."""
    out_roles, out_labels = dict(roles), {k: v for k, v in labels.items() if k != "ignore"}
    for c in found:
        out_roles[c.id] = list(c.headers)
        out_labels[c.id] = f"{c.label} ({note})"
    out_labels["ignore"] = labels.get("ignore", "Not used")
    return out_roles, out_labels
