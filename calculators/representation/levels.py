"""The levels: total rows left out, the order most senior first, and the words that say which
level was taken as the top and which as the entry level."""
from __future__ import annotations

import re
from typing import Any

from calculators.core.result import sentence
from calculators.core.spec import clean_text
from calculators.representation.counts import LEVEL, Workforce, add_to, no_answers
from calculators.shared.level_order import LevelOrder, order_levels


_TOTAL = re.compile(r"^(?:grand |overall |sub-?)?totals?(?: (?:for |of )?(?:all|everyone|organisation|workforce|staff))?$|"
                    r"^all(?: (?:staff|employees|grades|levels|bands|quartiles|people|respondents|colleagues))?$|^overall$|^everyone$")


def drop_total_rows(data: Workforce) -> None:
    """Published tables often end with a total row. Counted as a level it would double everyone and
    stand last, as the entry level; so it is left out, saying whether it matches the other rows."""
    totals = [name for name in data.levels if _TOTAL.match(" ".join(name.casefold().split()))]
    if not totals or len(totals) == len(data.levels):
        return
    for name in totals:
        mine, others = no_answers(), no_answers()
        for key, counts in data.cells.items():
            if key[LEVEL] == name:
                add_to(mine, counts)
            elif key[LEVEL] not in totals:
                add_to(others, counts)
        matches = mine == others
        for key in [k for k in data.cells if k[LEVEL] == name]:
            del data.cells[key]
        data.levels.remove(name)
        data.headcount.pop(name, None)
        data.notices.append(sentence(
            f"The row \u201c{name}\u201d looks like a total, so it is not counted as a level: the calculator adds up the "
            "levels itself." + ("" if matches else " Its figures are not the sum of the other rows, so check that no level "
                                "is missing from the table.")))


def apply_level_order(data: Workforce, order_text: Any, field_name: str, ordered_by_user: bool) -> None:
    """Put the levels most senior first: the user's own order, else a recognised naming scheme,
    else the order given (and say, in the result, that nobody confirmed it)."""
    given: list[str] = []
    if order_text and str(order_text).strip():
        text = clean_text(str(order_text))[0]  # a name typed with an invisible character still matches
        parts = [p.strip() for p in (text.splitlines() if "\n" in text else text.replace(";", ",").split(","))]
        by_key = {" ".join(name.casefold().split()): name for name in data.levels}
        unknown = []
        for part in parts:
            key = " ".join(part.casefold().split())
            if not key:
                continue
            if key in by_key and by_key[key] not in given:
                given.append(by_key[key])
            elif key not in by_key:
                unknown.append(part)
        rest = [name for name in data.levels if name not in given]
        if unknown:
            data.notices.append(sentence("These levels in \u201cOrder of levels\u201d are not in the data: "
                                         + ", ".join(f"\u201c{u}\u201d" for u in unknown) + "."))
        if rest and given:
            data.notices.append(sentence("These levels are not in \u201cOrder of levels\u201d, so they come last: "
                                         + ", ".join(f"\u201c{r}\u201d" for r in rest) + "."))
        given += rest if given else []
    data.order = order_levels(data.levels, given or None, ordered_by_user)
    data.levels = list(data.order.levels)


def order_statement(order: LevelOrder, field_name: str) -> tuple[dict, dict] | None:
    """The sentence that opens the result: which level was taken as the top and which as the entry
    level, and why; and the one-step way to reverse them."""
    ranked = order.ranked
    if len(ranked) < 2:
        return None
    top, entry = ranked[0], ranked[-1]
    reverse = list(reversed(ranked)) + list(order.not_levels)
    reversed_list = ", ".join(reverse)
    on_the_command_line = (f"--set level_order=\"{reversed_list}\" reverses them" if len(reversed_list) <= 200 else
                           "--set level_order= with your levels from most senior to entry, separated by commas")
    how = ("To change it, use \u201cReverse the order of levels\u201d or list your levels, most senior first, in "
           f"\u201cOrder of levels\u201d (on the command line: {on_the_command_line}).")
    if order.basis == "yours":
        text = f"Levels are in the order you gave: \u201c{top}\u201d is the most senior and \u201c{entry}\u201d the entry level."
    elif order.basis == "recognised":
        text = (f"Your levels were recognised as {order.scheme} and put in order, most senior first: \u201c{top}\u201d is "
                f"taken as the top and \u201c{entry}\u201d as the entry level. {order.convention}")
    elif order.basis == "numbered":
        text = (f"Check the order of your levels: they look like {order.scheme}. {order.convention} So \u201c{top}\u201d is "
                f"taken as the top and \u201c{entry}\u201d as the entry level. {how}")
    elif order.confirmed:
        text = (f"Levels are in the order you typed them: \u201c{top}\u201d is taken as the most senior and \u201c{entry}\u201d "
                "as the entry level.")
    else:
        where = "in your file" if field_name == "upload" else "in what you pasted"
        text = (f"Check the order of your levels: we could not recognise it, so we took them in the order they come {where}, "
                f"with \u201c{top}\u201d as the most senior level and \u201c{entry}\u201d as the entry level. "
                f"The progression gap depends on this. {how}")
    if order.not_levels:
        text += (" " + ", ".join(f"\u201c{n}\u201d" for n in order.not_levels)
                 + " is not a level, so it comes last and is not used as the entry level."
                 if len(order.not_levels) == 1 else " These are not levels, so they come last: "
                 + ", ".join(f"\u201c{n}\u201d" for n in order.not_levels) + ".")
    return sentence(text), {"input": "level_order", "value": "\n".join(reverse), "label": "Reverse the order of levels"}


def short_order(order: LevelOrder) -> dict:
    """The order of levels in one sentence, for the board report, when nobody confirmed it."""
    return sentence(f"The order of levels was not confirmed: \u201c{order.ranked[0]}\u201d is taken as the most senior level "
                    f"and \u201c{order.ranked[-1]}\u201d as the entry level, so the progression gap depends on it.")


def order_facts(order: LevelOrder | None) -> dict | None:
    if order is None:
        return None
    ranked = order.ranked
    return {"levels": list(order.levels), "top": ranked[0] if ranked else None, "entry": ranked[-1] if ranked else None,
            "basis": order.basis, "scheme": order.scheme, "confirmed": order.confirmed}
