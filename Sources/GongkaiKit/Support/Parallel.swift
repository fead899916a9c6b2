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

    /// `map`, its results left in their optional slots, for `release`.
    static func mapSlots<T>(_ count: Int, grain: Int = 16, _ transform: (Int) throws -> T) rethrows -> [T?] {
        try map(count, grain: grain) { Optional(try transform($0)) }
    }

    /// Releases what `slots` hold on all cores, leaving every slot nil: values that hold many
    /// references (a batch of rendered documents) took a noticeable time to release one by one on
    /// the thread that made the batch while the other cores waited.
    static func release<T>(_ slots: inout [T?], grain: Int = 64) {
        let count = slots.count
        guard threads > 1, count >= 2 * grain else { return slots.removeAll() }
        let chunk = max(grain, count / (threads * 4))
        slots.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { c in
                for i in c * chunk ..< min((c + 1) * chunk, count) { slots[i] = nil }
            }
        }
        slots.removeAll()
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
