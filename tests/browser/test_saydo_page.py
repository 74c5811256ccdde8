"""The say/do gap calculator in a real Chromium: the manager survey (counts and a CSV file), the
practice check with its checklist from content/ and its action plan (links, downloads, print),
opt-in saving, and privacy. Expected figures are worked out here by hand or from the content
files, never by calling the calculator's own code."""
from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from generator.python.calculator_data import content_data

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CID = "say-do-gap"
ROOT = f"#tk-{CID}"
HIDDEN = "[c]"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
REF = content_data()["say_do_reference"]  # the reference figures, read from content (benchmarks.yml)
REF_GAP = REF["say"] - REF["do"]

# Sentinels: anything typed into the form; none of it may ever appear in a request.
SALES, FINANCE, TINY = "Qx7SalesTeam", "Qx7FinanceTeam", "Qx7TinyTeam"
OPS, LOGISTICS = "Qx7OpsTeam", "Qx7LogisticsTeam"
CUSTOM_CLAIM = "=SUM(1+1)|Qx7OwnClaim"  # a formula start and a pipe: must come out safe in CSV and Markdown


# ---- helpers --------------------------------------------------------------------------------

def wait_ready(page, timeout=90000):
    page.wait_for_function(f"() => ['ready', 'failed'].includes(document.querySelector('{ROOT}').dataset.state)", timeout=timeout)
    assert page.locator(ROOT).get_attribute("data-state") == "ready", page.locator("[data-tk-status-text]").inner_text()


def open_calculator(page, server):
    page.goto(server.url + f"calculators/{CID}/")
    wait_ready(page)


def calculate(page, expect="result"):
    """Press Calculate and wait for this run's answer (not a previous one)."""
    before = page.evaluate(f"document.querySelector('{ROOT}').tk.runId")
    page.click(f"{ROOT} [data-tk-submit]")
    page.wait_for_function(
        f"""() => {{ const r = document.querySelector('{ROOT}');
                    return r.tk.runId > {before} && ['result', 'errors'].includes(r.dataset.state); }}""")
    state = page.locator(ROOT).get_attribute("data-state")
    assert state == expect, page.locator("[data-tk-error-summary]").inner_text() if state == "errors" else state


def fill_teams(page, rows: list[dict]):
    for n, row in enumerate(rows, start=1):
        if n > 1 and page.locator(f"{ROOT}-teams-{n}-team").count() == 0:
            page.click("[data-tk-add-row=teams]")
        for column, value in row.items():
            page.fill(f"{ROOT}-teams-{n}-{column}", str(value))


def result_table(page, table_id: str) -> list[dict]:
    """The rendered result table as dicts keyed by the column headers, with each row's links."""
    rows = page.evaluate("""(id) => {
        const t = document.getElementById(id);
        if (!t) return null;
        const heads = [...t.tHead.rows[0].cells].map((c) => c.textContent.trim());
        return [...t.tBodies[0].rows].map((r) => {
            const out = Object.fromEntries([...r.cells].map((c, i) => [heads[i], c.textContent.trim()]));
            out._links = [...r.querySelectorAll('a')].map((a) => a.href);
            return out;
        });
    }""", f"tk-{CID}-table-{table_id}")
    assert rows is not None, f"no result table {table_id}"
    return rows


def number(text: str):
    return None if text == "" else HIDDEN if text == HIDDEN else float(text)


