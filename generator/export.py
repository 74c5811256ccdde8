"""Content data for the calculators: the parts of content/ they compute with, as plain JSON.

Built from the validated Toolkit, so the calculators never see content that failed validation."""
from __future__ import annotations

from pathlib import Path

from .model import Toolkit

DATA_KEYS = {"seb_question": "seb", "benchmarks": "benchmarks", "advert_rules": "advert_rules", "claims": "claims"}


def content_data(root: Path | None = None, toolkit: Toolkit | None = None) -> dict:
    if toolkit is None:
        from .loader import CONTENT, load_toolkit

        toolkit = load_toolkit(root or CONTENT)
    data = {}
    for name, key in DATA_KEYS.items():
        loaded = toolkit.data.get(name)
        data[key] = loaded.get(key, loaded) if isinstance(loaded, dict) else loaded
    data["interventions"] = [
        {"slug": i.slug, "title": i.title, "building_block": i.building_block, "stage": i.stage, "suits": i.suits,
         "effort": i.effort, "summary": i.summary, "calculators": list(i.calculators)}
        for i in sorted(toolkit.interventions, key=lambda i: i.slug)]
    data["building_blocks"] = [{"slug": b.slug, "title": b.title, "order": b.order} for b in toolkit.blocks]
    return data
