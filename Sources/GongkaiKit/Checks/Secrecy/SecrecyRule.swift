/// Secrecy and release markings that must never reach a public page: 密级 (绝密/机密/秘密 with ★,
/// optionally with a term, `机密★5年`), 内部资料, 注意保密, release notes such as 此件不予公开, and the
/// portal's own list (`checks: {secret_words: …}` or `secret_words_file:`).
///
/// “秘密” alone is an ordinary word (国家秘密, 商业秘密) and “不予公开” an ordinary phrase in
/// 依申请公开 statistics, so those count only as markings: with ★, or standing alone in brackets,
/// a line or a table cell.
public struct SecrecyRule: ContentRule, TextPieceRule {
    public init() {}

    static let levels = ["绝密", "机密", "秘密"].map { Array($0.unicodeScalars) }
    static let stars: Set<Unicode.Scalar> = ["★", "☆", "＊"]
    static let internalWords = ["内部资料", "注意保密", "内部文件，注意保存", "内部文件 注意保存"].map { Array($0.unicodeScalars) }
    static let notPublic = Array("不予公开".unicodeScalars)
    /// The first characters of every built-in marking: a piece without any of them is skipped.
    static let firsts: [Unicode.Scalar] = Array(Set((levels + internalWords + [notPublic]).map { $0[0] })).sorted { $0.value < $1.value }

    public func check(_ input: CheckInput) -> [Diagnostic] { TextScan.check(self, input) }

    func scanner(_ input: CheckInput) -> TextScanner {
        let userWords = input.settings.secretWords.map { Array($0.unicodeScalars) }
        return TextScanner { _, pieces in
            var out: [Diagnostic] = []
            for piece in pieces {
                out += Self.find(in: piece, userWords: userWords)
            }
            return out
        }
    }

    static func find(in piece: TextPiece, userWords: [[Unicode.Scalar]]) -> [Diagnostic] {
        let s = piece.scalars
        var out: [Diagnostic] = []
        let firsts = Self.firsts
        if s.contains(where: { c in c.value >= 0x80 && firsts.contains(c) }) {
            out += builtIn(in: piece)
        }
        for word in userWords {
            for i in Scalars.occurrences(of: word, in: s) {
                out.append(RuleRegistry.info(.secretUserWord).at(piece.location(at: i),
                    "\(piece.place.chinese)出现敏感词“\(String(String.UnicodeScalarView(word)))”（本平台敏感词表）。",
                    suggestion: "删除或改写该内容；如确属可公开的信息，用 waive: {secret.user-word: 理由} 说明。"))
            }
        }
        return out
    }

    static func builtIn(in piece: TextPiece) -> [Diagnostic] {
        let s = piece.scalars
        var out: [Diagnostic] = []
        for level in levels {
            for i in Scalars.occurrences(of: level, in: s) {
                var j = i + 2
                while j < s.count && (s[j] == " " || s[j] == "\u{3000}") { j += 1 }
                guard j < s.count, stars.contains(s[j]) else { continue }
                var end = j + 1
                while end < s.count && (Scalars.isASCIIDigit(s[end]) || Scalars.isFullwidthDigit(s[end])) { end += 1 }
                if end < s.count && s[end] == "年" && end > j + 1 { end += 1 }
                let marking = String(String.UnicodeScalarView(s[i..<end]))
                out.append(RuleRegistry.info(.secretClassification).at(piece.location(at: i),
                    "\(piece.place.chinese)出现密级标志“\(marking)”。",
                    suggestion: "涉密信息一律不得公开。请立即停止发布并按保密规定处理；如为非涉密文件误加标志，删除该标志后再经保密审查。"))
            }
        }
        for word in internalWords {
            for i in Scalars.occurrences(of: word, in: s) {
                out.append(RuleRegistry.info(.secretInternal).at(piece.location(at: i), "\(piece.place.chinese)出现“\(String(String.UnicodeScalarView(word)))”标志。",
                    suggestion: "标注为内部资料或要求保密的信息不应主动公开。请确认其公开属性；经审查可以公开的，删除该标志。"))
            }
        }
        for i in notPublicMarkings(s) {
            out.append(RuleRegistry.info(.secretNotPublic).at(piece.location(at: i), "\(piece.place.chinese)出现“不予公开”的公开属性标注。",
                suggestion: "公开属性为“不予公开”的信息不得发布。请核对公开属性；确应公开的，删除该标注。"))
        }
        return out
    }

    /// Offsets of 不予公开 used as a marking: 此件不予公开 anywhere; 不予公开 alone in brackets, alone on
    /// the line (after list or heading marks) or alone in a table cell.
    static func notPublicMarkings(_ s: [Unicode.Scalar]) -> [Int] {
        let phrase = notPublic
        let this = Array("此件".unicodeScalars)
        var out: [Int] = []
        let ignorable: Set<Unicode.Scalar> = [" ", "\u{3000}", "#", "*", "_", ">", "-", "|", "。", "：", ":"]
        let openers: Set<Unicode.Scalar> = ["（", "(", "【", "[", "〔"]
        let closers: Set<Unicode.Scalar> = ["）", ")", "】", "]", "〕"]
        for i in Scalars.occurrences(of: phrase, in: s) {
            if Scalars.matches(s, at: i - 2, this) { out.append(i - 2); continue }
            let end = i + phrase.count
            if i > 0, end < s.count, openers.contains(s[i - 1]), closers.contains(s[end]) { out.append(i - 1); continue }
            // Alone in its cell or line: only markup between the phrase and the cell/line edges.
            var a = i - 1
            while a >= 0 && ignorable.contains(s[a]) && s[a] != "|" { a -= 1 }
            var b = end
            while b < s.count && ignorable.contains(s[b]) && s[b] != "|" { b += 1 }
            let leftEdge = a < 0 || s[a] == "|"
            let rightEdge = b >= s.count || s[b] == "|"
            if leftEdge && rightEdge { out.append(i) }
        }
        return out
    }
}
