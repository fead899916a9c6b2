import Foundation
import Testing
@testable import GongkaiKit

@Suite struct LivePreviewTests {
    @Test func theErrorPageListsEveryDiagnosticEscaped() {
        let diagnostics: [Diagnostic] = [
            .warning("wording.typo", at: SourceLocation(file: "content/b.md", line: 3, column: 1), "疑似错别字“<b>”。"),
            .error(.unknownField, at: SourceLocation(file: "content/a<x>.md", line: 5, column: 2), "未知字段“<script>alert(1)</script>”。",
                   suggestion: "是否应为“title”？ & 其他"),
        ]
        let html = ErrorPage.render(diagnostics)
        #expect(html.contains("<title>内容有错误，预览暂停更新 · gongkai 预览</title>"))
        #expect(html.contains("共 1 个错误，1 个警告。"))
        // Sorted by file, each with file:line:column, severity, code, message and suggestion, escaped.
        #expect(html.contains("""
            <li class="error"><p class="where"><code>content/a&lt;x&gt;.md:5:2</code> <span class="sev">错误</span> <code class="code">[meta.unknown-field]</code></p>
            <p class="msg">未知字段“&lt;script&gt;alert(1)&lt;/script&gt;”。</p>
            <p class="fix">建议：是否应为“title”？ &amp; 其他</p>
            </li>
            <li class="warning"><p class="where"><code>content/b.md:3:1</code> <span class="sev">警告</span>
            """))
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<b>"))
        #expect(ErrorPage.render(problem: "找不到<模板>").contains("找不到&lt;模板&gt;"))
    }

    @Test func theReloadScriptGoesBeforeTheEndOfTheBody() {
        let html = "<html><body><p>x</p></body></html>"
        let injected = LiveReload.inject(html, generation: 7)
        #expect(injected.hasPrefix("<html><body><p>x</p><script data-gongkai-live-reload>"))
        #expect(injected.hasSuffix("</script>\n</body></html>"))
        #expect(injected.contains("var g=7;"))
        #expect(injected.contains("new EventSource(\"/__gongkai/events?since=\"+g)"))
        #expect(LiveReload.inject("<p>no body</p>", generation: 1).hasPrefix("<p>no body</p><script"))
        #expect(LiveReload.reloadEvent(generation: 3) == "event: reload\ndata: 3\n\n")
    }

    @Test func theBuiltSiteNeverCarriesTheReloadScript() throws {
        let site = try TestSite(files: ["zcwj/gfxwj/a.md": policy("2025-00001")])
        try site.build()
        for (path, data) in try site.siteFiles() {
            #expect(!String(decoding: data, as: UTF8.self).contains("__gongkai"), "\(path)")
        }
    }

    @Test func urlPathsMapToFilesInsideThePreviewOnly() throws {
        let site = try TestSite(files: ["zcwj/gfxwj/a.md": policy("2025-00001")])
        try site.build()
        let root = site.output.path
        #expect(PreviewFiles.resolve("/", in: root)?.path == root + "/index.html")
        #expect(PreviewFiles.resolve("/documents/11999900MB0000001X/2025-00001/", in: root)?.path
                == root + "/documents/11999900MB0000001X/2025-00001/index.html")
        #expect(PreviewFiles.resolve("/assets/site.css?v=1", in: root)?.contentType == "text/css; charset=utf-8")
        #expect(PreviewFiles.resolve("/index.html", in: root)?.isHTML == true)
        #expect(PreviewFiles.resolve("/../content/catalogue.yaml", in: root) == nil)
        #expect(PreviewFiles.resolve("/%2e%2e/content/catalogue.yaml", in: root) == nil)
        #expect(PreviewFiles.resolve("/nothing-here", in: root) == nil)
    }

    @Test func aMissingPageGetsThe404PageAndABrokenSetupAnExplanation() async throws {
        let site = try TestSite(files: ["zcwj/gfxwj/a.md": policy("2025-00001")])
        let preview = site.root.appendingPathComponent("preview").path
        let live = LivePreview(contentFolder: site.content.path, templatesFolder: TestSite.templates, previewFolder: preview,
                               today: { CalendarDate(iso: "2026-11-21")! })
        await live.rebuild()
        #expect(live.response(for: "/no/such/page") == .file(PreviewFile(path: preview + "/404.html", contentType: "text/html; charset=utf-8"), status: 404))

        let broken = LivePreview(contentFolder: site.root.appendingPathComponent("missing").path, templatesFolder: TestSite.templates,
                                 previewFolder: preview, today: { CalendarDate(iso: "2026-11-21")! })
        guard case .broken(let message) = await broken.rebuild() else { Issue.record("expected broken"); return }
        #expect(message.contains("找不到内容目录"))
        guard case .html(let html, 500) = broken.response(for: "/") else { Issue.record("expected a page"); return }
        #expect(html.contains("无法生成预览"))
    }

    @Test func theHubWakesWaitersAndClosesForShutdown() async {
        let hub = ReloadHub()
        #expect(await hub.wait(after: 0, timeout: 0.05) == nil)   // times out
        let waiter = Task { await hub.wait(after: 0, timeout: 20) }
        try? await Task.sleep(nanoseconds: 50_000_000)
        await hub.publish(1)
        #expect(await waiter.value == 1)
        #expect(await hub.wait(after: 0, timeout: 20) == 1)       // already newer: at once
        let closing = Task { await hub.wait(after: 1, timeout: 20) }
        try? await Task.sleep(nanoseconds: 50_000_000)
        await hub.close()
        #expect(await closing.value == nil)
        #expect(await hub.wait(after: 1, timeout: 20) == nil)
    }
}
