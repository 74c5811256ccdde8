"""Content constants come from content, never restated in calculator code (issue 26): the SEB
grouping, the groups, the stages, the say/do reference figures; and every page a calculator's
results link to is declared on its spec and checked by `toolkit check` and the build."""
from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from calculators.core.registry import all_specs, get
from calculators.core.spec import CalculatorSpec, Output, for_content, run
from calculators.shared.seb import GROUPS, grouping_from
from generator.content.calculator_links import check_calculator_links
from generator.content.errors import ContentErrors
from generator.content.loader import load_toolkit
from generator.python.calculator_data import content_data
from sitekit import ENV, PROJECT, build_site, make_content

# A link as results write it: "intervention:<slug>" (or another scheme the site knows).
LINK = re.compile(r"^(?:intervention|calculator|block|page|glossary):[a-z0-9-]+")


def problems(content) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_toolkit(content)
    return [str(e) for e in caught.value.errors]


# ---- links ------------------------------------------------------------------------------------

def test_a_renamed_intervention_fails_the_check_and_the_build_naming_the_calculator_and_the_link(tmp_path):
    spec, name, target = next((s, n, t) for s in all_specs() for n, t in sorted(s.links.items()) if t.startswith("intervention:"))
    slug = target.partition(":")[2]
    content = shutil.copytree(PROJECT / "content", tmp_path / "content")
    page = content / "interventions" / f"{slug}.md"
    page.rename(page.with_name(f"{slug}-renamed.md"))
    declared_in = sys.modules[spec.run.__module__].__file__.removeprefix(str(PROJECT) + "/")
    said = f"the {spec.id} calculator links to \u201c{target}\u201d (its link \u201c{name}\u201d), but there is no intervention \u201c{slug}\u201d"

    check = subprocess.run([sys.executable, "-m", "generator.cli", "--content", str(content), "check"], capture_output=True,
                           text=True, env=ENV, cwd=PROJECT)
    assert check.returncode == 1
    line = next(line for line in check.stderr.splitlines() if said in line)
    assert line.startswith(f"{declared_in}:") and f": calculator {spec.id}, link {name}: " in line
    assert f"Did you mean \u201c{slug}-renamed\u201d?" in check.stderr

    build = build_site(tmp_path)  # mkdocs build --strict, as CI builds the site
    assert build.returncode != 0 and said in build.stderr


def _spec_with_links(links: dict) -> CalculatorSpec:
    return CalculatorSpec(id="linker", title="Linker", summary="Links.", inputs=(), outputs=(Output("summary", "summary", "S"),),
                          run=lambda values, content: {}, links=links)


def test_calculators_may_link_only_to_pages_the_result_page_can_resolve(monkeypatch):
    # the calculator page turns intervention: and calculator: links into addresses; anything else
    # would be dropped, so the build refuses it
    monkeypatch.setattr("calculators.core.registry.all_specs", lambda: [_spec_with_links(
        {"about": "page:about", "fine": "intervention:step-0", "self": "calculator:linker", "gone": "intervention:gone"})])
    errors: list = []
    check_calculator_links({"intervention": {"step-0"}, "calculator": {"linker"}, "page": {"about"}}, errors)
    assert [e.field for e in errors] == ["calculator linker, link about", "calculator linker, link gone"]
    assert "results can link only to intervention:<slug> or calculator:<id>" in errors[0].problem
    assert "there is no intervention \u201cgone\u201d" in errors[1].problem


