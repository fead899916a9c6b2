import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A rebuild after an edit of one document's body, and nothing else, made without the pipeline:
/// the few files such an edit changes are patched from the published ones, and the site is exactly
/// what a full build would publish.
///
/// What a body reaches in the site, and how each is patched:
/// - the document's page: the old body's HTML (rendered again from the old text the decode memo
///   holds) replaced by the new one; the template names `{{{bodyHTML}}}` once, and the old HTML is
///   found exactly once in the old page. A link's URL depends on the other documents: the old
///   body's URLs are the ones the body memo recorded for it (finding its HTML in the old page
///   checks them), and the new body may link only to destinations the old one had;
/// - the search result file: `"b"`, the body text, is its last field;
/// - the search index: the document's segment is built twice from its documents' result files (the
///   old text and the new), and the shards whose grams differ are patched (`ShardPatch`);
///   `meta.json` gets the version a full build would give (worked out from the manifest's hashes,
///   and first checked to give the old version from the old hashes);
/// - the report: the document rules' findings about the old text are replaced by those about the
///   new one, and the link rule's findings move with the links (`moveLinkFindings`).
///
/// Anything else a body could reach makes the build a full one: a link to a destination the old
/// body did not have, other anchors (links into it from other documents), another number of
/// articles (the page's extras), decoding that gives other metadata or other findings, a `waive:`
/// or another version (`PatchPlan.patchable`), an error found in the new text, the document in
/// search segment 0 (its texts choose the frequent bigrams), or a file of the site not as the cache
/// recorded it. Files written by the patch are recorded without their keys (`OutputEntry.key`), so
/// a later build makes them again rather than trusting a key for them.
enum BodyPatch {
    /// A body rendered for the patch: as the renderer gave it, as the page shows it (articles
    /// anchored), how many articles, and each destination the renderer asked about with its answer.
    struct Rendering {
        var raw: RenderedBody
        var page: RenderedBody
        var articles: Int
        var rewrites: [(destination: String, url: String?)]
    }

    /// The link rule's findings about a document (in `findings`, among others) moved from its old
    /// links to its new ones: what the rule finds about a link depends on its destination (and the
    /// other documents, the same), so each new link gets what an old link with the same destination
    /// got, where the new link is. False when that cannot be told: a finding at no old link, two at
    /// one, the same destination found differently, or a destination the old body did not have.
    static func moveLinkFindings(_ findings: inout [Diagnostic], old: (Document, [BodyLink]), new: (Document, [BodyLink])) -> Bool {
        let codes = Set(RuleRegistry.links.map(\.code))
        func key(_ link: BodyLink) -> String { (link.isImage ? "i" : "l") + link.destination }
        var oldAt: [SourceLocation: String] = [:]
        for link in old.1 { oldAt[LinkRule.location(of: link, in: old.0)] = key(link) }
        var found: [String: Diagnostic] = [:]
        var kept: [Diagnostic] = []
        for f in findings {
            guard codes.contains(f.code) else {
                kept.append(f)
                continue
            }
            guard let k = oldAt.removeValue(forKey: f.location) else { return false }
            if let other = found[k] {
                guard other.code == f.code, other.message == f.message, other.suggestion == f.suggestion,
                    other.severity == f.severity
                else { return false }
            }
            found[k] = f
        }
        // An old link with no finding: its destination is fine, so every link to it must be.
        for k in oldAt.values where found[k] != nil { return false }
        let known = Set(old.1.map(key))
        for link in new.1 {
            guard known.contains(key(link)) else { return false }
            if var f = found[key(link)] {
                f.location = LinkRule.location(of: link, in: new.0)
                kept.append(f)
            }
        }
        findings = kept
        return true
    }

    /// The bytes of the content file at `path` (content-relative) when they are the ones the
    /// fingerprint hashed (`hash`): a file changed since the scan means a full build, which reads
    /// everything again.
    static func input(_ path: String, hash: UInt64, options: BuildOptions) -> [UInt8]? {
        let content = options.contentFolder.hasSuffix("/") ? options.contentFolder : options.contentFolder + "/"
        guard let bytes = try? ContentLoader.readBytes(content + path), FastHash.hash(bytes) == hash else { return nil }
        return bytes
    }

