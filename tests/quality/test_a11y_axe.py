"""Accessibility with axe-core (npm axe-core, WCAG 2.0, 2.1 and 2.2 A and AA rules): every built
page in the light and dark schemes, and every calculator in every state (loading, empty,
validation errors, running, result, runtime failure). Zero violations.

axe is injected with page.evaluate(), which the CSP does not govern, so everything runs under
the site's real CSP, sent as a real header by the test server; no context bypasses it."""
from __future__ import annotations

import pytest

from qualitykit import CALCULATORS, VALID, axe_source, calculator_ids, describe, html_pages, run_axe, wait_state
from server import SiteServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCHEMES = ("light", "dark")


@pytest.fixture(scope="module")
def axe_js():
    return axe_source()


def check(page, axe_js, where: str, found: list[str], schemes=SCHEMES) -> None:
    for scheme in schemes:
        page.emulate_media(color_scheme=scheme)
        found += describe(run_axe(page, axe_js), f"{where} [{scheme}]")
    page.emulate_media(color_scheme="light")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_has_no_axe_violations(chromium, server, real_site, axe_js, scheme):
    context = chromium.new_context(color_scheme=scheme, service_workers="block")
    page = context.new_page()
    found, pages = [], [rel for rel in html_pages(real_site) if rel != "404.html"]
    for rel in pages:
        page.goto(server.url + rel)
        found += describe(run_axe(page, axe_js), f"/{rel} [{scheme}]")
    context.close()
    assert len(pages) > 40
    assert not found, f"{len(found)} axe violations:\n" + "\n".join(found[:80])


def test_the_404_page_has_no_axe_violations(chromium, real_site, axe_js):
    # 404.html is served for any missing address, so its links are written from the site root.
    with SiteServer(real_site, "/") as root:
        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        page.goto(root.url + "404.html")
        assert page.locator("h1").count() == 1
        found = []
        check(page, axe_js, "/404.html", found)
        context.close()
    assert not found, "\n".join(found)


class HeldRuntime:
    """Holds back Pyodide's wasm so the calculator stays in its loading state until released."""

    def __init__(self, context):
        self.routes = []
        context.route("**/pyodide.asm.wasm", self.hold)

    def hold(self, route):
        self.routes.append(route)

    def release(self, context):
        for route in self.routes:
            route.continue_()
        context.unroute("**/pyodide.asm.wasm")


@pytest.fixture(scope="module")
def calculator_list(real_site):
    return calculator_ids(real_site)


def test_the_quality_suite_covers_every_calculator():
    from calculators.core.registry import all_specs

    # The peer benchmark combiner and the advert batch take several files, not typed values: their states
    # have their own tests below.
    several_files = ("peer-benchmark", "job-advert-batch")
    assert sorted(CALCULATORS) == sorted(s.id for s in all_specs() if s.id not in several_files) == sorted(VALID)


@pytest.mark.parametrize("calculator", CALCULATORS)
def test_every_calculator_state_has_no_axe_violations(chromium, server, axe_js, calculator, calculator_list):
    assert calculator in calculator_list
    context = chromium.new_context(service_workers="block")
    page = context.new_page()
    page.set_default_timeout(60000)
    found = []
    held = HeldRuntime(context)
    page.goto(server.url + f"calculators/{calculator}/")
    page.wait_for_function("() => document.querySelector('[data-calculator]')?.dataset.state === 'starting'")
    for _ in range(200):  # until the worker asks for the wasm (route callbacks run while Playwright waits)
        if held.routes:
            break
        page.wait_for_timeout(100)
    assert held.routes, "the runtime's wasm request was not held, so the loading state may be gone before axe runs"
    assert page.evaluate("() => document.querySelector('[data-calculator]').dataset.state") == "starting"
    check(page, axe_js, f"{calculator}: loading", found)
    held.release(context)
    assert wait_state(page, ("ready", "failed")) == "ready"
    check(page, axe_js, f"{calculator}: empty", found)
    page.click("[data-tk-submit]")
    assert wait_state(page, ("errors", "result")) == "errors"
    check(page, axe_js, f"{calculator}: validation errors", found)
    for field, value in VALID[calculator].items():
        page.fill(f"#{field}", value)
    page.click("[data-tk-submit]")
    assert wait_state(page, ("errors", "result")) == "result", page.locator("[data-tk-error-summary]").inner_text()
    check(page, axe_js, f"{calculator}: result", found)
    if page.locator("[data-tk-results] details:not([open])").count():  # what the closed sections hold
        page.evaluate("() => document.querySelectorAll('[data-tk-results] details').forEach(d => { d.open = true; })")
        check(page, axe_js, f"{calculator}: result with every section open", found)
    context.close()
    assert not found, f"{len(found)} axe violations:\n" + "\n".join(found[:80])


