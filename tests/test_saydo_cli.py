"""Both modes of the say/do gap calculator work from the command line."""
from __future__ import annotations

import json

import pytest

from calculators.edges import cli
from calculators.say_do.survey import csv_template

from test_practice_check import CONTENT, MARKED, SAID


@pytest.fixture(autouse=True)
def small_toolkit(monkeypatch):
    monkeypatch.setattr(cli, "load_content", lambda: CONTENT)


def test_a_csv_of_responses_runs_the_manager_survey(tmp_path, capsys):
    path = tmp_path / "responses.csv"
    path.write_text(csv_template().replace("\r\n", "\n") + "Sales,yes,yes,Mentoring\n" * 20 + "Finance,no,no,\n" * 20, encoding="utf-8")
    assert cli.main(["say-do-gap", str(path)]) == 0
    out = capsys.readouterr().out
    assert "managers who answered say your workplace is inclusive" in out
    assert "Say/do gap by team" in out


def test_a_json_file_of_answers_runs_the_practice_check_and_writes_the_plan(tmp_path, capsys):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"mode": "practice", "practices": MARKED, "claims": SAID, "org_size": "small"}), encoding="utf-8")
    assert cli.main(["say-do-gap", str(path), "--out", str(tmp_path / "plan")]) == 0
    out = capsys.readouterr().out
    assert "Start with Cut degree rules, Explain the process and Break it down. [Cut degree rules: intervention:c]" in out
    assert (tmp_path / "plan" / "action-plan.md").read_text(encoding="utf-8").startswith("# Action plan")
    assert (tmp_path / "plan" / "action-plan.csv").read_text(encoding="utf-8").startswith("Priority,Practice")


def test_bad_counts_exit_with_a_message_naming_the_row(tmp_path, capsys):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"mode": "survey", "teams": [{"team": "Sales", "respondents": 5, "inclusive_yes": 9}]}), encoding="utf-8")
    assert cli.main(["say-do-gap", str(path)]) == 1
    assert "Error (row 1, column inclusive_yes): Row 1 (Sales): 9 said yes" in capsys.readouterr().err
