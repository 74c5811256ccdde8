"""The scoring harness for the real advert corpus (issue 21, "Report honestly"): a development and
a test set from a recorded split, precision and recall with Wilson intervals per category and per
target barrier, traps and control adverts counted, the test set's first run frozen, and a --diff
that shows what a change did. Run on a small made-up corpus in a temporary folder."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.advert_quality import CorpusError, evaluate_real, load_split, main  # noqa: E402
from calculators.shared.stats import wilson_interval  # noqa: E402

FOOTER = "Salary £25,000 a year. Based in our Leeds office. Full-time, 37 hours a week.\n"
ADVERTS = {
    "d1": ("Warehouse supervisor\n\nRequirements:\n- A degree is essential.\n- Native English speaker.\n\n" + FOOTER,
           {"findings": [{"rule": "degree-required", "text": "degree", "severity": "barrier"},
                         {"rule": "native-speaker", "text": "Native English speaker"}]}),
    "d2": ("Office assistant\n\nA degree would be preferred but is not essential. The role offers a high degree of autonomy.\n\n" + FOOTER,
           {"findings": [{"rule": "degree-required", "text": "degree", "severity": "caution"}],
            "must_not_flag": [{"text": "degree of autonomy"}]}),
    "t1": ("Marketing intern\n\nThis is an unpaid internship. A full UK driving licence is essential. "
           "You should speak English like a local.\n\nBased in our Leeds office. Full-time, 37 hours a week.\n",
           {"findings": [{"rule": "unpaid-work", "text": "unpaid internship"},
                         {"rule": "driving-licence", "text": "full UK driving licence"},
                         {"rule": "no-salary-figure"},
                         {"rule": "native-speaker", "text": "speak English like a local"}],  # no rule finds this wording
            "source": "made up for this test", "retrieved": "2026-12-05", "sector": "marketing", "level": "intern"}),
    "t2": ("Shop assistant\n\nYou will help customers find what they need and keep the shelves tidy.\n\n"
           "Salary £23,000 a year. Based in our Leeds shop. Full-time, 37 hours a week.\n",
           {"control": True, "findings": []}),
    # labelled as a clean control, but it gives no pay: the checker's finding counts against it
    "t3": ("Kitchen porter\n\nCompetitive salary. Based in our Leeds restaurant. Full-time, 37 hours a week.\n",
           {"control": True, "findings": []}),
}
SPLIT = {"seed": 20261205, "method": "random.Random(seed).shuffle of the sorted stems", "development": ["d1", "d2"],
         "test": ["t1", "t2", "t3"]}


@pytest.fixture
def corpus(tmp_path) -> Path:
    import yaml

    folder = tmp_path / "advert_corpus_real"
    folder.mkdir()
    for stem, (text, labels) in ADVERTS.items():
        (folder / f"{stem}.md").write_text(text, encoding="utf-8")
        (folder / f"{stem}.yml").write_text(yaml.safe_dump({"title": stem, **labels}), encoding="utf-8")
    (folder / "split.json").write_text(json.dumps(SPLIT), encoding="utf-8")
    return folder


@pytest.fixture
def scores(corpus) -> dict:
    return evaluate_real(corpus)


def test_the_sets_follow_the_recorded_split(scores):
    assert scores["split"] == {"seed": 20261205, "method": SPLIT["method"], "development": 2, "test": 3}
    assert scores["development"]["adverts"] == 2 and scores["test"]["adverts"] == 3


def test_a_degree_the_advert_only_prefers_is_not_counted_as_degree_required(scores):
    degree = scores["development"]["targets"]["degree required"]
    assert (degree["true_positives"], degree["false_positives"], degree["false_negatives"]) == (1, 0, 0)
    assert scores["development"]["categories"]["degree"]["true_positives"] == 2
    assert scores["development"]["other_senses_of_degree_flagged"] == 0


def test_each_target_barrier_has_counts_and_a_wilson_interval(scores):
    test = scores["test"]["targets"]
    assert (test["native speaker"]["true_positives"], test["native speaker"]["false_negatives"]) == (0, 1)
    assert test["native speaker"]["recall"]["count"] == "0/1"
    assert test["native speaker"]["precision"]["value"] is None  # nothing found: no precision to give
    assert (test["car or licence"]["true_positives"], test["car or licence"]["false_positives"]) == (1, 0)
    assert test["unpaid, expenses-only or voluntary"]["true_positives"] == 1
    pay = test["no salary figure"]
    assert (pay["true_positives"], pay["false_positives"], pay["false_negatives"]) == (1, 1, 0)
    low, high = wilson_interval(1, 2)
    assert pay["precision"] == {"value": 0.5, "low": round(low, 3), "high": round(high, 3), "count": "1/2"}
    assert set(test) == {"degree required", "degree class, grade or prestige", "unpaid, expenses-only or voluntary",
                         "no salary figure", "car or licence", "native speaker"}


def test_findings_on_control_adverts_are_counted(scores):
    test = scores["test"]
    assert test["control_adverts"] == 2 and test["control_adverts_with_findings"] == 1
    assert {f["advert"] for f in test["findings_on_control_adverts"]} == {"t3.md"}
    assert "no-salary-figure" in {f["rule"] for f in test["findings_on_control_adverts"]}


def test_the_missed_finding_names_the_advert_and_rule(scores):
    assert {"advert": "t1.md", "rule": "native-speaker", "text": "speak English like a local"} in scores["test"]["missed"]


@pytest.mark.parametrize("change, words", [
    (lambda s: {**s, "test": s["test"] + ["d1"]}, "in both sets: d1"),
    (lambda s: {**s, "test": ["t1", "t2"]}, "in neither set: t3"),
    (lambda s: {**s, "test": s["test"] + ["gone"]}, "not in the folder: gone"),
    (lambda s: {k: v for k, v in s.items() if k != "seed"}, "`seed` is missing"),
])
def test_a_bad_split_is_refused_with_what_to_fix(corpus, change, words):
    (corpus / "split.json").write_text(json.dumps(change(SPLIT)), encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_split(corpus)
    assert words in str(info.value)


def test_a_missing_split_says_how_to_record_one(corpus, capsys):
    (corpus / "split.json").unlink()
    assert main(["--real", str(corpus), "--first-run", "--first-run-file", str(corpus.parent / "first.json")]) == 2
    assert "split.json is missing" in capsys.readouterr().err
    assert main(["--real", str(corpus), "--results", str(corpus.parent / "results.json")]) == 2
    assert "split.json is missing" in capsys.readouterr().err


def test_the_first_run_is_recorded_once_and_never_overwritten(corpus, tmp_path, capsys):
    first = tmp_path / "advert_test_first_run.json"
    assert main(["--real", str(corpus), "--first-run", "--first-run-file", str(first)]) == 0
    recorded = json.loads(first.read_text(encoding="utf-8"))
    assert recorded["test"]["targets"]["native speaker"]["recall"]["count"] == "0/1"
    assert "development" not in recorded
    before = first.read_bytes()
    assert main(["--real", str(corpus), "--first-run", "--first-run-file", str(first)]) == 2
    assert "frozen" in capsys.readouterr().err
    assert first.read_bytes() == before


def test_diff_shows_the_change_against_the_committed_results_and_writes_nothing(corpus, tmp_path, capsys):
    results = tmp_path / "advert_quality.json"
    assert main(["--real", str(corpus), "--results", str(results)]) == 0
    old = json.loads(results.read_text(encoding="utf-8"))
    old["real"]["test"]["targets"]["native speaker"]["recall"]["value"] = 1.0
    old["missed"] = []
    results.write_text(json.dumps(old), encoding="utf-8")
    before = results.read_bytes()
    capsys.readouterr()
    assert main(["--real", str(corpus), "--results", str(results), "--diff"]) == 0
    out = capsys.readouterr().out
    assert "real test, native speaker: precision None -> None, recall 1.0 -> 0.0" in out
    assert results.read_bytes() == before


# --- The scoring protocol for the real corpus (issue 21, section 2, item 1) ----------------------

LONG = ("Our team works with partners across the region on projects that range from small community events "
        "to large programmes of work that run for several years and involve many different organisations.\n")
PROTOCOL = {
    # a long sentence: the long-sentence rule was not labelled on the real corpus
    "p1": ("Office assistant\n\n" + LONG + FOOTER, {"findings": []}),
    # a degree grade labelled once, under the narrower rule; the checker also finds the degree
    "p2": ("Analyst\n\nYou must have a first class degree.\n\n" + FOOTER,
           {"findings": [{"rule": "degree-classification", "text": "first class degree"}]}),
    # one label over a licence and a car, found as two findings
    "p3": ("Care worker\n\nHave you got a current driving licence and do you own your own car?\n\n" + FOOTER,
           {"findings": [{"rule": "driving-licence", "text": "Have you got a current driving licence and do you own your own car?"}]}),
    # expenses labelled under one rule of the category, found by another
    "p4": ("Research internship\n\nThis full-time internship is based in our Leeds office. You will be paid an allowance to cover expenses.\n",
           {"findings": [{"rule": "expenses-only", "text": "paid an allowance to cover expenses"}, {"rule": "no-salary-figure"},
                         {"rule": "no-hours"}]}),
    "q1": ("Kept out of tuning\n\nA degree is essential.\n\n" + FOOTER, {"findings": []}),
}


@pytest.fixture
def protocol_corpus(tmp_path) -> Path:
    import yaml

    folder = tmp_path / "advert_corpus_real"
    folder.mkdir()
    for stem, (text, labels) in PROTOCOL.items():
        (folder / f"{stem}.md").write_text(text, encoding="utf-8")
        (folder / f"{stem}.yml").write_text(yaml.safe_dump({"title": stem, **labels}), encoding="utf-8")
    split = {"seed": 1, "method": "by hand, for this test", "development": ["p1", "p2", "p3", "p4"], "test": ["q1"]}
    (folder / "split.json").write_text(json.dumps(split), encoding="utf-8")
    return folder


def test_rules_the_labellers_were_not_asked_to_label_are_not_counted(protocol_corpus):
    dev = evaluate_real(protocol_corpus, sets=("development",))["development"]
    assert dev["categories"]["readability"]["false_positives"] == 0
    assert not [e for e in dev["extra"] if e["rule"] in ("long-sentence", "many-essentials", "hard-to-read")]


def test_a_degree_found_inside_a_labelled_degree_grade_is_the_same_requirement(protocol_corpus):
    dev = evaluate_real(protocol_corpus, sets=("development",))["development"]
    assert dev["targets"]["degree required"]["false_positives"] == 0
    assert dev["targets"]["degree class, grade or prestige"]["true_positives"] == 1


def test_findings_inside_one_matched_label_count_once(protocol_corpus):
    dev = evaluate_real(protocol_corpus, sets=("development",))["development"]
    licence = dev["targets"]["car or licence"]
    assert (licence["true_positives"], licence["false_positives"], licence["false_negatives"]) == (1, 0, 0)


def test_a_label_is_matched_by_another_rule_of_its_category(protocol_corpus):
    dev = evaluate_real(protocol_corpus, sets=("development",))["development"]
    unpaid = dev["categories"]["unpaid"]
    assert (unpaid["true_positives"], unpaid["false_positives"], unpaid["false_negatives"]) == (1, 0, 0)


def test_tuning_on_the_development_set_never_checks_a_test_advert(protocol_corpus, monkeypatch, capsys, tmp_path):
    import bench.advert_quality as quality

    checked = []
    real_check = quality.check
    monkeypatch.setattr(quality, "check", lambda path, *a, **k: checked.append(path.stem) or real_check(path, *a, **k))
    results = tmp_path / "results.json"
    assert main(["--real", str(protocol_corpus), "--set", "development", "--details", "--results", str(results)]) == 0
    out = capsys.readouterr().out
    assert checked and set(checked) <= {"p1", "p2", "p3", "p4"}
    assert "q1" not in out and "test set" not in out
    assert "development set (4 adverts" in out
    assert not results.exists()


def test_details_list_each_miss_and_extra_finding_with_its_line(protocol_corpus, capsys):
    import yaml

    labels = yaml.safe_load((protocol_corpus / "p2.yml").read_text(encoding="utf-8"))
    labels["findings"].append({"rule": "native-speaker", "text": "You must have"})
    (protocol_corpus / "p2.yml").write_text(yaml.safe_dump(labels), encoding="utf-8")
    assert main(["--real", str(protocol_corpus), "--set", "development", "--details"]) == 0
    out = capsys.readouterr().out
    assert "MISSED p2: native-speaker 'You must have'" in out and "You must have a first class degree." in out
