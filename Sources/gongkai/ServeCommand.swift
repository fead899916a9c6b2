import ArgumentParser
import Foundation
import GongkaiKit
import Hummingbird
import Logging
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "本地预览：生成站点、在浏览器中查看，修改内容后自动重新生成并刷新页面。",
        discussion: "按 Ctrl-C 停止。预览生成在 --preview 目录中，不会改动 site/。")

    @OptionGroup var contentOptions: ContentOptions

    @Option(help: "模板目录。")
    var templates = "templates"

    @Option(help: "预览站点的目录（每次修改后重新生成）。")
    var preview = ".gongkai/preview"

    @Option(help: "端口。")
    var port = 8000

    @Option(help: "监听地址。默认只允许本机访问。")
    var host = "127.0.0.1"

    func run() async throws {
        let fixedToday = try contentOptions.today.map { _ in try contentOptions.buildDate() }
        let live = LivePreview(
            contentFolder: contentOptions.content, templatesFolder: templates, previewFolder: preview,
            today: { fixedToday ?? CalendarDate.inChina(unixTime: Date().timeIntervalSince1970) })
        let console = Console()
        let started = Date()
        console.report(await live.rebuild(progress: TerminalProgress.forStandardError()), took: Date().timeIntervalSince(started), changes: [])

        let watcher = FolderWatcher(folders: [contentOptions.content, templates])
        let watch = WatchService(live: live, watcher: watcher, console: console)

        var logger = Logger(label: "gongkai.serve")
        logger.logLevel = .warning
        let host = self.host, port = self.port
        let app = Application(
            responder: PreviewResponder(live: live),
            configuration: .init(address: .hostname(host, port: port), serverName: "gongkai"),
            services: [watch],
            onServerRunning: { _ in
                console.line("预览地址：http://\(host):\(port)/  （修改 \(live.contentFolder)/ 或 \(live.templatesFolder)/ 后自动刷新；按 Ctrl-C 停止）")
            },
            logger: logger)
        try await app.runService()
        console.line("预览已停止。")
    }
}

/// Terminal messages of `serve`, one line each.
final class Console: Sendable {
    func line(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

    func report(_ state: LivePreview.State, took seconds: Double, changes: [String]) {
        let time = Self.clock()
        let what = changes.isEmpty ? "" : "（\(changes.count) 个文件有改动：\(changes.prefix(3).joined(separator: "、"))\(changes.count > 3 ? " 等" : "")）"
        switch state {
        case .ready(let warnings):
            if !warnings.isEmpty {
                FileHandle.standardError.write(Data(DiagnosticReport.render(warnings, format: .text).utf8))
            }
            line("[\(time)] 预览已更新\(what)，用时 \(String(format: "%.2f", seconds)) 秒。")
        case .failed(let diagnostics):
            FileHandle.standardError.write(Data(DiagnosticReport.render(diagnostics, format: .text).utf8))
            line("[\(time)] 内容有错误\(what)：浏览器中显示错误列表，修正后自动恢复。")
        case .broken(let message):
            line("[\(time)] 无法生成预览：\(message)")
        }
    }

    static func clock() -> String {
        let secs = Int(Date().timeIntervalSince1970 + 8 * 3600) % 86400
        return String(format: "%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60)
    }
}

/// Watches content/ and templates/ and rebuilds the preview after each batch of changes.
struct WatchService: Service {
    let live: LivePreview
    let watcher: FolderWatcher
    let console: Console

    func run() async throws {
        let live = self.live, watcher = self.watcher, console = self.console
        await cancelWhenGracefulShutdown {
            await watcher.run { changes in
                let started = Date()
                let state = await live.rebuild(progress: TerminalProgress.forStandardError())
                console.report(state, took: Date().timeIntervalSince(started), changes: changes)
            }
        }
        await live.hub.close()
    }
}

/// Answers every request from the preview: the event stream, error pages, or files of the preview folder
/// (HTML ones with the reload script added).
struct PreviewResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let live: LivePreview

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        let path = request.uri.path
        if path == LiveReload.eventsPath {
            let since = request.uri.queryParameters["since"].flatMap { Int($0) } ?? live.generation
            return events(since: since)
        }
        let head = request.method == .head
        switch live.response(for: path) {
        case .html(let html, let status):
            return respond(Array(html.utf8), contentType: "text/html; charset=utf-8", status: status, head: head)
        case .file(let file, let status):
            guard let data = FileManager.default.contents(atPath: file.path) else {
                return Response(status: .notFound)
            }
            var bytes = [UInt8](data)
            if file.isHTML {
                bytes = Array(LiveReload.inject(String(decoding: bytes, as: UTF8.self), generation: live.generation).utf8)
            }
            return respond(bytes, contentType: file.contentType, status: status, head: head)
        }
    }

    func respond(_ bytes: [UInt8], contentType: String, status: Int, head: Bool) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: "no-store"]
        headers[.contentLength] = String(bytes.count)
        let body = head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: body)
    }

    /// A Server-Sent Events stream that sends one `reload` event when a build newer than `since`
    /// is ready, or closes after a while so the browser reconnects (and so Ctrl-C never waits long).
    func events(since: Int) -> Response {
        let hub = live.hub
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-store"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 500\n\n"))
            let newer = await withGracefulShutdownHandler {
                await hub.wait(after: since, timeout: 25)
            } onGracefulShutdown: {
                Task { await hub.close() }
            }
            if let newer {
                try await writer.write(ByteBuffer(string: LiveReload.reloadEvent(generation: newer)))
            } else {
                try await writer.write(ByteBuffer(string: ": 保持连接\n\n"))
            }
            try await writer.finish(nil)
        })
    }
}
