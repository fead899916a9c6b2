import Foundation

/// The one normalisation search applies to documents (at build time) and to queries (in the
/// browser, `templates/assets/search/normalise.js`, which must stay identical in behaviour; the
/// node tests compare the two on the same inputs).
///
/// In order:
/// 1. Unicode NFKC of the whole text (fullwidth digits and letters become ordinary ones, `（` → `(`,
///    `　` → space, `﹝` → `〔` …).
/// 2. Per character:
///    - the invisible characters U+00AD, U+200B, U+2060, U+FEFF are dropped (PDF extraction leaves them);
///    - opening brackets `[ ( 〔 【 〖` become `[`, closing `] ) 〕 】 〗` become `]`, so that
///      `济政办发〔2025〕2号`, `济政办发[2025]2号`, `济政办发【2025】2号` and `济政办发（2025）2号`
///      read the same (round brackets are included because 发文字号 are often typed with them);
///    - everything else is lower-cased by its Unicode lowercase mapping, one character at a time
///      (context-free, so both sides agree).
/// 3. Whitespace: a run of whitespace next to a CJK character (after step 2) is removed
///    (`工 作 要 点` → `工作要点`); any other run becomes one space; leading and trailing runs go.
///
/// Positions in the index count Unicode scalars (code points) of the normalised text.
public enum SearchNormaliser {
    /// Appends the normalised scalars of `text` to `out`.
    public static func normalise(_ text: String, into out: inout [UInt32]) {
        let start = out.count
        if !appendFast(text, into: &out) {
            out.removeSubrange(start...)
            // NFC again: Foundation on Linux leaves some compatibility compositions undone (ｶﾞ → カ + U+3099).
            let nfkc = text.precomposedStringWithCompatibilityMapping.precomposedStringWithCanonicalMapping
            var state = State()
            for scalar in nfkc.unicodeScalars { state.push(scalar.value, into: &out) }
        }
    }

    public static func normalise(_ text: String) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(text.utf8.count / 2)
        normalise(text, into: &out)
        return out
    }

    public static func normalisedString(_ text: String) -> String {
        var s = String.UnicodeScalarView()
        for v in normalise(text) { s.append(Unicode.Scalar(v)!) }
        return String(s)
    }

    /// A query's words: split at whitespace as typed, each normalised; empty words dropped; a word
    /// whose normalisation contains a space (rare compatibility characters) counts as several.
    public static func queryWords(_ query: String) -> [[UInt32]] {
        query.unicodeScalars.split(whereSeparator: { $0.properties.isWhitespace })
            .flatMap { normalise(String(String.UnicodeScalarView($0))).split(separator: 0x20).map(Array.init) }
    }

    /// CJK for the whitespace rule: radicals to CJK Unified Ideographs (incl. CJK punctuation, kana,
    /// bopomofo, Ext A), compatibility ideographs, CJK compatibility forms, half/fullwidth forms and
    /// the supplementary ideographic planes (Ext B onwards).
    @inline(__always)
    public static func isCJK(_ c: UInt32) -> Bool {
        (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F)
            || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF)
    }

    /// Scalars whose NFKC form is themselves (or a fixed single scalar) and that never compose with
    /// a neighbour: for text made only of these, per-scalar mapping equals NFKC of the whole.
    @inline(__always)
    static func fastMap(_ c: UInt32) -> UInt32? {
        if c < 0x80 { return c }
        if c >= 0x4E00 && c <= 0x9FFF { return c }
        if c >= 0x3400 && c <= 0x4DBF { return c }
        if c >= 0xFF01 && c <= 0xFF5E { return c - 0xFEE0 }
        if c == 0x3000 { return 0x20 }
        if (c >= 0x3001 && c <= 0x3029) || (c >= 0x3030 && c <= 0x3035) { return c }
        if (c >= 0x2014 && c <= 0x2022) || c == 0x2030 || c == 0x00B7 || c == 0x00D7 || c == 0x00F7 { return c }
        if c >= 0x25A0 && c <= 0x25FF { return c }
        return nil
    }

    /// Normalises without Foundation when every scalar is in the fast set; false otherwise.
    /// Decodes the UTF-8 itself (a String's bytes are valid UTF-8): the scalar view's iterator
    /// costs several times more per scalar.
    static func appendFast(_ text: String, into out: inout [UInt32]) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var state = State()
            let n = bytes.count
            var i = 0
            while i < n {
                let c = UTF8Scalars.next(bytes, &i)
                guard let mapped = fastMap(c) else { return false }
                state.push(mapped, into: &out)
            }
            return true
        }
    }

    /// Steps 2 and 3 over NFKC scalars.
    struct State {
        var pendingSpace = false
        var last: UInt32 = 0
        var any = false

        @inline(__always)
        mutating func push(_ c: UInt32, into out: inout [UInt32]) {
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C:
                pendingSpace = true
                return
            case 0x00AD, 0x200B, 0x2060, 0xFEFF:
                return
            case 0x5B, 0x28, 0x3014, 0x3010, 0x3016:
                emit(0x5B, into: &out)
            case 0x5D, 0x29, 0x3015, 0x3011, 0x3017:
                emit(0x5D, into: &out)
            default:
                if c >= 0x41 && c <= 0x5A {
                    emit(c + 0x20, into: &out)
                } else if c < 0x80 || (c >= 0x3000 && c <= 0x9FFF) {
                    emit(c, into: &out)
                } else {
                    let scalar = Unicode.Scalar(c)!
                    let p = scalar.properties
                    if p.isWhitespace {
                        pendingSpace = true
                    } else if p.changesWhenLowercased {
                        for l in p.lowercaseMapping.unicodeScalars { emit(l.value, into: &out) }
                    } else {
                        emit(c, into: &out)
                    }
                }
            }
        }

        @inline(__always)
        mutating func emit(_ c: UInt32, into out: inout [UInt32]) {
            if pendingSpace {
                if any && !SearchNormaliser.isCJK(last) && !SearchNormaliser.isCJK(c) { out.append(0x20) }
                pendingSpace = false
            }
            out.append(c)
            last = c
            any = true
        }
    }
}
