"""The pages calculators link to from their results: each declared on its spec (`links`) and checked
here, so renaming or removing a page fails `toolkit check` and the build, naming the calculator and
the link, instead of the link quietly vanishing from results.

Calculators may link to interventions and to other calculators only: those are the links the
calculator page's front end can turn into addresses (generator.render.pages, `form`)."""
from __future__ import annotations

import sys
from pathlib import Path

from generator.content.errors import ContentError, did_you_mean, rel

PROJECT = Path(__file__).resolve().parents[2]
RESULT_SCHEMES = ("intervention", "calculator")  # what a calculator's results may link to


def _declared_at(spec) -> tuple[str, str]:
    """The file that declares the spec (relative to the project) and its text."""
    module = sys.modules.get(getattr(spec.run, "__module__", ""))
    path = Path(getattr(module, "__file__", "") or "")
    try:
        return rel(path, PROJECT), path.read_text(encoding="utf-8")
    except OSError:
        return "calculators/", ""


def check_calculator_links(targets: dict[str, set[str]], errors: list[ContentError]) -> None:
    """Every link on every calculator's spec names an intervention or calculator that exists."""
    from calculators.core.registry import all_specs

    for spec in all_specs():
        path, text = _declared_at(spec)
        for name, target in spec.links.items():
            scheme, _, slug = str(target).partition(":")
            if scheme in RESULT_SCHEMES and slug in targets.get(scheme, ()):
                continue
            at = text.find(f'"{target}"')
            line = text.count("\n", 0, at) + 1 if at >= 0 else 0
            if scheme not in RESULT_SCHEMES:
                problem = (f"the {spec.id} calculator's link \u201c{name}\u201d is \u201c{target}\u201d; results can link only to "
                           "intervention:<slug> or calculator:<id>")
                fix = "Link to an intervention or a calculator, written as intervention:<file name> or calculator:<id>."
            else:
                problem = (f"the {spec.id} calculator links to \u201c{target}\u201d (its link \u201c{name}\u201d), but there is no "
                           f"{scheme} \u201c{slug}\u201d: was it renamed or removed? Its results would lose that link")
                where = "content/interventions/" if scheme == "intervention" else "calculators/core/registry.py"
                fix = (f"Give the {scheme} its old name back ({where}), or change the link in {path} to the new name."
                       f"{did_you_mean(slug, sorted(targets.get(scheme, ())))}")
            errors.append(ContentError(path, line, f"calculator {spec.id}, link {name}", problem, fix))