def wilson(k: int, n: int, z: float = 1.959963984540054) -> str:
    """95% Wilson score interval, written out from the textbook formula, as the page shows it."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return f"{(centre - half) * 100:.1f} to {(centre + half) * 100:.1f}"


def download(page, label: str) -> tuple[str, str]:
    with page.expect_download() as d:
        page.get_by_role("button", name=label).click()
    return d.value.suggested_filename, Path(d.value.path()).read_text(encoding="utf-8")


def built_file(real_site: Path, server, url: str) -> Path:
    """The file in the built site that the server would answer `url` with."""
    assert url.startswith(server.url), f"{url} is not on the site"
    path = urlsplit(url).path[len(urlsplit(server.url).path):]
    target = real_site / path
    return target / "index.html" if path.endswith("/") or path == "" else target


# ---- the content, read straight from the files the site was built from ----------------------

def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def content_of(real_site: Path) -> dict:
    content = real_site.parent / "content"
    blocks = sorted(((front_matter(p), p.stem) for p in (content / "blocks").glob("*.md")), key=lambda b: (b[0]["order"], b[1]))
    practices = {p.stem: front_matter(p) for p in sorted((content / "interventions").glob("*.md"))}
    claims = yaml.safe_load((content / "data" / "claims.yml").read_text(encoding="utf-8"))["claims"]
    return {"blocks": [(slug, fm["title"]) for fm, slug in blocks], "practices": practices, "claims": claims,
            "files": len(list((content / "interventions").glob("*.md")))}


# ---- (a) mode 1: the manager survey ---------------------------------------------------------

SURVEY_ROWS = [  # respondents left blank for Sales and Tiny, so the page adds up the answers
    {"team": SALES, "inclusive_yes": 30, "inclusive_no": 6, "inclusive_dont_know": 4, "programme_yes": 12, "programme_no": 28},
    {"team": FINANCE, "respondents": 50, "inclusive_yes": 35, "inclusive_no": 10, "inclusive_dont_know": 5,
     "programme_yes": 15, "programme_no": 35},
    {"team": TINY, "inclusive_yes": 4, "inclusive_no": 2, "programme_yes": 1, "programme_no": 5},
]
# By hand: Sales 40 managers, say 30/40 = 75.0%, do 12/40 = 30.0%, gap 45.0 points;
# Finance 50, say 35/50 = 70.0%, do 15/50 = 30.0%, gap 40.0; Tiny 6 managers: under 10, hidden.
# All 96 managers: say 69/96 = 71.875 -> 71.9%, do 28/96 = 29.17 -> 29.2%, gap 71.9 - 29.2 = 42.7 points.
BY_HAND = {
    SALES: {"Managers who answered": 40, "Say inclusive": 30, "Say (%)": 75.0, "Say 95% interval (%)": wilson(30, 40),
            "Can name a programme": 12, "Do (%)": 30.0, "Do 95% interval (%)": wilson(12, 40), "Gap (points)": 45.0},
    FINANCE: {"Managers who answered": 50, "Say inclusive": 35, "Say (%)": 70.0, "Say 95% interval (%)": wilson(35, 50),
              "Can name a programme": 15, "Do (%)": 30.0, "Do 95% interval (%)": wilson(15, 50), "Gap (points)": 40.0},
    "All teams": {"Managers who answered": 96, "Say inclusive": 69, "Say (%)": 71.9, "Say 95% interval (%)": wilson(69, 96),
                  "Can name a programme": 28, "Do (%)": 29.2, "Do 95% interval (%)": wilson(28, 96), "Gap (points)": 42.7},
}


def test_survey_counts_by_team_give_say_do_gap_reference_chart_and_hide_a_small_team(browse):
    page, rec, server = browse
    open_calculator(page, server)
    assert page.locator(f"{ROOT}-mode-1").is_checked()
    fill_teams(page, SURVEY_ROWS)
    calculate(page)
    results = page.locator("[data-tk-results]")
    assert results.is_visible()

    summary = page.locator(".tk-summary").inner_text()
    assert "71.9% of the 96 managers who answered say your workplace is inclusive" in summary
    lo, hi = wilson(69, 96).split(" to ")
    assert f"(95% interval {lo}% to {hi}%)" in summary
    assert "29.2% can name an active programme" in summary
    assert "say/do gap of 42.7 points" in summary and (f"In {REF['phrase']} the gap was {REF_GAP:g} points ({REF['say']:g}% said, "
                                                       f"{REF['do']:g}% could name a programme)") in summary

    # The reference with its source: in the notes and as a column of the table.
    notes = page.locator(".tk-notices").inner_text()
    assert re.search(rf"Reference: {REF['say']:g}% of managers said .*; {REF['do']:g}% could name an active programme\. Source: "
                     + re.escape(REF["source"]), notes)
    assert "Figures based on fewer than 10 people are shown as [c]" in notes
    overall = {r["Measure"]: r for r in result_table(page, "overall")}
    assert list(overall) == ["Say: the workplace is inclusive (%)", "Do: can name an active programme (%)", "Gap (points)"]
    say, do, gap = overall.values()
    assert (number(say["Your managers"]), say["95% interval (%)"], number(say[REF["label"]])) == (71.9, wilson(69, 96), REF["say"])
    assert (number(do["Your managers"]), do["95% interval (%)"], number(do[REF["label"]])) == (29.2, wilson(28, 96), REF["do"])
    assert (number(gap["Your managers"]), number(gap[REF["label"]])) == (42.7, REF_GAP)
    overall_wrap = page.locator(f"#tk-{CID}-table-overall").locator("xpath=ancestor::div[contains(@class,'tk-table-wrap')]/..")
    assert f"Reference source: {REF['source']}" in overall_wrap.inner_text()

    # The chart: one bar per figure, labelled, and pointing to the table that holds the same data.
    caption = f"Say and do: your managers and {REF['phrase']}"
    figure = page.locator("figure.tk-figure", has=page.locator("figcaption", has_text=caption))
    assert figure.locator("svg title").text_content() == f"{caption}. The same figures are in the table “{caption}”."
    assert figure.locator("rect.tk-chart__bar").count() == 4
    assert sorted(figure.locator("text.tk-chart__value").all_text_contents()) == sorted(["71.9%", f"{REF['say']:g}%", "29.2%", f"{REF['do']:g}%"])
    assert page.locator(f"#tk-{CID}-table-overall caption").inner_text() == caption

    # Gap by team: the tiny team is hidden, and so is enough else that it cannot be worked out.
    by_team = {r["Team"]: r for r in result_table(page, "by-team")}
    assert list(by_team) == [SALES, FINANCE, TINY, "All teams"]
    assert all(by_team[TINY][k] == HIDDEN for k in BY_HAND[SALES]), by_team[TINY]
    shown = 0
    for team, expected in BY_HAND.items():
        for column, value in expected.items():
            cell = by_team[team][column]
            if cell != HIDDEN:
                shown += 1
                assert (cell if isinstance(value, str) else number(cell)) == value, (team, column, cell)
    assert all(by_team["All teams"][k] != HIDDEN for k in BY_HAND["All teams"]), "the overall figures rest on 96 managers"
    assert shown >= 16, "Finance and the totals must be shown"
    for count in ("Managers who answered", "Say inclusive", "Can name a programme"):
        hidden = [t for t in (SALES, FINANCE, TINY) if by_team[t][count] == HIDDEN]
        assert len(hidden) != 1, f"{count}: the one hidden team could be worked out from the total"
    team_chart = page.locator("figure.tk-figure", has=page.locator("figcaption", has_text="Say and do by team"))
    hidden_bars = sum(by_team[t][c] == HIDDEN for t in (SALES, FINANCE, TINY) for c in ("Say (%)", "Do (%)"))
    assert team_chart.locator("text.tk-chart__hidden").count() == hidden_bars >= 2
    assert team_chart.locator("rect.tk-chart__bar").count() == 6 - hidden_bars

    rec.assert_private("http://127.0.0.1:", sentinels=(SALES, FINANCE, TINY))
    assert not rec.errors


def survey_csv(header: list[str], words: dict[str, str], rows: list[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([words.get(cell, cell) for cell in row])
    return out.getvalue()


def test_survey_from_an_uploaded_file_laid_out_as_the_page_template(browse):
    page, rec, server = browse
    open_calculator(page, server)
    template = page.locator("pre code", has_text="programme_name").inner_text().strip()
    header = template.splitlines()[0].split(",")
    assert header == ["team", "inclusive", "programme", "programme_name"]
    words = {w: w for line in template.splitlines()[1:] for w in line.split(",")[1:3]}
    assert {"yes", "no", "don't know"} <= set(words)
    # Ops: 24 managers, 14 say yes (58.3%), 10 can name a programme (41.7%), gap 16.6 points;
    # two of the ten gave no recognisable name. Logistics: 20 managers, 10 and 10 (50% and 50%).
    # All 44: say 24/44 = 54.5%, do 20/44 = 45.5%, gap 9.0 points.
    rows = ([(OPS, "yes", "yes", "Qx7Bridge scheme")] * 8 + [(OPS, "yes", "yes", ""), (OPS, "yes", "yes", "n/a")]
            + [(OPS, "yes", "no", "")] * 4 + [(OPS, "no", "no", "")] * 6 + [(OPS, "don't know", "no", "")] * 4
            + [(LOGISTICS, "yes", "yes", "Qx7Ladder programme")] * 10 + [(LOGISTICS, "no", "no", "")] * 10)
    rows = rows[::2] + rows[1::2]  # mix the teams up, as a survey export would
    review_lines = sorted(i + 2 for i, r in enumerate(rows) if r[0] == OPS and r[1:3] == ("yes", "yes") and r[3] in ("", "n/a"))
    page.set_input_files(f"{ROOT}-upload", files=[{"name": "managers.csv", "mimeType": "text/csv",
                                                   "buffer": survey_csv(header, words, rows).encode()}])
    calculate(page)
    summary = page.locator(".tk-summary").inner_text()
    assert "54.5% of the 44 managers who answered" in summary and "45.5% can name" in summary and "gap of 9 points" in summary
    by_team = {r["Team"]: r for r in result_table(page, "by-team")}
    assert list(by_team) == [OPS, LOGISTICS, "All teams"]  # in the order met in the file
    expected = {OPS: (24, 14, 58.3, 10, 41.7, 16.6), LOGISTICS: (20, 10, 50.0, 10, 50.0, 0.0), "All teams": (44, 24, 54.5, 20, 45.5, 9.0)}
    for team, figures in expected.items():
        r = by_team[team]
        assert tuple(number(r[c]) for c in ("Managers who answered", "Say inclusive", "Say (%)", "Can name a programme",
                                              "Do (%)", "Gap (points)")) == figures, r
    assert by_team[OPS]["Say 95% interval (%)"] == wilson(14, 24) and by_team[OPS]["Do 95% interval (%)"] == wilson(10, 24)
    review = result_table(page, "review")
    assert [(int(r["Line in your file"]), r["Team"], r["Name given"]) for r in review] == [
        (line, OPS, rows[line - 2][3]) for line in review_lines]
    assert {r["Why it needs a check"] for r in review} == {"no name given", "not a programme name"}
    assert "Fewer than 10 managers said yes to both questions but did not name a programme you would recognise" in \
        page.locator(".tk-notices").inner_text()

    # The template offered for download is the one printed on the page.
    name, text = download(page, "Download the survey template (CSV)")
    assert name == "say-do-survey-template.csv" and text.replace("\r\n", "\n").strip() == template

    # A file whose columns are the survey questions as worded on the page is read too.
    questions = page.locator("article ol li").filter(has_text="?").all_inner_texts()
    say_q, do_q = [q.split("?")[0] + "?" for q in questions[:2]]
    assert say_q.startswith("Is your workplace inclusive") and do_q.startswith("Can you name an active programme")
    page.set_input_files(f"{ROOT}-upload", files=[{"name": "export.csv", "mimeType": "text/csv",
                                                   "buffer": survey_csv([say_q, do_q], {}, [("Yes", "Yes")] * 12 + [("No", "No")] * 13).encode()}])
    calculate(page)
    overall = {r["Measure"]: number(r["Your managers"]) for r in result_table(page, "overall")}
    assert list(overall.values()) == [48.0, 48.0, 0.0]  # 12 of 25 both times
    rec.assert_private("http://127.0.0.1:", sentinels=(OPS, LOGISTICS, "Qx7Bridge", "Qx7Ladder"))
    assert not rec.errors


def test_more_yes_than_managers_shows_the_error_summary_and_keeps_the_inputs(browse):
    page, rec, server = browse
    open_calculator(page, server)
    typed = {"team": OPS, "respondents": "20", "inclusive_yes": "25", "inclusive_no": "0", "programme_yes": "5", "programme_no": "15"}
    fill_teams(page, [typed])
    calculate(page, expect="errors")
    summary = page.locator("[data-tk-error-summary]")
    assert summary.is_visible() and summary.evaluate("el => el === document.activeElement")
    text = summary.inner_text()
    assert f"Row 1 ({OPS}): 25 said yes to the first question, but only 20 managers answered" in text
    assert summary.get_by_role("link").count() == 1
    link = summary.get_by_role("link").first
    assert link.get_attribute("href") == f"{ROOT}-teams-1-inclusive_yes"
    link.click()
    assert page.evaluate("document.activeElement.id") == f"tk-{CID}-teams-1-inclusive_yes"
    assert page.locator(f"{ROOT}-teams-1-inclusive_yes").get_attribute("aria-invalid") == "true"
    assert page.locator(f"{ROOT}-teams-error").is_visible()
    for column, value in typed.items():
        assert page.input_value(f"{ROOT}-teams-1-{column}") == value
    assert page.locator("[data-tk-results]").is_hidden()
    rec.assert_private("http://127.0.0.1:", sentinels=(OPS,))


# ---- (b) mode 2: the practice check and its plan --------------------------------------------

MARKS = {  # practice -> answer (the option's value)
    "ask-the-headline-question": "in_place", "explain-why-you-collect-data": "partly",
    "benchmark-against-your-area-and-sector": "not_yet", "break-down-by-quartile-function-region": "not_applicable",
    "use-structured-interviews": "in_place", "remove-unnecessary-degree-requirements": "not_yet",
    "write-clear-job-adverts": "not_yet", "pay-interns-and-end-unpaid-trials": "partly",
    "make-promotion-criteria-explicit": "not_yet",
}
SAID = {"inclusive-of-all-backgrounds": "yes", "recruit-on-potential": "yes", "pay-fairly": "yes",
        "everyone-can-progress": "yes", "leaders-champion-social-mobility": "yes", "support-our-local-community": "no"}
OWN_CLAIM_BACKED_BY = "benchmark-against-your-area-and-sector"
CREDIT = {"in_place": 1.0, "partly": 0.5, "not_yet": 0.0}
STAGE_ORDER = {"getting-started": 0, "going-further": 1, "advanced": 2}
EFFORT_ORDER = {"low": 0, "medium": 1, "high": 2}


def pct(part, whole):
    return None if whole == 0 else round(100 * part / whole, 1)


def expected_check(content: dict, org_size: str) -> dict:
    """The practice check worked out from the content files and the method the page describes."""
    practices = content["practices"]
    block_of = {slug: fm["building_block"] for slug, fm in practices.items()}
    own = {"id": "own", "text": CUSTOM_CLAIM, "backed_by": [OWN_CLAIM_BACKED_BY]}
    claims = content["claims"] + [own]
    made = [c for c in content["claims"] if SAID.get(c["id"]) == "yes"] + [own]  # your own statements count as made
    made_ids = {c["id"] for c in made}
    blocks = {}
    for slug, title in content["blocks"]:
        touching = [c for c in claims if any(block_of.get(s) == slug for s in c["backed_by"])]
        marked = [MARKS[s] for s in practices if block_of[s] == slug and MARKS.get(s) in CREDIT]
        say = pct(sum(c["id"] in made_ids for c in touching), len(touching))
        do = pct(sum(CREDIT[m] for m in marked), len(marked))
        blocks[title] = (say, do, None if say is None or do is None else round(say - do, 1))
    marked = [m for m in MARKS.values() if m in CREDIT]
    say_all, do_all = pct(len(made), len(claims)), pct(sum(CREDIT[m] for m in marked), len(marked))
    blocks["All blocks"] = (say_all, do_all, round(say_all - do_all, 1))

    def backing(claim):
        marks = [MARKS.get(s) for s in claim["backed_by"]]
        return ("Backed" if "in_place" in marks else "Partly backed" if "partly" in marks
                else "Not checked" if all(m is None for m in marks) else "Not backed")

    def plan_key(slug):
        fm = practices[slug]
        suits = fm.get("suits", "every-size")
        fit = 0 if suits == org_size else 2 if suits in ("small", "large") else 1
        backs = sum(slug in c["backed_by"] for c in made)
        return (STAGE_ORDER[fm["stage"]], fit, -backs, 0 if MARKS[slug] == "partly" else 1, EFFORT_ORDER[fm["effort"]])

    plan = {practices[s]["title"]: s for s, m in MARKS.items() if m in ("not_yet", "partly")}
    return {"blocks": blocks, "backing": {c["text"]: backing(c) for c in made}, "plan": plan, "plan_key": plan_key}


def start_practice_check(page):
    """Switch to the practice check: the checklist is fetched with no further click."""
    page.check(f"{ROOT}-mode-2")
    page.wait_for_function(f"() => document.querySelectorAll('{ROOT} [data-tk-mapping=practices] select').length > 0")
    assert page.locator(f"{ROOT}-teams").is_hidden() and page.locator(f"{ROOT}-org_size").is_visible()


def answer_practice_check(page, content: dict):
    page.check(f"{ROOT}-org_size-1")  # small
    for slug, value in MARKS.items():
        page.select_option(f"{ROOT} [data-tk-mapping=practices] select[data-key='{slug}']", value)
    for claim, value in SAID.items():
        page.select_option(f"{ROOT} [data-tk-mapping=claims] select[data-key='{claim}']", value)
    page.fill(f"{ROOT}-custom_claims-1-text", CUSTOM_CLAIM)
    page.fill(f"{ROOT}-custom_claims-1-backed_by", content["practices"][OWN_CLAIM_BACKED_BY]["title"])


def test_practice_check_builds_the_checklist_from_content_scores_blocks_and_plans(browse, real_site):
    page, rec, server = browse
    content = content_of(real_site)
    open_calculator(page, server)
    start_practice_check(page)

    # The checklist: one select per intervention file, grouped by building block in toolkit order.
    practices = page.locator(f"{ROOT} [data-tk-mapping=practices]")
    assert practices.locator("select").count() == content["files"] == len(content["practices"])
    groups = practices.locator(".tk-mapping-group__title").all_inner_texts()
    expected_groups = [title for slug, title in content["blocks"]
                       if any(fm["building_block"] == slug for fm in content["practices"].values())]
    assert groups == expected_groups
    for n, (slug, title) in enumerate(b for b in content["blocks"] if b[1] in groups):
        keys = practices.locator(".tk-mapping-group").nth(n).locator("select").evaluate_all("s => s.map((x) => x.dataset.key)")
        assert sorted(keys) == sorted(s for s, fm in content["practices"].items() if fm["building_block"] == slug), title
    assert practices.locator("select").first.locator("option").all_inner_texts() == [
        "Choose…", "In place", "Partly", "Not yet", "Not applicable"]
    claims = page.locator(f"{ROOT} [data-tk-mapping=claims] select")
    assert claims.count() == len(content["claims"])
    for href in practices.locator("a").evaluate_all("links => links.map((a) => a.href)"):  # every "Read about this step"
        assert built_file(real_site, server, href).is_file(), href
    assert practices.locator("a").count() == len(content["practices"])

    answer_practice_check(page, content)
    calculate(page)
    expected = expected_check(content, "small")

    # Say and do per building block, against the content worked through by the page's method.
    blocks = {r["Building block"]: r for r in result_table(page, "blocks")}
    assert list(blocks) == [t for _, t in content["blocks"]] + ["All blocks"]
    for block, (say, do, gap) in expected["blocks"].items():
        r = blocks[block]
        assert (number(r["Say score (%)"]), number(r["Do score (%)"]), number(r["Gap (points)"])) == (say, do, gap), block
    # Checked by hand too: Data has 1 + 0.5 + 0 of 3 applicable practices in place (50%);
    # recruitment 1 + 0 + 0 + 0.5 of 4 (37.5%); progression 0 of 1.
    assert [number(blocks[b]["Do score (%)"]) for b in ("Data", "Recruitment", "Progression")] == [50.0, 37.5, 0.0]
    say_all, do_all, _ = expected["blocks"]["All blocks"]
    assert f"Your say score is {say_all:g}% and your do score is {do_all:g}%" in page.locator(".tk-summary").inner_text()
    chart = page.locator("figure.tk-figure", has=page.locator("figcaption", has_text="Say and do by building block"))
    scored = sum(v is not None for b, (s, d, g) in expected["blocks"].items() if b != "All blocks" for v in (s, d))
    assert chart.locator("rect.tk-chart__bar").count() == scored
    assert "The same figures are in the table “Say and do by building block”" in chart.locator("svg title").text_content()

    # The statements made that no practice backs up.
    backing = {r["Statement"]: r["Backed by practice?"] for r in result_table(page, "claims-made")}
    assert backing == expected["backing"]
    unbacked = [c for c, b in expected["backing"].items() if b == "Not backed"]
    assert len(unbacked) >= 3 and CUSTOM_CLAIM in unbacked
    assert f"{len(unbacked)} of the {len(expected['backing'])} statements you make are not backed" in page.locator(".tk-summary").inner_text()

    # The plan: exactly the practices marked not yet or partly, in the documented order, each linked.
    plan = result_table(page, "plan")
    titles = [r["Practice"] for r in plan]
    assert sorted(titles) == sorted(expected["plan"])
    assert [int(r["Priority"]) for r in plan] == list(range(1, len(plan) + 1))
    keys = [expected["plan_key"](expected["plan"][t]) for t in titles]
    assert keys == sorted(keys), list(zip(titles, keys))
    assert expected["plan"][titles[0]] == "write-clear-job-adverts"  # getting started, and made for small organisations
    for r in plan:
        slug = expected["plan"][r["Practice"]]
        assert len(r["_links"]) == 1
        href = r["_links"][0]
        assert urlsplit(href).path.endswith(f"/{content['practices'][slug]['building_block']}/{slug}/"), href
        assert built_file(real_site, server, href).is_file(), href
        response = page.request.get(href)
        assert response.status == 200, href
        assert re.search(r"<h1[^>]*>\s*" + re.escape(r["Practice"]), response.text()), href

    # The plan as Markdown and as CSV, both safe to open.
    name, markdown = download(page, "Download the action plan (Markdown)")
    assert name == "action-plan.md" and markdown.startswith("# Action plan: closing your say/do gap")
    table_lines = [line for line in markdown.splitlines() if re.match(r"\| \d+ \|", line)]
    assert [line.split(" | ")[1] for line in table_lines] == titles
    own_line = next(line for line in table_lines if "Qx7OwnClaim" in line)
    assert "'=SUM(1+1)\\|Qx7OwnClaim" in own_line, own_line
    assert all(len(re.split(r"(?<!\\)\|", line)) == 10 for line in table_lines), "a pipe in a cell broke the table"
    name, text = download(page, "Download the action plan (CSV)")
    assert name == "action-plan.csv"
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Priority", "Practice", "Building block", "Stage", "Fit for your size", "Now", "Effort",
                       "Statements it backs up", "Which statements", "Toolkit page"]
    assert [r[1] for r in rows[1:]] == titles and [r[9] for r in rows[1:]] == [expected["plan"][t] for t in titles]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_START) or re.fullmatch(r"-?\d+(\.\d+)?", cell), f"unsafe cell {cell!r}"
    assert any(cell == f"'{CUSTOM_CLAIM}" for row in rows for cell in row)
    rec.assert_private("http://127.0.0.1:", sentinels=("Qx7OwnClaim",))
    assert not rec.errors


# ---- (c) printing ---------------------------------------------------------------------------

def test_the_plan_prints_without_the_form_or_the_navigation(browse, real_site):
    page, rec, server = browse
    content = content_of(real_site)
    open_calculator(page, server)
    start_practice_check(page)
    answer_practice_check(page, content)
    calculate(page)
    on_screen = ["[data-tk-form]", ".md-header", ".tk-downloads"]
    assert all(page.locator(s).first.is_visible() for s in on_screen)
    on_screen.append(".md-sidebar--primary")  # on screen it steps aside for the results (full width); never printed
    page.emulate_media(media="print")
    for selector in on_screen + [".md-footer", ".tk-status", f"{ROOT}-practices", f"{ROOT}-save"]:
        assert page.locator(selector).first.is_hidden(), f"{selector} is printed"
    for selector in ["[data-tk-results]", f"#tk-{CID}-table-plan", f"#tk-{CID}-table-blocks", f"#tk-{CID}-table-claims-made",
                     "figure.tk-figure svg", ".tk-summary", "article h1"]:
        assert page.locator(selector).first.is_visible(), f"{selector} is not printed"
    assert page.locator(f"#tk-{CID}-table-plan tbody tr").count() == sum(m in ("not_yet", "partly") for m in MARKS.values())
    pdf = page.pdf()  # Chromium lays the print out without error
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")
    assert page.locator("[data-tk-form]").is_visible()


# ---- (d) opt-in saving ----------------------------------------------------------------------

def stored(page) -> dict:
    """What this site keeps in localStorage, less Material's colour-scheme preference (key
    "<site path>.__palette", written by the theme on every page; it holds no answers)."""
    everything = page.evaluate("Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]))")
    theme = {k: v for k, v in everything.items() if k.endswith(".__palette")}
    assert all(set(json.loads(v)) <= {"index", "color"} for v in theme.values()), theme
    return {k: v for k, v in everything.items() if k not in theme}


def test_nothing_is_stored_until_asked_then_answers_come_back_and_clear_removes_them(browse, real_site):
    page, rec, server = browse
    content = content_of(real_site)
    open_calculator(page, server)
    fill_teams(page, SURVEY_ROWS[:2])
    start_practice_check(page)
    answer_practice_check(page, content)
    assert stored(page) == {}, "answers were stored without asking"
    assert page.evaluate("document.cookie") == "" and page.context.cookies() == []
    save = page.locator(f"{ROOT}-save")
    assert save.get_attribute("type") == "checkbox" and not save.is_checked()
    assert "Save my answers in this browser" in page.locator(f"label[for='tk-{CID}-save']").inner_text()

    save.check()
    saved = stored(page)
    assert list(saved) == [f"toolkit:{CID}"]
    assert SALES in saved[f"toolkit:{CID}"] and "Qx7OwnClaim" in saved[f"toolkit:{CID}"]

    page.reload()
    assert page.locator(f"{ROOT}-save").is_checked() and page.locator(f"{ROOT}-mode-2").is_checked()
    # The checklist is fetched again, with no click, as soon as Python is ready; the saved answers are in it.
    page.wait_for_function(f"() => document.querySelectorAll('{ROOT} [data-tk-mapping=practices] select').length > 0",
                           timeout=90000)
    assert page.locator(ROOT).get_attribute("data-state") == "result"
    marks = page.locator(f"{ROOT} [data-tk-mapping=practices] select").evaluate_all(
        "s => Object.fromEntries(s.filter((x) => x.value).map((x) => [x.dataset.key, x.value]))")
    assert marks == MARKS
    said = page.locator(f"{ROOT} [data-tk-mapping=claims] select").evaluate_all(
        "s => Object.fromEntries(s.filter((x) => x.value).map((x) => [x.dataset.key, x.value]))")
    assert said == SAID
    assert page.input_value(f"{ROOT}-custom_claims-1-text") == CUSTOM_CLAIM
    assert page.locator(f"{ROOT}-org_size-1").is_checked()
    for n, row in enumerate(SURVEY_ROWS[:2], start=1):  # the survey answers (hidden in this mode) came back too
        for column, value in row.items():
            assert page.input_value(f"{ROOT}-teams-{n}-{column}") == str(value), (n, column)
    calculate(page)  # the restored answers give the same result as typing them
    assert result_table(page, "plan")[0]["Practice"] == content["practices"]["write-clear-job-adverts"]["title"]

    page.get_by_role("button", name="Clear my data").click()
    assert stored(page) == {}
    assert not page.locator(f"{ROOT}-save").is_checked()
    assert page.locator(f"{ROOT}-mode-1").is_checked() and page.input_value(f"{ROOT}-teams-1-team") == ""
    assert "saved answers were removed" in page.locator("[data-tk-status-text]").inner_text()
    page.check(f"{ROOT}-mode-2")  # the checklist on screen is cleared too, not just the store
    answered = page.locator(f"{ROOT} [data-tk-mapping] select").evaluate_all("s => s.filter((x) => x.value).length")
    assert answered == 0 and page.input_value(f"{ROOT}-custom_claims-1-text") == ""
    page.check(f"{ROOT}-mode-1")
    page.reload()
    wait_ready(page)
    assert stored(page) == {}
    assert not page.locator(f"{ROOT}-save").is_checked() and page.locator(f"{ROOT}-mode-1").is_checked()
    assert page.input_value(f"{ROOT}-teams-1-team") == "" and page.locator(f"{ROOT}-teams-2-team").count() == 0
    rec.assert_private("http://127.0.0.1:", sentinels=(SALES, FINANCE, "Qx7OwnClaim"))
    assert not rec.errors
