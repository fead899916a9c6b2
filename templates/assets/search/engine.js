// Reads the search index written by SearchIndexBuilder.swift and answers queries exactly.
// Format: docs/search-index.md. `io` supplies the bytes:
//   io.text(path) → Promise<string>;  io.bytes(path, start, end) → Promise<Uint8Array>
//   (start/end optional: a byte range, end exclusive).
(function (root) {
  "use strict";
  var T = typeof module === "object" && module.exports ? require("./normalise.js") : root.GongkaiSearch.text;
  var HEAD_LIMIT = 65536; // positions below this are in the title or 发文字号

  function Reader(bytes, at) { this.b = bytes; this.i = at || 0; }
  Reader.prototype.varint = function () {
    var v = 0, shift = 0, b;
    do { b = this.b[this.i++]; v += (b & 0x7f) * Math.pow(2, shift); shift += 7; } while (b >= 0x80);
    return v;
  };
  Reader.prototype.take = function (n) { var s = this.b.subarray(this.i, this.i + n); this.i += n; return s; };

  var encoder = typeof TextEncoder !== "undefined" ? new TextEncoder() : null;
  function utf8(cps) { return encoder.encode(T.toString(cps)); }
  function fnv32(bytes) {
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h >>> 0;
  }
  function scalars(bytes) { // code points in UTF-8 bytes
    var n = 0;
    for (var i = 0; i < bytes.length; i++) if ((bytes[i] & 0xc0) !== 0x80) n++;
    return n;
  }
  function equalBytes(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  // Doc list: varints (delta-1) << 1 | head.
  function decodeDocs(bytes, df) {
    var ids = new Int32Array(df), head = new Uint8Array(df), r = new Reader(bytes), prev = -1;
    for (var k = 0; k < df; k++) { var v = r.varint(); prev += Math.floor(v / 2) + 1; ids[k] = prev; head[k] = v & 1; }
    return { ids: ids, head: head };
  }

  function Engine(io) {
    this.io = io; this.meta = null; this.shards = new Map(); this.facets = null;
  }

  Engine.prototype.load = function () {
    var self = this;
    if (!this.loading) this.loading = this.io.text("meta.json").then(function (t) { self.meta = JSON.parse(t); return self.meta; });
    return this.loading;
  };

  Engine.prototype.v = function (path) { return path + "?v=" + this.meta.version; };

  Engine.prototype.shard = function (s) {
    var self = this;
    if (!this.shards.has(s)) this.shards.set(s, this.io.bytes(this.v("g/" + s + ".bin")).then(function (b) { return b; }));
    return this.shards.get(s);
  };

  // The entry of one gram (1 or 2 code points), or null.
  Engine.prototype.gram = function (cps) {
    var self = this, key = utf8(cps), s = fnv32(key) & (this.meta.shards - 1);
    return this.shard(s).then(function (bytes) {
      var r = new Reader(bytes);
      while (r.i < bytes.length) {
        var g = r.take(r.varint()), df = r.varint(), docs = r.take(r.varint()), e = null;
        var found = equalBytes(g, key);
        if (found) e = { shard: s, df: df, docs: decodeDocs(docs, df) };
        if (scalars(g) === 2) {
          var off = r.varint(), len = r.varint(), n = r.varint();
          if (found) {
            var skips = [0], o = 0;
            for (var k = 0; k < n; k++) { o += r.varint(); skips.push(o); }
            e.posOffset = off; e.posLength = len; e.skips = skips; e.frequent = r.b[r.i++] === 1;
          } else {
            for (var m = 0; m < n; m++) while (r.b[r.i++] & 0x80) {} // skip the skip table's varints
            r.i++; // frequent
          }
        }
        if (found) return e;
      }
      return null;
    });
  };

  // Positions of `entry`'s gram for the doc-list indices `wanted` (sorted): Map docId → positions.
  Engine.prototype.positions = function (entry, wanted) {
    var skip = this.meta.skip, blocks = [], self = this;
    for (var k = 0; k < wanted.length; k++) {
      var blk = Math.floor(wanted[k] / skip);
      if (!blocks.length || blocks[blocks.length - 1] !== blk) blocks.push(blk);
    }
    function byteAt(blk) { return blk < entry.skips.length ? entry.skips[blk] : entry.posLength; }
    // Runs of blocks, coalesced while the gap is under 2 KB, and at most 24 requests.
    var runs = [];
    blocks.forEach(function (blk) {
      var last = runs[runs.length - 1];
      if (last && byteAt(blk) - byteAt(last.to + 1) < 2048) last.to = blk; else runs.push({ from: blk, to: blk });
    });
    while (runs.length > 24) {
      var best = 0, gap = Infinity;
      for (var i = 0; i + 1 < runs.length; i++) {
        var g = byteAt(runs[i + 1].from) - byteAt(runs[i].to + 1);
        if (g < gap) { gap = g; best = i; }
      }
      runs[best].to = runs[best + 1].to; runs.splice(best + 1, 1);
    }
    var path = this.v("p/" + entry.shard + ".bin");
    return Promise.all(runs.map(function (run) {
      var start = byteAt(run.from), end = byteAt(run.to + 1);
      return self.io.bytes(path, entry.posOffset + start, entry.posOffset + end).then(function (bytes) {
        var out = new Map(), r = new Reader(bytes), w = 0;
        while (w < wanted.length && Math.floor(wanted[w] / skip) < run.from) w++;
        for (var k = run.from * skip; r.i < bytes.length && k < entry.docs.ids.length; k++) {
          var list = [], p = -1, d;
          while ((d = r.varint()) !== 0) { p += d; list.push(p); }
          if (w < wanted.length && wanted[w] === k) { out.set(entry.docs.ids[k], list); w++; }
        }
        return out;
      });
    })).then(function (maps) {
      var all = new Map();
      maps.forEach(function (m) { m.forEach(function (v, key) { all.set(key, v); }); });
      return all;
    });
  };

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }
  function indicesOf(ids, wanted) { // indices in sorted `ids` of the sorted `wanted` (all present)
    var out = new Array(wanted.length), i = 0;
    for (var k = 0; k < wanted.length; k++) { while (ids[i] !== wanted[k]) i++; out[k] = i; }
    return out;
  }

  function listResult(e) {
    if (!e) return { ids: [], head: [] };
    var head = [];
    for (var k = 0; k < e.df; k++) if (e.docs.head[k]) head.push(e.docs.ids[k]);
    return { ids: e.docs.ids, head: head };
  }

  // One word (code points, no spaces) → { ids: sorted doc ids, head: sorted ids matching in title/发文字号 }.
  // 1–2 code points: the gram's list. 3–4: the trigram's or 4-gram's own list when the index has one
  // (it has one for every such gram whose bigrams are all frequent), else bigram lists and positions.
  // 5 and more: bigram lists narrowed by the 4-grams that cover the word, then positions.
  Engine.prototype.word = function (cps) {
    var self = this;
    if (cps.length <= 2) return this.gram(cps).then(listResult);
    if (cps.length <= 4) {
      return this.gram(cps).then(function (e) { return e ? listResult(e) : self.proved(cps, []); });
    }
    var quads = [];
    for (var q = 0; q + 4 <= cps.length; q += 4) quads.push(q);
    if (quads[quads.length - 1] !== cps.length - 4) quads.push(cps.length - 4);
    return Promise.all(quads.map(function (o) { return self.gram(cps.slice(o, o + 4)); })).then(function (lists) {
      return self.proved(cps, lists.filter(function (e) { return e; }));
    });
  };

  // Documents containing `cps` (≥ 3 code points), from the lists of its bigrams and of the longer
  // grams in `narrowing` (documents containing a part of the word) and the positions of the bigrams.
  Engine.prototype.proved = function (cps, narrowing) {
    var self = this, grams = [];
    for (var i = 0; i + 1 < cps.length; i++) grams.push(this.gram(cps.slice(i, i + 2)));
    return Promise.all(grams).then(function (entries) {
      if (entries.some(function (e) { return !e; })) return { ids: [], head: [] };
      // Every trigram (4-gram) of frequent bigrams that occurs anywhere has its own list: a word of
      // 3 (4) code points whose bigrams are all frequent and which has no list occurs nowhere.
      if (cps.length <= 4 && entries.every(function (e) { return e.frequent; })) return { ids: [], head: [] };
      var lists = narrowing.concat(entries).sort(function (a, b) { return a.df - b.df; });
      var candidates = Array.from(lists[0].docs.ids);
      for (var i = 1; i < lists.length && candidates.length; i++) candidates = intersect(candidates, lists[i].docs.ids);
      if (!candidates.length) return { ids: [], head: [] };
      // Bigrams at offsets 0, 2, 4 … and the last one cover the word.
      var offsets = [];
      for (var o = 0; o <= cps.length - 2; o += 2) offsets.push(o);
      if (offsets[offsets.length - 1] !== cps.length - 2) offsets.push(cps.length - 2);
      return Promise.all(offsets.map(function (o) {
        return self.positions(entries[o], indicesOf(entries[o].docs.ids, candidates));
      })).then(function (maps) {
        var ids = [], head = [];
        candidates.forEach(function (d) {
          var first = maps[0].get(d), sets = [];
          for (var m = 1; m < maps.length; m++) sets.push(new Set(maps[m].get(d)));
          var hit = false, inHead = false;
          for (var k = 0; k < first.length && !inHead; k++) {
            var p = first[k], ok = true;
            for (var m2 = 1; m2 < maps.length && ok; m2++) ok = sets[m2 - 1].has(p + offsets[m2]);
            if (ok) { hit = true; if (p < HEAD_LIMIT) inHead = true; }
          }
          if (hit) { ids.push(d); if (inHead) head.push(d); }
        });
        return { ids: ids, head: head };
      });
    });
  };

  // The documents whose 发文字号 is the whole query (any bracket variant).
  Engine.prototype.numbers = function (query) {
    var q = T.normalise(query);
    if (!q.some(function (c) { return c >= 0x30 && c <= 0x39; })) return Promise.resolve([]);
    var key = T.toString(q), s = fnv32(encoder.encode(key)) & (this.meta.numberShards - 1);
    return this.io.text(this.v("n/" + s + ".json")).then(function (t) { return JSON.parse(t)[key] || []; });
  };

  // A query → { words, ids (date order = id order), rank: rank.get(id) → 0 (发文字号) | 1 (every word in
  // title or 发文字号) | 2 (body) }. Typed arrays indexed by document id: a common word matches most of
  // the site, and this runs on every query.
  Engine.prototype.search = function (query) {
    var self = this;
    return this.load().then(function () {
      var words = T.queryWords(query), ranks = new Uint8Array(self.meta.documents);
      var result = { words: words, ids: [], ranks: ranks, rank: { get: function (d) { return ranks[d]; } } };
      if (!words.length) return result;
      return Promise.all(words.map(function (w) { return self.word(w); }).concat([self.numbers(query)])).then(function (parts) {
        var numbers = parts.pop(), ids = parts[0].ids, k;
        for (var i = 1; i < parts.length; i++) ids = intersect(ids, parts[i].ids);
        // ranks[d] counts the words found in d's title or 发文字号 first, then becomes the rank.
        parts.forEach(function (p) { for (k = 0; k < p.head.length; k++) ranks[p.head[k]]++; });
        for (k = 0; k < ids.length; k++) ranks[ids[k]] = ranks[ids[k]] === parts.length ? 1 : 2;
        var matched = new Set(ids);
        numbers.forEach(function (d) { if (matched.has(d)) ranks[d] = 0; });
        result.ids = Array.from(ids);
        return result;
      });
    });
  };

  // Ids in display order: by date (id order), or by rank and then date — a stable bucket pass.
  Engine.prototype.order = function (result, sort) {
    if (sort === "date") return result.ids.slice();
    var buckets = [[], [], []];
    for (var k = 0; k < result.ids.length; k++) buckets[result.ranks[result.ids[k]]].push(result.ids[k]);
    return buckets[0].concat(buckets[1], buckets[2]);
  };

  // Facets: one file per filter group (facets/<name>.bin), loaded when that group is needed.
  // year and validity are runs (ids are in date order); category and issuer one varint per document
  // (issuer 0 = none, else index + 1); topic a count and the topics per document. Decoded to one value
  // per document (an Int32Array; issuer −1 = none), or for topic a list per document.
  Engine.FACETS = ["category", "issuer", "year", "validity", "topic"];
  Engine.prototype.loadFacet = function (name) {
    var self = this;
    if (Engine.FACETS.indexOf(name) < 0) return Promise.reject(new Error("unknown facet " + name));
    if (!this.facets) this.facets = {};
    if (!this.facets[name]) this.facets[name] = this.io.bytes(this.v("facets/" + name + ".bin")).then(function (b) {
      var n = self.meta.documents, r = new Reader(b), column, d;
      if (name === "topic") {
        column = [];
        for (d = 0; d < n; d++) {
          var t = [], c = r.varint();
          for (var k = 0; k < c; k++) t.push(r.varint());
          column.push(t);
        }
        return column;
      }
      column = new Int32Array(n);
      if (name === "year" || name === "validity") {
        for (var runs = r.varint(), at = 0; runs > 0; runs--) {
          var value = r.varint(), count = r.varint();
          column.fill(value, at, at + count); at += count;
        }
      } else {
        var shift = name === "issuer" ? 1 : 0;
        for (d = 0; d < n; d++) column[d] = r.varint() - shift;
      }
      return column;
    });
    return this.facets[name];
  };

  Engine.prototype.document = function (id) {
    return this.io.text(this.v("d/" + Math.floor(id / this.meta.perFolder) + "/" + id + ".json")).then(JSON.parse);
  };

  // Where the first word first occurs in `text`: [start, end) in UTF-16 units, or null.
  function findFirst(text, words) {
    var n = T.normaliseWithMap(text), best = null;
    words.forEach(function (w) {
      outer: for (var i = 0; i + w.length <= n.cps.length; i++) {
        for (var j = 0; j < w.length; j++) if (n.cps[i + j] !== w[j]) continue outer;
        var start = n.map[i], last = n.map[i + w.length - 1];
        var end = last + (text.codePointAt(last) > 0xffff ? 2 : 1);
        if (!best || start < best[0]) best = [start, end];
        break;
      }
    });
    return best;
  }

  var api = { Engine: Engine, findFirst: findFirst, fnv32: fnv32, decodeDocs: decodeDocs, HEAD_LIMIT: HEAD_LIMIT };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.GongkaiSearch.engine = api;
})(this);
