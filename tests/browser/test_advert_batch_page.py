"""Checking a batch of job adverts in a real Chromium, through the worker: several files and a CSV
chosen at once, progress shown while the worker checks them, the same counts as CPython, each
advert's findings one click away, the findings CSV made formula-safe, a CSV without a text column
refused plainly, and nothing chosen or typed leaving the browser."""
from __future__ import annotations

import csv
import io
import json

import pytest

from browserkit import calculate, wait_ready
from calculators.core.content import load_content
from calculators.core.registry import get
from calculators.core.spec import validate
from calculators.job_advert import batch_spec
from calculators.shared.csv_safe import FORMULA_START
from sitekit import PROJECT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ID = "job-advert-batch"
ROOT = f"#tk-{ID}"
FILES = f"#tk-{ID}-adverts"
SENTINEL = "MARSHWREN5"
CORPUS = sorted((PROJECT / "tests" / "advert_corpus").glob("*.txt"))[:4]
JOBS = ("Job title,Team,Advert text\r\n"
        f"=HYPERLINK(\"http://evil.example\"),Finance,\"Graduate analyst. {SENTINEL}\nA 2:1 degree is essential.\"\r\n"
        "Porter,Estates,\r\n")

# Every progress text the page shows while a run is on, in order (the observer is armed before a click).
WATCH_PROGRESS = r"""() => {
  const root = document.querySelector('[data-calculator]');
  window.tkProgress = [];
  new MutationObserver(() => {
    const bar = root.querySelector('[data-tk-progress]');
    const text = root.querySelector('[data-tk-status-text]').textContent.trim();
    if (root.dataset.state === 'running' && !bar.hidden && /^Checked \d+ of \d+/.test(text) && window.tkProgress.at(-1) !== text)
      window.tkProgress.push(text);
  }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
}"""


def payload(name: str, text: str, mime: str = "text/plain") -> dict:
    return {"name": name, "mimeType": mime, "buffer": text.encode("utf-8")}


def chosen() -> list[dict]:
    files = [payload(p.name, p.read_text(encoding="utf-8")) for p in CORPUS]
    return files + [payload("blank.txt", "  \n"), payload("jobs.csv", JOBS, "text/csv")]


def in_cpython() -> dict:
    files = [{"name": f["name"], "text": f["buffer"].decode("utf-8")} for f in chosen()]
    content = load_content()  # the CLI's result: the page's, with a plain record per advert
    return batch_spec.run(validate(get(ID), {"adverts": json.dumps(files)}, content), content, records=True)


def test_a_batch_in_the_browser_matches_cpython_and_stays_private(browse):
    page, rec, server = browse
    page.goto(server.url + f"calculators/{ID}/")
    wait_ready(page)
    page.set_input_files(FILES, files=chosen())
    page.fill(f"#tk-{ID}-label", f"Spring {SENTINEL}")
    page.evaluate(WATCH_PROGRESS)
    assert calculate(page, ROOT) == "result"
    expected = in_cpython()

    # the adverts table: one row per advert checked, with CPython's counts
    table = next(t for t in expected["tables"] if t["id"] == "adverts")
    shown = page.evaluate(f"""() => [...document.getElementById('tk-{ID}-table-adverts').tBodies[0].rows]
        .map(tr => [...tr.cells].map(c => c.textContent.trim()))""")
    keys = [c["key"] for c in table["columns"]]
    assert len(shown) == len(table["rows"]) == len(CORPUS) + 1
    for row, cells in zip(table["rows"], shown):
        for key in ("barrier", "caution", "note"):
            assert cells[keys.index(key)] == str(row[key])
    assert "blank.txt" in page.locator(f"{ROOT} [data-tk-results]").inner_text()  # the empty advert is reported

    # progress was shown between adverts, ending with all of them
    progress = page.evaluate("() => window.tkProgress")
    total = len(CORPUS) + 2  # the CSV's empty row is skipped before checking; blank.txt is counted
    assert progress and progress[-1].endswith(f"{total} of {total} adverts"), progress

    # each advert's findings one click away: closed, then open with a click on its summary
    findings = page.locator(f"#tk-{ID}-table-advert-1")
    details = page.locator(f"details:has(#tk-{ID}-table-advert-1)")
    assert details.count() == 1 and not findings.is_visible()
    details.locator("summary").click()
    assert findings.is_visible()
    advert_one = next(t for t in expected["tables"] if t["id"] == "advert-1")
    assert findings.locator("tbody tr").count() == len(advert_one["rows"])

    # the CSV of every finding, formula-safe
    with page.expect_download() as download:
        page.get_by_role("button", name="Download every finding (CSV)").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert len(rows) - 1 == sum(len(r["findings"]) for r in expected["adverts"] if r["checked"])
    assert all(not cell.startswith(FORMULA_START) for row in rows for cell in row if not cell.lstrip("-").isdigit())
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)

    # a CSV without a column of advert text: a plain error naming its columns, the choice kept
    page.set_input_files(FILES, files=[payload("roles.csv", "Role,Team\r\nAnalyst,Finance\r\n", "text/csv")])
    assert calculate(page, ROOT) == "errors"
    summary = page.locator("[data-tk-error-summary]").inner_text()
    assert "roles.csv has no column of advert text" in summary and "\u201cRole\u201d, \u201cTeam\u201d" in summary
    rec.assert_private("http://127.0.0.1:", sentinels=(SENTINEL,))


def test_the_page_stays_responsive_while_a_big_batch_runs(browse):
    """200 adverts: the page keeps drawing frames and answering input while the worker checks them."""
    page, rec, server = browse
    page.goto(server.url + f"calculators/{ID}/")
    wait_ready(page)
    text = "\n".join(p.read_text(encoding="utf-8") for p in CORPUS)
    page.set_input_files(FILES, files=[payload(f"advert-{n:03}.txt", text) for n in range(200)])
    page.evaluate(WATCH_PROGRESS)
    page.evaluate("""() => { window.tkFrames = { last: performance.now(), longest: 0, count: 0 };
        const tick = () => { const now = performance.now(); const f = window.tkFrames;
          f.longest = Math.max(f.longest, now - f.last); f.last = now; f.count += 1;
          if (document.querySelector('[data-calculator]').dataset.state !== 'result') requestAnimationFrame(tick); };
        requestAnimationFrame(tick); }""")
    page.click(f"{ROOT} [data-tk-submit]")
    page.wait_for_function("() => document.querySelector('[data-calculator]').dataset.state === 'running'")
    page.fill(f"#tk-{ID}-label", "typed while it runs")  # the page answers input during the run
    assert page.input_value(f"#tk-{ID}-label") == "typed while it runs"
    page.wait_for_function("() => document.querySelector('[data-calculator]').dataset.state === 'result'", timeout=120000)
    frames = page.evaluate("() => window.tkFrames")
    progress = page.evaluate("() => window.tkProgress")
    assert len(progress) >= 3 and progress[-1].endswith("200 of 200 adverts"), progress
    assert frames["count"] > 10
    # with 200 adverts each one's findings are drawn when opened: still one click away
    last = page.locator(f"{ROOT} details", has=page.locator("summary", has_text="Advert 200: advert-199.txt"))
    assert last.locator("table").count() == 0
    last.locator("summary").click()
    last.locator("table").wait_for()
    assert last.locator("table tbody tr").count() > 0
    rec.assert_private("http://127.0.0.1:")
