// node --test Tests/search-js/
// The client's normaliser and index reader against what the Swift code wrote (fixture/, kept up to
// date by SearchIndexFixtureTests): same normalisation, and exactly the documents a brute-force scan
// of the indexed texts finds, for every query tried.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const T = require("../../templates/assets/search/normalise.js");
const E = require("../../templates/assets/search/engine.js");

const fixture = path.join(__dirname, "fixture");
const index = path.join(fixture, "search");

function io(log) {
  const file = (p) => path.join(index, p.replace(/\?.*$/, ""));
  return {
    text: async (p) => { log && log.push(p); return fs.readFileSync(file(p), "utf8"); },
    bytes: async (p, start, end) => {
      const all = new Uint8Array(fs.readFileSync(file(p)));
      log && log.push(start === undefined ? p : `${p} ${start}-${end}`);
      return start === undefined ? all : all.subarray(start, end);
    },
  };
}

const meta = JSON.parse(fs.readFileSync(path.join(index, "meta.json"), "utf8"));
const docs = [];
for (let id = 0; id < meta.documents; id++) {
  docs.push(JSON.parse(fs.readFileSync(path.join(index, "d", String(Math.floor(id / meta.perFolder)), id + ".json"), "utf8")));
}
const str = (cps) => T.toString(cps);
const fields = docs.map((d) => [d.t, d.n, d.s, d.b].map((f) => str(T.normalise(f))));

function bruteForce(query) {
  const words = T.queryWords(query).map(str);
  if (!words.length) return [];
  return docs.map((_, id) => id).filter((id) => words.every((w) => fields[id].some((f) => f.includes(w))));
}

test("the JavaScript normaliser agrees with the Swift one", () => {
  const cases = JSON.parse(fs.readFileSync(path.join(fixture, "normaliser-cases.json"), "utf8"));
  assert.ok(cases.length > 30);
  for (const c of cases) assert.deepStrictEqual(T.normalise(c.input), c.output.map(Number), JSON.stringify(c.input));
});

test("normalisation rules", () => {
  const n = (s) => str(T.normalise(s));
  assert.strictEqual(n("济政办发〔２０２５〕2号"), "济政办发[2025]2号");
  assert.strictEqual(n("工 作 要 点"), "工作要点");
  assert.strictEqual(n("  Open   DATA "), "open data");
  assert.deepStrictEqual(T.queryWords("工作 要点").map(str), ["工作", "要点"]);
  assert.deepStrictEqual(T.normalise("𠀀"), [0x20000]);
});

test("the gram shard hash matches the Swift FNV-1a", () => {
  // FNV-1a 32 of "a" and of "工作" (UTF-8), as Swift computes them.
  assert.strictEqual(E.fnv32(new TextEncoder().encode("a")), 0xe40c292c);
  assert.strictEqual(E.fnv32(new TextEncoder().encode("")), 0x811c9dc5);
});

function queries() {
  const qs = new Set(["政务公开", "工作要点", "12345热线", "１２３４５热线", "测政发〔2025〕5号", "测政发[2025]5号",
    "测政发【２０２５】５号", "测政发(2025)5号", "𠀀字", "👍", "pdf", "PDF格式", "pdf format", "<img", "onerror=alert(1)>",
    "政务 公开", "热线 乡村振兴 养老", "工 作 要 点", "不存在的词语", "zzz", "公开营商", "开营", "字测", "服务 ok",
    "人民政府办公室关于", "测试市人民政府办公室关于政务公开工作的通知", "第1条", "第10条", "条", "。", "号"]);
  // Every substring of length 1–6 of some indexed texts (hits), and shifted ones (mostly misses).
  for (const id of [0, 5, 17, 44, 89]) {
    const text = Array.from(fields[id][3]);
    for (let len = 1; len <= 6; len++) {
      for (let i = 0; i + len <= text.length; i += 7) qs.add(text.slice(i, i + len).join("").trim());
    }
    const chars = Array.from(fields[id][0]);
    for (let i = 0; i + 4 <= chars.length; i += 3) qs.add(chars[i + 1] + chars[i] + chars[i + 2] + chars[i + 3]);
  }
  // Windows of 3–4 code points across the fixture's frequent words, in and out of order: trigrams and
  // 4-grams with their own lists, and ones made of frequent bigrams that occur nowhere.
  const words = ["政务公开", "营商环境", "工作要点", "乡村振兴", "养老服务", "人民政府", "办公室", "安全生产"];
  for (const a of words) for (const b of words) {
    const s = a + b;
    for (let i = 0; i + 3 <= s.length; i += 1) { qs.add(s.slice(i, i + 3)); qs.add(s.slice(i, i + 4)); }
  }
  qs.delete("");
  return Array.from(qs);
}

