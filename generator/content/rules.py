"""Rules about the quality of the writing: what every page must meet before it is published.

`toolkit check`, the build (`make build`, `make serve`) and the tests run these same rules, so
content that passes `toolkit check` passes CI. Each problem names the file, the line, the field
and the fix. The limits below are the project's style rules (GOV.UK plain English), not content.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from generator.content.errors import ContentError, did_you_mean

if TYPE_CHECKING:
    from generator.content.model import Document, Toolkit

INTERVENTION_WORDS = (300, 800)  # an intervention's text, without headings' markup
MIN_READING_EASE = 50  # Flesch reading ease of each page (GOV.UK aims for 60 or more)
MEDIAN_READING_EASE = 60  # across all pages
LONGEST_SENTENCE = 35  # words
EASE_MIN_WORDS = 30  # reading ease means little for a few words, so shorter texts are not scored

FIGURE = re.compile(r"\d[\d,.]*\s?%|\u00a3\s?\d|\d+\s?per\s?cent", re.I)
LEFTOVER = re.compile(r"\bTODO\b")
LINK = re.compile(r"\]\(([^)\s]+)\)")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")  # source paragraphs and list items are one line each
HEADING = re.compile(r"^#{2,6}\s+(.+?)\s*(?:\{[^}]*#([\w-]+)[^}]*\})?\s*$")
EXPLICIT_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}")
TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates" / "pages"
KIND_OF = {"BuildingBlock": "block", "Intervention": "intervention", "Page": "page"}


# ---- measures ----------------------------------------------------------------------------------

def plain_text(markdown: str) -> str:
    """What a reader reads: Markdown syntax, link targets, tables' pipes and list markers removed."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"\[\[insert:[^\]]*\]\]", " ", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\{[:#.][^}]*\}", " ", text)
    text = re.sub(r"^\s*\|?\s*-{3,}.*$", " ", text, flags=re.M)
    text = re.sub(r"[#*_>`|]", " ", text)
    text = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", text, flags=re.M)
    return text


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s and s.split()]


def reading_ease(text: str) -> float:
    import textstat  # imported here: only the rules need it, and only when there is text

    return round(textstat.flesch_reading_ease(text), 1)


def measure(markdown: str) -> dict:
    """Plain-English measures of Markdown: words, Flesch reading ease and sentences too long."""
    text = plain_text(markdown)
    found = sentences(text)
    words = len(text.split())
    return {"words": words, "flesch": reading_ease(text) if words >= EASE_MIN_WORDS else 100.0,
            "long_sentences": [s for s in found if len(s.split()) > LONGEST_SENTENCE]}


def anchor(heading: str) -> str:
    """The id MkDocs (Python-Markdown's toc) gives a heading."""
    text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def anchors_in(markdown: str) -> set[str]:
    found = set()
    for line in markdown.split("\n"):
        m = HEADING.match(line)
        if m:
            found.add(m.group(2) or anchor(m.group(1)))
        found.update(EXPLICIT_ID.findall(line))
    return found


def _template_anchors(kind: str) -> set[str]:
    """Headings the page template adds around the text (Related steps, Sources...)."""
    path = TEMPLATES / f"{kind}.md"
    if not path.exists():
        return set()
    lines = [line for line in path.read_text(encoding="utf-8").split("\n") if "{" not in line]
    return anchors_in("\n".join(lines))


def _line_of(doc: "Document", pattern: re.Pattern) -> tuple[int, str]:
    """The file line of the first match in a document's text, and the match."""
    for n, line in enumerate(doc.body.split("\n")):
        m = pattern.search(line)
        if m:
            return doc.body_line + n, m.group(0)
    return doc.body_line, ""


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" \u2026" if len(parts) > words else "")


# ---- rules -------------------------------------------------------------------------------------

def check_words(doc: "Document", errors: list[ContentError]) -> None:
    low, high = INTERVENTION_WORDS
    words = measure(doc.body)["words"]
    if not low <= words <= high:
        fix = (f"Add about {low - words} words: say what to do, why, and how to measure it." if words < low else
               f"Cut about {words - high} words: keep each section to what a reader needs to act.")
        errors.append(ContentError(doc.path, doc.body_line, "body", f"the text is {words} words long; an intervention needs {low} to {high}", fix))


