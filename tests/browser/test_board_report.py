"""The board report in a real Chromium: made in the browser (every request recorded, nothing
typed leaves), its guidance links turned into the site's addresses, and printed with page.pdf on
A4 in at most two pages, for a short ladder and for the longest one the calculator takes (60
levels with long names)."""
from __future__ import annotations

import random
import re

import pytest

from browserkit import calculate, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ID = "representation-gap"
ROOT = f"#tk-{ID}"


def pasted(levels: int, seed: int) -> str:
    rng = random.Random(seed)
    lines = ["Level\tProfessional\tIntermediate\tLower\tNot known"]
    for n in range(levels, 0, -1):
        lines.append(f"Band {n} QR of the organisation's grading structure\t{rng.randint(0, 60)}\t{rng.randint(0, 40)}\t"
                     f"{rng.randint(0, 50)}\t{rng.randint(0, 15)}")
    return "\n".join(lines) + "\n"


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("levels", [4, 60])
def test_the_board_report_is_made_in_the_browser_and_prints_on_at_most_two_a4_pages(browse, tmp_path, levels):
    page, rec, server = browse
    page.goto(server.url + f"calculators/{ID}/")
    wait_ready(page)
    page.check(f"#tk-{ID}-source-3")
    page.fill(f"#tk-{ID}-paste", pasted(levels, levels))
    page.fill(f"#tk-{ID}-data_date", "March 2026 QR")
    assert calculate(page, ROOT) == "result"
    with page.expect_download() as download:
        page.get_by_role("button", name="Download a board report (print-ready page)").click()
    assert download.value.suggested_filename == "representation-gap-board-report.html"
    html = open(download.value.path(), encoding="utf-8").read()
    assert "Date of the data: March 2026 QR" in html and "Key figures" in html
    # Guidance links point at the site's own pages, which exist.
    assert "intervention:" not in html
    links = re.findall(r'href="(http://127\.0\.0\.1:[^"]+)"', html)
    assert any(link.endswith("measure-the-progression-gap/") for link in links), links
    for link in set(links):
        assert page.request.get(link).ok, link
    rec.assert_private("http://127.0.0.1:", sentinels=("QR", "Band 1 "))
    assert not rec.errors

    report = tmp_path / "report.html"
    report.write_text(html, encoding="utf-8")
    printed = page.context.new_page()
    printed.goto(report.as_uri())
    pages = pdf_pages(printed.pdf(format="A4"))
    assert 1 <= pages <= 2, f"{levels} levels: {pages} pages"
