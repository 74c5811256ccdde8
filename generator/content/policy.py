"""Content policy: rules about what the guidance says, on top of the schema checks in validate.py.

- Rates that change every year (wages) live in one file, content/data/rates.yml. Pages and data
  files use them by reference, as {{ rate:real-living-wage }} (the amount, such as £13.45) or
  {{ rate:real-living-wage.effective }} (the date it took effect). The loader fills them in.
- Every source records when someone last checked it (``checked:``). A rate past its review date,
  or a source not checked for 18 months, is a warning; with ``strict`` it is an error once it is
  more than six months overdue.
- A wage typed as a number (such as "£12.60 an hour") is an error: it goes out of date.
- A page that collects or links people's answers must link the law-and-data page.
- A page that tells the reader to link answers to HR data must not call the answers anonymous.

Each problem is a ContentError naming the file, line, field and fix. Nothing here is specific to
the shipped content: the tests run every rule on small fixture sites.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Iterator

from generator.content.errors import ContentError, did_you_mean

if TYPE_CHECKING:
    from generator.content.parsed import Parsed
    from generator.content.model import Toolkit

LAW_PAGE = "the-law-and-your-data"
RATE_REF = re.compile(r"\{\{\s*rate:\s*([^\s.}]*)(?:\.([a-z]+))?\s*\}\}")
RATE_PARTS = ("value", "effective", "label")
SOURCE_STALE_DAYS = 548  # 18 months
OVERDUE_ERROR_DAYS = 183  # six months past due is an error under --strict
RATE_FIELDS = ("id", "label", "value", "effective", "review", "source")
# A pound figure with pence and one or two digits of pounds is an hourly wage; so is "£12 an hour".
TYPED_WAGE = re.compile(r"\u00a3\s?\d{1,2}\.\d{2}(?!\d)|\u00a3\s?\d{1,2}(?:\.\d{1,2})?\s*(?:an|per|a)\s+hour\b", re.I)
# Signs that a page tells the reader to collect answers or link them to other records.
COLLECTS = re.compile(r"\b(?:survey|questionnaire|collect(?:s|ing|ed)?\b[^.\n]{0,40}\b(?:data|answers?|responses?)"
                      r"|ask(?:s|ing)? (?:the )?(?:headline |seb |smc )?question|\[\[insert:\s*seb-question)", re.I)
LINKS_ANSWERS = re.compile(r"\b(?:link|match|join|combine|connect)(?:s|ed|ing)?\b[^.\n]{0,60}?\b(?:answers?|responses?|survey data)\b"
                           r"[^.\n]{0,80}?\b(?:pay|grade|salary|salaries|bonus|performance|ratings?|promotions?|hr (?:data|records?|system)|payroll)\b"
                           r"|\b(?:answers?|responses?)\s+(?:are|is|will be|get|can be)\s+linked\b", re.I)
ANONYMOUS = re.compile(r"\banonym(?:ous|ously|ity|ised|ized)\b", re.I)
NOT_BEFORE = re.compile(r"(?:\bnot|n't|\bnever|\bno longer)\s+(?:\w+\s+){0,2}$", re.I)


def _date(value: Any) -> dt.date | None:
    """A checked or review date: a YAML date, or "YYYY-MM-DD" / "YYYY-MM" text (the first of the month)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{4})-(\d{2})(?:-(\d{2}))?\s*", value)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3] or 1))
            except ValueError:
                return None
    return None


def _money(value: float) -> str:
    return f"\u00a3{value:,.2f}" if value % 1 else f"\u00a3{value:,.0f}"


def _long_date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


@dataclasses.dataclass
class Policy:
    """The outcome of the checks: errors stop the build, warnings are printed."""

    errors: list[ContentError]
    warnings: list[ContentError]
    strict: bool
    today: dt.date

    def stale(self, path: str, line: int, field: str, problem: str, fix: str, days_over: int) -> None:
        """Overdue by days_over: a warning, or an error under strict once six months overdue."""
        if self.strict and days_over > OVERDUE_ERROR_DAYS:
            self.errors.append(ContentError(path, line, field, problem + " (more than six months overdue, so --strict stops here)", fix))
        else:
            self.warnings.append(ContentError(path, line, field, problem, fix))


# ---------------------------------------------------------------------------------------- rates

