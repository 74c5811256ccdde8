"""Results people can read, measured in a real Chromium: the representation gap's ladder chart
fills the content width and its text is at least 12 CSS pixels at 320 px and at 1280 px; the page
gives the results its full width (the side navigation and contents step aside); and at 320 px the
page does not scroll sideways."""
from __future__ import annotations

import pytest

from browserkit import calculate, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ID = "representation-gap"
ROOT = f"#tk-{ID}"
# Five levels with long names, as real grade tables have, so labels must fit at 320 px.
PASTED = ("Level\tProfessional\tIntermediate\tLower\tNot known\n"
          "Executive leadership team\t60\t25\t15\t20\n"
          "Directors and heads of department\t90\t40\t30\t10\n"
          "Senior managers\t120\t60\t70\t15\n"
          "Managers\t150\t90\t120\t30\n"
          "Entry-level staff\t200\t160\t280\t50\n")

MEASURE = """() => {
    const svg = document.querySelector('figure.tk-figure svg');
    const content = document.querySelector('.md-content__inner');
    const texts = [...svg.querySelectorAll('text')];
    const scale = svg.getScreenCTM().a;  // CSS pixels per SVG unit
    const sidebar = document.querySelector('.md-sidebar--primary');
    return {
        svg: svg.getBoundingClientRect().width,
        content: content.clientWidth - parseFloat(getComputedStyle(content).paddingLeft) - parseFloat(getComputedStyle(content).paddingRight),
        smallest: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
        labels: texts.length,
        overflow: texts.filter(t => { const r = t.getBoundingClientRect(), s = svg.getBoundingClientRect();
                                      return r.left < s.left - 1 || r.right > s.right + 1; }).map(t => t.textContent),
        scrollWidth: document.documentElement.scrollWidth,
        sidebar: sidebar ? getComputedStyle(sidebar).display : 'none',
        contentWidth: content.getBoundingClientRect().width,
    };
}"""


@pytest.mark.parametrize("width", [320, 1280])
def test_the_ladder_chart_fills_the_content_width_with_labels_of_at_least_12_px(chromium, server, width):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30000)
    page.goto(server.url + f"calculators/{ID}/")
    wait_ready(page)
    if width >= 1220:
        assert page.evaluate("getComputedStyle(document.querySelector('.md-sidebar--primary')).display") != "none"
        before = page.evaluate("document.querySelector('.md-content__inner').getBoundingClientRect().width")
    page.check(f"#tk-{ID}-source-3")
    page.fill(f"#tk-{ID}-paste", PASTED)
    assert calculate(page, ROOT) == "result"
    page.wait_for_timeout(300)  # a redraw at the new width, if the width changed
    m = page.evaluate(MEASURE)
    assert m["svg"] >= 0.95 * m["content"] and m["svg"] <= m["content"] + 1, m
    assert m["smallest"] >= 12, m
    assert m["labels"] >= 2 * 5 + 1  # a label and a value for each level, and the benchmark's label
    assert not m["overflow"], m  # no label runs out of the chart
    assert m["scrollWidth"] <= width, m
    if width >= 1220:
        # With results on screen, the side navigation steps aside and the content widens.
        assert m["sidebar"] == "none" and m["contentWidth"] > before + 100, (m, before)
        assert m["svg"] >= 800, m
    context.close()
