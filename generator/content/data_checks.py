"""Checks of the data files under content/data/: each against its schema (generator.content.data_schema),
then what a schema cannot say: shares that add up to 100, one default, ids used once, references to
other files, and the advert rules' regular expressions."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from calculators.job_advert.rules import validate_rules
from generator.content import data_schema
from generator.content.data_fields import GROUPS
from generator.content.data_schema import GUIDE_DATA_FILES
from generator.content.errors import ContentError, did_you_mean

if TYPE_CHECKING:
    from generator.content.parsed import Parsed

# Sections of the author guide (site_templates/pages/authors.md) that error messages send authors
# to; tests check each is a heading of the built guide.
GUIDE_ADVERT_RULES = "Job-advert rules"
CURLY_QUOTES = "\u201c\u201d\u2018\u2019"


def _items(p: "Parsed", key: str) -> list[tuple[int, dict]]:
    """(index, item) of the list under key whose items are sets of fields; the schema reports the rest."""
    value = p.data.get(key) if isinstance(p.data, dict) else None
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def check_benchmarks(p: "Parsed", errors: list[ContentError]) -> None:
    """What the schema cannot say: the shares add up to 100, and exactly one benchmark is the default."""
    items = _items(p, "benchmarks")
    for i, b in items:
        shares = b.get("shares")
        values = [shares.get(g) for g in GROUPS] if isinstance(shares, dict) else []
        if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            total = sum(values)
            if abs(total - 100) > 0.5:
                errors.append(ContentError(p.path, p.line(f"benchmarks[{i}].shares"), f"benchmark {b.get('id') or i + 1}.shares",
                                           f"the shares add up to {total:g}, not 100",
                                           "Correct the shares so professional, intermediate and lower add up to 100."))
    defaults = sum(bool(b.get("default")) for _, b in items)  # "yes" counts: the schema says to write true
    if items and defaults != 1:
        errors.append(ContentError(p.path, p.line("benchmarks"), "default", f"{defaults} benchmarks are marked default; exactly one must be",
                                   "Put \u201cdefault: true\u201d on the benchmark to use when the reader chooses none."))


def check_seb(p: "Parsed", errors: list[ContentError]) -> None:
    """Each answer counts in a group the file lists, and the answers have the codes 1 to 9, once each."""
    seb = p.data.get("seb") if isinstance(p.data, dict) else None
    if not isinstance(seb, dict) or not isinstance(seb.get("options"), list):
        return
    groups = {g["id"] for g in seb.get("groups") or [] if isinstance(g, dict) and isinstance(g.get("id"), str)}
    listed = [g.get("id") for g in seb.get("groups") or [] if isinstance(g, dict)]
    if listed != list(GROUPS):
        errors.append(ContentError(p.path, p.line("seb.groups"), "seb.groups", f"the groups are {listed}; the calculators count "
                                   f"exactly these, in this order: {', '.join(GROUPS)}",
                                   "Keep the three groups with these ids and in this order (change their labels, descriptions "
                                   "and aliases freely); a new group needs a change to the calculators first."))
    codes = []
    for i, option in enumerate(seb["options"]):
        if not isinstance(option, dict):
            continue
        codes.append(option.get("code"))
        group = option.get("group")
        if isinstance(group, str) and group not in groups | {"unknown"} and groups <= set(GROUPS):  # else a group's id is wrong: its error is enough
            errors.append(ContentError(p.path, p.line(f"seb.options[{i}].group"), f"option {option.get('code')}.group", f"\u201c{group}\u201d is not a group",
                                       f"Use one of: {', '.join(sorted(groups | {'unknown'}))}.{did_you_mean(group, sorted(groups))}"))
    if all(type(c) is int for c in codes) and sorted(codes) != list(range(1, 10)):  # a code that is not a number has its own error
        errors.append(ContentError(p.path, p.line("seb.options"), "options", f"the options have codes {codes}; the headline question has codes 1 to 9",
                                   "List all nine answer options, each with its own code."))


def glossary_terms(p: "Parsed | None") -> list[dict]:
    """The terms the site can use: each with an id, a term and a definition (check_glossary reports the rest)."""
    return [t for _, t in _items(p, "terms") if all(isinstance(t.get(k), str) and t.get(k) for k in ("id", "term", "definition"))] if p else []


def check_glossary(p: "Parsed", errors: list[ContentError]) -> None:
    """Each id once, and see_also names other terms."""
    seen: dict[str, int] = {}
    for i, term in _items(p, "terms"):
        tid = term.get("id")
        if isinstance(tid, str) and tid in seen:
            errors.append(ContentError(p.path, p.line(f"terms[{i}].id"), f"term {tid}.id", f"the id \u201c{tid}\u201d is used twice (also at line {seen[tid]})",
                                       "Give each term its own id."))
        elif isinstance(tid, str):
            seen[tid] = p.line(f"terms[{i}].id")
    for i, term in _items(p, "terms"):
        also = term.get("see_also")
        for other in also if isinstance(also, list) else ():
            if isinstance(other, str) and other not in seen:
                errors.append(ContentError(p.path, p.line(f"terms[{i}].see_also"), f"term {term.get('id') or i + 1}.see_also",
                                           f"\u201c{other}\u201d is not a glossary id", f"Use the id of another term.{did_you_mean(other, list(seen))}"))


def check_claims(p: "Parsed", interventions: set[str], errors: list[ContentError]) -> None:
    for i, claim in _items(p, "claims"):
        backed = claim.get("backed_by")
        for slug in backed if isinstance(backed, list) else ():
            if isinstance(slug, str) and slug not in interventions:
                errors.append(ContentError(p.path, p.line(f"claims[{i}].backed_by"), f"claim {claim.get('id')}.backed_by",
                                           f"\u201c{slug}\u201d is not an intervention",
                                           f"Use an intervention file name.{did_you_mean(slug, sorted(interventions))}"))


def check_advert_rules(p: "Parsed", interventions: set[str], errors: list[ContentError]) -> None:
    """Bad patterns fail the build naming the rule and its line. The rules' own checks live with the
    calculator (calculators.job_advert.rules.validate_rules, which the browser runs too), so both
    sides agree; where the schema finds a problem at the same place, the calculator's message is kept."""
    rules = p.data.get("advert_rules") if isinstance(p.data, dict) else None
    found: list[tuple] = []
    for problem in validate_rules(rules):
        found.append(("advert_rules", *problem.path))
        key = "advert_rules" + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in problem.path)
        fix = ("Correct the pattern (try it at the Python prompt with re.compile), or remove it."
               if re.match(r"(a )?pattern\b", problem.message) else
               f"Correct this entry as the message says; the section \u201c{GUIDE_ADVERT_RULES}\u201d of the author guide lists the fields of a rule.")
        errors.append(ContentError(p.path, p.line(key), f"rule {problem.rule}" if problem.rule else "advert_rules", problem.message, fix))
    for key, pattern in _patterns(rules):
        if any(q in pattern for q in CURLY_QUOTES):
            found.append(("advert_rules", *(int(k) if k.isdigit() else k for k in re.findall(r"[^.\[\]]+", key))))
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
                                       f"\u201c{slug}\u201d is not an intervention",
                                           f"Use an intervention file name.{did_you_mean(slug, sorted(interventions))}"))

    def reported(path: list) -> bool:
        return any(tuple(path[:len(q)]) == q or tuple(q[:len(path)]) == tuple(path) for q in found)

    data_schema.check("advert_rules.yml", p, errors, skip=reported)


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
    """Every data file against its schema, then what a schema cannot say: sums, references, patterns."""
    for name, p in data.items():
        if name != "advert_rules":  # checked with the rules' own validation, below
            data_schema.check(f"{name}.yml", p, errors)
    if "glossary" in data:
        check_glossary(data["glossary"], errors)
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
