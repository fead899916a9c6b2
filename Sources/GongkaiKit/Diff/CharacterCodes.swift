/// A text split into characters (grapheme clusters), each also given as a number from
/// `CharacterCodes`, so that diffs compare integers instead of `Character`s.
struct EncodedText {
    let text: String
    let characters: [Character]
    let codes: [Int32]
}

/// Numbers the distinct characters of the texts of one comparison: two characters get the same
/// number exactly when they are equal as `Character`s (canonical equivalence, so a precomposed
/// and a decomposed “é”, or U+212A KELVIN SIGN and “K”, share a number, as `==` says).
struct CharacterCodes {
    /// ASCII characters are their own codes; they are in the table too, so that a non-ASCII
    /// character equal to one of them (U+212A “K”) finds the same code.
    private static let ascii: [Character: Int32] = {
        var table: [Character: Int32] = [:]
        for byte in 0..<128 { table[Character(Unicode.Scalar(UInt8(byte)))] = Int32(byte) }
        return table
    }()

    private var table = CharacterCodes.ascii

    mutating func encode(_ text: String) -> EncodedText {
        var characters: [Character] = []
        var codes: [Int32] = []
        characters.reserveCapacity(text.utf8.count)
        codes.reserveCapacity(text.utf8.count)
        for c in text {
            characters.append(c)
            // "\r\n" is one Character whose asciiValue is that of "\n": look it up instead.
            if let a = c.asciiValue, a != 0x0A {
                codes.append(Int32(a))
            } else if let code = table[c] {
                codes.append(code)
            } else {
                let code = Int32(128 + table.count)
                table[c] = code
                codes.append(code)
            }
        }
        return EncodedText(text: text, characters: characters, codes: codes)
    }
}
