"""Peer benchmarking without sharing raw data.

1. Export. Each organisation's representation gap result offers a benchmark file: the
   professional, intermediate and lower shares (whole percentages) of each level where every one
   of the three groups has at least the threshold number of people, with the organisation's chosen
   label and the date. No count, no row, nothing about a level left out; and the "All levels"
   shares only when no level was left out, so that nothing left out can be worked out by
   subtracting the levels shown from everyone.
2. Combine. A convener loads at least MIN_FIRMS such files on this calculator's page (in the
   browser, like everything else) and gets a sector benchmark: per level, the number of firms and
   the median and quartiles of their shares. A level with fewer than MIN_FIRMS firms is not
   published.
3. Use. Any organisation loads the sector file in the representation gap calculator as its
   benchmark (the median shares across everyone).

One format for both files, versioned and described by FORMAT_SCHEMA (JSON Schema), published on
the site as assets/tk/peer-benchmark.schema.json.
"""
from __future__ import annotations

import json
import math
from statistics import median, quantiles
from typing import Sequence

from calculators.core.result import download, result, sentence, table
from calculators.core.spec import CalculatorSpec, Input, InputError, Output
from calculators.shared.seb import GROUPS

ID = "peer-benchmark"
FORMAT = "toolkit-peer-benchmark"
VERSION = 1
MIN_FIRMS = 5
MIN_THRESHOLD = 10  # the smallest threshold an organisation's file may have been made with
EVERYONE = "All levels"
SUM_TOLERANCE = 1  # whole percentages rounded so they add up to 100; a sector's medians need not

_SHARES = {"type": "object", "required": list(GROUPS), "additionalProperties": False,
           "properties": {g: {"type": "number", "minimum": 0, "maximum": 100} for g in GROUPS}}
FORMAT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "peer-benchmark.schema.json",
    "title": "Peer benchmark file (socio-economic background shares by level)",
    "description": ("Made by the representation gap calculator (kind \"organisation\": one organisation's protected shares) or "
                    "by the peer benchmark calculator (kind \"sector\": medians and quartiles of at least 5 organisations' "
                    "shares). It never holds a count or a row."),
    "type": "object",
    "required": ["format", "version", "kind", "label", "date", "levels"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": FORMAT},
        "version": {"type": "integer", "minimum": 1, "description": f"This is version {VERSION}."},
        "kind": {"enum": ["organisation", "sector"]},
        "label": {"type": "string", "maxLength": 80, "description": "The organisation's or the sector group's chosen name."},
        "date": {"type": "string", "maxLength": 40, "description": "When the data was collected, as the organisation wrote it."},
        "threshold": {"type": "integer", "minimum": MIN_THRESHOLD,
                      "description": "Organisation files: no group smaller than this is in the file."},
        "firms": {"type": "integer", "minimum": MIN_FIRMS, "description": "Sector files: how many organisations' files were combined."},
        "levels": {"type": "array", "items": {
            "type": "object", "required": ["name", "shares"], "additionalProperties": False,
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 80},
                "shares": {**_SHARES, "description": "Percentages of known answers. Organisation files: whole numbers adding up to 100. "
                                                     "Sector files: the median of the organisations' shares."},
                "firms": {"type": "integer", "minimum": MIN_FIRMS, "description": "Sector files: organisations with this level."},
                "quartiles": {"type": "object", "required": list(GROUPS), "additionalProperties": False,
                              "properties": {g: {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
                                             for g in GROUPS},
                              "description": "Sector files: the lower and upper quartile of the organisations' shares."},
            }}},
    },
}


def _key(name: str) -> str:
    return " ".join(str(name).casefold().split())


def whole_shares(counts: Sequence[int]) -> dict[str, int]:
    """Whole percentages that add up to 100 (largest remainder; ties to the earlier group)."""
    total = sum(counts)
    exact = [100 * c / total for c in counts]
    out = [math.floor(e) for e in exact]
    for i in sorted(range(len(counts)), key=lambda i: (-(exact[i] - out[i]), i))[:100 - sum(out)]:
        out[i] += 1
    return dict(zip(GROUPS, out))