def test_a_running_calculation_has_no_axe_violations(chromium, server, axe_js, calculator_list):
    assert "test-hang" in calculator_list, "the quality suite needs the test-only calculators"
    context = chromium.new_context(service_workers="block")
    page = context.new_page()
    page.goto(server.url + "calculators/test-hang/")
    assert wait_state(page, ("ready", "failed")) == "ready"
    page.fill("#tk-test-hang-mode", "hang")
    page.click("[data-tk-submit]")
    assert wait_state(page, ("running",)) == "running"
    assert page.locator("[data-tk-cancel]").is_visible()  # before axe: on a loaded machine axe can outlast the watchdog
    found = []
    check(page, axe_js, "test-hang: running", found)
    context.close()
    assert not found, "\n".join(found)


def test_a_calculator_that_cannot_start_has_no_axe_violations(chromium, real_site, axe_js):
    with SiteServer(real_site, "/toolkit/") as broken:
        broken.missing.add("pyodide.asm.wasm")
        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        page.goto(broken.url + "calculators/representation-gap/")
        assert wait_state(page, ("ready", "failed"), timeout=60000) == "failed"
        found = []
        check(page, axe_js, "representation-gap: runtime failure", found)
        page.click("[data-tk-submit]")  # submitting after a failure keeps the page usable
        check(page, axe_js, "representation-gap: submitted after failure", found)
        context.close()
    assert not found, "\n".join(found)


YEAR_ONE = "Level\tProfessional\tIntermediate\tLower\tNot known\nBoard\t60\t25\t15\t10\nMiddle managers\t40\t20\t40\t5\nStaff\t150\t90\t160\t30\n"
YEAR_TWO = "Level\tProfessional\tIntermediate\tLower\tNot known\nBoard\t55\t25\t20\t10\nManagers\t50\t20\t30\t5\nStaff\t150\t90\t180\t30\n"


def test_year_on_year_and_the_board_report_have_no_axe_violations(chromium, server, axe_js, tmp_path):
    """The new states of the representation gap: a comparison asking which level a renamed one is
    now, the change table and chart with every section open, and the board report page itself."""
    context = chromium.new_context(service_workers="block", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60000)
    page.goto(server.url + "calculators/representation-gap/")
    assert wait_state(page, ("ready", "failed")) == "ready"
    page.check("#tk-representation-gap-source-3")
    page.fill("#tk-representation-gap-paste", YEAR_ONE)
    page.click("[data-tk-submit]")
    assert wait_state(page, ("errors", "result")) == "result"
    with page.expect_download() as saved:
        page.get_by_role("button", name="Save these results for next year (a small file with only what is shown here)").click()
    with page.expect_download() as board:
        page.get_by_role("button", name="Download a board report (print-ready page)").click()
    found = []
    page.fill("#tk-representation-gap-paste", YEAR_TWO)
    page.set_input_files("#tk-representation-gap-compare", saved.value.path())
    page.click("[data-tk-submit]")
    page.wait_for_function("() => document.querySelector('[data-calculator]').tk.runId >= 2"
                           " && document.querySelector('[data-calculator]').dataset.state === 'result'")
    check(page, axe_js, "representation-gap: last year's levels to match", found)
    page.get_by_label("Last year: Middle managers").select_option("Managers")
    page.click("[data-tk-submit]")
    page.wait_for_function("() => document.querySelector('[data-calculator]').tk.runId >= 3"
                           " && document.querySelector('[data-calculator]').dataset.state === 'result'")
    assert page.locator("#tk-representation-gap-table-change-level").count() == 1
    page.evaluate("() => document.querySelectorAll('[data-tk-results] details').forEach(d => { d.open = true; })")
    check(page, axe_js, "representation-gap: change since last year", found)
    report = page.context.new_page()
    board.value.save_as(tmp_path / "board-report.html")
    report.goto((tmp_path / "board-report.html").as_uri())
    assert report.locator("h1").count() == 1
    found += describe(run_axe(report, axe_js), "board report")
    context.close()
    assert not found, "\n".join(found)


def test_the_peer_benchmark_combiner_has_no_axe_violations(chromium, server, axe_js, tmp_path):
    """The convener's page: too few files (errors), then a sector benchmark (result)."""
    from calculators.peer_benchmark.spec import export
    files = []
    for n in range(5):
        path = tmp_path / f"firm-{n}.json"
        path.write_text(export(f"Firm {n}", "2026", 10, [("Board", [50, 20 + n, 30], True), ("Staff", [40, 20, 40], True)])[0])
        files.append(path)
    context = chromium.new_context(service_workers="block")
    page = context.new_page()
    page.set_default_timeout(60000)
    page.goto(server.url + "calculators/peer-benchmark/")
    assert wait_state(page, ("ready", "failed")) == "ready"
    found = []
    page.set_input_files("#tk-peer-benchmark-files", files[:2])
    page.click("[data-tk-submit]")
    assert wait_state(page, ("errors", "result")) == "errors"
    check(page, axe_js, "peer-benchmark: too few files", found)
    page.set_input_files("#tk-peer-benchmark-files", files)
    page.click("[data-tk-submit]")
    page.wait_for_function("() => document.querySelector('[data-calculator]').dataset.state === 'result'")
    page.evaluate("() => document.querySelectorAll('[data-tk-results] details').forEach(d => { d.open = true; })")
    check(page, axe_js, "peer-benchmark: sector benchmark", found)
    context.close()
    assert not found, "\n".join(found)