def test_no_calculator_writes_a_link_outside_its_specs_links():
    found = []
    for path in sorted((PROJECT / "calculators").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        declared = {id(n) for call in ast.walk(tree) if isinstance(call, ast.Call)
                    for kw in call.keywords if kw.arg == "links" for n in ast.walk(kw.value)}
        found += [f"{path.relative_to(PROJECT)}:{n.lineno}: {n.value}" for n in ast.walk(tree)
                  if isinstance(n, ast.Constant) and isinstance(n.value, str) and LINK.match(n.value) and id(n) not in declared]
    assert not found, "declare these on the calculator's spec (links=...) and use them by name:\n" + "\n".join(found)


def test_every_declared_link_resolves_in_the_shipped_content():
    toolkit = load_toolkit()
    interventions, calculators = {i.slug for i in toolkit.interventions}, {s.id for s in all_specs()}
    for spec in all_specs():
        for target in spec.links.values():
            scheme, _, slug = target.partition(":")
            assert slug in {"intervention": interventions, "calculator": calculators}[scheme], (spec.id, target)


# ---- the grouping and the groups ----------------------------------------------------------------

def regrouped_content(tmp_path):
    """Fixture content whose grouping puts answer 7 in the lower group instead of intermediate."""
    content = make_content(tmp_path / "content")
    path = content / "data" / "seb_question.yml"
    data = yaml.safe_load(path.read_text())
    for option in data["seb"]["options"]:
        option["group"] = {3: "intermediate", 7: "lower"}.get(option["code"], option["group"])
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return content


def test_the_grouping_in_results_hints_and_method_is_the_contents(tmp_path):
    data = content_data(regrouped_content(tmp_path))
    grouping = grouping_from(data)
    codes = {g: grouping.codes(g) for g in (*GROUPS, "unknown")}
    assert codes == {"professional": "1 and 2", "intermediate": "3", "lower": "4 to 7", "unknown": "8 and 9"}
    spec = get("representation-gap")
    outcome = run(spec, {"source": "form", "levels": [{"level": "All", "professional": 20, "intermediate": 20, "lower": 20}]}, data)
    notices = " ".join(n["text"] for n in outcome["result"]["notices"])
    assert "options 1 and 2 are professional, 3 intermediate, 4 to 7 lower." in notices
    shown = for_content(spec, data)
    hints = {c.name: c.hint for c in shown.input("levels").columns}
    assert hints["lower"] == "Answers 4 to 7." and hints["intermediate"] == "Answers 3." and hints["not_known"].startswith("Answers 8 and 9")
    assert "(options 1 and 2 professional, 3 intermediate, 4 to 7 lower)" in shown.method
    pay = run(get("class-pay-gap"), {"source": "file", "upload": "answer,hourly pay\n" + "1,20\n4,10\n" * 12}, data)
    assert any("options 1 and 2 are professional, 3 intermediate, 4 to 7 lower;" in n["text"] for n in pay["result"]["notices"])


def test_codes_in_words():
    grouping = grouping_from({"seb": {"options": [{"code": c, "text": f"Option {c}", "group": g}
                                                  for c, g in ((1, "lower"), (3, "lower"), (5, "lower"), (2, "professional"))]}})
    assert (grouping.codes("lower"), grouping.codes("professional"), grouping.codes("intermediate")) == ("1, 3 and 5", "2", "")


def test_the_content_must_list_exactly_the_groups_the_calculators_count(tmp_path):
    content = make_content(tmp_path / "content")
    path = content / "data" / "seb_question.yml"
    data = yaml.safe_load(path.read_text())
    data["seb"]["groups"] = list(reversed(data["seb"]["groups"]))
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    found = [p for p in problems(content) if "seb.groups" in p]
    assert found and "seb_question.yml" in found[0] and ", ".join(GROUPS) in found[0] and "Fix:" in found[0]


# ---- the say/do reference figures -----------------------------------------------------------------

def test_the_say_do_reference_is_read_from_benchmarks_yml(tmp_path):
    content = make_content(tmp_path / "content")
    path = content / "data" / "benchmarks.yml"
    data = yaml.safe_load(path.read_text())
    data["say_do_reference"].update(say=64, do=31, label="Our survey (2025)")
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    outcome = run(get("say-do-gap"), {"mode": "survey", "teams": [{"respondents": 40, "inclusive_yes": 20, "programme_yes": 10}]},
                  content_data(content))
    overall = next(t for t in outcome["result"]["tables"] if t["id"] == "overall")
    assert [r["cmi"] for r in overall["rows"]] == [64, 31, 33] and "Our survey (2025)" in str(overall["columns"])


@pytest.mark.parametrize("edit, field", [(lambda r: r.update(say=180), "say_do_reference.say"),
                                         (lambda r: r.update(do="twenty"), "say_do_reference.do"),
                                         (lambda r: r.pop("source"), "say_do_reference.source")])
def test_a_wrong_say_do_reference_is_named_with_its_fix(tmp_path, edit, field):
    content = make_content(tmp_path / "content")
    path = content / "data" / "benchmarks.yml"
    data = yaml.safe_load(path.read_text())
    edit(data["say_do_reference"])
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    found = [p for p in problems(content) if f": {field}: " in p]
    assert found and "benchmarks.yml:" in found[0] and "Fix:" in found[0]


def test_content_without_a_say_do_reference_fails_the_check(tmp_path):
    content = make_content(tmp_path / "content")
    path = content / "data" / "benchmarks.yml"
    data = yaml.safe_load(path.read_text())
    del data["say_do_reference"]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert any("say_do_reference" in p and "no " in p and "Fix:" in p for p in problems(content))


# ---- the stages -----------------------------------------------------------------------------------

def test_the_content_data_carries_the_stages_in_the_schemas_order():
    from generator.content.schema import STAGES

    assert [(s["id"], s["label"]) for s in content_data()["stages"]] == list(STAGES.items())
    practice_check = (PROJECT / "calculators" / "say_do" / "practice_check.py").read_text()
    assert not any(f'"{stage}"' in practice_check for stage in STAGES), "a stage is written out in the practice check"
