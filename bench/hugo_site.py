#!/usr/bin/env python3
"""Converts a gongkai content folder into the equivalent Hugo site, for the benchmark (issue 8).

    bench/hugo_site.py CONTENT HUGO_SITE [--today YYYY-MM-DD]

The Hugo site has the same documents (same Markdown bodies, the front matter mapped to Hugo's) and
templates equivalent to gongkai's default ones:

- document pages at /documents/<索引号>/ (front matter `url:`), with the layout's header, navigation,
  breadcrumbs along the category path and footer; the standard metadata table (索引号, 主题分类,
  发文机关, 成文日期, 标题, 发文字号, 发布日期, 有效性, 施行日期, 有效期至; empty rows hidden); the body;
  the attachments (copied beside the page, as gongkai does);
- the catalogue as the taxonomy `categories` (term = dotted category path; a document is a term of its
  category and of every ancestor, so a category lists its descendants as gongkai's does), term pages
  at /catalogue/<path>/ with name, description, subcategories with counts, the paginated table
  标题/发文字号/发布日期/有效性 newest first, and an RSS feed;
- the taxonomies `topics` (主题分类) and `issuers` (发文机关): an index page with counts (gongkai's
  browse index) and a paginated, newest-first term page per topic and issuer, each with RSS;
- the home page: the catalogue tree with counts per category and the latest documents; its RSS feed;
- sitemap.xml and robots.txt (gongkai writes both), 404.html, the same CSS/JS assets.

Goldmark renders the Markdown with the GFM extensions gongkai enables in cmark-gfm (tables,
strikethrough, autolinks, footnotes), raw HTML off, no typographer. No search index.

Validity (有效性) is derived here as gongkai's linker does (revised by a later text → 已修订, declared
repealed → 已废止, past `expires` → 已失效, else the declared status) and passed as a parameter; the
Hugo templates only display it. Generation is not part of the timed build.
"""
import argparse, datetime, json, os, shutil, sys

import yaml

try:
    Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML without libyaml
    Loader = yaml.SafeLoader

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.join(os.path.dirname(HERE), "templates")

VALIDITY = {"active": "现行有效", "amended": "已修订", "repealed": "已废止", "expired": "已失效"}


def q(s):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(str(s), ensure_ascii=False)


def text(v):
    if v is None:
        return None
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()[:10]
    return str(v)


def read_text(path):
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8").replace("\r\n", "\n")


def split_front_matter(src):
    if not src.startswith("---\n"):
        return None, src
    end = src.find("\n---\n", 3)
    if end < 0:
        if src.endswith("\n---"):
            return src[4:-4], ""
        return None, src
    return src[4:end + 1], src[end + 5:]


def load_catalogue(content):
    cat = yaml.load(read_text(os.path.join(content, "catalogue.yaml")), Loader=Loader)
    site = cat.get("site", {})
    categories = []  # (path, name, description, parent, children) in catalogue order

    def walk(nodes, parent):
        out = []
        for node in nodes or []:
            path = (parent + "." if parent else "") + str(node["id"])
            entry = {"path": path, "name": text(node.get("name")) or path, "description": text(node.get("description")) or "",
                     "empty_reason": text(node.get("empty_reason")) or "", "parent": parent or "", "children": []}
            categories.append(entry)
            entry["children"] = walk(node.get("children"), path)
            out.append(path)
        return out

    roots = walk(cat.get("catalogue"), None)
    return site, roots, categories


def documents(content):
    for folder, dirs, files in os.walk(content):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".md"):
                yield os.path.join(folder, name)