def export(label: str, date: str, threshold: int, levels: Sequence[tuple[str, Sequence[int], bool]]) -> tuple[str, list[str]]:
    """An organisation's benchmark file from its (level, [professional, intermediate, lower], shown)
    counts, most senior first; `shown` is False when the result hides any of the level's shares
    (to protect a small group elsewhere), so the file shows nothing the screen does not. Returns
    the file's text and the levels left out."""
    kept, left_out = [], []
    for name, counts, shown in levels:
        groups = counts[:len(GROUPS)]  # a "not known" count after the groups is not part of the shares
        if shown and all(c >= threshold for c in groups):
            kept.append({"name": name, "shares": whole_shares(groups)})
        else:
            left_out.append(name)
    if not left_out and kept:
        everyone = [sum(c[i] for _, c, _ in levels) for i in range(3)]
        kept.append({"name": EVERYONE, "shares": whole_shares(everyone)})
    doc = {"format": FORMAT, "version": VERSION, "kind": "organisation", "label": label or "Our organisation",
           "date": date, "threshold": max(threshold, MIN_THRESHOLD), "levels": kept}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n", left_out


def read(text: str, field: str, what: str, kind: str) -> dict:
    """A peer benchmark file of the given kind, checked; or an InputError saying what to do."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        raise InputError(field, f"{what} is not a benchmark file: it is not JSON.") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError(field, f"{what} is not a peer benchmark file made by this toolkit.")
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InputError(field, f"{what} has no format version, so it cannot be read. Make it again.")
    if version > VERSION:
        raise InputError(field, f"{what} was made by a newer version of this toolkit (benchmark format {version}); this "
                                f"version reads format {VERSION} and older. Use the newest version of the toolkit.")
    if doc.get("kind") != kind:
        wanted = ("an organisation's benchmark file (from the representation gap calculator)" if kind == "organisation"
                  else "a sector benchmark file (from the peer benchmark calculator)")
        found = {"organisation": "an organisation's file", "sector": "a sector file"}.get(doc.get("kind"), "another kind of file")
        raise InputError(field, f"{what} is {found}; this needs {wanted}.")
    threshold = doc.get("threshold")
    if kind == "organisation" and (isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < MIN_THRESHOLD):
        raise InputError(field, f"{what} was made with groups smaller than {MIN_THRESHOLD} people (threshold {threshold!r}), "
                                f"so it is not combined. Ask for a file made with a threshold of {MIN_THRESHOLD} or more.")
    levels = doc.get("levels")
    if not isinstance(levels, list) or not levels:
        raise InputError(field, f"{what} has no levels in it.")
    out = []
    for n, level in enumerate(levels, start=1):
        name = level.get("name") if isinstance(level, dict) else None
        shares = level.get("shares") if isinstance(level, dict) else None
        if not isinstance(name, str) or not name.strip() or not isinstance(shares, dict):
            raise InputError(field, f"{what} is damaged: level {n} has no name or no shares.")
        values = [shares.get(g) for g in GROUPS]
        if any(isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 100 for v in values):
            raise InputError(field, f"{what}: the shares of \u201c{name}\u201d must be percentages from 0 to 100.")
        if kind == "organisation":
            if abs(sum(values) - 100) > SUM_TOLERANCE:
                raise InputError(field, f"{what}: the shares of \u201c{name}\u201d add up to {sum(values):g}, not 100. "
                                        "Make the file again from the representation gap calculator.")
            if min(values) <= 0:
                raise InputError(field, f"{what}: \u201c{name}\u201d has a group of 0%, which means a group below the "
                                        "threshold is in the file. Make the file again from the representation gap calculator.")
        out.append({"name": " ".join(name.split()), "shares": dict(zip(GROUPS, values)), "firms": level.get("firms")})
    return {"label": str(doc.get("label") or ""), "date": str(doc.get("date") or ""), "levels": out,
            "firms": doc.get("firms"), "threshold": threshold}


def split_files(value: str) -> list[tuple[str, str]]:
    """The files the page read: a JSON list of {"name", "text"}, or one file's text."""
    try:
        files = json.loads(value)
    except (ValueError, RecursionError):
        return [("the file", value)]
    if isinstance(files, list) and all(isinstance(f, dict) and isinstance(f.get("text"), str) for f in files):
        return [(str(f.get("name") or f"file {i}"), f["text"]) for i, f in enumerate(files, start=1)]
    return [("the file", value)]


