"""Year on year: a small results file saved from a result, and the change between last year's
file and this year's figures.

The results file holds only what the screen shows: for each level (and for everyone) the known
answers, the lower-SEB count and share, each as shown (a hidden figure stays "[c]"), the
progression gap's top and entry figures, the benchmark and the date of the data. No individual
rows, no hidden count. Its format is versioned (FORMAT, VERSION); a newer version is refused with
a message saying so.

Change by level: this year's lower-SEB share minus last year's, in points, with the two-sided
two-proportion z-test (calculators.shared.change); p below 0.05 is called a change "unlikely to be
chance", otherwise it "could be chance". Levels are matched by name (ignoring case and spacing);
levels renamed since last year are matched through a mapping ("level_map": last year's name ->
this year's name). The change in the progression gap is tested with the normal approximation to
the difference of the two years' gaps (each the entry share minus the top share).
"""
from __future__ import annotations

import json
import math
from typing import Any, Mapping, Sequence

from calculators.shared.change import two_proportion_test
from calculators.core.result import SUPPRESSED, chart, mapping, sentence, table
from calculators.core.spec import InputError
from calculators.representation.constants import link
from calculators.shared.numbers import percent_of

FORMAT = "toolkit-results"
VERSION = 1
FIELD = "compare"
MAP_FIELD = "level_map"
NOT_THIS_YEAR = "__none__"
ALPHA = 0.05


def _key(name: str) -> str:
    return " ".join(str(name).casefold().split())


def figures_entry(name: str, known: Any, lower: Any, share: Any) -> dict:
    """One level as the screen shows it (a hidden figure is SUPPRESSED)."""
    return {"name": name, "known": known, "lower": lower, "lower_pct": share}


def results_file(calculator: str, data_date: str, threshold: int, benchmark: dict, levels: Sequence[dict],
                 progression: dict | None) -> str:
    """levels: most senior first, then everyone (marked "everyone": true)."""
    doc = {"format": FORMAT, "version": VERSION, "calculator": calculator, "data_date": data_date, "threshold": threshold,
           "benchmark": {"label": benchmark.get("label"), "lower": benchmark["shares"]["lower"], "date": benchmark.get("date") or ""},
           "levels": list(levels), "progression": progression}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _count(value: Any) -> int | None:
    """A shown count, or None when hidden. Anything else is not a count."""
    if value == SUPPRESSED or value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(value)
    return value


def read_results_file(text: str, calculator: str, title: str) -> dict:
    """Last year's results file, checked; or an InputError that says what is wrong and what to do."""
    what = "The file of last year's results"
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        raise InputError(FIELD, f"{what} is not a results file: it is not JSON. Choose the file you saved with "
                                "\u201cSave these results for next year\u201d (it ends in .json).") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError(FIELD, f"{what} is not a results file saved by this toolkit. Choose the file you saved with "
                                "\u201cSave these results for next year\u201d.")
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise InputError(FIELD, f"{what} has no format version, so it cannot be read. Save it again from last year's result.")
    if version > VERSION:
        raise InputError(FIELD, f"{what} was saved by a newer version of this toolkit (results format {version}); this page "
                                f"reads format {VERSION} and older. Use the newest version of the toolkit, or save the results again here.")
    if doc.get("calculator") != calculator:
        raise InputError(FIELD, f"{what} is from another calculator (\u201c{doc.get('calculator')}\u201d), not the {title}. "
                                f"Choose a file saved from the {title}.")
    levels = doc.get("levels")
    if not isinstance(levels, list) or not levels:
        raise InputError(FIELD, f"{what} has no levels in it. Save it again from last year's result.")
    out = []
    for n, level in enumerate(levels, start=1):
        try:
            name = level["name"]
            if not isinstance(name, str) or not name.strip():
                raise ValueError(name)
            known, lower = _count(level.get("known")), _count(level.get("lower"))
            if known is not None and lower is not None and lower > known:
                raise ValueError(lower)
        except (TypeError, KeyError, ValueError):
            raise InputError(FIELD, f"{what} is damaged: level {n} does not have a name, known answers and a lower-SEB "
                                    "count. Save it again from last year's result.") from None
        out.append({"name": " ".join(name.split()), "known": known, "lower": lower, "everyone": level.get("everyone") is True})
    progression = doc.get("progression") if isinstance(doc.get("progression"), dict) else None
    return {"date": str(doc.get("data_date") or ""), "levels": out, "progression": progression,
            "benchmark": doc.get("benchmark") if isinstance(doc.get("benchmark"), dict) else {}}


