import ArgumentParser
import Foundation
import GongkaiKit

/// Exit codes: 0 success, 1 the content has errors, 2 the command was used wrongly (or the folders
/// it names cannot be read or written).
enum Exit {
    static let contentErrors: Int32 = 1
    static let usage: Int32 = 2
}

struct Gongkai: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "政府信息公开平台静态站点生成器",
        discussion: "退出码：0 成功；1 内容有错误；2 命令用法错误。",
        subcommands: [Build.self, Check.self, New.self, Serve.self],
        defaultSubcommand: nil
    )
}

/// Options shared by every command that reads content.
struct ContentOptions: ParsableArguments {
    @Option(help: "内容目录（含 catalogue.yaml 和 Markdown 文件）。")
    var content = "content"

    @Option(help: ArgumentHelp("构建日期 YYYY-MM-DD（北京时间），默认今天；用于测试和可重复构建。", valueName: "YYYY-MM-DD"))
    var today: String?

    func buildDate() throws -> CalendarDate {
        guard let today else { return CalendarDate.inChina(unixTime: Date().timeIntervalSince1970) }
        guard let date = CalendarDate(iso: today) else {
            throw ValidationError("--today 应为 YYYY-MM-DD 格式的日期，例如 --today 2025-06-05。")
        }
        return date
    }
}

struct ReportOptions: ParsableArguments {
    @Option(help: "问题的输出格式：text（中文说明）、json（供工具读取）、github（GitHub Actions 注释）。")
    var format: DiagnosticFormat = .text

