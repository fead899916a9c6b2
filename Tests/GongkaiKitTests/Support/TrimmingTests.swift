import Foundation
import Testing
@testable import GongkaiKit

@Suite("Trimming front-matter values")
struct TrimmingTests {
    /// The same result as Foundation's `trimmingCharacters(in: .whitespaces)`, which it replaces:
    /// ideographic and no-break spaces and tabs go, line breaks and other characters stay.
    @Test(arguments: ["", " ", "\t\u{3000}", " 示例市人民政府 ", "\u{3000}\u{3000}关于……的通知\u{3000}", "\u{00A0}a\u{00A0}",
                      "\n换行\n", " \u{2003}em\u{2009}thin\u{202F} ", "é\u{301} ", "a b", "\u{200B}零宽\u{200B}", "\u{FEFF}x"])
    func sameAsFoundation(text: String) {
        #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces))
    }
}
