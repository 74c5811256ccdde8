"""A maintainer who edits the data files as the author guide invites, and whose content passes
`toolkit check`, gets green tests: no test restates the shipped figures or wording.

In a copy of the repository (the files git tracks), each data file is edited as a maintainer
would: the benchmark shares, a glossary term's wording and a new term, a claim's wording, an
advert rule's label and reason, a wage rate. Then `toolkit check` and the tests that read content run there."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitekit import ENV, PROJECT

pytestmark = pytest.mark.slow

# The tests whose subject is content in content/data (not fixture content), fast ones only.
# tests/test_advert_quality.py scores the rules against a labelled corpus: it says itself how to
# update the labels when a rule changes, so it is not part of this promise.
CONTENT_TESTS = ["test_content_quality.py", "test_content_policy.py", "test_pay_gap.py", "test_representation.py", "test_calculators_cli.py",
                 "test_practice_check.py",
                 "test_saydo_cli.py", "test_advert_rules.py", "test_advert_findings.py", "test_advert_output.py",
                 "test_advert_text.py", "test_advert_readability.py"]


def copy_repository(to: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = PROJECT / name
        if source.is_file():
            target = to / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    return to


def replace_once(path: Path, pattern: str, new, flags=re.M) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, new, text, count=1, flags=flags)
    assert count == 1, f"{pattern!r} not found in {path}"
    path.write_text(changed, encoding="utf-8")


def edit_benchmarks(data: Path) -> dict:
    """New shares for the default benchmark: two points moved from lower to professional."""
    path = data / "benchmarks.yml"
    first = yaml.safe_load(path.read_text(encoding="utf-8"))["benchmarks"][0]
    shares = dict(first["shares"], professional=first["shares"]["professional"] + 2, lower=first["shares"]["lower"] - 2)
    for group in ("professional", "lower"):
        replace_once(path, rf"^(\s+{group}:\s*){first['shares'][group]:g}\s*$", rf"\g<1>{shares[group]:g}")
    return shares


def edit_glossary(data: Path) -> None:
    path = data / "glossary.yml"
    replace_once(path, r"^(\s+definition: >-\n)", r"\1      Said plainly: this is a reworded definition.\n")
    with path.open("a", encoding="utf-8") as f:
        f.write("  - id: work-trial\n    term: Work trial\n    definition: >-\n"
                "      A short, paid chance to try the job before you both decide. It shows what the work is like.\n")


def edit_claims(data: Path) -> None:
    replace_once(data / "claims.yml", r"^(\s+text:\s*).+$", r"\1We welcome people from every walk of life")


def edit_advert_rules(data: Path) -> None:
    path = data / "advert_rules.yml"
    text = path.read_text(encoding="utf-8")
    rules_at = text.index("\n  rules:")
    head, rules = text[:rules_at], text[rules_at:]
    rules = re.sub(r"^(\s+label:\s*)(.+)$", r"\1\2 (reworded)", rules, count=1, flags=re.M)
    rules, count = re.subn(r"^(\s+why:\s*>-\n)", r"\1        Reworded by a maintainer.\n", rules, count=1, flags=re.M)
    if not count:
        rules = re.sub(r"^(\s+why:\s*)(\S.*)$", r"\1Reworded: \2", rules, count=1, flags=re.M)
    path.write_text(head + rules, encoding="utf-8")


def edit_rates(data: Path) -> None:
    """A new rate, as each April brings: 30p more, a new effective date and the next review."""
    path = data / "rates.yml"
    first = yaml.safe_load(path.read_text(encoding="utf-8"))["rates"][0]
    replace_once(path, rf"^(\s+value:\s*){first['value']:.2f}\s*$", rf"\g<1>{first['value'] + 0.30:.2f}")
    replace_once(path, rf"^(\s+review:\s*){first['review']}\s*$", r"\g<1>2099-04-01")


def edit_characteristics(data: Path) -> str:
    """A spelling an HR system uses, added to the first group's answers."""
    replace_once(data / "characteristics.yml", r"^(\s+answers: \[)", r"\1from our hr system, ")
    return "from our hr system"


def add_intervention(content: Path) -> None:
    """A new intervention, written as an existing one is (the same shape, its own title and summary)."""
    model = sorted((content / "interventions").glob("*.md"))[0].read_text(encoding="utf-8")
    model = re.sub(r"^title: .+$", "title: Offer paid work tasters to local school leavers", model, count=1, flags=re.M)
    model = re.sub(r"^summary: .+$", "summary: Give young people a paid day or two in your workplace, so they can see the work "
                   "and you can see them.", model, count=1, flags=re.M)
    (content / "interventions" / "offer-paid-work-tasters.md").write_text(model, encoding="utf-8")


def test_maintainer_edits_to_every_data_file_pass_the_check_and_the_content_tests(tmp_path):
    repo = copy_repository(tmp_path / "repo")
    data = repo / "content" / "data"
    before = {p.name: p.read_text(encoding="utf-8") for p in data.glob("*.yml")}
    shares = edit_benchmarks(data)
    edit_glossary(data)
    edit_claims(data)
    edit_advert_rules(data)
    edit_rates(data)
    spelling = edit_characteristics(data)
    add_intervention(repo / "content")
    changed = sorted(n for n, text in before.items() if (data / n).read_text(encoding="utf-8") != text)
    assert changed == ["advert_rules.yml", "benchmarks.yml", "characteristics.yml", "claims.yml", "glossary.yml", "rates.yml"]
    env = {**ENV, "PYTHONPATH": str(repo), "PYTHONDONTWRITEBYTECODE": "1"}  # the copy's generator and calculators
    check = subprocess.run([sys.executable, "-m", "generator.cli", "check"], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    # the edits reached what the calculators compute with
    probe = "import json; from generator.python.calculator_data import content_data; print(json.dumps(content_data()['benchmarks'][0]))"
    bench = yaml.safe_load(subprocess.run([sys.executable, "-c", probe], cwd=repo, env=env, capture_output=True, text=True, timeout=120).stdout)
    assert bench["shares"] == shares and f"{shares['professional']:g}%" in bench["definition"]
    probe = ("from calculators.shared.characteristics import characteristics_from; from generator.python.calculator_data import "
             f"content_data; print(characteristics_from(content_data())[0].row_of({spelling!r}))")
    row = subprocess.run([sys.executable, "-c", probe], cwd=repo, env=env, capture_output=True, text=True, timeout=120).stdout.strip()
    assert row not in ("", "None"), "the new spelling did not reach the calculators"
    tests = [f"tests/{name}" for name in CONTENT_TESTS]
    # two tests there look at the whole real site, built with Pyodide from node_modules (not in git);
    # the build tests cover building the real content
    whole_site = "not measurement_kit_shows_all_nine_options and not required_pages_exist"
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", "not slow and not browser",
                          "-k", whole_site, *tests],
                         cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
