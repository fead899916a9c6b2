import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The build's peak memory is what the 2 GB limit is about. Stages allocate on many threads
/// (`Parallel.map`), and glibc keeps what a thread freed in that thread's arena, where another
/// thread's allocations in the next stage cannot use it: without help, memory freed by decoding and
/// by each search segment stays in the process beside what later stages allocate.
enum Memory {
    /// glibc's `malloc_trim` (declared in malloc.h, which the Glibc module does not export), looked
    /// up once; nil under another C library, where this is a no-op.
    private static let trim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()

    /// Gives the memory freed so far back to the system (`malloc_trim(0)` releases the free pages of
    /// every arena). Called between stages; it takes milliseconds.
    static func returnFreed() {
        _ = trim?(0)
    }
}

/// The large values of one build (the model, the search index, the site manifests, the memos'
/// tables …), held until the build ends. A process that exits right after the build (the command
/// line) does not free them: at 100,000 documents freeing them one object at a time took half a
/// second, and the system takes the whole address space back at exit anyway (as compilers do with
/// their syntax trees). A long-running process (the live preview) frees them as usual.
final class ExitParking: @unchecked Sendable {
    private var values: [Any] = []
    private let lock = NSLock()

    /// Keeps `value` (a copy: its storage is shared, not duplicated) until `end`.
    func hold(_ value: Any) {
        lock.withLock { values.append(value) }
    }

    /// `release`: free the held values now, as usual; false: never (the process is about to exit).
    func end(release: Bool) {
        guard !release else { return }
        _ = Unmanaged.passRetained(self)
    }
}
