// Not a test: what one cold query transfers, as a browser would fetch it from nginx with gzip.
//   node Tests/search-js/measure-bytes.js SITE_DIR 查询 …
// Whole files count their `gzip -6` size; byte ranges of p/*.bin count raw (nginx does not gzip
// ranges). Includes the client scripts and the first page of 20 result files; each filter group's column
// (facets/<name>.bin, fetched when that group of the filter panel is opened) is reported apart.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const E = require("../../templates/assets/search/engine.js");

const [site, ...queries] = process.argv.slice(2);
const index = path.join(site, "search");
const gz = (buf) => zlib.gzipSync(buf, { level: 6 }).length;
const clientFiles = ["normalise.js", "engine.js", "ui.js", "search.css"].map((f) => path.join(site, "assets/search", f));
const client = clientFiles.reduce((n, f) => n + gz(fs.readFileSync(f)), 0) + gz(fs.readFileSync(path.join(index, "index.html")));

(async () => {
  console.log(`client (page + scripts + css, gzip): ${client} B`);
  for (const q of queries) {
    const log = [];
    let bytes = 0;
    const file = (p) => path.join(index, p.replace(/\?.*$/, ""));
    const io = {
      text: async (p) => { const b = fs.readFileSync(file(p)); bytes += gz(b); log.push(p); return b.toString("utf8"); },
      bytes: async (p, start, end) => {
        const b = fs.readFileSync(file(p));
        if (start === undefined) { bytes += gz(b); log.push(p); return new Uint8Array(b); }
        bytes += end - start; log.push(`${p} [${end - start}]`);
        return new Uint8Array(b).subarray(start, end);
      },
    };
    const engine = new E.Engine(io);
    const t0 = process.hrtime.bigint();
    const r = await engine.search(q);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const indexBytes = bytes;
    for (const id of engine.order(r, "relevance").slice(0, 20)) await engine.document(id);
    const docBytes = bytes - indexBytes;
    const total = client + bytes;
    const groups = [];
    for (const name of E.Engine.FACETS) {
      const before = bytes;
      await engine.loadFacet(name);
      groups.push(`${name} ${((bytes - before) / 1024).toFixed(1)}`);
    }
    console.log(`${q}\t${r.ids.length} hits\tindex ${(indexBytes / 1024).toFixed(1)} KB\tresults ${(docBytes / 1024).toFixed(1)} KB\ttotal ${(total / 1024).toFixed(1)} KB\t` +
      `${log.filter((l) => !l.startsWith("d/") && !l.startsWith("facets/")).length} index requests\t${ms.toFixed(0)} ms (node, cold)\t` +
      `filter groups, each on opening: ${groups.join(", ")} KB`);
  }
})();
