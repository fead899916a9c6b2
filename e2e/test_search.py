"""Search in a real browser (headless Chromium, site served by nginx on 127.0.0.1).

A corpus from gongkai-corpus (plus one document with an HTML-looking title) is built with
`gongkai build`; for every query the expected documents are computed here by brute force over the
Markdown sources, with a normaliser written independently in Python (NFKC, lowercase, bracket
variants, whitespace next to CJK). The page's data-total must equal the expected count and every
result shown must be expected.
"""
import pathlib
import re
import subprocess
import unicodedata
import urllib.parse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

DOCUMENTS = 300
OPEN, CLOSE = set("[(〔【〖"), set("])〕】〗")
SPACES = set("\t\n\x0b\x0c\r \x85\u1680\u2028\u2029")
IGNORED = set("\u00ad\u200b\u2060\ufeff")


def is_cjk(c):
    o = ord(c)
    return (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F
            or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF)


def normalise(text):
    out, pending = [], False
    for c in unicodedata.normalize("NFKC", text):
        if c in SPACES:
            pending = True
            continue
        if c in IGNORED:
            continue
        mapped = "[" if c in OPEN else "]" if c in CLOSE else c.lower()
        for m in mapped:
            if pending and out and not is_cjk(out[-1]) and not is_cjk(m):
                out.append(" ")
            pending = False
            out.append(m)
    return "".join(out)


def words(query):
    return [w for raw in query.split() for w in normalise(raw).split(" ") if w]


def parse(path):
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = dict(re.findall(r"^(\w+): (.*)$", front, re.M))
    body = re.sub(r"^#{1,6} +", "", body, flags=re.M)   # heading markers are not text
    fields = [meta.get("title", ""), meta.get("doc_no", ""), meta.get("issuer", ""), body]
    return meta["index_no"], meta.get("doc_no"), [normalise(f) for f in fields]


XSS_TITLE = "<img src=x onerror=alert(1)>关于量子通信试点的通知"


@pytest.fixture(scope="module")
def site(tmp_path_factory, gongkai_bin, serve_site):
    root = tmp_path_factory.mktemp("search-e2e")
    content, output = root / "content", root / "site"
    corpus_bin = pathlib.Path(gongkai_bin).with_name("gongkai-corpus")
    subprocess.run([str(corpus_bin), "--documents", str(DOCUMENTS), "--seed", "7", "--output", str(content)], check=True)
    (content / "zcwj/qtwj/2026-99999.md").write_text(
        "---\ntitle: '" + XSS_TITLE + "'\nindex_no: 11999900MB0000001X/2026-99999\ncategory: zcwj.qtwj\n"
        "issuer: 示例市大数据局\nwritten: 2026-01-05\npublished: 2026-01-06\n---\n"
        "量子通信试点工作 <script>alert(2)</script> 按计划推进。\n", encoding="utf-8")
    subprocess.run([gongkai_bin, "build", "--content", str(content), "--output", str(output), "--today", "2026-11-21"],
                   check=True)
    docs = [parse(p) for p in sorted(content.rglob("*.md"))]
    return serve_site(str(output)), docs


def expected(docs, query):
    ws = words(query)
    return {index_no for index_no, _, fields in docs if ws and all(any(w in f for f in fields) for w in ws)}


def run_query(chrome, base, query):
    chrome.get(base + "search/index.html?q=" + urllib.parse.quote(query))
    return wait_for(chrome, query)


def wait_for(chrome, query):
    def done(d):
        el = d.find_element(By.CSS_SELECTOR, "[data-search-results]")
        return el if el.get_attribute("data-total") is not None and el.get_attribute("data-query") == query else False
    results = WebDriverWait(chrome, 20).until(done)
    shown = [a.get_attribute("data-index-no") for a in results.find_elements(By.CSS_SELECTOR, "a[data-index-no]")]
    return int(results.get_attribute("data-total")), shown


def cited_number(docs):
    """A 发文字号 from front matter that is also cited in some body (so it has several hits)."""
    for _, doc_no, _ in docs:
        if doc_no and "〔" in doc_no and sum(normalise(doc_no) in f[3] for _, _, f in docs) >= 1:
            return doc_no
    return next(d for _, d, _ in docs if d and "〔" in d)


def variants(doc_no):
    fw = doc_no.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    return [doc_no, doc_no.replace("〔", "[").replace("〕", "]"), doc_no.replace("〔", "【").replace("〕", "】"),
            fw.replace("〔", "（").replace("〕", "）")]


QUERIES = [
    "政", "号", "热线", "补助", "养老服务", "节能降碳", "管理办", "政务服务网", "承诺办结时限", "12345热线",
    "１２３４５热线", "人民政府 补助", "安全生产 工作 示例市", "起草背景", "工 作 要 点", "pdf", "量子纠缠态",
    "示例市人民政府办公室关于",
]


