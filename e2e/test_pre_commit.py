"""scripts/pre-commit checks the staged content and refuses a commit with content errors."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from nginx_support import REPO, gongkai_binary


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=check,
                          env={**os.environ, "GONGKAI": str(gongkai_binary()), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})


def test_pre_commit_hook(tmp_path):
    repo = tmp_path / "portal"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "pre-commit", repo / "scripts" / "pre-commit")
    (repo / "content" / "zcwj" / "qtwj").mkdir(parents=True)
    (repo / "content" / "catalogue.yaml").write_text(
        "site:\n  title: 测试\n  base_url: https://www.example.gov.cn/\n  agency: 测试市人民政府办公室\n"
        "catalogue:\n  - id: zcwj\n    name: 政策文件\n    children:\n      - id: qtwj\n        name: 其他文件\n",
        encoding="utf-8")
    git(repo, "init", "-q")
    (repo / ".git" / "hooks" / "pre-commit").symlink_to("../../scripts/pre-commit")

    good = "---\ntitle: 通知\nindex_no: 11999900MB0000001X/2025-00001\ncategory: zcwj.qtwj\npublished: 2025-06-05\n---\n正文\n"
    doc = repo / "content" / "zcwj" / "qtwj" / "a.md"
    doc.write_text(good, encoding="utf-8")
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "good").returncode == 0

    # A broken date staged: refused, with the file and line.
    doc.write_text(good.replace("2025-06-05", "2025-6-5"), encoding="utf-8")
    git(repo, "add", "-A")
    refused = git(repo, "commit", "-qm", "bad", check=False)
    assert refused.returncode == 1
    assert "content/zcwj/qtwj/a.md:5:12" in refused.stderr
    assert "提交已取消" in refused.stderr

    # Fixed in the working tree but not staged: the staged version is what counts.
    doc.write_text(good.replace("2025-06-05", "2025-06-06"), encoding="utf-8")
    assert git(repo, "commit", "-qm", "still bad", check=False).returncode == 1
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "fixed").returncode == 0

    # Commits that do not touch content/ are not checked.
    (repo / "README.md").write_text("说明\n", encoding="utf-8")
    git(repo, "add", "README.md")
    assert git(repo, "commit", "-qm", "docs", check=False).returncode == 0
