"""Where the SEB answers are grouped: from an answer (option text, short name or code 1 to 9)
to professional, intermediate or lower background, or "unknown".

The grouping is data, in content/data/seb_question.yml (content["seb"]), so maintainers can
correct it without touching code. Every result shows the grouping it used (`grouping_rows`).
"""
from __future__ import annotations

import re
from typing import Mapping

from calculators.core.record import record

# The groups every calculator counts, in order: the one list of them in code (the count columns are
# built on it). content/data/seb_question.yml names and describes them (their labels come from
# there), and the build fails unless it lists exactly these ids (generator.content.data_checks).
GROUPS = ("professional", "intermediate", "lower")
UNKNOWN = "unknown"  # counted, but left out of percentages (options 8 and 9, and blank answers)
GROUP_LABELS = {UNKNOWN: "Not known"}  # the others' labels are the content's

# Column names under which files hold the answer (matched ignoring case, spaces, _ and -).
ANSWER_HEADERS = ("response", "seb", "seb answer", "occupation", "main earner occupation", "parental occupation",
                  "household earner occupation", "socio-economic background", "socioeconomic background", "background")

_CODE = re.compile(r"^0*([1-9])(?:\.0+)?$")
_CODE_PREFIX = re.compile(r"^\s*\(?0*([1-9])\s*[.):=\-]\s*\S")
_PREFIX_MIN = 8  # a known text this long or longer may start a longer answer ("... such as: teacher")


def normalise_answer(text: str) -> str:
    """An answer for matching: case, punctuation and spacing ignored; "&" reads as "and"."""
    text = text.casefold().replace("\u2019", "'").replace("\u2018", "'").replace("&", " and ")
    text = re.sub(r"'", "", text)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


@record(frozen=True)
class Grouping:
    """The answer grouping read from content["seb"]."""

    question: str
    options: tuple[Mapping, ...]
    labels: Mapping[str, str]  # group id -> label, including UNKNOWN
    note: str
    _lookup: Mapping[str, str]
    _prefixes: tuple[tuple[str, str], ...]

    def group_of(self, answer: str) -> str | None:
        """The group of an answer, UNKNOWN for blank and "other"/"prefer not to say" answers,
        or None when the answer is not recognised."""
        key = normalise_answer(answer)
        if not key:
            return UNKNOWN
        found = self._lookup.get(key)
        if found:
            return found
        code = _CODE.match(key) or _CODE_PREFIX.match(answer)
        if code:
            return self._lookup.get(code.group(1))
        for marker in (" such as ", " e g ", " for example "):  # "Other such as: retired, ..."
            if marker in key and self._lookup.get(key.split(marker, 1)[0]):
                return self._lookup[key.split(marker, 1)[0]]
        groups = {group for prefix, group in self._prefixes if key.startswith(prefix + " ")}
        return groups.pop() if len(groups) == 1 else None

    def codes(self, group: str) -> str:
        """The answer codes in a group, in words: "1 and 2", "4 to 6", "1, 3 and 5"."""
        found = sorted({int(o["code"]) for o in self.options if o.get("group") == group and str(o.get("code", "")).isdigit()})
        if len(found) >= 3 and found == list(range(found[0], found[-1] + 1)):
            return f"{found[0]} to {found[-1]}"
        return " and ".join(filter(None, [", ".join(map(str, found[:-1])), *map(str, found[-1:])]))

    def in_words(self) -> str:
        """Which options are in which group, as the results say it: "options 1 and 2 are
        professional, 3 and 7 intermediate, 4 to 6 lower" (from the content's grouping and labels)."""
        parts = [(self.codes(g), self.labels.get(g, g).lower()) for g in GROUPS if self.codes(g)]
        return "options " + ", ".join(f"{codes} {'are ' if n == 0 else ''}{label}" for n, (codes, label) in enumerate(parts))

    def rows(self) -> list[dict]:
        """The grouping as table rows (code, answer, group), for showing with every result."""
        return [{"code": o["code"], "answer": o["text"], "short": o.get("short", ""),
                 "group": self.labels.get(o["group"], o["group"]) + ("" if o["group"] in GROUPS else ": left out of percentages")}
                for o in self.options]


def grouping_from(content: Mapping) -> Grouping:
    """Build the lookup from content["seb"]. ValueError if the data gives one answer two groups."""
    seb = content.get("seb") or {}
    options = tuple(seb.get("options") or ())
    if not options:
        raise ValueError("The content data has no SEB answer options (content/data/seb_question.yml)")
    labels = dict(GROUP_LABELS)
    for g in seb.get("groups") or ():
        labels[g["id"]] = g.get("label", g["id"])
    lookup: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []

    def add(name: object, group: str) -> None:
        key = normalise_answer(str(name))
        if not key:
            return
        if lookup.get(key, group) != group:
            raise ValueError(f"The SEB grouping gives \u201c{name}\u201d two groups: {lookup[key]} and {group}")
        lookup[key] = group
        if len(key) >= _PREFIX_MIN and not key.isdigit():
            prefixes.append((key, group))

    for o in options:
        group = o["group"]
        for name in [o["code"], o.get("text"), o.get("short"), *(o.get("aliases") or ())]:
            if name not in (None, ""):
                add(name, group)
    for g in seb.get("groups") or ():
        for name in [g["id"], g.get("label"), *(g.get("aliases") or ())]:
            if name:
                add(name, g["id"])
    return Grouping(question=seb.get("question", ""), options=options, labels=labels, note=seb.get("note", ""),
                    _lookup=lookup, _prefixes=tuple(sorted(set(prefixes))))