def check_plain_english(doc: "Document", errors: list[ContentError]) -> float:
    m = measure(doc.body)
    for sentence in m["long_sentences"]:
        start = " ".join(sentence.split()[:4])
        line = next((doc.body_line + n for n, text in enumerate(doc.body.split("\n"))
                     if start in " ".join(plain_text(text).split())), doc.body_line)
        errors.append(ContentError(doc.path, line, "body", f"a sentence is {len(sentence.split())} words long "
                                   f"(\u201c{_short(sentence)}\u201d); the most is {LONGEST_SENTENCE}",
                                   "Split it into two or more sentences."))
    if m["flesch"] < MIN_READING_EASE:
        errors.append(ContentError(doc.path, doc.body_line, "body", f"the text is hard to read: reading ease {m['flesch']}, "
                                   f"below {MIN_READING_EASE}", "Use shorter sentences and everyday words (GOV.UK's plain English "
                                   "guidance); a reading ease of 60 or more is the aim."))
    return m["flesch"]


def check_figures_have_sources(doc: "Document", errors: list[ContentError]) -> None:
    example = getattr(doc, "example", "")
    text = doc.body + "\n" + (example if isinstance(example, str) else "")
    m = FIGURE.search(text)
    if m and not doc.sources:
        line, _ = _line_of(doc, FIGURE)
        if not FIGURE.search(doc.body):
            line = doc.line("example")
        errors.append(ContentError(doc.path, line, "sources", f"the page gives a figure (\u201c{m.group(0)}\u201d) but cites no source",
                                   "Add a \u201csources:\u201d list with the title, publisher, year and url of where the figure comes "
                                   "from, or remove the figure."))