test("every query finds exactly the documents that contain it", async () => {
  const engine = new E.Engine(io());
  const all = queries();
  assert.ok(all.length > 300, `${all.length} queries`);
  let hits = 0;
  for (const q of all) {
    const r = await engine.search(q);
    const expected = bruteForce(q);
    assert.deepStrictEqual(r.ids, expected, `query ${JSON.stringify(q)}`);
    if (expected.length) hits++;
  }
  assert.ok(hits > 100, `${hits} queries with results`);
});

test("a 发文字号 in any bracket variant comes first", async () => {
  const engine = new E.Engine(io());
  const target = docs.findIndex((d) => d.n === "测政办发〔2024〕40号");
  assert.ok(target >= 0);
  for (const q of ["测政办发〔2024〕40号", "测政办发[2024]40号", "测政办发【２０２４】４０号", "测政办发(2024)40号"]) {
    const r = await engine.search(q);
    assert.strictEqual(engine.order(r, "relevance")[0], target, q);
    assert.strictEqual(r.rank.get(target), 0);
  }
});

test("title matches rank above body matches", async () => {
  const engine = new E.Engine(io());
  for (const q of ["营商环境", "乡村振兴", "养老"]) {
    const r = await engine.search(q);
    const ordered = engine.order(r, "relevance");
    const inTitle = (id) => fields[id][0].includes(str(T.normalise(q))) || fields[id][1].includes(str(T.normalise(q)));
    const firstBody = ordered.findIndex((id) => !inTitle(id));
    assert.ok(firstBody > 0, q);
    assert.ok(ordered.slice(firstBody).every((id) => !inTitle(id)), q);
    assert.deepStrictEqual(engine.order(r, "date"), r.ids.slice().sort((a, b) => a - b));
  }
});

test("a long query reads positions of its covering bigrams only, by range", async () => {
  const log = [];
  const engine = new E.Engine(io(log));
  await engine.search("人民政府办公室");
  const ranged = log.filter((l) => / \d+-\d+$/.test(l));
  assert.ok(ranged.length >= 1 && ranged.every((l) => l.startsWith("p/")), log.join("\n"));
});

test("a frequent 3–4 character word reads its own list: one shard, no positions", async () => {
  for (const q of ["人民政府", "政务公开", "办公室"]) {
    const log = [];
    const engine = new E.Engine(io(log));
    const r = await engine.search(q);
    assert.deepStrictEqual(r.ids, bruteForce(q), q);
    assert.ok(r.ids.length > 0, q);
    assert.deepStrictEqual(log.filter((l) => !l.startsWith("meta") && !l.startsWith("n/")).length, 1, log.join("\n"));
  }
});

