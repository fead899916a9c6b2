"""Builds the example portal with the gongkai binary and validates every JSON file the build writes
against the JSON Schemas the build publishes (draft 2020-12), plus the CSV's Excel conventions.

Part of the end-to-end suite (`e2e/run.sh`); the binary comes from conftest's `gongkai_bin`
(GONGKAI_BIN, else the debug build).
"""
import csv
import io
import json
import os
import pathlib
import shutil
import subprocess

import jsonschema
import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent
TODAY = "2026-11-21"
# The example catalogue may not say which categories are 规章 / 规范性文件 yet: a second build adds it.
REPORTS_SECTION = "\nreports:\n  regulations: [zcwj.gz]\n  normative: [zcwj.gfxwj]\n  deadline_working_days: 20\n"


def build(gongkai, tmp, with_reports_section):
    content = tmp / "content"
    shutil.copytree(REPO / "content", content)
    catalogue = (content / "catalogue.yaml").read_text(encoding="utf-8")
    if with_reports_section and "\nreports:" not in catalogue:
        (content / "catalogue.yaml").write_text(catalogue + REPORTS_SECTION, encoding="utf-8")
    site = tmp / "site"
    result = subprocess.run(
        [str(gongkai), "build", "--content", str(content), "--templates", str(REPO / "templates"),
         "--output", str(site), "--today", TODAY],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module", params=[False, True], ids=["as-is", "with-reports-section"])
def portal(request, gongkai_bin, tmp_path_factory):
    return build(gongkai_bin, tmp_path_factory.mktemp("portal"), request.param)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def validator(site, name):
    schema = load(site / "data" / name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def schema_for(relative):
    parts = relative.parts
    if relative.as_posix() == "data/catalogue.json":
        return "catalogue.schema.json"
    if parts[0] == "documents" and relative.name == "index.json":
        return "document.schema.json"
    if parts[0] == "reports" and relative.name == "statistics.json":
        return "statistics.schema.json"
    if parts[0] == "data" and relative.name.endswith(".schema.json"):
        return "metaschema"
    return None


def test_every_json_file_validates(portal):
    validators = {name: validator(portal, name) for name in
                  ["catalogue.schema.json", "document.schema.json", "statistics.schema.json"]}
    seen = {name: 0 for name in validators}
    for path in sorted(portal.rglob("*.json")):
        relative = path.relative_to(portal)
        name = schema_for(relative)
        if relative.parts[0] in ("data", "documents", "reports"):
            assert name is not None, f"{relative}: no schema describes this file"
        if name is None or name == "metaschema":
            continue
        errors = sorted(validators[name].iter_errors(load(path)), key=lambda e: list(e.path))
        assert not errors, f"{relative}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
        seen[name] += 1
    catalogue = load(portal / "data/catalogue.json")
    assert seen["document.schema.json"] == catalogue["count"] == len(catalogue["documents"]) >= 40
    assert seen["catalogue.schema.json"] == 1
    assert seen["statistics.schema.json"] >= 3


def test_per_document_json_matches_the_catalogue(portal):
    catalogue = load(portal / "data/catalogue.json")
    index_nos = [d["index_no"] for d in catalogue["documents"]]
    assert index_nos == sorted(index_nos)
    for record in catalogue["documents"]:
        assert load(portal / "documents" / record["index_no"] / "index.json") == record
        assert (portal / "documents" / record["index_no"] / "index.html").exists()
        assert record["url"].startswith("https://www.example.gov.cn/documents/")


def test_schema_rejects_a_wrong_record(portal):
    v = validator(portal, "document.schema.json")
    record = load(portal / "data/catalogue.json")["documents"][0]
    for broken in [dict(record, validity="valid"), dict(record, published="2025-6-5"),
                   {k: x for k, x in record.items() if k != "title"}, dict(record, extra=1)]:
        assert list(v.iter_errors(broken)), broken


def test_catalogue_csv_opens_in_excel(portal):
    raw = (portal / "data/catalogue.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    catalogue = load(portal / "data/catalogue.json")
    assert len(rows) == catalogue["count"] + 1
    assert rows[0][:3] == ["索引号", "标题", "栏目路径"]
    assert all(len(r) == len(rows[0]) for r in rows)
    assert [r[0] for r in rows[1:]] == [d["index_no"] for d in catalogue["documents"]]


def test_statistics_with_reports_section(gongkai_bin, tmp_path):
    site = build(gongkai_bin, tmp_path, True)
    stats = load(site / "reports/2025/statistics.json")
    groups = {g["group"]: g for g in stats["statistics"]}
    assert groups["regulations"]["categories"] == ["zcwj.gz"]
    # The example portal's 2025: one regulation published (2025-00007), one repealed by it (2023-00009).
    assert groups["regulations"]["published"]["documents"] == ["11999900MB00000008/2025-00007"]
    assert groups["regulations"]["repealed"]["documents"] == ["11999900MB00000008/2023-00009"]
    assert (site / "reports/2025/annual-report/index.html").exists()
    assert (site / "reports/2025/statistics.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_two_builds_give_the_same_bytes(gongkai_bin, tmp_path):
    a = build(gongkai_bin, tmp_path / "a", True)
    b = build(gongkai_bin, tmp_path / "b", True)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for f in files:
        assert (a / f).read_bytes() == (b / f).read_bytes(), f
