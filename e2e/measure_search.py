"""Not a test: search transfer and latency in headless Chromium against a built site served by nginx.

    python3 e2e/measure_search.py SITE_DIR 查询 …

For each query: a fresh browser (empty cache) opens the search page with ?q= (cold: bytes
transferred for page, client and index parts, as Chromium's Resource Timing reports them, i.e.
after nginx's gzip), then the same browser submits the query again from the form and a second
query (warm: milliseconds from submit to data-total).
"""
import os, socket, subprocess, sys, tempfile, time, urllib.parse
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

NGINX = """user {user}; pid {d}/nginx.pid; error_log {d}/error.log; daemon off; worker_processes 1;
events {{}}
http {{ include /etc/nginx/mime.types; access_log off;
  client_body_temp_path {d}; proxy_temp_path {d}; fastcgi_temp_path {d}; uwsgi_temp_path {d}; scgi_temp_path {d};
  gzip on; gzip_comp_level 6; gzip_types application/json application/javascript text/css application/octet-stream;
  server {{ listen 127.0.0.1:{port}; root {root}; }} }}"""

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


def main():
    site, queries = os.path.abspath(sys.argv[1]), sys.argv[2:]
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    d = tempfile.mkdtemp()
    open(f"{d}/nginx.conf", "w").write(NGINX.format(d=d, port=port, root=site, user="root" if os.getuid() == 0 else "nobody"))
    nginx = subprocess.Popen(["nginx", "-c", f"{d}/nginx.conf", "-p", d])
    time.sleep(0.5)
    base = f"http://127.0.0.1:{port}/search/index.html"
    try:
        for q in queries:
            drv = browser()
            try:
                drv.get(base + "?q=" + urllib.parse.quote(q))
                WebDriverWait(drv, 60).until(lambda x: x.find_element(By.CSS_SELECTOR, "[data-search-results]").get_attribute("data-query") == q)
                total = drv.find_element(By.CSS_SELECTOR, "[data-search-results]").get_attribute("data-total")
                cold = drv.execute_script("return performance.getEntriesByType('resource').reduce((n, e) => n + e.transferSize, 0)"
                                          " + performance.getEntriesByType('navigation')[0].transferSize")
                warm = [drv.execute_async_script(SUBMIT, w) for w in ["政务公开", q + " "]]
                print(f"{q}\t{total} hits\tcold transfer {cold / 1024:.1f} KB\twarm: other query {warm[0][0]:.0f} ms, "
                      f"this query again {warm[1][0]:.0f} ms ({warm[1][2] / 1024:.1f} KB)", flush=True)
            finally:
                drv.quit()
    finally:
        nginx.terminate(); nginx.wait()


if __name__ == "__main__":
    main()
