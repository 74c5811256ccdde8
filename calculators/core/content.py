"""The content data calculators need (SEB grouping, benchmarks, advert rules, interventions).

It lives in content/ and is exported by the generator. Inside the wheel it is the packaged
content.json, read through the package's own loader so that it works whether the wheel is
installed, unpacked, or imported straight from the zip (as the browser does); in a source checkout
it is read from content/. (importlib.resources would do the same, but importing it costs the browser
about 16 ms of start-up.)"""
from __future__ import annotations

import json
import os
from functools import lru_cache


@lru_cache(maxsize=1)
def load_content() -> dict:
    try:
        return json.loads(__loader__.get_data(os.path.join(os.path.dirname(os.path.dirname(__file__)), "content.json")))
    except OSError:  # not packaged: a source checkout
        pass
    from generator.python.calculator_data import content_data  # source checkout on CPython only

    return content_data()
