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

    /// `render` as UTF-8 bytes, for writing out: the text report is put together as bytes, and a
    /// large site's (~110,000 lines, 19 MB) is then neither checked again as a `String` nor copied
    /// out of one byte by byte.
    public static func renderBytes(_ diagnostics: [Diagnostic], format: DiagnosticFormat, colour: Bool = false) -> [UInt8] {
        guard format == .text else { return Array(render(diagnostics, format: format, colour: colour).utf8) }
        return textBytes(diagnostics.sortedForReport(), colour: colour)
    }

    /// One line per finding (`file:line:column: 警告 [code] message`), its suggestion on the next.
    /// Put together as UTF-8 bytes: a large site's report has ~110,000 lines.
    static func text(_ diagnostics: [Diagnostic], colour: Bool) -> String {
        String(decoding: textBytes(diagnostics, colour: colour), as: UTF8.self)
    }

    static func textBytes(_ diagnostics: [Diagnostic], colour: Bool) -> [UInt8] {
        func severity(_ s: Severity) -> [UInt8] {
            guard colour else { return Array(s.chineseName.utf8) }
            return Array(((s == .error ? "\u{1B}[1;31m" : "\u{1B}[1;33m") + s.chineseName + "\u{1B}[0m").utf8)
        }
        let error = severity(.error), warning = severity(.warning), advice = Array("    建议：".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(diagnostics.count * 160 + 256)
        for d in diagnostics {
            out += d.location.file.utf8
            out.append(UInt8(ascii: ":"))
            out += String(d.location.line).utf8
            out.append(UInt8(ascii: ":"))
            out += String(d.location.column).utf8
            out += [UInt8(ascii: ":"), UInt8(ascii: " ")]
            out += d.severity == .error ? error : warning
            out += [UInt8(ascii: " "), UInt8(ascii: "[")]
            out += d.code.rawValue.utf8
            out += [UInt8(ascii: "]"), UInt8(ascii: " ")]
            out += d.message.utf8
            out.append(UInt8(ascii: "\n"))
            if let suggestion = d.suggestion {
                out += advice
                out += suggestion.utf8
                out.append(UInt8(ascii: "\n"))
            }
        }
        out += summary(diagnostics).utf8
        out.append(UInt8(ascii: "\n"))
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
