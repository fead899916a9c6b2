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

    /// Splits text whose line ends are already LF. Only the front matter is scanned line by line, on
    /// its UTF-8 bytes (a line end and the fence are ASCII, so byte positions are character
    /// boundaries); the body is the rest of the text as it is.
    public static func split(_ text: String) -> Result<FrontMatter, SplitError> {
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        var lineNumber = 1
        var yamlStart: String.Index? = nil
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: 0x0A) ?? utf8.endIndex
            let line = utf8[lineStart..<lineEnd]
            let next = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : utf8.endIndex
            if let start = yamlStart {
                if isLine(line, "---") || isLine(line, "...") {
                    return .success(
                        FrontMatter(
                            yaml: String(text[start..<lineStart]), yamlFirstLine: 2,
                            body: String(text[next...]), bodyFirstLine: lineNumber + 1))
                }
            } else {
                guard isLine(line, "---") else { return .failure(.missing) }
                yamlStart = next
            }
            lineStart = next
            lineNumber += 1
        }
        return .failure(yamlStart == nil ? .missing : .unterminated)
    }

    /// Whether `line` is `marker` followed by nothing but spaces and tabs.
    private static func isLine(_ line: Substring.UTF8View, _ marker: StaticString) -> Bool {
        var rest = line[...]
        while let last = rest.last, last == 0x20 || last == 0x09 { rest = rest.dropLast() }
        return marker.withUTF8Buffer { rest.elementsEqual($0) }
    }
}
