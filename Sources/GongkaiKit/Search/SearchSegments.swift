/// The index in segments: the documents' ids cut into runs of `GramIndex.sampleSize` (segment 0 is
/// the sample that chooses the frequent bigrams), each indexed on its own with ids counted from the
/// segment's start, then merged in order. Merging gives exactly the index that adding every document
/// to one `GramIndex` gives (a test holds it to that), but a segment depends only on its own
/// documents (and, after the first, on the frequent bigrams): it can be built on any thread, and a
/// cached build takes the segments of unchanged documents from the last build (`SearchSegmentMemo`).
///
/// A segment's encoding (unsigned LEB128 varints throughout; `local` = id − segment start):
/// documents, the frequent bigrams (count, then two scalars each: segment 0 only, 0 for the others),
/// then per kind a count and per gram: its key, df, last local id, the length of its document list
/// and the list (the first entry's delta counted from local id −1), and for bigrams the length of
/// their positions and the positions. Keys: a unigram its scalar; a bigram its two scalars; a
/// trigram the segment's number of its first bigram (in the order bigrams are listed) and its third
/// scalar; a 4-gram the numbers of its first and third bigram.
extension GramIndex {
    /// The encoding of this index as one segment of `documents` documents (segment 0 frozen first).
    mutating func encodedSegment(documents: Int) -> [UInt8] {
        freeze()
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        Varint.append(UInt32(documents), to: &out)
        if frequentKeys == nil {
            let chosen = bi.indices.filter { bi[$0].frequent }
            Varint.append(UInt32(chosen.count), to: &out)
            for b in chosen {
                Varint.append(UInt32(biKey[b] >> 32), to: &out)
                Varint.append(UInt32(biKey[b] & 0xFFFF_FFFF), to: &out)
            }
        } else {
            Varint.append(0, to: &out)
        }
        func list(_ lists: ByteLists, _ g: Int, df: Int32, last: Int32) {
            Varint.append(UInt32(df), to: &out)
            Varint.append(UInt32(last), to: &out)
            Varint.append(UInt32(lists.count(g)), to: &out)
            lists.copy(g, into: &out)
        }
        /// A bigram, trigram or 4-gram key: its two 32-bit halves.
        func halves(_ key: UInt64) {
            Varint.append(UInt32(key >> 32), to: &out)
            Varint.append(UInt32(key & 0xFFFF_FFFF), to: &out)
        }
        Varint.append(UInt32(uniKey.count), to: &out)
        for (u, c) in uniKey.enumerated() {
            Varint.append(c, to: &out)
            list(uniDocs, u, df: uni[u].df, last: uni[u].last)
        }
        Varint.append(UInt32(biKey.count), to: &out)
        for (b, key) in biKey.enumerated() {
            halves(key)
            list(biDocs, b, df: bi[b].df, last: bi[b].last)
            Varint.append(UInt32(biPos.count(b)), to: &out)
            biPos.copy(b, into: &out)
        }
        Varint.append(UInt32(triKey.count), to: &out)
        for (t, key) in triKey.enumerated() {
            halves(key)
            list(triDocs, t, df: tri[t].df, last: tri[t].last)
        }
        Varint.append(UInt32(quadKey.count), to: &out)
        for (q, key) in quadKey.enumerated() {
            halves(key)
            list(quadDocs, q, df: quad[q].df, last: quad[q].last)
        }
        return out
    }

    /// Indexes documents `texts` (ids from 0) as one segment and encodes it: segment 0 when
    /// `frequent` is nil (it chooses them), a later one otherwise.
    static func segment(_ texts: [(text: [UInt32], headEnd: Int)], frequent: Set<UInt64>?,
                        sampleSize: Int = GramIndex.sampleSize) -> [UInt8] {
        var index = GramIndex(sampleSize: sampleSize, frequent: frequent)
        for (id, t) in texts.enumerated() { index.add(t.text, id: Int32(id), headEnd: t.headEnd) }
        return index.encodedSegment(documents: texts.count)
    }

    /// The documents of an encoded segment and the frequent bigrams it chose (empty after segment 0).
    static func segmentHeader(_ segment: UnsafeRawBufferPointer) throws -> (documents: Int, frequent: [UInt64]) {
        var r = SegmentReader(segment)
        let documents = Int(try r.next())
        let n = Int(try r.next())
        guard n <= segment.count else { throw CacheReader.Corrupt() }
        var frequent: [UInt64] = []
        frequent.reserveCapacity(n)
        for _ in 0..<n { frequent.append(UInt64(try r.next()) << 32 | UInt64(try r.next())) }
        return (documents, frequent)
    }

