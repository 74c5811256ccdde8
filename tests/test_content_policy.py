"""The content policy (generator/content/policy.py): rates by reference, dated sources, and the
contradictions the build can catch. Every test runs on small fixture content, never the shipped prose."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
import yaml

from generator.content.policy import LAW_PAGE
from generator.content.errors import ContentErrors
from generator.content.loader import load_toolkit
from sitekit import ENV, PROJECT, SOURCE, front, make_content

TODAY = dt.date(2026, 12, 5)
CHECKED = "2026-12-01"  # every fixture source, so that the tests do not depend on the real date


def rate(id="real-living-wage", value=13.45, effective="2025-10-22", review="2027-04-01", checked="2026-12-01", **extra):
    return {"id": id, "label": "Real Living Wage", "value": value, "effective": effective, "review": review,
            "source": {"title": "Rates", "publisher": "A publisher", "year": 2025, "url": "https://example.org/rates",
                       "checked": checked}, **extra}


@pytest.fixture
def content(tmp_path):
    root = make_content(tmp_path / "content")
    for path in [*root.rglob("*.md"), *root.rglob("*.yml")]:
        path.write_text(path.read_text(encoding="utf-8").replace(f"checked: '{SOURCE['checked']}'", f"checked: '{CHECKED}'"), encoding="utf-8")
    (root / "data" / "rates.yml").write_text(yaml.safe_dump({"rates": [rate()]}, sort_keys=False), encoding="utf-8")
    return root


def edit(content, rel, old, new):
    path = content / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_for(content, **kw):
    with pytest.raises(ContentErrors) as info:
        load_toolkit(content, today=TODAY, **kw)
    return info.value.errors


def line_of(content, rel, needle):
    return next(n for n, line in enumerate((content / rel).read_text(encoding="utf-8").split("\n"), start=1) if needle in line)


def write_rates(content, *rates):
    (content / "data" / "rates.yml").write_text(yaml.safe_dump({"rates": list(rates)}, sort_keys=False), encoding="utf-8")


# ------------------------------------------------------------------------------------------ rates

def test_a_rate_reference_is_filled_in_pages_examples_and_data(content):
    edit(content, "interventions/step-0.md", "Some text about steps.", "Pay at least {{ rate:real-living-wage }} an hour, "
         "the rate since {{ rate:real-living-wage.effective }}.")
    seb = yaml.safe_load((content / "data" / "seb_question.yml").read_text())
    seb["seb"]["note"] = "Paid {{ rate:real-living-wage }}."
    (content / "data" / "seb_question.yml").write_text(yaml.safe_dump(seb), encoding="utf-8")
    toolkit = load_toolkit(content, today=TODAY)
    body = toolkit.intervention("step-0").body
    assert "Pay at least \u00a313.45 an hour, the rate since 22 October 2025." in body and "{{" not in body
    assert toolkit.data["seb_question"]["seb"]["note"] == "Paid \u00a313.45."
    write_rates(content, rate(value=14.2))  # change the file, and the page follows
    assert "\u00a314.20 an hour" in load_toolkit(content, today=TODAY).intervention("step-0").body


def test_a_rate_used_but_not_defined_names_the_file_line_and_the_rates_to_use(content):
    edit(content, "interventions/step-1.md", "Some text about steps.", "Pay {{ rate:real-livng-wage }} an hour.")
    (error,) = errors_for(content)
    assert error.path == "content/interventions/step-1.md" and error.line == line_of(content, "interventions/step-1.md", "rate:")
    assert error.field == "body" and "not defined" in error.problem
    assert "real-living-wage" in error.fix and "rates.yml" in error.fix


def test_a_wage_typed_as_a_number_is_an_error_in_pages_and_data_files(content):
    edit(content, "interventions/step-2.md", "Some text about steps.", "We pay \u00a312.60 an hour to every intern.")
    seb = yaml.safe_load((content / "data" / "seb_question.yml").read_text())
    seb["seb"]["note"] = "Interns earn \u00a311 an hour."
    (content / "data" / "seb_question.yml").write_text(yaml.safe_dump(seb), encoding="utf-8")
    errors = errors_for(content)
    page = next(e for e in errors if e.path.endswith("step-2.md"))
    assert page.line == line_of(content, "interventions/step-2.md", "\u00a312.60") and "\u00a312.60" in page.problem
    assert "{{ rate:" in page.fix
    data = next(e for e in errors if e.path.endswith("seb_question.yml"))
    assert data.field == "seb.note" and data.line == line_of(content, "data/seb_question.yml", "note:")
    assert len(errors) == 2


def test_pound_figures_that_are_not_wages_are_not_flagged(content):
    edit(content, "interventions/step-2.md", "Some text about steps.",
         "An unpaid internship costs \u00a31,019 a month; the pay gap is \u00a36,800 a year.")
    load_toolkit(content, today=TODAY)


def test_a_rate_with_missing_or_bad_fields_is_named_field_by_field(content):
    bad = rate(value="twelve", effective="soon")
    del bad["review"]
    write_rates(content, bad)
    errors = errors_for(content)
    fields = {e.field for e in errors}
    assert {"rate real-living-wage.value", "rate real-living-wage.effective", "rate real-living-wage.review"} <= fields
    assert all(e.path == "content/data/rates.yml" and e.line > 1 and e.fix for e in errors)


def test_a_rate_past_its_review_date_is_a_warning_then_an_error_under_strict_after_six_months(content):
    write_rates(content, rate(review="2026-10-01"))  # 65 days overdue
    toolkit = load_toolkit(content, today=TODAY)
    (warning,) = toolkit.warnings
    assert warning.path == "content/data/rates.yml" and warning.field == "rate real-living-wage.review"
    assert warning.line == line_of(content, "data/rates.yml", "review:") and "2026-10-01" in warning.problem
    assert load_toolkit(content, today=TODAY, strict=True).warnings  # under six months: still only a warning
    write_rates(content, rate(review="2026-05-01"))  # 218 days overdue
    assert load_toolkit(content, today=TODAY).warnings  # a warning without --strict
    (error,) = errors_for(content, strict=True)
    assert error.field == "rate real-living-wage.review" and "six months" in error.problem and "review" in error.fix


def test_a_rate_not_yet_due_gives_no_warning(content):
    assert load_toolkit(content, today=TODAY).warnings == ()


# ---------------------------------------------------------------------------------------- sources

def test_a_source_with_no_checked_date_names_the_file_line_and_field(content):
    edit(content, "interventions/step-3.md", f"  checked: '{CHECKED}'\n", "")
    (error,) = errors_for(content)
    assert error.path == "content/interventions/step-3.md" and error.field == "sources[0].checked"
    assert error.line == line_of(content, "interventions/step-3.md", "- title: A report")
    assert "no checked date" in error.problem and "checked: YYYY-MM-DD" in error.fix


def test_a_rate_source_and_a_data_source_need_a_checked_date_too(content):
    write_rates(content, rate(checked=None))
    (error,) = errors_for(content)
    assert error.path == "content/data/rates.yml" and error.field == "rate real-living-wage.source.checked"


def test_a_source_unchecked_for_18_months_warns_then_fails_strict_six_months_later(content):
    old = (TODAY - dt.timedelta(days=600)).isoformat()  # 52 days past 18 months
    edit(content, "interventions/step-3.md", f"checked: '{CHECKED}'", f"checked: '{old}'")
    (warning,) = load_toolkit(content, today=TODAY, strict=True).warnings
    assert warning.field == "sources[0].checked" and "18 months" in warning.problem
    older = (TODAY - dt.timedelta(days=800)).isoformat()
    edit(content, "interventions/step-3.md", f"checked: '{old}'", f"checked: '{older}'")
    (error,) = errors_for(content, strict=True)
    assert error.path.endswith("step-3.md") and error.field == "sources[0].checked"


def test_a_checked_date_that_is_not_a_date_or_is_in_the_future_is_an_error(content):
    edit(content, "interventions/step-3.md", f"checked: '{CHECKED}'", "checked: last week")
    (error,) = errors_for(content)
    assert "not a date" in error.problem
    edit(content, "interventions/step-3.md", "checked: last week", "checked: '2030-01-01'")
    (error,) = errors_for(content)
    assert "future" in error.problem


# --------------------------------------------------------------------------------- contradictions

def add_law_page(content):
    (content / "pages" / f"{LAW_PAGE}.md").write_text(front({"title": "The law and your data", "summary": "The law."},
                                                            "## Section\n\nWhat the law says.\n"), encoding="utf-8")
    # the fixture's measurement kit inserts the SEB question, so it collects answers too
    edit(content, "pages/measurement-kit.md", "[[insert: seb-question]]", f"Read [the law](page:{LAW_PAGE}).\n\n[[insert: seb-question]]")


def test_a_page_that_collects_answers_must_link_the_law_and_data_page(content):
    add_law_page(content)
    edit(content, "interventions/step-4.md", "Some text about steps.", "Run a short survey of all staff.")
    (error,) = errors_for(content)
    assert error.path == "content/interventions/step-4.md" and error.line == line_of(content, "interventions/step-4.md", "survey")
    assert "law and data page" in error.problem and f"(page:{LAW_PAGE})" in error.fix
    edit(content, "interventions/step-4.md", "Run a short survey", f"Read [the law]({'page:' + LAW_PAGE}) first. Run a short survey")
    load_toolkit(content, today=TODAY)


def test_a_page_that_links_answers_to_pay_must_link_the_law_page_too(content):
    add_law_page(content)
    edit(content, "interventions/step-4.md", "Some text about steps.", "Match the answers to pay bands in your HR system.")
    (error,) = errors_for(content)
    assert "law and data page" in error.problem


def test_anonymous_is_flagged_on_a_page_that_links_answers(content):
    edit(content, "interventions/step-1.md", "Some text about steps.",
         "Link the answers to grade and pay.\n\nTell staff their answers are anonymous.")
    (error,) = errors_for(content)
    assert error.path == "content/interventions/step-1.md" and error.line == line_of(content, "interventions/step-1.md", "anonymous")
    assert "anonymous" in error.problem and "confidential, reported only as totals" in error.fix


def test_anonymous_is_fine_where_it_is_true_or_denied(content):
    edit(content, "interventions/step-1.md", "Some text about steps.", "Tell staff their answers are anonymous.")
    edit(content, "interventions/step-2.md", "Some text about steps.",
         "Link the answers to grade and pay. Linked answers are not anonymous, so keep them confidential.\n\n"
         "Say \"anonymous\" only when it is true.")
    load_toolkit(content, today=TODAY)


# ------------------------------------------------------------------------------------ the command

def test_toolkit_check_prints_warnings_and_strict_fails_on_overdue(content):
    write_rates(content, rate(review="2020-01-01"))
    def run(*a):
        return subprocess.run([sys.executable, "-m", "generator.cli", "--content", str(content), "check", *a],
                              capture_output=True, text=True, env=ENV, cwd=PROJECT)
    plain = run()
    assert plain.returncode == 0 and "rates.yml" in plain.stderr and "review" in plain.stderr
    strict = run("--strict")
    assert strict.returncode == 1 and "rates.yml" in strict.stderr and "Fix:" in strict.stderr


# ------------------------------------------------------------------------- the SMC wording

def test_the_seb_question_is_the_smc_wording_word_for_word():
    """content/data/seb_question.yml against the stored copy of the SMC's published wording."""
    published = yaml.safe_load((PROJECT / "tests" / "fixtures" / "smc_wording.yml").read_text(encoding="utf-8"))
    seb = yaml.safe_load((PROJECT / "content" / "data" / "seb_question.yml").read_text(encoding="utf-8"))["seb"]
    assert seb["question"] == published["question"]
    assert [o["code"] for o in seb["options"]] == [o["code"] for o in published["options"]]
    for ours, theirs in zip(seb["options"], published["options"]):
        assert ours["wording"] == theirs["published"], f"option {ours['code']} is not the SMC's wording"
        # the examples the site shows are the SMC's, none cut short
        examples = ours.get("examples") or ""
        for example in filter(None, (e.strip() for e in examples.replace("such as", ",").split(","))):
            assert example in theirs["published"], f"option {ours['code']}: {example!r} is not in the SMC's wording"
        if "such as:" in theirs["published"]:
            assert examples.endswith(theirs["published"].split("such as: ", 1)[1].rstrip(".")), f"option {ours['code']} cuts the examples short"
    supporting = {q["id"]: q for q in seb["supporting"]}
    for qid, theirs in published["supporting"].items():
        assert supporting[qid]["question"] == theirs["question"]
        assert supporting[qid]["options"] == theirs["options"], f"{qid}: the answers are not the SMC's"
    # the grouping stays data, with its caveat
    assert all(o.get("group") for o in seb["options"]) and "NS-SEC" in seb["note"]


