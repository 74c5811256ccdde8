"""The private calculator runtime in a real Chromium: Pyodide from our own files in a module
worker, under the CSP, offline after one visit, with a watchdog, and under a sub-path."""
from __future__ import annotations

import gzip
import re
import time

import pytest

from browserkit import READY, wait_ready
from generator.python.calculator_data import content_data
from generator.python.snapshot import python_snapshot
from generator.python.stdlib import package_bytecode, precompiled_stdlib
from generator.python.wheel import build_wheel
from server import SiteServer
from sitekit import PROJECT, PYODIDE_NPM, STDLIB_CACHE as CACHE

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def run_response_rate(page, invited="200", answered="150"):
    page.fill("#tk-response-rate-invited", invited)
    page.fill("#tk-response-rate-answered", answered)
    page.click("[data-tk-submit]")


def test_example_calculator_loads_runs_and_sends_nothing(browse):
    page, rec, server = browse
    page.goto(server.url + "calculators/response-rate/")
    assert page.locator("[data-tk-status]").get_attribute("aria-live") == "polite"
    wait_ready(page)
    run_response_rate(page, "987654", "612345")
    page.locator("[data-tk-results]:not([hidden])").wait_for()
    assert "62% of the people you invited answered" in page.locator(".tk-summary").inner_text()
    rec.assert_private("http://127.0.0.1:", sentinels=("987654", "612345"))
    assert not rec.errors
    urls = [r.url for r in rec.requests]
    assert any(u.endswith("/toolkit/assets/pyodide/pyodide.asm.wasm") for u in urls)
    assert any("/toolkit/assets/py/calculators-" in u and u.endswith(".whl") for u in urls)
    assert any("/toolkit/assets/py/python-" in u and u.endswith(".snapshot.gz") for u in urls)
    assert page.locator("[data-calculator]").get_attribute("data-python") == "restored"  # from the build's snapshot


def test_every_runtime_file_is_downloaded_exactly_once(chromium, real_site):
    """The worker loads both of Pyodide's scripts itself (at once rather than one after the other)
    and watches the runtime's downloads for failures: nothing is fetched twice. (How fast is a
    benchmark.)"""
    with SiteServer(real_site, "/toolkit/") as srv:
        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        page.goto(srv.url + "calculators/response-rate/")
        wait_ready(page)
        paths = [path.split("?")[0] for method, path in srv.requests]
        context.close()
    front_end = [f"tk/{p.name}" for p in (real_site / "assets" / "tk").glob("*.js")]  # the worker and every module
    assert "tk/protocol.js" in front_end and "tk/worker-client.js" in front_end
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json", ".whl",
                 ".snapshot.gz", *front_end):
        # the message protocol is imported by the page and by the worker, each with its own modules
        # (a host's caching may serve the second; this server sends no Cache-Control)
        allowed = (1, 2) if name == "tk/protocol.js" else (1,)
        assert sum(p.endswith(name) for p in paths) in allowed, (name, paths)


def test_validation_errors_link_to_the_field_and_keep_the_inputs(browse):
    page, rec, server = browse
    page.goto(server.url + "calculators/response-rate/")
    wait_ready(page)
    run_response_rate(page, "ten", "12")
    summary = page.locator("[data-tk-error-summary]")
    summary.wait_for()
    assert summary.evaluate("el => el === document.activeElement")
    link = summary.get_by_role("link").first
    assert "number" in link.inner_text()
    link.click()
    assert page.evaluate("document.activeElement.id") == "tk-response-rate-invited"
    assert page.input_value("#tk-response-rate-invited") == "ten" and page.input_value("#tk-response-rate-answered") == "12"
    assert page.locator("#tk-response-rate-invited").get_attribute("aria-invalid") == "true"
    assert page.locator("#tk-response-rate-invited-error").is_visible()
    run_response_rate(page, "40", "31")  # the worker is still alive
    page.locator("[data-tk-results]:not([hidden])").wait_for()


def test_a_hanging_calculation_hits_the_watchdog_and_the_next_one_works(browse):
    page, rec, server = browse
    page.goto(server.url + "calculators/test-hang/")
    wait_ready(page)
    page.fill("#tk-test-hang-mode", "hang")
    page.click("[data-tk-submit]")
    page.locator("[data-tk-error-summary]:not([hidden])").wait_for(timeout=20000)
    assert "took longer than 3 seconds" in page.locator("[data-tk-error-summary]").inner_text()
    assert page.input_value("#tk-test-hang-mode") == "hang"
    wait_ready(page)  # a fresh worker started
    page.fill("#tk-test-hang-mode", "crash")
    page.click("[data-tk-submit]")
    page.locator("[data-tk-error-summary]:not([hidden])").wait_for(timeout=20000)
    wait_ready(page)


