"""Every page type loads (HTTP 200), without console errors, with the structure assistive
technology relies on, within the page-weight budget, and with nothing from another host."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest

from conftest import PAGE_TYPES, http_get, severe_console_messages

#: Per-page budget of the site's own CSS and JavaScript, uncompressed (the search page's own
#: client script is not counted in the JS budget: it is that page's feature).
CSS_BUDGET = 20 * 1024
JS_BUDGET = 10 * 1024

STRUCTURE = """
const hs = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]);
const skips = [];
for (let i = 1; i < hs.length; i++) if (hs[i] > hs[i-1] + 1) skips.push(`h${hs[i-1]}→h${hs[i]}`);
const tables = [...document.querySelectorAll('table')];
return {
  lang: document.documentElement.lang,
  title: document.title,
  h1: document.querySelectorAll('h1').length,
  first: hs[0] || 0,
  skips,
  main: document.querySelectorAll('main').length,
  banner: document.querySelectorAll('body > header').length,
  contentinfo: document.querySelectorAll('body > footer').length,
  nav: document.querySelectorAll('nav[aria-label], nav[aria-labelledby]').length,
  skipLink: (() => { const a = document.querySelector('body a'); return a ? a.getAttribute('href') : null; })(),
  // The templates' tables have captions; tables an editor writes in Markdown cannot (GFM has no
  // caption syntax), so only header cells are required of them.
  tablesWithoutCaption: tables.filter(t => !t.closest('.doc-body') && (!t.caption || !t.caption.textContent.trim())).length,
  tablesWithoutHeaders: tables.filter(t => !t.querySelector('th')).length,
};
"""


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_loads_without_errors(kind, page_url, browser):
    url = page_url(kind)
    status, body, headers = http_get(url)
    # docs/deploy/nginx.conf keeps /404.html internal: asked for directly it is a 404 answer, as for any missing path.
    expected = 404 if kind == "404" else 200
    assert status == expected, f"{url}: HTTP {status}"
    assert headers.get("Content-Type", "").startswith("text/html")
    browser.get(url)
    ignore = url if kind == "404" else None
    assert severe_console_messages(browser, ignore_url=ignore) == [], f"console errors on {url}"
    s = browser.execute_script(STRUCTURE)
    assert s["lang"] == "zh-CN"
    assert s["title"].strip()
    assert s["h1"] == 1, f"{url}: {s['h1']} h1 elements"
    assert s["first"] == 1, f"{url}: the first heading is h{s['first']}"
    assert s["skips"] == [], f"{url}: heading levels skip: {s['skips']}"
    assert (s["main"], s["banner"], s["contentinfo"]) == (1, 1, 1)
    assert s["nav"] >= 1
    assert s["skipLink"] == "#main"
    assert s["tablesWithoutCaption"] == 0
    assert s["tablesWithoutHeaders"] == 0


def test_missing_path_gets_the_chinese_404_page(site, browser):
    url = site.url("no/such/folder/page.html")
    status, body, _ = http_get(url)
    assert status == 404
    text = body.decode("utf-8")
    assert "<h1>页面未找到</h1>" in text
    browser.get(url)
    # Its links start at base_url's path, so the stylesheet and the way home work at any depth.
    assert severe_console_messages(browser, ignore_url=url) == []
    header = browser.execute_script(
        "return getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert header not in ("rgba(0, 0, 0, 0)", "transparent"), "site.css did not load on the 404 page"
    home = browser.find_element("css selector", "main a[href$='index.html']")
    home.click()
    assert browser.execute_script("return document.querySelector('h1').textContent") == \
        browser.execute_script("return document.querySelector('.site-title a').textContent")


class ResourceLinks(HTMLParser):
    """URLs a page loads by itself (not the links a person may follow)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed", "track") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical", "alternate"):
            self.urls.append(a["href"])
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"])
        if a.get("style") and "url(" in a["style"]:
            self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", a["style"])


def test_nothing_is_loaded_from_another_host(site):
    offenders = []
    for path in site.html_files():
        parser = ResourceLinks()
        parser.feed((site.folder / path).read_text(encoding="utf-8"))
        for u in parser.urls:
            if urlparse(u).scheme or u.startswith("//"):
                offenders.append(f"{path}: {u}")
    for css in site.folder.rglob("*.css"):
        for u in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if urlparse(u).scheme or u.startswith("//"):
                offenders.append(f"{css.name}: {u}")
        for u in re.findall(r"@import\s+['\"]([^'\"]+)", css.read_text(encoding="utf-8")):
            offenders.append(f"{css.name}: @import {u}")
    assert offenders == []


RESOURCES = "return performance.getEntriesByType('resource').map(e => e.name);"


class PageAssets(HTMLParser):
    """Stylesheets and scripts a page links."""

    def __init__(self):
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.css.append(a["href"])
        if tag == "script" and a.get("src"):
            self.js.append(a["src"])


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_weight_budget_and_same_origin(kind, page_url, browser):
    url = page_url(kind)
    browser.get(url)
    origin = "{0.scheme}://{0.netloc}".format(urlparse(url))
    foreign = [r for r in browser.execute_script(RESOURCES) if not r.startswith(origin)]
    assert foreign == [], "loaded from another host"
    status, body, _ = http_get(url)
    assets = PageAssets()
    assets.feed(body.decode("utf-8"))
    inline = len(re.findall(rb"<style|<script>|<script(?![^>]*\bsrc=)", body))
    assert inline == 0, "inline styles or scripts (kept out so a strict Content-Security-Policy works)"

    def size(href: str) -> int:
        s, b, _ = http_get(urljoin(url, href))
        assert s == 200, f"{href}: HTTP {s}"
        return len(b)

    css = sum(size(h) for h in assets.css)
    js_urls = assets.js if kind != "search" else [h for h in assets.js if h.endswith("assets/site.js")]
    js = sum(size(h) for h in js_urls)
    print(f"{kind}: CSS {css} B, JS {js} B")
    assert assets.css, "no stylesheet"
    assert css <= CSS_BUDGET, f"CSS {css} B > {CSS_BUDGET} B on {url}"
    assert js <= JS_BUDGET, f"JS {js} B > {JS_BUDGET} B on {url}"


def test_documents_are_fully_readable_without_javascript(page_url, browser):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        for kind in ("document", "attachment", "category", "home"):
            browser.get(page_url(kind))
            assert browser.find_element("css selector", "h1").is_displayed()
            main = browser.find_element("css selector", "main").text
            assert len(main) > 50, f"{kind}: main has almost no text without JavaScript"
            # The 长辈模式 toggle needs JavaScript: without it, it is not shown at all.
            assert not browser.find_element("css selector", "[data-care-toggle]").is_displayed()
        browser.get(page_url("attachment"))
        assert browser.find_element("css selector", ".doc-meta").is_displayed()
        assert browser.find_element("css selector", ".attachments a").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
