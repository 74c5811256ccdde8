"""Test sites only: calculators that exist for the tests (one that hangs, for the watchdog). Each file
defines SPEC = CalculatorSpec(..., test_only=True); the build registers it, so its page is made, and
puts it in that site's wheel (generator/python/wheel.py). The shipped site names none."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Sequence

from generator.failures import BuildError


def register_test_calculators(root: Path, files: Sequence[str]) -> list[Path]:
    """Load each file (relative to the project's root) and register its SPEC; returns the files."""
    from calculators.core.registry import register

    paths = [(root / f).resolve() for f in files]
    for path in paths:
        try:
            module_spec = importlib.util.spec_from_file_location(f"toolkit_test_calculator_{path.stem}", path)
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
            register(module.SPEC)
        except (OSError, AttributeError, ValueError) as exc:
            raise BuildError(f"test_calculators: {path} cannot be used as a test calculator ({exc}). "
                             "Name Python files that each define SPEC = CalculatorSpec(..., test_only=True).") from None
    return paths