@pytest.mark.parametrize("missing", ["pyodide.asm.wasm", "python_stdlib.zip", "pyodide.mjs", "pyodide.asm.mjs", ".whl"])
def test_a_missing_runtime_file_shows_a_clear_message_and_the_guidance_stays(chromium, real_site, missing):
    with SiteServer(real_site, "/toolkit/") as srv:
        srv.missing.add(missing)
        context = chromium.new_context()
        page = context.new_page()
        page.goto(srv.url + "calculators/response-rate/")
        page.wait_for_function(READY, timeout=60000)
        status = page.locator("[data-tk-status-text]").inner_text()
        assert "could not start" in status and "guidance on this page still works" in status
        assert missing.lstrip(".") in status  # names the file, for whoever maintains the site
        assert page.locator("h1").is_visible() and page.locator("h2", has_text="How the figures are worked out").is_visible()
        context.close()


def test_a_worker_that_cannot_load_is_reported_and_the_guidance_stays(chromium, real_site):
    """The worker's script is missing: the start-up script keeps the worker's error until the
    calculator module takes over, which then says the calculator could not start. The module is
    held back until the error has come, so only the kept error can tell it."""
    with SiteServer(real_site, "/toolkit/") as srv:
        srv.missing.add("/assets/tk/worker.js")
        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        page.route("**/assets/tk/calculator.js", lambda route: (time.sleep(3), route.continue_()))
        page.goto(srv.url + "calculators/response-rate/")
        page.wait_for_function("() => document.querySelector('[data-calculator]')?.dataset.state === 'failed'", timeout=60000)
        status = page.locator("[data-tk-status-text]").inner_text()
        assert "could not start" in status and "guidance on this page still works" in status
        assert page.locator("h2", has_text="How the figures are worked out").is_visible()
        context.close()


SNAPSHOT = re.compile(r"/assets/py/python-[0-9a-f]+\.snapshot\.gz$")


