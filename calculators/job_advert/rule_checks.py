"""Checking the advert rules file (content/data/advert_rules.yml): `validate_rules` is pure and
names the rule and the problem, so the site build can fail with a message an author can act on."""
from __future__ import annotations

import re
from typing import Any, Iterable, NamedTuple

from calculators.job_advert.patterns import MATCH_TYPES, pattern_regex
from calculators.job_advert.regex_safety import structure_problem, timing_problem
from calculators.job_advert.rule_fields import (KINDS, LIST_ENTRY_FIELDS, METRIC_KINDS, PATTERN_KINDS, RULE_FIELDS, SCOPES,
                                                SEVERITIES, TEMPLATE_FIELDS, _SLUG)


class RuleProblem(NamedTuple):
    """One problem in the rules file: the rule id (None for the file as a whole), where in the
    data it is (a path of keys and list indexes, for finding the line), and what to do."""

    rule: str | None
    path: tuple
    message: str

    def __str__(self) -> str:
        where = f"rule {self.rule!r}" if self.rule else "advert rules"
        return f"{where}: {self.message}"


# --- Patterns ---------------------------------------------------------------------------------

def pattern_items(patterns: Any, default_match: str) -> list[tuple[str, str, bool]]:
    """(pattern, match type, case sensitive) for each entry of a `patterns` list."""
    out = []
    for entry in patterns or ():
        if isinstance(entry, str):
            out.append((entry, default_match, False))
        elif isinstance(entry, dict):
            kinds = [k for k in MATCH_TYPES if k in entry]
            if len(kinds) == 1 and isinstance(entry[kinds[0]], str):
                out.append((entry[kinds[0]], kinds[0], bool(entry.get("case_sensitive", False))))
    return out


# --- Validation -------------------------------------------------------------------------------

def _check_regex(problems: list, rule: str | None, path: tuple, pattern: Any, match: str,
                 case_sensitive: bool = False) -> None:
    if not isinstance(pattern, str) or not pattern.strip():
        problems.append(RuleProblem(rule, path, "a pattern must be non-empty text"))
        return
    regex = pattern_regex(pattern, match)
    try:
        compiled = re.compile(regex)
    except re.error as exc:
        problems.append(RuleProblem(rule, path, f"pattern {pattern!r} is not a valid regular expression: {exc}"))
        return
    if match == "regex":
        slow = structure_problem(pattern) or (_TIMING[0] and timing_problem(regex, compiled))
        if slow:
            problems.append(RuleProblem(rule, path, f"pattern {pattern!r} could make the checker hang: {slow}"))
            return
    if compiled.fullmatch("") is not None or compiled.search("") is not None:
        problems.append(RuleProblem(rule, path, f"pattern {pattern!r} matches empty text, so it would mark nothing; make it match at least one character"))
    if not case_sensitive and re.search("[A-Z]", re.sub(r"\\.", "", pattern)):
        problems.append(RuleProblem(rule, path, f"pattern {pattern!r} has capital letters, but adverts are matched in lower case; "
                                                "write it in lower case or add case_sensitive: true"))


def _check_text(problems: list, rule: str | None, path: tuple, value: Any, what: str) -> None:
    if not isinstance(value, str) or not value.strip():
        problems.append(RuleProblem(rule, path, f"needs {what} (plain text)"))


def _check_source(problems: list, rule: str | None, path: tuple, source: Any) -> None:
    if not isinstance(source, dict):
        problems.append(RuleProblem(rule, path, "needs a source with title, publisher, year and url"))
        return
    for key in ("title", "publisher", "url"):
        _check_text(problems, rule, path + (key,), source.get(key), f"a source {key}")
    url = source.get("url")
    if isinstance(url, str) and not url.startswith(("https://", "http://")):
        problems.append(RuleProblem(rule, path + ("url",), f"source url {url!r} must start with https://"))
    year = source.get("year")
    if not isinstance(year, int) or not 1900 <= year <= 2100:
        problems.append(RuleProblem(rule, path + ("year",), f"source year must be a year such as 2022, not {year!r}"))


_TIMING = [True]  # whether validation times regular expressions (see validate_rules)


