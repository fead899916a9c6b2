"""`gongkai serve` in a real browser: an open page reloads by itself when its file changes, shows the
errors when the content breaks, comes back when it is fixed; Ctrl-C stops the server cleanly."""
from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time

import pytest

from conftest import make_chrome
from nginx_support import REPO, fetch, free_port, gongkai_binary

CATALOGUE = """site:
  title: 测试市人民政府信息公开
  base_url: https://www.example.gov.cn/
  agency: 测试市人民政府办公室
catalogue:
  - id: zcwj
    name: 政策文件
    children:
      - id: qtwj
        name: 其他文件
"""
DOCUMENT = "zcwj/qtwj/2025-00001.md"
ORIGINAL = """---
title: 测试市就业创业补贴申领通知
index_no: 11999900MB0000001X/2025-00001
category: zcwj.qtwj
published: 2025-07-10
---
正文。
"""
PAGE = "/documents/11999900MB0000001X/2025-00001/"


def wait_for(condition, timeout=20.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception:  # the page is reloading
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def server(tmp_path):
    (tmp_path / "content" / "zcwj" / "qtwj").mkdir(parents=True)
    (tmp_path / "content" / "catalogue.yaml").write_text(CATALOGUE, encoding="utf-8")
    (tmp_path / "content" / DOCUMENT).write_text(ORIGINAL, encoding="utf-8")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    port = free_port()
    process = subprocess.Popen([str(gongkai_binary()), "serve", "--port", str(port), "--today", "2026-11-21"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: fetch(f"http://127.0.0.1:{port}/")[0] == 200, what="the preview server")
        yield tmp_path, port, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.fixture
def browser():
    """A Chromium of its own: the page must be fresh, whatever the session's browser did before."""
    driver = make_chrome()
    yield driver
    driver.quit()


def test_open_pages_follow_the_content(server, browser):
    root, port, process = server
    document = root / "content" / DOCUMENT
    original = ORIGINAL
    browser.get(f"http://127.0.0.1:{port}{PAGE}")
    assert "就业创业补贴" in browser.find_element("tag name", "h1").text
    browser.execute_script("window.__stillTheSamePage = true")

    # Edit the title: the open page reloads by itself and shows it.
    document.write_text(original.replace("title: ", "title: 新标题：", 1), encoding="utf-8")
    wait_for(lambda: "新标题：" in browser.find_element("tag name", "h1").text, what="the new title")
    assert browser.execute_script("return window.__stillTheSamePage") is None  # it was reloaded

    # Break a date: the page turns into the list of errors with file and line.
    document.write_text(original.replace("published: 2025-07-10", "published: 2025-7-10"), encoding="utf-8")
    wait_for(lambda: "内容有错误" in browser.find_element("tag name", "h1").text, what="the error page")
    assert "content/zcwj/qtwj/2025-00001.md:5:12" in browser.page_source
    assert "2025-07-10" in browser.page_source  # the suggestion

    # Fixed: the page comes back, and the server kept running all along.
    document.write_text(original, encoding="utf-8")
    wait_for(lambda: "就业创业补贴" in browser.find_element("tag name", "h1").text, what="the page to come back")
    assert process.poll() is None

    # The built site is untouched by the preview.
    assert not (root / "site").exists()
    assert (root / ".gongkai" / "preview" / "index.html").exists()


def test_ctrl_c_stops_cleanly_with_pages_open(server):
    root, port, process = server
    # An open event stream (as a page keeps) must not hold the server up.
    stream = socket.create_connection(("127.0.0.1", port), timeout=15)
    stream.sendall(b"GET /__gongkai/events?since=999 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert b"text/event-stream" in stream.recv(4096)
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    assert time.monotonic() - started < 10
    assert "预览已停止" in err
    # The stream was ended by the server, not left hanging.
    rest = b""
    while chunk := stream.recv(4096):
        rest += chunk
    stream.close()
