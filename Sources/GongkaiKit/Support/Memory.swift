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
