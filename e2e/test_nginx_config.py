"""The nginx config in docs/deploy/nginx.conf serves a site built from content/ as the operator's
guide says: pages, the 404 page, gzip, cache and security headers."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nginx_support import Nginx, build_site, fetch, gunzip

pytestmark = pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
                                reason="nginx is not installed (apt-get install nginx)")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("nginx-e2e")
    site = build_site(root / "site")
    with Nginx(site, root / "nginx") as server:
        yield server, site


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


def test_cache_headers(served):
    server, site = served
    assert fetch(server.url("/"))[1]["cache-control"] == "no-cache"
    assert fetch(server.url(first_document(site)))[1]["cache-control"] == "no-cache"
    assert fetch(server.url("/nope/"))[1]["cache-control"] == "no-cache"
    assert fetch(server.url("/assets/site.css"))[1]["cache-control"] == "public, max-age=2592000"
    assert fetch(server.url("/assets/site.js"))[1]["cache-control"] == "public, max-age=2592000"
    attachments = sorted(p for p in site.glob("documents/**/*") if p.is_file() and p.suffix not in (".html",))
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
