import Foundation

/// What `gongkai check` prints besides the findings, and how it exits.
public enum CheckReporting {
    /// Exit status of `gongkai check`: 1 on any error, or on any finding with `strict`; else 0.
    public static func exitStatus(_ diagnostics: [Diagnostic], strict: Bool) -> Int32 {
        diagnostics.hasErrors || (strict && !diagnostics.isEmpty) ? 1 : 0
    }

    /// The waivers, for the text output (empty when there are none).
    public static func waiversText(_ waived: [WaivedFinding]) -> String {
        guard !waived.isEmpty else { return "" }
        var out = "已豁免 \(waived.count) 项：\n"
        for w in waived.sorted(by: { ($0.diagnostic.location, $0.diagnostic.code) < ($1.diagnostic.location, $1.diagnostic.code) }) {
            out += "  \(w.diagnostic.location): [\(w.diagnostic.code)] \(w.diagnostic.message)\n    豁免理由：\(w.reason)\n"
        }
        return out
    }

    /// `gongkai check --list-rules`: every rule with its default severity, title and description.
    public static func rulesList(format: DiagnosticFormat) -> String {
        switch format {
        case .json:
            var out = "[\n"
            for (i, r) in RuleRegistry.all.enumerated() {
                out += "  {\"code\": \(JSON.string(r.code.rawValue)), \"severity\": \(JSON.string(r.severity.rawValue)), "
                out += "\"title\": \(JSON.string(r.title)), \"description\": \(JSON.string(r.description))}"
                out += i == RuleRegistry.all.count - 1 ? "\n" : ",\n"
            }
            return out + "]\n"
        case .text, .github:
            var out = ""
            var family: Substring = ""
            for r in RuleRegistry.all {
                if r.code.family != family {
                    family = r.code.family
                    out += (out.isEmpty ? "" : "\n") + "\(family).*\n"
                }
                out += "  \(r.code.rawValue.padding(toLength: 32, withPad: " ", startingAt: 0)) \(r.severity.chineseName)  \(r.title)：\(r.description)\n"
            }
            out += "\n共 \(RuleRegistry.all.count) 条规则。级别可在 catalogue.yaml 的 rules: 中修改（error / warning / off）；"
            out += "单个文件可用 waive: {规则代码: 理由} 豁免。\n"
            return out
        }
    }
}
