"""The CPython-only edges: the CLI (`python -m calculators`) and the pandas adapter. They never go
into the browser's wheel (generator/python/wheel.py CPYTHON_ONLY).

The calculators never import the generator, so the edges hand them the content data: importing
this package makes the source checkout's content/ (read and validated by the generator) the data
the calculators use, unless some was handed in already (calculators.core.content.use)."""
from __future__ import annotations

from calculators.core import content


def source_content() -> dict:
    """The content data of this source checkout's content/, as the site's wheel would carry it."""
    from generator.python.calculator_data import content_data

    return content_data()


content.use(source_content, unless_given=True)
