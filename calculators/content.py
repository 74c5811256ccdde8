"""The content data calculators need (SEB grouping, benchmarks, advert rules, interventions).

It lives in content/ and is exported by the generator. Inside the wheel (browser or an installed
package) it is the packaged content.json; in a source checkout it is read from content/."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

PACKAGED = Path(__file__).with_name("content.json")


@lru_cache(maxsize=1)
def load_content() -> dict:
    if PACKAGED.exists():
        return json.loads(PACKAGED.read_text(encoding="utf-8"))
    from generator.export import content_data  # source checkout on CPython only

    return content_data()
