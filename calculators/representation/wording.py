"""The words of a result: a sentence per level, the progression gap, data quality, the key
figures and findings, and the note on hidden numbers."""
from __future__ import annotations

import math
from fractions import Fraction

from calculators.core.result import SUPPRESSED, key_figure, key_findings, sentence, table
from calculators.representation.constants import ADVANCED_AIM, LINK_LABELS, link
from calculators.representation.counts import LOWER
from calculators.representation.figures import Gap, Row, rate_status, share_bounds
from calculators.shared.change import difference_interval
from calculators.shared.level_order import LevelOrder
from calculators.shared.numbers import percent_of, plain_number, whole_number
from calculators.shared.stats import wilson_interval
from calculators.shared.suppression import fewer_than


def _points(n: str) -> str:
    return f"{n} point" if n in ("1", "-1") else f"{n} points"


def level_sentence(where: str, row: Row, gap: Gap, b_lower: float, phrase: str, threshold: int) -> dict:
    if gap.share is None:
        return sentence(f"{where} nobody gave a known answer, so there is no share to compare.")
    if gap.share == SUPPRESSED:
        return sentence(f"{where} the numbers are too small to show ({fewer_than(threshold)} in a group, or hidden so that "
                        "small groups cannot be worked out).")
    share = whole_number(gap.share)
    text = f"{where} {share}% of people whose background is known are from lower SEB, against {plain_number(b_lower)}% in {phrase}"
    # The gap in words is worked out from the rounded figures in the same sentence, so they add up.
    said_gap = whole_number(b_lower - int(share)) if float(b_lower).is_integer() else whole_number(gap.gap)
    if gap.gap > 0 and said_gap != "0":
        people = "about 1 person" if gap.missing == 1 else f"about {gap.missing:,} people"
        text += f": a gap of {_points(said_gap)}, {people}." if gap.missing else f": a gap of {_points(said_gap)}."
    elif gap.gap < 0 and said_gap != "0":
        text += f": {_points(said_gap.lstrip('-'))} above it."
    else:
        text += ": about the same."
    if gap.clear.startswith("Yes"):
        text += " The difference is statistically clear."
    elif gap.gap != 0:
        text += " The difference could be chance."
    if "small group" in gap.clear:
        text += " The group is small, so read this with care."
    return sentence(text, [link("progression")] if where.startswith("At") and gap.gap > 0 else [])


def progression_gap(levels: list[Row], gaps: list[Gap], threshold: int, order: LevelOrder | None = None) -> dict | None:
    if len(levels) < 2:
        return None
    top, entry = levels[0], levels[-1]
    confirmed = order is None or order.confirmed
    # An order nobody confirmed makes the conclusion conditional, naming the order it rests on.
    if_so = "" if confirmed else (f"If {top.name} is your most senior level and {entry.name} your entry level, ")
    top_share, entry_share = gaps[0].share, gaps[-1].share
    rows = [{"measure": f"Lower SEB at the top level ({top.name}), % of known", "value": top_share},
            {"measure": f"Lower SEB at the entry level ({entry.name}), % of known", "value": entry_share}]
    if isinstance(top_share, float) and isinstance(entry_share, float):
        exact_top = 100 * top.counts[LOWER] / top.known
        exact_entry = 100 * entry.counts[LOWER] / entry.known
        points = round(exact_entry - exact_top, 1)
        ratio = round(exact_top / exact_entry, 2) if exact_entry else None
        rows += [{"measure": "Progression gap (points: entry minus top)", "value": points},
                 {"measure": "Ratio (top share \u00f7 entry share)", "value": ratio}]
        said = int(whole_number(entry_share)) - int(whole_number(top_share))
        if points > 0 and said > 0:
            text = (f"the share from lower SEB falls from {whole_number(entry_share)}% at {entry.name} level to {whole_number(top_share)}% at "
                    f"{top.name} level: a progression gap of {_points(str(said))}.")
            if ratio is not None:
                text += f" At the top their share is {ratio:.2f} times the entry level's."
        elif points < 0 and said < 0:
            text = (f"the share from lower SEB is higher at {top.name} level ({whole_number(top_share)}%) than at {entry.name} level "
                    f"({whole_number(entry_share)}%): no progression gap between the top and the entry level.")
        else:
            text = f"the share from lower SEB is about the same at {top.name} and {entry.name} level: no clear progression gap."
        if not confirmed:
            text += " Check the order of your levels at the top of these results."
        said = sentence(if_so + text if if_so else text[0].upper() + text[1:], [link("progression")])
        low, high = difference_interval(entry.counts[LOWER], entry.known, top.counts[LOWER], top.known)
        figure = {"points": points, "interval": [round(100 * low, 1), round(100 * high, 1)], "top": top.name,
                  "entry": entry.name, "confirmed": confirmed}
    else:
        figure = {"points": SUPPRESSED, "interval": None, "top": top.name, "entry": entry.name, "confirmed": confirmed}
        rows += [{"measure": "Progression gap (points: entry minus top)", "value": SUPPRESSED},
                 {"measure": "Ratio (top share \u00f7 entry share)", "value": SUPPRESSED}]
        said = sentence(f"The progression gap between {top.name} and {entry.name} level cannot be shown because the numbers "
                        "are too small.", [link("progression")])
    if order is None or order.basis == "yours":
        note = f"{top.name} is taken as the most senior level and {entry.name} as the entry level, as you ordered them."
    elif order.basis in ("recognised", "numbered"):
        note = f"{top.name} is taken as the most senior level and {entry.name} as the entry level ({order.scheme})."
    elif order.confirmed:
        note = "The first level you gave is taken as the most senior and the last as the entry level."
    else:
        note = (f"Not confirmed: {top.name} is taken as the most senior level and {entry.name} as the entry level because of "
                "the order they came in. Check this.")
    return {"table": table("progression", "Progression gap: top level against entry level", [("measure", "Measure"), ("value", "Value")],
                           rows, note=note, decimals={"value": None}),
            "sentence": said, "figure": figure}


