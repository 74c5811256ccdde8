"""The data files in content/data/ are validated by jsonschema against schemas generated from one
declaration (generator/content/data_fields.py); each problem names the file, line, field and fix,
and editors get the same schemas (content/schema/data/, named on each file's first line)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from generator.content import data_schema
from generator.content.data_fields import DATA_FILES
from generator.content.errors import ContentErrors
from generator.content.loader import load_toolkit
from sitekit import ENV, PROJECT, make_content


def errors_for(content) -> list:
    with pytest.raises(ContentErrors) as info:
        load_toolkit(content)
    return info.value.errors


def line_of(path, start: str, after: int = 0) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1)
                if n > after and line.lstrip(" -").startswith(start))


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump(path, data) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def content(tmp_path):
    return make_content(tmp_path / "content")


def test_the_schema_files_are_current_and_each_data_file_names_its_schema():
    for spec in DATA_FILES:
        path = PROJECT / "content" / "schema" / "data" / data_schema.schema_file(spec.name)
        assert json.loads(path.read_text(encoding="utf-8")) == data_schema.json_schema(spec.name), \
            f"{path.name} is stale: run `toolkit schema`"
        data = PROJECT / "content" / "data" / spec.name
        if data.exists():
            assert data.read_text(encoding="utf-8").split("\n")[0] == data_schema.modeline(spec.name), \
                f"start {spec.name} with the line that points editors to its schema"


def test_toolkit_schema_writes_the_data_schemas(tmp_path):
    content = make_content(tmp_path / "content")
    run = subprocess.run([sys.executable, "-m", "generator.cli", "--content", str(content), "schema"], capture_output=True, text=True, env=ENV)
    assert run.returncode == 0, run.stderr
    written = sorted(p.name for p in (content / "schema" / "data").glob("*.json"))
    assert written == sorted(data_schema.schema_file(f.name) for f in DATA_FILES)
    rates = json.loads((content / "schema" / "data" / "rates.json").read_text(encoding="utf-8"))
    assert rates["$schema"].endswith("2020-12/schema") and rates["properties"]["rates"]["type"] == "array"


def test_the_schemas_are_valid_json_schemas_and_the_shipped_files_meet_them():
    import jsonschema

    for spec in DATA_FILES:
        schema = data_schema.json_schema(spec.name)
        jsonschema.Draft202012Validator.check_schema(schema)
        path = PROJECT / "content" / "data" / spec.name
        if path.exists():
            from generator.content.reading import read_data

            errors: list = []
            parsed = read_data(path, PROJECT / "content", errors)
            data_schema.check(spec.name, parsed, errors)
            assert errors == [], [str(e) for e in errors]


def _inside(node: dict) -> dict:
    """The set of fields a schema node holds: a list's items, a pattern's mapping form."""
    node = node["items"] if node.get("type") == "array" else node
    return next(n for n in node["anyOf"] if n.get("type") == "object") if "anyOf" in node else node


def test_each_declared_field_is_in_its_schema_with_its_description():
    for spec in DATA_FILES:
        for field in spec.fields:
            node = data_schema.json_schema(spec.name)
            for part in field.path.split("."):
                node = _inside(node)["properties"][part.removesuffix("[]")]
            assert field.description in node["description"], field.path


# Required fields of the fixture's data files, each removed in turn: the error names the file, the
# line of what holds the field, the field by its item's id, and the line to add.
REQUIRED = [(spec.name, f.path) for spec in DATA_FILES if spec.name in ("benchmarks.yml", "glossary.yml", "claims.yml", "seb_question.yml")
            for f in spec.fields if f.required and f.path.count("[]") <= 1 and not any(
                g.path != f.path and f.path.startswith(g.path) and not g.required for g in spec.fields)]


@pytest.mark.parametrize("name, path", REQUIRED)
def test_a_missing_required_field_is_named_with_its_line_and_the_fix(content, name, path):
    file = content / "data" / name
    data = load(file)
    parts = path.split(".")
    holder = data
    for part in parts[:-1]:
        holder = holder[part.removesuffix("[]")]
        if part.endswith("[]"):
            holder = holder[0]
    if parts[-1] not in holder:
        pytest.skip(f"the fixture has no {path}")
    del holder[parts[-1]]
    dump(file, data)
    errors = [e for e in errors_for(content) if e.path == f"content/data/{name}" and e.field.endswith(parts[-1])]
    assert len(errors) == 1, [str(e) for e in errors_for(content)]
    (error,) = errors
    assert error.line >= 1 and f"\u201c{parts[-1]}:\u201d" in error.fix and parts[-1] in error.problem


def test_wrong_values_are_named_by_item_line_and_field_all_in_one_run(content):
    seb, glossary, bench = (content / "data" / n for n in ("seb_question.yml", "glossary.yml", "benchmarks.yml"))
    data = load(seb)
    data["seb"]["options"][2]["code"] = "three"
    data["seb"]["groups"][1]["id"] = "intermediat"
    dump(seb, data)
    data = load(glossary)
    data["terms"][0]["defintion"] = data["terms"][0].pop("definition")
    data["terms"][0]["see_also"] = "seb"
    dump(glossary, data)
    data = load(bench)
    data["benchmarks"][0]["shares"]["lower"] = "39%"
    dump(bench, data)
    errors = {(e.path.rsplit("/", 1)[1], e.field): e for e in errors_for(content)}
    code = errors[("seb_question.yml", "option 3.code")]
    assert code.line == line_of(seb, "code: three") and "whole number" in code.problem and "such as 3" in code.fix
    group = errors[("seb_question.yml", "group intermediat.id")]
    assert group.line == line_of(seb, "id: intermediat") and "Did you mean \u201cintermediate\u201d" in group.fix
    typo = errors[("glossary.yml", "term seb.defintion")]
    assert typo.line == line_of(glossary, "defintion:") and "Did you mean \u201cdefinition\u201d" in typo.fix
    missing = errors[("glossary.yml", "term seb.definition")]
    assert missing.line == line_of(glossary, "defintion:") - 1 or missing.line == line_of(glossary, "id: seb")
    assert "list" in errors[("glossary.yml", "term seb.see_also")].problem
    share = errors[("benchmarks.yml", "benchmark uk.shares.lower")]
    assert share.line == line_of(bench, "lower:") and "number" in share.problem and "13.45" in share.fix


def test_dates_are_read_as_yaml_writes_them_or_quoted(content):
    from generator.content.reading import read_data

    path = content / "data" / "rates.yml"
    for date in ("2026-04-01", "'2026-04-01'"):
        path.write_text(f"rates:\n  - id: a-rate\n    label: A rate\n    value: 12.5\n    effective: {date}\n    review: {date}\n"
                        f"    source: {{title: T, publisher: P, year: 2025, url: 'https://example.org/', checked: {date}}}\n", encoding="utf-8")
        errors: list = []
        data_schema.check("rates.yml", read_data(path, content, errors), errors)
        assert errors == []
    path.write_text(path.read_text(encoding="utf-8").replace("effective: '2026-04-01'", "effective: '2026-13-01'"), encoding="utf-8")
    errors = []
    data_schema.check("rates.yml", read_data(path, content, errors), errors)
    assert [(e.line, e.field) for e in errors] == [(5, "rate a-rate.effective")] and "YYYY-MM-DD" in errors[0].fix


def test_a_file_of_the_wrong_shape_is_one_error_with_the_fix(content):
    (content / "data" / "claims.yml").write_text("- id: a\n  text: b\n", encoding="utf-8")
    (error,) = [e for e in errors_for(content) if e.path.endswith("claims.yml")]
    assert error.line == 1 and "set of fields" in error.problem.lower() + error.fix.lower()
    (content / "data" / "claims.yml").write_text("# nothing yet\n", encoding="utf-8")
    (error,) = [e for e in errors_for(content) if e.path.endswith("claims.yml")]
    assert error.line == 1 and "\u201cclaims:\u201d" in error.fix and "Data files" in error.fix


@pytest.mark.parametrize("value", [".nan", ".inf", "-5", "true", "'39'"])
def test_a_share_that_is_not_a_percentage_is_an_error(content, value):
    path = content / "data" / "benchmarks.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("lower: 39", f"lower: {value}"), encoding="utf-8")
    (error,) = [e for e in errors_for(content) if e.field == "benchmark uk.shares.lower"]
    assert error.line == line_of(path, "lower:") and "number" in error.fix