def read_rates(p: "Parsed | None", policy: Policy) -> dict[str, dict]:
    """The usable rates of content/data/rates.yml by id; a rate past its review date is stale.

    The schema (generator.content.data_schema) reports missing and malformed fields; a rate with
    one is left out here, so a page that uses it is told the rate is not defined."""
    items = p.data.get("rates") if p is not None and isinstance(p.data, dict) else None
    rates: dict[str, dict] = {}
    for i, rate in enumerate(items if isinstance(items, list) else ()):
        key = f"rates[{i}]"
        if not isinstance(rate, dict) or any(rate.get(f) in (None, "") for f in RATE_FIELDS):
            continue
        rid, value, review = rate.get("id"), rate.get("value"), _date(rate.get("review"))
        name = f"rate {rid}"
        if rid in rates:
            policy.errors.append(ContentError(p.path, p.line(f"{key}.id"), f"{name}.id", f"the id \u201c{rid}\u201d is used twice",
                                              "Give each rate its own id."))
            continue
        if (not isinstance(rid, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rid) or isinstance(value, bool)
                or not isinstance(value, (int, float)) or value <= 0 or review is None or _date(rate.get("effective")) is None):
            continue
        if isinstance(rate.get("source"), dict):
            check_source(rate["source"], p.path, p.line(f"{key}.source"), f"{name}.source", policy, shape=False)
        if policy.today > review:
            policy.stale(p.path, p.line(f"{key}.review"), f"{name}.review",
                         f"the rate was due for review on {review.isoformat()}, {(policy.today - review).days} days ago",
                         "Check the rate at its source. Update value, effective and the source's checked date, and set review to the date of the next change.",
                         (policy.today - review).days)
        rates[rid] = rate
    return rates


def rate_text(rate: dict, part: str | None) -> str:
    if part == "effective":
        return _long_date(_date(rate["effective"]))
    if part == "label":
        return str(rate["label"])
    return _money(float(rate["value"]))


def fill(text: str, rates: dict[str, dict]) -> str:
    """Replace each {{ rate:id }} with its value; unknown ones are left for check_text to report."""
    def sub(m: re.Match) -> str:
        rate = rates.get(m.group(1))
        return rate_text(rate, m.group(2)) if rate and (m.group(2) in (None, *RATE_PARTS)) else m.group(0)

    return RATE_REF.sub(sub, text) if "{{" in text else text


def check_text(text: str, path: str, first_line: int, field: str, rates: dict[str, dict], policy: Policy,
               line_of=None) -> None:
    """Rate references must name a rate; wages must not be typed as numbers."""
    for n, line in enumerate(text.split("\n")):
        where = line_of(n) if line_of else first_line + n
        for m in RATE_REF.finditer(line):
            rid, part = m.group(1), m.group(2)
            if rid not in rates:
                policy.errors.append(ContentError(path, where, field, f"\u201c{m.group(0)}\u201d uses a rate that is not defined",
                                                  f"Use a rate id from content/data/rates.yml.{did_you_mean(rid, sorted(rates))}"
                                                  + (f" Rates: {', '.join(sorted(rates))}." if rates else " Add the rate to content/data/rates.yml first.")))
            elif part not in (None, *RATE_PARTS):
                policy.errors.append(ContentError(path, where, field, f"\u201c{m.group(0)}\u201d asks for \u201c{part}\u201d, which a rate does not have",
                                                  f"Write {{{{ rate:{rid} }}}} for the amount, or add .effective or .label."))
        for m in TYPED_WAGE.finditer(RATE_REF.sub("", line)):
            policy.errors.append(ContentError(path, where, field, f"the wage \u201c{m.group(0).strip()}\u201d is typed as a number, so it will go out of date",
                                              "Write a rate reference instead, such as {{ rate:real-living-wage }}, "
                                              "using an id from content/data/rates.yml (add the rate there if it is missing)."))


# -------------------------------------------------------------------------------------- sources

def check_source(source: dict, path: str, line: int, field: str, policy: Policy, shape: bool = True) -> None:
    """The checked date: there, not in the future, and not too old. shape=False when a schema
    already reports a missing or malformed date (the data files)."""
    checked = source.get("checked")
    if checked in (None, "") or (not shape and _date(checked) is None):
        if not shape:
            return
        policy.errors.append(ContentError(path, line, f"{field}.checked", "the source has no checked date",
                                          "Open the source, confirm it still says what the page says, and add "
                                          "\u201cchecked: YYYY-MM-DD\u201d with today's date."))
        return
    when = _date(checked)
    if when is None:
        policy.errors.append(ContentError(path, line, f"{field}.checked", f"\u201c{checked}\u201d is not a date",
                                          "Write the date you last checked the source as YYYY-MM-DD, such as 2026-12-05."))
    elif when > policy.today:
        policy.errors.append(ContentError(path, line, f"{field}.checked", f"the checked date {when.isoformat()} is in the future",
                                          "Write the date you actually checked the source."))
    else:
        age = (policy.today - when).days
        if age > SOURCE_STALE_DAYS:
            policy.stale(path, line, f"{field}.checked", f"the source was last checked on {when.isoformat()}, more than 18 months ago",
                         "Open the source, confirm the figures on the page still match it, and update \u201cchecked:\u201d.",
                         age - SOURCE_STALE_DAYS)


def _walk(value: Any, key: str) -> Iterator[tuple[str, Any]]:
    yield key, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, f"{key}.{k}" if key else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{key}[{i}]")


