// The search normaliser: the same function as Sources/GongkaiKit/Search/Normaliser.swift (the node
// tests run both over the same inputs). NFKC, then per character: drop U+00AD/200B/2060/FEFF,
// brackets 〔【〖[( → "[" and 〕】〗]) → "]", Unicode lowercase; whitespace next to a CJK character
// removed, other runs → one space. Works on code points; positions in the index count them.
(function (root) {
  "use strict";

  function isCJK(c) {
    return (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xffef) || (c >= 0x20000 && c <= 0x3ffff);
  }

  // Whitespace after NFKC (NFKC has turned U+00A0, U+2000–200A, U+3000 … into U+0020).
  function isSpace(c) {
    return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0x1680 || c === 0x2028 || c === 0x2029;
  }

  // Feeds NFKC code points through the per-character rules; `src` (optional) is recorded in `map`
  // for every code point emitted (used to highlight matches in the original text).
  function Folder(out, map) {
    this.out = out; this.map = map; this.pending = false; this.last = 0; this.any = false;
  }
  Folder.prototype.emit = function (c, src) {
    if (this.pending) {
      if (this.any && !isCJK(this.last) && !isCJK(c)) { this.out.push(0x20); if (this.map) this.map.push(src); }
      this.pending = false;
    }
    this.out.push(c); if (this.map) this.map.push(src);
    this.last = c; this.any = true;
  };
  Folder.prototype.push = function (c, src) {
    if (isSpace(c)) { this.pending = true; return; }
    if (c === 0xad || c === 0x200b || c === 0x2060 || c === 0xfeff) return;
    if (c === 0x5b || c === 0x28 || c === 0x3014 || c === 0x3010 || c === 0x3016) { this.emit(0x5b, src); return; }
    if (c === 0x5d || c === 0x29 || c === 0x3015 || c === 0x3011 || c === 0x3017) { this.emit(0x5d, src); return; }
    if (c >= 0x41 && c <= 0x5a) { this.emit(c + 0x20, src); return; }
    if (c < 0x80 || (c >= 0x3000 && c <= 0x9fff)) { this.emit(c, src); return; }
    var s = String.fromCodePoint(c), l = s.toLowerCase();
    if (l === s) { this.emit(c, src); return; }
    for (var i = 0; i < l.length; i++) {
      var cp = l.codePointAt(i);
      if (cp > 0xffff) i++;
      this.emit(cp, src);
    }
  };

  // Normalised code points of `text`.
  function normalise(text) {
    var out = [], f = new Folder(out, null), s = String(text).normalize("NFKC");
    for (var i = 0; i < s.length; i++) {
      var c = s.codePointAt(i);
      if (c > 0xffff) i++;
      f.push(c, 0);
    }
    return out;
  }

  // Like `normalise`, with `map[k]` = the UTF-16 index in `text` where output code point k came
  // from. NFKC is applied one character at a time here, which differs from `normalise` only for
  // combining sequences; it serves snippets, never matching.
  function normaliseWithMap(text) {
    var out = [], map = [], f = new Folder(out, map);
    for (var i = 0; i < text.length; i++) {
      var start = i, c = text.codePointAt(i);
      if (c > 0xffff) i++;
      // ASCII and the CJK Unified Ideographs block are their own NFKC form: the common case skips
      // normalize() (snippets map whole result texts, every query).
      if (c < 0x80 || (c >= 0x4e00 && c <= 0x9fff)) { f.push(c, start); continue; }
      var n = String.fromCodePoint(c).normalize("NFKC");
      for (var j = 0; j < n.length; j++) {
        var d = n.codePointAt(j);
        if (d > 0xffff) j++;
        f.push(d, start);
      }
    }
    return { cps: out, map: map };
  }

  var WORD_SEPARATORS = /[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

  // The words of a query: split at whitespace as typed, each normalised, empty ones dropped; a word
  // whose normalisation contains a space (rare compatibility characters) counts as several words.
  function queryWords(query) {
    var words = [];
    String(query).split(WORD_SEPARATORS).forEach(function (raw) {
      var cps = normalise(raw), cur = [];
      for (var i = 0; i <= cps.length; i++) {
        if (i === cps.length || cps[i] === 0x20) { if (cur.length) words.push(cur); cur = []; } else cur.push(cps[i]);
      }
    });
    return words;
  }

  function toString(cps) { return String.fromCodePoint.apply(null, cps); }

  var api = { normalise: normalise, normaliseWithMap: normaliseWithMap, queryWords: queryWords, isCJK: isCJK, toString: toString };
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.GongkaiSearch = root.GongkaiSearch || {}).text = api;
})(this);