def test_the_advert_batch_has_no_axe_violations(chromium, server, axe_js):
    """The batch of job adverts: empty, a CSV without a text column (errors), running with its
    progress shown, and the result with every advert's findings open."""
    from sitekit import PROJECT

    batch, page_id = "job-advert-batch", "#tk-job-advert-batch"
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((PROJECT / "tests" / "advert_corpus").glob("*.txt"))[:4])
    context = chromium.new_context(service_workers="block")
    page = context.new_page()
    page.set_default_timeout(60000)
    page.goto(server.url + f"calculators/{batch}/")
    assert wait_state(page, ("ready", "failed")) == "ready"
    found = []
    check(page, axe_js, f"{batch}: empty", found)
    page.set_input_files(f"{page_id}-adverts", files=[{"name": "roles.csv", "mimeType": "text/csv", "buffer": b"Role,Team\nA,B\n"}])
    page.click("[data-tk-submit]")
    assert wait_state(page, ("errors", "result")) == "errors"
    check(page, axe_js, f"{batch}: a CSV without a text column", found)
    files = [{"name": f"advert-{n:03}.txt", "mimeType": "text/plain", "buffer": text.encode("utf-8")} for n in range(150)]
    files.append({"name": "blank.txt", "mimeType": "text/plain", "buffer": b" "})
    page.set_input_files(f"{page_id}-adverts", files=files)
    page.click("[data-tk-submit]")
    page.wait_for_function("() => !document.querySelector('[data-tk-progress]').hidden && "
                           "/^Checked \\d+ of/.test(document.querySelector('[data-tk-status-text]').textContent)")
    check(page, axe_js, f"{batch}: running, with progress", found, schemes=("light",))
    assert wait_state(page, ("errors", "result"), timeout=180000) == "result"
    check(page, axe_js, f"{batch}: result", found)
    page.evaluate("() => document.querySelectorAll('[data-tk-results] details').forEach(d => { d.open = true; })")
    check(page, axe_js, f"{batch}: result with every advert's findings open", found)


CROSSED = ("hourly pay\tanswer\tsex\tethnicity\n" + "20.00\t1\tFemale\tWhite\n" * 12 + "15.00\t5\tFemale\tIndian\n" * 12
           + "21.00\t1\tMale\tIndian\n" * 12 + "14.00\t5\tMale\tWhite\n" * 12 + "22.00\t1\tFemle\tWhyte\n" * 11)


def test_background_crossed_with_characteristics_has_no_axe_violations(chromium, server, axe_js):
    """The class pay gap with sex and ethnicity columns: the crossed tables, and the question about
    unrecognised answers (grouped by column), with every section open."""
    context = chromium.new_context(service_workers="block")
    page = context.new_page()
    page.set_default_timeout(60000)
    page.goto(server.url + "calculators/class-pay-gap/")
    assert wait_state(page, ("ready", "failed")) == "ready"
    page.fill("#tk-class-pay-gap-paste", CROSSED)
    page.click("[data-tk-submit]")
    assert wait_state(page, ("errors", "result")) == "result"
    assert page.locator("#tk-class-pay-gap-table-crossed-ethnicity").count() == 1
    assert page.locator('select[data-key="ethnicity:Whyte"]').count() == 1
    page.evaluate("() => document.querySelectorAll('[data-tk-results] details').forEach(d => { d.open = true; })")
    found = []
    check(page, axe_js, "class-pay-gap: crossed with sex and ethnicity, unrecognised answers asked", found)
    context.close()
    assert not found, "\n".join(found)


def test_the_representation_gap_crossed_with_characteristics_has_no_axe_violations(chromium, server, axe_js):
    """The representation gap with a disability column: its breakdown, and the question about an
    unrecognised answer, with every section open."""
    context = chromium.new_context(service_workers="block")
    page = context.new_page()
    page.set_default_timeout(60000)
    page.goto(server.url + "calculators/representation-gap/")
    assert wait_state(page, ("ready", "failed")) == "ready"
    page.check("#tk-representation-gap-source-3")
    page.fill("#tk-representation-gap-paste", "level\tresponse\tdisability\n" + "Staff\t1\tNo\n" * 20
              + "Staff\t5\tYes\n" * 20 + "Staff\t5\tNope\n" * 12)
    page.click("[data-tk-submit]")
    assert wait_state(page, ("errors", "result")) == "result"
    assert page.locator("#tk-representation-gap-table-counts-disability").count() == 1
    assert page.locator('select[data-key="disability:Nope"]').count() == 1
    page.evaluate("() => document.querySelectorAll('[data-tk-results] details').forEach(d => { d.open = true; })")
    found = []
    check(page, axe_js, "representation-gap: crossed with disability, an unrecognised answer asked", found)
    context.close()
    assert not found, "\n".join(found)