def _is_source(key: str, value: Any) -> bool:
    return isinstance(value, dict) and (key.endswith("source") or re.search(r"sources\[\d+\]$", key) is not None) and "url" in value


# ------------------------------------------------------------------------------ contradictions

def check_document(doc, rates: dict[str, dict], policy: Policy, law_page_exists: bool) -> None:
    body = doc.body
    check_text(body, doc.path, doc.body_line, "body", rates, policy)
    example = getattr(doc, "example", "")
    example = example if isinstance(example, str) else ""  # a value of another type has its own field error
    if example:
        check_text(example, doc.path, doc.line("example"), "example", rates, policy, line_of=lambda n: doc.line("example"))
    if doc.slug == LAW_PAGE and doc.path.split("/")[-2:-1] == ["pages"]:
        return  # the law page itself: it explains when "anonymous" is true, and is the page others must link
    text = body + "\n" + example
    collects = COLLECTS.search(text) or LINKS_ANSWERS.search(text)
    if collects and law_page_exists and f"](page:{LAW_PAGE}" not in body:
        line = doc.body_line + body[: collects.start()].count("\n") if collects.start() < len(body) else doc.line("example")
        policy.errors.append(ContentError(doc.path, line, "body", f"the page asks readers to collect or link people's answers "
                                          f"(\u201c{collects.group(0)[:60]}\u201d) but does not link the law and data page",
                                          f"Add a link such as [the law and your data](page:{LAW_PAGE}) where the page first talks about "
                                          "collecting or linking answers."))
    links = LINKS_ANSWERS.search(body)
    if links:
        for n, line in enumerate(body.split("\n")):
            for m in ANONYMOUS.finditer(line):
                if NOT_BEFORE.search(line[: m.start()]) or line[max(0, m.start() - 1): m.start()] in ('"', "\u201c", "'"):
                    continue  # "not anonymous", or the word itself in quotes
                policy.errors.append(ContentError(doc.path, doc.body_line + n, "body",
                                                  f"the page tells readers to link answers to other records (\u201c{links.group(0)[:60]}\u201d) "
                                                  f"and also calls them \u201c{m.group(0)}\u201d",
                                                  "Linked answers are not anonymous. Say \u201cconfidential, reported only as totals\u201d instead, "
                                                  "or make clear this sentence is about a survey that is never linked."))


def check(toolkit: "Toolkit", data: dict[str, "Parsed"], docs: dict[str, "Parsed"], strict: bool = False,
          today: dt.date | None = None) -> Policy:
    """Run every policy rule. docs maps a document's path to its parsed front matter (for source lines)."""
    policy = Policy([], [], strict, today or dt.date.today())
    rates = read_rates(data.get("rates"), policy)
    law_page = any(p.slug == LAW_PAGE for p in toolkit.pages)
    for doc in [*toolkit.blocks, *toolkit.interventions, *toolkit.pages]:
        check_document(doc, rates, policy, law_page)
    for path, p in docs.items():
        for key, value in _walk(p.data, ""):
            if _is_source(key, value):
                check_source(value, p.path, p.line(key), key, policy)
    for name, p in data.items():
        if name in ("rates", "glossary"):
            continue
        for key, value in _walk(p.data, ""):
            if _is_source(key, value):
                check_source(value, p.path, p.line(key), key, policy, shape=False)
            elif isinstance(value, str) and not re.search(r"\.(?:patterns|exceptions)\[\d+\]$", key):
                check_text(value, p.path, p.line(key), key, rates, policy, line_of=lambda n, k=key: p.line(k))
    return policy


def apply(toolkit: "Toolkit", rates_parsed: "Parsed | None") -> "Toolkit":
    """The toolkit with every {{ rate:... }} filled in, in pages and in the data files."""
    quiet = Policy([], [], False, dt.date.today())
    rates = read_rates(rates_parsed, quiet) if rates_parsed is not None and isinstance(rates_parsed.data, dict) else {}

    def doc(d):
        changes = {"body": fill(d.body, rates)}
        if getattr(d, "example", ""):
            changes["example"] = fill(d.example, rates)
        return dataclasses.replace(d, **changes)

    def data(value: Any) -> Any:
        if isinstance(value, str):
            return fill(value, rates)
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()[:10]  # YAML dates (checked: 2026-12-05) as text, for JSON and the calculators
        if isinstance(value, dict):
            return {k: data(v) for k, v in value.items()}
        if isinstance(value, list):
            return [data(v) for v in value]
        return value

    return dataclasses.replace(
        toolkit,
        blocks=tuple(doc(b) for b in toolkit.blocks),
        interventions=tuple(doc(i) for i in toolkit.interventions),
        pages=tuple(doc(p) for p in toolkit.pages),
        data={name: (value if name == "rates" else data(value)) for name, value in toolkit.data.items()},
    )