def data_quality(levels: list[Row]) -> tuple[dict, list[dict]]:
    rows, said = [], []
    low_response, low_known = [], []
    for r in levels:
        name = "All levels" if r.is_total else r.name
        answered = r.answered_shown
        rate = None
        if r.headcount:
            rate = SUPPRESSED if answered == SUPPRESSED else round(100 * r.answered / r.headcount, 1)
        known_rate = None
        if r.answered:
            known_rate = SUPPRESSED if answered == SUPPRESSED or r.known_shown == SUPPRESSED else percent_of(r.known, r.answered)
        # Answered cannot exceed the headcount, so a headcount beside hidden answers would cap them:
        # it is shown only where everything it bounds is (the total's only where every level's is).
        head_hidden = answered == SUPPRESSED or (r.is_total and any(x.answered_shown == SUPPRESSED and x.headcount is not None
                                                                     for x in levels if not x.is_total))
        headcount = SUPPRESSED if r.headcount is not None and head_hidden else r.headcount
        rows.append({"name": name, "headcount": headcount, "answered": answered, "rate": rate, "rate_status": rate_status(rate),
                     "known": r.known_shown, "known_rate": known_rate, "known_status": rate_status(known_rate)})
        if not r.is_total:
            if isinstance(rate, float) and rate < ADVANCED_AIM:
                low_response.append(f"{r.name} ({whole_number(rate)}%)")
            if isinstance(known_rate, float) and known_rate < ADVANCED_AIM:
                low_known.append(f"{r.name} ({whole_number(known_rate)}%)")
    if low_response:
        said.append(sentence("Response rates are under the 70% the Social Mobility Commission suggests as you advance "
                             f"(about two-thirds at first) at: {', '.join(low_response)}. Results there may not speak for everyone.",
                             [link("response")]))
    if low_known:
        said.append(sentence(f"Fewer than 70% of answers say which group a person is in at: {', '.join(low_known)}. "
                             "Explain why you ask, and that answers are anonymous, to raise this.", [link("response")]))
    quality = table("quality", "Data quality by level",
                    [("name", "Level"), ("headcount", "Headcount"), ("answered", "Answered"), ("rate", "Response rate (%)"),
                     ("rate_status", "Against the SMC aims"), ("known", "Known answers"), ("known_rate", "Known-answer rate (%)"),
                     ("known_status", "Against the SMC aims")], rows,
                    note="The Social Mobility Commission suggests aiming for about two-thirds of people answering at first, "
                         "and at least 70% when you are more advanced. Headcount is blank when you did not give it.")
    return quality, said


