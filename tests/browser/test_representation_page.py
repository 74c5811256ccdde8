"""The representation gap calculator in a real Chromium, through the worker: the quick form (rows
added, moved and removed), a response file with answers to sort, pasted cells, bad input, the
results CSV, and nothing typed or uploaded leaving the browser.

Every expected figure below is worked out by hand from the counts typed, not taken from the
calculator, against a benchmark the tests type in ("My own figures": 39% lower SEB, named UK
workforce), so maintainers may change the shipped benchmarks without touching these tests."""
from __future__ import annotations

import csv
import io
import random
import re

import pytest

from browserkit import calculate as calculate_on, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ID = "representation-gap"
PAGE = f"calculators/{ID}/"
ROOT = f"#tk-{ID}"
THRESHOLD = 10
COLUMNS = ("level", "professional", "intermediate", "lower", "not_known", "headcount")

# The quick form. Level names are sentinels too: none may ever leave the browser.
BOARD, HEADS, MANAGERS, STAFF, TEMP = "Board QX1", "=1+1 Heads QX2", "Managers QX3", "Staff QX4", "Temporary QX5"
FORM_ROWS = {  # professional, intermediate, lower, not known, headcount
    BOARD: (50, 20, 30, 20, 150),
    HEADS: (40, 12, 6, 4, ""),  # lower (6) and not known (4) are under 10
    MANAGERS: (30, 15, 12, 11, ""),
    STAFF: (120, 80, 200, 50, 500),
    TEMP: (1000, 1000, 1000, 1000, ""),  # removed before calculating: it must count for nothing
}


def cell(row: int, column: str) -> str:
    return f"#tk-{ID}-levels-{row}-{column}"


def calculate(page) -> str:
    return calculate_on(page, ROOT)


def result_table(page, table_id: str) -> dict[str, dict[str, str]]:
    """A result table as on screen: {first cell: {column heading: text}}; a repeated heading
    (the 95% interval after each share) gets the heading before it as a prefix."""
    return page.evaluate("""id => {
        const table = document.getElementById(`tk-representation-gap-table-${id}`);
        if (!table) return null;
        const heads = [...table.tHead.rows[0].cells].map(c => c.textContent);
        const keys = heads.map((h, i) => heads.indexOf(h) === i ? h : `${heads[i - 1]} ${h}`);
        return Object.fromEntries([...table.tBodies[0].rows].map(tr =>
            [tr.cells[0].textContent, Object.fromEntries([...tr.cells].slice(1).map((c, i) => [keys[i + 1], c.textContent]))]));
    }""", table_id)


def summary(page) -> str:
    return page.locator(f"{ROOT} .tk-summary").text_content()  # in a closed section, so not rendered


def assert_nothing_small_can_be_seen_or_worked_out(counts: dict[str, dict[str, str]], total_row: str) -> None:
    """In a counts table as shown: no count from 1 to threshold - 1, and no hidden count that one
    row (known = professional + intermediate + lower) or one column (the totals row) gives back."""
    groups = ("Professional", "Intermediate", "Lower")
    for name, row in counts.items():
        for heading, text in row.items():
            if text != "[c]":
                assert not 0 < int(text) < THRESHOLD, f"{name}, {heading}: {text} is under {THRESHOLD} and shown"
        hidden = [g for g in groups if row[g] == "[c]"]
        if row["Known answers"] != "[c]":
            assert len(hidden) != 1, f"{name}: {hidden[0]} = known answers minus the others"
    levels = [n for n in counts if n != total_row]
    for heading in (*groups, "Not known"):
        if counts[total_row][heading] != "[c]":
            hidden = [n for n in levels if counts[n][heading] == "[c]"]
            assert len(hidden) != 1, f"{hidden[0]}, {heading} = the total minus the other levels"


HAND_WORKED = {"custom_label": "UK workforce", "custom_professional": "37", "custom_intermediate": "24", "custom_lower": "39"}


def compare_with_the_hand_worked_benchmark(page) -> None:
    page.check(f"#tk-{ID}-benchmark_source-2")  # My own figures
    for name, value in HAND_WORKED.items():
        page.fill(f"#tk-{ID}-{name}", value)