def test_queries_find_exactly_the_expected_documents(chrome, site):
    base, docs = site
    doc_no = cited_number(docs)
    queries = QUERIES + variants(doc_no) + ["示政办发〔2019〕", "[2019]", "【２０２０】"]
    nonempty = 0
    for q in queries:
        want = expected(docs, q)
        total, shown = run_query(chrome, base, q)
        assert total == len(want), f"{q!r}: shown total {total}, expected {len(want)}"
        assert set(shown) <= want, f"{q!r}: unexpected {set(shown) - want}"
        assert len(shown) == min(20, len(want)), q
        nonempty += bool(want)
    assert nonempty >= len(queries) - 2   # only the deliberate non-matches are empty


def test_document_number_in_any_bracket_variant_comes_first(chrome, site):
    base, docs = site
    doc_no = cited_number(docs)
    owner = next(i for i, d, _ in docs if d == doc_no)
    for q in variants(doc_no):
        total, shown = run_query(chrome, base, q)
        assert shown and shown[0] == owner, q


def test_more_results_and_back_button(chrome, site):
    base, docs = site
    want = expected(docs, "补助")
    assert len(want) > 40
    total, shown = run_query(chrome, base, "补助")
    more = chrome.find_element(By.CSS_SELECTOR, "[data-search-more]")
    more.click()
    WebDriverWait(chrome, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "a[data-index-no]")) == 40)
    shown = [a.get_attribute("data-index-no") for a in chrome.find_elements(By.CSS_SELECTOR, "a[data-index-no]")]
    assert set(shown) <= want and len(set(shown)) == 40
    box = chrome.find_element(By.CSS_SELECTOR, "[data-search-input]")
    box.clear()
    box.send_keys("节能降碳\n")
    assert wait_for(chrome, "节能降碳")[0] == len(expected(docs, "节能降碳"))
    assert "q=%E8%8A%82" in chrome.current_url
    chrome.back()
    assert wait_for(chrome, "补助")[0] == len(want)
    status = chrome.find_element(By.CSS_SELECTOR, "[data-search-status]")
    assert status.get_attribute("aria-live") == "polite" and str(len(want)) in status.text


def test_filters_narrow_the_results_with_counts(chrome, site):
    base, docs = site
    total, _ = run_query(chrome, base, "补助")
    assert not chrome.find_elements(By.CSS_SELECTOR, ".search-facet a")  # facets load only when the panel opens
    chrome.find_element(By.CSS_SELECTOR, "[data-search-filters] summary").click()
    groups = chrome.find_elements(By.CSS_SELECTOR, ".search-facet-group summary")
    assert [g.text for g in groups] == ["按栏目", "按发文机关", "按年份", "按有效性", "按主题"]
    assert not chrome.find_elements(By.CSS_SELECTOR, ".search-facet a")  # each group loads its column when opened
    groups[1].click()
    facet = WebDriverWait(chrome, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".search-facet a"))
    loaded = chrome.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert [u for u in loaded if "/facets/" in u] and all("/facets/issuer.bin" in u for u in loaded if "/facets/" in u)
    count = int(re.search(r"（(\d+)）$", facet.text).group(1))
    facet.click()
    WebDriverWait(chrome, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "[data-search-results]").get_attribute("data-total") == str(count))
    assert count < total
    assert "issuer=" in chrome.current_url
    # The chosen value stays shown (and can be removed) in its open group; the URL reproduces the filtered search.
    chosen = WebDriverWait(chrome, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".search-facet a[aria-current]"))
    assert f"（{count}）" in chosen.text
    chrome.get(chrome.current_url)
    WebDriverWait(chrome, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "[data-search-results]").get_attribute("data-total") == str(count))
    chrome.find_element(By.CSS_SELECTOR, ".search-facet a[aria-current]").click()
    WebDriverWait(chrome, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "[data-search-results]").get_attribute("data-total") == str(total))


def test_content_is_never_html(chrome, site):
    base, _ = site
    total, shown = run_query(chrome, base, "量子通信")
    assert shown == ["11999900MB0000001X/2026-99999"]
    link = chrome.find_element(By.CSS_SELECTOR, "a[data-index-no]")
    assert link.text == XSS_TITLE
    results = chrome.find_element(By.CSS_SELECTOR, "[data-search-results]")
    assert not results.find_elements(By.TAG_NAME, "img") and not results.find_elements(By.TAG_NAME, "script")
    assert "量子通信试点工作" in results.text


def test_without_javascript_the_page_says_so(site):
    base, _ = site
    import urllib.request
    html = urllib.request.urlopen(base + "search/index.html").read().decode()
    noscript = re.search(r"<noscript>(.*?)</noscript>", html, re.S).group(1)
    assert "JavaScript" in noscript and "href=" in noscript
