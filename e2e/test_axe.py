"""axe-core (axe-selenium-python 3.x, axe-core 4.10) finds no serious or critical violation on any
page type, in the normal mode and in 长辈模式 (适老化 / 无障碍 mode). Lesser findings are printed."""

from __future__ import annotations

import pytest
from axe_selenium_python import Axe

from conftest import PAGE_TYPES

#: WCAG 2.0/2.1 A and AA rules plus axe's best practices.
OPTIONS = '{"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}'


def set_care_mode(browser, on: bool) -> None:
    browser.execute_script("localStorage.setItem('gongkai-care', arguments[0]);", "1" if on else "0")
    browser.refresh()
    assert browser.execute_script("return document.documentElement.classList.contains('care')") is on


@pytest.mark.parametrize("mode", ["normal", "care"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_serious_accessibility_violations(kind, mode, page_url, browser):
    browser.get(page_url(kind))
    set_care_mode(browser, mode == "care")
    axe = Axe(browser)
    axe.inject()
    results = axe.run(options=OPTIONS)
    assert results["testEngine"]["version"].startswith("4.10"), results["testEngine"]
    assert results["passes"], "axe ran no rule"
    serious = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    minor = [f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in results["violations"] if v not in serious]
    if minor:
        print(f"{kind}/{mode}: lesser findings: {', '.join(minor)}")
    assert serious == [], axe.report(serious)


def test_axe_reports_what_it_should(page_url, browser):
    """axe really runs: an image without alt text on a page is reported as critical."""
    browser.get(page_url("home"))
    browser.execute_script("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"assets/favicon.svg\">');")
    axe = Axe(browser)
    axe.inject()
    results = axe.run(options=OPTIONS)
    assert "image-alt" in [v["id"] for v in results["violations"] if v["impact"] == "critical"]