def wilson(successes: int, total: int) -> tuple[float, float]:
    """The 95% Wilson interval in percent, written out here from its textbook formula."""
    z = 1.959963984540054
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * (p * (1 - p) / total + z * z / (4 * total * total)) ** 0.5 / (1 + z * z / total)
    return 100 * (centre - half), 100 * (centre + half)


def key_figures(page) -> dict[str, list[str]]:
    """The key-figures panel as on screen: {figure label: [its lines of text]}."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.tk-key-figure')].map(li =>
        [li.querySelector('.tk-key-figure__label').textContent, [...li.querySelectorAll('p')].slice(1).map(p => p.textContent)]))""")


def fill_form(page) -> None:
    """Type five rows in a muddled order, then put them right with Move up / Move down and
    remove the extra one, as a person would."""
    typed = [STAFF, HEADS, MANAGERS, TEMP, BOARD]
    for n, name in enumerate(typed, start=1):
        if n > 1:
            page.click(f"{ROOT} [data-tk-add-row=levels]")
            assert page.evaluate("document.activeElement.id") == cell(n, "level")[1:]  # focus goes to the new row
        for column, value in zip(COLUMNS, (name, *FORM_ROWS[name])):
            page.fill(cell(n, column), str(value))
    body = f"{ROOT} [data-tk-table=levels] tbody"
    for row in (5, 4, 3, 2):  # Board from the bottom to the top
        page.click(f"{body} tr:nth-child({row}) [data-tk-row-action=up]")
    page.click(f"{body} tr:nth-child(2) [data-tk-row-action=down]")  # Staff below Heads ...
    page.click(f"{body} tr:nth-child(3) [data-tk-row-action=down]")  # ... and below Managers
    assert [page.input_value(cell(n, "level")) for n in range(1, 6)] == [BOARD, HEADS, MANAGERS, STAFF, TEMP]
    page.click(f"{body} tr:nth-child(5) [data-tk-row-action=remove]")
    assert page.locator(f"{body} tr").count() == 4
    # The ids and labels follow the rows, and every value moved with its row.
    for n, name in enumerate([BOARD, HEADS, MANAGERS, STAFF], start=1):
        assert page.input_value(cell(n, "level")) == name
        assert [page.input_value(cell(n, c)) for c in COLUMNS[1:]] == [str(v) for v in FORM_ROWS[name]]
        assert page.locator(cell(n, "lower")).get_attribute("aria-label") == f"Row {n}, Lower"
        assert page.locator(f"{body} tr:nth-child({n}) [data-tk-row-number]").inner_text() == str(n)


