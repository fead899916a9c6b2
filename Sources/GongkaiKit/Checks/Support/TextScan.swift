/// Rules that read every document's text pieces (titles, body lines, attachment names). The runner
/// splits each document into pieces once and hands them to all such rules, instead of each rule
/// splitting every body again.
protocol TextPieceRule: ContentRule {
    /// What the rule reports before any document (e.g. problems of its word list), and its scan of one document.
    func scanner(_ input: CheckInput) -> TextScanner
}

struct TextScanner: Sendable {
    var leading: [Diagnostic] = []
    var scan: @Sendable (Document, [TextPiece]) -> [Diagnostic]
}

enum TextScan {
    /// The findings of each rule, in rule order, each rule's as if it had run alone: its leading
    /// findings, then each document's in document order.
    static func run(_ rules: [any TextPieceRule], _ input: CheckInput) -> [[Diagnostic]] {
        let scanners = rules.map { $0.scanner(input) }
        let documents = input.model.documents
        let perDocument: [[[Diagnostic]]]
        if let reuse = input.textScanReuse {
            // A document whose bytes and context are the last build's has the findings it had then.
            let results = Parallel.map(documents.count, grain: 32) { k -> (found: [[Diagnostic]], payload: ArraySlice<UInt8>?, reused: Bool) in
                let d = documents[k]
                if let r = reuse.remembered(d, rules: scanners.count) { return (r.found, r.payload, true) }
                let pieces = TextPiece.all(of: d)
                let found = scanners.map { $0.scan(d, pieces) }
                return (found, reuse.hash(of: d) == nil ? nil : CheckMemo.encode(found), false)
            }
            var kept: [(path: String, hash: UInt64, payload: ArraySlice<UInt8>)] = []
            kept.reserveCapacity(documents.count)
            for (k, r) in results.enumerated() {
                if let payload = r.payload, let hash = reuse.hash(of: documents[k]) { kept.append((documents[k].contentPath, hash, payload)) }
            }
            reuse.keep(kept, reused: results.count { $0.reused })
            perDocument = results.map(\.found)
        } else {
            perDocument = Parallel.map(documents.count, grain: 32) { k -> [[Diagnostic]] in
                let d = documents[k]
                let pieces = TextPiece.all(of: d)
                return scanners.map { $0.scan(d, pieces) }
            }
        }
        return scanners.indices.map { r in
            var out = scanners[r].leading
            for found in perDocument { out += found[r] }
            return out
        }
    }

    /// One rule alone (`rule.check(input)`).
    static func check(_ rule: any TextPieceRule, _ input: CheckInput) -> [Diagnostic] {
        run([rule], input)[0]
    }
}
