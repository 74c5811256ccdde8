"""The class pay gap calculator in a real Chromium, through the worker: cells pasted from a
spreadsheet give the gaps worked out by hand, a small group stays hidden, bad pay is named by its
line with the input kept, and nothing pasted leaves the browser."""
from __future__ import annotations

import pytest

from browserkit import calculate as calculate_on, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ID = "class-pay-gap"
PAGE = f"calculators/{ID}/"
ROOT = f"#tk-{ID}"
# 12 people from professional backgrounds paid 20.00 an hour, 12 from lower backgrounds paid 15.00
# (a gap of 25%, by hand), and 4 from intermediate backgrounds (too few to show). Level names are
# sentinels: none may leave the browser.
PASTED = ("hourly pay\tanswer\tlevel\n" + "20.00\t1\tLevelQP1\n" * 12 + "15.00\t5\tLevelQP1\n" * 12
          + "17.77\t3\tLevelQP2\n" * 4)


def test_pasted_pay_gives_the_gap_worked_out_by_hand_and_hides_a_small_group(browse):
    page, rec, server = browse
    page.goto(server.url + PAGE)
    wait_ready(page)
    page.fill(f"#tk-{ID}-paste", PASTED)
    assert calculate_on(page, ROOT) == "result"
    summary = page.locator(f"{ROOT} .tk-summary").inner_text()
    assert "paid 25.0% less an hour than people from professional backgrounds at the median" in summary
    table = page.locator(f"#tk-{ID}-table-pay-gap").inner_text()
    assert "17.77" not in page.locator(f"{ROOT} [data-tk-results]").inner_text()
    assert "[c]" in table
    rec.assert_private("http://127.0.0.1:", sentinels=("LevelQP1", "LevelQP2"))
    assert not rec.errors


def test_bad_pay_is_named_by_line_and_the_pasted_cells_are_kept(browse):
    page, rec, server = browse
    page.goto(server.url + PAGE)
    wait_ready(page)
    bad = "hourly pay,answer\n20,1\n-4,5\n"
    page.fill(f"#tk-{ID}-paste", bad)
    assert calculate_on(page, ROOT) == "errors"
    assert "Line 3" in page.locator("[data-tk-error-summary]").inner_text()
    assert page.input_value(f"#tk-{ID}-paste") == bad
    page.fill(f"#tk-{ID}-paste", PASTED)  # the worker is still alive
    assert calculate_on(page, ROOT) == "result"


# Sex crossed with background: 12 women from professional backgrounds at 20.00 and 12 from lower
# backgrounds at 15.00 (25% by hand), as many men, and 11 rows spelling "Female" as the sentinel
# "FemQX7" (unrecognised, so asked about). None of the typed values may leave the browser.
def _characteristics() -> dict:
    import yaml

    from sitekit import PROJECT

    return yaml.safe_load((PROJECT / "content/data/characteristics.yml").read_text(encoding="utf-8"))["characteristics"]


SEX = next(c for c in _characteristics()["list"] if c["id"] == "sex")
FIRST, SECOND = SEX["groups"][:2]  # answers written as the data file's labels
CROSSED = ("hourly pay\tanswer\tsex\n" + f"20.00\t1\t{FIRST['label']}\n" * 12 + f"15.00\t5\t{FIRST['label']}\n" * 12
           + f"21.00\t1\t{SECOND['label']}\n" * 12 + f"14.00\t5\t{SECOND['label']}\n" * 12 + "22.00\t1\tFemQX7\n" * 11)


def test_background_crossed_with_sex_asks_about_an_unknown_answer_and_stays_in_the_browser(browse):
    page, rec, server = browse
    page.goto(server.url + PAGE)
    wait_ready(page)
    page.fill(f"#tk-{ID}-paste", CROSSED)
    assert calculate_on(page, ROOT) == "result"
    crossed = page.locator(f"#tk-{ID}-table-crossed-sex").inner_text()
    assert _characteristics()["prefer_not_to_say"]["label"] in crossed and "25" in crossed
    select = page.locator(f'{ROOT} select[data-key="sex:FemQX7"]')
    assert "sex" in page.locator(f"{ROOT} [data-tk-results]").inner_text().lower()
    select.select_option(f"sex:{FIRST['id']}")
    assert calculate_on(page, ROOT) == "result"
    women = page.locator(f"#tk-{ID}-table-crossed-sex tbody tr").first.inner_text()
    assert "35" in women  # 12 + 12 + the 11 assigned
    assert page.input_value(f"#tk-{ID}-paste") == CROSSED  # the pasted cells are kept
    rec.assert_private("http://127.0.0.1:", sentinels=("FemQX7",))
    assert not rec.errors
