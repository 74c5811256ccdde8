"""How well the job-advert checker finds what a person would mark: precision and recall per
category on the hand-labelled corpus in tests/advert_corpus/.

    python -m bench.advert_quality

Each advert (.md or .txt) has a .yml beside it listing the findings a careful reader expects:
the rule, and for a finding in the text the words it covers (`text`, and `occurrence` when the
words appear more than once). A finding about the whole advert (no pay figure, no hours...)
has no text. A checker finding counts as correct when it has the same rule and overlaps the
expected words. `must_not_flag` lists the traps ("degree of autonomy") that no finding may touch.

Left out of precision and recall, and measured another way:
- gender-coded words: a fixed word list matched mechanically (tested with hand-counted
  examples); the advert's overall coding is compared with its label where one is given;
- "hard to read": a threshold on the Flesch reading ease, not a judgement a reader can label
  reliably near the line; instead our pure-Python estimate is compared with a reference that
  counts syllables with a dictionary (textstat 0.7.8, CMUdict) on the same sentences.

Adverts marked `set: holdout` were written and labelled after the rules were first tuned on the
others, and `set: holdout-2` after the fixes the first held-out set led to. HOLDOUT_FIRST_RUN and
HOLDOUT_2_FIRST_RUN record what the checker scored on each before any change it prompted: the
fairest guide to how it does on adverts it has not seen.

Writes bench/results/advert_quality.json.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT / "tests" / "advert_corpus"
TARGET = 0.9
IGNORED_RULES = ("masculine-coded-word", "feminine-coded-word", "gendered-wording", "hard-to-read")
# The held-out adverts' first run (with "hard to read" still counted), before the fixes it led to:
# sector acronyms not in the jargon list, "English as their first language", "car drivers
# preferred", "a strong academic record", "degree or equivalent professional qualification",
# numbered lists read as sentences, and in-person jobs asked to state remote working.
HOLDOUT_FIRST_RUN = {
    "adverts": 8,
    "categories": {
        "degree": {"true_positives": 3, "false_positives": 1, "false_negatives": 1, "precision": 0.75, "recall": 0.75},
        "grades": {"true_positives": 2, "false_positives": 0, "false_negatives": 1, "precision": 1.0, "recall": 0.667},
        "unpaid": {"true_positives": 0, "false_positives": 0, "false_negatives": 0, "precision": None, "recall": None},
        "pay": {"true_positives": 2, "false_positives": 0, "false_negatives": 0, "precision": 1.0, "recall": 1.0},
        "language": {"true_positives": 9, "false_positives": 0, "false_negatives": 7, "precision": 1.0, "recall": 0.562},
        "readability": {"true_positives": 0, "false_positives": 3, "false_negatives": 0, "precision": 0.0, "recall": None},
        "flexibility": {"true_positives": 3, "false_positives": 2, "false_negatives": 0, "precision": 0.6, "recall": 1.0},
    },
}

if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))


# The second held-out set's first run, before its fixes: "or 2 years' lab experience" as the
# alternative to a degree, expenses of £10 a day taken as pay, "work hard and play hard", nursery
# work asked to state remote working; sector acronyms (NAEA, LIMS) and recruitment jargon ("build
# a desk", "top billers") are still missed.
HOLDOUT_2_FIRST_RUN = {
    "adverts": 8,
    "categories": {
        "degree": {"true_positives": 4, "false_positives": 1, "false_negatives": 1, "precision": 0.8, "recall": 0.8},
        "grades": {"true_positives": 4, "false_positives": 0, "false_negatives": 0, "precision": 1.0, "recall": 1.0},
        "unpaid": {"true_positives": 1, "false_positives": 0, "false_negatives": 0, "precision": 1.0, "recall": 1.0},
        "pay": {"true_positives": 0, "false_positives": 0, "false_negatives": 1, "precision": None, "recall": 0.0},
        "language": {"true_positives": 7, "false_positives": 0, "false_negatives": 5, "precision": 1.0, "recall": 0.583},
        "readability": {"true_positives": 0, "false_positives": 0, "false_negatives": 0, "precision": None, "recall": None},
        "flexibility": {"true_positives": 0, "false_positives": 1, "false_negatives": 0, "precision": 0.0, "recall": None},
    },
}


def adverts(corpus: Path = CORPUS) -> list[tuple[Path, dict]]:
    out = []
    for path in sorted(corpus.iterdir()):
        if path.suffix in (".md", ".txt"):
            labels = yaml.safe_load(path.with_suffix(".yml").read_text(encoding="utf-8"))
            out.append((path, labels))
    return out


def locate(text: str, words: str, occurrence: int = 1) -> tuple[int, int]:
    """Offsets of the n-th occurrence of `words` in `text` (exact, case-sensitive)."""
    start = -1
    for _ in range(occurrence):
        start = text.find(words, start + 1)
        if start < 0:
            raise ValueError(f"expected words {words!r} (occurrence {occurrence}) are not in the advert")
    return start, start + len(words)


def check(path: Path, labels: dict, content: dict) -> dict:
    """Compare the checker's findings on one advert with its labels."""
    from calculators.advert import SPEC
    from calculators.spec import run

    outcome = run(SPEC, {"text": path.read_text(encoding="utf-8")}, content)
    assert outcome["ok"], outcome
    result = outcome["result"]
    text = result["highlights"]["text"]
    actual = [f for f in result["findings"] if f["rule"] not in IGNORED_RULES]
    expected = []
    for item in labels.get("findings") or ():
        span = locate(text, item["text"], item.get("occurrence", 1)) if item.get("text") else None
        expected.append({**item, "span": span})
    matched_actual: set[int] = set()
    true_pos, false_neg, severity_errors = [], [], []
    for exp in expected:
        hit = None
        for i, act in enumerate(actual):
            if i in matched_actual or act["rule"] != exp["rule"]:
                continue
            if exp["span"] is None and act["start"] is None:
                hit = i
            elif exp["span"] is not None and act["start"] is not None and act["start"] < exp["span"][1] and act["end"] > exp["span"][0]:
                hit = i
            if hit is not None:
                break
        if hit is None:
            false_neg.append(exp)
        else:
            matched_actual.add(hit)
            true_pos.append((exp, actual[hit]))
            if exp.get("severity") and exp["severity"] != actual[hit]["severity"]:
                severity_errors.append({"rule": exp["rule"], "text": exp.get("text"), "expected": exp["severity"],
                                        "found": actual[hit]["severity"]})
    false_pos = [a for i, a in enumerate(actual) if i not in matched_actual]
    wrongly_flagged = []
    for guard in labels.get("must_not_flag") or ():
        start = -1
        while True:
            start = text.find(guard["text"], start + 1)
            if start < 0:
                break
            end = start + len(guard["text"])
            for act in actual:
                if act["start"] is None or not (act["start"] < end and act["end"] > start):
                    continue
                if guard.get("category") and act["category"] != guard["category"]:
                    continue
                if guard.get("rule") and act["rule"] != guard["rule"]:
                    continue
                wrongly_flagged.append({"guard": guard["text"], "rule": act["rule"], "found": text[act["start"]:act["end"]]})
    measures = {r["measure"]: r["value"] for r in result["tables"][3]["rows"]}
    coding = measures["Gendered wording"]
    return {"advert": path.name, "true_positives": true_pos, "false_negatives": false_neg, "false_positives": false_pos,
            "wrongly_flagged": wrongly_flagged, "severity_errors": severity_errors,
            "gender_expected": labels.get("gender"), "gender_found": coding, "text": text,
            "set": labels.get("set", "development"), "reading_ease": measures["Flesch reading ease"]}


