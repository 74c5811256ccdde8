"""Plain-English measures of page text (GOV.UK style): Flesch reading ease and sentence length.

Markdown syntax, front matter, link targets, tables' pipes and list markers are removed first, so
the figures describe what a reader reads."""
from __future__ import annotations

import re

import textstat

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")  # source paragraphs and list items are one line each


def plain_text(markdown: str) -> str:
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"\[\[insert:[^\]]*\]\]", " ", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s*\|?\s*-{3,}.*$", " ", text, flags=re.M)
    text = re.sub(r"[#*_>`|]", " ", text)
    text = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", text, flags=re.M)
    return text


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s and len(s.split()) > 0]


def measure(markdown: str) -> dict:
    text = plain_text(markdown)
    lengths = [len(s.split()) for s in sentences(text)]
    longest = max(lengths, default=0)
    return {"flesch": round(textstat.flesch_reading_ease(text), 1), "longest_sentence": longest,
            "words": len(text.split()),
            "long_sentences": [s for s in sentences(text) if len(s.split()) > 35]}