def _quartiles(values: list[float]) -> list[float]:
    q = quantiles(values, n=4, method="inclusive")
    return [round(q[0], 1), round(q[2], 1)]


def combine(files: Sequence[tuple[str, str]], label: str, date: str) -> tuple[dict, list[str], list[str]]:
    """The sector benchmark from organisations' files. Returns the sector file, the levels not
    published (fewer than MIN_FIRMS firms) and notes."""
    if len(files) < MIN_FIRMS:
        raise InputError("files", f"A sector benchmark needs the files of at least {MIN_FIRMS} organisations; you gave "
                                  f"{len(files)}. With fewer, one organisation's figures could be worked out from the result. "
                                  "Add the other organisations' files and select Calculate again.")
    firms = [read(text, "files", f"The file {name}", "organisation") for name, text in files]
    notes = []
    labels = [f["label"] for f in firms]
    repeated = sorted({x for x in labels if labels.count(x) > 1})
    if repeated:
        notes.append(f"More than one file has the label {', '.join(chr(8220) + r + chr(8221) for r in repeated)}. Check that "
                     "no organisation's file was added twice.")
    order: list[str] = []
    names: dict[str, str] = {}
    by_level: dict[str, list[dict]] = {}
    for firm in firms:
        for level in firm["levels"]:
            key = _key(level["name"])
            if key not in names:
                names[key] = level["name"]
                order.append(key)
            by_level.setdefault(key, []).append(level["shares"])
    order.sort(key=lambda k: k == _key(EVERYONE))  # everyone last
    published, refused = [], []
    for key in order:
        shares = by_level[key]
        if len(shares) < MIN_FIRMS:
            refused.append(f"{names[key]} ({len(shares)} firm{'s' if len(shares) != 1 else ''})")
            continue
        published.append({"name": names[key], "firms": len(shares),
                          "shares": {g: round(median(s[g] for s in shares), 1) for g in GROUPS},
                          "quartiles": {g: _quartiles([s[g] for s in shares]) for g in GROUPS}})
    doc = {"format": FORMAT, "version": VERSION, "kind": "sector", "label": label or "Sector benchmark", "date": date,
           "firms": len(firms), "levels": published}
    return doc, refused, notes


