import Testing
@testable import GongkaiKit

/// The byte-level fast paths of `TextDecoding` and `FrontMatter.split` against the rules they replace:
/// validation by the standard library (with a byte walk only to say where a file goes wrong) and
/// fences found on UTF-8 bytes.
@Suite("Text decoding and front matter split")
struct TextAndFrontMatterTests {
    @Test func validTextIsDecodedAsIs() throws {
        let text = "---\ntitle: 示例\n---\n正文，含全角“引号”与 emoji 🙂。\n"
        #expect(try TextDecoding.decode(Array(text.utf8)).get() == text)
    }

    @Test func byteOrderMarkAndCarriageReturnsGo() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a\r\nb\rc\n".utf8)
        #expect(try TextDecoding.decode(bytes).get() == "a\nb\nc\n")
        #expect(try TextDecoding.decode([]).get() == "")
    }

    /// Every kind of ill-formed sequence is refused, at the line and column of its first byte.
    @Test(arguments: [
        ([0xB2, 0xE2], "lone continuation / GBK"),
        ([0xC0, 0xAF], "overlong two-byte"),
        ([0xE0, 0x80, 0xAF], "overlong three-byte"),
        ([0xED, 0xA0, 0x80], "surrogate"),
        ([0xF4, 0x90, 0x80, 0x80], "above U+10FFFF"),
        ([0xE4, 0xB8], "cut short"),
        ([0xFF], "never UTF-8"),
    ] as [([UInt8], String)])
    func illFormedSequencesAreFound(bytes: [UInt8], _ kind: String) {
        let input = Array("第一行\n前缀".utf8) + bytes + Array("后".utf8)
        guard case .failure(let bad) = TextDecoding.decode(input) else {
            Issue.record("\(kind) was accepted")
            return
        }
        #expect(bad == TextDecoding.InvalidUTF8(line: 2, column: 3), "\(kind)")
    }

    @Test func fencesMayCarryTrailingSpacesAndYAMLMayEndWithDots() throws {
        let spaced = try FrontMatter.split("--- \t\ntitle: 甲\n---  \n正文\n").get()
        #expect(spaced.yaml == "title: 甲\n")
        #expect(spaced.body == "正文\n")
        #expect(spaced.bodyFirstLine == 4)
        let dots = try FrontMatter.split("---\ntitle: 乙\nissuer: 丙\n...\n\n正文").get()
        #expect(dots.yaml == "title: 乙\nissuer: 丙\n")
        #expect(dots.body == "\n正文")
        #expect(dots.bodyFirstLine == 5)
        let atEnd = try FrontMatter.split("---\ntitle: 丁\n---").get()
        #expect(atEnd.body == "")
    }

    func failure(_ text: String) -> FrontMatter.SplitError? {
        guard case .failure(let e) = FrontMatter.split(text) else { return nil }
        return e
    }

    @Test func onlyWholeFenceLinesCount() {
        #expect(failure("----\ntitle: 甲\n---\n") == .missing)
        #expect(failure(" ---\ntitle: 甲\n---\n") == .missing)
        #expect(failure("---\ntitle: 甲\n--- 正文\n----\n") == .unterminated)
        #expect(failure("---\ntitle: ---\n") == .unterminated)
        // A combining mark after a fence makes it another line, as it did when lines were compared by characters.
        #expect(failure("---\ntitle: 甲\n---\u{301}\n") == .unterminated)
        #expect(failure("") == .missing)
    }
}
