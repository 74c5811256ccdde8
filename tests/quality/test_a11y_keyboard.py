"""Keyboard-only use of every calculator, and reflow at 320 CSS px (WCAG 2.1.1, 2.4.3, 2.4.7,
2.4.11, 1.4.10, 3.3.1).

With the keyboard alone, a visitor skips to the content, tabs to every control of the form with
the focus visible each time, submits, lands on the error summary, follows its first link to the
field, fills in the form, submits again and reaches the results. At 320 CSS px wide, no page and
no calculator result scrolls sideways, and no text runs off the screen (data tables may scroll
inside their own keyboard-reachable region)."""
from __future__ import annotations

import pytest

from qualitykit import CALCULATORS, VALID, axe_source, describe, html_pages, run_axe, wait_state

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '', type: el.type || '',
    text: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 60),
    inForm: !!el.closest('[data-tk-form]'), inResults: !!el.closest('[data-tk-results]'),
    submit: el.matches('[data-tk-submit]'), summary: el.matches('[data-tk-error-summary]'),
    results: el.matches('[data-tk-results]'), skip: el.matches('.md-skip'), href: el.getAttribute('href') || '',
    focusVisible: el.matches(':focus-visible'),
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
    inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
  };
}"""
CONTROLS = """() => [...document.querySelectorAll('[data-tk-form] :is(input, select, textarea, button)')]
  .filter(el => !el.disabled && el.checkVisibility() && el.getBoundingClientRect().width > 0)
  .map(el => el.type === 'radio' ? 'radio:' + el.name : el.id || el.textContent.trim())"""
RESULT_FOCUSABLES = """() => [...document.querySelectorAll('[data-tk-results] :is(a[href], button, input, select, textarea, [tabindex="0"])')]
  .filter(el => el.checkVisibility()).length"""
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
  const text = [...document.querySelectorAll('main :is(p, li, h1, h2, h3, h4, h5, h6, dt, dd, label, legend, blockquote, figcaption, caption, summary, pre)')]
    .filter(el => el.checkVisibility() && el.getBoundingClientRect().width > 0)
    .filter(el => el.getBoundingClientRect().right > width + 1 && !scrolls(el))
    .map(el => el.tagName.toLowerCase() + ': ' + el.textContent.trim().slice(0, 50));
  return {page: document.documentElement.scrollWidth, width, text};
}"""


def focus_problem(f: dict) -> str | None:
    if not f["inView"]:
        return "is not on screen"
    if f["skip"]:
        return None  # Material's skip link is shown, in its own colours, when it has focus
    if not (f["focusVisible"] and f["outline"]):
        return "has no visible focus indicator (expected a 2px or thicker outline)"
    return None


def tab(page, key="Tab") -> dict | None:
    page.keyboard.press(key)
    return page.evaluate(FOCUS)


def key_of(f: dict) -> str:
    return "radio:" + f["name"] if f["type"] == "radio" else f["id"] or f["text"]


@pytest.fixture(scope="module")
def keyboard_context(chromium):
    context = chromium.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.mark.parametrize("calculator", CALCULATORS)
