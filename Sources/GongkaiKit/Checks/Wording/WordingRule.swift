import Yams

/// 错别字与标点: common misspellings (shipped list plus `content/wording.yaml`), ASCII punctuation
/// between Chinese characters, fullwidth digits. Titles and body prose are checked; code, link
/// destinations and URLs are not.
public struct WordingRule: ContentRule, TextPieceRule {
    public static let userFileName = "wording.yaml"

    public init() {}

    /// The shipped mistakes plus the portal's, and the problems of the portal's file.
    public static func mistakes(_ input: CheckInput) -> ([WordingMistake], [Diagnostic]) {
        guard let file = input.source.dataFiles[userFileName] else { return (CommonMistakes.shipped, []) }
        let rule = RuleRegistry.info(.wordingListInvalid)
        guard case .success(let text) = TextDecoding.decode(file.bytes) else {
            return (CommonMistakes.shipped, [rule.at(SourceLocation(file: file.displayPath, line: 1), "错别字表不是 UTF-8 编码。", suggestion: "以 UTF-8 编码另存此文件。")])
        }
        let (user, problems) = parse(text, file: file.displayPath)
        let userWrong = Set(user.map(\.wrong))
        return (CommonMistakes.shipped.filter { !userWrong.contains($0.wrong) } + user, problems)
    }

    /// `错误写法: 正确写法` per line.
    public static func parse(_ text: String, file: String) -> ([WordingMistake], [Diagnostic]) {
        let reader = YAMLReader(file: file, lineOffset: 0)
        let rule = RuleRegistry.info(.wordingListInvalid)
        let (root, syntax) = reader.compose(text)
        if var syntax {
            syntax.code = .wordingListInvalid
            return ([], [syntax])
        }
        guard let root else { return ([], []) }
        guard case .mapping(let m) = root else {
            return ([], [rule.at(reader.location(of: root), "错别字表应写成“错误写法: 正确写法”，一行一条。", suggestion: "例如：\n布署: 部署")])
        }
        var out: [WordingMistake] = []
        var problems: [Diagnostic] = []
        for (k, v) in m {
            guard let wrong = YAMLReader.text(k)?.trimmingCharacters(in: .whitespaces), !wrong.isEmpty,
                let right = YAMLReader.text(v)?.trimmingCharacters(in: .whitespaces), !right.isEmpty
            else {
                problems.append(rule.at(reader.location(of: k), "错别字表的每一条应写成“错误写法: 正确写法”。", suggestion: "例如：布署: 部署"))
                continue
            }
            if wrong == right {
                problems.append(rule.at(reader.location(of: k), "“\(wrong)”的错误写法与正确写法相同。", suggestion: "删除这一条。"))
                continue
            }
            out.append(WordingMistake(wrong, right))
        }
        return (out, problems)
    }

    public func check(_ input: CheckInput) -> [Diagnostic] { TextScan.check(self, input) }

    func scanner(_ input: CheckInput) -> TextScanner {
        let (mistakes, problems) = Self.mistakes(input)
        let index = MistakeIndex(mistakes)
        return TextScanner(leading: problems) { _, pieces in
            var out: [Diagnostic] = []
            for piece in pieces where !piece.isCode && piece.place != .attachmentFile {
                let masked = piece.place == .body ? MarkdownMask.ranges(piece.scalars) : []
                out += Self.typos(in: piece, index: index, masked: masked)
                out += Self.punctuation(in: piece, masked: masked)
                out += Self.fullwidthDigits(in: piece, masked: masked)
            }
            return out
        }
    }

    struct MistakeIndex {
        var byFirst: [Unicode.Scalar: [(WordingMistake, [Unicode.Scalar])]] = [:]
        /// One bit per value of a first scalar's low 16 bits: most scalars start no mistake, and a
        /// bit test is far cheaper than a dictionary lookup.
        private var firstBits = [UInt64](repeating: 0, count: 1024)
        init(_ mistakes: [WordingMistake]) {
            for m in mistakes {
                let w = Array(m.wrong.unicodeScalars)
                guard let f = w.first else { continue }
                byFirst[f, default: []].append((m, w))
                let low = Int(f.value & 0xFFFF)
                firstBits[low >> 6] |= 1 << UInt64(low & 63)
            }
        }

        /// The mistakes starting with `s` (nil when none does).
        @inline(__always)
        func candidates(_ s: Unicode.Scalar) -> [(WordingMistake, [Unicode.Scalar])]? {
            let low = Int(s.value & 0xFFFF)
            guard firstBits[low >> 6] & (1 << UInt64(low & 63)) != 0 else { return nil }
            return byFirst[s]
        }
    }

    static func typos(in piece: TextPiece, index: MistakeIndex, masked: [Range<Int>]) -> [Diagnostic] {
        let s = piece.scalars
        var out: [Diagnostic] = []
        var i = 0
        while i < s.count {
            guard let candidates = index.candidates(s[i]), !MarkdownMask.contains(masked, i) else { i += 1; continue }
            var advanced = false
            for (m, w) in candidates where Scalars.matches(s, at: i, w) && applies(m, s, at: i, length: w.count) {
                let excerpt = String(String.UnicodeScalarView(s[i..<min(s.count, i + w.count + 8)]))
                let fixed = m.right + String(excerpt.unicodeScalars.dropFirst(w.count).map(Character.init))
                let why = m.note.map { "（\($0)）" } ?? ""
                out.append(RuleRegistry.info(.wordingTypo).at(piece.location(at: i), "\(piece.place.chinese)“\(m.wrong)”应为“\(m.right)”\(why)。",
                    suggestion: "改为“\(fixed)”"))
                i += w.count
                advanced = true
                break
            }
            if !advanced { i += 1 }
        }
        return out
    }

