"""Content data for the calculators: the parts of content/ they compute with, as plain JSON.

Built from the validated Toolkit, so the calculators never see content that failed validation."""
from __future__ import annotations

from pathlib import Path

from generator.content.model import Toolkit
from generator.content.schema import EFFORTS, STAGES

DATA_KEYS = {"seb_question": "seb", "benchmarks": "benchmarks", "advert_rules": "advert_rules", "claims": "claims",
             "characteristics": "characteristics"}


def content_data(root: Path | None = None, toolkit: Toolkit | None = None) -> dict:
    if toolkit is None:
        from generator.content.loader import CONTENT, load_toolkit

        toolkit = load_toolkit(root or CONTENT)
    data = {}
    for name, key in DATA_KEYS.items():
        loaded = toolkit.data.get(name)
        data[key] = loaded.get(key, loaded) if isinstance(loaded, dict) else loaded
    groups = {g.get("id"): str(g.get("label", g.get("id"))).lower() for g in (data.get("seb") or {}).get("groups") or ()
              if isinstance(g, dict)}
    data["benchmarks"] = [dict(b, definition=benchmark_definition(b, groups)) for b in data.get("benchmarks") or ()]
    benchmarks = toolkit.data.get("benchmarks")
    data["say_do_reference"] = benchmarks.get("say_do_reference") if isinstance(benchmarks, dict) else None
    data["interventions"] = [
        {"slug": i.slug, "title": i.title, "building_block": i.building_block, "stage": i.stage, "suits": i.suits,
         "effort": i.effort, "summary": i.summary, "calculators": list(i.calculators)}
        for i in sorted(toolkit.interventions, key=lambda i: i.slug)]
    data["building_blocks"] = [{"slug": b.slug, "title": b.title, "order": b.order} for b in toolkit.blocks]
    # the schema's stages and efforts, in order (the say/do practice check ranks its plan by them)
    data["stages"] = [{"id": k, "label": v} for k, v in STAGES.items()]
    data["efforts"] = [{"id": k, "label": v} for k, v in EFFORTS.items()]
    return data


def _share(value) -> str:
    return f"{value:g}%" if isinstance(value, (int, float)) else f"{value}%"


def benchmark_definition(benchmark: dict, groups: dict[str, str]) -> str:
    """A benchmark's definition with its shares written from `shares`, so the two never disagree.

    The author writes who is counted (content/data/benchmarks.yml, definition, with no figures) and
    may name a share that was worked out rather than published (derived: intermediate)."""
    shares = benchmark.get("shares") or {}
    parts = [f"{_share(v)} {'are ' if n == 0 else ''}from {groups.get(k, k)}" for n, (k, v) in enumerate(shares.items())]
    text = str(benchmark.get("definition", "")).strip()
    if parts:
        listed = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]
        text += f" Of those whose background is known, {listed} backgrounds."
    derived = benchmark.get("derived")
    if isinstance(derived, str) and derived in shares:
        text += (f" The {groups.get(derived, derived)} share is what is left once the others are taken away, "
                 "found by subtraction rather than published.")
    return text.strip()
