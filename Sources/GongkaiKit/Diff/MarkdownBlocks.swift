/// The paragraphs of a Markdown body as plain text, for comparing two versions paragraph by
/// paragraph: blank lines separate blocks, and every heading, list item, table row and quoted line
/// starts a block of its own. Each block is rendered by the Markdown renderer and reduced to its
/// plain text (no markup, entities resolved), with line breaks inside a paragraph joined.
public enum MarkdownBlocks {
    public static func paragraphs(of markdown: String, renderer: any MarkdownRendering) -> [String] {
        sourceBlocks(markdown).compactMap { block in
            let text = joinLines(renderer.render(block) { _ in nil }.plainText)
            return text.isEmpty ? nil : text
        }
    }

    /// The source text of each block, in order.
    static func sourceBlocks(_ markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring] = []
        var fence: Substring? = nil
        func flush() {
            if !current.isEmpty { blocks.append(current.joined(separator: "\n")) }
            current = []
        }
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if let open = fence {
                current.append(line)
                if trimmed.hasPrefix(open) { fence = nil; flush() }
                continue
            }
            if trimmed.isEmpty { flush(); continue }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                flush()
                fence = trimmed.prefix(3)
                current.append(line)
                continue
            }
            if isTableDelimiter(trimmed) { continue }
            if startsBlock(trimmed) { flush() }
            current.append(line)
            if trimmed.hasPrefix("#") { flush() }
        }
        flush()
        return blocks
    }

    static func startsBlock(_ line: Substring) -> Bool {
        if line.hasPrefix("#") || line.hasPrefix(">") || line.hasPrefix("|") { return true }
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") { return true }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 9 {
            let rest = line.dropFirst(digits.count)
            return rest.hasPrefix(". ") || rest.hasPrefix(") ")
        }
        return false
    }

    /// `|---|:--:|` or `--- | ---`
    static func isTableDelimiter(_ line: Substring) -> Bool {
        line.contains("-") && line.contains("|") && line.allSatisfy { "|-: \t".contains($0) }
    }

    /// Joins the lines of a block: nothing between Chinese text, a space between Latin words.
    static func joinLines(_ text: String) -> String {
        let lines = text.split(separator: "\n").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        var out = ""
        for line in lines {
            if let last = out.last, let first = line.first, last.isASCII, first.isASCII { out += " " }
            out += line
        }
        return out
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
