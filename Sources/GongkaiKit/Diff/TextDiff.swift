/// A piece of a character-level diff: text both versions share, text only the old one has
/// (deleted) or text only the new one has (inserted).
public struct TextSegment: Hashable, Sendable {
    public var operation: DiffOperation
    public var text: String

    public init(_ operation: DiffOperation, _ text: String) {
        self.operation = operation
        self.text = text
    }
}

/// Character-level differences between two versions of a paragraph. Chinese has no spaces between
/// words, so the unit is the `Character` (a grapheme cluster: a Chinese character, a digit, an emoji
/// with its modifiers), never a word.
public enum TextDiff {
    /// The differences from `old` to `new`, cleaned up for reading: a short run of shared characters
    /// stranded between two larger changes (`的`, `，`) is folded into the change around it, so a
    /// rewritten sentence shows as one deletion and one insertion instead of confetti.
    public static func characters(_ old: String, _ new: String) -> [TextSegment] {
        var codes = CharacterCodes()
        return characters(codes.encode(old), codes.encode(new))
    }

    /// `characters` on texts encoded with one `CharacterCodes`.
    static func characters(_ old: EncodedText, _ new: EncodedText) -> [TextSegment] {
        let a = old.characters
        let b = new.characters
        var pieces: [(DiffOperation, [Character])] = []
        var i = 0
        var j = 0
        for run in Myers.diff(old.codes, new.codes) {
            switch run.operation {
            case .equal:
                pieces.append((.equal, Array(a[i..<(i + run.count)])))
                i += run.count
                j += run.count
            case .delete:
                pieces.append((.delete, Array(a[i..<(i + run.count)])))
                i += run.count
            case .insert:
                pieces.append((.insert, Array(b[j..<(j + run.count)])))
                j += run.count
            }
        }
        return cleanup(pieces).map { TextSegment($0.0, String($0.1)) }
    }

    /// Share of characters the two texts have in common (2·LCS / (|old| + |new|)), 1 for two empty texts.
    public static func similarity(_ old: String, _ new: String) -> Double {
        var codes = CharacterCodes()
        return similarity(codes.encode(old), codes.encode(new))
    }

    /// `similarity` on texts encoded with one `CharacterCodes`.
    static func similarity(_ old: EncodedText, _ new: EncodedText) -> Double {
        similarity(old, new, atLeast: 0)
    }

    /// `similarity`, exactly, when it is at least `threshold`; otherwise some value below
    /// `threshold` (0), found without finishing the diff. With `d` edits in the shortest script,
    /// 2·common = |old| + |new| − d, so the search can stop at the first `d` that is too many.
    /// `sortedCodes`: the texts' codes sorted, when the caller has them: two texts cannot share
    /// more characters than their character counts have in common, which rules most unrelated
    /// paragraphs out before any diff.
    static func similarity(_ old: EncodedText, _ new: EncodedText, atLeast threshold: Double,
                           sortedCodes: ([Int32], [Int32])? = nil) -> Double {
        if old.codes.isEmpty && new.codes.isEmpty { return 1 }
        let total = old.codes.count + new.codes.count
        func share(_ common: Int) -> Double { Double(2 * common) / Double(total) }
        if threshold > 0, let (a, b) = sortedCodes, share(sharedCount(a, b)) < threshold { return 0 }
        // The most edits that still leave the share at `threshold` or above (compared exactly as
        // `share` computes it).
        var maxDistance = total
        if threshold > 0 {
            func enough(_ d: Int) -> Bool { Double(total - d) / Double(total) >= threshold }
            var d = min(total, max(0, Int(((1 - threshold) * Double(total)).rounded(.down))))
            while d < total, enough(d + 1) { d += 1 }
            while d >= 0, !enough(d) { d -= 1 }
            if d < 0 { return 0 }
            maxDistance = d
        }
        guard let common = Myers.equalCount(old.codes, new.codes, maxDistance: maxDistance) else { return 0 }
        return share(common)
    }

    /// How many elements two sorted lists have in common, counted with repetition.
    static func sharedCount(_ a: [Int32], _ b: [Int32]) -> Int {
        var i = 0
        var j = 0
        var n = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                n += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return n
    }

    /// Semantic clean-up after diff-match-patch (Neil Fraser): an equality no longer than the
    /// largest change on each side of it is turned into a deletion plus an insertion; repeated until
    /// nothing changes. Then each group of changes is written as one deletion followed by one insertion.
    static func cleanup(_ input: [(DiffOperation, [Character])]) -> [(DiffOperation, [Character])] {
        var pieces = normalise(input)
        var changed = true
        while changed {
            changed = false
            for index in pieces.indices where pieces[index].0 == .equal && index > 0 && index < pieces.count - 1 {
                func largest(_ range: [Int]) -> Int {
                    var deleted = 0
                    var inserted = 0
                    for r in range {
                        if pieces[r].0 == .delete { deleted += pieces[r].1.count }
                        if pieces[r].0 == .insert { inserted += pieces[r].1.count }
                    }
                    return max(deleted, inserted)
                }
                var before: [Int] = []
                var k = index - 1
                while k >= 0, pieces[k].0 != .equal { before.append(k); k -= 1 }
                var after: [Int] = []
                k = index + 1
                while k < pieces.count, pieces[k].0 != .equal { after.append(k); k += 1 }
                let length = pieces[index].1.count
                if !before.isEmpty, !after.isEmpty, length <= largest(before), length <= largest(after) {
                    let text = pieces[index].1
                    pieces.replaceSubrange(index...index, with: [(.delete, text), (.insert, text)])
                    pieces = normalise(pieces)
                    changed = true
                    break
                }
            }
        }
        return pieces
    }

