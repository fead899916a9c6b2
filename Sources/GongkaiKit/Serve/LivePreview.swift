import Foundation

/// The state of `gongkai serve`: builds the site into a preview folder (never `site/`), remembers
/// whether the last build worked, and counts builds so open pages know when to reload.
/// The web server around it (Hummingbird, in the `gongkai` executable) only asks it questions.
public final class LivePreview: @unchecked Sendable {
    public enum State: Sendable, Equatable {
        /// The preview folder holds the latest content; warnings are listed in the terminal.
        case ready(warnings: [Diagnostic])
        /// The latest content has errors: every page shows them until they are fixed.
        case failed([Diagnostic])
        /// The build could not run at all (missing folder …).
        case broken(String)
    }

    public let contentFolder: String
    public let templatesFolder: String
    public let previewFolder: String
    private let today: @Sendable () -> CalendarDate
    private let lock = NSLock()
    private var _state: State = .broken("尚未构建。")
    private var _generation = 0
    public let hub = ReloadHub()

    public init(contentFolder: String, templatesFolder: String, previewFolder: String,
                today: @escaping @Sendable () -> CalendarDate) {
        self.contentFolder = contentFolder
        self.templatesFolder = templatesFolder
        self.previewFolder = previewFolder
        self.today = today
    }

    public var state: State { lock.withLock { _state } }
    /// Increases with every build, successful or not.
    public var generation: Int { lock.withLock { _generation } }

    /// Builds now and tells open pages to reload. Returns the new state.
    @discardableResult
    public func rebuild(progress: (any BuildProgressObserver)? = nil) async -> State {
        let options = BuildOptions(contentFolder: contentFolder, templatesFolder: templatesFolder,
                                   outputFolder: previewFolder, today: today(), progress: progress)
        // The build is CPU work that blocks: run it on its own thread, not on the server's async executor.
        let state: State = await withCheckedContinuation { done in
            DispatchQueue.global(qos: .userInitiated).async {
                do {
                    let outcome = try Pipeline.build(options)
                    done.resume(returning: outcome.published ? .ready(warnings: outcome.diagnostics) : .failed(outcome.diagnostics))
                } catch let error as BuildError {
                    done.resume(returning: .broken(error.description))
                } catch {
                    done.resume(returning: .broken("\(error)"))
                }
            }
        }
        let generation = lock.withLock {
            _state = state
            _generation += 1
            return _generation
        }
        await hub.publish(generation)
        return state
    }

    /// What to send for a request path (`/`, `/documents/x/index.html`, `/assets/site.css`).
    public func response(for urlPath: String) -> PreviewResponse {
        let (state, generation) = lock.withLock { (_state, _generation) }
        switch state {
        case .failed(let diagnostics):
            if let asset = PreviewFiles.resolve(urlPath, in: previewFolder), !asset.isHTML {
                return .file(asset, status: 200)
            }
            return .html(LiveReload.inject(ErrorPage.render(diagnostics), generation: generation), status: 500)
        case .broken(let message):
            return .html(LiveReload.inject(ErrorPage.render(problem: message), generation: generation), status: 500)
        case .ready:
            if let file = PreviewFiles.resolve(urlPath, in: previewFolder) { return .file(file, status: 200) }
            if let notFound = PreviewFiles.resolve("/404.html", in: previewFolder) { return .file(notFound, status: 404) }
            return .html(LiveReload.inject(ErrorPage.render(problem: "找不到页面 \(urlPath)。"), generation: generation), status: 404)
        }
    }
}

/// What the preview server sends back.
public enum PreviewResponse: Equatable, Sendable {
    /// A file of the preview folder (HTML files get the reload script injected by the server).
    case file(PreviewFile, status: Int)
    /// A page made by the preview itself (error pages), script already injected.
    case html(String, status: Int)
}

public struct PreviewFile: Equatable, Sendable {
    public var path: String
    public var contentType: String
    public var isHTML: Bool { contentType.hasPrefix("text/html") }
}

/// Maps URL paths to files of the preview folder, refusing anything that leaves it.
public enum PreviewFiles {
    public static func resolve(_ urlPath: String, in root: String) -> PreviewFile? {
        var path = urlPath
        if let q = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<q]) }
        guard let decoded = path.removingPercentEncoding, !decoded.contains("\0") else { return nil }
        var parts: [String] = []
        for segment in decoded.split(separator: "/") {
            if segment == "." { continue }
            if segment == ".." || segment.hasPrefix(".") { return nil }
            parts.append(String(segment))
        }
        var candidate = ([root] + parts).joined(separator: "/")
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir) else { return nil }
        if isDir.boolValue {
            candidate += "/index.html"
            guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue else { return nil }
        }
        return PreviewFile(path: candidate, contentType: contentType(for: candidate))
    }

    public static func contentType(for path: String) -> String {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml": return "application/xml; charset=utf-8"
        case "atom": return "application/atom+xml; charset=utf-8"
        case "txt", "csv": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "pdf": return "application/pdf"
        case "woff2": return "font/woff2"
        case "doc": return "application/msword"
        case "docx": return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "xls": return "application/vnd.ms-excel"
        case "xlsx": return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "zip": return "application/zip"
        default: return "application/octet-stream"
        }
    }
}

