import Testing
@testable import GongkaiKit

/// The index version (`meta.json`) hashes every result file's path and hash; the per-document
/// shortcuts give the bytes the path would have.
@Suite("Index version hash")
struct IndexVersionHashTests {
    @Test(arguments: [0, 7, 9, 10, 99, 100, 999, 1000, 37_700, 123_456_789])
    func decimalIsTheNumbersDigits(n: Int) {
        var a = FNV64(), b = FNV64()
        a.add(decimal: n)
        b.add(Array(String(n).utf8))
        #expect(a.value == b.value)
    }

    @Test func pathAndHashAsBytes() {
        let id = 37_700, hash: UInt64 = 0x0123_4567_89AB_CDEF
        var a = FNV64(), b = FNV64()
        a.add(SearchIndexBuilder.folder)
        a.add("d/")
        a.add(decimal: id / 1000)
        a.add("/")
        a.add(decimal: id)
        a.add(".json")
        a.add(littleEndian: hash)
        b.add(Array(SearchIndexBuilder.documentPath(id).utf8))
        withUnsafeBytes(of: hash.littleEndian) { b.add(Array($0)) }
        #expect(a.value == b.value)
        #expect(SearchIndexBuilder.documentPath(id) == "search/d/37/37700.json")
    }
}

/// The 发文字号 shards list their keys as strings compare; sorting by bytes first gives that order
/// whenever it is that order, and the strings' sort is used when it is not.
@Suite("Number shard order")
struct NumberShardOrderTests {
    func keys(_ entries: [(key: String, ids: Int)]) -> [String] { entries.map(\.key) }

    @Test func sameAsTheStringsSort() {
        let entries = ["济政办发〔2025〕2号", "abc", "国办发〔2024〕10号", "ABC", "济政发〔2025〕1号", "2025"].enumerated().map { ($1, $0) }
        #expect(keys(SearchIndexBuilder.stringOrder(entries)) == entries.map(\.0).sorted())
    }

    /// "Å" written as the Ångström sign sorts after "Æ" by its bytes, before it as a string.
    @Test func stringsOrderWhereBytesDiffer() {
        let angstrom = "\u{212B}", ae = "\u{00C6}"
        #expect(ByteOrder.less(ae, angstrom) && angstrom < ae)
        let sorted = SearchIndexBuilder.stringOrder([(ae, 0), (angstrom, 1), ("A", 2)])
        #expect(keys(sorted) == ["A", angstrom, ae])
        // Equal as strings, different bytes: ordered by bytes, whatever the input order.
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        #expect(keys(SearchIndexBuilder.stringOrder([(composed, 0), (decomposed, 1)])) == [decomposed, composed])
        #expect(keys(SearchIndexBuilder.stringOrder([(decomposed, 1), (composed, 0)])) == [decomposed, composed])
    }
}
