/// A piece of a document's text that checks scan for words and numbers: the title, each body line,
/// each attachment's title and file name. Findings inside a body line get an exact column; inside a
/// front-matter value they point at the field.
struct TextPiece {
    enum Place: Equatable {
        case title, body, attachmentTitle, attachmentFile

        /// Where, in words, for messages: `标题中`.
        var chinese: String {
            switch self {
            case .title: "标题中"
            case .body: "正文中"
            case .attachmentTitle: "附件名称中"
            case .attachmentFile: "附件文件名中"
            }
        }
    }

    var place: Place
    var scalars: [Unicode.Scalar]
    /// Where the piece starts (a body line: its first column; a field: the field).
    var start: SourceLocation
    /// Inside a fenced or indented code block (wording checks skip it; privacy checks do not).
    var isCode = false

    var text: String { String(String.UnicodeScalarView(scalars)) }

    /// The location of the scalar at `offset`.
    func location(at offset: Int) -> SourceLocation {
        guard place == .body else { return start }
        var l = start
        l.column += offset
        return l
    }

    /// Every piece of `d`, in reading order.
    static func all(of d: Document) -> [TextPiece] {
        var out = [TextPiece(place: .title, scalars: Array(d.title.unicodeScalars), start: d.location(of: .title))]
        out += bodyLines(of: d)
        for a in d.attachments {
            out.append(TextPiece(place: .attachmentTitle, scalars: Array(a.title.unicodeScalars), start: a.location))
            out.append(TextPiece(place: .attachmentFile, scalars: Array(a.fileName.unicodeScalars), start: a.location))
        }
        return out
    }

    /// The body's lines, with fenced code blocks (``` and ~~~) marked. Works on the body's UTF-8
    /// bytes: lines split at `\n` (always a grapheme of its own), scalars decoded once per line.
    static func bodyLines(of d: Document) -> [TextPiece] {
        var out: [TextPiece] = []
        var fence: Unicode.Scalar? = nil
        var body = d.body
        body.withUTF8 { bytes in
            var lineStart = 0
            var i = 0
            while true {
                let end = ByteSearch.find(0x0A, in: bytes, from: lineStart) ?? bytes.count
                let scalars = Self.scalars(UnsafeBufferPointer(rebasing: bytes[lineStart..<end]))
                let shape = LineShape(scalars)
                var isCode = fence != nil
                if let f = fence {
                    if shape.fence == f { fence = nil }
                } else if let f = shape.fence {
                    fence = f
                    isCode = true
                } else if shape.indented {
                    isCode = !shape.blank && !(out.last.map { !$0.isCode && !$0.scalars.isEmpty } ?? false)
                }
                out.append(TextPiece(place: .body, scalars: scalars, start: d.bodyLocation(line: i), isCode: isCode))
                guard end < bytes.count else { break }
                lineStart = end + 1
                i += 1
            }
        }
        return out
    }

    /// The unicode scalars of well-formed UTF-8.
    static func scalars(_ bytes: UnsafeBufferPointer<UInt8>) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(bytes.count)
        var k = 0
        let n = bytes.count
        while k < n {
            out.append(Unicode.Scalar(UTF8Scalars.next(bytes, &k))!)
        }
        return out
    }
}

/// What the code-block detection reads from a line, with Swift's `Character` semantics (a space
/// followed by a combining mark is not a space): the leading spaces, whether what follows them opens
/// or closes a fence (``` or ~~~), whether the line is indented (4 spaces or a tab). Decided on
/// scalars when no scalar at those places can join the one before it, else on characters.
struct LineShape {
    var blank: Bool
    /// "`" or "~" when the line, after its leading spaces, starts with three of them.
    var fence: Unicode.Scalar?
    var indented: Bool

    init(_ s: [Unicode.Scalar]) {
        var t = 0
        while t < s.count && s[t] == " " { t += 1 }
        var exact = t == 0 || t == s.count || CharacterBoundary.startsCharacter(s[t])
        var fence: Unicode.Scalar? = nil
        if t + 2 < s.count, s[t] == "`" || s[t] == "~", s[t + 1] == s[t], s[t + 2] == s[t] {
            fence = s[t]
            if t + 3 < s.count && !CharacterBoundary.startsCharacter(s[t + 3]) { exact = false }
        }
        if t == 0, let first = s.first, first == "\t", s.count > 1, !CharacterBoundary.startsCharacter(s[1]) { exact = false }
        if exact {
            blank = t == s.count
            self.fence = fence
            indented = t >= 4 || s.first == "\t"
        } else {
            let line = String(String.UnicodeScalarView(s))
            let trimmed = line.drop(while: { $0 == " " })
            blank = trimmed.isEmpty
            self.fence = trimmed.hasPrefix("```") ? "`" : trimmed.hasPrefix("~~~") ? "~" : nil
            indented = line.hasPrefix("    ") || line.hasPrefix("\t")
        }
    }
}

