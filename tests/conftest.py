"""Shared fixtures: real site builds, a real loopback server, and a real Chromium."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import SiteServer  # noqa: E402
from recording import Recorder  # noqa: E402
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


@pytest.fixture
def browse(chromium, server):
    """A fresh browser context on the test server, recording everything."""
    context = chromium.new_context()
    recorder = Recorder(context)
    page = recorder.watch(context.new_page())
    page.set_default_timeout(30000)
    yield page, recorder, server
    context.close()
