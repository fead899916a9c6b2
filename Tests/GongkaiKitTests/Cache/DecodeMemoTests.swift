import Foundation
import Testing
@testable import GongkaiKit

/// The decode stage's memo (`documents.cache`): unchanged Markdown files are neither read nor
/// decoded in a `--cache` build, and whatever it skipped, the site and the report are a clean build's.
@Suite("Decode memo")
struct DecodeMemoTests {
    static func markdownCount(_ s: CachedSite) throws -> Int {
        try TestSite.files(under: s.site.content).keys.count { $0.hasSuffix(".md") }
    }

    @Test func bodyEditDecodesOnlyThatFile() throws {
        let s = try CachedSite(generated: 8)
        let first = try s.build()
        #expect(first.documentsRemembered == 0)
        #expect(FileManager.default.fileExists(atPath: s.cache.appendingPathComponent(DecodeMemo.fileName).path))
        try s.site.write(CachedSite.path(3), CachedSite.document(3, body: "第一条 第3项工作改为按新规定办理。\n"))
        let edited = try s.build()
        #expect(edited.documentsRemembered == (try Self.markdownCount(s)) - 1)
        try s.expectSameAsCleanBuild(edited, "one body edited")
        // An error found while decoding is reported again by later builds that do not decode the file.
        try s.site.write(CachedSite.path(5), CachedSite.document(5, published: "2024-02-30"))
        let failed = try s.build()
        #expect(!failed.published && failed.diagnostics.hasErrors)
        try s.site.write(CachedSite.path(4), CachedSite.document(4, body: "第一条 又一次修改。\n"))
        let again = try s.build()
        let clean = try Pipeline.build(s.options(output: s.site.root.appendingPathComponent("clean-failing"), cached: false))
        #expect(!again.published && again.diagnostics == clean.diagnostics)
        #expect(again.diagnostics.contains { $0.location.file.hasSuffix(CachedSite.path(5)) })
        // Fixed: published, and the same as a clean build.
        try s.site.write(CachedSite.path(5), CachedSite.document(5))
        let fixed = try s.build()
        #expect(fixed.documentsRemembered == (try Self.markdownCount(s)) - 1)
        try s.expectSameAsCleanBuild(fixed, "error fixed")
    }

    /// The decode stage keeps its results batch by batch (`DecodeReuse.keep`), so that no batch's
    /// encoded results are held past it: remembered results before the first new one are written
    /// once one comes (in order), a build whose results are all remembered leaves the memo as it is,
    /// and one that lost a file writes it without that file.
    @Test func resultsKeptBatchByBatch() throws {
        let folder = NSTemporaryDirectory() + "gongkai-decode-batches-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/" + DecodeMemo.fileName
        func payload(_ s: String) -> ArraySlice<UInt8> { Array(String(repeating: s, count: 50).utf8)[...] }
        func reuse(_ hashes: [String: UInt64]) -> (DecodeReuse, Set<String>) {
            let r = DecodeReuse(folder: folder, fileHashes: hashes, program: 9)
            let remembered = r.remembered(contentFolder: "content", catalogue: nil, files: Set(hashes.keys),
                                          markdown: hashes.keys.sorted())
            return (r, remembered)
        }
        func stored(_ name: String) -> String? {
            DecodeMemo.load(from: folder)?.file.payload(name).map { String(decoding: $0.bytes, as: UTF8.self) }
        }

        var (r, remembered) = reuse(["a.md": 1, "b.md": 2, "c.md": 3])
        #expect(remembered.isEmpty)
        r.keep([("a.md", 1, payload("甲"))], reused: 0)
        r.keep([("b.md", 2, payload("乙")), ("c.md", 3, payload("丙"))], reused: 0)
        r.finishKeeping()
        #expect(stored("a.md") == String(repeating: "甲", count: 50) && stored("c.md") == String(repeating: "丙", count: 50))

        // c.md edited: a.md and b.md (the first batch) are carried, c.md appended.
        (r, remembered) = reuse(["a.md": 1, "b.md": 2, "c.md": 4])
        #expect(remembered == ["a.md", "b.md"])
        let before = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        r.keep([("a.md", 1, MemoFile.carriedOver), ("b.md", 2, MemoFile.carriedOver)], reused: 2)
        r.keep([("c.md", 4, payload("丁"))], reused: 0)
        r.finishKeeping()
        #expect(r.reused == 2 && r.decodedHashes == ["a.md": 1, "b.md": 2, "c.md": 4])
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int == before)
        let memo = try #require(DecodeMemo.load(from: folder))
        #expect(memo.count == 3 && memo.has("a.md", hash: 1) && memo.has("b.md", hash: 2) && memo.has("c.md", hash: 4))
        #expect(stored("b.md") == String(repeating: "乙", count: 50) && stored("c.md") == String(repeating: "丁", count: 50))

