import Foundation
import Testing
@testable import GongkaiKit

/// Collects what a progress reporter writes, with a clock the test moves.
final class ProgressRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var _text = ""
    private var _time = 0.0
    var text: String { lock.withLock { _text } }
    func write(_ s: String) { lock.withLock { _text += s } }
    var time: Double {
        get { lock.withLock { _time } }
        set { lock.withLock { _time = newValue } }
    }
}

@Suite struct BuildProgressTests {
    @Test func redrawsOneLineAtMostEveryIntervalAndClearsItAtTheEnd() {
        let r = ProgressRecorder()
        let p = TerminalProgress(interval: 0.1, now: { r.time }, write: { r.write($0) })
        p.begin(.documents, total: 3)
        p.advance(.documents, done: 1)       // too soon: not drawn
        r.time = 0.2
        p.advance(.documents, done: 2)
        p.advance(.documents, done: 3)       // the last one is always drawn
        p.end()
        let e = "\r\u{1B}[K"
        #expect(r.text == "\(e)[5/7] 生成文件页面 0/3\(e)[5/7] 生成文件页面 2/3\(e)[5/7] 生成文件页面 3/3\(e)")
        #expect(TerminalProgress.line(.load, done: 0, total: 0) == "[1/7] 读取内容…")
    }

    @Test func aBuildReportsEveryStageInOrder() throws {
        final class Stages: BuildProgressObserver, @unchecked Sendable {
            var begun: [BuildStage] = []
            var counts: [BuildStage: Int] = [:]
            var ended = 0
            func begin(_ stage: BuildStage, total: Int) { begun.append(stage); counts[stage] = total }
            func advance(_ stage: BuildStage, done: Int) {}
            func end() { ended += 1 }
        }
        let site = try TestSite(files: ["zcwj/gfxwj/a.md": policy("2025-00001"), "zcwj/gfxwj/b.md": policy("2025-00002")])
        let stages = Stages()
        var options = site.options()
        options.progress = stages
        #expect(try Pipeline.build(options).published)
        #expect(stages.begun == BuildStage.allCases)
        #expect(stages.counts[.decode] == 2)
        #expect(stages.counts[.documents] == 2)
        #expect(stages.ended == 1)
    }
}