def test_quick_form_rows_figures_ladder_small_numbers_and_download(browse):
    page, rec, server = browse
    page.goto(server.url + PAGE)
    wait_ready(page)
    assert page.locator(f"#tk-{ID}-source-1").is_checked()  # the quick form is the default
    fill_form(page)
    compare_with_the_hand_worked_benchmark(page)
    assert calculate(page) == "result"

    # By hand. Board: 30 of 100 known = 30%; gap 39 - 30 = 9 points; ratio 30/39 = 0.77;
    # missing 0.39 x 100 - 30 = 9. Staff: 200 of 400 = 50%, 11 points above, ratio 50/39 = 1.28.
    # All levels: known 100 + 58 + 57 + 400 = 615, lower 30 + 6 + 12 + 200 = 248 = 40.3%,
    # answered 615 + 20 + 4 + 11 + 50 = 700 (the removed row's 1000s are nowhere).
    gap = result_table(page, "gap-level")
    assert list(gap) == [BOARD, HEADS, MANAGERS, STAFF, "All levels"]
    # Shares and gaps read with one decimal all the way down their column.
    assert gap[BOARD] == {"Lower SEB (% of known)": "30.0", "UK workforce (%)": "39", "Gap (points below the benchmark)": "9.0",
                          "Representation ratio": "0.77", "Missing people": "9",
                          "Statistically clear? (5% level)": "No: could be chance"}
    assert gap[STAFF]["Lower SEB (% of known)"] == "50.0" and gap[STAFF]["Gap (points below the benchmark)"] == "-11.0"
    assert gap[STAFF]["Representation ratio"] == "1.28" and gap[STAFF]["Missing people"] == "none"
    assert gap["All levels"]["Lower SEB (% of known)"] == "40.3" and gap["All levels"]["Gap (points below the benchmark)"] == "-1.3"
    counts = result_table(page, "counts-level")
    assert counts["All levels"] == {"Professional": "240", "Intermediate": "127", "Lower": "248", "Known answers": "615",
                                    "Not known": "85", "Everyone who answered": "700"}
    assert counts[BOARD] == {"Professional": "50", "Intermediate": "20", "Lower": "30", "Known answers": "100",
                             "Not known": "20", "Everyone who answered": "120"}
    # Progression: 50 - 30 = 20 points, 30 / 50 = 0.6. Response rates: Board 120/150 = 80%, Staff 450/500 = 90%.
    progression = result_table(page, "progression")
    assert progression["Progression gap (points: entry minus top)"]["Value"] == "20"
    assert progression["Ratio (top share ÷ entry share)"]["Value"] == "0.6"
    quality = result_table(page, "quality")
    assert quality[BOARD]["Response rate (%)"] == "80" and quality[STAFF]["Response rate (%)"] == "90"
    assert quality[BOARD]["Known-answer rate (%)"] == "83.3"  # 100 / 120
    # The result leads with the order of levels, then the key figures, then at most three findings,
    # each with a link to guidance; the full summary and the other tables wait in closed sections.
    figures = key_figures(page)
    assert list(figures) == ["People from lower SEB", "People missing", "Progression gap", "Known-answer rate"]
    low, high = wilson(248, 615)
    assert figures["People from lower SEB"][:3] == ["40.3%", f"95% interval: {low:.1f}% to {high:.1f}%", "UK workforce: 39%"]
    assert "1.3 points above it" in figures["People from lower SEB"][3]
    # Missing people: none (40.3% is above 39%); at the interval's low end, 0.39 x 615 - 0.365 x 615 = 15.4 -> 15.
    assert figures["People missing"][:2] == ["0", f"95% interval: 0 to {round((39 - round(low, 1)) / 100 * 615)}"]
    # Progression gap: 50% - 30% = 20 points; Newcombe's interval from the two Wilson intervals.
    (l1, u1), (l2, u2) = wilson(200, 400), wilson(30, 100)
    lo, hi = 20 - ((50 - l1) ** 2 + (u2 - 30) ** 2) ** 0.5, 20 + ((u1 - 50) ** 2 + (30 - l2) ** 2) ** 0.5
    assert figures["Progression gap"][:2] == ["20 points", f"95% interval: {lo:.1f} points to {hi:.1f} points"]
    low, high = wilson(615, 700)
    assert figures["Known-answer rate"][:2] == ["87.9%", f"95% interval: {low:.1f}% to {high:.1f}%"]  # 615 / 700
    order = page.evaluate("""() => [...document.querySelectorAll('.tk-lead, .tk-key-figures, .tk-key-findings, .tk-chart-block, .tk-details')]
        .map(e => e.className.split(' ')[0])""")
    assert order[:4] == ["tk-lead", "tk-key-figures", "tk-key-findings", "tk-chart-block"] and set(order[4:]) == {"tk-details"}
    findings = page.locator(f"{ROOT} .tk-key-findings > li")
    assert 1 <= findings.count() <= 3
    for item in findings.all():
        assert item.locator("a").count() >= 1
    assert "falls from 50% at" in findings.nth(1).inner_text()
    assert page.locator(f"#tk-{ID}-table-counts-level").is_hidden()  # in a closed section until opened
    page.locator(f"{ROOT} details summary").get_by_text("Answers by level", exact=True).click()
    assert page.locator(f"#tk-{ID}-table-counts-level").is_visible()

    said = summary(page)
    assert (f"At {BOARD} level 30% of people whose background is known are from lower SEB, against 39% in UK "
            "workforce: a gap of 9 points, about 9 people.") in said
    assert f"falls from 50% at {STAFF} level to 30% at {BOARD} level: a progression gap of 20 points" in said

    # Small numbers: Heads' lower (6) and not known (4) are hidden, with everything built on
    # them, and enough else that they cannot be worked out from the totals (248 and 85 are shown).
    assert counts[HEADS]["Lower"] == "[c]" and counts[HEADS]["Not known"] == "[c]"
    assert counts[HEADS]["Everyone who answered"] == "[c]"
    shares = result_table(page, "shares-level")
    assert shares[HEADS]["Lower (% of known)"] == "[c]" and shares[HEADS]["Lower (% of known) 95% interval"] == "[c]"
    assert gap[HEADS]["Lower SEB (% of known)"] == "[c]" and gap[HEADS]["Missing people"] == "[c]"
    assert_nothing_small_can_be_seen_or_worked_out(counts, "All levels")
    assert f"At {HEADS} level the numbers are too small to show" in said
    assert "6" not in re.findall(r"\d+", said)  # the small count is in no sentence either

    # The ladder: one bar per level in order, hidden levels labelled (never drawn as zero), a
    # benchmark line at 39%, and its data in the table named by the chart, right beside it.
    figure = page.locator(f"{ROOT} figure.tk-figure", has=page.locator("figcaption", has_text="Lower SEB by level"))
    svg = figure.locator("svg")
    assert svg.get_attribute("role") == "img"
    assert "“Lower SEB against the benchmark by level”" in svg.locator("title").text_content()
    assert page.locator(f"#tk-{ID}-table-gap-level caption").inner_text() == "Lower SEB against the benchmark by level"
    assert svg.locator(".tk-chart__label").all_text_contents() == [BOARD, HEADS, MANAGERS, STAFF]
    assert svg.locator(".tk-chart__value").all_text_contents() == ["30%", "50%", "UK workforce: 39%"]
    hidden_bars = svg.locator(".tk-chart__hidden")
    assert hidden_bars.count() == 2 and set(hidden_bars.all_text_contents()) == {"hidden: small number"}
    bars = svg.locator("rect.tk-chart__bar")
    assert bars.count() == 2  # no bar at all for a hidden level
    # Bars are drawn on a 0-100% scale: 30% and 50% are 0.3 and 0.5 of it, the line at 39% is 0.39.
    widths = [float(b.get_attribute("width")) for b in bars.all()]
    scale = widths[1] / 0.5
    assert widths[0] == pytest.approx(0.3 * scale)
    line = svg.locator("line.tk-chart__reference")
    assert float(line.get_attribute("x1")) - float(bars.first.get_attribute("x")) == pytest.approx(0.39 * scale)
    # Each shown bar has its 95% interval as a whisker: Board 30 of 100 known, Staff 200 of 400.
    whiskers = svg.locator(".tk-chart__whisker line:first-child")
    assert whiskers.count() == 2
    x0 = float(bars.first.get_attribute("x"))
    for whisker, (lower, known) in zip(whiskers.all(), ((30, 100), (200, 400))):
        low, high = wilson(lower, known)
        assert float(whisker.get_attribute("x1")) - x0 == pytest.approx(round(low, 1) / 100 * scale)
        assert float(whisker.get_attribute("x2")) - x0 == pytest.approx(round(high, 1) / 100 * scale)
    block = figure.locator("xpath=..")
    assert block.locator(f"#tk-{ID}-table-gap-level").count() == 1  # the chart's table is beside it, not in a closed section
    assert page.locator(f"#tk-{ID}-table-gap-level").is_visible()

    # The results CSV: formula-safe and with nothing under the threshold in it.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the results (CSV)").click()
    assert download.value.suggested_filename == "representation-gap-results.csv"
    text = open(download.value.path(), encoding="utf-8").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["name"] for r in rows] == [BOARD, "'" + HEADS, MANAGERS, STAFF, "All levels"]  # '=1+1 ...' made safe
    for r in rows:
        for key, value in r.items():
            if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                float(value)  # only a number may start like a formula (-11 is a number)
    for r in rows:
        for key in ("professional", "intermediate", "lower", "not_known", "answered", "known"):
            assert r[key] == "[c]" or not 0 < int(r[key]) < THRESHOLD, (r["name"], key, r[key])
    heads = next(r for r in rows if r["name"] == "'" + HEADS)
    assert heads["lower"] == heads["not_known"] == heads["lower_pct"] == heads["lower_ci"] == heads["missing_people"] == "[c]"
    board = next(r for r in rows if r["name"] == BOARD)
    assert (board["lower_pct"], board["gap_points"], board["missing_people"]) == ("30", "9", "9")
    as_shown = {r["name"].removeprefix("'"): {"Professional": r["professional"], "Intermediate": r["intermediate"],
                                               "Lower": r["lower"], "Known answers": r["known"], "Not known": r["not_known"]}
                for r in rows}
    assert_nothing_small_can_be_seen_or_worked_out(as_shown, "All levels")
    assert "Download a short report (Markdown)" in page.locator(f"{ROOT} .tk-downloads").inner_text()

    rec.assert_private("http://127.0.0.1:", sentinels=(BOARD, HEADS, MANAGERS, STAFF, TEMP, "QX"))
    assert not rec.errors


