"""Results that lead with what matters: the representation gap's key figures (each with its
interval, hand-checked), at most three findings with links, the chart's interval whiskers, and
the one-page board report (what it holds, links to guidance, greys only, hidden figures hidden).
Also the change statistics (Newcombe's interval against his published example)."""
from __future__ import annotations

import math
import re
from html import escape
from pathlib import Path

import pytest
import yaml

from calculators.shared.change import difference_interval, two_proportion_test
from calculators.representation.spec import SPEC
from calculators.core.result import MAX_FINDINGS, SUPPRESSED
from calculators.core.spec import run

ROOT = Path(__file__).resolve().parent.parent
CONTENT = {
    "seb": yaml.safe_load((ROOT / "content/data/seb_question.yml").read_text(encoding="utf-8"))["seb"],
    "benchmarks": yaml.safe_load((ROOT / "content/data/benchmarks.yml").read_text(encoding="utf-8"))["benchmarks"],
}
UK = next(b for b in CONTENT["benchmarks"] if b.get("default"))
UK_LOWER = UK["shares"]["lower"]
Z = 1.959963984540054

LEVELS = [  # professional, intermediate, lower, not known
    {"level": "Senior leaders", "professional": 40, "intermediate": 12, "lower": 11, "not_known": 5},
    {"level": "Managers", "professional": 60, "intermediate": 30, "lower": 30, "not_known": 10},
    {"level": "Staff", "professional": 100, "intermediate": 80, "lower": 120, "not_known": 40},
]


def calc(values: dict) -> dict:
    out = run(SPEC, values, CONTENT)
    assert out["ok"], out
    return out["result"]


def wilson(x: int, n: int) -> tuple[float, float]:
    """The Wilson score interval in percent, from its textbook formula."""
    p = x / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return 100 * (centre - half), 100 * (centre + half)


def figures(res: dict) -> dict:
    return {f["id"]: f for f in res["key_figures"]}


def test_newcombes_interval_matches_his_published_example():
    # Newcombe (1998), Statistics in Medicine 17:873, table II, example (a): 56/70 - 48/80,
    # method 10 (score interval, no continuity correction): 0.0524 to 0.3339.
    low, high = difference_interval(56, 70, 48, 80)
    assert (round(low, 4), round(high, 4)) == (0.0524, 0.3339)


def test_two_proportion_test_by_hand():
    # 56/70 = 0.8, 48/80 = 0.6; pooled 104/150 = 0.69333; se = sqrt(0.69333 x 0.30667 x (1/70 + 1/80))
    # = sqrt(0.0056952) = 0.075467; z = 0.2 / 0.075467 = 2.650; two-sided p = erfc(2.650 / sqrt 2) = 0.0080.
    pooled = 104 / 150
    z = 0.2 / math.sqrt(pooled * (1 - pooled) * (1 / 70 + 1 / 80))
    assert round(z, 3) == 2.650
    assert two_proportion_test(56, 70, 48, 80) == pytest.approx(math.erfc(z / math.sqrt(2)))
    assert round(two_proportion_test(56, 70, 48, 80), 4) == 0.0080
    assert two_proportion_test(0, 10, 0, 20) == 1.0  # nobody either year: no evidence of change


def test_key_figures_by_hand():
    res = calc({"source": "form", "levels": LEVELS})
    f = figures(res)
    assert list(f) == ["lower-share", "missing", "progression-gap", "known-rate"]
    # Everyone: known 63 + 120 + 300 = 483, lower 11 + 30 + 120 = 161 = 33.3%.
    low, high = wilson(161, 483)
    assert (f["lower-share"]["value"], f["lower-share"]["interval"]) == (33.3, [round(low, 1), round(high, 1)])
    assert f["lower-share"]["unit"] == "%" and f"{UK_LOWER:g}%" in f["lower-share"]["compare"]
    # Missing: UK share x 483 - 161, to the nearest person; its interval from the share's ends.
    def missing(share):
        return max(0, math.floor((UK_LOWER - share) / 100 * 483 + 0.5))
    assert f["missing"]["value"] == missing(100 * 161 / 483)
    assert f["missing"]["interval"] == [missing(round(high, 1)), missing(round(low, 1))]
    # Progression: entry (Staff) 120/300 = 40% minus top (Senior leaders) 11/63 = 17.46%: 22.5 points.
    (l1, u1), (l2, u2) = wilson(120, 300), wilson(11, 63)
    p1, p2 = 40, 100 * 11 / 63
    d = p1 - p2
    assert f["progression-gap"]["value"] == round(d, 1) == 22.5
    assert f["progression-gap"]["interval"] == [round(d - math.hypot(p1 - l1, u2 - p2), 1), round(d + math.hypot(u1 - p1, p2 - l2), 1)]
    # Known-answer rate: 483 of 483 + 5 + 10 + 40 = 538 who answered.
    low, high = wilson(483, 538)
    assert (f["known-rate"]["value"], f["known-rate"]["interval"]) == (round(100 * 483 / 538, 1), [round(low, 1), round(high, 1)])
    for figure in f.values():
        assert figure["meaning"] and "\n" not in figure["meaning"]


