"""The one way the end-to-end suite finds gongkai, builds a site and serves it: nginx with the
project's documented config, docs/deploy/nginx.conf, so every browser test exercises that config.

    from nginx_support import build_site, Nginx, fetch
    site = build_site(tmp_path / "site")
    with Nginx(site, tmp_path / "nginx") as server:
        status, headers, body = fetch(server.url("/"))

nginx runs in the foreground (daemon off) as a child of the test, on 127.0.0.1 and a free port,
with its pid, logs and temp files under a private prefix folder, and is stopped when the block ends.

Environment:
  GONGKAI_BIN      the gongkai binary (default: `swift build --product gongkai`, then its bin path)
  GONGKAI_CONTENT  the content folder to build (default: the repository's content/)
  NGINX            the nginx binary (default: nginx on PATH, else /usr/sbin/nginx)
"""
from __future__ import annotations

import functools
import gzip
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCS_CONFIG = REPO / "docs" / "deploy" / "nginx.conf"
BUILD_DATE = "2026-11-21"
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@functools.cache
def gongkai_binary() -> Path:
    """The gongkai executable: $GONGKAI_BIN, else built now (incrementally) by `swift build`."""
    env = os.environ.get("GONGKAI_BIN")
    if env:
        path = Path(env).resolve()
        if not path.is_file():
            raise FileNotFoundError(f"GONGKAI_BIN={env} is not a file")
        return path
    subprocess.run(["swift", "build", "--product", "gongkai"], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=REPO, check=True,
                              capture_output=True, text=True).stdout.strip()
    return Path(bin_path) / "gongkai"


def content_folder() -> Path:
    """$GONGKAI_CONTENT, else the repository's example portal."""
    return Path(os.environ.get("GONGKAI_CONTENT", REPO / "content")).resolve()


def build_site(output: Path, content: Path | None = None, templates: Path = REPO / "templates") -> Path:
    """Builds `content` (default: content_folder()) into `output` with a fixed build date; returns `output`."""
    result = subprocess.run(
        [str(gongkai_binary()), "build", "--content", str(content or content_folder()),
         "--templates", str(templates), "--output", str(output), "--today", BUILD_DATE],
        cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, f"gongkai build failed ({result.returncode}):\n{result.stderr}\n{result.stdout}"
    return output


def render_server_config(site_root: Path, port: int, config: Path = DOCS_CONFIG) -> str:
    """docs/deploy/nginx.conf with its listen and root lines pointed at 127.0.0.1:port and site_root.

    Fails if the lines it replaces are not there exactly as the docs tell operators to edit them,
    so the test breaks when the documented config changes shape."""
    text = config.read_text(encoding="utf-8")
    text, listens = re.subn(r"(?m)^(\s*)listen 80;", rf"\g<1>listen 127.0.0.1:{port};", text)
    text, v6 = re.subn(r"(?m)^\s*listen \[::\]:80;.*\n", "", text)
    text, roots = re.subn(r"(?m)^(\s*)root [^;]+;", lambda m: f"{m.group(1)}root {site_root};", text)
    assert (listens, v6, roots) == (1, 1, 1), f"unexpected shape of {config}: {(listens, v6, roots)}"
    return text


def main_config(prefix: Path, server_conf: Path) -> str:
    """The http {} around the documented file, as Debian's /etc/nginx/nginx.conf has it."""
    mime = Path("/etc/nginx/mime.types")
    types = f"include {mime};" if mime.exists() else (
        "types { text/html html; text/css css; application/javascript js; application/json json;"
        " text/csv csv; text/xml xml; application/atom+xml atom; image/svg+xml svg; }")
    # Workers run as the current user (the test's temporary folders are private to it).
    user = "user root root;" if os.geteuid() == 0 else ""
    return f"""
{user}
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    {types}
    default_type application/octet-stream;
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {server_conf};
}}
"""


class Nginx:
    """nginx serving `site_root` with the documented server block, as a foreground child process.

    Without a `port`, a free one is chosen; if another process takes it before nginx binds it,
    nginx is started again on another port (a few times)."""

    ATTEMPTS = 5

    def __init__(self, site_root: Path, prefix: Path, port: int | None = None, config: Path = DOCS_CONFIG):
        self.site_root = Path(site_root).resolve()
        self.prefix = Path(prefix).resolve()
        self.fixed_port = port
        self.port = port or 0
        self.config = config
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url(self, path: str) -> str:
        """Absolute URL of a path on this server ("/a/b/" or "a/b/")."""
        return self.base_url + path.lstrip("/")

    def start(self) -> "Nginx":
        self.prefix.mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        failure = ""
        for _ in range(1 if self.fixed_port else self.ATTEMPTS):
            self.port = self.fixed_port or free_port()
            server_conf = self.prefix / "gongkai.conf"
            server_conf.write_text(render_server_config(self.site_root, self.port, self.config), encoding="utf-8")
            conf.write_text(main_config(self.prefix, server_conf), encoding="utf-8")
            command = [NGINX, "-p", str(self.prefix), "-c", str(conf), "-e", str(self.prefix / "error.log")]
            check = subprocess.run([*command, "-t"], capture_output=True, text=True)
            assert check.returncode == 0, f"nginx -t failed:\n{check.stderr}"
            with open(self.prefix / "stderr.log", "wb") as log:
                self.process = subprocess.Popen(command, stdout=log, stderr=log)
            if self.wait_listening():
                return self
            self.stop()
            failure = (self.prefix / "stderr.log").read_text(errors="replace") + self.error_log()
        raise AssertionError(f"nginx did not start on 127.0.0.1:\n{failure}")

    def wait_listening(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return True
            except OSError:
                time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None

    def error_log(self) -> str:
        log = self.prefix / "error.log"
        return log.read_text(errors="replace") if log.exists() else ""

    def __enter__(self) -> "Nginx":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET"):
    """(status, headers with lower-case names, body bytes as sent) — redirects are not followed."""
    match = re.match(r"http://([^/:]+):(\d+)(/.*)", url)
    assert match, url
    conn = http.client.HTTPConnection(match.group(1), int(match.group(2)), timeout=10)
    try:
        conn.request(method, match.group(3), headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def gunzip(data: bytes) -> bytes:
    return gzip.decompress(data)