def lead_figures(everyone: Row, gap: Gap, benchmark: dict, progression: dict | None) -> list[dict]:
    """The four figures the result leads with, each with its interval and what it means. A figure
    built on a hidden number is hidden too."""
    b_lower = benchmark["shares"]["lower"]
    label = benchmark["label"]
    out = []
    bounds = share_bounds(everyone, LOWER)
    if isinstance(gap.share, float) and bounds:
        where = ("below" if gap.gap > 0 else "above") if gap.gap else "level with"
        meaning = (f"Of everyone whose background is known, against {plain_number(b_lower)}% in {benchmark['phrase']}: "
                   f"{plain_number(abs(gap.gap))} points {where} it." if gap.gap else f"The same as {benchmark['phrase']} ({plain_number(b_lower)}%).")
        out.append(key_figure("lower-share", "People from lower SEB", gap.share, "%", bounds, meaning,
                              compare=f"{label}: {plain_number(b_lower)}%"))
        # The people missing at the ends of the share's interval (more missing at its low end).
        at = [max(0, math.floor(Fraction(str(b_lower - b)) / 100 * everyone.known + Fraction(1, 2))) for b in (bounds[1], bounds[0])]
        out.append(key_figure("missing", "People missing", gap.missing, "", at,
                              f"How many more people from lower SEB it would take to match {benchmark['phrase']}."
                              if gap.missing else f"None: you are at or above {benchmark['phrase']}."))
    else:
        out.append(key_figure("lower-share", "People from lower SEB", SUPPRESSED if gap.share == SUPPRESSED else None, "%", None,
                              "Hidden: the numbers are too small to show." if gap.share == SUPPRESSED else "Nobody gave a known answer."))
    if progression:
        f = progression["figure"]
        if f["points"] == SUPPRESSED:
            meaning = "Hidden: the numbers at the top or entry level are too small to show."
        else:
            meaning = (f"Lower-SEB share at {f['entry']} minus at {f['top']}: "
                       + ("it falls towards the top." if f["points"] > 0 else "it does not fall towards the top."))
            if not f["confirmed"]:
                meaning += " Check the order of your levels."
        out.append(key_figure("progression-gap", "Progression gap", f["points"], " points", f["interval"], meaning))
    if everyone.known_visible and everyone.answered_shown != SUPPRESSED and everyone.answered:
        low, high = wilson_interval(everyone.known, everyone.answered)
        rate = percent_of(everyone.known, everyone.answered)
        out.append(key_figure("known-rate", "Known-answer rate", rate, "%", [round(100 * low, 1), round(100 * high, 1)],
                              f"Of the {everyone.answered:,} people who answered, how many said which group they are in "
                              f"(the SMC suggests aiming for {whole_number(ADVANCED_AIM)}%)."))
    return out


def findings_for(summary: list[dict], statement, progression: dict | None) -> list[dict]:
    """At most three findings, each with a link to guidance: everyone against the benchmark, the
    progression gap, then the first thing to put right (data quality) or to learn from."""
    first = 1 if statement else 0
    chosen = [summary[first]] if len(summary) > first else []
    if progression:
        chosen.append(progression["sentence"])
    for s in summary[first + 1:]:
        if s["links"] and s not in chosen and not s["text"].startswith("At "):
            chosen.append(s)
            break
    out = []
    for s in chosen:
        out.append(s if s["links"] else {**s, "links": [{"label": LINK_LABELS["benchmark"], "href": link("benchmark")[1]}]})
    return key_findings(out)


def suppression_notice(rows: dict[str, list[Row]], threshold: int) -> dict:
    tables = {id(t): t for rs in rows.values() for r in rs for t in (r.groups, r.unknown)}.values()
    primary = sum(len(t.primary) for t in tables)
    secondary = sum(len(t.hidden - t.primary) for t in tables)
    if not primary and not secondary:
        return sentence(f"No count is under {threshold}, so nothing is hidden.")
    text = (f"To protect privacy, counts under {threshold}, and percentages, intervals and bars built on them, show as "
            f"\u201c{SUPPRESSED}\u201d ({fewer_than(threshold)}).")
    if secondary:
        text += " Some larger counts are hidden too, so that the small ones cannot be worked out from the totals."
    return sentence(text)
