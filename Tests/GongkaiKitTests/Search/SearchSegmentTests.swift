import Foundation
import Testing
@testable import GongkaiKit

/// The index merged from segments must be byte for byte the one built by adding every document to
/// one `GramIndex` (`serial`), wherever the segments cut the gram lists and skip tables.
@Suite struct SearchSegmentTests {
    /// Documents from a small alphabet, so that bigrams recur in most documents (long lists,
    /// skip points in every segment, frequent bigrams, trigrams and 4-grams), with spaces, ASCII
    /// and a character outside the BMP.
    static func documents(_ count: Int, seed: UInt64, alphabet: Int = 10) -> [SearchDocument] {
        let letters = Array("政务公开营商环境数据共享安全生产乡村振兴").map(String.init).prefix(alphabet) + ["𠀀", " ", "a", "1"]
        var rng = SplitMix(seed: seed)
        func text(_ n: Int) -> String {
            (0..<n).map { _ in letters[Int(rng.next() % UInt64(letters.count))] }.joined()
        }
        return (0..<count).map { k in
            SearchDocument(indexNo: "X-\(k)", title: text(3 + Int(rng.next() % 8)),
                           docNo: rng.next() % 3 == 0 ? nil : "测政发〔2025〕\(k % 7)号",
                           issuer: rng.next() % 2 == 0 ? nil : "测试市人民政府", plainText: text(Int(rng.next() % 120)),
                           published: "2025-01-01", year: 2025 - k / 50, validity: .active, category: "zcwj.gfxwj",
                           categoryName: "政策文件", topics: k % 3 == 0 ? ["养老服务"] : [], url: "documents/X-\(k)/index.html")
        }
    }

    static func index(_ docs: [SearchDocument], segmentSize: Int, serial: Bool, viaSegments: Bool = false) throws -> [String: [UInt8]] {
        let builder = SearchIndexBuilder(segmentSize: segmentSize, serial: serial)
        var files: [String: [UInt8]] = [:]
        let lock = NSLock()  // shards are emitted from several threads
        let emit: (OutputItem) throws -> Void = { item in
            if case .file(let path, let bytes) = item { lock.withLock { files[path] = bytes } }
        }
        if viaSegments {
            // As the build does: documents recorded, each segment built on its own, then added.
            var start = 0
            while start < docs.count {
                let batch = docs[start..<min(start + segmentSize, docs.count)].map(SearchIndexBuilder.prepare)
                for p in batch {
                    builder.record(p.facets, docNoKey: p.docNoKey, resultHash: p.resultHash)
                    try emit(.file(path: SearchIndexBuilder.documentPath(files.count), bytes: p.resultFile))
                }
                let encoded = SearchIndexBuilder.segment(batch, frequent: builder.frequent, segmentSize: segmentSize)
                try encoded.withUnsafeBytes { try builder.addSegment($0) }
                start += segmentSize
            }
        } else {
            for d in docs { try builder.add(d, emit) }
        }
        try builder.finish(emit)
        return files
    }

    @Test(arguments: [(UInt64(1), 8, 100), (2, 5, 333), (3, 16, 16), (4, 32, 70), (5, 7, 3), (6, 64, 200), (7, 1024, 40)])
    func segmentsMergeToTheSerialIndex(seed: UInt64, segmentSize: Int, count: Int) throws {
        let docs = Self.documents(count, seed: seed, alphabet: 4 + Int(seed) % 10)
        let serial = try Self.index(docs, segmentSize: segmentSize, serial: true)
        let merged = try Self.index(docs, segmentSize: segmentSize, serial: false)
        let viaSegments = try Self.index(docs, segmentSize: segmentSize, serial: false, viaSegments: true)
        #expect(serial.keys.sorted() == merged.keys.sorted())
        for (path, bytes) in serial {
            #expect(merged[path] == bytes, "\(path)")
            #expect(viaSegments[path] == bytes, "\(path)")
        }
        // The lists really cross segments and skip points are there.
        #expect(serial.keys.contains { $0.hasPrefix("search/p/") })
    }

    @Test func damagedSegmentIsRefused() throws {
        let docs = Self.documents(20, seed: 9).map(SearchIndexBuilder.prepare)
        let encoded = SearchIndexBuilder.segment(docs, frequent: nil, segmentSize: 32)
        for cut in [1, encoded.count / 3, encoded.count - 1] {
            let builder = SearchIndexBuilder(segmentSize: 32)
            for p in docs { builder.record(p.facets, docNoKey: p.docNoKey, resultHash: p.resultHash) }
            #expect(throws: (any Error).self) { try Array(encoded[0..<cut]).withUnsafeBytes { try builder.addSegment($0) } }
        }
    }