    /// `page` with its one occurrence of `old` replaced by `new`; nil when `old` is empty or is not
    /// found exactly once.
    static func splice(_ page: [UInt8], replacing old: [UInt8], with new: [UInt8]) -> [UInt8]? {
        guard !old.isEmpty else { return nil }
        return page.withUnsafeBufferPointer { p -> [UInt8]? in
            guard let at = ByteSearch.find(old, in: p), ByteSearch.find(old, in: p, from: at + 1) == nil else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(page.count - old.count + new.count)
            out += p[..<at]
            out += new
            out += p[(at + old.count)...]
            return out
        }
    }

    private static let bodyKey = Array(#","b":""#.utf8)

    /// A search result file (`SearchIndexBuilder.resultFile`) with its body text `old` replaced by
    /// `new`; nil when the file does not end in `"b":` and `old`. (`,"b":"` cannot occur inside a
    /// JSON string, where every `"` is escaped.)
    static func resultFile(_ file: [UInt8], oldText: String, newText: String) -> [UInt8]? {
        guard let at = file.withUnsafeBufferPointer({ ByteSearch.find(bodyKey, in: $0) }) else { return nil }
        let head = Array(file[..<(at + 5)])
        var expected = head
        JSON.appendString(oldText, to: &expected)
        expected.append(UInt8(ascii: "}"))
        guard expected == file else { return nil }
        var out = head
        JSON.appendString(newText, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// What the search text of a document is made of, read back from its result file.
    static func searchFields(_ file: [UInt8]) -> (title: String, docNo: String, issuer: String, text: String)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(file)) as? [String: Any],
            let t = object["t"] as? String, let n = object["n"] as? String, let s = object["s"] as? String,
            let b = object["b"] as? String
        else { return nil }
        return (t, n, s, b)
    }

    /// Whether the templates show a document's body once, as it is: `{{{bodyHTML}}}` in the
    /// document template, and `bodyHTML` nowhere else.
    static func templatesShowBodyOnce(_ folder: String) -> Bool {
        guard let names = FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] else { return false }
        var uses = 0, asIs = false
        for name in names where name.hasSuffix(".mustache") {
            guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { return false }
            let text = String(decoding: data, as: UTF8.self)
            uses += text.components(separatedBy: "bodyHTML").count - 1
            if name == "document.mustache" && text.contains("{{{bodyHTML}}}") { asIs = true }
        }
        return uses == 1 && asIs
    }