def test_at_most_three_findings_each_with_a_link_and_the_order_of_levels_leads():
    res = calc({"source": "paste", "paste": "level,professional,intermediate,lower,not_known\nAsh,40,12,11,5\nElm,100,80,120,40\n"})
    assert 1 <= len(res["key_findings"]) <= MAX_FINDINGS == 3
    assert all(s["links"] for s in res["key_findings"])
    assert res["lead"] and res["lead"][0] == res["summary"][0]  # which level is the top, still first
    assert res["lead"][0]["text"].startswith("Check the order of your levels")


def test_hidden_figures_stay_hidden_in_the_key_figures():
    # Everyone's known answers are 15 + 4 + 3: lower (3) is under 10, so the share is hidden.
    res = calc({"source": "form", "levels": [{"level": "Board", "professional": 15, "intermediate": 4, "lower": 3, "not_known": 2}]})
    f = figures(res)
    assert f["lower-share"]["value"] == SUPPRESSED and f["lower-share"]["interval"] is None
    assert "missing" not in f  # nothing to count from a hidden share


def test_the_chart_carries_each_shown_shares_interval():
    res = calc({"source": "form", "levels": LEVELS})
    ladder = next(c for c in res["charts"] if c["id"] == "ladder")
    series = ladder["series"][0]
    for i, (x, n) in enumerate([(11, 63), (30, 120), (120, 300)]):
        low, high = wilson(x, n)
        assert (series["low"][i], series["high"][i]) == (round(low, 1), round(high, 1))
        assert series["low"][i] <= series["values"][i] <= series["high"][i]


def report(res: dict) -> str:
    return next(d for d in res["downloads"] if d["filename"] == "representation-gap-board-report.html")["text"]


def test_the_board_report_holds_what_the_board_needs():
    res = calc({"source": "form", "levels": LEVELS, "data_date": "March 2026"})
    html = report(res)
    assert "Date of the data: March 2026" in html
    assert UK["date"] in html and UK["source"]["url"] in html  # the benchmark's date and source
    for f in res["key_figures"]:
        assert escape(f["label"]) in html and escape(f["meaning"]) in html
    assert "33.3%" in html and "22.5 points" in html
    for s in res["key_findings"]:
        assert escape(s["text"]) in html
    assert 'href="intervention:measure-the-progression-gap"' in html  # the page turns these into the guide's address
    assert "Wilson" in html and "To protect privacy" in html  # the method, and Senior leaders' 5 not known are hidden
    assert "<svg" in html and 'class="whisker"' in html and 'class="reference"' in html
    assert "<script" not in html.lower() and not re.search(r"""(?:src|@import|url\()\s*=?\s*["']?https?:""", html)
    assert report(calc({"source": "form", "levels": LEVELS})).count("Date of the data: not given") == 1


def test_the_board_report_reads_in_black_and_white():
    html = report(calc({"source": "form", "levels": LEVELS}))
    colours = re.findall(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b", html)
    assert colours
    for c in colours:
        c = "".join(ch * 2 for ch in c) if len(c) == 3 else c
        r, g, b = (int(c[i:i + 2], 16) for i in (0, 2, 4))
        assert r == g == b, f"#{c} is not a grey"
    assert not re.search(r"rgb|hsl|\b(?:red|green|blue|orange|purple)\b", re.sub(r"<li>.*?</li>|<p>.*?</p>", "", html))


def test_the_board_report_hides_what_the_screen_hides():
    levels = [*LEVELS[:1], {"level": "Heads", "professional": 40, "intermediate": 12, "lower": 6, "not_known": 4}, *LEVELS[1:]]
    res = calc({"source": "form", "levels": levels})
    html = report(res)
    chart = html[html.index("<svg"):html.index("</svg>")]
    row = re.search(r">Heads</text>(.*?)</text>", chart).group(1)
    assert "hidden: small number" in row
    ladder = next(c for c in res["charts"] if c["id"] == "ladder")
    assert ladder["series"][0]["values"][1] is None and ladder["series"][0]["low"][1] is None
