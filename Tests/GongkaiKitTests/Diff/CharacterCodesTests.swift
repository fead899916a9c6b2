import Testing
@testable import GongkaiKit

/// Diffs compare characters and paragraphs as numbers; the numbers must say “equal” exactly when
/// `==` on `Character` / `String` does, or compare pages would change.
@Suite("Character codes")
struct CharacterCodesTests {
    @Test func equalCharactersShareACodeAsEqualityDoes() {
        var codes = CharacterCodes()
        // precomposed é, decomposed e + U+0301, KELVIN SIGN vs K, CJK compatibility ideograph vs unified, CRLF vs LF
        let a = codes.encode("caf\u{E9} \u{212A} \u{F900} \r\n\n政策")
        let b = codes.encode("cafe\u{301} K \u{8C48} \n\r\n政策")
        #expect(a.characters.count == b.characters.count)
        for (x, (cx, cy)) in zip(a.characters, b.characters).enumerated() {
            #expect((a.codes[x] == b.codes[x]) == (cx == cy), "character \(x): \(cx) vs \(cy)")
        }
        #expect(a.codes[2] != a.codes[3])  // f ≠ é
    }

    @Test func encodedDiffAgreesWithCharacterDiff() {
        let pairs = [
            ("根据《物业管理条例》等法律", "根据《物业管理条例》《示例省物业管理条例》等法律"),
            ("caf\u{E9}\u{212A}第一条", "cafe\u{301}K第二条"),
            ("标记👍🏽完成\r\n", "标记👍🏿完成\n"),
        ]
        for (old, new) in pairs {
            let expected = Myers.diff(Array(old), Array(new))
            var codes = CharacterCodes()
            #expect(Myers.diff(codes.encode(old).codes, codes.encode(new).codes) == expected)
        }
    }

    @Test func canonicallyEquivalentParagraphsStayUnchanged() {
        let changes = ParagraphDiff.diff(["caf\u{E9}", "第一条"], ["cafe\u{301}", "第一条"])
        #expect(changes == [.unchanged("caf\u{E9}"), .unchanged("第一条")])
    }
}
