"""Every calculator the site and the CLI know about. Adding one: write its module with a SPEC
and name the module here. The runtime, the form renderer and the CLI need no change."""
from __future__ import annotations

from importlib import import_module

from .spec import CalculatorSpec

MODULES = ("example", "hang", "saydo", "representation", "advert")  # calculators.<module>.SPEC


def all_specs(include_test_only: bool = False) -> list[CalculatorSpec]:
    specs = [import_module(f"calculators.{name}").SPEC for name in MODULES]
    return [s for s in specs if include_test_only or not s.test_only]


def get(calculator_id: str, include_test_only: bool = True) -> CalculatorSpec:
    for spec in all_specs(include_test_only):
        if spec.id == calculator_id:
            return spec
    known = ", ".join(s.id for s in all_specs())
    raise KeyError(f"No calculator called {calculator_id!r}. Choose one of: {known}")
