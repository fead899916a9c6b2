"""Session fixtures of the end-to-end suite: the built gongkai binary, an nginx that serves a built
site on 127.0.0.1 with the documented docs/deploy/nginx.conf (both from nginx_support), a headless
Chromium driven by Selenium, and the example portal built from the repository's content/.

Environment:
  GONGKAI_BIN, GONGKAI_CONTENT, NGINX   see nginx_support
  E2E_ARTIFACTS    where screenshots go (default: e2e-artifacts/ in the repository, git-ignored)
  CHROMIUM, CHROMEDRIVER                paths of the programs (defaults: Debian's)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from nginx_support import REPO, Nginx, build_site, content_folder, gongkai_binary


# ---------------------------------------------------------------- gongkai and nginx


@pytest.fixture(scope="session")
def gongkai_bin() -> Path:
    """Path of the gongkai binary: $GONGKAI_BIN, or built now by `swift build` (nginx_support.gongkai_binary)."""
    try:
        return gongkai_binary()
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def serve_site(tmp_path_factory):
    """serve_site(folder) -> base_url: serves a built site until the session ends, with nginx and the
    documented docs/deploy/nginx.conf (so every browser test exercises that config)."""
    servers: list[Nginx] = []

    def serve(folder: Path | str) -> str:
        server = Nginx(Path(folder), tmp_path_factory.mktemp("nginx")).start()
        servers.append(server)
        return server.base_url

    yield serve
    for server in servers:
        server.stop()


# ---------------------------------------------------------------- sites


@dataclass
class BuiltSite:
    """A built site on disk and the URL nginx serves it at."""

    folder: Path
    base_url: str
    content: Path
    pages: dict[str, str] = field(default_factory=dict)

    def url(self, site_path: str) -> str:
        """Absolute URL of a path in the site ("a/b/index.html"; a leading "/" is allowed)."""
        return self.base_url + site_path.lstrip("/")

    def html_files(self) -> list[str]:
        return sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*.html"))


@pytest.fixture(scope="session")
def example_site_built(gongkai_bin, serve_site, tmp_path_factory) -> BuiltSite:
    content = content_folder()
    folder = build_site(tmp_path_factory.mktemp("example") / "site", content)
    site = BuiltSite(folder, serve_site(folder), content)
    site.pages = find_page_types(site)
    return site


@pytest.fixture(scope="session")
def example_site(example_site_built) -> str:
    """The repository's example portal, built with --today 2026-11-21 and served: its base URL."""
    return example_site_built.base_url


@pytest.fixture(scope="session")
def site(example_site_built) -> BuiltSite:
    """The example portal with its folder and the pages chosen for each page type."""
    return example_site_built


@pytest.fixture(scope="session")
def paged_site(gongkai_bin, serve_site, tmp_path_factory) -> BuiltSite:
    """The example content with `page_size: 5`, so that categories have several pages."""
    root = tmp_path_factory.mktemp("paged")
    content = root / "content"
    shutil.copytree(content_folder(), content)
    catalogue = content / "catalogue.yaml"
    text = catalogue.read_text(encoding="utf-8")
    if re.search(r"(?m)^  page_size:", text):
        text = re.sub(r"(?m)^  page_size:.*$", "  page_size: 5", text)
    else:
        text = re.sub(r"(?m)^site:\s*$", "site:\n  page_size: 5", text, count=1)
    catalogue.write_text(text, encoding="utf-8")
    folder = build_site(root / "site", content)
    return BuiltSite(folder, serve_site(folder), content)


FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


def front_matter(path: Path) -> dict[str, str]:
    """Top-level `key: value` lines of a document's front matter (enough to pick page types)."""
    text = path.read_text(encoding="utf-8-sig")
    m = FRONT_MATTER.match(text.replace("\r\n", "\n"))
    out: dict[str, str] = {}
    if m:
        for line in m.group(1).splitlines():
            km = re.match(r"^([a-z_]+):\s*(.*)$", line)
            if km:
                out[km.group(1)] = km.group(2).strip()
    return out


