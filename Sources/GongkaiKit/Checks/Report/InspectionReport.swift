import Foundation

/// The inspection report (巡查报告) `gongkai check --report FILE.html` writes for supervisors: one
/// self-contained HTML page with counts by rule and by category, every finding linked to its source
/// line, and the waivers documents claimed. Never written into the published site.
public enum InspectionReport {
    /// Refuses a report path inside the output folder (it would be published) — a usage error.
    public static func validate(reportPath: String, outputFolder: String = "site") throws {
        let report = absolute(reportPath)
        let output = absolute(outputFolder)
        if report == output || report.hasPrefix(output.hasSuffix("/") ? output : output + "/") {
            throw BuildError.invalidOption("巡查报告不能写在站点输出目录 \(outputFolder)/ 中（否则会被公开发布）。请写到其他位置，如 --report 巡查报告.html。")
        }
        guard reportPath.hasSuffix(".html") || reportPath.hasSuffix(".htm") else {
            throw BuildError.invalidOption("巡查报告应为 .html 文件，例如 --report 巡查报告.html。")
        }
    }

    /// The report page. `reportPath` is where it will be written: source links are relative to it.
    public static func html(_ outcome: CheckOutcome, today: CalendarDate, reportPath: String) -> String {
        let diagnostics = outcome.diagnostics.sortedForReport()
        let reportFolder = (absolute(reportPath) as NSString).deletingLastPathComponent
        let categoryOf = categories(outcome)
        let site = outcome.model?.catalogue.site
        var h = """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>巡查报告\(site.map { " - " + HTML.escape($0.title) } ?? "")</title>
            <style>
            body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222;line-height:1.6}
            h1{font-size:1.6rem;border-bottom:3px solid #b71c1c;padding-bottom:.4rem}h2{font-size:1.2rem;margin-top:2rem}
            table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
            th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
            .error{color:#b71c1c;font-weight:bold}.warning{color:#8a5a00;font-weight:bold}
            .summary{font-size:1.1rem}.suggestion{color:#555}code{font-family:monospace;font-size:.9em}
            </style>
            </head>
            <body>
            <h1>政府信息公开内容巡查报告</h1>

            """
        if let site { h += "<p>站点：\(HTML.escape(site.title))（\(HTML.escape(site.agency))）</p>\n" }
        h += "<p>巡查日期：\(today.chinese)；内容目录：<code>\(HTML.escape(outcome.source.root))</code>；文件 \(outcome.model?.documents.count ?? 0) 篇。</p>\n"
        h += "<p class=\"summary\">共发现 <span class=\"error\">\(diagnostics.errorCount) 个错误</span>、<span class=\"warning\">\(diagnostics.warningCount) 个警告</span>；\(outcome.waived.count) 项经豁免。</p>\n"

        // By rule.
        h += "<h2>按规则统计</h2>\n<table><thead><tr><th>规则代码</th><th>规则</th><th>级别</th><th>数量</th></tr></thead><tbody>\n"
        var byRule: [DiagnosticCode: (Severity, Int)] = [:]
        for d in diagnostics {
            let c = byRule[d.code]
            byRule[d.code] = (c.map { $0.0 == .error ? .error : d.severity } ?? d.severity, (c?.1 ?? 0) + 1)
        }
        for code in byRule.keys.sorted() {
            let (severity, n) = byRule[code]!
            h += "<tr><td><code>\(HTML.escape(code.rawValue))</code></td><td>\(HTML.escape(RuleRegistry.info(code).title))</td><td class=\"\(severity.rawValue)\">\(severity.chineseName)</td><td class=\"n\">\(n)</td></tr>\n"
        }
        if byRule.isEmpty { h += "<tr><td colspan=\"4\">未发现问题。</td></tr>\n" }
        h += "</tbody></table>\n"

        // By category.
        h += "<h2>按栏目统计</h2>\n<table><thead><tr><th>栏目</th><th>错误</th><th>警告</th></tr></thead><tbody>\n"
        var byCategory: [String: (Int, Int)] = [:]
        for d in diagnostics {
            let key = categoryOf[d.location.file] ?? "（目录与设置文件）"
            var c = byCategory[key] ?? (0, 0)
            if d.severity == .error { c.0 += 1 } else { c.1 += 1 }
            byCategory[key] = c
        }
        let order = categoryOrder(outcome)
        for key in byCategory.keys.sorted(by: { (order[$0] ?? Int.max, $0) < (order[$1] ?? Int.max, $1) }) {
            let (e, w) = byCategory[key]!
            h += "<tr><td>\(HTML.escape(key))</td><td class=\"n\">\(e)</td><td class=\"n\">\(w)</td></tr>\n"
        }
        if byCategory.isEmpty { h += "<tr><td colspan=\"3\">未发现问题。</td></tr>\n" }
        h += "</tbody></table>\n"

        // Findings.
        h += "<h2>问题清单</h2>\n"
        if diagnostics.isEmpty {
            h += "<p>未发现问题。</p>\n"
        } else {
            h += "<table><thead><tr><th>位置</th><th>级别</th><th>规则</th><th>问题与建议</th></tr></thead><tbody>\n"
            for d in diagnostics {
                h += "<tr><td>\(sourceLink(d.location, from: reportFolder))</td><td class=\"\(d.severity.rawValue)\">\(d.severity.chineseName)</td>"
                h += "<td><code>\(HTML.escape(d.code.rawValue))</code><br>\(HTML.escape(RuleRegistry.info(d.code).title))</td>"
                h += "<td>\(HTML.escape(d.message))"
                if let s = d.suggestion { h += "<br><span class=\"suggestion\">建议：\(HTML.escape(s).replacingOccurrences(of: "\n", with: "<br>"))</span>" }
                h += "</td></tr>\n"
            }
            h += "</tbody></table>\n"
        }

        // Waivers.
        h += "<h2>豁免事项</h2>\n"
        if outcome.waived.isEmpty {
            h += "<p>无。</p>\n"
        } else {
            h += "<table><thead><tr><th>位置</th><th>规则</th><th>被豁免的问题</th><th>豁免理由</th></tr></thead><tbody>\n"
            for w in outcome.waived.sorted(by: { ($0.diagnostic.location, $0.diagnostic.code) < ($1.diagnostic.location, $1.diagnostic.code) }) {
                h += "<tr><td>\(sourceLink(w.diagnostic.location, from: reportFolder))</td><td><code>\(HTML.escape(w.diagnostic.code.rawValue))</code></td>"
                h += "<td>\(HTML.escape(w.diagnostic.message))</td><td>\(HTML.escape(w.reason))</td></tr>\n"
            }
            h += "</tbody></table>\n"
        }
        h += "<p class=\"suggestion\">本报告由 gongkai check 生成，仅供内部巡查使用，不在网站发布。</p>\n</body>\n</html>\n"
        return h
    }

