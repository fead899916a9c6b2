"""Not a test: search transfer and latency in headless Chromium against a built site served by nginx.

    python3 e2e/measure_search.py SITE_DIR 查询 …

The site is served by nginx with the project's documented config (docs/deploy/nginx.conf, through
e2e/nginx_support.py), as in production.

For each query: a fresh browser (empty cache) opens the search page with ?q= (cold: bytes
transferred for page, client and index parts, as Chromium's Resource Timing reports them, i.e.
after nginx's gzip), then submits other queries and this one again from the form (warm: milliseconds from submit to
data-total), then opens the filter panel and each of its groups (bytes each adds: that facet's
column, once).
"""
import os, statistics, sys, tempfile, urllib.parse
from pathlib import Path
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

SUBMIT = """
const [q, done] = [arguments[0], arguments[arguments.length - 1]];
const list = document.querySelector('[data-search-results]');
const input = document.querySelector('[data-search-input]');
const start = performance.now();
const seen = performance.getEntriesByType('resource').length;
new MutationObserver((m, o) => {
  if (list.getAttribute('data-total') !== null && list.getAttribute('data-query') === q) {
    o.disconnect();
    const bytes = performance.getEntriesByType('resource').slice(seen).reduce((n, e) => n + e.transferSize, 0);
    done([performance.now() - start, +list.getAttribute('data-total'), bytes]);
  }
}).observe(list, {attributes: true});
input.value = q;
document.querySelector('[data-search-form]').requestSubmit();
"""


def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage"]:
        o.add_argument(a)
    d = webdriver.Chrome(service=webdriver.ChromeService("/usr/bin/chromedriver"), options=o)
    d.set_script_timeout(60)
    return d


TRANSFER = ("return performance.getEntriesByType('resource').reduce((n, e) => n + e.transferSize, 0)"
            " + performance.getEntriesByType('navigation')[0].transferSize")


def main():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from nginx_support import Nginx
    site, queries = Path(sys.argv[1]).resolve(), sys.argv[2:]
    warm_queries = ["政务公开", "补贴", "实施意见", "办法"]
    with Nginx(site, Path(tempfile.mkdtemp())) as server:
        base = server.url("/search/index.html")
        print("query\thits\tcold KB\tKB on opening each filter group (category/issuer/year/validity/topic)\t"
              "warm ms (median of other queries, this one again)", flush=True)
        for q in queries:
            drv = browser()
            try:
                drv.get(base + "?q=" + urllib.parse.quote(q))
                WebDriverWait(drv, 60).until(lambda x: x.find_element(By.CSS_SELECTOR, "[data-search-results]").get_attribute("data-query") == q)
                total = drv.find_element(By.CSS_SELECTOR, "[data-search-results]").get_attribute("data-total")
                cold = drv.execute_script(TRANSFER)
                warm = [drv.execute_async_script(SUBMIT, w)[0] for w in warm_queries if w != q]
                again = drv.execute_async_script(SUBMIT, q + " ")
                drv.find_element(By.CSS_SELECTOR, "details.search-facets summary").click()
                groups = []
                for k, summary in enumerate(drv.find_elements(By.CSS_SELECTOR, ".search-facet-group summary")):
                    before = drv.execute_script(TRANSFER)
                    summary.click()
                    WebDriverWait(drv, 60).until(lambda x: len(x.find_elements(By.CSS_SELECTOR, ".search-facet")) == k + 1)
                    groups.append((drv.execute_script(TRANSFER) - before) / 1024)
                facets = "/".join(f"{g:.1f}" for g in groups)
                print(f"{q}\t{total}\t{cold / 1024:.1f}\t{facets}\t"
                      f"{statistics.median(warm):.0f} ms (max {max(warm):.0f}), {again[0]:.0f} ms", flush=True)
            finally:
                drv.quit()


if __name__ == "__main__":
    main()
