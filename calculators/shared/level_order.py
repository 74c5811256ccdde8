"""Which level is the most senior: recognising how published tables name their levels.

Published tables often list levels junior first (Civil Service grades from AA to SCS, pay
quartiles from the lower quartile up). Taking the first row as the most senior would reverse the
progression gap, so the order is never guessed silently:

- a level naming scheme is recognised when every level fits it: pay quartiles by name or number,
  Civil Service grades, NHS Agenda for Change bands, numbered bands or grades, or words of
  seniority (board, director, manager, junior, entry...);
- levels named in two schemes at once ("Q1" beside "Upper quartile") are refused, naming both;
- otherwise the order of the input is kept, and the result says it was not confirmed.

`confirmed` is False when the order rests on an assumption nobody confirmed (the order rows
happened to appear in a file, or the direction of plain numbers), so the wording can say so.
Pure: no I/O. The schemes are data below, each with the convention it states.
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

from calculators.core.record import field, record
from calculators.core.spec import InputError


# Column names under which files hold the level (matched ignoring case, spaces, _ and -).
LEVEL_HEADERS = ("grade", "band", "job level", "seniority", "pay quartile", "quartile", "level name", "grade or level")


@record
class LevelOrder:
    """Levels most senior first, and how that order was arrived at."""

    levels: list
    basis: str  # "yours", "recognised", "numbered" or "as given"
    scheme: str = ""  # the naming scheme recognised, in words
    convention: str = ""  # the convention applied, in words, when the scheme has one
    confirmed: bool = True
    not_levels: list = field(default_factory=list)  # "Unknown", "Prefer not to say": kept last, never the entry level

    @property
    def ranked(self) -> list:
        """The levels that are levels: the top is the first, the entry level the last."""
        return [name for name in self.levels if name not in self.not_levels]


_NOT_A_LEVEL = re.compile(r"^(?:not known|unknown|other|not stated|not given|prefer not to say|missing|blank|none|n/?a|"
                          r"unclassified|not recorded|no (?:grade|level|band))(?: (?:grade|level|band|quartile)s?)?$")


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^\w/+&]+", " ", name.casefold()).split())


# --- Pay quartiles ------------------------------------------------------------------------------
# Names as in gender pay gap reports (GOV.UK's service): lower, lower middle, upper middle, upper.
_QUARTILE_WORDS = (
    (r"\b(?:upper|top|highest)[ -]?middle\b|\bsecond highest\b", 3),
    (r"\blower[ -]?middle\b|\bsecond lowest\b", 2),
    (r"\b(?:upper|top|highest)\b", 4),
    (r"\b(?:lower|bottom|lowest)\b", 1),
)
_QUARTILE_NUMBER = r"\bq([1-4])\b|\bquartile ([1-4])\b|\b([1-4])(?:st|nd|rd|th)? (?:pay )?quartile\b|\b(first|second|third|fourth) (?:pay )?quartile\b"
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _quartile_parts(key: str) -> tuple[int | None, int | None] | None:
    """(rank from words, 4 = upper; number as written) of a quartile's name, or None."""
    number_match = re.search(_QUARTILE_NUMBER, key)
    word_ok = "quartile" in key or number_match or re.fullmatch(r"(?:upper|lower|top|bottom)(?: middle)?(?: pay)?", key)
    word = next((rank for pattern, rank in _QUARTILE_WORDS if re.search(pattern, key)), None) if word_ok else None
    number = None
    if number_match:
        found = next(g for g in number_match.groups() if g)
        number = _ORDINALS.get(found) or int(found)
    return (word, number) if word or number else None


def _quartiles(keys: Sequence[str]) -> tuple[list[float], str] | None:
    """Ranks (4 = upper) and the convention applied, when every level names a pay quartile.

    Numbers alone follow the usual convention (quartile 1 is the lowest paid) unless a level
    that has both a number and words says otherwise; levels named only by number beside others
    named only in words are refused (which way do the numbers run?)."""
    parts = [_quartile_parts(k) for k in keys]
    if any(p is None for p in parts):
        return None
    both = {(w, n) for w, n in parts if w and n}  # type: ignore[misc]
    upwards = all(w == n for w, n in both)
    downwards = bool(both) and all(w == 5 - n for w, n in both)
    if both and not (upwards or downwards):
        return None
    if not both and any(w and not n for w, n in parts) and any(n and not w for w, n in parts):
        raise _Mixed("pay quartiles named in words", "pay quartiles numbered",
                     [k for k, (w, n) in zip(keys, parts) if w], [k for k, (w, n) in zip(keys, parts) if n])
    number_rank = (lambda n: 5 - n) if downwards else (lambda n: n)
    ranks = [float(w if w else number_rank(n)) for w, n in parts]  # type: ignore[arg-type]
    if all(w for w, _ in parts):
        convention = "The upper quartile is taken as the top and the lower quartile as the entry level."
    elif downwards:
        convention = "Quartile 1 is taken as the highest paid, as your level names say."
    else:
        convention = ("Quartile 1 is taken as the lowest paid and quartile 4 as the highest paid, as in most pay gap "
                      "reports. If your quartile 1 is the highest paid, reverse the order.")
    return ranks, convention


