"""The content data calculators need (SEB grouping, benchmarks, advert rules, interventions).

It lives in content/ and is exported by the generator; the calculators never import the generator.
Inside the wheel it is the packaged content.json, read through the package's own loader so that it
works whether the wheel is installed, unpacked, or imported straight from the zip (as the browser
does). On CPython, in a source checkout, whoever runs the calculators hands it in with `use`: the
CLI and the pandas adapter (calculators.edges), the tests (tests/conftest.py) and the benchmarks.
(importlib.resources would read the packaged file too, but importing it costs the browser start-up time.)"""
from __future__ import annotations

import json
import os
from typing import Callable

_given: dict | Callable[[], dict] | None = None
_loaded: dict | None = None


def use(data: dict | Callable[[], dict], *, unless_given: bool = False) -> None:
    """Hand the calculators their content data: the data itself, or a function that returns it
    (called once, when a calculator first needs it). unless_given: only if none was handed in yet."""
    global _given, _loaded
    if not (unless_given and _given is not None):
        _given, _loaded = data, None


def load_content() -> dict:
    global _loaded
    if _loaded is None:
        if _given is not None:
            _loaded = _given() if callable(_given) else _given
        else:
            try:
                _loaded = json.loads(__loader__.get_data(os.path.join(os.path.dirname(os.path.dirname(__file__)), "content.json")))
            except OSError:  # not packaged, and nobody handed it in
                raise RuntimeError("The calculators have no content data: outside the site's wheel, hand it in first with "
                                   "calculators.core.content.use(data), for example use(generator.python.calculator_data.content_data) "
                                   "in a source checkout (the CLI and the pandas adapter do this themselves).") from None
    return _loaded