    /// `<a href="../content/a.md#L12">content/a.md:12:3</a>`
    static func sourceLink(_ l: SourceLocation, from folder: String) -> String {
        let target = relative(absolute(l.file), from: folder)
        let href = target.split(separator: "/").map { String($0).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }
            .joined(separator: "/") + "#L\(l.line)"
        return "<a href=\"\(HTML.escape(href))\">\(HTML.escape(l.description))</a>"
    }

    /// display path → `政策文件 › 行政规范性文件`.
    static func categories(_ outcome: CheckOutcome) -> [String: String] {
        guard let model = outcome.model else { return [:] }
        var out: [String: String] = [:]
        for d in model.documents { out[d.displayPath] = model.catalogue.names(along: d.category).joined(separator: " › ") }
        return out
    }

    static func categoryOrder(_ outcome: CheckOutcome) -> [String: Int] {
        guard let model = outcome.model else { return [:] }
        var out: [String: Int] = [:]
        for (i, p) in model.catalogue.ordered.enumerated() { out[model.catalogue.names(along: p).joined(separator: " › ")] = i }
        return out
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// `target` relative to the folder `base` (both absolute).
    static func relative(_ target: String, from base: String) -> String {
        let t = target.split(separator: "/")
        let b = base.split(separator: "/")
        var i = 0
        while i < t.count && i < b.count && t[i] == b[i] { i += 1 }
        let ups = Array(repeating: "..", count: b.count - i)
        return (ups + t[i...].map(String.init)).joined(separator: "/")
    }
}
