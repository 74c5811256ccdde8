"""Shared fixtures: real site builds, a real loopback server, and a real Chromium."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import SiteServer  # noqa: E402
from calculators.core import content as calculator_content  # noqa: E402
from generator.python.calculator_data import content_data  # noqa: E402

# The calculators never import the generator: on CPython the tests hand them content/'s data (read
# once, when a calculator first needs it), as the CLI and the pandas adapter do.
calculator_content.use(content_data)
from sitekit import CHROMIUM_ARGS, PROJECT, build_site, make_content  # noqa: E402,F401



@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real content, built once, with the test-only calculators added."""
    folder = tmp_path_factory.mktemp("real")
    shutil.copytree(PROJECT / "content", folder / "content")
    result = build_site(folder, "content", test_calculators=True)
    assert result.returncode == 0, result.stderr
    return folder / "site"


@pytest.fixture
def small_site(tmp_path) -> Path:
    make_content(tmp_path / "content")
    result = build_site(tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "site"


@pytest.fixture(scope="session")
def server(real_site):
    with SiteServer(real_site, "/toolkit/") as srv:
        yield srv


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS) if exe else p.chromium.launch(args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Recorder:
    """Every request a page makes, and every CSP violation and script error it reports."""

    def __init__(self, context):
        self.requests, self.violations, self.errors = [], [], []
        context.on("request", lambda r: self.requests.append(r))
        context.add_init_script("""document.addEventListener('securitypolicyviolation',
            e => console.error('CSP-VIOLATION ' + e.violatedDirective + ' ' + e.blockedURI));""")

    def watch(self, page):
        page.on("console", lambda m: self.violations.append(m.text) if "CSP-VIOLATION" in m.text else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        return page

    def assert_private(self, origin: str, sentinels: tuple[str, ...] = ()) -> None:
        assert self.requests, "no request was recorded"
        outside = [r.url for r in self.requests if not r.url.startswith((origin, "blob:", "data:"))]
        assert not outside, f"requests left the origin: {outside}"
        not_get = [(r.method, r.url) for r in self.requests if r.method != "GET"]
        assert not not_get, f"non-GET requests: {not_get}"
        for sentinel in sentinels:
            for r in self.requests:
                assert sentinel not in r.url and sentinel not in (r.post_data or ""), f"{sentinel!r} was sent in {r.url}"
        assert not self.violations, f"CSP violations: {self.violations}"


@pytest.fixture
def browse(chromium, server):
    """A fresh browser context on the test server, recording everything."""
    context = chromium.new_context()
    recorder = Recorder(context)
    page = recorder.watch(context.new_page())
    page.set_default_timeout(30000)
    yield page, recorder, server
    context.close()
