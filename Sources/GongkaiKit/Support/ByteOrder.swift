import Foundation

/// Byte order of UTF-8 text (the order the build cache keeps its paths in, independent of locale and
/// of Unicode collation). Comparing through `memcmp` on the strings' own storage is several times
/// faster than walking two `String.UTF8View`s, which matters when sorting hundreds of thousands of paths.
enum ByteOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { pa in
            b.utf8.withContiguousStorageIfAvailable { pb -> Bool in
                let n = min(pa.count, pb.count)
                if n > 0 {
                    let c = memcmp(pa.baseAddress!, pb.baseAddress!, n)
                    if c != 0 { return c < 0 }
                }
                return pa.count < pb.count
            }
        }
        if let fast, let result = fast { return result }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