def _cut_short(route):
    body = route.fetch().body()
    route.fulfill(status=200, content_type="application/gzip", body=body[: len(body) // 2])


def _another_wheels_snapshot(tmp_path) -> bytes:
    """A good snapshot, made with a wheel other than the site's (its content differs)."""
    bytecode = lambda files: package_bytecode(files, PYODIDE_NPM, CACHE)  # noqa: E731
    wheel = build_wheel({**content_data(), "made_for_a_test": True}, tmp_path, bytecode)
    stdlib = precompiled_stdlib(PYODIDE_NPM, PROJECT / "calculators", CACHE)
    return python_snapshot(PYODIDE_NPM, stdlib, wheel, tmp_path / "cache").read_bytes()


def _another_builds_snapshot(site) -> bytes:
    """The site's snapshot, with the Pyodide build it names (bytes 16 to 48 of its header) changed,
    as after an upgrade of Pyodide without a new snapshot."""
    memory = bytearray(gzip.decompress(next((site / "assets" / "py").glob("*.snapshot.gz")).read_bytes()))
    memory[16:48] = bytes(255 - b for b in memory[16:48])
    return gzip.compress(bytes(memory), 1)


@pytest.mark.parametrize("fault", ["missing", "cut short", "not a snapshot", "made with another wheel",
                                   "made for another Pyodide build"])
def test_without_its_snapshot_python_starts_itself_and_the_calculator_works(chromium, real_site, fault, tmp_path):
    """Python's snapshot is only a head start: whatever is wrong with it, Python starts the slow way."""
    with SiteServer(real_site, "/toolkit/") as srv:
        context = chromium.new_context(service_workers="block")
        if fault == "missing":
            srv.missing.add(".snapshot.gz")
        elif fault == "cut short":
            context.route(SNAPSHOT, _cut_short)
        else:  # a good gzip file: of something else, of Python with the calculators at another path, or another build's
            body = (_another_wheels_snapshot(tmp_path) if fault == "made with another wheel" else
                    _another_builds_snapshot(real_site) if fault == "made for another Pyodide build" else
                    gzip.compress(b"not Python " * 9000))
            context.route(SNAPSHOT, lambda route: route.fulfill(status=200, content_type="application/gzip", body=body))
        page = context.new_page()
        warnings = []
        page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
        page.goto(srv.url + "calculators/response-rate/")
        wait_ready(page)
        assert page.locator("[data-calculator]").get_attribute("data-python") == "started"
        assert any("without its snapshot (python-" in w for w in warnings), warnings
        if fault == "made for another Pyodide build":
            assert any("build id mismatch" in w for w in warnings), warnings
        run_response_rate(page)
        page.locator("[data-tk-results]:not([hidden])").wait_for()
        assert "75% of the people you invited answered" in page.locator(".tk-summary").inner_text()
        context.close()


def test_a_reader_who_saves_data_does_not_download_the_snapshot(chromium, real_site):
    with SiteServer(real_site, "/toolkit/") as srv:
        context = chromium.new_context(service_workers="block")
        context.add_init_script("Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ saveData: true }) })")
        page = context.new_page()
        page.goto(srv.url + "calculators/response-rate/")
        wait_ready(page)
        assert page.locator("[data-calculator]").get_attribute("data-python") == "started"
        run_response_rate(page)
        page.locator("[data-tk-results]:not([hidden])").wait_for()
        paths = [path for method, path in srv.requests]
        assert any(p.endswith(".whl") for p in paths) and not any("snapshot" in p for p in paths), paths
        context.close()


def throttle(page, mbps):
    """Chromium's own emulation of a slower connection (it covers the page's worker too)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 20, "downloadThroughput": mbps * 1e6 / 8,
                                                  "uploadThroughput": mbps * 1e6 / 8})


def test_on_a_slow_first_visit_python_starts_itself_and_the_next_visit_restores_the_snapshot_from_the_cache(chromium, real_site):
    """The snapshot is the largest file: on a connection where it would take longer to download than
    it saves, the first visit does not ask for it, and the service worker keeps it for the next."""
    with SiteServer(real_site, "/toolkit/") as srv:
        context = chromium.new_context()
        page = context.new_page()
        throttle(page, 20)
        said = []
        page.on("console", lambda message: said.append(message.text))
        page.goto(srv.url + "calculators/response-rate/")
        wait_ready(page)
        assert page.locator("[data-calculator]").get_attribute("data-python") == "started"
        assert not any("snapshot" in path for method, path in srv.requests), srv.requests  # not asked for
        assert any("without its snapshot on this first visit" in text and "Mbit/s" in text for text in said), said
        run_response_rate(page)
        page.locator("[data-tk-results]:not([hidden])").wait_for()
        page.wait_for_function("() => document.querySelector('[data-calculator]').dataset.offline === 'ready'", timeout=120000)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30000)
        assert sum("snapshot" in path for method, path in srv.requests) == 1  # fetched in the background, once
        page.reload()  # the next visit, on the same slow connection
        wait_ready(page)
        assert page.locator("[data-calculator]").get_attribute("data-python") == "restored"
        assert sum("snapshot" in path for method, path in srv.requests) == 1  # from the cache
        run_response_rate(page)
        page.locator("[data-tk-results]:not([hidden])").wait_for()
        assert "75% of the people you invited answered" in page.locator(".tk-summary").inner_text()
        context.close()


def test_a_damaged_wasm_file_shows_a_clear_message(chromium, real_site):
    # compiled by the worker as it downloads, so a broken file must not leave the page waiting
    with SiteServer(real_site, "/toolkit/") as srv:
        context = chromium.new_context()
        context.route("**/pyodide.asm.wasm", lambda route: route.fulfill(
            status=200, content_type="application/wasm", body=b"\0asm" + b"\x01\0\0\0" + b"not a module" * 100))
        page = context.new_page()
        page.goto(srv.url + "calculators/response-rate/")
        page.wait_for_function(READY, timeout=60000)
        status = page.locator("[data-tk-status-text]").inner_text()
        assert "could not start" in status and "damaged (pyodide.asm.wasm)" in status
        context.close()


def test_a_host_that_sends_the_wasm_with_another_media_type_still_works(chromium, real_site):
    # streaming compilation needs application/wasm; the worker then compiles the whole file instead
    with SiteServer(real_site, "/toolkit/") as srv:
        context = chromium.new_context()

        def plain(route):
            response = route.fetch()
            route.fulfill(response=response, headers={**response.headers, "content-type": "application/octet-stream"})

        context.route("**/pyodide.asm.wasm", plain)
        page = context.new_page()
        page.goto(srv.url + "calculators/response-rate/")
        wait_ready(page)
        run_response_rate(page)
        page.locator("[data-tk-results]:not([hidden])").wait_for()
        context.close()


def test_calculators_work_offline_after_one_visit(browse):
    page, rec, server = browse
    page.goto(server.url + "calculators/response-rate/")
    wait_ready(page)
    page.wait_for_function("() => document.querySelector('[data-calculator]').dataset.offline === 'ready'", timeout=60000)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30000)
    page.context.set_offline(True)
    page.reload()
    wait_ready(page)
    run_response_rate(page)
    page.locator("[data-tk-results]:not([hidden])").wait_for()
    assert "75% of the people you invited answered" in page.locator(".tk-summary").inner_text()
    page.context.set_offline(False)


def test_the_csp_arrives_as_a_real_header_too(browse):
    page, rec, server = browse
    response = page.goto(server.url + "calculators/response-rate/")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    wait_ready(page)
    rec.assert_private("http://127.0.0.1:")


def calculator_ids():
    from calculators.core.registry import all_specs

    return [s.id for s in all_specs()]


@pytest.mark.parametrize("calculator", calculator_ids())
def test_nothing_typed_into_any_input_leaves_the_browser(browse, calculator):
    page, rec, server = browse
    page.goto(f"{server.url}calculators/{calculator}/")
    wait_ready(page)
    sentinels = []
    for n, field in enumerate(page.locator(f"#tk-{calculator} input[type=text]:visible, #tk-{calculator} textarea:visible").all()):
        value = f"SENTINEL{n}X{calculator[:4]}"
        field.fill(value)
        sentinels.append(value)
    assert sentinels, "the form has no text inputs to try"
    page.click(f"#tk-{calculator} [data-tk-submit]")
    page.wait_for_function("() => ['errors', 'result'].includes(document.querySelector('[data-calculator]').dataset.state)")
    rec.assert_private("http://127.0.0.1:", sentinels=tuple(sentinels))
    assert not rec.errors


THEME_RAN = "() => document.documentElement.classList.contains('js')"  # the theme's script swaps no-js for js
SEARCH_AT_ONCE_MS = 9000  # under tk-search.js's 15-second fallback, counted from when the theme starts it


def test_search_on_a_calculator_page_waits_for_python_but_never_for_a_reader(chromium, real_site):
    """The theme's script and search index wait while Python starts, so the two do not share the
    CPU; a reader who goes to search first gets results at once all the same, and once Python has
    started the index is built without the reader asking. Both well before the search worker's own
    fallback (it goes by itself after 15 seconds), so neither can pass by waiting for it."""
    with SiteServer(real_site, "/toolkit/") as srv:
        context = chromium.new_context(service_workers="block")
        context.route("**/pyodide.asm.wasm", lambda route: None)  # never answered: Python never starts
        page = context.new_page()
        asked = []
        page.on("request", lambda r: asked.append(r.url) if r.url.endswith("search_index.json") else None)
        page.goto(srv.url + "calculators/response-rate/")
        page.wait_for_timeout(2000)  # far longer than the theme takes to start on this machine
        assert not page.evaluate(THEME_RAN) and not asked  # held back while Python is starting
        page.keyboard.press("Escape")  # the reader's first key press outside the calculator
        page.wait_for_function(THEME_RAN, timeout=5000)
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially("structured interviews", delay=20)
        page.locator(".md-search-result__item").first.wait_for(timeout=SEARCH_AT_ONCE_MS)
        assert page.locator("[data-calculator]").get_attribute("data-state") == "starting"
        context.close()

        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        page.goto(srv.url + "calculators/response-rate/")
        wait_ready(page)  # then the reader does nothing: the theme and its index follow shortly
        page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.trim() !== 'Initializing search'",
                               timeout=SEARCH_AT_ONCE_MS)
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially("structured interviews", delay=20)
        page.locator(".md-search-result__item").first.wait_for(timeout=SEARCH_AT_ONCE_MS)
        context.close()


def test_once_the_calculators_have_downloaded_the_status_says_python_is_still_starting(chromium, real_site):
    with SiteServer(real_site, "/toolkit/") as srv:
        context = chromium.new_context(service_workers="block")
        held = []
        context.route("**/pyodide.asm.wasm", lambda route: held.append(route))  # Python cannot start yet
        page = context.new_page()
        page.goto(srv.url + "calculators/response-rate/")
        page.wait_for_function("() => /starting Python/.test(document.querySelector('[data-tk-status-text]').textContent)"
                               " && document.querySelector('[data-tk-progress]').hidden", timeout=20000)
        assert "KB" not in page.locator("[data-tk-status-text]").inner_text()
        assert any(path.split("?")[0].endswith(".whl") for method, path in srv.requests)
        assert page.locator("[data-calculator]").get_attribute("data-state") == "starting"
        held[0].continue_()
        wait_ready(page)
        context.close()


def test_a_slow_download_of_the_calculators_shows_its_bytes_and_the_calculator_still_starts(chromium, real_site):
    with SiteServer(real_site, "/toolkit/") as srv:
        srv.slow.add(".whl")  # about six seconds for its 335 KB: longer than Python's start, which keeps the worker busy
        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        # every state of the status line, as the page shows it (a state can last less than a frame)
        page.add_init_script("""window.tkSeen = [];
          new MutationObserver(() => {
            const text = document.querySelector('[data-tk-status-text]'), bar = document.querySelector('[data-tk-progress]');
            if (text && bar) window.tkSeen.push([text.textContent, bar.hidden]);
          }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });""")
        page.goto(srv.url + "calculators/response-rate/")
        wait_ready(page)
        seen = page.evaluate("window.tkSeen")
        context.close()
    with_bytes = [text for text, hidden in seen if re.search(r" KB of \d+ KB$", text) and not hidden]
    assert with_bytes and all(text.startswith("Loading the calculators…") for text in with_bytes), seen


def test_the_theme_waits_for_the_first_result_not_for_typing_into_the_calculator(chromium, real_site):
    with SiteServer(real_site, "/toolkit/") as srv:
        context = chromium.new_context(service_workers="block")
        held = []
        context.route("**/pyodide.asm.wasm", lambda route: held.append(route))  # answered when the test says so
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(error))
        page.goto(srv.url + "calculators/response-rate/")
        page.fill("#tk-response-rate-invited", "200")  # clicks and keys inside the calculator
        page.fill("#tk-response-rate-answered", "150")
        page.wait_for_timeout(500)
        assert not page.evaluate(THEME_RAN)
        assert len(held) == 1
        held[0].continue_()
        wait_ready(page)
        page.click("[data-tk-submit]")
        page.locator("[data-tk-results]:not([hidden])").wait_for()
        page.wait_for_function(THEME_RAN, timeout=5000)  # at once after the first result
        # the theme works as on any page: here, its light/dark switch
        scheme = page.evaluate("() => document.body.dataset.mdColorScheme")
        page.locator("label.md-header__button[for^=__palette]:visible").click()
        page.wait_for_function("(before) => document.body.dataset.mdColorScheme !== before", arg=scheme, timeout=5000)
        assert not errors
        context.close()


def test_each_visitor_gets_their_own_random_numbers_after_the_snapshot_is_restored(chromium, server):
    """Every visitor restores the same memory; the worker reseeds Python's `random` from the
    browser's entropy (the test calculator imports `random`, so its state is in the snapshot)."""
    drawn = []
    for _ in range(2):
        context = chromium.new_context()  # a new visitor: nothing cached
        page = context.new_page()
        page.goto(server.url + "calculators/test-hang/")
        wait_ready(page)
        for _ in range(5):  # on a loaded machine the first visit may start Python itself (the download
            # looks slow) while the service worker caches the snapshot: the next visit restores it
            if page.locator("[data-calculator]").get_attribute("data-python") == "restored":
                break
            page.wait_for_timeout(1000)
            page.reload()
            wait_ready(page)
        assert page.locator("[data-calculator]").get_attribute("data-python") == "restored"
        page.fill("#tk-test-hang-mode", "random")
        page.click("[data-tk-submit]")
        page.locator("[data-tk-results]:not([hidden])").wait_for(timeout=20000)
        drawn.append(page.locator(".tk-summary").inner_text())
        context.close()
    assert drawn[0].startswith("Random: ") and drawn[0] != drawn[1]
