"""Every kind of content error names the file, the line, the field and the fix, and one run
reports all of them."""
from __future__ import annotations

import subprocess
import sys

import pytest

from generator.errors import ContentErrors
from generator.loader import load_toolkit
from sitekit import ENV, build_site
from sitekit import front, intervention, make_content


def errors_for(content) -> list:
    with pytest.raises(ContentErrors) as info:
        load_toolkit(content)
    return info.value.errors


def only(errors, field):
    found = [e for e in errors if e.field == field]
    assert found, f"no error for {field!r} in {[str(e) for e in errors]}"
    return found


@pytest.fixture
def content(tmp_path):
    return make_content(tmp_path / "content")


def test_the_small_valid_content_loads(content):
    toolkit = load_toolkit(content)
    assert len(toolkit.interventions) == 5 and len(toolkit.blocks) == 5


def test_malformed_yaml_names_the_file_and_its_line(content):
    path = content / "interventions" / "step-1.md"
    lines = path.read_text().split("\n")
    bad = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    lines[bad] = "summary: [unclosed"
    path.write_text("\n".join(lines))
    (error,) = errors_for(content)
    assert error.path == "content/interventions/step-1.md"
    assert error.line in (bad + 1, bad + 2)  # the parser reports where the list could not end
    assert "YAML" in error.problem and "indentation" in error.fix


def test_missing_required_field_is_named_with_how_to_add_it(content):
    path = content / "interventions" / "step-2.md"
    path.write_text(path.read_text().replace("effort: low\n", ""))
    (error,) = only(errors_for(content), "effort")
    assert error.path.endswith("step-2.md") and error.line == 2
    assert "missing" in error.problem and "effort:" in error.fix


def test_wrong_type_names_the_field_its_line_and_an_example(content):
    path = content / "blocks" / "data.md"
    path.write_text(path.read_text().replace("order: 1", "order: first"))
    (error,) = only(errors_for(content), "order")
    assert error.line == 3 and "whole number" in error.problem and "Example: order: 3" in error.fix


def test_unknown_building_block_names_file_line_and_suggestion(content):
    path = content / "interventions" / "step-0.md"
    path.write_text(path.read_text().replace("building_block: data", "building_block: recruitmnt"))
    (error,) = only(errors_for(content), "building_block")
    assert error.line == 3
    assert "recruitmnt" in error.problem and "Did you mean \u201crecruitment\u201d" in error.fix


def test_unknown_stage_suggests_the_nearest(content):
    path = content / "interventions" / "step-0.md"
    path.write_text(path.read_text().replace("stage: getting-started", "stage: getting started"))
    (error,) = only(errors_for(content), "stage")
    assert "getting-started" in error.fix


def test_duplicate_titles_list_every_file(content):
    for n in (1, 2):
        path = content / "interventions" / f"step-{n}.md"
        path.write_text(path.read_text().replace(f"title: Step {n}", "title: The same title"))
    errors = only(errors_for(content), "title")
    assert {e.path for e in errors} == {"content/interventions/step-1.md", "content/interventions/step-2.md"}
    assert all("step-1.md" in e.problem and "step-2.md" in e.problem for e in errors)


def test_duplicate_page_addresses_are_reported(content):
    (content / "pages" / "data.md").write_text(front({"title": "Data again", "summary": "x"}, "Text.\n"))
    errors = only(errors_for(content), "file name")
    assert any("/data/" in e.problem for e in errors)


def test_links_to_missing_interventions_and_pages_name_the_line(content):
    path = content / "interventions" / "step-3.md"
    text = path.read_text().replace("Some text about steps.", "See [this](intervention:step-99) and [that](page:abuot).")
    path.write_text(text)
    errors = only(errors_for(content), "link")
    line = text.split("\n").index("See [this](intervention:step-99) and [that](page:abuot).") + 1
    assert {e.line for e in errors} == {line}
    assert any("step-99" in e.problem for e in errors)
    assert any("about" in e.fix for e in errors if "abuot" in e.problem)


def test_related_must_name_existing_interventions(content):
    path = content / "interventions" / "step-4.md"
    path.write_text(path.read_text().replace("- step-0", "- step-00"))
    (error,) = only(errors_for(content), "related")
    assert "step-00" in error.problem and "step-0" in error.fix and error.line == 9


def test_sources_without_link_or_year_are_reported(content):
    path = content / "interventions" / "step-0.md"
    text = path.read_text().replace("  url: https://example.org/report\n", "").replace("year: 2022", "year: recently")
    path.write_text(text)
    errors = errors_for(content)
    fields = {e.field for e in errors}
    assert "sources[1].url" in fields and "sources[1].year" in fields
    year = only(errors, "sources[1].year")[0]
    assert year.line == text.split("\n").index("  year: recently") + 1