# One row per response. Answers come as codes, short names and full option texts, with two
# wordings the question does not have: 12 "Teacher" at Senior QY1 and 15 "Bus driver" at Junior QY2.
RESPONSES = {
    "Senior QY1": [("1", 30), ("Clerical or intermediate", 20), ("Technical and craft occupations", 15), ("8", 12), ("Teacher", 12)],
    "Junior QY2": [("Professional", 40), ("3", 30), ("Routine or manual", 50), ("I prefer not to say", 14), ("Bus driver", 15)],
}


def response_csv() -> bytes:
    lines = [(level, answer) for level, answers in RESPONSES.items() for answer, n in answers for _ in range(n)]
    random.Random(5).shuffle(lines)
    lines.sort(key=lambda line: line[0] != "Senior QY1")  # Senior first, so it is taken as the top level
    return ("Level,Answer\r\n" + "".join(f'{level},"{answer}"\r\n' for level, answer in lines)).encode("utf-8")


def test_response_file_with_unrecognised_answers_to_sort(browse):
    page, rec, server = browse
    page.goto(server.url + PAGE)
    wait_ready(page)
    upload = f"#tk-{ID}-upload"
    assert page.locator(upload).is_hidden()  # the upload waits for its mode
    page.check(f"#tk-{ID}-source-2")
    assert page.locator(upload).is_visible() and page.locator(cell(1, "level")).is_hidden()
    data = response_csv()
    assert int(page.locator(f"{ROOT} [data-tk-field=upload]").get_attribute("data-max-bytes")) > len(data)
    page.set_input_files(upload, files=[{"name": "responses.csv", "mimeType": "text/csv", "buffer": data}])
    compare_with_the_hand_worked_benchmark(page)
    assert calculate(page) == "result"

    # Before sorting, the 27 unrecognised answers count as not known. By hand: Senior known
    # 30 + 20 + 15 = 65, lower 15 = 23.1%, not known 12 + 12 = 24; Junior known 120, lower 50 =
    # 41.7%, not known 14 + 15 = 29; missing at Senior 0.39 x 65 - 15 = 10.35 -> 10.
    notes = page.locator(f"{ROOT} .tk-notices").inner_text()
    assert "27 answers (2 different wordings) did not match an option of the question" in notes
    gap = result_table(page, "gap-level")
    assert gap["Senior QY1"]["Lower SEB (% of known)"] == "23.1" and gap["Senior QY1"]["Missing people"] == "10"
    assert gap["Junior QY2"]["Lower SEB (% of known)"] == "41.7"
    assert result_table(page, "counts-level")["Senior QY1"]["Not known"] == "24"

    # The follow-up question appears in the form, most frequent wording first, with its count.
    question = page.locator(f"#tk-{ID}-answer_map")
    assert question.is_visible()
    assert question.locator("label").all_text_contents() == ["Bus driver (15)", "Teacher (12)"]
    assert "Which group does each of these answers belong to?" in page.locator(f"{ROOT} [data-tk-results]").inner_text()
    page.get_by_label("Bus driver (15)").select_option("lower")
    page.get_by_label("Teacher (12)").select_option("professional")
    assert calculate(page) == "result"

    # After: Senior known 77, lower 15 = 19.5%, missing 0.39 x 77 - 15 = 15.03 -> 15, not known 12;
    # Junior known 135, lower 65 = 48.1%; progression 48.15 - 19.48 = 28.7 points.
    gap = result_table(page, "gap-level")
    assert gap["Senior QY1"]["Lower SEB (% of known)"] == "19.5" and gap["Senior QY1"]["Missing people"] == "15"
    assert gap["Junior QY2"]["Lower SEB (% of known)"] == "48.1"
    counts = result_table(page, "counts-level")
    assert counts["Senior QY1"] == {"Professional": "42", "Intermediate": "20", "Lower": "15", "Known answers": "77",
                                    "Not known": "12", "Everyone who answered": "89"}
    assert counts["Junior QY2"]["Lower"] == "65" and counts["Junior QY2"]["Not known"] == "14"
    assert result_table(page, "progression")["Progression gap (points: entry minus top)"]["Value"] == "28.7"
    assert "did not match an option" not in page.locator(f"{ROOT} .tk-notices").inner_text()
    assert page.get_by_label("Bus driver (15)").input_value() == "lower"  # the answers given are kept

    rec.assert_private("http://127.0.0.1:", sentinels=("Senior QY1", "Junior QY2", "Bus driver", "Teacher"))
    assert not rec.errors


