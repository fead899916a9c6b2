import Foundation
import Testing
@testable import GongkaiKit

@Suite struct WatcherTests {
    @Test func snapshotsSeeAddedChangedAndRemovedFiles() throws {
        let site = try TestSite(files: ["a/one.md": "1", "two.md": "2", ".hidden.md": "h", "a/.swp": "s"])
        let folder = site.content.path
        let before = FolderSnapshot.take([folder])
        #expect(before.files.keys.sorted() == [folder + "/a/one.md", folder + "/catalogue.yaml", folder + "/two.md"])
        #expect(FolderSnapshot.take([folder]).changes(since: before) == [])

        try site.write("a/one.md", "1 changed")   // size changes
        try site.write("three.md", "3")
        try site.remove("two.md")
        try site.write(".another-hidden", "x")
        try site.write("backup.md~", "x")
        #expect(FolderSnapshot.take([folder]).changes(since: before) == [folder + "/a/one.md", folder + "/three.md", folder + "/two.md"])
    }

    @Test func aSameSizeEditIsSeenByItsModificationTime() throws {
        let site = try TestSite(files: ["a.md": "aaaa"])
        let path = site.content.appendingPathComponent("a.md").path
        let before = FolderSnapshot.take([site.content.path])
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 5)], ofItemAtPath: path)
        #expect(FolderSnapshot.take([site.content.path]).changes(since: before) == [path])
    }

    @Test func theDebouncerWaitsForQuietThenHandsOverOneBatch() {
        var d = Debouncer(quiet: 0.25, maxWait: 2)
        #expect(d.observe([], at: 0) == nil)
        #expect(d.observe(["b"], at: 1.0) == nil)
        #expect(d.observe(["a"], at: 1.1) == nil)      // still changing
        #expect(d.observe([], at: 1.3) == nil)         // quiet for 0.2 s only
        #expect(d.observe([], at: 1.35) == ["a", "b"]) // quiet for 0.25 s: one batch, sorted
        #expect(d.observe([], at: 5) == nil)           // nothing left
        #expect(!d.hasPending)
    }

    @Test func theDebouncerHandsOverAtTheLatestAfterMaxWait() {
        var d = Debouncer(quiet: 0.25, maxWait: 1)
        var batches: [[String]] = []
        // A file rewritten every 0.1 s for 3 s.
        for i in 0..<30 {
            if let b = d.observe(["log.md"], at: Double(i) * 0.1) { batches.append(b) }
        }
        #expect(batches.count == 2)
        #expect(d.hasPending)
    }

    @Test func theWatcherReportsAChangeOnceAfterItSettles() throws {
        let site = try TestSite(files: ["a.md": "a"])
        let watcher = FolderWatcher(folders: [site.content.path], interval: 0.05, quiet: 0.2)
        #expect(watcher.poll(now: 0) == nil)
        try site.write("a.md", "changed")
        try site.write("b.md", "new")
        #expect(watcher.poll(now: 1.0) == nil)
        #expect(watcher.poll(now: 1.1) == nil)
        #expect(watcher.poll(now: 1.25) == [site.content.path + "/a.md", site.content.path + "/b.md"])
        #expect(watcher.poll(now: 2) == nil)
    }

    @Test func editingContentRebuildsThePreviewAndAnnouncesIt() async throws {
        let site = try TestSite(files: ["zcwj/gfxwj/a.md": policy("2025-00001", title: "第一版标题")])
        let preview = site.root.appendingPathComponent(".gongkai/preview").path
        let live = LivePreview(contentFolder: site.content.path, templatesFolder: TestSite.templates, previewFolder: preview,
                               today: { CalendarDate(iso: "2026-11-21")! })
        #expect(await live.rebuild() == .ready(warnings: []))
        #expect(live.generation == 1)
        let page = "/documents/11999900MB0000001X/2025-00001/"
        guard case .file(let first, 200) = live.response(for: page) else { Issue.record("no page"); return }
        #expect(try String(contentsOfFile: first.path, encoding: .utf8).contains("第一版标题"))
        // The site/ folder is never touched by the preview.
        #expect(!FileManager.default.fileExists(atPath: site.output.path))

        let watcher = FolderWatcher(folders: [site.content.path, TestSite.templates], interval: 0.05, quiet: 0.1)
        let rebuilt = Task {
            await watcher.run { _ in await live.rebuild() }
        }
        defer { rebuilt.cancel() }
        let waiting = Task { await live.hub.wait(after: 1, timeout: 20) }
        try await Task.sleep(nanoseconds: 100_000_000)
        try site.write("zcwj/gfxwj/a.md", policy("2025-00001", title: "第二版标题"))
        let announced = await waiting.value
        #expect(announced == 2)
        guard case .file(let second, 200) = live.response(for: page) else { Issue.record("no page"); return }
        #expect(try String(contentsOfFile: second.path, encoding: .utf8).contains("第二版标题"))

        // An error: every page shows the diagnostics; fixed, the page comes back.
        let waitingForError = Task { await live.hub.wait(after: 2, timeout: 20) }
        try site.write("zcwj/gfxwj/a.md", policy("2025-00001", published: "2025-13-01"))
        #expect(await waitingForError.value == 3)
        guard case .failed(let diagnostics) = live.state else { Issue.record("expected a failed build"); return }
        #expect(diagnostics.map(\.code) == [.invalidDate])
        guard case .html(let html, 500) = live.response(for: page) else { Issue.record("expected the error page"); return }
        #expect(html.contains("content/zcwj/gfxwj/a.md:8:12") || html.contains("/zcwj/gfxwj/a.md:8:12"))
        #expect(html.contains(LiveReload.eventsPath))
        // Assets still load while the error page shows.
        guard case .file(_, 200) = live.response(for: "/assets/site.css") else { Issue.record("assets gone"); return }

        let waitingForFix = Task { await live.hub.wait(after: 3, timeout: 20) }
        try site.write("zcwj/gfxwj/a.md", policy("2025-00001", title: "第三版标题"))
        #expect(await waitingForFix.value == 4)
        guard case .file(let third, 200) = live.response(for: page) else { Issue.record("page did not come back"); return }
        #expect(try String(contentsOfFile: third.path, encoding: .utf8).contains("第三版标题"))
    }
}
