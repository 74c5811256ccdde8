"""Every calculator the site and the CLI know about. Adding one: write its module with a SPEC
and name the module here. The runtime, the form renderer and the CLI need no change."""
from __future__ import annotations

from importlib import import_module

from calculators.core.spec import CalculatorSpec

# calculator id -> the module (calculators.<module>) whose SPEC it is. Looking one up imports only
# that module, so a page starts only the calculator it shows.
MODULES = {
    "response-rate": "response_rate.spec",
    "test-hang": "hang",
    "say-do-gap": "say_do.spec",
    "representation-gap": "representation.spec",
    "job-advert-checker": "job_advert.spec",
    "job-advert-batch": "job_advert.batch_spec",
    "class-pay-gap": "pay_gap",
    "peer-benchmark": "peer_benchmark.spec",
}


def all_specs(include_test_only: bool = False) -> list[CalculatorSpec]:
    specs = [import_module(f"calculators.{name}").SPEC for name in MODULES.values()]
    return [s for s in specs if include_test_only or not s.test_only]


def get(calculator_id: str, include_test_only: bool = True) -> CalculatorSpec:
    if calculator_id in MODULES:
        spec = import_module(f"calculators.{MODULES[calculator_id]}").SPEC
        if spec.id == calculator_id and (include_test_only or not spec.test_only):
            return spec
    known = ", ".join(s.id for s in all_specs())
    raise KeyError(f"No calculator called {calculator_id!r}. Choose one of: {known}")