def _strings(value, key: str) -> Iterable[tuple[str, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{key}.{k}" if key else str(k))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _strings(v, f"{key}[{i}]")


def placeholder_source() -> dict:
    """The source `toolkit new` writes for the author to replace."""
    return {"title": "TODO: the title of the report", "publisher": "TODO: who published it", "year": 2000,
            "url": "https://example.org/TODO", "checked": "TODO: the date you checked it, YYYY-MM-DD"}


def check_leftovers(doc: "Document", fields: dict, errors: list[ContentError]) -> None:
    """Text left over from `toolkit new`: TODO markers and the placeholder source."""
    from generator.content.schema import SOURCES

    for key, text in _strings(fields, ""):
        if LEFTOVER.search(text):
            errors.append(ContentError(doc.path, doc.line(key.split("[")[0].split(".")[0]), key.split("[")[0].split(".")[0],
                                       f"still has template text: \u201c{_short(text)}\u201d",
                                       "Replace the TODO with the real text."))
    examples = [*(SOURCES.example or []), placeholder_source()]
    for s in doc.sources:
        if any(s.url == e["url"] and s.title == e["title"] for e in examples):
            errors.append(ContentError(doc.path, doc.line("sources"), "sources", f"the source \u201c{s.title}\u201d is the template's example",
                                       "Replace it with the report the page's figures come from (title, publisher, year, url)."))
    for n, line in enumerate(doc.body.split("\n")):
        if LEFTOVER.search(line):
            errors.append(ContentError(doc.path, doc.body_line + n, "body", f"still has template text: \u201c{_short(line.strip())}\u201d",
                                       "Replace the TODO with the real text."))


def check_anchors(doc: "Document", docs: dict[tuple[str, str], "Document"], errors: list[ContentError]) -> None:
    """A link to a part of a page (page:about#contact, #steps) names a heading that page has."""
    own_kind = KIND_OF.get(type(doc).__name__, "page")
    for n, line in enumerate(doc.body.split("\n")):
        for match in LINK.finditer(line):
            target = match.group(1)
            if "#" not in target:
                continue
            where, _, part = target.partition("#")
            scheme, _, slug = where.partition(":")
            if not where:
                kind, other = own_kind, doc
            elif scheme in ("intervention", "block", "page") and (scheme, slug) in docs:
                kind, other = scheme, docs[(scheme, slug)]
            else:
                continue  # other sites, calculators and glossary ids are checked elsewhere
            known = anchors_in(other.body) | _template_anchors(kind)
            if part not in known:
                errors.append(ContentError(doc.path, doc.body_line + n, "link", f"the link \u201c{target}\u201d points to "
                                           f"\u201c#{part}\u201d, which is not a heading of {other.path}",
                                           f"Use the id of one of its headings: {', '.join(sorted(known)) or 'it has none'}."
                                           f"{did_you_mean(part, sorted(known))}"))


def check_benchmark_definitions(toolkit: "Toolkit", data: dict, errors: list[ContentError]) -> None:
    """A benchmark's definition gives no figures: the site writes its shares from `shares`, so the
    text can never disagree with the numbers. (That `derived` names a share is the schema's check.)"""
    parsed = data.get("benchmarks")
    items = (parsed.data or {}).get("benchmarks") if parsed is not None and isinstance(parsed.data, dict) else None
    for i, b in enumerate(items or []):
        text = b.get("definition") if isinstance(b, dict) else None
        m = FIGURE.search(text) if isinstance(text, str) else None
        if m:
            errors.append(ContentError(parsed.path, parsed.line(f"benchmarks[{i}].definition"), f"benchmark {i + 1}.definition",
                                       f"the definition gives a figure (\u201c{m.group(0)}\u201d)",
                                       "Remove it: the site writes each share from \u201cshares:\u201d next to the definition, so the "
                                       "two can never disagree. To say a share was worked out rather than published, "
                                       "add \u201cderived: intermediate\u201d (or the group's id)."))


def check(toolkit: "Toolkit", data: dict, errors: list[ContentError]) -> None:
    """Run every rule over the loaded content, appending to errors."""
    raw = {name: p for name, p in data.items()}
    docs = [*toolkit.blocks, *toolkit.interventions, *toolkit.pages]
    by_key = {(KIND_OF[type(d).__name__], d.slug): d for d in docs}
    scores = []
    for doc in docs:
        if type(doc).__name__ == "Intervention":
            check_words(doc, errors)
        scores.append(check_plain_english(doc, errors))
        check_figures_have_sources(doc, errors)
        example = getattr(doc, "example", "")
        fields = {"title": doc.title, "summary": doc.summary, "example": example if isinstance(example, str) else ""}
        fields["sources"] = [{"title": s.title, "publisher": s.publisher, "url": s.url} for s in doc.sources]
        check_leftovers(doc, fields, errors)
        check_anchors(doc, by_key, errors)
    if scores and statistics.median(scores) < MEDIAN_READING_EASE:
        errors.append(ContentError("content/", 0, "reading ease", f"the pages' median reading ease is {statistics.median(scores)}, "
                                   f"below {MEDIAN_READING_EASE}", "Make the hardest pages plainer: shorter sentences, everyday words."))
    glossary = "\n".join(t.definition for t in toolkit.glossary if isinstance(t.definition, str))
    if glossary.strip():
        m = measure(glossary)
        p = raw.get("glossary")
        path = p.path if p is not None else "content/data/glossary.yml"
        raw_terms = (p.data or {}).get("terms") if p is not None and isinstance(p.data, dict) else []
        ids = [t.get("id") if isinstance(t, dict) else None for t in raw_terms or []]
        for term in toolkit.glossary:
            if not isinstance(term.definition, str):
                continue
            t_index = ids.index(term.id) if term.id in ids else 0
            if any(len(s.split()) > LONGEST_SENTENCE for s in sentences(plain_text(term.definition))):
                errors.append(ContentError(path, p.line(f"terms[{t_index}].definition") if p is not None else 0, f"terms[{t_index + 1}].definition",
                                           f"the definition of \u201c{term.term}\u201d has a sentence over {LONGEST_SENTENCE} words",
                                           "Split it into shorter sentences."))
        if m["flesch"] < MIN_READING_EASE:
            errors.append(ContentError(path, 0, "definition", f"the glossary's definitions are hard to read: reading ease {m['flesch']}, "
                                       f"below {MIN_READING_EASE}", "Use shorter sentences and everyday words in the definitions."))
    check_benchmark_definitions(toolkit, data, errors)