class _Mixed(Exception):
    def __init__(self, first: str, second: str, in_first: list[str], in_second: list[str]):
        super().__init__(first)
        self.first, self.second, self.in_first, self.in_second = first, second, in_first, in_second


# --- UK Civil Service grades --------------------------------------------------------------------
_CIVIL_SERVICE = {
    "aa": 1, "administrative assistant": 1, "ao": 2, "administrative officer": 2, "eo": 3, "executive officer": 3,
    "heo": 4, "higher executive officer": 4, "seo": 5, "senior executive officer": 5, "g7": 6, "grade 7": 6,
    "g6": 7, "grade 6": 7, "scs": 8, "senior civil service": 8, "scs1": 8, "scs pb1": 8, "scs 1": 8, "deputy director": 8,
    "scs2": 9, "scs pb2": 9, "scs 2": 9, "director": 9, "scs3": 10, "scs pb3": 10, "scs 3": 10, "director general": 10,
    "scs4": 11, "scs 4": 11, "permanent secretary": 11,
}


def _civil_service(key: str) -> float | None:
    parts = [p.strip() for p in re.split(r"/|&|\band\b|\bto\b|,", key) if p.strip()]
    ranks = []
    for part in parts:
        part = re.sub(r"^grades? (?=\d)", "grade ", part)
        if part not in _CIVIL_SERVICE and re.fullmatch(r"[67]", part):
            part = f"g{part}"  # "G7/6"
        if part not in _CIVIL_SERVICE:
            return None
        ranks.append(_CIVIL_SERVICE[part])
    if not ranks or not any(re.search(r"\b(?:aa|ao|eo|heo|seo|g[67]|grade [67]|scs|officer|civil service)\b", p) for p in parts):
        return None  # "director" alone is a word of seniority, not a grade
    return sum(ranks) / len(ranks)


# --- NHS Agenda for Change bands ----------------------------------------------------------------
def _nhs_band(key: str) -> float | None:
    m = re.fullmatch(r"(?:afc |agenda for change |nhs )?band ([1-9])([a-d])?", key)
    if not m or (m.group(2) and m.group(1) != "8"):
        return None
    return int(m.group(1)) + ("abcd".index(m.group(2)) * 0.25 if m.group(2) else 0)


def _numbered(key: str) -> float | None:
    m = re.fullmatch(r"(?:band|grade|level|tier|pay band|job level|step|l|b|g)\s?(\d{1,2})([a-d])?", key)
    return int(m.group(1)) + ("abcd".index(m.group(2)) * 0.25 if m.group(2) else 0) if m else None


# --- Words of seniority -------------------------------------------------------------------------
# First match wins, so longer phrases come first. Ranks only order levels; they mean nothing else.
_SENIORITY = (
    (r"\bnon[- ]?executive\b|\bboard\b|\bchair(?:man|woman|person)?\b|\btrustees?\b", 10),
    (r"\bexecutive (?:committee|team|board|leadership)\b|\bexco\b|\bc[- ]?suite\b|\bchief\b|\bc[efot]o\b|"
     r"\bmanaging director\b|\bpartners?\b|\bsenior leaders?(?:hip)?\b|\b(?:slt|elt)\b|\bleadership team\b|\bexecutives?\b", 9),
    (r"\bassociate directors?\b", 7.5),
    (r"\bdirectors?\b|\bvice[- ]presidents?\b|\bvps?\b", 8),
    (r"\bheads?(?: of)?\b", 7),
    (r"\bsenior managers?\b|\bsenior management\b", 6.5),
    (r"\bmiddle managers?\b|\bmiddle management\b", 6),
    (r"\bjunior managers?\b|\bfirst[- ]line managers?\b", 5.5),
    (r"\bmanag(?:ers?|ement)\b", 6),
    (r"\bteam leaders?\b|\bsupervisors?\b|\bleads?\b|\bforem[ae]n\b", 5),
    (r"\bmiddle\b|\bmid(?:[- ]level)?\b|\bintermediate\b", 5),
    (r"\bprofessionals?\b|\bspecialists?\b|\bofficers?\b|\bassociates?\b|\banalysts?\b|\bconsultants?\b|\bexperienced\b|"
     r"\bskilled\b|\bqualified\b", 4),
    (r"\bassistants?\b|\badministrators?\b|\boperatives?\b|\bfront[- ]?line\b|\bstaff\b|\bteam members?\b|\bworkers?\b|"
     r"\bclerical\b|\bsupport\b|\bcolleagues?\b|\bemployees?\b", 3),
    (r"\bentry(?:[- ]level)?\b|\btrainees?\b|\bgraduates?\b|\bapprentices?(?:hips?)?\b|\binterns?\b|\bnew starters?\b|"
     r"\bearly careers?\b|\bstarters?\b", 2),
    (r"\bsenior\b", 5.6),
    (r"\bjunior\b", 4.4),
)
_MODIFIERS = ((r"\bsenior\b", 0.6), (r"\bjunior\b", -0.6), (r"\bprincipal\b|\blead\b", 0.8))