    /// The segments of `docs` as a build makes them (segment 0 choosing the frequent bigrams).
    static func segments(_ docs: [SearchDocument], segmentSize: Int) throws -> [[UInt8]] {
        var out: [[UInt8]] = []
        var frequent: Set<UInt64>?
        var start = 0
        while start < docs.count {
            let batch = docs[start..<min(start + segmentSize, docs.count)].map(SearchIndexBuilder.prepare)
            out.append(SearchIndexBuilder.segment(batch, frequent: frequent, segmentSize: segmentSize))
            if frequent == nil { frequent = Set(try out[0].withUnsafeBytes { try GramIndex.segmentHeader($0).frequent }) }
            start += segmentSize
        }
        return out
    }

    /// Patching a shard (`ShardPatch`) with the changed segments of an edit gives the shard the full
    /// merge gives, byte for byte, and its list bytes grow by what the merge's do: edits that shift
    /// positions, add grams new to the site, remove the last documents of a gram, change titles
    /// (the title bit), in segment 0 too, one or two documents at once.
    @Test(arguments: [(UInt64(11), 16, 400), (12, 8, 260), (13, 32, 700), (14, 5, 90)])
    func patchedShardsAreTheMergedOnes(seed: UInt64, segmentSize: Int, count: Int) throws {
        var docs = Self.documents(count, seed: seed, alphabet: 6 + Int(seed) % 8)
        var rng = SplitMix(seed: seed &* 31)
        var before = try Self.index(docs, segmentSize: segmentSize, serial: false, viaSegments: true)
        var beforeSegments = try Self.segments(docs, segmentSize: segmentSize)
        var patchedRounds = 0
        for round in 0..<10 {
            var edited: Set<Int> = [round == 0 ? Int(rng.next() % UInt64(min(segmentSize, count))) : Int(rng.next() % UInt64(count))]
            if round % 3 == 2 { edited.insert(Int(rng.next() % UInt64(count))) }
            for k in edited {
                switch (round + k) % 5 {
                case 0: docs[k].plainText = String(docs[k].plainText.reversed()) + "安全"
                case 1: docs[k].plainText += "龘靐\(round)"  // grams no other document has
                case 2: docs[k].plainText = docs[k].plainText.replacingOccurrences(of: "龘", with: "")  // and gone again
                case 3: docs[k].title = "数据" + docs[k].title
                default: docs[k].plainText = String(docs[k].plainText.dropFirst(3))
                }
            }
            let after = try Self.index(docs, segmentSize: segmentSize, serial: false, viaSegments: true)
            let afterSegments = try Self.segments(docs, segmentSize: segmentSize)
            defer { (before, beforeSegments) = (after, afterSegments) }
            let frequent = { (s: [UInt8]) in try s.withUnsafeBytes { try GramIndex.segmentHeader($0).frequent } }
            let shards = before.keys.count { $0.hasPrefix("search/g/") }
            guard try frequent(beforeSegments[0]) == frequent(afterSegments[0]),
                shards == after.keys.count(where: { $0.hasPrefix("search/g/") })
            else { continue }  // the index is merged then
            let changed = afterSegments.indices.filter { afterSegments[$0] != beforeSegments[$0] }
            var grams = [[ChangedGram]](repeating: [], count: shards)
            var ranges: [Range<UInt32>] = []
            for k in changed {
                ranges.append(UInt32(k * segmentSize)..<UInt32(min((k + 1) * segmentSize, count)))
                try afterSegments[k].withUnsafeBytes {
                    try ShardPatch.collect($0, index: k, first: k * segmentSize, shards: shards,
                                           wanted: [Bool](repeating: true, count: shards), into: &grams)
                }
            }
            let all = [0..<UInt32(count)]
            var delta = 0, growth = 0
            for s in 0..<shards {
                let g = before["search/g/\(s).bin"]!, p = before["search/p/\(s).bin"]!
                let patched = try ShardPatch.patch(g: g, p: p, changed: ranges, grams: ShardPatch.sortedAndJoined(grams[s]),
                                                   frequent: Set(try frequent(afterSegments[0])))
                #expect(patched.g == after["search/g/\(s).bin"], "round \(round), shard \(s)")
                #expect(patched.p == after["search/p/\(s).bin"], "round \(round), shard \(s)")
                delta += patched.listDelta
                // Every document removed: minus the shard's list bytes.
                growth -= try ShardPatch.patch(g: after["search/g/\(s).bin"]!, p: after["search/p/\(s).bin"]!, changed: all,
                                               grams: [], frequent: []).listDelta
                growth += try ShardPatch.patch(g: g, p: p, changed: all, grams: [], frequent: []).listDelta
            }
            #expect(delta == growth, "round \(round)")
            patchedRounds += 1
        }
        #expect(patchedRounds >= 5)
    }
}