    /// `meta.json`'s `version` value; nil when it has none.
    static func version(inMeta meta: [UInt8]) -> (range: Range<Int>, value: String)? {
        let key = Array(#""version":""#.utf8)
        return meta.withUnsafeBufferPointer { m in
            guard let at = ByteSearch.find(key, in: m), let end = ByteSearch.find(UInt8(ascii: "\""), in: m, from: at + key.count)
            else { return nil }
            let range = (at + key.count)..<end
            return (range, String(decoding: m[range], as: UTF8.self))
        }
    }

    /// The search index's version (`SearchIndexBuilder.record` and `finishFiles`) from its parts:
    /// every result file's hash in id order, every shard's gram and position file's hash, and the
    /// facet and 发文字号 files' paths and bytes in the order they are written.
    static func indexVersion(resultHashes: [UInt64], shardHashes: [(UInt64, UInt64)], files: [(path: String, bytes: [UInt8])]) -> String {
        var hasher = FNV64()
        for (id, hash) in resultHashes.enumerated() { SearchIndexBuilder.addResult(id: id, hash: hash, to: &hasher) }
        for (s, (g, p)) in shardHashes.enumerated() { SearchIndexBuilder.addShard(s, gram: g, position: p, to: &hasher) }
        for file in files { SearchIndexBuilder.addFile(file.path, file.bytes, to: &hasher) }
        return String(hasher.value, radix: 16)
    }

    /// The search index's files after document `id`'s body text changed from `oldText` to `newText`
    /// (its new result file: `result`), each shard that changes patched and `meta.json`; with the
    /// document lists' new size and how many shards changed. nil when a published file needed is
    /// not as recorded, or the index would change shape (a full build then).
    static func searchIndex(patching id: Int, plan: PatchPlan, outputs: OutputManifest, published: (String) -> [UInt8]?,
                            oldText: String, newText: String, result: [UInt8])
        -> (writes: [(path: String, bytes: [UInt8])], listBytes: Int, shardsPatched: Int)? {
        var writes: [(path: String, bytes: [UInt8])] = []
        // The segment, old and new, from its documents' result files.
        let size = plan.segmentSize, documents = plan.documents, shards = plan.shards
        let first = id / size * size, end = min(first + size, documents)
        let fields = Parallel.map(end - first) { k in published(SearchIndexBuilder.documentPath(first + k)).flatMap(BodyPatch.searchFields) }
        var texts: [(text: [UInt32], headEnd: Int)] = []
        for f in fields {
            guard let f else { return nil }
            texts.append(SearchIndexBuilder.searchText(title: f.title, docNo: f.docNo, issuer: f.issuer, plainText: f.text))
        }
        guard let mine = fields[id - first], mine.text == oldText else { return nil }
        let frequent = Set(plan.frequent)
        let oldSegment = GramIndex.segment(texts, frequent: frequent, sampleSize: size)
        texts[id - first] = SearchIndexBuilder.searchText(title: mine.title, docNo: mine.docNo, issuer: mine.issuer,
                                                          plainText: newText)
        let newSegment = GramIndex.segment(texts, frequent: frequent, sampleSize: size)
        guard let oldDigests = try? oldSegment.withUnsafeBytes(ShardDigests.of),
            let newDigests = try? newSegment.withUnsafeBytes(ShardDigests.of)
        else { return nil }
        var wanted = [Bool](repeating: false, count: shards)
        for slot in 0..<ShardDigests.fine where oldDigests[slot] != newDigests[slot] { wanted[slot & (shards - 1)] = true }
        var grams = [[ChangedGram]](repeating: [], count: shards)
        guard (try? newSegment.withUnsafeBytes {
            try ShardPatch.collect($0, index: 0, first: first, shards: shards, wanted: wanted, into: &grams)
        }) != nil else { return nil }
        let changedShards = (0..<shards).filter { wanted[$0] }
        let collected = grams
        let patched = Parallel.map(changedShards.count, grain: 1) { j -> (g: [UInt8], p: [UInt8], listDelta: Int)? in
            let s = changedShards[j]
            guard let g = published(SearchIndexBuilder.gramShardPath(s)), let p = published(SearchIndexBuilder.positionShardPath(s))
            else { return nil }
            return try? ShardPatch.patch(g: g, p: p, changed: [UInt32(first)..<UInt32(end)],
                                         grams: ShardPatch.sortedAndJoined(collected[s]), frequent: frequent)
        }
        var listBytes = plan.listBytes
        var newShardHashes: [Int: (UInt64, UInt64)] = [:]
        for (j, s) in changedShards.enumerated() {
            guard let r = patched[j] else { return nil }
            listBytes += r.listDelta
            writes.append((SearchIndexBuilder.gramShardPath(s), r.g))
            writes.append((SearchIndexBuilder.positionShardPath(s), r.p))
            newShardHashes[s] = (FastHash.hash(r.g), FastHash.hash(r.p))
        }
        guard SearchIndexBuilder.shardCount(listBytes) == shards else { return nil }

        // meta.json: the version from the hashes, checked first against the published one.
        guard let meta = published(SearchIndexBuilder.metaPath), let (versionRange, oldVersion) = BodyPatch.version(inMeta: meta)
        else { return nil }
        var resultHashes = [UInt64?](repeating: nil, count: documents)
        let resultsFolder = SearchIndexBuilder.folder + "d/"
        var k = OutputManifest.lowerBound(outputs.entries, resultsFolder) { $0.path }
        while k < outputs.entries.count, outputs.entries[k].path.utf8.starts(with: resultsFolder.utf8) {
            let e = outputs.entries[k]
            if let name = e.path.split(separator: "/").last, name.hasSuffix(".json"), let n = Int(name.dropLast(5)),
                n >= 0, n < documents, e.path == SearchIndexBuilder.documentPath(n) {
                resultHashes[n] = e.hash
            }
            k += 1
        }
        var shardHashes: [(UInt64, UInt64)] = []
        for s in 0..<shards {
            func hash(_ p: String) -> UInt64? {
                let i = OutputManifest.lowerBound(outputs.entries, p) { $0.path }
                return i < outputs.entries.count && outputs.entries[i].path == p ? outputs.entries[i].hash : nil
            }
            guard let g = hash(SearchIndexBuilder.gramShardPath(s)), let p = hash(SearchIndexBuilder.positionShardPath(s))
            else { return nil }
            shardHashes.append((g, p))
        }
        var tail: [(path: String, bytes: [UInt8])] = []
        for name in SearchIndexBuilder.facetNames {
            let p = SearchIndexBuilder.facetPath(name)
            guard let b = published(p) else { return nil }
            tail.append((p, b))
        }
        for s in 0..<SearchIndexBuilder.numberShardCount(documents) {
            let p = SearchIndexBuilder.numberShardPath(s)
            guard let b = published(p) else { return nil }
            tail.append((p, b))
        }
        let oldHashes = resultHashes.compactMap { $0 }
        guard oldHashes.count == documents,
            BodyPatch.indexVersion(resultHashes: oldHashes, shardHashes: shardHashes, files: tail) == oldVersion
        else { return nil }
        var newHashes = oldHashes
        newHashes[id] = FastHash.hash(result)
        for (s, h) in newShardHashes { shardHashes[s] = h }
        let version = BodyPatch.indexVersion(resultHashes: newHashes, shardHashes: shardHashes, files: tail)
        writes.append((SearchIndexBuilder.metaPath, Array(meta[..<versionRange.lowerBound]) + Array(version.utf8)
                       + Array(meta[versionRange.upperBound...])))

        return (writes, listBytes, changedShards.count)
    }
}

extension BuildCacheSession {
    /// The build, when only one document's body changed since the last build and `BodyPatch` can
    /// patch the site for it; nil when a full build is needed (nothing was changed then). Throws
    /// when the site cannot be updated after all (as a full build would).
    func patchBody(_ options: BuildOptions) throws -> BuildOutcome? {
        var clock = StageClock()
        guard let previous, let fingerprint, options.renderer is CMarkGFMRenderer,
            let plan = PatchPlan.load(from: folder), plan.digest == previous.digest, plan.segmentSize == options.searchSegmentSize,
            plan.options == PatchPlan.optionsHash(fingerprint.options)
        else { return nil }
        // Exactly one input's bytes changed, and it is a document the plan can patch.
        let now = fingerprint.entries, before = previous.inputs
        guard now.count == before.count else { return nil }
        var changed: Int? = nil
        for i in now.indices {
            guard now[i].key == before[i].key else { return nil }
            if now[i].hash != before[i].hash {
                guard changed == nil else { return nil }
                changed = i
            }
        }
        let prefix = "content/"
        guard let c = changed, now[c].key.hasPrefix(prefix) else { return nil }
        let path = String(now[c].key.dropFirst(prefix.count))
        guard let id = plan.id(of: path), plan.patchable[id], id >= plan.segmentSize else { return nil }
        guard let outputs = previous.outputs.verify(folder: options.outputFolder) else { return nil }
        let site = options.outputFolder + "/"
        /// A file of the site, when its bytes are the ones the manifest records.
        func published(_ sitePath: String) -> [UInt8]? {
            let k = OutputManifest.lowerBound(outputs.entries, sitePath) { $0.path }
            guard k < outputs.entries.count, outputs.entries[k].path == sitePath,
                let bytes = try? ContentLoader.readBytes(site + sitePath), FastHash.hash(bytes) == outputs.entries[k].hash
            else { return nil }
            return bytes
        }

        // Decoding: the old document from the memo (its bytes the last build's), the new one
        // decoded; everything but the body must be the same.
        guard let memo = DecodeMemo.load(from: folder), memo.context == plan.decodeContext,
            memo.has(path, hash: before[c].hash), let old = memo.result(path), let oldDocument = old.document,
            let bytes = BodyPatch.input(path, hash: now[c].hash, options: options),
            let catalogueEntry = now.first(where: { $0.key == prefix + ContentLoader.catalogueFileName }),
            let catalogueBytes = BodyPatch.input(ContentLoader.catalogueFileName, hash: catalogueEntry.hash, options: options)
        else { return nil }
        let catalogueFile = SourceFile(contentPath: ContentLoader.catalogueFileName,
                                       displayPath: ContentLoader.display(options.contentFolder, ContentLoader.catalogueFileName),
                                       bytes: catalogueBytes)
        guard let catalogue = CatalogueDecoder.decode(catalogueFile, contentRoot: options.contentFolder).0 else { return nil }
        // Decoding asks the list of content files about attachments only: the old document's (the
        // new one's, when its front matter is the same).
        let attachments = Set(oldDocument.attachments.map { prefix + $0.contentPath })
        let files = Set(attachments.isEmpty ? [] : now.lazy.filter { attachments.contains($0.key) }.map { String($0.key.dropFirst(prefix.count)) })
        let (decoded, found) = DocumentDecoder(catalogue: catalogue, contentFiles: files)
            .decode(SourceFile(contentPath: path, displayPath: ContentLoader.display(options.contentFolder, path), bytes: bytes))
        guard let newDocument = decoded, found == old.diagnostics, newDocument.waivers.isEmpty,
            newDocument.metadataDigest == oldDocument.metadataDigest
        else { return nil }

        // Rendering. A link's URL depends on the other documents: the old body's come from the body
        // memo (what the last build's renderer was answered; the old page must show exactly that
        // rendering, which checks them), and the new body may use only destinations the old one had.
        // The same anchors (links into it) and the same number of articles (the page's extras).
        let renderer = options.renderer
        func render(_ d: Document, urls: [String: String?]) -> BodyPatch.Rendering? {
            var complete = true
            var asked: [(destination: String, url: String?)] = []
            let raw = renderer.render(d.body) { destination in
                guard let url = urls[destination] else {
                    complete = false
                    return nil
                }
                if !asked.contains(where: { $0.destination == destination }) { asked.append((destination, url)) }
                return url
            }
            guard complete else { return nil }
            let (page, articles) = SitePages.pageBody(raw, isInterpretation: d.isInterpretation)
            return BodyPatch.Rendering(raw: raw, page: page, articles: articles, rewrites: asked)
        }
        let pagePath = SitePaths.document(newDocument.indexNo), resultPath = SearchIndexBuilder.documentPath(id)
        guard let oldPage = published(pagePath), let oldResult = published(resultPath) else { return nil }
        func attempt(_ urls: [String: String?]) -> (was: BodyPatch.Rendering, body: BodyPatch.Rendering, page: [UInt8])? {
            guard let was = render(oldDocument, urls: urls), let body = render(newDocument, urls: urls),
                let page = BodyPatch.splice(oldPage, replacing: Array(was.page.html.utf8), with: Array(body.page.html.utf8))
            else { return nil }
            return (was, body, page)
        }
        // Without links first; the memo is opened only for a body with links.
        var rendered = attempt([:])
        var bodies: BodyReuse? = nil
        if rendered == nil {
            bodies = bodyReuse(renderer: renderer)
            for rewrites in bodies?.previous?.rewrites(bodyLength: oldDocument.bodyUTF8Count, hash: oldDocument.bodyHash,
                                                       isInterpretation: oldDocument.isInterpretation) ?? [] {
                rendered = attempt(Dictionary(rewrites.map { ($0.destination, $0.url) }, uniquingKeysWith: { a, _ in a }))
                if rendered != nil { break }
            }
        }
        guard let (was, body, page) = rendered, was.articles == body.articles,
            LinkRule.anchors(of: was.raw) == LinkRule.anchors(of: body.raw),
            BodyPatch.templatesShowBodyOnce(options.templatesFolder),
            let result = BodyPatch.resultFile(oldResult, oldText: was.raw.plainText, newText: body.raw.plainText)
        else { return nil }
        var writes: [(path: String, bytes: [UInt8])] = [(pagePath, page), (resultPath, result)]

        // The report: the document rules' findings about the old text out, the new text's in; the
        // link rule's findings moved to where the links are now.
        guard let reportParts = reportPatched(previous.reportParts, old: oldDocument, new: newDocument, catalogue: catalogue,
                                              catalogueFile: catalogueFile, options: options, inputs: now,
                                              links: (was.raw.links, body.raw.links))
        else { return nil }

        // The search index.
        guard let index = BodyPatch.searchIndex(patching: id, plan: plan, outputs: outputs, published: published,
                                                oldText: was.raw.plainText, newText: body.raw.plainText, result: result)
        else { return nil }
        writes += index.writes
        guard var report = CachedReportPart.report(from: reportParts) else { return nil }

        // Decided: the files are written and put in place as a full build puts them.
        var timings: [(stage: String, seconds: Double)] = []
        clock.lap("patch", into: &timings)
        let writer = try SiteWriter(output: options.outputFolder, contentRoot: options.contentFolder, reusing: outputs)
        writer.carryPublished(except: Set(writes.map(\.path)))
        do {
            for w in writes { try writer.write(.file(path: w.path, bytes: w.bytes)) }
            try writer.commit(invalidatingCache: { try self.invalidate() })
        } catch {
            writer.abort()
            throw error
        }
        clock.lap("commit", into: &timings)
        report.filesWritten = writer.filesWritten
        report.bytesWritten = writer.bytesWritten
        let head = CachedReportPart.head(documentCount: report.documentCount, filesWritten: report.filesWritten,
                                         bytesWritten: report.bytesWritten, waived: report.waived)
        if let manifest = writer.committedManifest() {
            record(reportParts: reportParts.map { $0.key == "h" ? head : $0 }, outputs: manifest)
            var next = plan
            (next.digest, next.listBytes) = (fingerprint.digest, index.listBytes)
            try? next.save(to: folder)
            // The new text's decoding, for the next build (another edit of the same document is patched too).
            try? memo.replacing(path, hash: now[c].hash, with: DecodeMemo.encode(newDocument.keepingMetadataDigest(), found),
                                in: folder)
            // And its rendering, when it has links (their answers are what a next patch needs).
            if let memo = bodies?.previous, !body.rewrites.isEmpty {
                var w = CacheWriter()
                RememberedBody(body: body.page, articleCount: body.articles, isInterpretation: newDocument.isInterpretation,
                               rewrites: body.rewrites)
                    .encode(bodyLength: newDocument.bodyUTF8Count, htmlHash: FastHash.hash(body.page.html),
                            textHash: FastHash.hash(body.page.plainText), into: &w)
                try? memo.adding(hash: newDocument.bodyHash, payload: w.bytes, in: folder)
            }
        } else {
            note = "无法读取新站点目录的状态：未写入构建缓存，下次仍完整构建。"
        }
        clock.lap("cache record", into: &timings)
        var outcome = BuildOutcome(diagnostics: report.diagnostics, waived: report.waived, published: true,
                                   documentCount: plan.documents, filesWritten: writer.filesWritten,
                                   bytesWritten: writer.bytesWritten, timings: timings)
        outcome.filesReused = writer.filesReused
        outcome.bodyPatched = true
        outcome.searchShardsPatched = index.shardsPatched
        outcome.documentsRemembered = plan.documents - 1
        if note == nil {
            note = "只改了 \(newDocument.displayPath) 的正文：直接更新了 \(writer.filesWritten - writer.filesReused) 个文件（构建缓存 \(folder)/）。"
        }
        outcome.cacheNote = note
        return outcome
    }

