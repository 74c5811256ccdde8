"""Split the real-advert corpus once into a development set and a frozen test set.

    python -m bench.advert_split            # writes tests/advert_corpus_real/split.json, once

The adverts in tests/advert_corpus_real/ were labelled by hand before the checker was run on
them. This draws the split at random with a fixed seed, stratified so that clean control adverts
and each kind of role (`level` in the labels) fall on both sides in proportion, and records it.
Rules may only be changed by looking at the development set; the test set is for reporting. The
split is never redrawn: the script refuses to overwrite split.json, and adverts added later go to
the development set unless a new, separately recorded test set is drawn from them.
"""
from __future__ import annotations

import json
import math
import random
import sys
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT / "tests" / "advert_corpus_real"
SEED = 20261205
TEST_SHARE = 1 / 3
MIN_TEST = 40


def draw(corpus: Path = CORPUS, seed: int = SEED) -> dict:
    strata: dict[str, list[str]] = {}
    for labels_path in sorted(corpus.glob("*.yml")):
        if not labels_path.with_suffix(".txt").exists() and not labels_path.with_suffix(".md").exists():
            continue
        labels = yaml.safe_load(labels_path.read_text(encoding="utf-8")) or {}
        stratum = "control" if labels.get("control") else str(labels.get("level") or "other")
        strata.setdefault(stratum, []).append(labels_path.stem)
    total = sum(len(s) for s in strata.values())
    want = max(MIN_TEST, math.ceil(total * TEST_SHARE))
    rng = random.Random(seed)
    test: list[str] = []
    remainders = []
    for name in sorted(strata):
        stems = sorted(strata[name])
        rng.shuffle(stems)
        exact = len(stems) * want / total
        take = math.floor(exact)
        test += stems[:take]
        remainders.append((exact - take, name, stems[take:]))
    for _, _, rest in sorted(remainders, key=lambda r: (-r[0], r[1])):  # largest remainders first
        if len(test) >= want:
            break
        if rest:
            test.append(rest[0])
    test_set = set(test)
    development = sorted(s for stems in strata.values() for s in stems if s not in test_set)
    return {"seed": seed, "drawn": "2026-12-05",
            "method": (f"stratified by control flag and level; in each stratum the stems are sorted, shuffled with "
                       f"random.Random({seed}) and the first share taken; at least {MIN_TEST} and a third of all adverts go "
                       "to the test set (largest remainders fill the rest)"),
            "counts": {"development": len(development), "test": len(test_set),
                       "strata": {k: len(v) for k, v in sorted(strata.items())}},
            "development": development, "test": sorted(test_set)}


def main() -> int:
    out = CORPUS / "split.json"
    if out.exists():
        print(f"{out.relative_to(PROJECT)} exists: the split is drawn once and never redrawn.", file=sys.stderr)
        return 1
    split = draw()
    out.write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")
    print(f"development {split['counts']['development']}, test {split['counts']['test']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