        // Nothing changed: every batch remembered, the memo left as it is.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        (r, remembered) = reuse(["a.md": 1, "b.md": 2, "c.md": 4])
        r.keep([("a.md", 1, MemoFile.carriedOver)], reused: 1)
        r.keep([("b.md", 2, MemoFile.carriedOver), ("c.md", 4, MemoFile.carriedOver)], reused: 2)
        r.finishKeeping()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)

        // b.md gone (the list of files changed: another context, every file decoded again).
        (r, remembered) = reuse(["a.md": 1, "c.md": 4])
        #expect(remembered.isEmpty)
        r.keep([("a.md", 1, payload("戊")), ("c.md", 4, payload("己"))], reused: 0)
        r.finishKeeping()
        #expect(DecodeMemo.load(from: folder)?.count == 2 && stored("b.md") == nil && stored("a.md") == String(repeating: "戊", count: 50))
    }

    /// Decoding depends on the catalogue and on the list of files (attachments are checked against
    /// it): a change to either decodes every file again.
    @Test(arguments: ["catalogue", "attachment", "renamed folder"])
    func contextChangeDecodesEverything(change: String) throws {
        let s = try CachedSite(generated: 6)
        try s.build()
        switch change {
        case "catalogue":
            let path = s.site.content.appendingPathComponent("catalogue.yaml")
            try (String(contentsOf: path, encoding: .utf8) + "\n# 注释\n").write(to: path, atomically: false, encoding: .utf8)
        case "attachment":
            try s.site.write("zcwj/gfxwj/files/附件.pdf", "%PDF-1.4 示例")
        default:
            try s.site.remove(CachedSite.path(2))
            try s.site.write(CachedSite.path(2, category: "qtwj"), CachedSite.document(2, category: "zcwj.qtwj"))
        }
        let outcome = try s.build()
        #expect(outcome.documentsRemembered == 0, "\(change)")
        try s.expectSameAsCleanBuild(outcome, change)
        // And the new memo serves the next build.
        try s.site.write(CachedSite.path(1), CachedSite.document(1, title: "测试市关于第1项工作的补充通知"))
        let next = try s.build()
        #expect(next.documentsRemembered == (try Self.markdownCount(s)) - 1)
        try s.expectSameAsCleanBuild(next, "\(change), then a title edit")
    }

    /// A damaged memo is not used (its index's hash fails): every file is decoded. A damaged entry
    /// fails its own hash: that file is decoded. The site is still right.
    @Test(arguments: ["flip-entry", "flip-index", "truncate", "empty"])
    func damagedMemoIsIgnored(damage: String) throws {
        let s = try CachedSite(generated: 4)
        try s.build()
        let memo = s.cache.appendingPathComponent(DecodeMemo.fileName)
        var bytes = [UInt8](try Data(contentsOf: memo))
        let store = try #require(MemoStore.open(memo.path, magic: DecodeMemo.magic, version: DecodeMemo.formatVersion))
        switch damage {
        case "flip-entry": bytes[store.entries.first { $0.name == CachedSite.path(2) }!.payload.lowerBound + 20] ^= 0x20
        case "flip-index": bytes[bytes.count - 30] ^= 0x20
        case "truncate": bytes.removeLast(bytes.count / 3)
        default: bytes = []
        }
        try Data(bytes).write(to: memo)
        try s.site.write(CachedSite.path(0), CachedSite.document(0, body: "第一条 修改。\n"))
        let outcome = try s.build()
        #expect(outcome.documentsRemembered == (damage == "flip-entry" ? (try Self.markdownCount(s)) - 2 : 0), "\(damage)")
        try s.expectSameAsCleanBuild(outcome, "memo \(damage)")
        // Whole again.
        try s.site.write(CachedSite.path(1), CachedSite.document(1, body: "第一条 又修改。\n"))
        let next = try s.build()
        #expect(next.documentsRemembered == (try Self.markdownCount(s)) - 1, "\(damage)")
        try s.expectSameAsCleanBuild(next, "after memo \(damage)")
    }

    /// A rebuild after one edit appends to the memo (same file, a frame and an index more) instead
    /// of writing every document again; a build stopped before pointing the memo at its new index
    /// leaves the last one in force.
    @Test func editAppendsToTheMemo() throws {
        let s = try CachedSite(generated: 30)
        try s.build()
        let memo = s.cache.appendingPathComponent(DecodeMemo.fileName)
        let first = [UInt8](try Data(contentsOf: memo))
        let inode = try FileManager.default.attributesOfItem(atPath: memo.path)[.systemFileNumber] as? Int
        try s.site.write(CachedSite.path(3), CachedSite.document(3, body: "第一条 第3项工作改为按新规定办理。\n"))
        let edited = try s.build()
        try s.expectSameAsCleanBuild(edited, "one body edited")
        let second = [UInt8](try Data(contentsOf: memo))
        #expect(try FileManager.default.attributesOfItem(atPath: memo.path)[.systemFileNumber] as? Int == inode)
        let store = try #require(MemoStore.open(memo.path, magic: DecodeMemo.magic, version: DecodeMemo.formatVersion))
        let frame = store.entries.first { $0.name == CachedSite.path(3) }!.payload.count + 16
        #expect(second.count - first.count == frame + store.indexLength + 16)
        // Stopped before the header pointed at the new index: the old one holds, the site is right.
        try Data(MemoStore.stoppedAppend(second, before: first, magic: DecodeMemo.magic)).write(to: memo)
        try s.site.write(CachedSite.path(4), CachedSite.document(4, body: "第一条 第4项工作改为按新规定办理。\n"))
        let next = try s.build()
        #expect(next.documentsRemembered == (try Self.markdownCount(s)) - 2)
        try s.expectSameAsCleanBuild(next, "after a stopped append")
    }

    /// Every field of a document survives the codec (compared field by field through `Mirror`, so a
    /// field added to `Document` and forgotten in `DocumentCodec` fails here), and so do the findings.
    @Test func codecKeepsEveryField() throws {
        var locations = FieldLocations()
        for (k, field) in Field.allCases.enumerated() { locations[field] = (k + 2, k + 1) }
        let here = SourceLocation(file: "content/zcwj/jd/a.md", line: 7, column: 3)
        let document = Document(
            contentPath: "zcwj/jd/a.md", displayPath: "content/zcwj/jd/a.md", title: "关于《办法》的解读",
            indexNo: IndexNumber(rawValue: "11999900MB0000001X/2025-00012"), category: CategoryPath(["zcwj", "jd"]),
            issuer: "示例市人民政府", docNo: DocumentNumber(rawValue: "示政发〔2025〕2号"),
            written: CalendarDate(iso: "1958-03-01"), published: CalendarDate(iso: "2025-02-03")!,
            effective: CalendarDate(iso: "2025-03-01"), expires: CalendarDate(iso: "2030-02-28"),
            declaredStatus: .repealed, topics: ["综合政务", "财政"], revises: IndexNumber(rawValue: "11999900MB0000001X/2020-00001"),
            repealedBy: IndexNumber(rawValue: "11999900MB0000001X/2026-00002"),
            interprets: [IndexNumber(rawValue: "11999900MB0000001X/2025-00011"), IndexNumber(rawValue: "11999900MB0000001X/2025-00010")],
            form: .questions, stage: .implementation,
            attachments: [Attachment(title: "附件1", contentPath: "zcwj/jd/files/a.pdf", fileName: "a.pdf", location: here)],
            waivers: [Waiver(code: DiagnosticCode(rawValue: "pii.phone"), reason: "12345 热线", location: here)],
            body: "第一条 正文。\n\n| 表 | 格 |\n", bodyLine: 19, fieldLocations: locations)
        let findings = [Diagnostic.warning("wording.fullwidth-digit", at: here, "全角数字", suggestion: "改为半角"),
                        Diagnostic.error("date.invalid", at: here, "日期无效")]
        var w = CacheWriter()
        DocumentCodec.encode(document, findings, into: &w)
        var r = CacheReader(w.bytes)
        let (decoded, diagnostics) = try DocumentCodec.decode(&r)
        #expect(r.atEnd)
        #expect(diagnostics == findings)
        let copy = try #require(decoded)
        let a = Mirror(reflecting: document).children, b = Mirror(reflecting: copy).children
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            #expect(x.label == y.label)
            #expect(String(reflecting: x.value) == String(reflecting: y.value), "\(x.label ?? "?")")
        }
        #expect(copy.location(of: .title) == document.location(of: .title))

        // The body left in the reader's bytes (`StoredText`, as the decode memo reads it) reads the
        // same, hashes the same without being made a String, and encodes to the same bytes.
        var sr = CacheReader(w.bytes)
        var stored = try #require(try DocumentCodec.decode(&sr, storingBody: true).0)
        #expect(sr.atEnd)
        #expect(stored.body == document.body)
        #expect(stored.bodyHash == FastHash.hash(document.body) && stored.bodyHash == document.bodyHash)
        #expect(stored.bodyUTF8Count == document.body.utf8.count && stored.bodyUTF8Count == document.bodyUTF8Count)
        #expect(stored.withBodyUTF8 { Array($0) } == Array(document.body.utf8))
        var again = CacheWriter()
        DocumentCodec.encode(stored, findings, into: &again)
        #expect(again.bytes == w.bytes)
        stored.body = "改写。\n"
        #expect(stored.body == "改写。\n" && stored.bodyHash == FastHash.hash("改写。\n") && stored.bodyUTF8Count == 10)

        // The digest of every field but the body (what keys the pages that list a document): the
        // body leaves it as it is, any other field changes it; the decode memo keeps it with the
        // document, and a changed field drops the kept one.
        var rebodied = document
        rebodied.body = "别的正文。\n"
        #expect(rebodied.metadataDigest == document.metadataDigest)
        var retitled = document
        retitled.title = "另一个标题"
        #expect(retitled.metadataDigest != document.metadataDigest)
        var mr = CacheReader(Array(DecodeMemo.encode(document, findings)))
        let digest = try mr.u64()
        var remembered = try #require(try DocumentCodec.decode(&mr, storingBody: true, metadataDigest: digest).0)
        #expect(mr.atEnd && digest == document.metadataDigest && remembered.metadataDigest == digest)
        remembered.title = "另一个标题"
        #expect(remembered.metadataDigest == retitled.metadataDigest)

        // No document (a file with errors): only the findings.
        var none = CacheWriter()
        DocumentCodec.encode(nil, findings, into: &none)
        var nr = CacheReader(none.bytes)
        let (nothing, found) = try DocumentCodec.decode(&nr)
        #expect(nothing == nil && found == findings)

        // Cut anywhere, the encoding is an error, never a crash.
        for cut in stride(from: 0, to: w.bytes.count - 1, by: 7) {
            var short = CacheReader(Array(w.bytes[0..<cut]))
            #expect(throws: (any Error).self) { try DocumentCodec.decode(&short) }
        }
    }
}