/// Tells waiting pages that a new build is there. Each page's event stream waits for a generation
/// newer than the one the page was served with.
public actor ReloadHub {
    private var generation = 0
    private var closed = false
    private var waiters: [UUID: CheckedContinuation<Int?, Never>] = [:]

    public init() {}

    public func publish(_ generation: Int) {
        self.generation = max(self.generation, generation)
        let ready = waiters
        waiters = [:]
        for (_, c) in ready { c.resume(returning: self.generation) }
    }

    /// Ends every wait (the server is stopping); later waits return nil at once.
    public func close() {
        closed = true
        let ready = waiters
        waiters = [:]
        for (_, c) in ready { c.resume(returning: nil) }
    }

    public var current: Int { generation }

    /// The first generation newer than `seen`, or nil when closed or after `timeout` seconds.
    public func wait(after seen: Int, timeout: Double) async -> Int? {
        if closed { return nil }
        if generation > seen { return generation }
        let id = UUID()
        let timer = Task { [weak self] in
            try? await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
            await self?.expire(id)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { c in waiters[id] = c }
    }

    private func expire(_ id: UUID) {
        waiters.removeValue(forKey: id)?.resume(returning: nil)
    }
}

/// The script `gongkai serve` adds to every HTML page it serves (never to the built site): it listens
/// on `/__gongkai/events` and reloads the page when a newer build is announced.
public enum LiveReload {
    public static let eventsPath = "/__gongkai/events"

    public static func script(generation: Int) -> String {
        """
        <script data-gongkai-live-reload>(function(){var g=\(generation);function c(){var s=new EventSource("\(eventsPath)?since="+g);\
        s.addEventListener("reload",function(){s.close();location.reload();});}if(window.EventSource){c();}})();</script>
        """
    }

    /// `html` with the script before `</body>` (or at the end when there is none).
    public static func inject(_ html: String, generation: Int) -> String {
        let tag = script(generation: generation)
        if let r = html.range(of: "</body>", options: .backwards) {
            return html.replacingCharacters(in: r.lowerBound..<r.lowerBound, with: tag + "\n")
        }
        return html + tag
    }

    /// One Server-Sent Events message telling the page to reload.
    public static func reloadEvent(generation: Int) -> String { "event: reload\ndata: \(generation)\n\n" }
}

/// The page shown in the browser instead of the site while the content has errors: every diagnostic
/// with its file, line and column, in Chinese, everything from the content escaped.
public enum ErrorPage {
    public static func render(_ diagnostics: [Diagnostic]) -> String {
        let sorted = diagnostics.sortedForReport()
        var items = ""
        for d in sorted {
            let cls = d.severity == .error ? "error" : "warning"
            items += "<li class=\"\(cls)\"><p class=\"where\"><code>\(HTML.escape(d.location.description))</code> "
            items += "<span class=\"sev\">\(d.severity.chineseName)</span> <code class=\"code\">[\(HTML.escape(d.code.rawValue))]</code></p>\n"
            items += "<p class=\"msg\">\(HTML.escape(d.message))</p>\n"
            if let s = d.suggestion { items += "<p class=\"fix\">建议：\(HTML.escape(s))</p>\n" }
            items += "</li>\n"
        }
        let summary = "共 \(sorted.errorCount) 个错误，\(sorted.warningCount) 个警告。"
        return page(
            heading: "内容有错误，预览暂停更新",
            lead: "修改下列文件并保存后，本页会自动刷新。\(summary)",
            body: "<ol class=\"diagnostics\">\n\(items)</ol>")
    }

    public static func render(problem: String) -> String {
        page(heading: "无法生成预览", lead: "问题解决后本页会自动刷新。", body: "<p class=\"msg\">\(HTML.escape(problem))</p>")
    }

    static func page(heading: String, lead: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(heading) · gongkai 预览</title>
        <style>
        body{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:0;background:#fff;color:#222;line-height:1.6}
        main{max-width:60rem;margin:0 auto;padding:1.5rem}
        h1{color:#a40000;font-size:1.5rem}
        .diagnostics{padding-left:1.5rem}
        .diagnostics li{margin:0 0 1rem;padding:.5rem .75rem;border-left:4px solid #a40000;background:#fff5f5}
        .diagnostics li.warning{border-color:#a66300;background:#fffaf0}
        .where{margin:0;font-size:.95rem}.sev{font-weight:bold}.msg{margin:.25rem 0;font-size:1.1rem}.fix{margin:0;color:#444}
        code{font-family:ui-monospace,Menlo,Consolas,monospace}
        </style>
        </head>
        <body>
        <main>
        <h1>\(heading)</h1>
        <p>\(lead)</p>
        \(body)
        </main>
        </body>
        </html>

        """
    }
}
