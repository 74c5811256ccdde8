"""Helpers for browser tests of calculator pages (Playwright pages, real Chromium)."""
from __future__ import annotations

READY = "() => ['ready', 'failed'].includes(document.querySelector('[data-calculator]').dataset.state)"


def wait_ready(page, timeout=90000):
    """Wait until the calculator is ready (or has said it cannot start), and insist it is ready."""
    page.wait_for_function(READY, timeout=timeout)
    assert page.locator("[data-calculator]").get_attribute("data-state") == "ready", page.locator("[data-tk-status-text]").inner_text()


def calculate(page, root: str) -> str:
    """Click Calculate and wait for this run's answer (results or errors); return the state."""
    before = page.evaluate("() => document.querySelector('[data-calculator]').tk.runId")
    page.click(f"{root} [data-tk-submit]")
    page.wait_for_function("""n => { const root = document.querySelector('[data-calculator]');
        return root.tk.runId > n && ['result', 'errors'].includes(root.dataset.state); }""", arg=before, timeout=60000)
    return page.locator("[data-calculator]").get_attribute("data-state")
