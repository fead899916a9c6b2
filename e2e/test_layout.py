"""Layout as people see it: no sideways scrolling at 320 px or at 200% zoom, the browser's own font
size honoured, prefers-contrast and prefers-reduced-motion, the print style, and screenshots at
375 px and 1280 px for a person to look at."""

from __future__ import annotations

import pytest

from conftest import PAGE_TYPES, make_chrome


def viewport(browser, width: int, height: int = 800) -> None:
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


OVERFLOW = """
const w = document.documentElement.clientWidth;
const wide = [...document.querySelectorAll('body *')].filter(e => {
  if (e.closest('.table-scroll')) return false;   // wide tables scroll inside their own box
  const r = e.getBoundingClientRect();
  return r.width > 0 && (r.right > w + 1 || r.left < -1) && getComputedStyle(e).position !== 'absolute';
}).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
return {scroll: document.documentElement.scrollWidth, width: w, wide};
"""


@pytest.mark.parametrize("mode", ["normal", "care"])
@pytest.mark.parametrize("width", [320, 640])  # 640: a 1280 px screen at 200% zoom
@pytest.mark.parametrize("kind", [k for k in PAGE_TYPES if k not in ("paged",)])
def test_no_horizontal_scrolling(kind, width, mode, page_url, browser):
    url = page_url(kind)
    viewport(browser, width)
    browser.get(url)
    browser.execute_script("localStorage.setItem('gongkai-care', arguments[0]);", "1" if mode == "care" else "0")
    browser.refresh()
    r = browser.execute_script(OVERFLOW)
    assert r["scroll"] <= r["width"], f"{url} at {width}px ({mode}): page is {r['scroll']}px wide: {r['wide']}"
    assert r["wide"] == []


def test_body_tables_scroll_instead_of_squeezing(site, browser):
    """At 320 px a wide table in a document keeps readable columns and scrolls inside its box."""
    viewport(browser, 320)
    checked = 0
    for path in site.html_files():
        if not path.startswith("documents/") or "<table>" not in (site.folder / path).read_text(encoding="utf-8"):
            continue
        browser.get(site.url(path))
        narrow = browser.execute_script("""
            return [...document.querySelectorAll('.doc-body td, .doc-body th')]
              .filter(c => c.getBoundingClientRect().width < 3 * parseFloat(getComputedStyle(c).fontSize))
              .map(c => c.textContent.slice(0, 10));""")
        assert narrow == [], f"{path}: squeezed table cells {narrow[:5]}"
        checked += 1
    assert checked > 0, "the example content has no document with a table"


def test_browser_font_size_is_honoured(page_url):
    """With the browser's default font size at 24 px instead of 16, the text grows by the same factor."""
    big = make_chrome(prefs={"webkit.webprefs.default_font_size": 24})
    try:
        big.get(page_url("document"))
        root = big.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)")
        body = big.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)")
        assert root == 24
        assert body == pytest.approx(24 * 1.0625)
        h1 = big.execute_script("return parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
        assert h1 == pytest.approx(24 * 1.75)
    finally:
        big.quit()


def test_prefers_contrast_and_reduced_motion(page_url, browser):
    browser.get(page_url("document"))
    normal = browser.execute_script("return getComputedStyle(document.body).color")
    body_text = browser.execute_script("return getComputedStyle(document.querySelector('.doc-body p')).color")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": [
        {"name": "prefers-contrast", "value": "more"}, {"name": "prefers-reduced-motion", "value": "reduce"}]})
    more = browser.execute_script("return getComputedStyle(document.body).color")
    assert normal == "rgb(26, 26, 26)"
    # The body is in the text colour, not the colour of the validity badge.
    assert body_text == normal
    assert more == "rgb(0, 0, 0)"
    link = browser.execute_script("return getComputedStyle(document.querySelector('main a')).color")
    assert link == "rgb(0, 51, 112)"
    assert browser.execute_script("return matchMedia('(prefers-reduced-motion: reduce)').matches")
    assert browser.execute_script("return getComputedStyle(document.querySelector('a')).transitionDuration") == "0s"


def test_print_style(page_url, browser):
    browser.get(page_url("attachment"))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print", "features": []})

    def shown(selector: str) -> bool:
        return browser.execute_script(
            "const e = document.querySelector(arguments[0]); return !!e && getComputedStyle(e).display !== 'none';",
            selector)

    for hidden in (".site-header", ".site-nav", ".breadcrumbs", ".site-footer", ".back-link", ".skip-link"):
        assert not shown(hidden), f"{hidden} is printed"
    for printed in ("h1", ".doc-meta", ".doc-body", ".attachments"):
        assert shown(printed), f"{printed} is not printed"
    rows = browser.execute_script("return getComputedStyle(document.querySelector('.doc-meta tr')).display")
    assert rows == "table-row"
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
    assert len(pdf["data"]) > 1000


SHOTS = ["home", "category", "document", "search"]


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("kind", SHOTS)
def test_screenshots(kind, width, page_url, browser, artifacts):
    url = page_url(kind)
    viewport(browser, width)
    browser.get(url)
    height = browser.execute_script("return Math.min(document.documentElement.scrollHeight, 6000)")
    viewport(browser, width, height)
    path = artifacts / f"{kind}-{width}.png"
    assert browser.save_screenshot(str(path))
    assert path.stat().st_size > 5000


@pytest.mark.parametrize("kind", ["home", "document"])
def test_screenshots_in_care_mode(kind, page_url, browser, artifacts):
    viewport(browser, 375)
    browser.get(page_url(kind))
    browser.execute_script("localStorage.setItem('gongkai-care', '1');")
    browser.refresh()
    height = browser.execute_script("return Math.min(document.documentElement.scrollHeight, 6000)")
    viewport(browser, 375, height)
    path = artifacts / f"{kind}-375-care.png"
    assert browser.save_screenshot(str(path))
