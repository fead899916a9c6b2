extension DiagnosticCode {
    /// A document still carries the `【待填写】` marker `gongkai new` puts in its body.
    public static let scaffoldUnfilled: Self = "scaffold.unfilled"
}

/// Reports every line of a body that still holds the scaffold's placeholder, so a file created by
/// `gongkai new` cannot be published before its text is written.
public struct ScaffoldPlaceholderRule: ContentRule, DocumentRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] { TextScan.check(self, input) }

    /// Reads the document's body only.
    func scanner(_ input: CheckInput) -> TextScanner {
        .document { document in
            // A byte search for the whole marker first (no other text is canonically equivalent to it:
            // none of its characters decomposes, and nothing decomposes into them, so a body without
            // its bytes cannot hold it): Foundation's search costs far more, and many bodies use 【】.
            guard ByteSearch.contains(document.body, Scaffold.bodyPlaceholder) && document.body.contains(Scaffold.bodyPlaceholder) else { return [] }
            var found: [Diagnostic] = []
            for (i, line) in document.body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard let range = line.range(of: Scaffold.bodyPlaceholder) else { continue }
                let column = line[..<range.lowerBound].count + 1
                found.append(.error(
                    .scaffoldUnfilled, at: document.bodyLocation(line: i, column: column),
                    "正文中还有待填写的内容“\(Scaffold.bodyPlaceholder)”。",
                    suggestion: "把这一行换成正式的正文内容，并删除“\(Scaffold.bodyPlaceholder)”标记。"))
            }
            return found
        }
    }
}
