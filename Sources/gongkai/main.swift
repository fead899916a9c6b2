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
        subcommands: [Build.self, Check.self],
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

    func print(_ diagnostics: [Diagnostic]) {
        let colour = format == .text && isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let text = DiagnosticReport.render(diagnostics, format: format, colour: colour)
        if format == .text {
            FileHandle.standardError.write(Data(text.utf8))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
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

    func run() throws {
        let options = BuildOptions(
            contentFolder: contentOptions.content, templatesFolder: templates, outputFolder: output,
            today: try contentOptions.buildDate())
        let outcome = try Pipeline.build(options)
        report.print(outcome.diagnostics)
        if timings {
            for (stage, seconds) in outcome.timings {
                FileHandle.standardError.write(Data(String(format: "  %-10@ %8.3f s\n", stage, seconds).utf8))
            }
        }
        guard outcome.published else {
            FileHandle.standardError.write(Data("构建失败：内容有错误，未更新 \(output)/（原有站点保持不变）。\n".utf8))
            throw ExitCode(Exit.contentErrors)
        }
        FileHandle.standardError.write(Data("已生成 \(output)/：\(outcome.documentCount) 篇文件，\(outcome.filesWritten) 个输出文件。\n".utf8))
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "检查内容（不生成站点）。")

    @OptionGroup var contentOptions: ContentOptions
    @OptionGroup var report: ReportOptions

    @Flag(help: "把警告也当作错误（有警告时退出码为 1）。")
    var strict = false

    func run() throws {
        let options = BuildOptions(contentFolder: contentOptions.content, today: try contentOptions.buildDate())
        let outcome = try Pipeline.check(options)
        report.print(outcome.diagnostics)
        if outcome.diagnostics.hasErrors || (strict && !outcome.diagnostics.isEmpty) {
            throw ExitCode(Exit.contentErrors)
        }
    }
}

// Runs the command with gongkai's exit codes: ArgumentParser's usage errors become 2.
do {
    var command = try Gongkai.parseAsRoot()
    try command.run()
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