enum Scalars {
    /// CJK ideographs (unified, extension A and beyond, compatibility).
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2FA1F, 0xF900...0xFAFF, 0x3007: true
        default: false
        }
    }

    static func isASCIIDigit(_ s: Unicode.Scalar) -> Bool { (0x30...0x39).contains(s.value) }
    static func isFullwidthDigit(_ s: Unicode.Scalar) -> Bool { (0xFF10...0xFF19).contains(s.value) }
    static func isASCIILetter(_ s: Unicode.Scalar) -> Bool {
        (0x41...0x5A).contains(s.value) || (0x61...0x7A).contains(s.value)
    }
    static func isASCIIAlphanumeric(_ s: Unicode.Scalar) -> Bool { isASCIIDigit(s) || isASCIILetter(s) }

    /// `２０２５` → `2025`; other scalars unchanged.
    static func halfwidthDigits(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { s in
            isFullwidthDigit(s) ? Unicode.Scalar(s.value - 0xFF10 + 0x30)! : s
        }))
    }

    /// Whether `word` occurs in `scalars` at `i`.
    static func matches(_ scalars: [Unicode.Scalar], at i: Int, _ word: [Unicode.Scalar]) -> Bool {
        guard i >= 0, i + word.count <= scalars.count else { return false }
        for j in word.indices where scalars[i + j] != word[j] { return false }
        return true
    }

    /// Every start offset of `word` in `scalars`.
    static func occurrences(of word: [Unicode.Scalar], in scalars: [Unicode.Scalar]) -> [Int] {
        guard !word.isEmpty, scalars.count >= word.count else { return [] }
        var out: [Int] = []
        let first = word[0]
        var i = 0
        while i <= scalars.count - word.count {
            if scalars[i] == first && matches(scalars, at: i, word) {
                out.append(i)
                i += word.count
            } else {
                i += 1
            }
        }
        return out
    }
}

/// Ranges of a Markdown line that are not prose: code spans, link destinations, autolinks and bare
/// URLs or e-mail addresses. Wording checks skip them.
enum MarkdownMask {
    static func ranges(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "`" {
                var run = 0
                while i + run < s.count && s[i + run] == "`" { run += 1 }
                var j = i + run
                var closed: Int? = nil
                while j < s.count {
                    if s[j] == "`" {
                        var r = 0
                        while j + r < s.count && s[j + r] == "`" { r += 1 }
                        if r == run { closed = j + r; break }
                        j += r
                    } else { j += 1 }
                }
                let end = closed ?? s.count
                out.append(i..<end)
                i = end
            } else if c == "]" && i + 1 < s.count && s[i + 1] == "(" {
                var depth = 0
                var j = i + 1
                while j < s.count {
                    if s[j] == "(" { depth += 1 } else if s[j] == ")" { depth -= 1; if depth == 0 { break } }
                    j += 1
                }
                out.append(i + 1..<min(j + 1, s.count))
                i = j + 1
            } else if c == "<", let close = s[(i + 1)...].firstIndex(of: ">"), s[(i + 1)..<close].contains(where: { $0 == ":" || $0 == "@" }),
                !s[(i + 1)..<close].contains(" ")
            {
                out.append(i..<close + 1)
                i = close + 1
            } else if Scalars.isASCIILetter(c), i == 0 || !Scalars.isASCIIAlphanumeric(s[i - 1]), let end = urlEnd(s, from: i) {
                out.append(i..<end)
                i = end
            } else {
                i += 1
            }
        }
        return out
    }

    /// The end of a bare URL (`https://…`, `www.…`) or e-mail address starting at `i`.
    private static func urlEnd(_ s: [Unicode.Scalar], from i: Int) -> Int? {
        var j = i
        while j < s.count, s[j].isASCII, !s[j].properties.isWhitespace, s[j] != "<", s[j] != ">", s[j] != "\"" { j += 1 }
        let token = String(String.UnicodeScalarView(s[i..<j]))
        let lower = token.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("www.") || lower.hasPrefix("mailto:")
            || lower.hasPrefix("ftp://") || (token.contains("@") && token.contains("."))
        {
            return j
        }
        return nil
    }

    static func contains(_ ranges: [Range<Int>], _ i: Int) -> Bool { ranges.contains { $0.contains(i) } }
}
