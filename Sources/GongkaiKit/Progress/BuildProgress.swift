import Foundation

/// The stages a build goes through, in order, as shown to the person waiting for it.
public enum BuildStage: Int, Sendable, CaseIterable {
    case load, decode, link, check, documents, listings, write

    public var chineseName: String {
        switch self {
        case .load: "读取内容"
        case .decode: "解析文件头"
        case .link: "建立关联"
        case .check: "检查内容"
        case .documents: "生成文件页面"
        case .listings: "生成栏目页面"
        case .write: "写入站点"
        }
    }
}

/// Told by the pipeline how far it has got. Called from the thread running the build.
public protocol BuildProgressObserver: AnyObject, Sendable {
    /// A stage begins; `total` is the number of items it will go through (0 when not counted).
    func begin(_ stage: BuildStage, total: Int)
    /// `done` of the stage's `total` items are finished.
    func advance(_ stage: BuildStage, done: Int)
    /// The build is over (successfully or not).
    func end()
}

/// Progress on a terminal: one line on stderr, rewritten in place with a carriage return
/// (`[5/7] 生成文件页面 1234/10000`), at most every `interval` seconds, cleared at the end so the
/// summary that follows stands alone. Not used when stderr is not a terminal (CI logs get only the summary).
public final class TerminalProgress: BuildProgressObserver, @unchecked Sendable {
    private let lock = NSLock()
    private let write: @Sendable (String) -> Void
    private let now: @Sendable () -> Double
    private let interval: Double
    private var stage: BuildStage = .load
    private var total = 0
    private var lastDraw = -Double.infinity
    private var drawn = false

    /// `write` receives the raw text (with `\r` and the erase-line escape); `now` is a clock in seconds.
    public init(interval: Double = 0.1,
                now: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 },
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.interval = interval
        self.now = now
        self.write = write
    }

    /// A reporter for this process's stderr when it is a terminal, else nil.
    public static func forStandardError() -> TerminalProgress? {
        isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["CI"] == nil ? TerminalProgress() : nil
    }

    public func begin(_ stage: BuildStage, total: Int) {
        lock.withLock {
            self.stage = stage
            self.total = total
            draw(done: 0, force: true)
        }
    }

    public func advance(_ stage: BuildStage, done: Int) {
        lock.withLock {
            guard stage == self.stage else { return }
            draw(done: done, force: done == total)
        }
    }

    public func end() {
        lock.withLock {
            if drawn { write("\r\u{1B}[K") }
            drawn = false
        }
    }

    /// The text of the progress line (without the carriage return).
    public static func line(_ stage: BuildStage, done: Int, total: Int) -> String {
        let head = "[\(stage.rawValue + 1)/\(BuildStage.allCases.count)] \(stage.chineseName)"
        return total > 0 ? "\(head) \(done)/\(total)" : head + "…"
    }

    private func draw(done: Int, force: Bool) {
        let t = now()
        guard force || t - lastDraw >= interval else { return }
        lastDraw = t
        drawn = true
        write("\r\u{1B}[K" + Self.line(stage, done: done, total: total))
    }
}
