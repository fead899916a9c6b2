import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Replacing a cache file whole: a temporary file in the same folder, written, synced and renamed
/// over the old one, so that a reader sees the old file or the new one, never a part. `durable`:
/// synced before the rename (files whose damage their own check would not reveal need it).
enum CacheFile {
    static func replace(_ path: String, with bytes: [UInt8], durable: Bool = true) throws {
        try replace(path, durable: durable) { out in try out(bytes) }
    }

    /// The same, the content given piece by piece: `write` is handed a function that appends bytes.
    static func replace(_ path: String, durable: Bool, _ write: (_ out: ([UInt8]) throws -> Void) throws -> Void) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = folder + "/." + (path as NSString).lastPathComponent + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BuildError.outputNotWritable(temporary, String(cString: strerror(errno))) }
        var isOpen = true
        do {
            try write { bytes in try SiteWriter.writeAll(fd, bytes, path: path) }
            if durable && fsync(fd) != 0 { throw BuildError.outputNotWritable(path, String(cString: strerror(errno))) }
            close(fd)
            isOpen = false
            if rename(temporary, path) != 0 { throw BuildError.outputNotWritable(path, String(cString: strerror(errno))) }
        } catch {
            if isOpen { close(fd) }
            unlink(temporary)
            throw error
        }
    }

    /// What reading a cache file gave.
    enum Read {
        case missing
        /// Unreadable, too short, or not starting with the expected magic line.
        case foreign
        /// The whole file, which starts with the magic line and is at least `minimum` bytes long.
        case bytes([UInt8])
    }

    /// Reads a whole cache file and checks its magic line: shared by every cache file's loader.
    static func read(_ path: String, magic: [UInt8], minimum: Int) -> Read {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT || errno == ENOTDIR ? .missing : .foreign }
        defer { close(fd) }
        var s = stat()
        guard fstat(fd, &s) == 0, let bytes = InputFingerprint.readAll(fd, sizeHint: Int(s.st_size)),
            bytes.count >= max(minimum, magic.count), Array(bytes[0..<magic.count]) == magic
        else { return .foreign }
        return .bytes(bytes)
    }

    /// The hash stored in a cache file's last 8 bytes.
    static func trailingHash(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)) }
    }
}
