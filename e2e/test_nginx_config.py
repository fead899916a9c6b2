"""The nginx config in docs/deploy/nginx.conf serves a site built from content/ as the operator's
guide says: pages, the 404 page, feeds and sitemap with their types, gzip, cache and security headers.

The example portal here is the one every browser test uses (conftest's `site`), served by nginx_support
with this config."""
from __future__ import annotations

from pathlib import Path

import pytest

from nginx_support import fetch, gunzip


@pytest.fixture(scope="module")
def served(site):
    """(server, folder): the served example portal (`server.url("/a/b/")`) and its built folder."""
    return site, site.folder


def first_document(site: Path) -> str:
    pages = sorted(site.glob("documents/**/index.html"))
    assert pages, "the built site has no document pages"
    return "/" + pages[0].parent.relative_to(site).as_posix() + "/"


def test_pages_are_served(served):
    server, site = served
    for path in ["/", "/index.html", first_document(site), "/assets/site.css"]:
        status, headers, body = fetch(server.url(path))
        assert status == 200, path
        assert len(body) > 0
    status, headers, body = fetch(server.url("/"))
    assert body == (site / "index.html").read_bytes()
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert fetch(server.url("/assets/site.css"))[1]["content-type"] == "text/css; charset=utf-8"


def test_category_pages_and_folders_without_slash(served):
    server, site = served
    category = sorted(site.glob("catalogue/*/index.html"))[0].parent.relative_to(site).as_posix()
    assert fetch(server.url(f"/{category}/"))[0] == 200
    status, headers, _ = fetch(server.url(f"/{category}"))
    assert status == 301
    assert headers["location"] == f"/{category}/"  # relative: absolute_redirect off


def test_missing_paths_get_the_404_page(served):
    server, site = served
    for path in ["/no/such/page/", "/documents/NOPE/2025-99999/", "/missing.html", "/.git/config", "/404.html"]:
        status, headers, body = fetch(server.url(path))
        assert status == 404, path
        assert body == (site / "404.html").read_bytes(), path
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert "default-src 'self'" in headers["content-security-policy"]


def test_feeds_and_sitemap_have_their_types(served):
    server, site = served
    feeds = ["/feed.xml"] + ["/" + p.relative_to(site).as_posix() for p in sorted(site.glob("catalogue/**/feed.xml"))[:3]]
    assert len(feeds) > 1, "the example portal has category feeds"
    for path in feeds:
        status, headers, body = fetch(server.url(path))
        assert status == 200, path
        assert headers["content-type"] == "application/atom+xml; charset=utf-8", path
        assert headers["cache-control"] == "public, max-age=300", path
        assert "default-src 'self'" in headers["content-security-policy"], path
        assert body == (site / path.lstrip("/")).read_bytes()
    status, headers, body = fetch(server.url("/sitemap.xml"))
    assert status == 200
    assert headers["content-type"] == "application/xml; charset=utf-8"
    assert headers["cache-control"] == "public, max-age=300"
    assert headers["x-content-type-options"] == "nosniff"
    assert body == (site / "sitemap.xml").read_bytes()
    gz = fetch(server.url("/feed.xml"), {"Accept-Encoding": "gzip"})[1]
    assert gz["content-encoding"] == "gzip" and gz["content-type"].startswith("application/atom+xml")
    # Missing .xml files get the 404 page like any other path.
    for path in ["/catalogue/nope/feed.xml", "/nope.xml"]:
        status, headers, body = fetch(server.url(path))
        assert status == 404, path
        assert headers["content-type"] == "text/html; charset=utf-8", path
        assert body == (site / "404.html").read_bytes(), path


def test_hidden_files_are_never_served(serve_site, tmp_path_factory):
    """Not even those the .xml locations would serve: the hidden-file location comes first."""
    folder = tmp_path_factory.mktemp("hidden-site")
    (folder / "404.html").write_text("<!DOCTYPE html><title>404</title>", encoding="utf-8")
    hidden = [".git/config", ".git/feed.xml", ".staging/sitemap.xml", "catalogue/.a/feed.xml", ".env"]
    for path in hidden:
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text("secret", encoding="utf-8")
    base_url = serve_site(folder)
    for path in hidden:
        status, _, body = fetch(base_url + path)
        assert status == 404, path
        assert body == (folder / "404.html").read_bytes(), path