def convert(content, out, today):
    site, roots, categories = load_catalogue(content)
    by_path = {c["path"]: c for c in categories}
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "content", "documents"))
    os.makedirs(os.path.join(out, "data"))

    docs = []
    for path in documents(content):
        fm, body = split_front_matter(read_text(path))
        if fm is None:
            continue
        meta = yaml.load(fm, Loader=Loader) or {}
        docs.append((path, meta, body))
    revised = {text(m.get("revises")) for _, m, _ in docs if m.get("revises")}

    for n, (path, m, body) in enumerate(docs):
        index_no = text(m["index_no"])
        category = text(m["category"])
        parts = category.split(".")
        lineage = [".".join(parts[:i + 1]) for i in range(len(parts))]
        status = text(m.get("status")) or "active"
        expires = text(m.get("expires"))
        if index_no in revised:
            validity = "amended"
        elif status == "repealed":
            validity = "repealed"
        elif expires and expires < today:
            validity = "expired"
        else:
            validity = status if status in VALIDITY else "active"
        topics = [text(t) for t in (m.get("topics") or [])]
        issuer = text(m.get("issuer"))
        lines = ["---",
                 f"title: {q(m['title'])}",
                 f"date: {text(m['published'])}",
                 f"url: {q('/documents/' + index_no + '/')}",
                 f"categories: [{', '.join(q(p) for p in lineage)}]",
                 f"topics: [{', '.join(q(t) for t in topics)}]",
                 f"issuers: [{q(issuer) if issuer else ''}]",
                 f"index_no: {q(index_no)}",
                 f"category: {q(category)}",
                 f"validity: {q(VALIDITY[validity])}",
                 f"validity_class: {validity}"]
        for key in ("issuer", "doc_no", "written", "effective", "expires", "status", "revises", "form", "stage"):
            if m.get(key) is not None:
                lines.append(f"{key}: {q(text(m[key]))}")
        if m.get("interprets"):
            lines.append(f"interprets: [{', '.join(q(text(i)) for i in m['interprets'])}]")
        attachments = m.get("attachments") or []
        if attachments:
            lines.append("attachments:")
            static = os.path.join(out, "static", "documents", index_no)
            os.makedirs(static, exist_ok=True)
            for a in attachments:
                source = os.path.join(os.path.dirname(path), text(a["file"]))
                name = os.path.basename(source)
                shutil.copyfile(source, os.path.join(static, name))
                ext = name.rsplit(".", 1)[-1].upper() if "." in name else "文件"
                lines.append(f"  - {{title: {q(a['title'])}, file: {q(name)}, type: {q(ext)}, size: {q(human_size(os.path.getsize(source)))}}}")
        lines.append("---")
        target = os.path.join(out, "content", "documents", index_no.replace("/", "_") + ".md")
        with open(target, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n" + body)

    # The documents section has no page of its own (gongkai has no such list).
    with open(os.path.join(out, "content", "documents", "_index.md"), "w") as f:
        f.write("---\ntitle: 文件\n_build: {render: never, list: never}\n---\n")
    # A term page per catalogue category, titled with the category's name (empty ones too).
    for c in categories:
        folder = os.path.join(out, "content", "categories", c["path"])
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "_index.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: {q(c['name'])}\nslug: {q(c['path'])}\ndescription: {q(c['description'])}\nempty_reason: {q(c['empty_reason'])}\n---\n")
    for plural, title in (("categories", "主动公开事项目录"), ("topics", "按主题分类浏览"), ("issuers", "按发文机关浏览")):
        os.makedirs(os.path.join(out, "content", plural), exist_ok=True)
        with open(os.path.join(out, "content", plural, "_index.md"), "w", encoding="utf-8") as f:
            # The catalogue needs no index of its own: the home page shows the tree.
            build = "_build: {render: never, list: never}\n" if plural == "categories" else ""
            f.write(f"---\ntitle: {q(title)}\n{build}---\n")

    with open(os.path.join(out, "data", "catalogue.json"), "w", encoding="utf-8") as f:
        json.dump({"roots": roots, "categories": by_path}, f, ensure_ascii=False)

    page_size = int(site.get("page_size", 20))
    latest = int(site.get("latest_count", 10))
    base_url = text(site.get("base_url"))
    if not base_url.endswith("/"):
        base_url += "/"
    config = f"""baseURL = {q(base_url)}
languageCode = "zh-CN"
title = {q(site.get("title"))}
paginate = {page_size}
rssLimit = 50
disablePathToLower = true
enableRobotsTXT = true
buildFuture = true
disableKinds = []
timeZone = "Asia/Shanghai"

[params]
agency = {q(site.get("agency"))}
latest_count = {latest}
today = {q(today)}

[taxonomies]
category = "categories"
topic = "topics"
issuer = "issuers"

[permalinks]
categories = "/catalogue/:slug/"

[outputs]
home = ["HTML", "RSS"]
section = ["HTML", "RSS"]
taxonomy = ["HTML", "RSS"]
term = ["HTML", "RSS"]

[markup]
defaultMarkdownHandler = "goldmark"
[markup.goldmark.renderer]
unsafe = false
[markup.goldmark.extensions]
table = true
strikethrough = true
linkify = true
footnote = true
taskList = false
definitionList = false
typographer = false
[markup.goldmark.parser]
autoHeadingID = true
autoHeadingIDType = "github"
[markup.highlight]
codeFences = false
"""
    with open(os.path.join(out, "hugo.toml"), "w", encoding="utf-8") as f:
        f.write(config)

    assets = os.path.join(TEMPLATES, "assets")
    if os.path.isdir(assets):
        shutil.copytree(assets, os.path.join(out, "static", "assets"), dirs_exist_ok=True)
    shutil.copytree(os.path.join(HERE, "hugo_layouts"), os.path.join(out, "layouts"))
    return len(docs), len(categories)


def human_size(b):
    if b < 1024:
        return f"{b} B"
    if b < 1024 * 1024:
        return f"{(b + 512) // 1024} KB"
    tenths = (b * 10 + 512 * 1024) // (1024 * 1024)
    return f"{tenths // 10}.{tenths % 10} MB"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("content")
    ap.add_argument("site")
    ap.add_argument("--today", default=datetime.date.today().isoformat())
    args = ap.parse_args()
    n, c = convert(args.content, args.site, args.today)
    print(f"Hugo site: {n} documents, {c} categories → {args.site}", file=sys.stderr)


if __name__ == "__main__":
    main()
