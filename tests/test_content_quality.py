"""The content rules (generator/content/rules.py), tested on fixture content: each rule catches its
mistake with the file, line, field and fix. The shipped content passes them because loading it
runs them (as `toolkit check` and the build do), so no test here restates its prose or figures."""
from __future__ import annotations

import re
from datetime import date
from collections import Counter

import pytest
import yaml

from generator.content import rules as content_rules
from generator.cli import main as toolkit_cli
from generator.content.rules import FIGURE, INTERVENTION_WORDS, LONGEST_SENTENCE, MIN_READING_EASE, measure
from generator.content.errors import ContentErrors
from generator.python.calculator_data import content_data
from generator.content.loader import load_toolkit
from generator.content.schema import BUILDING_BLOCKS, STAGES
from sitekit import PLAIN, PROJECT, make_content

REQUIRED_TERMS = {"seb", "ns-sec", "progression-gap", "class-pay-gap", "contextual-recruitment", "benchmark"}
@pytest.fixture(scope="module")
def toolkit():
    return load_toolkit(PROJECT / "content")


def documents(toolkit):
    return [*toolkit.blocks, *toolkit.interventions, *toolkit.pages]


def test_at_least_35_interventions_and_5_per_block_across_every_stage(toolkit):
    assert len(toolkit.interventions) >= 35
    per_block = Counter(i.building_block for i in toolkit.interventions)
    assert set(per_block) == set(BUILDING_BLOCKS) and min(per_block.values()) >= 5, per_block
    assert {i.stage for i in toolkit.interventions} == set(STAGES)
    for block in BUILDING_BLOCKS:
        assert len({i.stage for i in toolkit.interventions_in(block)}) >= 2, f"{block} uses only one stage"


def errors_for(content) -> list:
    with pytest.raises(ContentErrors) as info:
        load_toolkit(content)
    return info.value.errors


@pytest.fixture
def content(tmp_path):
    return make_content(tmp_path / "content")


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, needle) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1) if needle in line)


def test_the_fixture_content_meets_every_rule(content):
    load_toolkit(content)


def test_a_short_intervention_is_reported_with_how_many_words_to_add(content):
    path = content / "interventions" / "step-1.md"
    path.write_text(path.read_text(encoding="utf-8").replace(PLAIN, ""), encoding="utf-8")
    (error,) = errors_for(content)
    assert error.path == "content/interventions/step-1.md" and error.field == "body"
    assert error.line == line_of(path, "## ")  # where the text starts
    low, high = INTERVENTION_WORDS
    assert f"{low} to {high}" in error.problem and "Add about" in error.fix


def test_a_long_intervention_is_reported_with_how_many_words_to_cut(content):
    path = content / "interventions" / "step-2.md"
    edit(path, "## Steps\n", "## Steps\n\n" + "Write it down. " * 300 + "\n")
    (error,) = errors_for(content)
    assert error.path.endswith("step-2.md") and "Cut about" in error.fix


def test_a_sentence_over_the_limit_names_its_line(content):
    path = content / "pages" / "about.md"
    long = " ".join(["word"] * (LONGEST_SENTENCE + 5)) + "."
    edit(path, "## Section\n", f"## Section\n\nFirst line.\n\n{long}\n")
    (error,) = [e for e in errors_for(content) if "sentence" in e.problem]
    assert error.path == "content/pages/about.md" and error.line == line_of(path, long)
    assert f"{LONGEST_SENTENCE + 5} words" in error.problem and "Split" in error.fix


def test_hard_text_is_reported_with_its_reading_ease(content):
    path = content / "pages" / "privacy.md"
    hard = ("Institutional organisational considerations necessitate comprehensive interdepartmental "
            "consultation regarding implementation methodologies. ") * 3
    edit(path, "## Section\n", f"## Section\n\n{hard}\n")
    errors = [e for e in errors_for(content) if "reading ease" in e.problem]
    assert errors and errors[0].path == "content/pages/privacy.md" and "plain English" in errors[0].fix
    assert measure(hard)["flesch"] < MIN_READING_EASE


