"""Every kind of content error names the file, the line, the field and the fix, and one run
reports all of them."""
from __future__ import annotations

import subprocess
import sys

import pytest

from generator.content.errors import ContentErrors
from generator.content.loader import load_toolkit
from sitekit import ENV, build_site
from sitekit import calculator_link_slugs, front, make_content


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
    assert len(toolkit.interventions) == 5 + len(calculator_link_slugs()) and len(toolkit.blocks) == 5


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


# --- Plain YAML errors (issue 24): each names the cause on the right line, with a fix -----------

def set_line(path, n: int, text: str) -> None:
    """Replace line n (1-based) of a file."""
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[n - 1] = text
    path.write_text("\n".join(lines), encoding="utf-8")


def line_of(path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1) if line.lstrip().startswith(start))


def test_a_tab_is_named_on_its_line(content):
    path = content / "data" / "glossary.yml"
    n = line_of(path, "term:")
    set_line(path, n, "\tterm: SEB")
    (error,) = errors_for(content)
    assert str(error) == (f"content/data/glossary.yml:{n}: data: the line has a tab character, and YAML only accepts spaces "
                          "for indentation\n    Fix: Replace the tab with spaces (most editors can show tabs, and convert them "
                          "with \u201cIndent using spaces\u201d).")


def test_a_quote_closed_with_a_curly_quote_is_named_where_it_opened(content):
    path = content / "interventions" / "step-0.md"
    n = line_of(path, "summary:")
    set_line(path, n, 'summary: "Do the first step\u201d')
    (error,) = errors_for(content)
    assert (error.path, error.line, error.field) == ("content/interventions/step-0.md", n, "front matter")
    last = len(path.read_text().split("---\n")[1].split("\n"))  # YAML reads on to the end of the front matter
    assert error.problem == ("the text that starts here opens with a straight quote \u201c\"\u201d but closes with a curly quote "
                             f"\u201c\u201d\u201d, so YAML reads on to line {last} looking for the end")
    assert error.fix == "Use straight quotes at both ends, for example: title: \"Your text\". A curly quote inside the text is fine."


def test_a_value_opening_with_a_curly_quote_is_named(content):
    path = content / "interventions" / "step-0.md"
    n = line_of(path, "summary:")
    set_line(path, n, "summary: \u201cPay: what to publish\u201d")
    (error,) = errors_for(content)
    assert str(error) == (f"content/interventions/step-0.md:{n}: front matter: a value starts with a curly quote \u201c\u201c\u201d, "
                          f"which YAML does not read as a quote, so the text after it is taken as YAML (it fails at line {n})\n"
                          "    Fix: Use straight quotes around the value (\" or '), or remove the quotes.")


def test_a_curly_quote_elsewhere_is_not_blamed_for_another_mistake(content):
    path = content / "interventions" / "step-0.md"
    set_line(path, line_of(path, "summary:"), "summary: \u201cQuoted\u201d is fine here")
    load_toolkit(content)
    n = line_of(path, "effort:")
    set_line(path, n, "effort: [low")
    (error,) = errors_for(content)
    assert "curly" not in error.problem and error.problem.startswith("the YAML cannot be read")


def test_a_missing_colon_is_named_on_its_own_line(content):
    path = content / "interventions" / "step-0.md"
    n = line_of(path, "effort:")
    set_line(path, n, "effort low")
    (error,) = errors_for(content)
    assert str(error) == (f"content/interventions/step-0.md:{n}: front matter: the line has no colon after the field name\n"
                          "    Fix: Write it as \u201cname: value\u201d, with a colon and a space after the name.")


def test_a_colon_inside_a_value_says_to_quote_it(content):
    path = content / "interventions" / "step-0.md"
    n = line_of(path, "summary:")
    set_line(path, n, "summary: Pay: what to publish")
    (error,) = errors_for(content)
    assert str(error) == (f"content/interventions/step-0.md:{n}: front matter: the value has a colon followed by a space, which YAML "
                          "reads as the start of another field\n"
                          "    Fix: Put the whole value in double quotes, for example: summary: \"Pay: what to publish\".")


def test_an_unreadable_data_file_gives_one_error_and_no_knock_on_errors(content):
    """A tab in glossary.yml used to give dozens of errors: the file 'missing' (with advice to run
    git checkout, which throws edits away) and every glossary link 'broken'."""
    page = content / "pages" / "about.md"
    page.write_text(page.read_text() + "\nSee [SEB](glossary:seb).\n")
    load_toolkit(content)  # the link is fine while the glossary can be read
    path = content / "data" / "glossary.yml"
    set_line(path, line_of(path, "term:"), "\tterm: SEB")
    errors = errors_for(content)
    assert [(e.path, e.field) for e in errors] == [("content/data/glossary.yml", "data")]
    assert "tab" in errors[0].problem