def find_page_types(site: BuiltSite) -> dict[str, str]:
    """Site path of one page of each type, chosen from the content (first in path order)."""
    pages = {"home": "index.html", "404": "404.html"}
    documents: list[tuple[str, dict[str, str]]] = []
    for md in sorted(site.content.rglob("*.md")):
        fm = front_matter(md)
        if "index_no" in fm:
            index_no = fm["index_no"].strip("\"'")
            documents.append((f"documents/{index_no}/index.html", fm))
    for path, fm in documents:
        if "attachments" in fm and "attachment" not in pages:
            pages["attachment"] = path
        elif fm.get("interprets") and "interpretation" not in pages:
            pages["interpretation"] = path
        elif "attachments" not in fm and not fm.get("interprets") and fm.get("doc_no") and "document" not in pages:
            pages["document"] = path
    # The category of the document chosen above: it has a listing.
    doc = next((fm for p, fm in documents if p == pages.get("document")), None)
    if doc:
        pages["category"] = "catalogue/" + doc["category"].replace(".", "/") + "/index.html"
    for optional in ("search/index.html", "interpretations/index.html"):
        if (site.folder / optional).is_file():
            pages[optional.split("/")[0]] = optional
    missing = [p for p in pages.values() if not (site.folder / p).is_file()]
    if missing:
        pytest.fail(f"pages chosen for the page types do not exist: {missing}")
    return pages


# ---------------------------------------------------------------- browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")


def make_chrome(prefs: dict | None = None):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--lang=zh-CN", "--force-device-scale-factor=1"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if prefs:
        options.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    return driver


@pytest.fixture(scope="session")
def chrome():
    """A headless Chromium (selenium 4) with browser console logs enabled."""
    driver = make_chrome()
    yield driver
    driver.quit()


@pytest.fixture
def browser(chrome, site):
    """The session's Chromium, reset for one test: normal mode, 1280 px, screen media, logs drained."""
    chrome.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    chrome.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    chrome.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    chrome.get(site.url("index.html"))
    chrome.execute_script("localStorage.clear();")
    chrome.get_log("browser")
    yield chrome
    chrome.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("E2E_ARTIFACTS", REPO / "e2e-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def http_get(url: str) -> tuple[int, bytes, dict[str, str]]:
    """Status, body and headers of a GET (errors are answers too)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


# ---------------------------------------------------------------- page types

#: Every kind of page the portal has; tests are parametrized over these names.
PAGE_TYPES = ["home", "category", "paged", "document", "attachment", "interpretation", "404", "search",
              "interpretations"]

#: Pages that later stages of the pipeline generate; until they exist, their tests skip, saying so.
PENDING = {
    "search": "search/index.html is not generated yet (the search stage is another issue)",
    "interpretations": "interpretations/index.html is not generated yet (the linkage stage is another issue)",
}


@pytest.fixture(scope="session")
def page_url(site, paged_site):
    """page_url(kind) -> absolute URL of a page of that kind (skips when the site has none)."""

    def resolve(kind: str) -> str:
        if kind == "paged":
            second = [p for p in paged_site.html_files() if re.search(r"/index_2\.html$", p)]
            if not second:
                pytest.fail("no category has a second page even with page_size 5")
            return paged_site.url(second[0])
        if kind not in site.pages:
            if kind in PENDING:
                pytest.skip(PENDING[kind])
            pytest.fail(f"the example content has no page of type {kind!r}: add one to content/")
        return site.url(site.pages[kind])

    return resolve


def severe_console_messages(driver, ignore_url: str | None = None) -> list[str]:
    """Console errors since the last call (optionally ignoring the 404 of the page itself)."""
    out = []
    for entry in driver.get_log("browser"):
        if entry.get("level") != "SEVERE":
            continue
        if ignore_url and entry.get("message", "").startswith(ignore_url) and "404" in entry["message"]:
            continue
        out.append(entry["message"])
    return out
