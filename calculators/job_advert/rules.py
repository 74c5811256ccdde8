"""The job-advert rules: checking the rules file, and turning it into compiled patterns.

The rules are content (content/data/advert_rules.yml, key `advert_rules`), so maintainers can
change wording without touching code. `validate_rules` (in rule_checks.py, offered here too) is
pure and names the rule and the problem, so the site build can fail with a message an author can
act on. The fields and kinds a rule may have are in rule_fields.py.

Patterns are matched against a lower-case copy of the advert in which curly quotes are straight
and dashes are hyphens (see text.matching_copy), so patterns are written in lower case.
A pattern marked `case_sensitive: true` is matched against the advert's own letters instead
(for acronyms such as "BA" or "KPI").
"""
from __future__ import annotations

import re
from typing import Any

from calculators.core.record import field, record
from calculators.job_advert.patterns import PatternSet
from calculators.job_advert.rule_checks import RuleProblem, pattern_items, validate_rules  # noqa: F401
from calculators.job_advert.rule_fields import (KINDS, LIST_ENTRY_FIELDS, METRIC_KINDS, PATTERN_KINDS, RULE_FIELDS,  # noqa: F401
                                                SCOPES, SEVERITIES, SEVERITY_RANK, TEMPLATE_FIELDS)


# --- Compiled rules ---------------------------------------------------------------------------

@record(frozen=True)
class Context:
    when: re.Pattern
    scope: str
    severity: str
    label: str


@record(frozen=True)
class ListEntry:
    term: str
    plain: str
    meaning: str  # when this phrase is in the advert, the term counts as explained
    severity: str | None
    exceptions: tuple[re.Pattern, ...]


@record(frozen=True)
class Rule:
    id: str
    category: str
    kind: str
    label: str
    severity: str
    why: str
    source: dict
    suggestion: str
    example: dict
    intervention: str
    patterns: PatternSet = field(default_factory=lambda: PatternSet([]))
    exceptions: tuple[re.Pattern, ...] = ()
    not_evidence: tuple[re.Pattern, ...] = ()  # absent rules: a match in such a clause does not count
    only_if: tuple[re.Pattern, ...] = ()  # the rule counts only when one of these occurs in the advert
    unless: tuple[re.Pattern, ...] = ()  # the rule does not count when one of these occurs in the advert
    merge: str | None = None  # "sentence": matches in one sentence are one finding (one requirement); "advert": one in the advert
    context: tuple[Context, ...] = ()
    only_when: str | None = None
    threshold: float | None = None
    entries: dict[str, ListEntry] = field(default_factory=dict)  # list rules: matched text (lower) -> entry
    show_in_text: bool = True
    list_name: str = ""


@record(frozen=True)
class RuleBook:
    rules: tuple[Rule, ...]
    categories: tuple[dict, ...]
    severities: dict[str, dict]
    essential_heading: re.Pattern
    desirable_heading: re.Pattern
    standalone_heading: re.Pattern | None
    context_chars: int
    max_findings: int
    max_matches_per_rule: int
    feminine: tuple[str, ...]
    masculine: tuple[str, ...]

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


class RulesError(ValueError):
    """The rules data has problems; the site build should have caught them."""


def _list_rule_patterns(items: list) -> tuple[list[tuple[str, str, bool]], dict[str, ListEntry]]:
    """Patterns and entries of a list rule. Terms in capitals (acronyms) match only in capitals."""
    patterns, entries = [], {}
    for item in (i for i in items if isinstance(i, dict)):
        term = str(item["term"]).strip()
        acronym = term.upper() == term and any(ch.isalpha() for ch in term)
        patterns.append((term if acronym else term.lower(), "phrase", acronym))
        entries[list_key(term)] = ListEntry(term, str(item["plain"]), str(item.get("meaning") or "").lower(), item.get("severity"),
                                            tuple(re.compile(e) for e in item.get("exceptions") or ()))
    return patterns, entries


def list_key(matched: str) -> str:
    """The key a matched list phrase is filed under: lower case with single spaces."""
    return re.sub(r"[\s,\-\u2010-\u2014]+", " ", matched.lower())


def compile_rules(data: dict) -> RuleBook:
    problems = validate_rules(data, time_patterns=False)
    if problems:
        raise RulesError("; ".join(str(p) for p in problems[:5]))
    lists = data["lists"]
    rules = []
    for raw in data["rules"]:
        kind = raw.get("kind", "pattern")
        items: list[tuple[str, str, bool]] = []
        entries: dict[str, ListEntry] = {}
        if kind in PATTERN_KINDS:
            items = pattern_items(raw["patterns"], raw.get("match", "regex"))
            if kind == "absent" and raw.get("list"):  # places and the like, matched as phrases
                items += [(str(entry).lower(), "phrase", False) for entry in lists[raw["list"]]]
        elif kind == "list":
            items, entries = _list_rule_patterns(lists[raw["list"]])
        elif kind == "gender-word":
            items = [(str(stem), "stem", False) for stem in lists[raw["list"]]]
        rules.append(Rule(
            id=raw["id"], category=raw["category"], kind=kind, label=raw["label"], severity=raw["severity"],
            why=raw["why"].strip(), source=dict(raw["source"]), suggestion=raw["suggestion"].strip(),
            example=dict(raw["example"]), intervention=raw["intervention"],
            patterns=PatternSet(items),
            exceptions=tuple(re.compile(e) for e in raw.get("exceptions") or ()),
            not_evidence=tuple(re.compile(e) for e in raw.get("not_evidence") or ()),
            only_if=tuple(re.compile(e) for e in raw.get("only_if") or ()),
            unless=tuple(re.compile(e) for e in raw.get("unless") or ()),
            merge=raw.get("merge"),
            context=tuple(Context(re.compile(c["when"]), c["scope"], c["severity"], c["label"]) for c in raw.get("context") or ()),
            only_when=raw.get("only_when"), threshold=raw.get("threshold"), entries=entries,
            show_in_text=bool(raw.get("show_in_text", kind not in ("long-sentence",))),
            list_name=raw.get("list", ""),
        ))
    settings = data.get("settings") or {}
    return RuleBook(
        rules=tuple(rules),
        categories=tuple(dict(c) for c in data["categories"]),
        severities={s["id"]: dict(s) for s in data["severities"]},
        essential_heading=re.compile(data["sections"]["essential"]),
        desirable_heading=re.compile(data["sections"]["desirable"]),
        standalone_heading=re.compile(data["sections"]["standalone"]) if data["sections"].get("standalone") else None,
        context_chars=int(settings.get("context_chars", 80)),
        max_findings=int(settings.get("max_findings", 1000)),
        max_matches_per_rule=int(settings.get("max_matches_per_rule", 2000)),
        feminine=tuple(lists.get("feminine", ())),
        masculine=tuple(lists.get("masculine", ())),
    )


_CACHE: list[tuple[Any, RuleBook]] = []


def rule_book(content: dict) -> RuleBook:
    """The compiled rules for this content, compiled once per content dict."""
    data = content.get("advert_rules") if isinstance(content, dict) else None
    for cached_data, book in _CACHE:
        if cached_data is data:
            return book
    if data is None:
        raise RulesError("The advert rules are missing from the site's content (content/data/advert_rules.yml).")
    book = compile_rules(data)
    _CACHE[:] = [(data, book)] + _CACHE[:3]
    return book
