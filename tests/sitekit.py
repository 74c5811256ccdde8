"""Helpers for tests: a small valid content tree, and building a site from any content tree."""
from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
PYODIDE_NPM = PROJECT / "node_modules" / "pyodide"  # the runtime the site ships
STDLIB_CACHE = PROJECT / "build" / "stdlib"  # precompiled Python by content hash, shared by every test site
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
BLOCKS = ["data", "culture-and-leadership", "recruitment", "progression", "outreach"]
# checked today, so the content policy (generator.content.policy) never finds it overdue
SOURCE = {"title": "A report", "publisher": "A publisher", "year": 2022, "url": "https://example.org/report",
          "checked": datetime.date.today().isoformat()}
# Calculators only test sites have (the plugin's test_calculators), such as one that hangs for the watchdog
TEST_CALCULATORS = sorted((PROJECT / "tests" / "test_only_calculators").glob("*.py"))
SECTIONS = ["Why it matters", "Steps", "For small organisations", "How to measure progress", "Common pitfalls"]


def front(fields: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True) + "---\n" + textwrap.dedent(body).lstrip()


def intervention(slug: str, block: str, related: list[str], **extra) -> tuple[str, str]:
    fields = {"title": slug.replace("-", " ").capitalize(), "building_block": block, "summary": f"Do {slug}.",
              "stage": "getting-started", "suits": "every-size", "effort": "low", "related": related,
              "calculators": [], "sources": [SOURCE], **extra}
    body = "\n".join(f"## {s}\n\nSome text about {s.lower()}.\n\n{PLAIN}\n" for s in SECTIONS)
    return f"interventions/{slug}.md", front(fields, body)


# Plain text long enough for an intervention's word count (generator/content/rules.py): 5 sections of 66 words.
PLAIN = " ".join(["This step is simple to start.", "Ask your team what they need and write it down.", "Then do one small thing each week.",
                  "Check what changed and tell people what you found.", "Keep the notes short so anyone can read them.",
                  "Ask again next month and see if the answers move."] * 2)


# The say/do gap calculator's reference figures (benchmarks.yml, say_do_reference), as fixture content.
SAY_DO_REFERENCE = {"label": "A study (2020)", "phrase": "the study", "say": 70, "do": 25,
                    "source": "A fixture study of managers, 2020"}


def seb_data() -> dict:
    groups = ["professional", "professional", "intermediate", "lower", "lower", "lower", "intermediate", "unknown", "unknown"]
    return {"seb": {
        "question": "What was the occupation of your main household earner when you were about aged 14?",
        "groups": [{"id": "professional", "label": "Professional"}, {"id": "intermediate", "label": "Intermediate"},
                   {"id": "lower", "label": "Lower"}],
        "options": [{"code": i + 1, "short": f"Option {i + 1}", "text": f"Answer option {i + 1}", "group": g} for i, g in enumerate(groups)],
        "supporting": [{"id": "school", "question": "Which type of school did you attend?", "options": ["State", "Independent"]}],
    }}


def advert_rules_data(intervention: str = "step-0") -> dict:
    """A small valid rule book: one pattern rule, linked to a fixture intervention."""
    return {"advert_rules": {
        "version": 1,
        "severities": [{"id": s, "label": s.capitalize(), "description": f"A {s}."} for s in ("barrier", "caution", "note")],
        "categories": [{"id": "degree", "label": "Degree requirements", "intervention": intervention}],
        "sections": {"essential": r"\b(?:essential)\b", "desirable": r"\b(?:desirable)\b"},
        "lists": {"jargon": [{"term": "synergy", "plain": "working together"}]},
        "rules": [{"id": "degree-required", "category": "degree", "label": "Degree required", "severity": "barrier",
                   "match": "phrase", "patterns": ["degree required"], "why": "It screens people out.",
                   "suggestion": "Say what the job needs.", "source": SOURCE, "intervention": intervention,
                   "example": {"before": "Degree required.", "after": "You can show this through experience."}}],
    }}


