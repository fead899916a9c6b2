import Foundation

/// How a list of diagnostics is written out: for people, for tools, for CI annotations.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    case text
    case json
    case github
}

public enum DiagnosticReport {
    /// Renders diagnostics in `format`. `colour` adds ANSI colours to the text format (terminals only).
    public static func render(_ diagnostics: [Diagnostic], format: DiagnosticFormat, colour: Bool = false) -> String {
        let sorted = diagnostics.sortedForReport()
        switch format {
        case .text: return text(sorted, colour: colour)
        case .json: return json(sorted)
        case .github: return github(sorted)
        }
    }

    static func text(_ diagnostics: [Diagnostic], colour: Bool) -> String {
        var out = ""
        for d in diagnostics {
            let severity: String
            if colour {
                severity = (d.severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;33m") + d.severity.chineseName + "\u{1B}[0m"
            } else {
                severity = d.severity.chineseName
            }
            out += "\(d.location): \(severity) [\(d.code)] \(d.message)\n"
            if let suggestion = d.suggestion {
                out += "    建议：\(suggestion)\n"
            }
        }
        out += summary(diagnostics) + "\n"
        return out
    }

    /// `共 2 个错误，1 个警告。` or `未发现问题。`
    public static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.errorCount
        let warnings = diagnostics.warningCount
        if errors == 0 && warnings == 0 { return "检查完成，未发现问题。" }
        return "检查完成：共 \(errors) 个错误，\(warnings) 个警告。"
    }

    static func json(_ diagnostics: [Diagnostic]) -> String {
        var out = "[\n"
        for (i, d) in diagnostics.enumerated() {
            out += "  {"
            out += "\"file\": \(JSON.string(d.location.file)), "
            out += "\"line\": \(d.location.line), "
            out += "\"column\": \(d.location.column), "
            out += "\"severity\": \(JSON.string(d.severity.rawValue)), "
            out += "\"code\": \(JSON.string(d.code.rawValue)), "
            out += "\"message\": \(JSON.string(d.message)), "
            out += "\"suggestion\": " + (d.suggestion.map(JSON.string) ?? "null")
            out += i == diagnostics.count - 1 ? "}\n" : "},\n"
        }
        out += "]\n"
        return out
    }

    static func github(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for d in diagnostics {
            let command = d.severity == .error ? "error" : "warning"
            var message = "[\(d.code)] \(d.message)"
            if let s = d.suggestion { message += " 建议：\(s)" }
            out += "::\(command) file=\(escapeProperty(d.location.file)),line=\(d.location.line),col=\(d.location.column),title=\(escapeProperty(d.code.rawValue))::\(escapeData(message))\n"
        }
        return out
    }

    // GitHub workflow command escaping.
    private static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