test("a word of frequent bigrams without a list of its own occurs nowhere, and is answered without positions", async () => {
  const engine = new E.Engine(io());
  await engine.load();
  const words = ["政务公开", "营商环境", "工作要点", "乡村振兴", "养老服务", "人民政府", "办公室", "安全生产"];
  const pool = new Map();
  for (const a of words) for (const b of words) {
    const s = Array.from(a + b);
    for (let i = 0; i + 2 <= s.length; i++) pool.set(s[i] + s[i + 1], null);
  }
  const frequent = [];
  for (const g of pool.keys()) { const e = await engine.gram(T.normalise(g)); if (e && e.frequent) frequent.push(g); }
  let tried = 0;
  for (const x of frequent) for (const y of frequent) {
    if (x[1] !== y[0] || tried >= 20) continue;
    const q = x + y[1];
    if (bruteForce(q).length) continue;
    const log = [];
    const r = await new E.Engine(io(log)).search(q);
    assert.deepStrictEqual(r.ids, [], q);
    assert.ok(!log.some((l) => l.startsWith("p/")), log.join("\n"));
    tried++;
  }
  assert.ok(tried > 3, `${tried} words of frequent bigrams that occur nowhere`);
});

test("a 3–4 character word with a rare bigram is proved from positions", async () => {
  const engine = new E.Engine(io());
  await engine.load();
  let tried = 0;
  for (const id of [0, 3, 10, 21, 33, 54, 61, 77, 85]) {
    const cps = T.normalise(docs[id].n);
    for (let i = 0; i + 4 <= cps.length && tried < 12; i += 2) {
      const word = cps.slice(i, i + 3 + (i % 4 === 0 ? 1 : 0));
      const bigrams = await Promise.all(word.slice(1).map((_, k) => engine.gram(word.slice(k, k + 2))));
      if (bigrams.every((e) => e.frequent)) continue;
      const q = T.toString(word), log = [];
      const r = await new E.Engine(io(log)).search(q);
      assert.deepStrictEqual(r.ids, bruteForce(q), q);
      assert.ok(r.ids.includes(id), q);
      assert.ok(log.some((l) => l.startsWith("p/")), log.join("\n"));
      tried++;
    }
  }
  assert.ok(tried >= 4, `${tried} words with a rare bigram`);
});

test("facets decode to one row per document, one file per filter group", async () => {
  const log = [];
  const engine = new E.Engine(io(log));
  await engine.load();
  const f = {};
  for (const name of E.Engine.FACETS) f[name] = await engine.loadFacet(name);
  assert.deepStrictEqual(log.filter((p) => p.startsWith("facets/")).map((p) => p.replace(/\?.*$/, "")),
    E.Engine.FACETS.map((n) => `facets/${n}.bin`));
  assert.strictEqual(f.category.length, meta.documents);
  for (let id = 0; id < meta.documents; id++) {
    assert.strictEqual(meta.categories[f.category[id]], docs[id].c);
    assert.strictEqual(meta.validity[f.validity[id]], docs[id].v);
    assert.strictEqual(String(f.year[id]), docs[id].p.slice(0, 4));
    assert.strictEqual(meta.issuers[f.issuer[id]], docs[id].s);
    assert.ok(f.topic[id].length === 2, `topics of ${id}`);
  }
  // Loaded once: asking again fetches nothing.
  const before = log.length;
  await engine.loadFacet("issuer");
  assert.strictEqual(log.length, before);
  await assert.rejects(engine.loadFacet("nope"));
});

test("snippets find the first match in the original text", () => {
  const text = "前言。依据测政发〔２０２０〕5号执行，工 作 要 点如下。";
  const at = E.findFirst(text, T.queryWords("工作要点"));
  assert.strictEqual(text.slice(at[0], at[1]), "工 作 要 点");
  const at2 = E.findFirst(text, T.queryWords("测政发[2020]5号"));
  assert.strictEqual(text.slice(at2[0], at2[1]), "测政发〔２０２０〕5号");
  const at3 = E.findFirst("甲𠀀乙", T.queryWords("𠀀乙"));
  assert.deepStrictEqual(at3, [1, 4]);
  assert.strictEqual(E.findFirst("无关", T.queryWords("工作")), null);
});
