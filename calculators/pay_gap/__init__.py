"""The class pay gap: hourly pay by socio-economic background (SEB), as gender pay gaps are
reported, with the gap within levels beside the overall gap.

- `reading`: the CSV of one row per employee (hourly pay, or annual pay and weekly hours).
- `figures`: means, medians, gaps, pay quartiles and the bootstrap interval of the median gap.
- `report`: the result: sentences, protected tables, a chart and downloads.
- `spec`: the inputs, the method and `run`.
"""
from .spec import SPEC, run

__all__ = ["SPEC", "run"]
