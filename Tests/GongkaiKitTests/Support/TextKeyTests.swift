import Testing
@testable import GongkaiKit

@Suite("Text keys")
struct TextKeyTests {
    @Test func equalBytesAreOneKey() {
        var groups: [TextKey: Int] = [:]
        for name in ["国务院办公厅", "省人民政府", "国务院办公厅", "", "a"] { groups[TextKey(name), default: 0] += 1 }
        #expect(groups[TextKey("国务院办公厅")] == 2)
        #expect(groups[TextKey("省人民政府")] == 1)
        #expect(groups[TextKey("")] == 1)
        #expect(groups.count == 4)
    }

    /// Told apart by their bytes: "é" precomposed and "e" + combining accent are two keys, though
    /// `String` calls them equal (the build never normalises names behind the editor's back).
    @Test func bytesNotCanonicalEquivalence() {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        #expect(composed == decomposed)
        #expect(TextKey(composed) != TextKey(decomposed))
        #expect(TextKey(composed) == TextKey(String(decoding: Array(composed.utf8), as: UTF8.self)))
    }
}
