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

    /// Splits text whose line ends are already LF.
    public static func split(_ text: String) -> Result<FrontMatter, SplitError> {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard let first = lines.first, isFence(first) else { return .failure(.missing) }
        lines = lines.dropFirst()
        var yamlLines: [Substring] = []
        var lineNumber = 2
        while let line = lines.first {
            lines = lines.dropFirst()
            if isFence(line) || line.trimmingTrailingSpaces() == "..." {
                let body = lines.joined(separator: "\n")
                return .success(
                    FrontMatter(
                        yaml: yamlLines.joined(separator: "\n") + "\n", yamlFirstLine: 2,
                        body: body, bodyFirstLine: lineNumber + 1))
            }
            yamlLines.append(line)
            lineNumber += 1
        }
        return .failure(.unterminated)
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