def test_a_figure_on_a_page_with_no_source_names_the_line(content):
    path = content / "pages" / "accessibility.md"
    edit(path, "## Section\n", "## Section\n\nAbout 48% of employers do this.\n")
    (error,) = errors_for(content)
    assert (error.path, error.field, error.line) == ("content/pages/accessibility.md", "sources", line_of(path, "48%"))
    assert "48%" in error.problem and "sources:" in error.fix


def test_the_figure_check_catches_an_unsourced_percentage():
    assert FIGURE.search("About 48% of employers") and FIGURE.search("costs \u00a31,019 a month") and not FIGURE.search("in 2022")


def test_todo_left_in_a_page_is_reported_on_its_line(content):
    path = content / "interventions" / "step-3.md"
    edit(path, "## Steps\n", "## Steps\n\nTODO.\n")
    edit(path, "summary: Do step-3.", "summary: 'TODO: one plain sentence.'")
    errors = errors_for(content)
    assert {(e.field, e.line) for e in errors} == {("body", line_of(path, "TODO.")), ("summary", line_of(path, "summary:"))}
    assert all("Replace the TODO" in e.fix for e in errors)


def test_an_unfinished_scaffold_fails_the_check_until_its_todos_and_source_are_replaced(content, capsys):
    args = ["--content", str(content)]
    assert toolkit_cli([*args, "new", "intervention", "--block", "recruitment", "--related", "step-0", "Use work samples"]) == 0
    assert toolkit_cli([*args, "check"]) == 1
    report = capsys.readouterr().err
    path = content / "interventions" / "use-work-samples.md"
    assert f"content/interventions/use-work-samples.md:{line_of(path, 'summary:')}: summary: still has template text" in report
    assert "the source \u201cTODO" in report or "sources: still has template text" in report
    text = path.read_text(encoding="utf-8")
    text = text.replace("TODO: one plain sentence about use work samples.", "Give people a small task like the job.")
    text = re.sub(r"(?m)^TODO\.$", lambda m: "Some words here. " + " ".join(["This step is simple to start."] * 12), text)
    text = text.replace("TODO: the title of the report", "A report").replace("TODO: who published it", "A publisher")
    text = text.replace("https://example.org/TODO", "https://example.org/report")
    text = text.replace("TODO: the date you checked it, YYYY-MM-DD", date.today().isoformat())
    path.write_text(text, encoding="utf-8")
    assert toolkit_cli([*args, "check"]) == 0, capsys.readouterr().err


def test_a_link_to_a_missing_heading_is_reported_with_the_headings_there_are(content):
    path = content / "pages" / "about.md"
    edit(path, "[link](intervention:step-0)", "[link](intervention:step-0#step) and [ok](intervention:step-0#steps) "
                                               "and [own](#section) and [template](#sources)")
    (error,) = errors_for(content)
    assert (error.path, error.field, error.line) == ("content/pages/about.md", "link", line_of(path, "#step)"))
    assert "#step" in error.problem and "content/interventions/step-0.md" in error.problem
    assert "steps" in error.fix and "Did you mean" in error.fix


def test_a_figure_in_a_benchmark_definition_is_reported(content):
    path = content / "data" / "benchmarks.yml"
    edit(path, "definition: Everyone in work.", "definition: Everyone in work; about 40% are from lower backgrounds.")
    (error,) = errors_for(content)
    assert (error.path, error.line) == ("content/data/benchmarks.yml", line_of(path, "definition:"))
    assert "40%" in error.problem and "shares" in error.fix


def test_a_derived_share_must_be_one_of_the_shares(content):
    path = content / "data" / "benchmarks.yml"
    edit(path, "default: true", "default: true\n  derived: middle")
    (error,) = errors_for(content)
    assert error.field == "benchmark uk.derived" and error.line == line_of(path, "derived:") and "intermediate" in error.fix