def score(reports: list[dict], book) -> dict:
    """Precision and recall per category over some adverts' reports."""
    categories: dict[str, dict[str, int]] = {}

    def bump(category: str, key: str) -> None:
        categories.setdefault(category, {"true_positives": 0, "false_positives": 0, "false_negatives": 0})[key] += 1

    for report in reports:
        for exp, _act in report["true_positives"]:
            bump(book.rule(exp["rule"]).category, "true_positives")
        for exp in report["false_negatives"]:
            bump(book.rule(exp["rule"]).category, "false_negatives")
        for act in report["false_positives"]:
            bump(act["category"], "false_positives")
    scores = {}
    for category in [c["id"] for c in book.categories]:
        c = categories.get(category, {"true_positives": 0, "false_positives": 0, "false_negatives": 0})
        tp, fp, fn = c["true_positives"], c["false_positives"], c["false_negatives"]
        scores[category] = {**c, "precision": round(tp / (tp + fp), 3) if tp + fp else None,
                            "recall": round(tp / (tp + fn), 3) if tp + fn else None}
    return scores


def reference_reading_ease(text: str) -> float:
    """Flesch reading ease on our sentences and words, with syllables from a dictionary."""
    import textstat

    from calculators.advert_readability import words_of
    from calculators.advert_text import matching_copy, sentences

    lowered = matching_copy(text)
    counts = [words_of(lowered, s.start, s.end) for s in sentences(text)]
    counts = [c for c in counts if c]
    words = [w for c in counts for w in c]
    syllable_total = sum(textstat.syllable_count(w.replace("'", "")) or 1 for w in words)
    return 206.835 - 1.015 * (len(words) / len(counts)) - 84.6 * (syllable_total / len(words))


