import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The search index's segments from the last build (`search.cache` in the cache folder), so that
/// a rebuild indexes only the segments whose documents changed (`SearchSegments.swift`).
///
/// A segment is a pure function of its documents' searchable text (title, 发文字号, 发文机关, body),
/// in order, of the frequent bigrams (after segment 0) and of this program: its `key` hashes all of
/// them, so the memo is keyed by content, never by history.
///
/// Layout: magic line, format version, then per segment its key, the length of its encoding, the
/// encoding and the `FastHash` of the encoding. The file is mapped, not read (it holds the whole
/// index: hundreds of MB at 100,000 documents), and a segment's hash is checked when it is used: a
/// damaged or cut entry is only a segment indexed again.
final class SearchSegmentMemo: @unchecked Sendable {
    static let fileName = "search.cache"
    static let magic = Array("gongkai search segments\n".utf8)
    /// Bump when the segment encoding or what indexing depends on changes.
    static let formatVersion: UInt64 = 1

    let folder: String
    let program: UInt64
    private var map: UnsafeRawBufferPointer?
    /// The last build's segments in order: key and where the encoding lies in `map`.
    private var previous: [(key: UInt64, range: Range<Int>)] = []
    private var byKey: [UInt64: Int] = [:]
    /// This build's segments so far, in order; written out from the first one that differs from
    /// the last build's segment at the same place (before that, the old file is right as it is).
    private var added = 0
    private var output: Int32 = -1
    private var temporary: String { folder + "/." + Self.fileName + ".\(getpid()).tmp" }
    private var failed = false

    init(folder: String, program: UInt64) {
        self.folder = folder
        self.program = program
        load()
    }

    deinit {
        if output >= 0 { close(output); unlink(temporary) }
        if let map { munmap(UnsafeMutableRawPointer(mutating: map.baseAddress!), map.count) }
    }

    private func load() {
        let fd = open(folder + "/" + Self.fileName, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var s = stat()
        guard fstat(fd, &s) == 0, s.st_size >= Self.magic.count + 8,
            let base = mmap(nil, Int(s.st_size), PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED
        else { return }
        let bytes = UnsafeRawBufferPointer(start: base, count: Int(s.st_size))
        map = bytes
        guard bytes.prefix(Self.magic.count).elementsEqual(Self.magic),
            Self.u64(bytes, Self.magic.count) == Self.formatVersion
        else { return }
        var offset = Self.magic.count + 8
        while offset + 16 <= bytes.count {
            let key = Self.u64(bytes, offset), length = Self.u64(bytes, offset + 8)
            guard length <= UInt64(bytes.count - offset - 24) else { break }
            let start = offset + 16
            previous.append((key, start..<start + Int(length)))
            if byKey[key] == nil { byKey[key] = previous.count - 1 }
            offset = start + Int(length) + 8
        }
    }

    private static func u64(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The key of a segment of documents whose searchable texts hash to `texts` (`textKey`), after
    /// the segment that chose frequent bigrams hashing to `frequent` (0 for segment 0 itself).
    func key(_ texts: [UInt64], frequent: UInt64, segmentSize: Int) -> UInt64 {
        var sum = HashAccumulator()
        sum.add(Self.formatVersion)
        sum.add(UInt64(segmentSize))
        sum.add(program)
        sum.add(frequent)
        sum.add(UInt64(texts.count))
        for t in texts { sum.add(t) }
        return sum.digest
    }

    /// What a document's segment depends on: its title, 发文字号, 发文机关 and body text.
    static func textKey(_ doc: SearchDocument) -> UInt64 {
        var sum = HashAccumulator()
        sum.add(doc.title)
        sum.add(doc.docNo == nil ? 0 : 1)
        sum.add(doc.docNo ?? "")
        sum.add(doc.issuer == nil ? 0 : 1)
        sum.add(doc.issuer ?? "")
        sum.add(FastHash.hash(Array(doc.plainText.utf8)))
        return sum.digest
    }

    /// The last build's encoding of the segment with `key`, when its hash holds, and its place in
    /// the last build (for `add`); valid as long as the memo (mapped from the old file).
    func segment(_ key: UInt64) -> Remembered? {
        guard let i = byKey[key], let map else { return nil }
        let range = previous[i].range
        let encoded = UnsafeRawBufferPointer(rebasing: map[range])
        guard FastHash.hash(encoded) == Self.u64(map, range.upperBound) else { return nil }
        return Remembered(encoded: encoded, place: i)
    }

    /// A segment from the last build: its encoding in the mapped file (read-only, alive as long as
    /// the memo, so it may go to the index's thread) and its place there.
    struct Remembered: @unchecked Sendable {
        let encoded: UnsafeRawBufferPointer
        let place: Int
    }

    /// Adds this build's next segment (in order). Written to a new file once the segments differ
    /// from the last build's; a memo that cannot be written only means indexing again next time.
    /// `place`: where `segment` found it in the last build's memo, if it did.
    func add(_ key: UInt64, _ encoded: UnsafeRawBufferPointer, place: Int?) {
        defer { added += 1 }
        guard !failed else { return }
        if output < 0 {
            if place == added { return }
            output = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard output >= 0 else { failed = true; return }
            var head = Self.magic
            withUnsafeBytes(of: Self.formatVersion.littleEndian) { head += $0 }
            write(head)
            if let map {
                for p in previous.prefix(added) { write(UnsafeRawBufferPointer(rebasing: map[p.range.lowerBound - 16..<p.range.upperBound + 8])) }
            }
        }
        var head: [UInt8] = []
        withUnsafeBytes(of: key.littleEndian) { head += $0 }
        withUnsafeBytes(of: UInt64(encoded.count).littleEndian) { head += $0 }
        write(head)
        write(encoded)
        withUnsafeBytes(of: FastHash.hash(encoded).littleEndian) { write($0) }
    }

    private func write(_ bytes: [UInt8]) { bytes.withUnsafeBytes { write($0) } }

    private func write(_ bytes: UnsafeRawBufferPointer) {
        guard !failed, !bytes.isEmpty else { return }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(output, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { failed = true; return }
            done += n
        }
    }

    /// Puts this build's memo in place of the last one (after the site was committed): renamed
    /// over it when it was written, removed when writing failed, left when nothing changed.
    func done() {
        let changed = output >= 0 || added != previous.count
        if changed && output < 0 && !failed {
            // Fewer segments than before, all of them the old ones: the old file's prefix.
            output = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if output >= 0, let map {
                var head = Self.magic
                withUnsafeBytes(of: Self.formatVersion.littleEndian) { head += $0 }
                write(head)
                for p in previous.prefix(added) { write(UnsafeRawBufferPointer(rebasing: map[p.range.lowerBound - 16..<p.range.upperBound + 8])) }
            } else {
                failed = true
            }
        }
        if output >= 0 {
            close(output)
            output = -1
            if failed || rename(temporary, folder + "/" + Self.fileName) != 0 { unlink(temporary) }
        }
    }

    /// Lets the pages of a used segment go from memory (they are read from the file again if needed).
    func release(_ encoded: UnsafeRawBufferPointer) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: encoded.baseAddress) + page - 1) / page * page
        let end = (Int(bitPattern: encoded.baseAddress) + encoded.count) / page * page
        if end > start { madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED) }
    }
}
