"""Year on year in a real Chromium: save this year's results as a small file, load it next year
beside the new figures, match a renamed level in the mapping step, and read the change table and
chart; nothing typed or loaded leaves the browser (every request recorded)."""
from __future__ import annotations

import json

import pytest

from browserkit import calculate, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ID = "representation-gap"
ROOT = f"#tk-{ID}"
HEADER = "Level\tProfessional\tIntermediate\tLower\tNot known\n"
# Hand-checked in tests/test_year_on_year.py: Board 15% -> 20% (+5.0, p = 0.352), Middle managers
# (renamed Managers) 40% -> 30% (-10.0), everyone 35.8% -> 37.1%, progression gap 25.0 -> 22.9.
LAST = HEADER + "Board YQ\t60\t25\t15\t10\nMiddle managers YQ\t40\t20\t40\t5\nStaff YQ\t150\t90\t160\t30\n"
THIS = HEADER + "Board YQ\t55\t25\t20\t10\nManagers YQ\t50\t20\t30\t5\nStaff YQ\t150\t90\t180\t30\n"


def table(page, table_id: str) -> dict[str, list[str]]:
    return page.evaluate("""id => Object.fromEntries([...document.getElementById(`tk-representation-gap-table-${id}`).tBodies[0].rows]
        .map(tr => [tr.cells[0].textContent, [...tr.cells].slice(1).map(c => c.textContent)]))""", table_id)


def test_save_this_year_and_compare_next_year_in_the_browser(browse, tmp_path):
    page, rec, server = browse
    page.goto(server.url + f"calculators/{ID}/")
    wait_ready(page)
    page.check(f"#tk-{ID}-source-3")
    page.fill(f"#tk-{ID}-paste", LAST)
    page.fill(f"#tk-{ID}-data_date", "March 2025")
    assert calculate(page, ROOT) == "result"
    with page.expect_download() as download:
        page.get_by_role("button", name="Save these results for next year (a small file with only what is shown here)").click()
    assert download.value.suggested_filename == "representation-gap-results.json"
    saved = open(download.value.path(), encoding="utf-8").read()
    doc = json.loads(saved)
    assert [level["name"] for level in doc["levels"]] == ["Board YQ", "Middle managers YQ", "Staff YQ", "All levels"]

    # Next year: new figures, last year's file beside them.
    page.fill(f"#tk-{ID}-paste", THIS)
    page.fill(f"#tk-{ID}-data_date", "March 2026")
    page.set_input_files(f"#tk-{ID}-compare", files=[{"name": "last-year.json", "mimeType": "application/json",
                                                      "buffer": saved.encode("utf-8")}])
    assert calculate(page, ROOT) == "result"
    assert "does not match a level this year by name" in page.locator(f"{ROOT} .tk-notices").inner_text()
    question = page.get_by_label("Last year: Middle managers YQ")
    assert question.is_visible()
    question.select_option("Managers YQ")
    assert calculate(page, ROOT) == "result"

    change = table(page, "change-level")
    assert list(change) == ["Board YQ", "Managers YQ", "Staff YQ", "All levels"]
    assert change["Board YQ"] == ["Board YQ", "15.0", "20.0", "5.0", "0.3521", "Could be chance"]
    assert change["Managers YQ"][:4] == ["Middle managers YQ", "40.0", "30.0", "-10.0"]
    assert change["All levels"][1:4] == ["35.8", "37.1", "1.3"]
    gap = table(page, "change-progression")
    assert gap["Change (points)"] == ["-2.1"] and gap["Is it a real change? (5% level)"] == ["Could be chance"]
    figure = page.locator(f"{ROOT} figure.tk-figure", has=page.locator("figcaption", has_text="last year and this year"))
    assert figure.locator("rect.tk-chart__bar").count() == 6
    assert figure.locator("xpath=..").locator(f"#tk-{ID}-table-change-level").is_visible()  # its table beside it
    assert "Since last year (March 2025)" in page.locator(f"{ROOT} .tk-key-findings").inner_text()

    # Another calculator's file is refused, and everything entered is kept.
    other = saved.replace('"representation-gap"', '"say-do-gap"')
    page.set_input_files(f"#tk-{ID}-compare", files=[{"name": "other.json", "mimeType": "application/json", "buffer": other.encode()}])
    assert calculate(page, ROOT) == "errors"
    assert "is from another calculator" in page.locator("[data-tk-error-summary]").inner_text()
    assert page.input_value(f"#tk-{ID}-paste") == THIS
    rec.assert_private("http://127.0.0.1:", sentinels=("YQ", "March 2025"))
    assert not rec.errors