def run(values: dict, content: dict) -> dict:
    files = split_files(values.get("files") or "")
    label = " ".join(str(values.get("label") or "").split())
    date = " ".join(str(values.get("date") or "").split())
    doc, refused, notes = combine(files, label, date)
    rows = [{"name": lv["name"], "firms": lv["firms"],
             **{g: lv["shares"][g] for g in GROUPS},
             **{f"{g}_q": f"{lv['quartiles'][g][0]:g} to {lv['quartiles'][g][1]:g}" for g in GROUPS}} for lv in doc["levels"]]
    cols = [("name", "Level"), ("firms", "Firms")]
    for g in GROUPS:
        cols += [(g, f"{g.capitalize()}: median (%)"), (f"{g}_q", "Middle half of firms (%)")]
    summary = [sentence(f"The sector benchmark combines {doc['firms']} organisations' files: {len(doc['levels'])} level"
                        f"{'s' if len(doc['levels']) != 1 else ''} published, each with the median and quartiles of the firms' shares.",
                        [("Benchmark against your area and sector", SPEC.links["benchmark"])])]
    everyone = next((lv for lv in doc["levels"] if _key(lv["name"]) == _key(EVERYONE)), None)
    if everyone:
        summary.append(sentence(f"Across everyone, the median firm has {everyone['shares']['lower']:g}% of people from lower SEB "
                                f"(the middle half of firms: {everyone['quartiles']['lower'][0]:g}% to {everyone['quartiles']['lower'][1]:g}%)."))
    notices = [sentence(n) for n in notes]
    if refused:
        notices.append(sentence(f"Not published, because fewer than {MIN_FIRMS} firms have them: " + "; ".join(refused) + "."))
    if not everyone:
        notices.append(sentence(f"\u201c{EVERYONE}\u201d is not published (fewer than {MIN_FIRMS} firms gave it), so organisations "
                                "cannot use this file as their overall benchmark yet."))
    notices.append(sentence("Each organisation's file holds only rounded shares of groups of at least the threshold, and no counts; "
                            f"this page shows only medians and quartiles of levels with at least {MIN_FIRMS} firms."))
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    return result(summary=summary, notices=notices,
                  tables=[table("sector", "Sector benchmark by level", cols, rows,
                                note="Shares are percentages of people whose background is known. The medians of the three "
                                     "groups need not add up to 100.")],
                  downloads=[download("sector-benchmark.json", "application/json", text, "Download the sector benchmark (JSON)")])


SPEC = CalculatorSpec(
    id=ID,
    title="Peer benchmark combiner",
    summary="Combine organisations' benchmark files into a sector benchmark, without anyone sharing their raw data.",
    description=(
        "For a convener of a sector group. Each organisation makes a benchmark file with the representation gap calculator "
        "(\u201cExport a benchmark file for your sector group\u201d): it holds only rounded shares of groups of at least the "
        f"threshold, never counts or rows. Load at least {MIN_FIRMS} such files here. The result is the median and quartiles of "
        f"the firms' shares at each level with at least {MIN_FIRMS} firms, which any member can load as its benchmark. "
        "Everything is worked out in your browser: no file leaves your computer."),
    inputs=(
        Input("files", "file", "Organisations' benchmark files", multiple=True, accept=(".json",), max_bytes=20 * 1024 * 1024,
              hint=f"Choose at least {MIN_FIRMS} files at once (hold Ctrl or Command to choose several)."),
        Input("label", "text", "Name of the sector benchmark", hint="For example \u201cFinancial services members, 2026\u201d.",
              required=False, max_length=80),
        Input("date", "text", "Date of the data (optional)", hint="For example \u201c2026\u201d.", required=False, max_length=40),
    ),
    outputs=(
        Output("summary", "summary", "What the sector benchmark says"),
        Output("notices", "notices", "Levels not published, and how the figures are protected"),
        Output("tables", "table", "Median and quartiles of the firms' shares by level"),
        Output("downloads", "download", "The sector benchmark file (JSON)"),
    ),
    run=run,
    method=f"""
- **Each organisation's file** holds, for each level where professional, intermediate and lower each have at least the
  threshold number of people (never below {MIN_THRESHOLD}), the three shares as whole percentages adding up to 100; and
  everyone's shares only when no level was left out. No counts and no rows.
- **The sector benchmark** gives, for each level named alike in at least {MIN_FIRMS} files (ignoring case and spacing), the
  number of firms, the median of their shares and the lower and upper quartiles (the middle half of firms). Levels in fewer
  files are not published.
- **The format** is versioned and described by a [JSON Schema](../assets/tk/peer-benchmark.schema.json).
""",
    cli_file_input="files",
    links={"benchmark": "intervention:benchmark-against-your-area-and-sector"},
)