PASTED = ("Level\tProfessional\tIntermediate\tLower\tNot known\tHeadcount\n"
          "Directors QZ1\t60\t25\t15\t20\t130\n"
          "Analysts QZ2\t90\t70\t140\t25\t400\n")


def test_cells_pasted_from_a_spreadsheet(browse):
    page, rec, server = browse
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(server.url + PAGE)
    wait_ready(page)
    page.check(f"#tk-{ID}-source-3")
    box = page.locator(f"#tk-{ID}-paste")
    # A real paste from the clipboard, as from a spreadsheet's copied cells (tab-separated).
    page.evaluate("text => navigator.clipboard.writeText(text)", PASTED)
    box.focus()
    page.keyboard.press("Control+V")
    assert box.input_value() == PASTED
    compare_with_the_hand_worked_benchmark(page)
    assert calculate(page) == "result"
    # By hand: Directors 15 of 100 = 15%, gap 24 points, missing 0.39 x 100 - 15 = 24; Analysts
    # 140 of 300 = 46.7%; progression 46.67 - 15 = 31.7; all levels 445 of 530 answered = 84%.
    gap = result_table(page, "gap-level")
    assert (gap["Directors QZ1"]["Lower SEB (% of known)"], gap["Directors QZ1"]["Gap (points below the benchmark)"],
            gap["Directors QZ1"]["Missing people"]) == ("15.0", "24.0", "24")
    assert gap["Analysts QZ2"]["Lower SEB (% of known)"] == "46.7"
    assert result_table(page, "progression")["Progression gap (points: entry minus top)"]["Value"] == "31.7"
    quality = result_table(page, "quality")
    assert quality["All levels"]["Headcount"] == "530" and quality["All levels"]["Response rate (%)"] == "84.0"
    assert "No count is under 10, so nothing is hidden." in page.locator(f"{ROOT} .tk-notices").inner_text()
    rec.assert_private("http://127.0.0.1:", sentinels=("Directors QZ1", "Analysts QZ2"))
    assert not rec.errors


