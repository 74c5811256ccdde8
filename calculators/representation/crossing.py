"""Background crossed with sex, ethnicity and disability in the representation gap (optional
columns of a file with one row per response).

Each characteristic the file has becomes one more breakdown of the same people, beside level,
function and region: its rows are the characteristic's groups, then "prefer not to say" and "not
given" (always listed), each with its counts, shares and gap to the benchmark. Being breakdowns of
the same people, they are protected together with the others (`figures.breakdowns` hands every
breakdown to `suppress_linked_tables`), so no hidden count follows from any combination of them.

The characteristics, their column names and accepted answers come from
content/data/characteristics.yml (calculators.shared.characteristics). A cell's key is (level,
function, region), then the label of the person's row of each characteristic, in order."""
from __future__ import annotations

from typing import Mapping, Sequence

from calculators.core.result import sentence
from calculators.core.spec import InputError
from calculators.shared import characteristics as chars

FIRST_POSITION = 3  # after LEVEL, FUNCTION and REGION in a cell's key


def reader(found: Sequence[chars.Characteristic], columns: Mapping[str, Sequence[int]], values: Mapping):
    """A function from a row to the labels of its characteristic rows (a tuple to add to the cell's
    key), and the Reader behind it; (None, None) when the file has no characteristic column."""
    try:
        traits = chars.Reader([(c, columns[c.id][0]) for c in found if c.id in columns], values.get(chars.MAP_INPUT))
    except ValueError as exc:
        raise InputError(chars.MAP_INPUT, str(exc)) from None
    if not traits:
        return None, None
    labels = [c.labels for c, _ in traits.found]
    return (lambda row: tuple(lab[r] for lab, r in zip(labels, traits(row)))), traits


def workforce_fields(traits: chars.Reader | None, header: Sequence[str]) -> dict:
    """The Workforce fields that say which characteristics were read, from which columns, and what was not recognised."""
    if not traits:
        return {}
    return {"traits": tuple(c for c, _ in traits.found), "trait_columns": {c.id: header[i] for c, i in traits.found},
            "unrecognised_traits": {k: v for k, v in traits.unrecognised.items() if v}}


def dims(data) -> list[tuple[str, int, list[str]]]:
    """(breakdown, position in a cell's key, row names) of each characteristic: every row, always."""
    return [(c.id, FIRST_POSITION + k, [c.labels[r] for r in c.rows]) for k, c in enumerate(data.traits)]


def labels(data) -> dict[str, tuple[str, str, str]]:
    """Each characteristic's (column heading, "by ...", the totals row's name), as tables.LABELS has them."""
    return {c.id: (c.label, f"by {c.label.lower()}", "Everyone") for c in data.traits}


def question_and_notices(data, rows: Mapping[str, list], threshold: int) -> tuple[dict | None, list[dict]]:
    """The question about unrecognised answers and the notices naming them by column. Their counts
    show only when the "not given" row's count is shown and every part of it is big enough
    (as chars.counts_may_show says for the pay gap)."""
    may_show = {}
    for c in data.traits:
        not_given = next(r for r in rows[c.id] if r.name == c.labels[chars.NOT_GIVEN])
        parts = [*(data.unrecognised_traits.get(c.id) or {}).values()]
        parts.append(not_given.answered - sum(parts))
        may_show[c.id] = not_given.answered_shown == not_given.answered and all(n == 0 or n >= threshold for n in parts)
    question = chars.question(data.traits, data.unrecognised_traits, data.trait_columns, threshold, may_show)
    notices = [sentence(t) for t in chars.unrecognised_notice(data.traits, data.unrecognised_traits, data.trait_columns,
                                                             threshold, may_show)]
    return question, notices