    /// The report's parts with the document rules' findings about `old` replaced by those about
    /// `new` (the same file); nil when that cannot be done exactly (the report not in parts by file,
    /// an old finding not in it, an error in the new text, or findings the report's order could not
    /// tell apart).
    private func reportPatched(_ parts: [CachedReportPart], old: Document, new: Document, catalogue: Catalogue,
                               catalogueFile: SourceFile, options: BuildOptions, inputs: [InputEntry],
                               links: (old: [BodyLink], new: [BodyLink])) -> [CachedReportPart]? {
        guard !parts.contains(where: { $0.key == "w" }) else { return nil }
        // The data files the rules read: every top-level .yaml, .yml and .txt besides the catalogue.
        var dataFiles: [String: SourceFile] = [:]
        for e in inputs where e.key.hasPrefix("content/") {
            let name = String(e.key.dropFirst("content/".count))
            guard ContentLoader.isDataFile(name) else { continue }
            guard let bytes = BodyPatch.input(name, hash: e.hash, options: options) else { return nil }
            dataFiles[name] = SourceFile(contentPath: name, displayPath: ContentLoader.display(options.contentFolder, name), bytes: bytes)
        }
        let source = ContentSource(root: options.contentFolder, catalogue: catalogueFile, documents: [], allFiles: [],
                                   fileSizes: [:], dataFiles: dataFiles)
        let rules = CheckRunner.standardRules.compactMap { $0 as? any DocumentRule }
        func findings(_ d: Document) -> [Diagnostic] {
            // A document rule's scan looks at its document alone (`DocumentRule`).
            let model = Linker.link([d], catalogue: catalogue, today: options.today).0
            let input = CheckInput(model: model, source: source, renderer: options.renderer)
            let pieces = TextPiece.all(of: d)
            var found: [Diagnostic] = []
            for rule in rules {
                let scanner = rule.scanner(input)
                found += scanner.scan(d, scanner.readsPieces ? pieces : [])
            }
            return CheckRunner.settle(found, model: model).diagnostics
        }
        // Findings both texts give (of the front matter: the same) cancel out.
        var gone = findings(old), added: [Diagnostic] = []
        for f in findings(new) {
            if let i = gone.firstIndex(of: f) { gone.remove(at: i) } else { added.append(f) }
        }
        guard !added.contains(where: { $0.severity == .error }) else { return nil }
        let key = "d" + new.displayPath
        var lower = 0, upper = parts.count
        while lower < upper {
            let mid = (lower + upper) / 2
            if ByteOrder.less(parts[mid].key, key) { lower = mid + 1 } else { upper = mid }
        }
        let exists = lower < parts.count && parts[lower].key == key
        var list: [Diagnostic] = []
        if exists {
            guard let d = try? parts[lower].diagnostics() else { return nil }
            list = d
        }
        for f in gone {
            guard let i = list.firstIndex(of: f) else { return nil }
            list.remove(at: i)
        }
        list += added
        guard BodyPatch.moveLinkFindings(&list, old: (old, links.old), new: (new, links.new)) else { return nil }
        list = list.indices.sorted { a, b in
            Diagnostic.reportOrder(sameFile: list[a], list[b]) || (!Diagnostic.reportOrder(sameFile: list[b], list[a]) && a < b)
        }.map { list[$0] }
        for i in list.indices.dropFirst() where !Diagnostic.reportOrder(sameFile: list[i - 1], list[i]) && list[i - 1] != list[i] {
            return nil
        }
        var out = parts
        if list.isEmpty {
            if exists { out.remove(at: lower) }
        } else if exists {
            out[lower] = CachedReportPart.file(new.displayPath, list)
        } else {
            out.insert(CachedReportPart.file(new.displayPath, list), at: lower)
        }
        return out
    }
}
