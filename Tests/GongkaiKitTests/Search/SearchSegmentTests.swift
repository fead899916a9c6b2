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
        let emit: (OutputItem) throws -> Void = { item in
            if case .file(let path, let bytes) = item { files[path] = bytes }
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
}
