import Foundation

/// Where a build's time goes, for the benchmark (`bench/run`): with `GONGKAI_PROFILE=1` in the
/// environment, the time spent inside cmark-gfm's own calls (parsing, HTML and plain-text
/// rendering), in the whole Markdown rendering step (cmark-gfm plus gongkai's tree walk and HTML
/// post-processing), and in writing output files is added up and reported by `gongkai build
/// --timings`. Without the variable nothing is measured and nothing is reported.
public enum BuildProfile {
    public enum Part: Int, CaseIterable, Sendable {
        /// `searchPrepare` and `searchAdd` are processor time (summed over threads), not wall time.
        case cmark, markdown, write, searchPrepare, searchAdd

        public var name: String {
            switch self {
            case .cmark: "cmark-gfm"
            case .markdown: "markdown"
            case .write: "write"
            case .searchPrepare: "search-prepare"
            case .searchAdd: "search-add"
            }
        }
    }

    public static let enabled = ProcessInfo.processInfo.environment["GONGKAI_PROFILE"] == "1"

    private static let lock = NSLock()
    nonisolated(unsafe) private static var nanoseconds = [UInt64](repeating: 0, count: Part.allCases.count)
    nonisolated(unsafe) private static var calls = [Int](repeating: 0, count: Part.allCases.count)

    /// A start time to pass to `add`; 0 when profiling is off.
    @inline(__always) static func start() -> UInt64 {
        enabled ? DispatchTime.now().uptimeNanoseconds : 0
    }

    @inline(__always) static func add(_ part: Part, since start: UInt64) {
        guard enabled else { return }
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        lock.lock()
        nanoseconds[part.rawValue] += elapsed
        calls[part.rawValue] += 1
        lock.unlock()
    }

    /// Adds the time since `start` to a running total (one call made of several timed stretches).
    @inline(__always) static func accumulate(since start: UInt64, into total: inout UInt64) {
        guard enabled else { return }
        total += DispatchTime.now().uptimeNanoseconds - start
    }

    /// Counts one call that took `elapsed` nanoseconds in all.
    @inline(__always) static func add(_ part: Part, nanoseconds elapsed: UInt64) {
        guard enabled else { return }
        lock.lock()
        nanoseconds[part.rawValue] += elapsed
        calls[part.rawValue] += 1
        lock.unlock()
    }

    /// Seconds and number of calls per part, in `Part` order; empty when profiling is off.
    public static func report() -> [(part: Part, seconds: Double, calls: Int)] {
        guard enabled else { return [] }
        lock.lock()
        defer { lock.unlock() }
        return Part.allCases.map { ($0, Double(nanoseconds[$0.rawValue]) / 1e9, calls[$0.rawValue]) }
    }
}
