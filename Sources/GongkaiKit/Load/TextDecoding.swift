import Foundation

/// Turns a file's bytes into text: UTF-8 only (reporting where it is not), a byte-order mark
/// dropped, CRLF and CR line ends made LF.
public enum TextDecoding {
    public struct InvalidUTF8: Error, Equatable {
        /// 1-based line and column (in characters) of the first byte that is not UTF-8.
        public var line: Int
        public var column: Int
    }

    public static func decode(_ bytes: [UInt8]) -> Result<String, InvalidUTF8> {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        let slice = bytes[start...]
        // The standard library's validation (vectorised) on the common path: valid UTF-8 is
        // validated once and copied once. Only a file that fails is walked byte by byte, to say where.
        guard var text = String(validating: slice, as: UTF8.self) else {
            return .failure(invalidPosition(bytes, start: start))
        }
        let hasCR = slice.withUnsafeBytes { $0.isEmpty ? false : memchr($0.baseAddress!, 0x0D, $0.count) != nil }
        if hasCR {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return .success(text)
    }

    /// Line and column of the first byte of `bytes[start...]` that is not UTF-8 (the text is known to be invalid).
    private static func invalidPosition(_ bytes: [UInt8], start: Int) -> InvalidUTF8 {
        let slice = bytes[start...]
        if let bad = firstInvalidOffset(slice) {
            let prefix = bytes[start..<bad]
            var line = 1
            var lineStart = start
            for (i, b) in zip(prefix.indices, prefix) where b == 0x0A {
                line += 1
                lineStart = i + 1
            }
            let column = (String(validating: bytes[lineStart..<bad], as: UTF8.self)?.count ?? 0) + 1
            return InvalidUTF8(line: line, column: column)
        }
        // Not reached: the standard library and this walk follow the same table of well-formed sequences.
        return InvalidUTF8(line: 1, column: 1)
    }

    /// Offset of the first byte that does not belong to a well-formed UTF-8 sequence.
    static func firstInvalidOffset(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let need: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; upper = 0x9F
            case 0xF0: need = 3; lower = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; upper = 0x8F
            default: return i
            }
            for k in 1...need {
                guard i + k < end else { return i }
                let c = bytes[i + k]
                let lo: UInt8 = k == 1 ? lower : 0x80
                let hi: UInt8 = k == 1 ? upper : 0xBF
                if c < lo || c > hi { return i }
            }
            i += need + 1
        }
        return nil
    }
}