def test_text_is_gzipped(served):
    server, site = served
    for path, file in [("/", "index.html"), ("/assets/site.css", "assets/site.css")]:
        status, headers, body = fetch(server.url(path), {"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers.get("content-encoding") == "gzip", path
        assert "Accept-Encoding" in headers.get("vary", "")
        assert gunzip(body) == (site / file).read_bytes()
        assert len(body) < (site / file).stat().st_size
    # Without Accept-Encoding: plain.
    status, headers, body = fetch(server.url("/"))
    assert "content-encoding" not in headers
    assert body == (site / "index.html").read_bytes()


def test_search_index_gzip_and_ranges(served):
    """Gram shards and facets travel gzipped (whole files); position shards stay plain, so the client's
    HTTP Range reads of them get 206 with exactly the bytes asked for (nginx cannot range a gzipped body)."""
    server, site = served
    grams = max((site / "search" / "g").glob("*.bin"), key=lambda p: p.stat().st_size)
    facets = max((site / "search" / "facets").glob("*.bin"), key=lambda p: p.stat().st_size)
    for file in [grams, facets]:
        path = "/" + file.relative_to(site).as_posix()
        status, headers, body = fetch(server.url(path), {"Accept-Encoding": "gzip"})
        assert status == 200, path
        if file.stat().st_size >= 256:
            assert headers.get("content-encoding") == "gzip", path
            assert gunzip(body) == file.read_bytes(), path
    positions = max((site / "search" / "p").glob("*.bin"), key=lambda p: p.stat().st_size)
    data = positions.read_bytes()
    assert len(data) > 20
    path = "/" + positions.relative_to(site).as_posix()
    status, headers, body = fetch(server.url(path), {"Accept-Encoding": "gzip", "Range": "bytes=3-17"})
    assert status == 206, path
    assert "content-encoding" not in headers
    assert body == data[3:18]


def test_cache_headers(served):
    server, site = served
    assert fetch(server.url("/"))[1]["cache-control"] == "no-cache"
    assert fetch(server.url(first_document(site)))[1]["cache-control"] == "no-cache"
    assert fetch(server.url("/nope/"))[1]["cache-control"] == "no-cache"
    assert fetch(server.url("/assets/site.css"))[1]["cache-control"] == "public, max-age=2592000"
    assert fetch(server.url("/assets/site.js"))[1]["cache-control"] == "public, max-age=2592000"
    # Attachments, not the pages' open-data twins (index.json).
    attachments = sorted(p for p in site.glob("documents/**/*") if p.is_file() and p.suffix not in (".html", ".json"))
    if attachments:
        path = "/" + attachments[0].relative_to(site).as_posix()
        status, headers, _ = fetch(server.url(path))
        assert status == 200
        assert headers["cache-control"] == "public, max-age=86400"


def test_security_headers(served):
    server, _ = served
    _, headers, _ = fetch(server.url("/"))
    csp = headers["content-security-policy"]
    directives = {d.split()[0]: d.split()[1:] for d in (x.strip() for x in csp.split(";")) if d}
    assert directives["default-src"] == ["'self'"]
    # Nothing but 'self' (or 'none') is allowed anywhere.
    assert all(source in ("'self'", "'none'") for sources in directives.values() for source in sources)
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "server" not in headers or "/" not in headers["server"]  # no version number


def test_the_built_pages_fit_the_csp(served):
    """No inline script or style in the built site: the CSP's 'self' would block it."""
    _, site = served
    for page in list(site.glob("*.html")) + list(site.glob("catalogue/**/*.html"))[:20] + list(site.glob("documents/**/*.html"))[:20]:
        html = page.read_text(encoding="utf-8")
        assert "<script>" not in html and " onclick=" not in html and "<style" not in html, page
        assert "__gongkai" not in html, page  # the preview's reload script never reaches the site


def test_the_browser_enforces_the_csp(serve_site, chrome, tmp_path_factory):
    """An inline script or style attribute is blocked and reported on the console under this config,
    so the "no console error" checks of the browser tests catch any page that would need 'unsafe-inline'."""
    folder = tmp_path_factory.mktemp("csp-site")
    (folder / "index.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>原标题</title></head>'
        '<body><p id="p" style="color: rgb(255, 0, 0)">内联</p><script>document.title = "已执行";</script></body></html>',
        encoding="utf-8")
    base_url = serve_site(folder)
    chrome.get_log("browser")
    chrome.get(base_url)
    assert chrome.title == "原标题", "the inline script ran"
    color = chrome.execute_script("return getComputedStyle(document.getElementById('p')).color")
    assert color != "rgb(255, 0, 0)", "the inline style attribute applied"
    reported = [e["message"] for e in chrome.get_log("browser") if e.get("level") == "SEVERE"]
    assert any("Content Security Policy" in m for m in reported), reported
