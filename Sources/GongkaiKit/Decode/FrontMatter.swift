/// A Markdown file split into its YAML front matter and its body.
public struct FrontMatter: Sendable {
    /// The YAML text between the `---` lines.
    public var yaml: String
    /// File line of the YAML's first line (the line after the opening `---`).
    public var yamlFirstLine: Int
    public var body: String
    /// File line of the body's first line.
    public var bodyFirstLine: Int

    public enum SplitError: Error, Equatable {
        /// The file does not begin with `---`.
        case missing
        /// The opening `---` has no closing `---`.
        case unterminated
    }

    /// Splits text whose line ends are already LF. Only the front matter is scanned line by line;
    /// the body is the rest of the text as it is.
    public static func split(_ text: String) -> Result<FrontMatter, SplitError> {
        var lineStart = text.startIndex
        var lineNumber = 1
        var yamlStart: String.Index? = nil
        while lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[lineStart..<lineEnd]
            let next = lineEnd < text.endIndex ? text.index(after: lineEnd) : text.endIndex
            if let start = yamlStart {
                if isFence(line) || line.trimmingTrailingSpaces() == "..." {
                    return .success(
                        FrontMatter(
                            yaml: String(text[start..<lineStart]), yamlFirstLine: 2,
                            body: String(text[next...]), bodyFirstLine: lineNumber + 1))
                }
            } else {
                guard isFence(line) else { return .failure(.missing) }
                yamlStart = next
            }
            lineStart = next
            lineNumber += 1
        }
        return .failure(yamlStart == nil ? .missing : .unterminated)
    }

    private static func isFence(_ line: Substring) -> Bool { line.trimmingTrailingSpaces() == "---" }
}

extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}
