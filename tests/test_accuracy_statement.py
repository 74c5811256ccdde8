"""The job-advert checker's page quotes its accuracy on the frozen test set from the committed
results file, never typed figures: here from a fixture results file."""
from __future__ import annotations

import json

from generator.render.accuracy import for_calculators, summary
from generator.python.calculator_data import content_data
from generator.content.loader import load_toolkit
from generator.render.pages import Renderer
from sitekit import PROJECT

FIXTURE = {"machine": {"date": "2031-02-03 10:00 UTC"}, "real": {"test": {
    "adverts": 41, "other_senses_of_degree_flagged": 2, "control_adverts": 6, "control_adverts_with_findings": 1,
    "targets": {
        "degree required": {"precision": {"value": 0.875, "low": 0.64, "high": 0.97, "count": "14/16"},
                            "recall": {"value": 0.7, "low": 0.48, "high": 0.85, "count": "14/20"}},
        "native speaker": {"precision": {"value": None, "low": None, "high": None, "count": "0/0"},
                           "recall": {"value": None, "low": None, "high": None, "count": "0/0"}}}}}}


def test_the_page_quotes_the_test_set_figures_from_the_results_file(tmp_path):
    results = tmp_path / "advert_quality.json"
    results.write_text(json.dumps(FIXTURE), encoding="utf-8")
    figures = for_calculators({"job-advert-checker": results})
    toolkit = load_toolkit(PROJECT / "content")
    page = Renderer(toolkit, content_data(toolkit=toolkit), accuracy=figures).tree().files["calculators/job-advert-checker.md"]
    assert "## How accurate it is" in page and "41 real UK job adverts" in page and "2031-02-03" in page
    assert "| Degree required | 14 of 20 (70%, 48% to 85%) | 14 of 16 (88%, 64% to 97%) |" in page
    assert "none of these adverts had one: native speaker" in page
    assert "Clean adverts with any flag: 1 of 6" in page


def test_no_results_file_means_no_accuracy_section(tmp_path):
    assert for_calculators({"job-advert-checker": tmp_path / "missing.json"}) == {}
    assert summary({"machine": {}}) is None