def test_keyboard_only_from_skip_link_to_errors_to_results(keyboard_context, server, calculator):
    page = keyboard_context.new_page()
    page.set_default_timeout(60000)
    page.goto(server.url + f"calculators/{calculator}/")
    assert wait_state(page, ("ready", "failed")) == "ready"
    problems = []

    first = tab(page)
    assert first and first["skip"], f"the first Tab should reach the skip link, not {first}"
    assert focus_problem(first) is None, focus_problem(first)
    page.keyboard.press("Enter")

    # 1. Tab through the content to the submit button, checking the focus at every stop.
    reached = []
    for _ in range(400):
        f = tab(page)
        assert f is not None, f"focus fell back to the page body after {reached[-3:]}"
        if problem := focus_problem(f):
            problems.append(f"{f['tag']}#{f['id']} “{f['text']}” {problem}")
        reached.append(key_of(f))
        if f["submit"]:
            break
    else:
        pytest.fail(f"Tab never reached the Calculate button; last stops: {reached[-5:]}")
    controls = page.evaluate(CONTROLS)
    missed = [c for c in controls if c not in reached and c != "Stop the calculation"]
    assert not missed, f"Tab did not reach these controls: {missed}"
    assert not problems, "\n".join(problems)

    # 2. Submit the empty form: focus lands on the error summary; its first link leads to the field.
    page.keyboard.press("Enter")
    assert wait_state(page, ("errors", "result")) == "errors"
    f = page.evaluate(FOCUS)
    assert f and f["summary"], f"focus should be on the error summary, not {f}"
    link = tab(page)
    assert link["tag"] == "a" and link["href"].startswith("#"), f"the first Tab after the summary should reach an error link, not {link}"
    assert focus_problem(link) is None, focus_problem(link)
    page.keyboard.press("Enter")
    field = page.evaluate(FOCUS)
    assert field and "#" + field["id"] == link["href"], f"the error link should move focus to {link['href']}, not {field}"

    # 3. Fill in the form with the keyboard from there, submit, and reach the results.
    values, typed = dict(VALID[calculator]), []
    f = field
    for _ in range(400):
        if f["id"] in values:
            page.keyboard.type(values.pop(f["id"]))
            typed.append(f["id"])
        if f["submit"]:
            break
        f = tab(page)
        if problem := focus_problem(f):
            problems.append(f"{f['tag']}#{f['id']} “{f['text']}” {problem}")
    assert not values, f"these fields come before the first error link, so the keyboard pass missed them: {list(values)}"
    page.keyboard.press("Enter")
    assert wait_state(page, ("errors", "result")) == "result", page.locator("[data-tk-error-summary]").inner_text()
    f = page.evaluate(FOCUS)
    assert f and f["results"], f"focus should move to the results, not {f}"
    if page.evaluate(RESULT_FOCUSABLES):
        inside = tab(page)
        assert inside and inside["inResults"], f"Tab from the results heading should stay in the results, not {inside}"
        assert focus_problem(inside) is None, focus_problem(inside)
    assert not problems, "\n".join(problems)
    page.close()


@pytest.fixture(scope="module")
def narrow(chromium):
    context = chromium.new_context(service_workers="block", viewport={"width": 320, "height": 640})
    yield context
    context.close()


def test_every_page_reflows_at_320_css_pixels_and_passes_axe_there(narrow, server, real_site):
    page, axe_js = narrow.new_page(), axe_source()
    overflow, found = [], []
    pages = [rel for rel in html_pages(real_site) if rel != "404.html"]
    for rel in pages:
        page.goto(server.url + rel)
        o = page.evaluate(OVERFLOW)
        if o["page"] > o["width"] or o["text"]:
            overflow.append(f"/{rel}: page {o['page']}px wide in a {o['width']}px window; text off screen: {o['text'][:5]}")
        found += describe(run_axe(page, axe_js), f"/{rel} [320px]")
    page.close()
    assert not overflow, "\n".join(overflow)
    assert not found, f"{len(found)} axe violations at 320 CSS px:\n" + "\n".join(found[:60])


@pytest.mark.parametrize("calculator", CALCULATORS)
def test_calculator_errors_and_results_reflow_at_320_css_pixels(narrow, server, calculator):
    page, axe_js = narrow.new_page(), axe_source()
    page.set_default_timeout(60000)
    page.goto(server.url + f"calculators/{calculator}/")
    assert wait_state(page, ("ready", "failed")) == "ready"
    report = []
    page.click("[data-tk-submit]")
    assert wait_state(page, ("errors", "result")) == "errors"
    for field, value in VALID[calculator].items():
        page.fill(f"#{field}", value)
    report.append(("errors", page.evaluate(OVERFLOW)))
    page.click("[data-tk-submit]")
    assert wait_state(page, ("errors", "result")) == "result"
    report.append(("result", page.evaluate(OVERFLOW)))
    found = describe(run_axe(page, axe_js), f"{calculator}: result [320px]")
    page.close()
    bad = [f"{state}: page {o['page']}px wide in {o['width']}px; text off screen: {o['text'][:5]}" for state, o in report
           if o["page"] > o["width"] or o["text"]]
    assert not bad, "\n".join(bad)
    assert not found, "\n".join(found)