def test_bad_input_names_the_row_and_column_and_keeps_the_inputs(browse):
    page, rec, server = browse
    page.goto(server.url + PAGE)
    wait_ready(page)
    for n, (name, values) in enumerate([("Leaders QW1", ("40", "20", "30", "5")), ("Staff QW2", ("90", "60", "-7", "10"))], 1):
        if n > 1:
            page.click(f"{ROOT} [data-tk-add-row=levels]")
        for column, value in zip(COLUMNS, (name, *values)):
            page.fill(cell(n, column), value)
    assert calculate(page) == "errors"
    summary_box = page.locator("[data-tk-error-summary]")
    assert summary_box.is_visible() and summary_box.evaluate("el => el === document.activeElement")
    link = summary_box.get_by_role("link")
    assert link.count() == 1
    assert link.inner_text() == "Row 2, lower must be 0 or more"
    assert link.get_attribute("href") == "#" + cell(2, "lower")[1:]
    link.click()
    assert page.evaluate("document.activeElement.id") == cell(2, "lower")[1:]
    assert page.locator(cell(2, "lower")).get_attribute("aria-invalid") == "true"
    assert page.locator(cell(1, "lower")).get_attribute("aria-invalid") is None
    assert page.locator(f"#tk-{ID}-levels-error").text_content().strip() == "Error: Row 2, lower must be 0 or more"
    assert page.locator(f"{ROOT} [data-tk-results]").is_hidden()
    kept = [[page.input_value(cell(n, c)) for c in COLUMNS[:5]] for n in (1, 2)]
    assert kept == [["Leaders QW1", "40", "20", "30", "5"], ["Staff QW2", "90", "60", "-7", "10"]]

    # The same mistake in a file names its line and column, and points to the file input.
    page.check(f"#tk-{ID}-source-2")
    bad = b"level,professional,intermediate,lower,not_known\nLeaders QW1,40,20,30,5\nStaff QW2,90,sixty,40,10\n"
    page.set_input_files(f"#tk-{ID}-upload", files=[{"name": "counts.csv", "mimeType": "text/csv", "buffer": bad}])
    assert calculate(page) == "errors"
    link = page.locator("[data-tk-error-summary]").get_by_role("link")
    assert link.inner_text() == "Line 3, column “intermediate”: “sixty” is not a number. Counts must be whole numbers of 0 or more."
    assert link.get_attribute("href") == f"#tk-{ID}-upload"
    assert page.locator(f"#tk-{ID}-upload").evaluate("el => el.files[0].name") == "counts.csv"
    page.check(f"#tk-{ID}-source-1")
    assert page.input_value(cell(2, "lower")) == "-7"  # the form is still as typed

    # Put right, the same page calculates.
    page.fill(cell(2, "lower"), "70")
    assert calculate(page) == "result"
    assert result_table(page, "gap-level")["Staff QW2"]["Lower SEB (% of known)"] == "31.8"  # 70 / 220
    rec.assert_private("http://127.0.0.1:", sentinels=("Leaders QW1", "Staff QW2"))
    assert not rec.errors