def calculator_link_slugs() -> list[str]:
    """The interventions calculators link to from their results (their specs' links), which any
    content must have: fixture content gets a page for each."""
    from calculators.core.registry import all_specs

    return sorted({t.partition(":")[2] for s in all_specs() for t in s.links.values() if t.startswith("intervention:")})


def make_content(root: Path, interventions: int = 5) -> Path:
    """Write a small, valid content tree under root and return it: `interventions` interventions
    named step-0, step-1, ..., and one for each page the calculators link to (calculator_link_slugs)."""
    files: dict[str, str] = {}
    for n, block in enumerate(BLOCKS, start=1):
        body = "\n".join(f"## {s}\n\nText.\n" for s in ["What it is", "Why it matters", "Where to start if you are small"])
        files[f"blocks/{block}.md"] = front({"title": block.replace("-", " ").capitalize(), "order": n,
                                             "summary": f"About {block}.", "sources": [SOURCE]}, body)
    slugs = [f"step-{i}" for i in range(interventions)]
    for i, slug in enumerate(slugs):
        path, text = intervention(slug, BLOCKS[i % 5], [slugs[(i + 1) % len(slugs)]])
        files[path] = text
    for i, slug in enumerate(calculator_link_slugs()):  # the pages calculators' results link to must exist
        path, text = intervention(slug, BLOCKS[i % 5], [slugs[0]] if slugs else [])
        files[path] = text
    for slug in ["about", "privacy", "accessibility", "measurement-kit"]:
        files[f"pages/{slug}.md"] = front({"title": slug.replace("-", " ").capitalize(), "summary": f"The {slug} page."},
                                          "## Section\n\nText with a [link](intervention:step-0).\n")
    files["pages/measurement-kit.md"] += "\n[[insert: seb-question]]\n\n[[insert: survey-templates]]\n\n[[insert: benchmarks]]\n"
    files["data/seb_question.yml"] = yaml.safe_dump(seb_data(), sort_keys=False)
    files["data/benchmarks.yml"] = yaml.safe_dump({"benchmarks": [{
        "id": "uk", "label": "UK workforce", "default": True, "date": "2021", "definition": "Everyone in work.",
        "shares": {"professional": 37, "intermediate": 24, "lower": 39}, "source": SOURCE}],
        "say_do_reference": SAY_DO_REFERENCE}, sort_keys=False)
    files["data/claims.yml"] = yaml.safe_dump({"claims": [{"id": "open-to-all", "text": "Our jobs are open to everyone",
                                                           "backed_by": [slugs[0]]}]}, sort_keys=False)
    files["data/advert_rules.yml"] = yaml.safe_dump(advert_rules_data(slugs[0]), sort_keys=False)
    files["data/glossary.yml"] = yaml.safe_dump({"terms": [{"id": "seb", "term": "SEB", "definition": "Socio-economic background."}]})
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def write_mkdocs_yml(folder: Path, content: str = "content", test_calculators: bool = False, plugin: dict | None = None) -> Path:
    """A mkdocs.yml for a site in `folder`, using the project's real config and templates."""
    config = yaml.safe_load(re.sub(r"!ENV \[[^\]]*\]", '""', (PROJECT / "mkdocs.yml").read_text()))
    config["theme"]["custom_dir"] = str(PROJECT / "site_templates" / "overrides")
    config["docs_dir"] = str(PROJECT / "site_templates" / "assets")
    tests = [str(f) for f in TEST_CALCULATORS] if test_calculators else []
    config["plugins"] = [{"toolkit": {"content_dir": content, "test_calculators": tests,
                                      "templates_dir": str(PROJECT / "site_templates"), "calculators_dir": str(PROJECT / "calculators"),
                                      "pyodide_dir": str(PYODIDE_NPM), "cache_dir": str(STDLIB_CACHE), **(plugin or {})}}, "search"]
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def build_site(folder: Path, content: str | Path = "content", test_calculators: bool = False) -> subprocess.CompletedProcess:
    """Run a real `mkdocs build --strict` for the site described in folder."""
    write_mkdocs_yml(folder, str(content), test_calculators)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(folder / "mkdocs.yml")],
                          cwd=folder, capture_output=True, text=True, env=ENV)
