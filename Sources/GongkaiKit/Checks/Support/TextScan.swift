/// Rules whose findings about a document depend on that document alone, given the build's context
/// (the catalogue and its settings, the data files beside it, the build date): the runner goes
/// through the documents once for all of them, and with a build cache a document whose bytes and
/// context are the last build's has the findings it had then (`checks.cache`, see `CheckMemo`).
///
/// A scan must not look at any other document — not at the model's indexes, listings,
/// interpretations or revision chains either: what it finds is remembered per file. A rule that
/// also looks across documents does so in `gather`, which runs in every build.
protocol DocumentRule: ContentRule {
    /// What the rule reports before any document (e.g. problems of its word list), and its scan of one document.
    func scanner(_ input: CheckInput) -> TextScanner
    /// The rule's findings from its leading ones and each document's (remembered or not). By
    /// default they follow one another, documents in model order.
    func gather(leading: [Diagnostic], found: DocumentFindings, _ input: CheckInput) -> [Diagnostic]
}

extension DocumentRule {
    func gather(leading: [Diagnostic], found: DocumentFindings, _ input: CheckInput) -> [Diagnostic] {
        var out = leading
        for k in 0..<found.count { out += found[k] }
        return out
    }
}

/// Document rules that read every document's text pieces (titles, body lines, attachment names).
/// The runner splits each document into pieces once and hands them to all such rules, instead of
/// each rule splitting every body again.
protocol TextPieceRule: DocumentRule {}

struct TextScanner: Sendable {
    var leading: [Diagnostic] = []
    /// Whether `scan` reads the pieces (a rule that does not is handed none).
    var readsPieces = true
    var scan: @Sendable (Document, [TextPiece]) -> [Diagnostic]
}

extension TextScanner {
    /// A scanner that reads the `Document` only, not its text pieces.
    static func document(leading: [Diagnostic] = [], _ scan: @escaping @Sendable (Document) -> [Diagnostic]) -> TextScanner {
        TextScanner(leading: leading, readsPieces: false) { d, _ in scan(d) }
    }
}

/// One document rule's findings about each document, in model order.
struct DocumentFindings {
    /// Per document, each rule's findings; `[]` when no rule found anything (most documents).
    fileprivate let all: [[[Diagnostic]]]
    fileprivate let rule: Int

    var count: Int { all.count }

    subscript(k: Int) -> [Diagnostic] {
        let f = all[k]
        return f.isEmpty ? [] : f[rule]
    }
}

enum TextScan {
    /// Each rule's findings, in rule order, each rule's as if it had run alone: by default its
    /// leading findings, then each document's in document order (see `DocumentRule.gather`).
    static func run(_ rules: [any DocumentRule], _ input: CheckInput) -> [[Diagnostic]] {
        let scanners = rules.map { $0.scanner(input) }
        let found = perDocument(scanners, input)
        return rules.indices.map { r in
            rules[r].gather(leading: scanners[r].leading, found: DocumentFindings(all: found, rule: r), input)
        }
    }

    /// Per document (in document order) each scanner's findings about it; `[]` when none found anything.
    private static func perDocument(_ scanners: [TextScanner], _ input: CheckInput) -> [[[Diagnostic]]] {
        let pieced = scanners.contains { $0.readsPieces }
        let documents = input.model.documents
        @Sendable func scan(_ d: Document) -> [[Diagnostic]] {
            let pieces = pieced ? TextPiece.all(of: d) : []
            let found = scanners.map { $0.scan(d, $0.readsPieces ? pieces : []) }
            return found.allSatisfy(\.isEmpty) ? [] : found
        }
        guard let reuse = input.textScanReuse else {
            return Parallel.map(documents.count, grain: 32) { k in scan(documents[k]) }
        }
        // A document whose bytes and context are the last build's has the findings it had then.
        let results = Parallel.map(documents.count, grain: 32) { k -> (found: [[Diagnostic]], payload: ArraySlice<UInt8>?) in
            let d = documents[k]
            if let found = reuse.remembered(d, rules: scanners.count) { return (found, MemoFile.carriedOver) }
            let found = scan(d)
            return (found, reuse.hash(of: d) == nil ? nil : CheckMemo.encode(found))
        }
        var kept: [(path: String, hash: UInt64, payload: ArraySlice<UInt8>)] = []
        kept.reserveCapacity(documents.count)
        var found: [[[Diagnostic]]] = []
        found.reserveCapacity(documents.count)
        var reused = 0
        for (k, r) in results.enumerated() {
            found.append(r.found)
            guard let payload = r.payload else { continue }
            if payload.isEmpty { reused += 1 }  // `carriedOver`: an encoded payload is never empty
            if let hash = reuse.hash(of: documents[k]) { kept.append((documents[k].contentPath, hash, payload)) }
        }
        reuse.keep(kept, reused: reused)
        return found
    }

    /// One rule alone (`rule.check(input)`).
    static func check(_ rule: any DocumentRule, _ input: CheckInput) -> [Diagnostic] {
        run([rule], input)[0]
    }
}
