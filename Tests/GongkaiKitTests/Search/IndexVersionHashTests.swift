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
