"""Content data for the calculators: the parts of content/ they compute with, as plain JSON.

Provisional: reads the data files directly. It will be built from the validated Toolkit model."""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent / "content"


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def content_data(root: Path = ROOT) -> dict:
    data = {}
    for name, key in (("seb_question", "seb"), ("benchmarks", "benchmarks"), ("advert_rules", "advert_rules"), ("claims", "claims")):
        path = root / "data" / f"{name}.yml"
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
        data[key] = loaded.get(key, loaded) if isinstance(loaded, dict) and key in loaded else loaded
    interventions = []
    for path in sorted((root / "interventions").glob("*.md")):
        fm = _front_matter(path)
        interventions.append({"slug": path.stem, **{k: fm.get(k) for k in ("title", "building_block", "stage", "suits", "effort", "summary", "calculators")}})
    data["interventions"] = interventions
    data["building_blocks"] = [
        {"slug": p.stem, "title": _front_matter(p).get("title"), "order": _front_matter(p).get("order")}
        for p in sorted((root / "blocks").glob("*.md"))
    ]
    return data
