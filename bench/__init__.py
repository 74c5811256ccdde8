"""Benchmarks (`python -m bench`; `make bench` rewrites BENCHMARKS.md).

They run the calculators on CPython in this source checkout, so they hand them the content data
of content/ (the calculators never import the generator: calculators.core.content.use)."""
from calculators.core import content as _content
from calculators.edges import source_content as _source_content

_content.use(_source_content, unless_given=True)
