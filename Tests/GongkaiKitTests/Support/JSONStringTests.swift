import Testing
@testable import GongkaiKit

@Suite("JSON string escaping")
struct JSONStringTests {
    /// The escaping rules written per Unicode scalar, as the byte-wise `JSON.string` must agree with.
    func reference(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    @Test func agreesWithTheScalarRules() {
        let samples = [
            "", "政策解读", "a\"b\\c", "<script>&amp;</script>", "行1\n行2\r\n\t缩进",
            "\u{0}\u{1}\u{1F}\u{7F} end", "分段\u{2028}分行\u{2029}", "\u{2027}\u{202A}\u{20AC}€", "👍🏽 cafe\u{301}",
        ]
        for s in samples { #expect(JSON.string(s) == reference(s)) }
        #expect(JSON.string("\u{1F}") == "\"\\u001f\"")
    }

    /// The byte-built object of strings is `object` of `string`s, field for field.
    @Test func objectBytesAreTheObjectOfStrings() {
        let fields = [("i", "113701000041876450/2025-00012"), ("t", "关于<b>“测试”</b>的通知"), ("n", ""),
                      ("b", "第一条\n\t“引号”\u{2028}&\\"), ("é\"", "键也转义")]
        #expect(JSON.objectBytes(fields) == Array(JSON.object(fields.map { ($0.0, JSON.string($0.1)) }).utf8))
        #expect(JSON.objectBytes([]) == Array("{}".utf8))
    }
}
