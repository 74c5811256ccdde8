"""Checks of the data files under content/data/ (benchmarks, the SEB question, claims, advert rules)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from generator.content.errors import ContentError, did_you_mean

if TYPE_CHECKING:
    from generator.content.loader import Parsed

GROUPS = ("professional", "intermediate", "lower")
# Sections of the author guide (site_templates/pages/authors.md) that error messages send authors
# to; tests check each is a heading of the built guide.
GUIDE_DATA_FILES = "Data files"
GUIDE_ADVERT_RULES = "Job-advert rules"
CURLY_QUOTES = "\u201c\u201d\u2018\u2019"


def _section(p: "Parsed", key: str, errors: list[ContentError], kind: type) -> object:
    value = p.data.get(key) if isinstance(p.data, dict) else None
    if not isinstance(value, kind):
        errors.append(ContentError(p.path, 1, key, f"the file has no \u201c{key}:\u201d section of the right shape",
                                   f"Start the file with \u201c{key}:\u201d as the section \u201c{GUIDE_DATA_FILES}\u201d of the author guide shows."))
        return None
    return value


def check_benchmarks(p: "Parsed", errors: list[ContentError]) -> None:
    items = _section(p, "benchmarks", errors, list)
    if items is None:
        return
    defaults = 0
    for i, b in enumerate(items):
        key, name = f"benchmarks[{i}]", f"benchmark {i + 1}"
        if not isinstance(b, dict):
            errors.append(ContentError(p.path, p.line(key), name, "is not a set of fields", "Give it an id, label, shares, date, definition and source."))
            continue
        for field in ("id", "label", "date", "definition", "source", "shares"):
            if not b.get(field):
                errors.append(ContentError(p.path, p.line(key), f"{name}.{field}", f"{name} has no {field}",
                                           "Every benchmark needs its source, date and definition, so readers know what they compare against."))
        shares = b.get("shares") or {}
        if isinstance(shares, dict) and shares:
            for g in GROUPS:
                v = shares.get(g)
                if not isinstance(v, (int, float)) or not 0 <= v <= 100:
                    errors.append(ContentError(p.path, p.line(f"{key}.shares.{g}") or p.line(f"{key}.shares"), f"{name}.shares.{g}",
                                               f"the {g} share is {v!r}; it must be a number from 0 to 100", "Give each share as a percentage."))
            total = sum(v for v in shares.values() if isinstance(v, (int, float)))
            if abs(total - 100) > 0.5:
                errors.append(ContentError(p.path, p.line(f"{key}.shares"), f"{name}.shares", f"the shares add up to {total:g}, not 100",
                                           "Correct the shares so professional, intermediate and lower add up to 100."))
        source = b.get("source")
        if isinstance(source, dict) and (not source.get("url") or not source.get("year")):
            errors.append(ContentError(p.path, p.line(f"{key}.source"), f"{name}.source", "the source has no link or no year",
                                       "Give the source a title, publisher, year and url."))
        defaults += bool(b.get("default"))
    if defaults != 1:
        errors.append(ContentError(p.path, p.line("benchmarks"), "default", f"{defaults} benchmarks are marked default; exactly one must be",
                                   "Put \u201cdefault: true\u201d on the benchmark to use when the reader chooses none."))


def check_seb(p: "Parsed", errors: list[ContentError]) -> None:
    seb = _section(p, "seb", errors, dict)
    if seb is None:
        return
    groups = {g.get("id") for g in seb.get("groups") or [] if isinstance(g, dict)}
    codes = []
    for i, option in enumerate(seb.get("options") or []):
        key = f"seb.options[{i}]"
        if not isinstance(option, dict) or not option.get("text"):
            errors.append(ContentError(p.path, p.line(key), f"option {i + 1}", "the option has no text", "Give each option its code, text and group."))
            continue
        codes.append(option.get("code"))
        if option.get("group") not in groups | {"unknown"}:
            errors.append(ContentError(p.path, p.line(f"{key}.group"), f"option {option.get('code')}.group", f"\u201c{option.get('group')}\u201d is not a group",
                                       f"Use one of: {', '.join(sorted(groups | {'unknown'}))}.{did_you_mean(option.get('group'), sorted(groups))}"))
    if sorted(c for c in codes if isinstance(c, int)) != list(range(1, 10)):
        errors.append(ContentError(p.path, p.line("seb.options"), "options", f"the options have codes {codes}; the headline question has codes 1 to 9",
                                   "List all nine answer options, each with its code."))


def check_claims(p: "Parsed", interventions: set[str], errors: list[ContentError]) -> None:
    claims = _section(p, "claims", errors, list)
    for i, claim in enumerate(claims or []):
        if not isinstance(claim, dict):
            continue
        for slug in claim.get("backed_by") or []:
            if slug not in interventions:
                errors.append(ContentError(p.path, p.line(f"claims[{i}].backed_by"), f"claim {claim.get('id')}.backed_by",
                                           f"\u201c{slug}\u201d is not an intervention", f"Use an intervention file name.{did_you_mean(slug, sorted(interventions))}"))


def check_advert_rules(p: "Parsed", interventions: set[str], errors: list[ContentError]) -> None:
    """Bad patterns fail the build naming the rule and its line. The checks themselves live with
    the calculator (calculators.job_advert.rules.validate_rules), so both sides agree."""
    try:
        from calculators.job_advert.rules import validate_rules
    except ImportError:
        return
    rules = p.data.get("advert_rules") if isinstance(p.data, dict) else None
    for problem in validate_rules(rules):
        key = "advert_rules" + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in problem.path)
        fix = ("Correct the pattern (try it at the Python prompt with re.compile), or remove it."
               if re.match(r"(a )?pattern\b", problem.message) else
               f"Correct this entry as the message says; the section \u201c{GUIDE_ADVERT_RULES}\u201d of the author guide lists the fields of a rule.")
        errors.append(ContentError(p.path, p.line(key), f"rule {problem.rule}" if problem.rule else "advert_rules", problem.message, fix))
    for key, pattern in _patterns(rules):
        if any(q in pattern for q in CURLY_QUOTES):
            rule = re.match(r"rules\[(\d+)\]", key)
            entry = rules["rules"][int(rule.group(1))] if rule else None
            rid = entry.get("id") if isinstance(entry, dict) else None
            errors.append(ContentError(p.path, p.line("advert_rules." + key), f"rule {rid}" if rid else "advert_rules",
                                       f"the pattern {pattern!r} has curly quotes (\u201c \u201d \u2018 \u2019); adverts are matched with "
                                       "straight quotes, so it would never match",
                                       "Use straight quotes: put the pattern in single quotes, as in - 'degree required', and write "
                                       "an apostrophe inside it as two ('don''t')."))
    for i, rule in enumerate((rules or {}).get("rules") or [] if isinstance(rules, dict) else []):
        slug = rule.get("intervention") if isinstance(rule, dict) else None
        if slug and slug not in interventions:
            errors.append(ContentError(p.path, p.line(f"advert_rules.rules[{i}].intervention"), f"rule {rule.get('id')}.intervention",
                                       f"\u201c{slug}\u201d is not an intervention", f"Use an intervention file name.{did_you_mean(slug, sorted(interventions))}"))


def check_characteristics(p: "Parsed", errors: list[ContentError]) -> None:
    """The checks live with the calculators (calculators.shared.characteristics.problems), so both sides agree."""
    from calculators.shared.characteristics import problems

    section = p.data.get("characteristics") if isinstance(p.data, dict) else None
    for key, problem, fix in problems(section):
        errors.append(ContentError(p.path, p.line(key), key, problem, fix))


REQUIRED_DATA = {
    "seb_question": "the SEB question, its answer options and how they are grouped",
    "benchmarks": "the benchmarks the calculators compare against",
    "glossary": "the glossary",
    "claims": "the statements of the say/do practice check",
    "advert_rules": "the rules of the job-advert checker",
}


def _patterns(rules: object) -> list[tuple[str, str]]:
    """(key, text) of every regular expression or word list entry in the advert rules."""
    found: list[tuple[str, str]] = []

    def walk(value: object, key: str, inside: bool) -> None:
        if isinstance(value, str):
            if inside or re.fullmatch(r"lists\.[^.]+\[\d+\]", key):  # a bare word stem in a list
                found.append((key, value))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{key}.{k}" if key else str(k), inside or k in PATTERN_FIELDS)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{key}[{i}]", inside)

    if isinstance(rules, dict):
        walk(rules, "", False)
    return found


PATTERN_FIELDS = frozenset(("patterns", "exceptions", "not_evidence", "when", "sections", "regex", "stem", "word", "phrase", "term",
                            "meaning"))


def check_data(data: dict[str, "Parsed"], targets: dict[str, set[str]], errors: list[ContentError],
               unreadable: set[str] = frozenset()) -> None:
    if "benchmarks" in data:
        check_benchmarks(data["benchmarks"], errors)
    if "seb_question" in data:
        check_seb(data["seb_question"], errors)
    if "claims" in data:
        check_claims(data["claims"], targets["intervention"], errors)
    if "advert_rules" in data:
        check_advert_rules(data["advert_rules"], targets["intervention"], errors)
    if "characteristics" in data:
        check_characteristics(data["characteristics"], errors)
    for name, what in REQUIRED_DATA.items():
        if name not in data and name not in unreadable:  # a file that exists but cannot be read has its own error
            errors.append(ContentError(f"content/data/{name}.yml", 0, "file", f"the data file {name}.yml is missing; it holds {what}",
                                       f"Put the file back. If it was deleted by mistake, \u201cgit restore content/data/{name}.yml\u201d "
                                       "brings back the last committed copy of that one file (it changes no other file). "
                                       f"The author guide\u2019s \u201c{GUIDE_DATA_FILES}\u201d section describes it."))
