"""How accurate a calculator is, for its page: the figures a benchmark committed, never typed.

The job-advert checker's page quotes its precision and recall on the real adverts of the frozen
test set (bench/advert_quality.py writes them to bench/results/advert_quality.json, under
"real" -> "test"): adverts the rules were never tuned on, labelled by hand before the checker ran.
A site built without that file simply has no accuracy section."""
from __future__ import annotations

import json
from pathlib import Path

RESULTS = {"job-advert-checker": "bench/results/advert_quality.json"}  # relative to the project folder


def results(root: Path) -> dict[str, Path]:
    """The results files of the project in `root`, by calculator."""
    return {calculator: root / path for calculator, path in RESULTS.items()}


def _share(part: dict) -> dict | None:
    if not part or part.get("value") is None:
        return None
    done, total = (int(n) for n in str(part["count"]).split("/"))
    return {"percent": round(100 * part["value"]), "low": round(100 * part["low"]), "high": round(100 * part["high"]),
            "done": done, "total": total}


def summary(results: dict) -> dict | None:
    """The page's figures from a results file: the test set's targets, traps and clean adverts."""
    test = (results.get("real") or {}).get("test")
    if not test:
        return None
    rows = [{"barrier": name, "recall": _share(t.get("recall")), "precision": _share(t.get("precision"))}
            for name, t in (test.get("targets") or {}).items()]
    return {"adverts": test.get("adverts"), "date": (results.get("machine") or {}).get("date", "")[:10],
            "rows": [r for r in rows if r["recall"] or r["precision"]],
            "untested": [r["barrier"] for r in rows if not (r["recall"] or r["precision"])],
            "other_senses": test.get("other_senses_of_degree_flagged"), "controls": test.get("control_adverts"),
            "controls_with_findings": test.get("control_adverts_with_findings")}


def for_calculators(paths: dict[str, Path]) -> dict[str, dict]:
    """{calculator id: summary} for the calculators whose results file exists and can be read."""
    out = {}
    for calculator, path in paths.items():
        try:
            found = summary(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
        if found:
            out[calculator] = found
    return out
