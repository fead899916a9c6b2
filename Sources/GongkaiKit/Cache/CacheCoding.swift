/// The cache file's encoding: little-endian integers and length-prefixed UTF-8 strings, nothing
/// else. Hand-written because the cache of a large site holds hundreds of thousands of entries and
/// must load in a fraction of a second (Foundation's JSON decoder takes seconds for that).
struct CacheWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func i64(_ value: Int64) { u64(UInt64(bitPattern: value)) }
    mutating func int(_ value: Int) { u64(UInt64(bitPattern: Int64(value))) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func optionalString(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    /// Overwrites the 8 bytes at `offset` (written before) with `value`.
    mutating func setU64(_ value: UInt64, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<offset + 8, with: $0) }
    }

    /// The hash of the bytes in `range`.
    func hash(_ range: Range<Int>) -> UInt64 {
        bytes.withUnsafeBytes { FastHash.hash(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    mutating func raw(_ data: [UInt8]) { bytes.append(contentsOf: data) }
    mutating func raw(_ data: ArraySlice<UInt8>) { bytes.append(contentsOf: data) }
    /// Empties the buffer, keeping its capacity (for writing a file piece by piece).
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
}

/// Reading what `CacheWriter` wrote; every read checks bounds, so a truncated or damaged file is a
/// `CacheCorrupt` error, never a crash.
///
/// A reader reads either its own copy of an array or a part of a mapped cache file in place
/// (`init(_:of:)`): a rebuild decodes every remembered document from `documents.cache`
/// (300 MB at 100,000 documents), and copying each payload into an array first was a noticeable
/// share of it.
struct CacheReader {
    struct Corrupt: Error {}

    private let bytes: UnsafeRawBufferPointer
    /// What keeps `bytes` alive: the reader's copy of an array, or the mapped file they lie in.
    private let owner: AnyObject & Sendable
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        let copy = OwnedBytes(bytes)
        self.bytes = copy.bytes
        self.owner = copy
        self.offset = offset
    }

    /// A reader of `part` (a piece of `file.bytes`), read in place; the file stays mapped as long
    /// as the reader lives.
    init(_ part: UnsafeRawBufferPointer, of file: MappedFile, offset: Int = 0) {
        self.bytes = part
        self.owner = file
        self.offset = offset
    }

    /// Bytes a reader owns.
    private final class OwnedBytes: @unchecked Sendable {
        private let storage: UnsafeMutableRawBufferPointer
        let bytes: UnsafeRawBufferPointer

        init(_ array: [UInt8]) {
            let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(array.count, 1), alignment: 8)
            array.withUnsafeBytes { storage.copyMemory(from: $0) }
            self.storage = storage
            bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[0..<array.count])
        }

        deinit { storage.deallocate() }
    }

    var atEnd: Bool { offset == bytes.count }

    mutating func u64() throws -> UInt64 {
        guard offset + 8 <= bytes.count else { throw Corrupt() }
        let v = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        offset += 8
        return UInt64(littleEndian: v)
    }

    mutating func i64() throws -> Int64 { Int64(bitPattern: try u64()) }

    mutating func int() throws -> Int {
        let v = try i64()
        guard v >= Int64(Int.min), v <= Int64(Int.max) else { throw Corrupt() }
        return Int(v)
    }

    /// A count of things that follow, each at least `minimumSize` bytes long (guards allocations).
    mutating func count(minimumSize: Int = 1) throws -> Int {
        let n = try int()
        guard n >= 0, n <= (bytes.count - offset) / max(1, minimumSize) else { throw Corrupt() }
        return n
    }

    mutating func bool() throws -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw Corrupt() }
        defer { offset += 1 }
        return bytes[offset] == 1
    }

    /// The next string as its bytes, in place, kept alive with the bytes the reader reads (see
    /// `StoredText`).
    mutating func storedText() throws -> StoredText {
        let n = try count()
        defer { offset += n }
        return StoredText(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n]), owner: owner)
    }

    mutating func string() throws -> String {
        let n = try count()
        guard n > 0 else { return "" }
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n]).withMemoryRebound(to: UInt8.self) {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// The next `n` bytes.
    mutating func bytes(_ n: Int) throws -> [UInt8] {
        guard n >= 0, n <= bytes.count - offset else { throw Corrupt() }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    /// Steps over `n` bytes (checked like every read).
    mutating func skip(_ n: Int) throws {
        guard n >= 0, n <= bytes.count - offset else { throw Corrupt() }
        offset += n
    }

    mutating func optionalString() throws -> String? {
        try bool() ? try string() : nil
    }
}