    func print(_ diagnostics: [Diagnostic], waived: [WaivedFinding] = []) {
        let colour = format == .text && isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        var bytes = DiagnosticReport.renderBytes(diagnostics, format: format, colour: colour)
        if format == .text { bytes += CheckReporting.waiversText(waived).utf8 }
        if format == .text {
            FileHandle.standardError.write(Data(bytes))
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "检查内容并生成静态站点。")

    @OptionGroup var contentOptions: ContentOptions
    @OptionGroup var report: ReportOptions

    @Option(help: "模板目录。")
    var templates = "templates"

    @Option(help: "输出目录；构建成功后才替换其中的旧站点。")
    var output = "site"

    @Flag(help: "显示各阶段耗时。")
    var timings = false

    @Option(help: ArgumentHelp("构建缓存目录（应在输出目录之外，CI 可缓存它）：输入未变时不重新生成，未变的输出文件保持原样。",
                               valueName: "DIR"))
    var cache = ".gongkai-cache"

    @Flag(help: "不使用也不写入构建缓存（完整构建）。")
    var noCache = false

    /// The last outcome, kept to the process's exit rather than freed (its report can hold a
    /// hundred thousand findings).
    nonisolated(unsafe) static var finished: BuildOutcome?

    func run() throws {
        var options = BuildOptions(
            contentFolder: contentOptions.content, templatesFolder: templates, outputFolder: output,
            today: try contentOptions.buildDate(), progress: TerminalProgress.forStandardError())
        options.cacheFolder = noCache ? nil : cache
        // The process ends with the command: the build's memory is left to the exit.
        options.releasesMemoryOnReturn = false
        let outcome = try Pipeline.build(options)
        defer { Self.finished = outcome }
        report.print(outcome.diagnostics, waived: outcome.waived)
        if timings {
            for (stage, seconds) in outcome.timings {
                FileHandle.standardError.write(Data(String(format: "  %-10@ %8.3f s\n", stage, seconds).utf8))
            }
            for (part, seconds, calls) in BuildProfile.report() {
                FileHandle.standardError.write(Data(String(format: "  profile %@ %.3f s %d calls\n", part.name, seconds, calls).utf8))
            }
        }
        if let note = outcome.cacheNote {
            FileHandle.standardError.write(Data("\(note)\n".utf8))
        }
        guard outcome.published else {
            FileHandle.standardError.write(Data("构建失败：内容有错误，未更新 \(output)/（原有站点保持不变）。\n".utf8))
            throw ExitCode(Exit.contentErrors)
        }
        if outcome.replayed { return }
        let unbuilt = outcome.pagesKeptUnbuilt > 0 ? "，其中 \(outcome.pagesKeptUnbuilt) 个所依据的内容未变，未重新生成页面数据" : ""
        let rendered = outcome.pagesKept > 0 ? "，\(outcome.pagesKept) 个页面无需重新渲染\(unbuilt)" : ""
        let reused = outcome.filesReused > 0 ? "（其中 \(outcome.filesReused) 个未变，保持原样\(rendered)）" : ""
        var fromCache: [String] = []
        if outcome.documentsRemembered > 0 { fromCache.append("\(outcome.documentsRemembered) 篇未变，沿用缓存中的解析结果") }
        if outcome.bodiesRemembered > 0 { fromCache.append("\(outcome.bodiesRemembered) 篇正文沿用缓存中的渲染结果") }
        if outcome.textChecksRemembered > 0 { fromCache.append("\(outcome.textChecksRemembered) 篇的文字检查沿用缓存中的结果") }
        if outcome.searchSegmentsRemembered > 0 { fromCache.append("搜索索引 \(outcome.searchSegmentsRemembered) 段沿用缓存") }
        if let patched = outcome.searchShardsPatched { fromCache.append("搜索索引只重写 \(patched) 个分片") }
        let remembered = fromCache.isEmpty ? "" : "（\(fromCache.joined(separator: "；"))）"
        FileHandle.standardError.write(Data("已生成 \(output)/：\(outcome.documentCount) 篇文件\(remembered)，\(outcome.filesWritten) 个输出文件\(reused)。\n".utf8))
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "检查内容（不生成站点）。",
        discussion: "有错误时退出码为 1；--strict 时有警告也为 1。规则列表见 --list-rules。")

    @OptionGroup var contentOptions: ContentOptions
    @OptionGroup var output: ReportOptions

    @Flag(help: "把警告也当作错误（有警告时退出码为 1）。")
    var strict = false

    @Flag(help: "列出全部检查规则（代码、默认级别、说明）后退出。")
    var listRules = false

    @Option(name: .customLong("report"), help: ArgumentHelp("另外生成 HTML 格式的巡查报告（不能位于站点输出目录 site/ 中）。", valueName: "FILE.html"))
    var reportFile: String?

    func run() throws {
        if listRules {
            FileHandle.standardOutput.write(Data(CheckReporting.rulesList(format: output.format).utf8))
            return
        }
        if let reportFile { try InspectionReport.validate(reportPath: reportFile) }
        let today = try contentOptions.buildDate()
        let options = BuildOptions(contentFolder: contentOptions.content, today: today)
        let outcome = try Pipeline.check(options)
        output.print(outcome.diagnostics, waived: outcome.waived)
        if let reportFile {
            let html = InspectionReport.html(outcome, today: today, reportPath: reportFile)
            do {
                try Data(html.utf8).write(to: URL(fileURLWithPath: reportFile))
            } catch {
                throw BuildError.outputNotWritable(reportFile, error.localizedDescription)
            }
            FileHandle.standardError.write(Data("巡查报告已写入 \(reportFile)。\n".utf8))
        }
        let status = CheckReporting.exitStatus(outcome.diagnostics, strict: strict)
        if status != 0 { throw ExitCode(status) }
    }
}

/// Calls the async `run()` of a command (on an existential, plain `run()` would pick the sync one).
func runAsync<C: AsyncParsableCommand>(_ command: inout C) async throws {
    try await command.run()
}

// Runs the command with gongkai's exit codes: ArgumentParser's usage errors become 2.
do {
    var command = try Gongkai.parseAsRoot()
    if var asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(&asyncCommand)
    } else {
        try command.run()
    }
} catch let error as BuildError {
    FileHandle.standardError.write(Data("错误：\(error.description)\n".utf8))
    exit(Exit.usage)
} catch let code as ExitCode {
    exit(code.rawValue)
} catch {
    let code = Gongkai.exitCode(for: error)
    if code == .success {
        Gongkai.exit(withError: error)
    }
    FileHandle.standardError.write(Data((Gongkai.fullMessage(for: error) + "\n").utf8))
    exit(Exit.usage)
}
