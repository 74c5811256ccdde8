"""The content data calculators need (SEB grouping, benchmarks, advert rules, interventions).

It lives in content/ and is exported by the generator. Inside the wheel it is the packaged
content.json, read through importlib.resources so that it works whether the wheel is installed,
unpacked, or imported straight from the zip (as the browser does); in a source checkout it is read
from content/."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files


@lru_cache(maxsize=1)
def load_content() -> dict:
    packaged = files(__package__) / "content.json"
    if packaged.is_file():
        return json.loads(packaged.read_text(encoding="utf-8"))
    from generator.export import content_data  # source checkout on CPython only

    return content_data()