    static func applies(_ m: WordingMistake, _ s: [Unicode.Scalar], at i: Int, length: Int) -> Bool {
        let end = i + length
        for f in m.unlessFollowedBy where Scalars.matches(s, at: end, Array(f.unicodeScalars)) { return false }
        for p in m.unlessPrecededBy {
            let pw = Array(p.unicodeScalars)
            if Scalars.matches(s, at: i - pw.count, pw) { return false }
        }
        if let only = m.onlyFollowedBy {
            var j = end
            while j < s.count && (s[j] == " " || s[j] == "\u{3000}") { j += 1 }
            guard only.contains(where: { Scalars.matches(s, at: j, Array($0.unicodeScalars)) }) else { return false }
        }
        if !m.unlessLaterInClause.isEmpty {
            var j = end
            let stops: Set<Unicode.Scalar> = ["。", "！", "？", "；", "!", "?", ";"]
            while j < s.count && j < end + 40 && !stops.contains(s[j]) {
                if m.unlessLaterInClause.contains(where: { Scalars.matches(s, at: j, Array($0.unicodeScalars)) }) { return false }
                j += 1
            }
        }
        return true
    }

    static let fullwidth: [Unicode.Scalar: Unicode.Scalar] = [",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"]
    static let openingQuotes: Set<Unicode.Scalar> = ["“", "‘", "《", "（", "【", "「"]

    static func punctuation(in piece: TextPiece, masked: [Range<Int>]) -> [Diagnostic] {
        let s = piece.scalars
        var out: [Diagnostic] = []
        func prev(_ i: Int) -> Unicode.Scalar? {
            var j = i - 1
            while j >= 0 && s[j] == " " { j -= 1 }
            return j >= 0 ? s[j] : nil
        }
        func next(_ i: Int) -> Unicode.Scalar? {
            var j = i + 1
            while j < s.count && s[j] == " " { j += 1 }
            return j < s.count ? s[j] : nil
        }
        func report(_ i: Int, _ original: String, _ fixed: String) {
            out.append(RuleRegistry.info(.wordingPunctuation).at(piece.location(at: i),
                "\(piece.place.chinese)汉字之间使用了英文标点“\(original)”。", suggestion: "改用中文全角标点：“\(fixed)”"))
        }
        func excerpt(_ r: Range<Int>, replacing: [Int: Unicode.Scalar]) -> String {
            let lo = max(0, r.lowerBound - 4), hi = min(s.count, r.upperBound + 4)
            var v = String.UnicodeScalarView()
            for j in lo..<hi { v.append(replacing[j] ?? s[j]) }
            return String(v)
        }
        var i = 0
        while i < s.count {
            let c = s[i]
            defer { i += 1 }
            // Every key of `fullwidth` is ASCII: skip the lookup for everything else.
            guard c.isASCII, let full = fullwidth[c], !MarkdownMask.contains(masked, i) else { continue }
            if c == "(" {
                // The pair on this line.
                var j = i + 1
                while j < s.count && s[j] != ")" && s[j] != "(" { j += 1 }
                let closed = j < s.count && s[j] == ")" && !MarkdownMask.contains(masked, j)
                let inner = closed ? s[(i + 1)..<j] : s[(i + 1)...]
                let before = i > 0 ? s[i - 1] : nil
                let after = closed && j + 1 < s.count ? s[j + 1] : nil
                let chinese = inner.contains(where: Scalars.isCJK)
                    || (before.map(Scalars.isCJK) ?? false && (after.map(Scalars.isCJK) ?? !closed))
                if chinese {
                    let shown = closed ? String(String.UnicodeScalarView(s[i...j])) : "("
                    let fixed = closed ? excerpt(i..<(j + 1), replacing: [i: "（", j: "）"]) : excerpt(i..<(i + 1), replacing: [i: "（"])
                    report(i, shown, fixed)
                    if closed { i = j }
                }
                continue
            }
            if c == ")" { continue }
            guard let p = prev(i), Scalars.isCJK(p) else { continue }
            let n = next(i)
            guard n == nil || Scalars.isCJK(n!) || openingQuotes.contains(n!) else { continue }
            // `:` right after a word at the end of a line is a Markdown definition or a label; only prose counts.
            if n == nil && piece.place != .body { continue }
            report(i, String(c), excerpt(i..<(i + 1), replacing: [i: full]))
        }
        return out
    }

    static func fullwidthDigits(in piece: TextPiece, masked: [Range<Int>]) -> [Diagnostic] {
        let s = piece.scalars
        var out: [Diagnostic] = []
        var i = 0
        while i < s.count {
            guard Scalars.isFullwidthDigit(s[i]), !MarkdownMask.contains(masked, i) else { i += 1; continue }
            var j = i
            while j < s.count && Scalars.isFullwidthDigit(s[j]) { j += 1 }
            let run = String(String.UnicodeScalarView(s[i..<j]))
            out.append(RuleRegistry.info(.wordingFullwidthDigit).at(piece.location(at: i),
                "\(piece.place.chinese)使用了全角数字“\(run)”。", suggestion: "改为半角阿拉伯数字“\(Scalars.halfwidthDigits(run))”"))
            i = j
        }
        return out
    }
}