def _seniority(key: str) -> float | None:
    for pattern, rank in _SENIORITY:
        m = re.search(pattern, key)
        if m:
            rest = key[:m.start()] + " " + key[m.end():]
            return rank + sum(step for mod, step in _MODIFIERS if re.search(mod, rest))
    return None


def _each(rank: Callable[[str], "float | None"], convention: str, needs: str = ""):
    """A scheme that ranks each level on its own; `needs`: words at least one level must have."""
    def ranks(keys: Sequence[str]) -> tuple[list[float], str] | None:
        if needs and not any(re.search(needs, k) for k in keys):
            return None
        found = [rank(k) for k in keys]
        return None if any(r is None for r in found) else (found, convention)  # type: ignore[return-value]
    return ranks


# (the scheme in words, whether it says which way its levels run, its ranks and convention)
SCHEMES = (
    ("pay quartiles", True, _quartiles),
    ("Civil Service grades", True, _each(_civil_service, "From the Senior Civil Service down to administrative assistants (AA).")),
    ("NHS Agenda for Change bands", True, _each(_nhs_band, "Higher bands are more senior.",
                                                r"\b(?:nhs|afc|agenda for change)\b|\bband 8[a-d]\b")),
    ("numbered bands or grades", False, _each(_numbered, "Higher numbers are taken as more senior. If your band or grade 1 "
                                                         "is the most senior, reverse the order.")),
    ("words of seniority", True, _each(_seniority, "Board, executive and director levels are taken as more senior than "
                                                   "managers, and managers than staff, assistants and entry levels.")),
)


def recognise(levels: Sequence[str], field_name: str = "level_order") -> tuple[str, str, bool, list[str]] | None:
    """(scheme, convention, whether the scheme says which way it runs, levels most senior first),
    or None when no scheme fits every level with no two levels level-pegging. Raises InputError
    when levels are named in two ways at once, such as "Q1" beside "Upper quartile"."""
    if len(levels) < 2:
        return None
    keys = [_key(name) for name in levels]
    for scheme, known, ranks_of in SCHEMES:
        try:
            found = ranks_of(keys)
        except _Mixed as mixed:
            names = dict(zip(keys, levels))
            raise InputError(field_name, (
                f"Your levels are named in two ways at once: {_names([names[k] for k in mixed.in_first])} as "
                f"{mixed.first}, and {_names([names[k] for k in mixed.in_second])} as {mixed.second}. We cannot tell which "
                "level is the most senior. Name them one way, or list every level from the most senior to the entry level "
                "in \u201cOrder of levels\u201d (on the command line: --set level_order=\"A, B, C\").")) from None
        if found is None:
            continue
        ranks, convention = found
        if len(set(ranks)) != len(ranks):
            continue
        ordered = [name for _, name in sorted(zip(ranks, levels), key=lambda p: -p[0])]
        return scheme, convention, known, ordered
    return None


def _names(names: Sequence[str]) -> str:
    quoted = [f"\u201c{n}\u201d" for n in names[:4]]
    return ", ".join(quoted) + (f" and {len(names) - 4} more" if len(names) > 4 else "")


def order_levels(levels: Sequence[str], given_order: Sequence[str] | None, ordered_by_user: bool,
                 field_name: str = "level_order") -> LevelOrder:
    """The levels most senior first. `given_order`: the user's own "Order of levels", already
    matched to the level names; `ordered_by_user`: the levels come in an order the user was asked
    for (the form's rows, "most senior first")."""
    aside = [name for name in levels if _NOT_A_LEVEL.match(_key(name))]
    levels = [name for name in levels if name not in aside]
    if given_order:
        return LevelOrder(levels=[n for n in given_order if n not in aside] + aside, basis="yours", not_levels=aside)
    found = recognise(levels, field_name)
    if found:
        scheme, convention, known, ordered = found
        return LevelOrder(levels=ordered + aside, basis="recognised" if known else "numbered", scheme=scheme,
                          convention=convention, confirmed=known, not_levels=aside)
    return LevelOrder(levels=levels + aside, basis="as given", confirmed=ordered_by_user or len(levels) < 2, not_levels=aside)