# --------------------------------------------------------------------------- the built site

@pytest.mark.slow  # builds a site
def test_the_privacy_notice_is_a_download_listed_with_the_templates_and_rates_are_filled(tmp_path):
    from sitekit import build_site

    content = make_content(tmp_path / "content")
    write_rates(content, rate(review=(dt.date.today() + dt.timedelta(days=30)).isoformat(),
                              checked=dt.date.today().isoformat()))
    notice = {"privacy_notice": {"file": "privacy-notice-template.txt", "label": "Privacy notice template (text)",
                                 "description": "Adapt it.", "text": "WHO WE ARE\n[Organisation name]\n"}}
    (content / "data" / "privacy_notice.yml").write_text(yaml.safe_dump(notice), encoding="utf-8")
    edit(content, "interventions/step-0.md", "Some text about steps.", "Pay {{ rate:real-living-wage }} an hour.")
    result = build_site(tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (site / "downloads" / "privacy-notice-template.txt").read_text(encoding="utf-8") == "WHO WE ARE\n[Organisation name]\n"
    kit = (site / "measurement-kit" / "index.html").read_text(encoding="utf-8")
    assert "downloads/privacy-notice-template.txt" in kit and "Privacy notice template (text)" in kit
    page = next(site.rglob("step-0/index.html")).read_text(encoding="utf-8")
    assert "Pay \u00a313.45 an hour." in page and "rate:" not in page


@pytest.mark.slow  # builds a site
def test_mkdocs_strict_shows_a_recent_overdue_rate_and_stops_on_one_six_months_overdue(tmp_path):
    from sitekit import build_site

    content = make_content(tmp_path / "content")
    today = dt.date.today()
    write_rates(content, rate(review=(today - dt.timedelta(days=30)).isoformat(), checked=today.isoformat()))
    shown = build_site(tmp_path)
    assert shown.returncode == 0, shown.stderr
    write_rates(content, rate(review=(today - dt.timedelta(days=300)).isoformat(), checked=today.isoformat()))
    stopped = build_site(tmp_path)
    assert stopped.returncode != 0
    assert "content/data/rates.yml:6" in stopped.stderr and "rate real-living-wage.review" in stopped.stderr


def test_the_survey_download_gives_each_option_in_its_published_wording():
    from generator.render.downloads import render
    from sitekit import seb_data

    seb = seb_data()["seb"]
    seb["options"][0]["wording"] = "Answer option 1 such as: an example job, another example job."
    csv = render({"seb": seb})["seb-survey-questions.csv"]
    assert "Answer option 1 such as: an example job, another example job." in csv
    assert "Answer option 2" in csv  # no wording: the label
