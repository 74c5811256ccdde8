"""The guidance site in a real Chromium: headings, navigation and search, all from 127.0.0.1."""
from __future__ import annotations

import pytest

from generator.content.loader import load_toolkit
from sitekit import PROJECT

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_home_page_has_headings_navigation_and_stays_on_the_origin(browse):
    page, rec, server = browse
    page.goto(server.url)
    assert page.locator("h1").inner_text() == "Socio-economic diversity at work"
    nav = page.locator("nav.md-nav--primary")
    for block in ("Data", "Culture and leadership", "Recruitment", "Progression", "Outreach"):
        assert nav.get_by_text(block, exact=True).count() >= 1
    page.get_by_role("link", name="where to start").click()
    page.wait_for_url("**/where-to-start/")
    assert page.locator("h1").inner_text() == "Where to start"
    rec.assert_private("http://127.0.0.1:")
    assert not rec.errors


def test_intervention_page_has_the_fixed_shape(browse):
    page, rec, server = browse
    toolkit = load_toolkit(PROJECT / "content")
    step = toolkit.intervention("use-structured-interviews")
    page.goto(f"{server.url}{step.building_block}/{step.slug}/")
    assert page.locator("h1").inner_text() == step.title
    h2 = page.locator("article h2").all_inner_texts()
    expected = ["Why it matters", "Steps", "For small organisations", "How to measure progress", "Common pitfalls", "Related steps"]
    assert [h for h in h2 if h in expected] == expected and h2[-1] == "Sources"
    page.get_by_role("link", name=toolkit.intervention(step.related[0]).title).first.click()
    page.wait_for_url(f"**/{step.related[0]}/")
    rec.assert_private("http://127.0.0.1:")


def test_search_finds_an_intervention_offline_from_the_built_index(browse):
    page, rec, server = browse
    page.goto(server.url)
    page.wait_for_load_state("networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("structured interviews", delay=20)  # as a person types
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    assert "structured interviews" in results.first.inner_text().lower()
    assert any(r.url.endswith("search/search_index.json") for r in rec.requests)
    rec.assert_private("http://127.0.0.1:")


def test_content_pages_transfer_no_pyodide_bytes(browse):
    page, rec, server = browse
    for path in ("", "recruitment/", "glossary/", "measurement-kit/"):
        page.goto(server.url + path)
        page.wait_for_load_state("networkidle")
    assert not [r.url for r in rec.requests if "pyodide" in r.url or r.url.endswith(".whl") or "worker.js" in r.url]


def test_any_page_prints_without_navigation(browse):
    page, rec, server = browse
    page.goto(server.url + "recruitment/use-structured-interviews/")
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator("h1").is_visible()