def test_non_utf8_file_names_the_line_of_the_bad_byte(content):
    path = content / "interventions" / "step-1.md"
    raw = path.read_bytes().replace(b"Some text about steps.", b"Caf\xe9 society.")
    path.write_bytes(raw)
    (error,) = errors_for(content)
    assert error.field == "file" and "UTF-8" in error.problem
    assert error.line == raw[: raw.index(b"\xe9")].count(b"\n") + 1


def test_wrong_sections_are_named_with_the_expected_order(content):
    path = content / "interventions" / "step-2.md"
    path.write_text(path.read_text().replace("## Steps", "## What to do"))
    (error,) = only(errors_for(content), "body sections")
    assert "Why it matters; Steps; For small organisations" in error.fix


def test_every_error_is_reported_in_one_run(content):
    (content / "interventions" / "step-0.md").write_text((content / "interventions" / "step-0.md").read_text().replace("stage: getting-started", "stage: soon"))
    (content / "interventions" / "step-1.md").write_text((content / "interventions" / "step-1.md").read_text().replace("effort: low", "effort: huge"))
    (content / "blocks" / "outreach.md").write_text((content / "blocks" / "outreach.md").read_text().replace("order: 5", "order: five"))
    errors = errors_for(content)
    assert {e.field for e in errors} >= {"stage", "effort", "order"}
    assert len({e.path for e in errors}) == 3


def test_empty_or_missing_content_gives_one_clear_message(tmp_path):
    for folder in (tmp_path / "missing", tmp_path / "empty"):
        if folder.name == "empty":
            folder.mkdir()
        (error,) = errors_for(folder)
        assert "missing or has no Markdown files" in error.problem


def test_unknown_front_matter_field_suggests_the_right_one(content):
    path = content / "interventions" / "step-0.md"
    path.write_text(path.read_text().replace("effort: low", "effort: low\nsumary: typo"))
    (error,) = only(errors_for(content), "sumary")
    assert "summary" in error.fix


def test_benchmark_shares_must_add_up_to_100(content):
    path = content / "data" / "benchmarks.yml"
    path.write_text(path.read_text().replace("lower: 39", "lower: 49"))
    errors = errors_for(content)
    assert any("add up to 110" in e.problem and e.line > 1 for e in errors)


def test_unknown_insert_is_reported(content):
    path = content / "pages" / "about.md"
    path.write_text(path.read_text() + "\n[[insert: seb-questions]]\n")
    (error,) = only(errors_for(content), "insert")
    assert "seb-question" in error.fix


def test_strict_build_fails_and_prints_every_error(tmp_path):
    content = make_content(tmp_path / "content")
    path = content / "interventions" / "step-0.md"
    path.write_text(path.read_text().replace("stage: getting-started", "stage: later"))
    result = build_site(tmp_path)
    assert result.returncode != 0
    assert "content/interventions/step-0.md:5: stage" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists(), "a half-built site was left behind"


def test_toolkit_check_exits_non_zero_and_lists_errors(tmp_path):
    content = make_content(tmp_path / "content")
    ok = subprocess.run([sys.executable, "-m", "generator.cli", "--content", str(content), "check"], capture_output=True, text=True, env=ENV)
    assert ok.returncode == 0 and "The content is valid" in ok.stdout
    path = content / "interventions" / "step-0.md"
    path.write_text(path.read_text().replace("suits: every-size", "suits: tiny"))
    bad = subprocess.run([sys.executable, "-m", "generator.cli", "--content", str(content), "check"], capture_output=True, text=True, env=ENV)
    assert bad.returncode == 1 and "step-0.md:6: suits" in bad.stderr and "Fix:" in bad.stderr


def test_a_bad_pattern_in_the_advert_rules_names_the_rule_and_its_line(tmp_path):
    import shutil

    from sitekit import PROJECT

    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    path = content / "data" / "advert_rules.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("    - id: degree-required")
    first = next(n for n in range(start, len(lines)) if lines[n].strip() == "patterns:") + 1
    lines[first] = lines[first][: lines[first].index("- ")] + "- '(unclosed'"
    path.write_text("\n".join(lines), encoding="utf-8")
    (error,) = errors_for(content)
    assert error.path == "content/data/advert_rules.yml" and error.line == first + 1
    assert error.field == "rule degree-required" and "(unclosed" in error.problem and "re.compile" in error.fix