def test_benchmark_definitions_are_written_from_their_shares(content):
    path = content / "data" / "benchmarks.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["benchmarks"][0]["shares"] = {"professional": 41, "intermediate": 21.5, "lower": 37.5}
    data["benchmarks"][0]["derived"] = "lower"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (bench,) = content_data(toolkit=load_toolkit(content))["benchmarks"]
    assert "41% are from professional, 21.5% from intermediate and 37.5% from lower backgrounds" in bench["definition"]
    assert "The lower share is what is left" in bench["definition"]
    assert bench["definition"].startswith(data["benchmarks"][0]["definition"])


def test_the_shipped_benchmark_definitions_give_the_shipped_shares():
    data = content_data()
    for b in data["benchmarks"]:
        for share in b["shares"].values():
            assert f"{share:g}%" in b["definition"]


def test_hard_glossary_definitions_are_reported(content):
    path = content / "data" / "glossary.yml"
    long = " ".join(["word"] * (LONGEST_SENTENCE + 1)) + "."
    edit(path, "definition: Socio-economic background.", f"definition: {long}")
    errors = errors_for(content)
    assert any(e.path == "content/data/glossary.yml" and e.line == line_of(path, "definition:") and e.field == "terms[1].definition"
               for e in errors), [str(e) for e in errors]


def test_the_median_reading_ease_rule(monkeypatch, content):
    monkeypatch.setattr(content_rules, "MEDIAN_READING_EASE", 1000)
    assert any(e.field == "reading ease" for e in errors_for(content))


def test_glossary_has_20_terms_including_the_core_ones(toolkit):
    ids = {t.id for t in toolkit.glossary}
    assert len(ids) >= 20 and REQUIRED_TERMS <= ids


def test_at_least_six_illustrative_examples(toolkit):
    examples = [i for i in toolkit.interventions if i.example]
    assert len(examples) >= 6


def test_every_intervention_links_to_another(toolkit):
    assert all(i.related for i in toolkit.interventions)


def test_every_theme_of_the_source_event_is_covered(toolkit):
    text = " ".join(d.body.lower() for d in documents(toolkit))
    for phrase in ["every manager", "say/do gap", "anonym", "response rate", "quartile", "region", "benchmark",
                   "further education", "remote", "degree", "structured interview", "unpaid", "career conversation",
                   "training", "promotion criteria", "stepping-stone", "progression gap", "class pay gap",
                   "work experience", "school", "partnership"]:
        assert phrase in text, f"no page covers {phrase!r}"


def test_interventions_measure_progress_with_a_calculator_link(toolkit):
    linked = [i for i in toolkit.interventions if "](calculator:" in i.body]
    assert len(linked) >= len(toolkit.interventions) * 0.8


def test_measurement_kit_shows_all_nine_options_grouped_from_the_data_file(real_site, toolkit):
    html = (real_site / "measurement-kit" / "index.html").read_text()
    seb = toolkit.data["seb_question"]["seb"]
    assert len(seb["options"]) == 9
    for option in seb["options"]:
        assert f"<td>{option['code']}</td>" in html
    for group in seb["groups"]:
        assert group["label"] in html
    for name in ("seb-survey-questions.csv", "representation-responses-template.csv", "representation-counts-template.csv",
                 "representation-data-dictionary.csv"):
        assert (real_site / "downloads" / name).exists() and f"downloads/{name}" in html


def test_required_pages_exist(real_site):
    for page in ("about", "privacy", "accessibility", "glossary", "sources", "where-to-start", "measurement-kit"):
        assert (real_site / page / "index.html").exists()


@pytest.mark.parametrize("value", [None, 3, [1, 2], {"a": 1}, True])
def test_odd_values_give_messages_not_tracebacks(tmp_path, value):
    content = make_content(tmp_path / "content")
    bench = content / "data" / "benchmarks.yml"
    data = yaml.safe_load(bench.read_text(encoding="utf-8"))
    data["benchmarks"][0].update(derived=value, definition=value)
    bench.write_text(yaml.safe_dump(data), encoding="utf-8")
    step = content / "interventions" / "step-0.md"
    step.write_text(step.read_text(encoding="utf-8").replace("effort: low", f"effort: low\nexample: {yaml.safe_dump(value).splitlines()[0]}"),
                    encoding="utf-8")
    with pytest.raises(ContentErrors):
        load_toolkit(content)
