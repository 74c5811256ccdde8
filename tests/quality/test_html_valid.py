"""Valid HTML: the Nu Html Checker (npm vnu-jar, run with Java) on every built page, over HTTP
from the test server, in one Java process. Zero errors.

Warnings are allowed only when listed in KNOWN_WARNINGS, each with the reason it cannot be fixed
(the accessibility statement and BENCHMARKS.md repeat them)."""
from __future__ import annotations

import json
import re

import pytest

from qualitykit import RESULTS, html_pages, java, run_vnu

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KNOWN_WARNINGS = {
    # Material writes its settings into <script id="__config" type="application/json">. A JSON data
    # block is never executed, so the browser applies no CSP to it (and reports nothing), but the
    # checker treats every inline <script> as script. Hashing it would change on every build setting.
    r"^Inline script violates Content Security Policy \(meta tag\): blocked by “script-src” directive":
        "Material's JSON settings block (<script type=\"application/json\">) is not executed; the checker still applies the CSP to it.",
}


@pytest.fixture(scope="module")
def vnu_messages(real_site, server):
    if not java():
        pytest.fail("Java is needed for the Nu Html Checker: run `make browser` (it installs default-jre-headless)")
    pages = html_pages(real_site)
    messages = run_vnu([server.url + rel for rel in pages])
    return pages, messages


def test_every_page_is_valid_html(vnu_messages, server):
    pages, messages = vnu_messages
    assert len(pages) > 40
    problems = [m for m in messages if m["type"] in ("error", "non-document-error") or m.get("subType") == "fatal"]
    text = [f"{m.get('url', '').replace(server.url, '/')}:{m.get('lastLine', '?')}: {m['message']} [{(m.get('extract') or '').strip()[:80]}]"
            for m in problems]
    warnings = [m for m in messages if m.get("subType") == "warning"]
    unknown = [m for m in warnings if not any(re.search(p, m["message"]) for p in KNOWN_WARNINGS)]
    summary = {"pages": len(pages), "errors": len(problems), "warnings": len(warnings),
               "warnings_by_reason": {reason: sum(1 for m in warnings if re.search(p, m["message"]))
                                      for p, reason in KNOWN_WARNINGS.items()},
               "unexplained_warnings": len(unknown)}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "html-validity.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    assert not text, f"{len(text)} Nu Html Checker errors:\n" + "\n".join(text[:60])
    assert not unknown, "new Nu Html Checker warnings (fix them, or explain them in KNOWN_WARNINGS):\n" + "\n".join(
        f"{m.get('url', '').replace(server.url, '/')}:{m.get('lastLine', '?')}: {m['message']}" for m in unknown[:40])
