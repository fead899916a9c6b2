import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A cache file mapped read-only, for memos too large to read whole (`bodies.cache`,
/// `search.cache`: hundreds of MB at 100,000 documents). Pages are read from the file when touched,
/// and `release` drops the ones a build has used from the process again (they stay in the page
/// cache), so that a build that reads every entry does not end up holding the whole file.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    /// The mapped file's device and inode: whether a file opened later is still this one.
    let identity: (device: UInt64, inode: UInt64)

    /// The file at `path`, mapped; nil when it cannot be opened or mapped, or is shorter than `minimumSize`.
    init?(path: String, minimumSize: Int = 0) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var s = stat()
        guard fstat(fd, &s) == 0, Int(s.st_size) >= max(minimumSize, 1),
              let base = mmap(nil, Int(s.st_size), PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED
        else { return nil }
        bytes = UnsafeRawBufferPointer(start: base, count: Int(s.st_size))
        identity = (UInt64(s.st_dev), UInt64(s.st_ino))
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress!), bytes.count) }

    var count: Int { bytes.count }

    /// The little-endian 64-bit number at `offset`.
    func u64(_ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Drops the whole pages inside `part` (a piece of `bytes`) from the process.
    func release(_ part: UnsafeRawBufferPointer) {
        guard let address = part.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: address) + page - 1) / page * page
        let end = (Int(bitPattern: address) + part.count) / page * page
        if end > start { madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED) }
    }

    /// Whether the open file `fd` is the mapped file, still as long as when it was mapped (nothing
    /// appended or cut since, by another build).
    func isStill(_ fd: Int32) -> Bool {
        var s = stat()
        return fstat(fd, &s) == 0 && UInt64(s.st_dev) == identity.device && UInt64(s.st_ino) == identity.inode
            && Int(s.st_size) == count
    }

    /// Drops every page of the file from the process.
    func release() { release(bytes) }
}
