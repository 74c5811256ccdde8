"""Peer benchmarking end to end in a real Chromium: five organisations each export a benchmark
file from the representation gap page, a convener combines them on the peer benchmark page (a
sixth, smaller set is refused), and an organisation loads the sector file as its benchmark. Every
request is recorded: no figure, label or file leaves the browser."""
from __future__ import annotations

import json

import pytest

from browserkit import calculate, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HEADER = "Level\tProfessional\tIntermediate\tLower\tNot known\n"
LOWER = [10, 20, 30, 40, 50]  # each firm's Board lower-SEB count out of 100 known answers


def firm_table(lower: int) -> str:
    return HEADER + f"Board PQ\t{80 - lower}\t20\t{lower}\t5\nStaff PQ\t40\t20\t40\t5\n"


def test_export_combine_and_use_a_sector_benchmark_in_the_browser(browse, tmp_path):
    page, rec, server = browse
    rep = "representation-gap"
    page.goto(server.url + f"calculators/{rep}/")
    wait_ready(page)
    page.check(f"#tk-{rep}-source-3")
    files = []
    for n, lower in enumerate(LOWER):
        page.fill(f"#tk-{rep}-paste", firm_table(lower))
        page.fill(f"#tk-{rep}-org_label", f"Firm PQ{n}")
        assert calculate(page, f"#tk-{rep}") == "result"
        with page.expect_download() as download:
            page.get_by_role("button", name="Export a benchmark file for your sector group (shares only, no counts)").click()
        path = tmp_path / f"firm-{n}.json"
        download.value.save_as(path)
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["label"] == f"Firm PQ{n}" and doc["levels"][0]["shares"]["lower"] == lower  # of 100 known
        files.append(path)

    # The convener: four files are refused, five are combined.
    page.goto(server.url + "calculators/peer-benchmark/")
    wait_ready(page)
    page.set_input_files("#tk-peer-benchmark-files", files[:4])
    assert calculate(page, "#tk-peer-benchmark") == "errors"
    assert "at least 5 organisations; you gave 4" in page.locator("[data-tk-error-summary]").inner_text()
    page.set_input_files("#tk-peer-benchmark-files", files)
    page.fill("#tk-peer-benchmark-label", "Sector PQ")
    assert calculate(page, "#tk-peer-benchmark") == "result"
    rows = page.evaluate("""() => Object.fromEntries([...document.getElementById('tk-peer-benchmark-table-sector').tBodies[0].rows]
        .map(tr => [tr.cells[0].textContent, [...tr.cells].slice(1).map(c => c.textContent)]))""")
    # Board lower shares 10..50: median 30, quartiles 20 and 40.
    assert rows["Board PQ"][0] == "5" and rows["Board PQ"][5:7] == ["30", "20 to 40"]
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the sector benchmark (JSON)").click()
    sector = tmp_path / "sector-benchmark.json"
    download.value.save_as(sector)
    everyone = next(lv for lv in json.loads(sector.read_text())["levels"] if lv["name"] == "All levels")

    # An organisation uses it as its benchmark.
    page.goto(server.url + f"calculators/{rep}/")
    wait_ready(page)
    page.check(f"#tk-{rep}-source-3")
    page.fill(f"#tk-{rep}-paste", firm_table(15))
    page.check(f"#tk-{rep}-benchmark_source-3")
    page.set_input_files(f"#tk-{rep}-benchmark_file", sector)
    assert calculate(page, f"#tk-{rep}") == "result"
    heads = page.evaluate("() => [...document.getElementById('tk-representation-gap-table-gap-level').tHead.rows[0].cells].map(c => c.textContent)")
    assert "Sector PQ (%)" in heads
    median = everyone["shares"]["lower"]
    assert f"Sector PQ: {median:g}%" in page.locator("figure.tk-figure svg").first.text_content()
    rec.assert_private("http://127.0.0.1:", sentinels=("PQ",))
    assert not rec.errors