# Civil Service grades as the People Survey lists them, junior first (the lower-SEB share falls
# towards the top). By hand: AA/AO 62 of 150 = 41.3%; SCS 16 of 88 = 18.2%; gap 23.2 points.
GRADES_JUNIOR_FIRST = ("grade\tprofessional\tintermediate\tlower\tnot_known\n"
                       "AA/AO\t58\t30\t62\t3\nEO\t70\t40\t65\t3\nHEO/SEO\t90\t40\t50\t3\nG7/G6\t110\t30\t32\t3\nSCS\t60\t12\t16\t3\n")


def paste(page, text: str) -> None:
    page.check(f"#tk-{ID}-source-3")
    page.fill(f"#tk-{ID}-paste", text)


def test_a_junior_first_table_gives_the_right_progression_gap_and_an_unconfirmed_order_can_be_reversed(browse):
    page, rec, server = browse
    page.goto(server.url + PAGE)
    wait_ready(page)
    paste(page, GRADES_JUNIOR_FIRST)
    assert calculate(page) == "result"
    first = page.locator(f"{ROOT} .tk-lead p").first.inner_text()
    assert "Civil Service grades" in first and "\u201cSCS\u201d is taken as the top" in first
    assert result_table(page, "progression")["Progression gap (points: entry minus top)"]["Value"] == "23.2"
    assert "falls from 41% at AA/AO level to 18% at SCS level" in summary(page)

    # Names nobody can rank: the file's order is used, the top of the result says so, and one
    # click reverses it, keeping everything else as entered.
    paste(page, GRADES_JUNIOR_FIRST.replace("AA/AO", "Rowan").replace("SCS", "Elm").replace("HEO/SEO", "Ash")
          .replace("G7/G6", "Oak").replace("EO", "Yew"))
    assert calculate(page) == "result"
    first = page.locator(f"{ROOT} .tk-lead p").first.inner_text()
    assert first.startswith("Check the order of your levels") and "\u201cRowan\u201d as the most senior" in first
    assert summary(page).count("If Rowan is your most senior level and Elm your entry level") == 1
    before = page.evaluate("() => document.querySelector('[data-calculator]').tk.runId")
    page.get_by_role("button", name="Reverse the order of levels").click()
    page.wait_for_function("""n => { const root = document.querySelector('[data-calculator]');
        return root.tk.runId > n && root.dataset.state === 'result'; }""", arg=before, timeout=60000)
    assert page.locator(f"#tk-{ID}-level_order").input_value() == "Elm\nOak\nAsh\nYew\nRowan"
    assert "Rowan" in page.locator(f"#tk-{ID}-paste").input_value()
    first = page.locator(f"{ROOT} .tk-lead p").first.inner_text()
    assert first.startswith("Levels are in the order you gave") and "\u201cElm\u201d is the most senior" in first
    assert result_table(page, "progression")["Progression gap (points: entry minus top)"]["Value"] == "23.2"
    rec.assert_private("http://127.0.0.1:", sentinels=("Rowan", "Elm"))
    assert not rec.errors


