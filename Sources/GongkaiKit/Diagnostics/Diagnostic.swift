/// How serious a finding is. Errors stop the build; warnings are reported and published anyway.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
    case error
    case warning

    /// The word shown to editors.
    public var chineseName: String {
        switch self {
        case .error: "错误"
        case .warning: "警告"
        }
    }
}

/// A place in a content file: the path relative to the content folder's parent (as editors see it
/// in their repository, e.g. `content/zcwj/gfxwj/a.md`), 1-based line and column.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// One finding about the content, told to an editor in Chinese, with where it is and how to fix it.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var severity: Severity
    public var code: DiagnosticCode
    public var location: SourceLocation
    public var message: String
    public var suggestion: String?

    public init(
        _ severity: Severity, _ code: DiagnosticCode, at location: SourceLocation,
        _ message: String, suggestion: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.location = location
        self.message = message
        self.suggestion = suggestion
    }

    public static func error(
        _ code: DiagnosticCode, at location: SourceLocation, _ message: String, suggestion: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, code, at: location, message, suggestion: suggestion)
    }

    public static func warning(
        _ code: DiagnosticCode, at location: SourceLocation, _ message: String, suggestion: String? = nil
    ) -> Diagnostic {
        Diagnostic(.warning, code, at: location, message, suggestion: suggestion)
    }

    public var description: String {
        "\(location): \(severity.rawValue) [\(code)] \(message)" + (suggestion.map { " (\($0))" } ?? "")
    }
}

extension Diagnostic {
    /// Whether `a` comes before `b` in a report: by file, line, column, code, then message. Each
    /// field is compared once (the file, a string, is the costly one).
    static func reportOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.location.file != b.location.file { return a.location.file < b.location.file }
        return reportOrder(sameFile: a, b)
    }

    /// `reportOrder` for two findings in the same file.
    static func reportOrder(sameFile a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.location.line != b.location.line { return a.location.line < b.location.line }
        if a.location.column != b.location.column { return a.location.column < b.location.column }
        if a.code != b.code { return a.code.rawValue < b.code.rawValue }
        return a.message < b.message
    }
}

extension Array where Element == Diagnostic {
    /// The order every report uses: by file, line, column, then code, so output never depends on
    /// the order in which stages or threads found things.
    ///
    /// A list in that order already (a build sorts its findings once, then its report and the
    /// cache take them again: ~110,000 at 100,000 documents) is told by one walk and returned as
    /// it is, which is what the (stable) sort would give.
    ///
    /// Otherwise positions are sorted (stably, so the result is the stable sort's), not the
    /// findings themselves: moving a finding, a large value, was most of the sort's time. Files
    /// are ranked first, each distinct one once, so that the sort compares numbers: comparing the
    /// files' names in every step of it was most of the rest (3 million string comparisons for a
    /// large site's report).
    public func sortedForReport() -> [Diagnostic] {
        withUnsafeBufferPointer { d in
            guard d.indices.dropFirst().contains(where: { Diagnostic.reportOrder(d[$0], d[$0 - 1]) }) else { return self }
            // Keyed by `String`: files equal as strings share a rank, as `reportOrder` has them equal.
            var rank: [String: Int] = [:]
            for x in d { rank[x.location.file] = 0 }
            for (i, file) in rank.keys.sorted().enumerated() { rank[file] = i }
            let ranks = d.map { rank[$0.location.file]! }
            return [Int](d.indices).sorted { a, b in
                ranks[a] != ranks[b] ? ranks[a] < ranks[b] : Diagnostic.reportOrder(sameFile: d[a], d[b])
            }.map { d[$0] }
        }
    }

    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var errorCount: Int { count { $0.severity == .error } }
    public var warningCount: Int { count { $0.severity == .warning } }
}

/// A diagnostic can travel as the failure of a `Result` (`YAMLReader.read`).
extension Diagnostic: Error {}
