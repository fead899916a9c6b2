// The search page: reads ?q= (and sort/filters) from the URL, asks the engine, renders results with
// textContent only (content is never parsed as HTML).
(function () {
  "use strict";
  var app = document.querySelector("[data-search-app]");
  if (!app) return;
  var S = window.GongkaiSearch, base = app.getAttribute("data-index"), siteRoot = app.getAttribute("data-root");
  var input = document.querySelector("[data-search-input]"), form = document.querySelector("[data-search-form]");
  var status = app.querySelector("[data-search-status]"), list = app.querySelector("[data-search-results]");
  var more = app.querySelector("[data-search-more]"), filtersBox = app.querySelector("[data-search-filters]");
  var PAGE = 20;
  var FACETS = [["category", "栏目"], ["issuer", "发文机关"], ["year", "年份"], ["validity", "有效性"], ["topic", "主题"]];

  function get(url, init) {
    return fetch(base + url, init).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r;
    });
  }
  var engine = new S.engine.Engine({
    text: function (p) { return get(p, p === "meta.json" ? { cache: "no-cache" } : undefined).then(function (r) { return r.text(); }); },
    bytes: function (p, start, end) {
      var ranged = start !== undefined;
      if (ranged && end <= start) return Promise.resolve(new Uint8Array(0));
      return get(p, ranged ? { headers: { Range: "bytes=" + start + "-" + (end - 1) } } : undefined).then(function (r) {
        return r.arrayBuffer().then(function (b) {
          var u = new Uint8Array(b);
          return ranged && r.status === 200 ? u.subarray(start, end) : u; // server ignored Range
        });
      });
    }
  });

  var state = null, run = 0, filtersOpen = false, openGroups = {};
  app.hidden = false;

  function params() {
    var p = new URLSearchParams(location.search), f = {};
    FACETS.forEach(function (x) { var v = p.get(x[0]); if (v !== null && v !== "") f[x[0]] = +v; });
    return { q: p.get("q") || "", sort: p.get("sort") === "date" ? "date" : "relevance", filters: f };
  }
  function url(p) {
    var u = new URLSearchParams();
    u.set("q", p.q);
    if (p.sort === "date") u.set("sort", "date");
    FACETS.forEach(function (x) { if (p.filters[x[0]] !== undefined) u.set(x[0], p.filters[x[0]]); });
    return "?" + u.toString();
  }
  function navigate(p) { history.pushState(null, "", url(p)); show(p); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function values(f, name, d) {
    if (name === "topic") return f.topic[d];
    var v = f[name][d];
    return v < 0 ? [] : [v];
  }
  function groupName(name) {
    return FACETS.filter(function (x) { return x[0] === name; })[0][1];
  }
  function label(meta, name, v) {
    return name === "category" ? meta.categories[v] : name === "issuer" ? meta.issuers[v] : name === "validity" ? meta.validity[v] :
      name === "topic" ? meta.topics[v] : v + "年";
  }
  function passes(f, p, d, except) {
    for (var i = 0; i < FACETS.length; i++) {
      var name = FACETS[i][0], want = p.filters[name];
      if (name === except || want === undefined) continue;
      if (values(f, name, d).indexOf(want) < 0) return false;
    }
    return true;
  }

  // The filter panel: closed, it costs nothing. Inside it one group per facet; opening a group loads
  // that facet's column (once) and counts the current results per value. Panel and groups stay open
  // for later queries; a group whose filter is in the URL is open, and its column is loaded with the query.
  function loadColumns(names) {
    return Promise.all(names.map(function (n) { return engine.loadFacet(n); })).then(function (cols) {
      var f = {};
      names.forEach(function (n, i) { f[n] = cols[i]; });
      return f;
    });
  }

  function renderPanel(p, result, f) {
    filtersBox.textContent = "";
    var box = el("details", "search-facets"), groups = [];
    box.open = filtersOpen || Object.keys(p.filters).length > 0;
    box.appendChild(el("summary", null, "筛选（按栏目、发文机关、年份、有效性、主题）"));
    filtersBox.appendChild(box);
    function fill(group, name) {
      if (!box.open || !group.open || group.querySelector(".search-facet")) return;
      if (f[name]) { renderGroup(group, name, p, result, f); return; }
      if (group.querySelector(".search-hint")) return;
      var mine = run, hint = el("p", "search-hint", "正在统计…");
      group.appendChild(hint);
      engine.loadFacet(name).then(function (column) {
        if (mine !== run) return;
        f[name] = column;
        hint.remove();
        renderGroup(group, name, p, result, f);
      });
    }
    FACETS.forEach(function (x) {
      var name = x[0], group = el("details", "search-facet-group");
      group.open = !!openGroups[name] || p.filters[name] !== undefined;
      group.appendChild(el("summary", null, "按" + x[1]));
      box.appendChild(group);
      groups.push([group, name]);
      fill(group, name);
      group.addEventListener("toggle", function () { openGroups[name] = group.open; fill(group, name); });
    });
    box.addEventListener("toggle", function () {
      filtersOpen = box.open;
      groups.forEach(function (g) { fill(g[0], g[1]); });
    });
  }

  function renderGroup(group, name, p, result, f) {
    var counts = new Map();
    result.ids.forEach(function (d) {
      if (!passes(f, p, d, name)) return;
      values(f, name, d).forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); });
    });
    var box = el("div", "search-facet"), ul = el("ul");
    if (!counts.size) box.appendChild(el("p", "search-hint", "当前结果中没有可筛选的" + groupName(name) + "。"));
    var keys = Array.from(counts.keys());
    keys.sort(name === "year" ? function (a, b) { return b - a; } : function (a, b) { return counts.get(b) - counts.get(a) || a - b; });
    keys.forEach(function (v) {
      var li = el("li"), on = p.filters[name] === v, a = el("a", null, label(engine.meta, name, v) + "（" + counts.get(v) + "）");
      var next = { q: p.q, sort: p.sort, filters: Object.assign({}, p.filters) };
      if (on) { delete next.filters[name]; a.setAttribute("aria-current", "true"); } else next.filters[name] = v;
      a.href = url(next);
      a.addEventListener("click", function (e) { e.preventDefault(); navigate(next); });
      li.appendChild(a); ul.appendChild(li);
    });
    if (counts.size) box.appendChild(ul);
    group.appendChild(box);
  }

  function snippet(text, words) {
    var box = el("p", "search-snippet"), at = S.engine.findFirst(text, words);
    if (!at) { box.textContent = text.slice(0, 120) + (text.length > 120 ? "…" : ""); return box; }
    var from = Math.max(0, at[0] - 50), to = Math.min(text.length, at[1] + 80);
    box.appendChild(document.createTextNode((from > 0 ? "…" : "") + text.slice(from, at[0])));
    box.appendChild(el("mark", null, text.slice(at[0], at[1])));
    box.appendChild(document.createTextNode(text.slice(at[1], to) + (to < text.length ? "…" : "")));
    return box;
  }

  function item(doc, words) {
    var li = el("li", "search-result"), h = el("h2"), a = el("a", null, doc.t);
    a.href = siteRoot + doc.u;
    a.setAttribute("data-index-no", doc.i);
    var m = S.engine.findFirst(doc.t, words);
    if (m) { // highlight in the title too
      a.textContent = "";
      a.appendChild(document.createTextNode(doc.t.slice(0, m[0])));
      a.appendChild(el("mark", null, doc.t.slice(m[0], m[1])));
      a.appendChild(document.createTextNode(doc.t.slice(m[1])));
    }
    h.appendChild(a); li.appendChild(h);
    var dl = el("dl", "search-meta");
    [["发文字号", doc.n], ["发文机关", doc.s], ["发布日期", doc.p], ["有效性", doc.v], ["栏目", doc.c]].forEach(function (r) {
      if (!r[1]) return;
      var div = el("div"); div.appendChild(el("dt", null, r[0])); div.appendChild(el("dd", r[0] === "有效性" ? "validity validity-" + doc.w : null, r[1]));
      dl.appendChild(div);
    });
    li.appendChild(dl);
    li.appendChild(snippet(doc.b, words));
    return li;
  }

  function showMore() {
    var mine = run, s = state, slice = s.ordered.slice(s.shown, s.shown + PAGE);
    more.hidden = true;
    return Promise.all(slice.map(function (d) { return engine.document(d); })).then(function (docs) {
      if (mine !== run) return;
      docs.forEach(function (doc) { list.appendChild(item(doc, s.words)); });
      s.shown += slice.length;
      more.hidden = s.shown >= s.ordered.length;
    });
  }

  function show(p) {
    var mine = ++run;
    input.value = p.q;
    document.querySelectorAll("[data-search-sort] input").forEach(function (r) { r.checked = r.value === p.sort; });
    list.removeAttribute("data-total");
    list.textContent = ""; filtersBox.textContent = ""; more.hidden = true;
    if (!p.q.trim()) { status.textContent = "请输入要搜索的词语。"; return Promise.resolve(); }
    status.textContent = "正在搜索…";
    // Columns needed now: those of the filters in the URL, and of the groups left open.
    var need = FACETS.map(function (x) { return x[0]; }).filter(function (n) {
      return p.filters[n] !== undefined || (filtersOpen && openGroups[n]);
    });
    var facets = engine.load().then(function () { return loadColumns(need); });
    return Promise.all([engine.search(p.q), facets]).then(function (r) {
      if (mine !== run) return;
      var result = r[0], f = r[1];
      var ids = engine.order(result, p.sort).filter(function (d) { return passes(f, p, d, null); });
      state = { ordered: ids, shown: 0, words: result.words };
      renderPanel(p, result, f);
      return showMore().then(function () {
        if (mine !== run) return;
        list.setAttribute("data-total", String(ids.length));
        list.setAttribute("data-query", p.q);
        status.textContent = ids.length ? "找到 " + ids.length + " 个结果。" : "没有找到包含“" + p.q + "”的信息。";
      });
    }).catch(function (e) {
      if (mine === run) status.textContent = "搜索暂时无法使用（" + e.message + "）。";
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var p = params();
    navigate({ q: input.value, sort: p.sort, filters: {} });
  });
  document.querySelectorAll("[data-search-sort] input").forEach(function (r) {
    r.addEventListener("change", function () { var p = params(); p.sort = r.value; navigate(p); });
  });
  more.addEventListener("click", function () { showMore(); });
  window.addEventListener("popstate", function () { show(params()); });
  show(params());
})();