    /// Merges neighbouring pieces: equalities with equalities; every run of changes into one
    /// deletion then one insertion. Empty pieces are dropped.
    static func normalise(_ input: [(DiffOperation, [Character])]) -> [(DiffOperation, [Character])] {
        var out: [(DiffOperation, [Character])] = []
        var deleted: [Character] = []
        var inserted: [Character] = []
        func flush() {
            if !deleted.isEmpty { out.append((.delete, deleted)) }
            if !inserted.isEmpty { out.append((.insert, inserted)) }
            deleted = []
            inserted = []
        }
        for (op, text) in input where !text.isEmpty {
            switch op {
            case .delete: deleted += text
            case .insert: inserted += text
            case .equal:
                flush()
                if let last = out.last, last.0 == .equal {
                    out[out.count - 1].1 += text
                } else {
                    out.append((.equal, text))
                }
            }
        }
        flush()
        return out
    }
}

/// What happened to one paragraph between two versions.
public enum ParagraphChange: Hashable, Sendable {
    case unchanged(String)
    case added(String)
    case removed(String)
    /// The paragraph was edited; `segments` are its character-level differences.
    case changed(old: String, new: String, segments: [TextSegment])
}

/// Paragraph-level differences: paragraphs are matched whole (Myers over the list), then within
/// each stretch of removed and added paragraphs the pairs that are similar enough are shown as
/// changed paragraphs with their character-level differences.
public enum ParagraphDiff {
    /// `threshold`: the least `TextDiff.similarity` for a removed and an added paragraph to count as
    /// one changed paragraph.
    public static func diff(_ old: [String], _ new: [String], threshold: Double = 0.4) -> [ParagraphChange] {
        // Paragraphs and characters are compared as numbers: equal numbers for equal strings
        // (String equality, so canonically equivalent texts stay equal), assigned once per comparison.
        var paragraphCodes: [String: Int32] = [:]
        func code(_ paragraph: String) -> Int32 {
            if let c = paragraphCodes[paragraph] { return c }
            let c = Int32(paragraphCodes.count)
            paragraphCodes[paragraph] = c
            return c
        }
        let oldCodes = old.map(code)
        let newCodes = new.map(code)
        var characterCodes = CharacterCodes()
        var out: [ParagraphChange] = []
        var i = 0
        var j = 0
        var removed: [String] = []
        var added: [String] = []
        func flush() {
            if !removed.isEmpty, !added.isEmpty {
                out += pair(removed.map { characterCodes.encode($0) }, added.map { characterCodes.encode($0) }, threshold: threshold)
            } else {
                out += removed.map { .removed($0) }
                out += added.map { .added($0) }
            }
            removed = []
            added = []
        }
        for run in Myers.diff(oldCodes, newCodes) {
            switch run.operation {
            case .equal:
                flush()
                for k in 0..<run.count { out.append(.unchanged(old[i + k])) }
                i += run.count
                j += run.count
            case .delete:
                removed += old[i..<(i + run.count)]
                i += run.count
            case .insert:
                added += new[j..<(j + run.count)]
                j += run.count
            }
        }
        flush()
        return out
    }

    /// Aligns removed with added paragraphs, keeping both orders, so that the total similarity of
    /// the pairs is largest (a small dynamic programme; large stretches are paired by position).
    static func pair(_ removed: [EncodedText], _ added: [EncodedText], threshold: Double) -> [ParagraphChange] {
        let r = removed.count
        let s = added.count
        if r == 0 { return added.map { .added($0.text) } }
        if s == 0 { return removed.map { .removed($0.text) } }
        if r * s > 400 {
            var out: [ParagraphChange] = []
            for k in 0..<max(r, s) {
                if k < r, k < s, TextDiff.similarity(removed[k], added[k], atLeast: threshold) >= threshold {
                    out.append(changed(removed[k], added[k]))
                } else {
                    if k < r { out.append(.removed(removed[k].text)) }
                    if k < s { out.append(.added(added[k].text)) }
                }
            }
            return out
        }
        // Only similarities at `threshold` or above are used below: the others are found cheaply.
        let removedSorted = removed.map { $0.codes.sorted() }
        let addedSorted = added.map { $0.codes.sorted() }
        var similarity = Array(repeating: Array(repeating: 0.0, count: s), count: r)
        for x in 0..<r {
            for y in 0..<s {
                similarity[x][y] = TextDiff.similarity(removed[x], added[y], atLeast: threshold,
                                                       sortedCodes: (removedSorted[x], addedSorted[y]))
            }
        }
        var score = Array(repeating: Array(repeating: 0.0, count: s + 1), count: r + 1)
        for x in 1...r {
            for y in 1...s {
                var best = max(score[x - 1][y], score[x][y - 1])
                if similarity[x - 1][y - 1] >= threshold { best = max(best, score[x - 1][y - 1] + similarity[x - 1][y - 1]) }
                score[x][y] = best
            }
        }
        var reversed: [ParagraphChange] = []
        var x = r
        var y = s
        while x > 0 || y > 0 {
            if x > 0, y > 0, similarity[x - 1][y - 1] >= threshold,
                score[x][y] == score[x - 1][y - 1] + similarity[x - 1][y - 1]
            {
                reversed.append(changed(removed[x - 1], added[y - 1]))
                x -= 1
                y -= 1
            } else if y > 0, x == 0 || score[x][y] == score[x][y - 1] {
                reversed.append(.added(added[y - 1].text))
                y -= 1
            } else {
                reversed.append(.removed(removed[x - 1].text))
                x -= 1
            }
        }
        return reversed.reversed()
    }

    static func changed(_ old: EncodedText, _ new: EncodedText) -> ParagraphChange {
        .changed(old: old.text, new: new.text, segments: TextDiff.characters(old, new))
    }
}
