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
    # Printing the page opens the closed sections, so the printout has every table.
    assert page.locator("[data-tk-results] details:not([open])").count() > 0
    page.evaluate("() => dispatchEvent(new Event('beforeprint'))")
    assert page.locator("[data-tk-results] details:not([open])").count() == 0
    context.close()


CONTRAST = """() => {
    const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                                  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    let node = document.querySelector('figure.tk-figure'), bg = 'rgba(0, 0, 0, 0)';
    while (node && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg)) { bg = getComputedStyle(node).backgroundColor; node = node.parentElement; }
    if (/rgba\\(0, 0, 0, 0\\)|transparent/.test(bg)) bg = getComputedStyle(document.body).backgroundColor;
    const svg = document.querySelector('figure.tk-figure svg');
    return {
        bars: [...svg.querySelectorAll('rect.tk-chart__bar')].map(r => ratio(rgb(getComputedStyle(r).fill), rgb(bg))),
        text: [...svg.querySelectorAll('text')].map(t => ratio(rgb(getComputedStyle(t).fill), rgb(bg))),
        lines: [...svg.querySelectorAll('.tk-chart__whisker line, line.tk-chart__reference')].map(l => ratio(rgb(getComputedStyle(l).stroke), rgb(bg))),
    };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_colours_meet_contrast_in_light_and_dark_mode(chromium, server, scheme):
    """Bars, whiskers and the benchmark line at least 3:1 against the page (WCAG 1.4.11), chart text
    at least 4.5:1 (1.4.3), in the scheme the reader chose."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(30000)
    page.goto(server.url + f"calculators/{ID}/")
    wait_ready(page)
    if scheme == "dark":  # Material follows the reader's preference once its palette is set to follow it
        page.evaluate("""() => { document.body.setAttribute('data-md-color-scheme', 'slate'); }""")
    page.check(f"#tk-{ID}-source-3")
    page.fill(f"#tk-{ID}-paste", PASTED)
    assert calculate(page, ROOT) == "result"
    m = page.evaluate(CONTRAST)
    assert m["bars"] and min(m["bars"]) >= 3, m
    assert min(m["lines"]) >= 3, m
    assert min(m["text"]) >= 4.5, m
    context.close()


def test_other_calculators_lead_with_their_key_figures_through_the_same_renderer(browse):
    """The response rate: 150 of 200 invited = 75%, Wilson 95% interval 68.6% to 80.5% by hand
    (centre (0.75 + 1.9208/200) / 1.019208 = 0.7453, half 1.96 x sqrt(0.0009375 + 0.0000240) / 1.019208 = 0.0596)."""
    page, rec, server = browse
    page.goto(server.url + "calculators/response-rate/")
    wait_ready(page)
    page.fill("#tk-response-rate-invited", "200")
    page.fill("#tk-response-rate-answered", "150")
    assert calculate(page, "#tk-response-rate") == "result"
    figure = page.locator(".tk-key-figure")
    assert figure.count() == 1
    assert figure.locator(".tk-key-figure__value").inner_text() == "75%"
    assert figure.locator(".tk-key-figure__interval").inner_text() == "95% interval: 68.6% to 80.5%"
    assert "Of the 200 people you invited" in figure.inner_text()
    # Key figures come first; without findings to lead with, the summary and tables stay open.
    order = page.evaluate("() => [...document.querySelectorAll('.tk-key-figures, .tk-summary, details')].map(e => e.className || e.tagName)")
    assert order[:2] == ["tk-key-figures", "tk-summary"]
    assert page.locator("#tk-response-rate-table-rate").is_visible()
    rec.assert_private("http://127.0.0.1:")
