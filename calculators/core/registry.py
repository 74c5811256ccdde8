"""Every calculator the site and the CLI know about. Adding one: write its module with a SPEC
and name the module here. The runtime, the form renderer and the CLI need no change.

Test-only calculators (a calculator that hangs, for the browser's watchdog) are not part of the
package: they live under tests/ and a test site's build adds them (the toolkit plugin's
`test_calculators` in mkdocs.yml). Registering one (`register`) is how they are found: on CPython
the build registers them itself; in a test site's wheel, its calculators/testing/ package does."""
from __future__ import annotations

from importlib import import_module

from calculators.core.spec import CalculatorSpec

# calculator id -> the module (calculators.<module>) whose SPEC it is. Looking one up imports only
# that module, so a page starts only the calculator it shows.
MODULES = {
    "response-rate": "response_rate.spec",
    "say-do-gap": "say_do.spec",
    "representation-gap": "representation.spec",
    "job-advert-checker": "job_advert.spec",
    "job-advert-batch": "job_advert.batch_spec",
    "class-pay-gap": "pay_gap",
    "peer-benchmark": "peer_benchmark.spec",
}
_registered: dict[str, CalculatorSpec] = {}  # test-only calculators, by id
_looked_for_testing = False


def register(spec: CalculatorSpec) -> None:
    """Add a test-only calculator. Refuses any other: a calculator for visitors is named in MODULES."""
    if not spec.test_only:
        raise ValueError(f"The calculator {spec.id!r} is not marked test_only=True, so it cannot be registered as a test "
                         "calculator: name its module in calculators/core/registry.py MODULES instead.")
    if spec.id in MODULES:
        raise ValueError(f"A test calculator cannot take the id {spec.id!r}: a calculator for visitors has it. Choose another id.")
    _registered[spec.id] = spec


def _test_specs() -> dict[str, CalculatorSpec]:
    global _looked_for_testing
    if not _looked_for_testing:
        _looked_for_testing = True
        try:  # only a test site's wheel has it (generator/python/wheel.py); importing it registers its calculators
            import_module("calculators.testing")
        except ModuleNotFoundError as exc:
            if exc.name != "calculators.testing":
                raise
    return _registered


def all_specs(include_test_only: bool = False) -> list[CalculatorSpec]:
    specs = [import_module(f"calculators.{name}").SPEC for name in MODULES.values()]
    return specs + list(_test_specs().values()) if include_test_only else specs


def get(calculator_id: str, include_test_only: bool = True) -> CalculatorSpec:
    if calculator_id in MODULES:
        spec = import_module(f"calculators.{MODULES[calculator_id]}").SPEC
        if spec.id == calculator_id:
            return spec
    if include_test_only and calculator_id in _test_specs():
        return _test_specs()[calculator_id]
    known = ", ".join(s.id for s in all_specs())
    raise KeyError(f"No calculator called {calculator_id!r}. Choose one of: {known}")


def link(calculator_id: str, name: str) -> str:
    """The page a calculator's results link to under `name`, as its spec declares it (spec.links),
    for the modules of a calculator that cannot import its spec."""
    return get(calculator_id).links[name]
