"""The benchmark a result compares with: a published one from content, your own figures, or a
sector group's benchmark file; and the note that describes it."""
from __future__ import annotations

from typing import Any, Mapping

from calculators.core.result import sentence
from calculators.core.spec import InputError
from calculators.peer_benchmark import spec as peer_benchmark
from calculators.representation.counts import GROUPS
from calculators.shared.numbers import plain_number


def choose_benchmark(values: Mapping[str, Any], content: Mapping[str, Any]) -> dict:
    if values.get("benchmark_source") == "file":
        sector = peer_benchmark.read(values.get("benchmark_file") or "", "benchmark_file", "The sector benchmark file", "sector")
        everyone = next((lv for lv in sector["levels"] if " ".join(lv["name"].casefold().split()) == "all levels"), None)
        if everyone is None:
            raise InputError("benchmark_file", "The sector benchmark file has no figures for everyone (\u201cAll levels\u201d), "
                                               "so it cannot be your benchmark. Ask your sector group's convener for a file that has them.")
        label = sector["label"] or "Sector benchmark"
        firms = everyone.get("firms") or sector.get("firms")
        return {"id": "sector", "label": label, "phrase": label, "shares": {g: float(everyone["shares"][g]) for g in GROUPS},
                "date": sector["date"], "source": None,
                "definition": (f"The median of {firms} organisations' shares across everyone, combined from their benchmark files "
                               "(each holding only rounded shares). Medians of the three groups need not add up to 100.")}
    if values.get("benchmark_source") == "custom":
        shares = {g: values.get(f"custom_{g}") for g in GROUPS}
        total = sum(float(v) for v in shares.values())
        if abs(total - 100) > 0.5:
            parts = " + ".join(f"{plain_number(float(shares[g]))}" for g in GROUPS)
            raise InputError("custom_lower", f"Your benchmark shares add up to {plain_number(total)} ({parts}), not 100. "
                                             "Change them so that professional, intermediate and lower add up to 100.")
        label = (values.get("custom_label") or "").strip() or "Your benchmark"
        return {"id": "custom", "label": label, "phrase": label if values.get("custom_label") else "your benchmark",
                "shares": {g: float(shares[g]) for g in GROUPS}, "date": "", "definition": "Figures you entered.", "source": None}
    available = content.get("benchmarks") or []
    if not available:
        raise InputError("benchmark", "No benchmark is set up. Choose \u201cMy own figures\u201d and enter your benchmark.")
    wanted = values.get("benchmark")
    chosen = next((b for b in available if b.get("id") == wanted), None) if wanted else None
    chosen = chosen or next((b for b in available if b.get("default")), available[0])
    shares = chosen.get("shares") or {}
    for g in GROUPS:
        v = shares.get(g)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 100:
            raise InputError("benchmark", f"The benchmark \u201c{chosen.get('label')}\u201d has a {g} share of {v!r}; a share "
                                          "must be a percentage from 0 to 100. Choose another benchmark or enter your own, "
                                          "and tell the site's maintainers (content/data/benchmarks.yml).")
    return {**chosen, "phrase": chosen.get("phrase") or chosen.get("label"), "shares": {g: float(shares[g]) for g in GROUPS}}


def benchmark_notice(benchmark: dict) -> dict:
    s = benchmark["shares"]
    text = (f"Benchmark: {benchmark['label']}: {plain_number(s['professional'])}% professional, {plain_number(s['intermediate'])}% intermediate, "
            f"{plain_number(s['lower'])}% lower.")
    if benchmark.get("date"):
        text += f" Date: {benchmark['date']}."
    if benchmark.get("definition") and benchmark.get("id") != "custom":
        text += f" {benchmark['definition']}"
    source = benchmark.get("source")
    links = [(f"{source.get('title')} ({source.get('publisher')}, {source.get('year')})", source["url"])] if source and source.get("url") else []
    return sentence(text, links)
