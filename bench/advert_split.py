"""Split the real-advert corpus once into a development set and a frozen test set.

    python -m bench.advert_split            # writes tests/advert_corpus_real/split.json, once

The adverts in tests/advert_corpus_real/ were labelled by hand before the checker was run on
them. This draws the split at random with a fixed seed, stratified so that clean control adverts
and each kind of role (`level` in the labels) fall on both sides in proportion, and records it.
Adverts from one source (the same site, or the same repository on GitHub) or one employer's
template are drawn together, so near-duplicates never sit on both sides.
Rules may only be changed by looking at the development set; the test set is for reporting. The
split is never redrawn: the script refuses to overwrite split.json, and adverts added later go to
the development set unless a new, separately recorded test set is drawn from them.
"""
from __future__ import annotations

import json
import math
import random
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT / "tests" / "advert_corpus_real"
SEED = 20261205
TEST_SHARE = 1 / 3
MIN_TEST = 40
# One employer's adverts or template found at several addresses (listed by the labellers).
SAME_EMPLOYER = (r"^a-dfe-", r"^a-bank-", r"^a-bbc-", r"^a-barristers-", r"^a-community-news-",
                 r"^a-nhs-(?:finance|cashier|assistant)", r"^a-gla-", r"^a-economist-", r"^a-befriend",
                 r"^a-volunteer-driver")


def source_group(stem: str, labels: dict) -> str:
    """Adverts that must fall on the same side: one employer's, or one source's."""
    for pattern in SAME_EMPLOYER:
        if re.match(pattern, stem):
            return pattern
    url = urlsplit(str(labels.get("source") or ""))
    host = url.netloc.lower().removeprefix("www.")
    if host == "github.com":
        host += "/" + "/".join(url.path.strip("/").split("/")[:2])
    return host or stem


def draw(corpus: Path = CORPUS, seed: int = SEED) -> dict:
    groups: dict[str, list[str]] = {}
    stratum_of: dict[str, str] = {}
    for labels_path in sorted(corpus.glob("*.yml")):
        if not labels_path.with_suffix(".txt").exists() and not labels_path.with_suffix(".md").exists():
            continue
        labels = yaml.safe_load(labels_path.read_text(encoding="utf-8")) or {}
        group = source_group(labels_path.stem, labels)
        groups.setdefault(group, []).append(labels_path.stem)
        # a group's stratum is its first advert's: controls, then the kind of role
        stratum_of.setdefault(group, "control" if labels.get("control") else str(labels.get("level") or "other"))
    strata: dict[str, list[str]] = {}
    for group in groups:
        strata.setdefault(stratum_of[group], []).append(group)
    total = sum(len(g) for g in groups.values())
    want = max(MIN_TEST, math.ceil(total * TEST_SHARE))
    rng = random.Random(seed)
    test: list[str] = []
    leftovers = []
    for name in sorted(strata):
        names = sorted(strata[name])
        rng.shuffle(names)
        size = sum(len(groups[g]) for g in names)
        quota = size * want / total
        taken = 0
        for g in names:  # whole groups, while the stratum's share is not yet reached
            if taken + len(groups[g]) <= quota + 0.5:
                test += groups[g]
                taken += len(groups[g])
            else:
                leftovers.append((name, g))
    rng.shuffle(leftovers)
    for _, g in leftovers:  # top up to the wanted size with whole groups
        if len(test) >= want:
            break
        if len(test) + len(groups[g]) <= want + 2:
            test += groups[g]
    test_set = set(test)
    development = sorted(s for stems in groups.values() for s in stems if s not in test_set)
    return {"seed": seed, "drawn": "2026-12-05",
            "method": (f"adverts grouped by employer or source (source_group); groups stratified by control flag and "
                       f"level; in each stratum the group names are sorted, shuffled with random.Random({seed}) and whole "
                       f"groups taken up to the stratum's share of the test set (at least {MIN_TEST} adverts and a third), "
                       "then topped up with whole groups drawn at random"),
            "counts": {"development": len(development), "test": len(test_set), "groups": len(groups),
                       "strata": {k: sum(len(groups[g]) for g in v) for k, v in sorted(strata.items())}},
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
