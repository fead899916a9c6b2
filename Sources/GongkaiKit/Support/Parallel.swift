import Dispatch
import Foundation

public enum Parallel {
    /// How many threads parallel stages use (the machine's cores; `GONGKAI_THREADS` overrides).
    public static let threads: Int = {
        if let s = ProcessInfo.processInfo.environment["GONGKAI_THREADS"], let n = Int(s), n > 0 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// `(0..<count).map(transform)` on all cores, results in index order (so output never depends
    /// on scheduling). Work is handed out in contiguous chunks of at least `grain` items (1 for a
    /// few large items, more for many small ones) to balance uneven items.
    public static func map<T>(_ count: Int, grain: Int = 16, _ transform: (Int) throws -> T) rethrows -> [T] {
        if count == 0 { return [] }
        if threads == 1 || count < 2 * grain { return try (0..<count).map(transform) }
        let chunk = max(grain, count / (threads * 16))
        let chunks = (count + chunk - 1) / chunk
        var results = [T?](repeating: nil, count: count)
        let failure = FirstError()
        try withoutActuallyEscaping(transform) { transform in
            try results.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let slots = buffer
                nonisolated(unsafe) let work = transform
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let start = c * chunk
                    for i in start..<min(start + chunk, count) {
                        do {
                            slots[i] = try work(i)
                        } catch {
                            failure.record(error)
                            return
                        }
                    }
                }
                if let error = failure.error { throw error }
            }
        }
        return results.map { $0! }
    }
}

/// The first error thrown by any worker of a parallel stage (or by the search index's thread).
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?

    func record(_ error: Error) {
        lock.withLock { if stored == nil { stored = error } }
    }

    var error: Error? { lock.withLock { stored } }
}