def match_levels(previous: Sequence[str], current: Sequence[str], level_map: Mapping[str, str] | None) -> tuple[dict[str, str], list[str]]:
    """Last year's level -> this year's, by name (ignoring case and spacing), then by the map the
    user gave for renamed levels. Returns the matches and last year's levels still unmatched."""
    level_map = level_map or {}
    by_key = {_key(c): c for c in current}
    chosen = {_key(k): v for k, v in level_map.items()}
    matched: dict[str, str] = {}
    for name in previous:
        target = chosen.get(_key(name))
        if target == NOT_THIS_YEAR:
            continue
        if target is not None:
            if _key(target) not in by_key:
                raise InputError(MAP_FIELD, f"\u201c{target}\u201d, chosen for last year's level \u201c{name}\u201d, is not a "
                                            "level this year. Choose one of this year's levels, or \u201cNot a level this year\u201d.")
            matched[name] = by_key[_key(target)]
        elif _key(name) in by_key:
            matched[name] = by_key[_key(name)]
    seen: dict[str, str] = {}
    for name, target in matched.items():
        if target in seen:
            raise InputError(MAP_FIELD, f"Last year's levels \u201c{seen[target]}\u201d and \u201c{name}\u201d are both matched "
                                        f"to \u201c{target}\u201d this year. Match each of last year's levels to a different level.")
        seen[target] = name
    unmatched = [n for n in previous if n not in matched and chosen.get(_key(n)) != NOT_THIS_YEAR]
    return matched, unmatched


def compare(previous: dict, current: Sequence[dict], current_progression: dict | None, level_map: Mapping[str, str] | None,
            benchmark: dict) -> dict:
    """The change since last year. current: [{"name", "known", "lower"}] with hidden figures None,
    most senior first, "All levels" last. Returns {"table", "chart", "sentences", "mapping", "notices"}."""
    levels = [c for c in current if not c.get("everyone")]
    prev_levels = [p["name"] for p in previous["levels"] if not p.get("everyone")]
    matches, unmatched = match_levels(prev_levels, [c["name"] for c in levels], level_map)
    notices, sentences = [], []
    when = f" ({previous['date']})" if previous["date"] else ""
    question = None
    if unmatched:
        taken = set(matches.values())
        choices = [(c["name"], c["name"]) for c in levels if c["name"] not in taken] + [(NOT_THIS_YEAR, "Not a level this year")]
        items = [{"key": name, "label": f"Last year: {name}"} for name in unmatched]
        question = mapping(MAP_FIELD, "Which of this year's levels is each of last year's levels now?", items, choices)
        notices.append(sentence(f"{len(unmatched)} of last year's levels do{'es' if len(unmatched) == 1 else ''} not match a level "
                                "this year by name: " + ", ".join(f"\u201c{n}\u201d" for n in unmatched)
                                + ". Say below which level each is now, if it was renamed (on the command line: --set "
                                + MAP_FIELD + "='" + json.dumps({unmatched[0]: "NEW NAME"}, ensure_ascii=False) + "')."))
    if not matches:
        notices.append(sentence("None of last year's levels matches a level this year, so there is no change to show yet. "
                                "Say below which level each of last year's levels is now."))
    prev = {p["name"]: p for p in previous["levels"] if not p.get("everyone")}
    rows, cats, last, this = [], [], [], []
    by_current = {v: k for k, v in matches.items()}
    everyone_prev = next((p for p in previous["levels"] if p.get("everyone")), None)
    for c in current:
        old = everyone_prev if c.get("everyone") else prev.get(by_current.get(c["name"], ""))
        if old is None:
            continue
        row = {"name": c["name"], "last_name": old["name"], "last": None, "this": None, "change": None, "p": None, "words": None}
        if old["known"] and old["lower"] is not None:
            row["last"] = percent_of(old["lower"], old["known"])
        else:
            row["last"] = SUPPRESSED
        row["this"] = percent_of(c["lower"], c["known"]) if c["known"] and c["lower"] is not None else SUPPRESSED
        if SUPPRESSED in (row["last"], row["this"]):
            row["change"] = row["p"] = row["words"] = SUPPRESSED
        else:
            change = 100 * c["lower"] / c["known"] - 100 * old["lower"] / old["known"]
            p = two_proportion_test(c["lower"], c["known"], old["lower"], old["known"])
            row["change"], row["p"] = round(change, 1), round(p, 4)
            row["words"] = ("Unlikely to be chance" if p < ALPHA else "Could be chance")
        rows.append(row)
        if not c.get("everyone"):
            cats.append(c["name"])
            last.append(row["last"] if row["last"] != SUPPRESSED else None)
            this.append(row["this"] if row["this"] != SUPPRESSED else None)
    out_table = table("change-level", f"Change since last year{when}, by level",
                      [("name", "Level this year"), ("last_name", "Last year's level"), ("last", "Lower SEB last year (% of known)"),
                       ("this", "Lower SEB this year (% of known)"), ("change", "Change (points)"), ("p", "p-value"),
                       ("words", "Is it a real change? (5% level)")], rows,
                      note="Change: this year's share minus last year's. The p-value is from a two-sided two-proportion test; "
                           "\u201ccould be chance\u201d means a change this size often happens by chance alone with groups this size.")
    out_chart = chart("change", "Lower SEB by level: last year and this year", cats,
                      [{"name": "Last year", "values": last}, {"name": "This year", "values": this}], "change-level", unit="%",
                      reference={"label": f"{benchmark['label']}: {benchmark['shares']['lower']:g}%", "value": benchmark["shares"]["lower"]})
    everyone_row = next((r for r in rows if r["name"] == current[-1]["name"] and current[-1].get("everyone")), None)
    if everyone_row and everyone_row["change"] not in (None, SUPPRESSED):
        ch = everyone_row["change"]
        direction = "up" if ch > 0 else "down" if ch < 0 else "unchanged"
        sentences.append(sentence(
            f"Since last year{when}, the share from lower SEB across everyone went from {everyone_row['last']:g}% to "
            f"{everyone_row['this']:g}%" + (f": {direction} {abs(ch):g} points." if ch else ": no change.")
            + (" That is unlikely to be chance." if everyone_row["words"].startswith("Unlikely") else " That could be chance."),
            [link("benchmark")]))
    gap = _progression_change(previous.get("progression"), current_progression)
    if gap:
        out_table_gap, said = gap
        sentences.append(said)
    else:
        out_table_gap = None
    return {"table": out_table, "chart": out_chart if matches else None, "sentences": sentences, "mapping": question,
            "notices": notices, "gap_table": out_table_gap}