def test_a_utf16_file_from_excel_is_read_as_utf16(browse):
    page, rec, server = browse
    page.goto(server.url + PAGE)
    wait_ready(page)
    page.check(f"#tk-{ID}-source-2")
    data = "\ufeff".encode("utf-16-le") + GRADES_JUNIOR_FIRST.replace("SCS", "Senior Civil Service").encode("utf-16-le")
    page.set_input_files(f"#tk-{ID}-upload", files=[{"name": "grades.txt", "mimeType": "text/plain", "buffer": data}])
    assert calculate(page) == "result"
    assert result_table(page, "progression")["Progression gap (points: entry minus top)"]["Value"] == "23.2"
    assert "Windows-1252" not in page.locator(f"{ROOT} [data-tk-results]").inner_text()


# Background crossed with ethnicity: 30 answers per group at a level named as a sentinel, and 12
# rows spelling "White" as the sentinel "WhQX9" (unrecognised, so asked about).
def _characteristics() -> dict:
    import yaml

    from sitekit import PROJECT

    return yaml.safe_load((PROJECT / "content/data/characteristics.yml").read_text(encoding="utf-8"))["characteristics"]


ETHNIC = next(c for c in _characteristics()["list"] if c["id"] == "ethnicity")["groups"]
CROSSED = ("level\tresponse\tethnicity\n" + f"StaffQX8\t1\t\"{ETHNIC[0]['label']}\"\n" * 15
           + f"StaffQX8\t5\t\"{ETHNIC[0]['label']}\"\n" * 15 + f"StaffQX8\t1\t\"{ETHNIC[1]['label']}\"\n" * 15
           + f"StaffQX8\t5\t\"{ETHNIC[1]['label']}\"\n" * 15 + "StaffQX8\t5\tWhQX9\n" * 12)


def test_background_crossed_with_ethnicity_asks_about_an_unknown_answer_and_stays_in_the_browser(browse):
    page, rec, server = browse
    page.goto(server.url + PAGE)
    wait_ready(page)
    paste(page, CROSSED)
    assert calculate_on(page, ROOT) == "result"
    assert _characteristics()["prefer_not_to_say"]["label"] in page.locator(f"#tk-{ID}-table-counts-ethnicity").text_content()
    page.locator(f'{ROOT} select[data-key="ethnicity:WhQX9"]').select_option(f"ethnicity:{ETHNIC[0]['id']}")
    assert calculate_on(page, ROOT) == "result"
    white = [r for r in page.locator(f"#tk-{ID}-table-counts-ethnicity tbody tr").all_text_contents()
             if r.strip().startswith(ETHNIC[0]["label"])]
    assert white and "42" in white[0]  # 30 + the 12 assigned
    assert page.locator(f"#tk-{ID}-paste").input_value() == CROSSED
    rec.assert_private("http://127.0.0.1:", sentinels=("StaffQX8", "WhQX9"))
    assert not rec.errors