    /// Appends an encoded segment whose first document has id `first` to this index (made with the
    /// frequent bigrams of segment 0, and holding the segments before this one). Throws on a
    /// damaged encoding (a segment from the cache is checked by its hash first; this only keeps a
    /// bad one from crashing the build).
    mutating func merge(_ segment: UnsafeRawBufferPointer, first: Int32) throws {
        var r = SegmentReader(segment)
        _ = try r.next()
        let frequentCount = Int(try r.next())
        for _ in 0..<(2 * frequentCount) { _ = try r.next() }

        let uniCount = Int(try r.next())
        for _ in 0..<uniCount {
            let ui = Int(unigram(try r.next()))
            let (df, last, docs) = try r.list()
            uni[ui].last = try Self.appendList(&uniDocs, ui, docs, first: first, after: uni[ui].last, last: last)
            uni[ui].df += df
        }

        let biCount = Int(try r.next())
        var bigrams = [Int32](repeating: -1, count: biCount)
        let skip = SearchIndexBuilder.skip
        for local in 0..<biCount {
            let key = UInt64(try r.next()) << 32 | UInt64(try r.next())
            var b = biTable.get(key)
            if b < 0 { b = newBigram(key); biTable.insert(key, b) }
            bigrams[local] = b
            let bx = Int(b)
            let (df, last, docs) = try r.list()
            let positions = try r.bytes(Int(try r.next()))
            // Skip points: the offset of every `skip`-th document of the whole list (not the first),
            // found in this segment's positions by their 0 terminators.
            let before = Int(bi[bx].df), count = Int(df)
            var next = before == 0 ? skip : (before + skip - 1) / skip * skip
            if next < before + count {
                let base = UInt32(biPos.count(bx))
                if next == before { biSkips[bx].append(base); next += skip }
                var document = 0
                for o in 0..<positions.count where positions[o] == 0 {
                    document += 1
                    guard before + document < before + count else { break }
                    if before + document == next {
                        biSkips[bx].append(base + UInt32(o + 1))
                        next += skip
                        if next >= before + count { break }
                    }
                }
            }
            bi[bx].last = try Self.appendList(&biDocs, bx, docs, first: first, after: bi[bx].last, last: last)
            bi[bx].df += df
            biPos.append(bx, contentsOf: positions)
        }

        func bigram(_ local: UInt32) throws -> UInt64 {
            guard Int(local) < bigrams.count else { throw CacheReader.Corrupt() }
            return UInt64(UInt32(bigrams[Int(local)]))
        }
        let triCount = Int(try r.next())
        for _ in 0..<triCount {
            let tx = Int(trigram(try bigram(try r.next()) << 32 | UInt64(try r.next())))
            let (df, last, docs) = try r.list()
            tri[tx].last = try Self.appendList(&triDocs, tx, docs, first: first, after: tri[tx].last, last: last)
            tri[tx].df += df
        }
        let quadCount = Int(try r.next())
        for _ in 0..<quadCount {
            let qx = Int(fourgram(try bigram(try r.next()) << 32 | (try bigram(try r.next()))))
            let (df, last, docs) = try r.list()
            quad[qx].last = try Self.appendList(&quadDocs, qx, docs, first: first, after: quad[qx].last, last: last)
            quad[qx].df += df
        }
        guard r.atEnd else { throw CacheReader.Corrupt() }
    }

    /// Appends a segment's document list of a gram to its list in the whole index: the first entry
    /// re-coded against the gram's last id so far (`after`), the rest as they are. Returns the new
    /// last id.
    private static func appendList(_ lists: inout ByteLists, _ g: Int, _ docs: UnsafeRawBufferPointer,
                                   first: Int32, after: Int32, last: Int32) throws -> Int32 {
        var r = SegmentReader(docs)
        let entry = try r.next()
        let id = first + Int32(entry >> 1)
        guard id > after, last >= Int32(entry >> 1) else { throw CacheReader.Corrupt() }
        lists.appendVarint(g, UInt32(id - after - 1) << 1 | (entry & 1))
        lists.append(g, contentsOf: UnsafeRawBufferPointer(rebasing: docs[r.offset...]))
        return first + last
    }
}

/// Reads the varints of an encoded segment; every read checks bounds.
struct SegmentReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { offset == bytes.count }

    @inline(__always)
    mutating func next() throws -> UInt32 {
        var value: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            guard offset < bytes.count, shift < 35 else { throw CacheReader.Corrupt() }
            let b = bytes[offset]
            offset += 1
            value |= UInt32(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }

    mutating func bytes(_ n: Int) throws -> UnsafeRawBufferPointer {
        guard n >= 0, n <= bytes.count - offset else { throw CacheReader.Corrupt() }
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n])
    }

    /// A gram's df, last local id and document list (never empty).
    mutating func list() throws -> (df: Int32, last: Int32, docs: UnsafeRawBufferPointer) {
        let df = try next(), last = try next()
        let docs = try bytes(Int(try next()))
        guard df > 0, df < 1 << 30, last < 1 << 30, !docs.isEmpty else { throw CacheReader.Corrupt() }
        return (Int32(df), Int32(last), docs)
    }
}
