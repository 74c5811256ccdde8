"""The real-advert corpus is well formed: every advert has its labels, every labelled phrase is
in its advert exactly, every rule named exists, and the recorded split covers every advert once.

This checks the corpus, never the checker's score on it (bench/advert_quality.py scores; the test
set's figures are reported, not asserted)."""
from __future__ import annotations

import json

import pytest
import yaml

from sitekit import PROJECT

CORPUS = PROJECT / "tests" / "advert_corpus_real"
LEVELS = {"entry", "experienced", "graduate", "internship", "apprenticeship", "volunteer", "senior"}
EDITED = {"verbatim", "trimmed", "paraphrased", "made-clean"}
ADVERTS = sorted(p for p in CORPUS.glob("*.txt") if p.with_suffix(".yml").exists())
RULES = {r["id"] for r in yaml.safe_load((PROJECT / "content/data/advert_rules.yml").read_text(encoding="utf-8"))["advert_rules"]["rules"]}


def test_the_corpus_has_at_least_120_real_adverts_and_a_split_covering_each_once():
    split = json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))
    stems = {p.stem for p in ADVERTS}
    assert len(stems) >= 120
    assert not set(split["development"]) & set(split["test"])
    assert set(split["development"]) | set(split["test"]) == stems
    assert len(split["test"]) >= 40


@pytest.mark.parametrize("advert", ADVERTS, ids=[p.stem for p in ADVERTS])
def test_each_advert_is_labelled_with_phrases_that_are_in_it(advert):
    labels = yaml.safe_load(advert.with_suffix(".yml").read_text(encoding="utf-8"))
    text = advert.read_text(encoding="utf-8")
    assert labels["source"].startswith("http") and labels["level"] in LEVELS and labels["edited"] in EDITED
    assert 50 <= len(text.split()) <= 650
    assert not (labels.get("control") and labels.get("findings")), "a clean control advert has no findings"
    for item in labels.get("findings") or []:
        assert item["rule"] in RULES, f"{item['rule']} is not a rule of content/data/advert_rules.yml"
    for kind in ("findings", "must_not_flag"):
        for item in labels.get(kind) or []:
            if item.get("text") is None:
                continue
            found = text.count(item["text"])
            assert found >= item.get("occurrence", 1), f"{kind}: {item['text']!r} is not in the advert (occurrence {item.get('occurrence', 1)})"