def validate_rules(data: Any, intervention_slugs: Iterable[str] | None = None, *, time_patterns: bool = True) -> list[RuleProblem]:
    """Every problem in the advert rules data (the value under `advert_rules`), or [] if none.

    Pass the known intervention slugs to check each rule's `intervention` link too. Regular
    expressions are checked for shapes that backtrack catastrophically and, unless
    time_patterns is False, timed on hostile strings (advert_regex); the timing is done once per
    pattern, and the site build and `toolkit check` do it, so the browser need not."""
    _TIMING[0] = time_patterns
    try:
        return _validate(data, intervention_slugs)
    finally:
        _TIMING[0] = True


def _validate(data: Any, intervention_slugs: Iterable[str] | None) -> list[RuleProblem]:
    problems: list[RuleProblem] = []
    if not isinstance(data, dict):
        return [RuleProblem(None, (), "the file must hold a mapping under 'advert_rules'")]
    slugs = set(intervention_slugs) if intervention_slugs is not None else None

    categories = data.get("categories")
    category_ids: set[str] = set()
    if not isinstance(categories, list) or not categories:
        problems.append(RuleProblem(None, ("categories",), "needs a list of categories, each with an id and a label"))
    else:
        for i, cat in enumerate(categories):
            if not isinstance(cat, dict) or not isinstance(cat.get("id"), str) or not _SLUG.match(cat["id"]):
                problems.append(RuleProblem(None, ("categories", i), "each category needs an id in lower case with hyphens"))
                continue
            if cat["id"] in category_ids:
                problems.append(RuleProblem(None, ("categories", i), f"category {cat['id']!r} is listed twice"))
            category_ids.add(cat["id"])
            _check_text(problems, None, ("categories", i, "label"), cat.get("label"), f"a label for category {cat['id']!r}")

    settings = data.get("settings")
    if settings is not None and not isinstance(settings, dict):
        problems.append(RuleProblem(None, ("settings",), "settings must be a mapping such as max_findings: 500"))
    for key in ("context_chars", "max_findings", "max_matches_per_rule"):
        value = settings.get(key) if isinstance(settings, dict) else None
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1_000_000):
            problems.append(RuleProblem(None, ("settings", key), f"{key} must be a whole number from 1 to 1,000,000, not {value!r}"))

    severities = data.get("severities")
    if not isinstance(severities, list) or sorted(s.get("id") for s in severities if isinstance(s, dict)) != sorted(SEVERITIES):
        problems.append(RuleProblem(None, ("severities",), f"needs exactly these severities, each with a label: {', '.join(SEVERITIES)}"))

    sections = data.get("sections")
    if not isinstance(sections, dict):
        problems.append(RuleProblem(None, ("sections",), "needs `sections` with `essential` and `desirable` heading patterns"))
    else:
        for key in ("essential", "desirable"):
            _check_regex(problems, None, ("sections", key), sections.get(key), "regex")
        if sections.get("standalone") is not None:
            _check_regex(problems, None, ("sections", "standalone"), sections.get("standalone"), "regex")

    lists = data.get("lists") if isinstance(data.get("lists"), dict) else {}
    if not lists:
        problems.append(RuleProblem(None, ("lists",), "needs `lists` (jargon, class_coded, feminine, masculine)"))
    for name, items in lists.items():
        if not isinstance(items, list) or not items:
            problems.append(RuleProblem(None, ("lists", name), f"list {name!r} must be a non-empty list"))
            continue
        for j, item in enumerate(items):
            if isinstance(item, str):  # a bare stem (the gender lists)
                _check_regex(problems, None, ("lists", name, j), item, "stem")
            elif isinstance(item, dict):
                term = item.get("term")
                for key in sorted(set(item) - LIST_ENTRY_FIELDS, key=str):
                    problems.append(RuleProblem(None, ("lists", name, j), f"entry {term!r} has an unknown field {key!r}; "
                                                f"if the text has a comma, put it in quotes"))
                _check_regex(problems, None, ("lists", name, j, "term"), term, "phrase", case_sensitive=True)
                _check_text(problems, None, ("lists", name, j, "plain"), item.get("plain"), f"a plain alternative for {term!r}")
                for k, exc in enumerate(item.get("exceptions") or ()):
                    _check_regex(problems, None, ("lists", name, j, "exceptions", k), exc, "regex")
                if item.get("severity") is not None and item["severity"] not in SEVERITIES:
                    problems.append(RuleProblem(None, ("lists", name, j, "severity"), f"severity must be one of {', '.join(SEVERITIES)}"))
            else:
                problems.append(RuleProblem(None, ("lists", name, j), "each entry needs a term and a plain alternative"))

    rules = data.get("rules")
    if not isinstance(rules, list) or not rules:
        problems.append(RuleProblem(None, ("rules",), "needs a list of rules"))
        return problems
    seen: set[str] = set()
    kinds_by_id: dict[str, str] = {}
    for i, rule in enumerate(rules):
        path = ("rules", i)
        if not isinstance(rule, dict):
            problems.append(RuleProblem(None, path, f"rule number {i + 1} must be a mapping"))
            continue
        rid = rule.get("id")
        if not isinstance(rid, str) or not _SLUG.match(rid):
            problems.append(RuleProblem(None, path + ("id",), f"rule number {i + 1} needs an id in lower case with hyphens, not {rid!r}"))
            rid = f"#{i + 1}"
        elif rid in seen:
            problems.append(RuleProblem(rid, path + ("id",), "this id is used by another rule; ids must be unique"))
        seen.add(rid)
        kind = rule.get("kind", "pattern")
        kinds_by_id[rid] = kind
        for key in sorted(set(rule) - RULE_FIELDS, key=str):
            problems.append(RuleProblem(rid, path + (key,), f"unknown field {key!r}; the fields are {', '.join(sorted(RULE_FIELDS))}"))
        if kind not in KINDS:
            problems.append(RuleProblem(rid, path + ("kind",), f"kind {kind!r} is not one of {', '.join(KINDS)}"))
        if rule.get("category") not in category_ids:
            problems.append(RuleProblem(rid, path + ("category",), f"category {rule.get('category')!r} is not in the categories list"))
        if rule.get("severity") not in SEVERITIES:
            problems.append(RuleProblem(rid, path + ("severity",), f"severity must be one of {', '.join(SEVERITIES)}, not {rule.get('severity')!r}"))
        for key, what in (("label", "a short label"), ("why", "a reason (why)"), ("suggestion", "a suggestion")):
            _check_text(problems, rid, path + (key,), rule.get(key), what)
        _check_source(problems, rid, path + ("source",), rule.get("source"))
        example = rule.get("example")
        if not isinstance(example, dict):
            problems.append(RuleProblem(rid, path + ("example",), "needs an example with `before` and `after`"))
        else:
            for key in ("before", "after"):
                _check_text(problems, rid, path + ("example", key), example.get(key), f"example {key}")
        intervention = rule.get("intervention")
        if not isinstance(intervention, str) or not _SLUG.match(intervention):
            problems.append(RuleProblem(rid, path + ("intervention",), "needs an intervention slug, such as write-clear-job-adverts"))
        elif slugs is not None and intervention not in slugs:
            problems.append(RuleProblem(rid, path + ("intervention",), f"intervention {intervention!r} is not a page in content/interventions/"))
        match = rule.get("match", "regex")
        if match not in MATCH_TYPES:
            problems.append(RuleProblem(rid, path + ("match",), f"match must be one of {', '.join(MATCH_TYPES)}"))
            match = "regex"
        if kind in PATTERN_KINDS:
            patterns = rule.get("patterns")
            if not isinstance(patterns, list) or not patterns:
                problems.append(RuleProblem(rid, path + ("patterns",), "needs at least one pattern"))
            else:
                for j, entry in enumerate(patterns):
                    if isinstance(entry, dict):
                        kinds = [k for k in MATCH_TYPES if k in entry]
                        if len(kinds) != 1:
                            problems.append(RuleProblem(rid, path + ("patterns", j), f"a pattern mapping needs exactly one of {', '.join(MATCH_TYPES)}"))
                            continue
                        _check_regex(problems, rid, path + ("patterns", j), entry[kinds[0]], kinds[0], bool(entry.get("case_sensitive")))
                    else:
                        _check_regex(problems, rid, path + ("patterns", j), entry, match)
        if kind in ("list", "gender-word") or (kind == "absent" and rule.get("list") is not None):
            name = rule.get("list")
            if name not in lists:
                problems.append(RuleProblem(rid, path + ("list",), f"list {name!r} is not one of the lists ({', '.join(sorted(lists))})"))
        if kind == "gender-balance" and not all(n in lists for n in ("feminine", "masculine")):
            problems.append(RuleProblem(rid, path, "needs the `feminine` and `masculine` lists"))
        if kind in METRIC_KINDS and not isinstance(rule.get("threshold"), (int, float)):
            problems.append(RuleProblem(rid, path + ("threshold",), "needs a number `threshold`"))
        for j, exc in enumerate(rule.get("exceptions") or ()):
            _check_regex(problems, rid, path + ("exceptions", j), exc, "regex")
        only_if = rule.get("only_if")
        if only_if is not None and (not isinstance(only_if, list) or not only_if):
            problems.append(RuleProblem(rid, path + ("only_if",), "only_if must be a list of patterns, one of which the advert must "
                                        "contain for the rule to count"))
        for j, exc in enumerate(only_if if isinstance(only_if, list) else ()):
            _check_regex(problems, rid, path + ("only_if", j), exc, "regex")
        if only_if is not None and kind != "pattern":
            problems.append(RuleProblem(rid, path + ("only_if",), "only_if applies only to rules of kind 'pattern'"))
        unless = rule.get("unless")
        if unless is not None and (not isinstance(unless, list) or not unless):
            problems.append(RuleProblem(rid, path + ("unless",), "unless must be a list of patterns; when the advert contains any of "
                                        "them the rule does not count"))
        for j, exc in enumerate(unless if isinstance(unless, list) else ()):
            _check_regex(problems, rid, path + ("unless", j), exc, "regex")
        if unless is not None and kind != "pattern":
            problems.append(RuleProblem(rid, path + ("unless",), "unless applies only to rules of kind 'pattern'"))
        merge = rule.get("merge")
        if merge is not None and merge not in ("sentence", "advert"):
            problems.append(RuleProblem(rid, path + ("merge",), f"merge can only be 'sentence' (one finding per sentence) or 'advert' "
                                        f"(one finding for the whole advert), not {merge!r}"))
        if merge is not None and kind not in ("pattern", "list"):
            problems.append(RuleProblem(rid, path + ("merge",), "merge applies only to rules of kind 'pattern' or 'list'"))
        for j, exc in enumerate(rule.get("not_evidence") or ()):
            _check_regex(problems, rid, path + ("not_evidence", j), exc, "regex")
        if rule.get("not_evidence") and kind != "absent":
            problems.append(RuleProblem(rid, path + ("not_evidence",), "not_evidence applies only to rules of kind 'absent'"))
        for j, ctx in enumerate(rule.get("context") or ()):
            cpath = path + ("context", j)
            if kind == "absent" and isinstance(ctx, dict) and ctx.get("scope") != "document":
                problems.append(RuleProblem(rid, cpath + ("scope",), "a rule about the whole advert (kind 'absent') can only use context with scope: document"))
            if not isinstance(ctx, dict):
                problems.append(RuleProblem(rid, cpath, "each context entry needs `when`, `scope` and `severity`"))
                continue
            _check_regex(problems, rid, cpath + ("when",), ctx.get("when"), "regex")
            if ctx.get("scope") not in SCOPES:
                problems.append(RuleProblem(rid, cpath + ("scope",), f"scope must be one of {', '.join(SCOPES)}"))
            if ctx.get("severity") not in SEVERITIES:
                problems.append(RuleProblem(rid, cpath + ("severity",), f"severity must be one of {', '.join(SEVERITIES)}"))
            _check_text(problems, rid, cpath + ("label",), ctx.get("label"), "a label saying what the context means")
        for key in ("suggestion", "why"):
            text = rule.get(key)
            if isinstance(text, str):
                for name in re.findall(r"\{[a-z_]+\}", text):
                    if name not in TEMPLATE_FIELDS:
                        problems.append(RuleProblem(rid, path + (key,), f"{name} is not a field we can fill in; use one of {', '.join(TEMPLATE_FIELDS)}"))
    for i, rule in enumerate(rules):
        if isinstance(rule, dict) and rule.get("only_when") is not None:
            target = rule["only_when"]
            if kinds_by_id.get(target) != "absent":
                problems.append(RuleProblem(rule.get("id"), ("rules", i, "only_when"), f"only_when must name a rule of kind 'absent', not {target!r}"))
    return problems
