"""Lighthouse budgets that proved stable across three runs on every page (see BENCHMARKS.md and
bench/results/lighthouse.json): accessibility = 100, best practices = 100, SEO >= 95, on the home
page, one intervention page and each calculator page. Performance is noisy, so it is measured by
`make lighthouse` (python -m bench.lighthouse) and reported, not enforced."""
from __future__ import annotations

import shutil

import pytest

from bench.lighthouse import CLI, ENFORCED, PAGES, meets, run_lighthouse

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("name", list(PAGES))
def test_lighthouse_accessibility_best_practices_and_seo_budgets(server, name):
    assert CLI.exists(), "npm lighthouse is missing: run `make setup` (npm ci)"
    assert shutil.which("node"), "Node is needed to run Lighthouse"
    result = run_lighthouse(server.url + PAGES[name], categories=ENFORCED)
    missed = {c: s for c, s in result["scores"].items() if not meets(c, s)}
    assert not missed, f"{name}: {missed}; failing audits: " + "; ".join(
        f"{f['category']}/{f['audit']}: {f['title']} {f['value']}" for f in result["failing"])
