"""Plain-English figures for every content page (the same measure the tests enforce).

    python -m bench.readability
"""
from __future__ import annotations

import statistics
import sys

from bench.common import PROJECT, write

sys.path.insert(0, str(PROJECT / "tests"))


def main(argv=None) -> dict:
    from generator.content.loader import load_toolkit
    from readability import measure

    toolkit = load_toolkit(PROJECT / "content")
    pages = {d.path: measure(d.body) for d in [*toolkit.blocks, *toolkit.interventions, *toolkit.pages]}
    scores = [m["flesch"] for m in pages.values()]
    result = {
        "pages": len(pages),
        "flesch_min": min(scores), "flesch_median": round(statistics.median(scores), 1), "flesch_max": max(scores),
        "longest_sentence_words": max(m["longest_sentence"] for m in pages.values()),
        "targets": {"flesch_min": 50, "flesch_median_min": 60, "longest_sentence_max": 35},
        "per_page": {path: {"flesch": m["flesch"], "longest_sentence": m["longest_sentence"], "words": m["words"]} for path, m in sorted(pages.items())},
    }
    write("readability", result)
    print(f"{len(pages)} pages: Flesch min {result['flesch_min']}, median {result['flesch_median']}, "
          f"longest sentence {result['longest_sentence_words']} words")
    return result


if __name__ == "__main__":
    main()