def _progression_change(prev: dict | None, now: dict | None) -> tuple[dict, dict] | None:
    def parts(p):
        try:
            return [(_count(p[k]["lower"]), _count(p[k]["known"])) for k in ("entry", "top")]
        except (TypeError, KeyError, ValueError):
            return None
    if not prev or not now:
        return None
    a, b = parts(prev), parts(now)
    if not a or not b or any(x is None or n in (None, 0) for x, n in a + b):
        return (table("change-progression", "Change in the progression gap", [("measure", "Measure"), ("value", "Value")],
                      [{"measure": "Change in the progression gap (points)", "value": SUPPRESSED}]),
                sentence("The change in the progression gap cannot be shown: a top or entry level figure is hidden in one of the years."))
    gap = lambda s: 100 * (s[0][0] / s[0][1] - s[1][0] / s[1][1])  # noqa: E731  entry minus top, in points
    var = lambda s: sum((x / n) * (1 - x / n) / n for x, n in s) * 10_000  # noqa: E731
    before, after = gap(a), gap(b)
    change = after - before
    se = math.sqrt(var(a) + var(b))
    p = math.erfc(abs(change) / se / math.sqrt(2)) if se else 1.0
    words = "Unlikely to be chance" if p < ALPHA else "Could be chance"
    rows = [{"measure": "Progression gap last year (points)", "value": round(before, 1)},
            {"measure": "Progression gap this year (points)", "value": round(after, 1)},
            {"measure": "Change (points)", "value": round(change, 1)},
            {"measure": "p-value", "value": round(p, 4)},
            {"measure": "Is it a real change? (5% level)", "value": words}]
    trend = "narrowed" if change < 0 else "widened" if change > 0 else "did not change"
    said = (f"The progression gap {trend} from {round(before, 1):g} to {round(after, 1):g} points"
            + (f" ({abs(round(change, 1)):g} points)." if change else ".")
            + (" That is unlikely to be chance." if p < ALPHA else " That could be chance."))
    return (table("change-progression", "Change in the progression gap", [("measure", "Measure"), ("value", "Value")], rows,
                  note="The progression gap is the lower-SEB share at the entry level minus the share at the top level. The p-value "
                       "is from a normal approximation to the difference between the two years' gaps.", decimals={"value": None}),
            sentence(said, [link("progression")]))
