"""`python -m calculators`: the same calculators on CPython, reading and writing the page's formats."""
from __future__ import annotations

import json
import subprocess
import sys


import calculators.core.registry as registry
from calculators.edges.cli import main
from calculators.core.record import replace
from sitekit import PROJECT

FIXTURE = PROJECT / "tests" / "fixtures" / "representation" / "responses_small.csv"


def test_lists_every_calculator(capsys):
    assert main(["--list"]) == 0
    out = capsys.readouterr().out
    for spec in registry.all_specs():
        assert spec.id in out
    assert "test-hang" not in out


def test_runs_a_csv_and_prints_plain_english(capsys):
    assert main(["representation-gap", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    from generator.python.calculator_data import content_data

    default = next(b for b in content_data()["benchmarks"] if b.get("default"))  # whatever the maintainers ship
    assert f"lower SEB, against {default['shares']['lower']:g}% in {default['phrase']}" in out


def test_json_output_is_the_same_result_the_browser_gets(capsys):
    assert main(["representation-gap", str(FIXTURE), "--json"]) == 0
    outcome = json.loads(capsys.readouterr().out)
    assert outcome["ok"] and {"summary", "tables", "charts", "downloads"} <= set(outcome["result"])


def test_downloads_are_written_to_a_folder(tmp_path, capsys):
    assert main(["representation-gap", str(FIXTURE), "--out", str(tmp_path)]) == 0
    written = sorted(p.suffix for p in tmp_path.iterdir())
    assert ".csv" in written and ".md" in written


def test_bad_input_names_the_line_and_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("level,professional,intermediate,lower,not_known\nSenior,5,-2,4,1\n")
    assert main(["representation-gap", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Error" in err and ("line 2" in err or "row" in err)


def test_unknown_calculator_exits_2(capsys):
    assert main(["no-such-thing", str(FIXTURE)]) == 2
    assert "representation-gap" in capsys.readouterr().err


def test_files_over_the_browser_limit_work_from_the_cli(tmp_path, monkeypatch, capsys):
    from calculators.representation import spec as representation

    small_limit = replace(representation.SPEC, inputs=tuple(replace(i, max_bytes=200) if i.kind == "file" else i
                                                            for i in representation.SPEC.inputs))
    monkeypatch.setattr("calculators.edges.cli.get", lambda _id, include_test_only=True: small_limit)
    assert FIXTURE.stat().st_size > 200
    assert main(["representation-gap", str(FIXTURE)]) == 0


def test_non_utf8_files_are_read_with_a_notice(tmp_path, capsys):
    data = FIXTURE.read_text(encoding="utf-8-sig").replace("Senior", "S\u00e9nior").encode("cp1252")
    path = tmp_path / "cp1252.csv"
    path.write_bytes(data)
    assert main(["representation-gap", str(path)]) == 0
    out = capsys.readouterr().out
    assert "not UTF-8" in out and "S\u00e9nior" in out


def test_runs_as_a_module():
    done = subprocess.run([sys.executable, "-m", "calculators", "--list"], capture_output=True, text=True, cwd=PROJECT)
    assert done.returncode == 0 and "job-advert-checker" in done.stdout


def test_the_registry_names_each_calculator_by_its_own_id():
    for calculator_id, module in registry.MODULES.items():
        spec = registry.get(calculator_id)
        assert spec.id == calculator_id, f"calculators.{module} declares {spec.id!r}, not {calculator_id!r}"


def test_a_calculator_without_a_file_input_runs_from_set_alone(capsys):
    assert main(["response-rate", "--set", "invited=200", "--set", "answered=150", "--json"]) == 0
    outcome = json.loads(capsys.readouterr().out)
    assert outcome["ok"]
    assert main(["representation-gap", "--set", "threshold=10"]) == 2  # it needs its file
    assert "FILE" in capsys.readouterr().err