def test_no_fix_advises_a_command_that_discards_work(content):
    for name in ("claims", "advert_rules", "glossary"):
        (content / "data" / f"{name}.yml").unlink()
    errors = errors_for(content)
    assert len(errors) == 3
    for error in errors:
        assert "checkout" not in error.fix and "reset" not in error.fix, str(error)


@pytest.mark.parametrize("name, what", [("claims", "the statements of the say/do practice check"),
                                        ("advert_rules", "the rules of the job-advert checker")])
def test_a_missing_required_data_file_is_a_content_error(content, name, what):
    (content / "data" / f"{name}.yml").unlink()
    (error,) = errors_for(content)
    assert str(error) == (f"content/data/{name}.yml: file: the data file {name}.yml is missing; it holds {what}\n"
                          f"    Fix: Put the file back. If it was deleted by mistake, \u201cgit restore content/data/{name}.yml\u201d "
                          "brings back the last committed copy of that one file (it changes no other file). "
                          "The author guide\u2019s \u201cData files\u201d section describes it.")


def test_curly_quotes_in_an_advert_pattern_are_an_error_with_the_fix(content):
    path = content / "data" / "advert_rules.yml"
    n = line_of(path, "- degree required")
    set_line(path, n, path.read_text().split("\n")[n - 1].replace("- degree required", "- \u2018degree required\u2019"))
    (error,) = errors_for(content)
    assert str(error) == (f"content/data/advert_rules.yml:{n}: rule degree-required: the pattern '\u2018degree required\u2019' has "
                          "curly quotes (\u201c \u201d \u2018 \u2019); adverts are matched with straight quotes, so it would never match\n"
                          "    Fix: Use straight quotes: put the pattern in single quotes, as in - 'degree required', and write an "
                          "apostrophe inside it as two ('don''t').")


def test_advert_rule_errors_point_to_author_guide_sections_that_exist(content):
    import re

    from generator.content.data_checks import GUIDE_ADVERT_RULES, GUIDE_DATA_FILES
    from generator.python.calculator_data import content_data
    from generator.render.pages import Renderer

    path = content / "data" / "advert_rules.yml"
    path.write_text(path.read_text().replace("severity: barrier", "severity: barrier\n    colour: red"))
    (error,) = errors_for(content)
    assert error.fix == f"Correct this entry as the message says; the section \u201c{GUIDE_ADVERT_RULES}\u201d of the author guide lists the fields of a rule."
    path.write_text("advert_rules: []\nnot_rules: 1\n")
    fixes = " ".join(e.fix for e in errors_for(content))
    named = set(re.findall(r"section \u201c([^\u201d]+)\u201d|\u201c([^\u201d]+)\u201d section", fixes + " " + error.fix))
    named = {a or b for a, b in named}
    assert named >= {GUIDE_ADVERT_RULES}
    fresh = make_content(content.parent / "fresh")
    toolkit = load_toolkit(fresh)
    guide = Renderer(toolkit, content_data(toolkit=toolkit)).tree().files["authors.md"]
    headings = set(re.findall(r"^## (.+)$", guide, re.M))
    assert {GUIDE_ADVERT_RULES, GUIDE_DATA_FILES} | named <= headings


def test_a_broken_anchor_names_the_content_file_and_line(tmp_path):
    content = make_content(tmp_path / "content")
    path = content / "interventions" / "step-0.md"
    path.write_text(path.read_text().replace("Some text about steps.", "Some text about steps.\n\nSee [the pitfalls](intervention:step-1#no-such-part)."))
    n = line_of(path, "See [the pitfalls]")
    from sitekit import write_mkdocs_yml

    write_mkdocs_yml(tmp_path)  # not -q: MkDocs checks anchors only when it would show the warning
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml")],
                            cwd=tmp_path, capture_output=True, text=True, env=ENV)
    assert result.returncode != 0
    # The content rules catch it before MkDocs does (generator/content/rules.py); either way the
    # message names the content file, the line and the link as written, never a generated file.
    assert f"content/interventions/step-0.md:{n}: link: the link \u201cintervention:step-1#no-such-part\u201d points to" in result.stderr
    assert "build/docs" not in result.stderr
