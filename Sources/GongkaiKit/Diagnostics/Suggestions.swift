/// Finds the closest known spellings for a mistyped word, so a message can ask "是否应为 …？".
public enum Suggestions {
    /// Candidates within a small edit distance of `word`, nearest first (ties in the order given).
    public static func nearest(to word: String, in candidates: [String], limit: Int = 3) -> [String] {
        let w = Array(word.lowercased().unicodeScalars)
        let maxDistance = max(1, min(3, w.count / 3 + 1))
        var scored: [(Int, Int, String)] = []
        for (i, c) in candidates.enumerated() {
            let d = distance(w, Array(c.lowercased().unicodeScalars))
            let containment = !word.isEmpty && (c.contains(word) || word.contains(c))
            if d <= maxDistance || containment {
                scored.append((containment ? min(d, maxDistance) : d, i, c))
            }
        }
        scored.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        return scored.prefix(limit).map(\.2)
    }

    /// Levenshtein distance with transpositions counted as one edit (optimal string alignment).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    v = min(v, previous2[j - 2] + 1)
                }
                current[j] = v
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }

    /// `“a”、“b”` for use in a Chinese sentence.
    public static func quotedList(_ words: [String]) -> String {
        words.map { "“\($0)”" }.joined(separator: "、")
    }
}