def reading_ease_agreement(reports: list[dict]) -> dict:
    rows = []
    for r in reports:
        ours = r["reading_ease"]
        ref = reference_reading_ease(r["text"])
        rows.append({"advert": r["advert"], "ours": round(ours, 1), "reference": round(ref, 1), "hard_ours": ours < 50,
                     "hard_reference": ref < 50})
    differences = [abs(x["ours"] - x["reference"]) for x in rows]
    return {"threshold": 50, "mean_absolute_difference": round(sum(differences) / len(differences), 2),
            "largest_difference": round(max(differences), 1),
            "same_side_of_threshold": sum(1 for x in rows if x["hard_ours"] == x["hard_reference"]), "adverts": len(rows),
            "disagreements": [x for x in rows if x["hard_ours"] != x["hard_reference"]]}


def evaluate(corpus: Path = CORPUS) -> dict:
    from calculators.advert_rules import rule_book
    from calculators.content import load_content

    content = load_content()
    per_advert = [check(path, labels, content) for path, labels in adverts(corpus)]
    book = rule_book(content)
    scores = score(per_advert, book)
    by_set = {name: score([r for r in per_advert if r["set"] == name], book) for name in ("development", "holdout", "holdout-2")}
    gender = [(r["advert"], r["gender_expected"], r["gender_found"]) for r in per_advert if r["gender_expected"]]
    return {
        "adverts": len(per_advert),
        "target": TARGET,
        "categories": scores,
        "by_set": by_set,
        "holdout_first_run": HOLDOUT_FIRST_RUN,
        "holdout_2_first_run": HOLDOUT_2_FIRST_RUN,
        "reading_ease": reading_ease_agreement(per_advert),
        "gender_coding": {"labelled": len(gender), "agreeing": sum(1 for _, e, f in gender if e == f),
                          "disagreements": [{"advert": a, "expected": e, "found": f} for a, e, f in gender if e != f]},
        "wrongly_flagged": [{"advert": r["advert"], **w} for r in per_advert for w in r["wrongly_flagged"]],
        "severity_errors": [{"advert": r["advert"], **s} for r in per_advert for s in r["severity_errors"]],
        "missed": [{"advert": r["advert"], "rule": e["rule"], "text": e.get("text")} for r in per_advert for e in r["false_negatives"]],
        "extra": [{"advert": r["advert"], "rule": a["rule"],
                   "text": r["text"][a["start"]:a["end"]] if a["start"] is not None else None}
                  for r in per_advert for a in r["false_positives"]],
    }


def main() -> None:
    from bench.common import write

    report = evaluate()
    path = write("advert_quality", report)
    for category, s in report["categories"].items():
        print(f"{category:12} precision {s['precision']}  recall {s['recall']}  "
              f"(tp {s['true_positives']}, fp {s['false_positives']}, fn {s['false_negatives']})")
    print(f"gender coding: {report['gender_coding']['agreeing']} of {report['gender_coding']['labelled']} labels agree")
    ease = report["reading_ease"]
    print(f"reading ease vs dictionary reference: mean difference {ease['mean_absolute_difference']}, "
          f"same side of {ease['threshold']} on {ease['same_side_of_threshold']} of {ease['adverts']}")
    for key in ("wrongly_flagged", "severity_errors", "missed", "extra"):
        for item in report[key]:
            print(key, item)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
