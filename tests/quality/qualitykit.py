"""Shared pieces of the quality gates: the pages of a built site, axe-core, the Nu Html Checker,
and the calculators' inputs for each state."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
NODE_MODULES = PROJECT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
RESULTS = PROJECT / "bench" / "results"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CALCULATORS = ["response-rate", "representation-gap", "say-do-gap", "job-advert-checker", "class-pay-gap"]
STATE = "() => document.querySelector('[data-calculator]')?.dataset.state"


def html_pages(site: Path) -> list[str]:
    """Every built HTML page, as a path relative to the site root ('' for the home page)."""
    out = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        out.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return out


def calculator_ids(site: Path) -> list[str]:
    """The calculators the site has (the real ones, plus test-only ones when built with them)."""
    return sorted(p.parent.name for p in (site / "calculators").glob("*/index.html"))


# ---- axe-core ---------------------------------------------------------------------------------
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page, source: str) -> list[dict]:
    """Run axe-core in the page and return its violations (the WCAG 2.0-2.2 A and AA rules).

    page.evaluate() goes through the DevTools protocol, which the page's CSP does not govern, so
    axe runs under the site's real CSP; no bypass_csp is needed."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(source)
    # Let transitions end first (Material fades its "Back to top" button in), so colours are final.
    page.evaluate("""() => Promise.race([Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),
                                         new Promise(done => setTimeout(done, 2000))])""")
    return page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
                            .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))})))""",
                         AXE_TAGS)


def describe(violations: list[dict], where: str) -> list[str]:
    lines = []
    for v in violations:
        for n in v["nodes"][:5]:
            lines.append(f"{where}: {v['id']} ({v['impact']}) {v['help']} at {n['target']}: {n['summary'].splitlines()[-1].strip()}")
        if len(v["nodes"]) > 5:
            lines.append(f"{where}: {v['id']}: {len(v['nodes']) - 5} more elements")
    return lines


# ---- Nu Html Checker -----------------------------------------------------------------------------
def java() -> str | None:
    return shutil.which("java")


def run_vnu(urls: list[str]) -> list[dict]:
    """Check every URL in one Java process (the checker starts slowly). Fetching over HTTP, not
    from files, lets the checker judge the CSP's 'self' as a browser would. The checker refuses
    loopback hosts unless told otherwise."""
    cmd = [java(), "-Dnu.validator.servlet.allow-forbidden-hosts=true", "-Dnu.validator.servlet.allowed-address-type=all",
           "-jar", str(VNU_JAR), "--format", "json", *urls]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    try:
        return json.loads(proc.stderr)["messages"]
    except (ValueError, KeyError):
        raise AssertionError(f"the Nu Html Checker did not report JSON (exit {proc.returncode}): {proc.stderr[-2000:]}")


# ---- the calculators' states ---------------------------------------------------------------------
def wait_state(page, states: tuple[str, ...], timeout: int = 90000) -> str:
    page.wait_for_function(f"() => {json.dumps(list(states))}.includes(document.querySelector('[data-calculator]')?.dataset.state)",
                           timeout=timeout)
    return page.evaluate(STATE)


# Values that give each calculator a result, by field id (every field here is visible in the
# calculator's default mode), and a value that makes it report a validation error.
VALID = {
    "response-rate": {"tk-response-rate-invited": "200", "tk-response-rate-answered": "150"},
    "representation-gap": {"tk-representation-gap-levels-1-level": "Whole organisation",
                           "tk-representation-gap-levels-1-professional": "40",
                           "tk-representation-gap-levels-1-intermediate": "25",
                           "tk-representation-gap-levels-1-lower": "30",
                           "tk-representation-gap-levels-1-not_known": "5"},
    "say-do-gap": {"tk-say-do-gap-teams-1-team": "Sales", "tk-say-do-gap-teams-1-inclusive_yes": "12",
                   "tk-say-do-gap-teams-1-inclusive_no": "5", "tk-say-do-gap-teams-1-inclusive_dont_know": "3",
                   "tk-say-do-gap-teams-1-programme_yes": "8", "tk-say-do-gap-teams-1-programme_no": "12"},
    "job-advert-checker": {"tk-job-advert-checker-text": (
        "Sales assistant. We are a dynamic, fast-paced team looking for a rockstar with a 2:1 degree and "
        "excellent communication skills. You must have a full driving licence. Salary: competitive.")},
    "class-pay-gap": {"tk-class-pay-gap-paste": "hourly pay,answer,level\n" + "".join(
        f"{pay},{answer},{level}\n" for level, base in (("Manager", 30), ("Staff", 14)) for answer in (1, 3, 5)
        for pay in (base, base + 1, base + 2, base + 3, base + 4, base + 5))},
}
