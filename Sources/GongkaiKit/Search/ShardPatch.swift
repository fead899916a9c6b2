/// Patching the index's shards after an edit (a cached rebuild whose documents are the last build's,
/// in the same order, some of their texts changed): instead of merging every segment and encoding
/// every shard, only the shards holding a gram whose lists changed are made again — from the
/// published shard and the changed segments — and every other shard file is kept as it is.
///
/// What proves a shard unchanged: a shard's bytes are a function of the segments' grams that fall
/// into it (the lists are the segments' lists, in segment order), of the shard count and of the
/// frequent bigrams. So each segment gets a digest per fine shard (`ShardDigests.of`: its grams
/// hashed into one of 4,096 slots, the largest shard count, so that any shard count's shard is a
/// fixed set of slots), remembered beside the segment in `search.cache`; a shard's key hashes its
/// slots' digests over every segment in order (`ShardDigests.keys`) and is recorded with the shard
/// file in the output manifest. A shard whose key is the one the published file was written under
/// is kept (`SiteWriter.keepAll`); a shard whose key changed is patched from the published file,
/// which is read only when its key is the one the last build's segments give (`SearchIndexState`,
/// found through the key of `meta.json`) and its bytes hash as recorded: then it is exactly the
/// shard of the last build, and replacing the documents of the changed segments in it gives the
/// shard of this one.
enum GramKind: UInt8 {
    case unigram = 1, bigram, trigram, fourgram
}

extension GramIndex {
    /// Every gram of an encoded segment in the segment's order: its kind, its UTF-8 bytes (as the
    /// shards spell it), its document list (local ids, the first entry counted from −1) and, for a
    /// bigram, its positions (empty for the others). Throws on a damaged encoding.
    static func forEachGram(_ segment: UnsafeRawBufferPointer,
                            _ body: (GramKind, [UInt8], UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws {
        var r = SegmentReader(segment)
        _ = try r.next()
        let frequentCount = Int(try r.next())
        guard frequentCount <= segment.count else { throw CacheReader.Corrupt() }
        for _ in 0..<(2 * frequentCount) { _ = try r.next() }
        var gram: [UInt8] = []
        let none = UnsafeRawBufferPointer(start: nil, count: 0)

        let uniCount = Int(try r.next())
        for _ in 0..<uniCount {
            gram.removeAll(keepingCapacity: true)
            try UTF8Scalars.append(try r.next(), to: &gram)
            let (_, _, docs) = try r.list()
            try body(.unigram, gram, docs, none)
        }
        let biCount = Int(try r.next())
        guard biCount <= segment.count else { throw CacheReader.Corrupt() }
        var bigrams: [UInt64] = []
        bigrams.reserveCapacity(biCount)
        for _ in 0..<biCount {
            let a = try r.next(), b = try r.next()
            bigrams.append(UInt64(a) << 32 | UInt64(b))
            gram.removeAll(keepingCapacity: true)
            try UTF8Scalars.append(a, to: &gram)
            try UTF8Scalars.append(b, to: &gram)
            let (_, _, docs) = try r.list()
            let positions = try r.bytes(Int(try r.next()))
            try body(.bigram, gram, docs, positions)
        }
        func bigram(_ local: UInt32) throws {
            guard Int(local) < bigrams.count else { throw CacheReader.Corrupt() }
            try UTF8Scalars.append(UInt32(bigrams[Int(local)] >> 32), to: &gram)
            try UTF8Scalars.append(UInt32(bigrams[Int(local)] & 0xFFFF_FFFF), to: &gram)
        }
        let triCount = Int(try r.next())
        for _ in 0..<triCount {
            gram.removeAll(keepingCapacity: true)
            try bigram(try r.next())
            try UTF8Scalars.append(try r.next(), to: &gram)
            let (_, _, docs) = try r.list()
            try body(.trigram, gram, docs, none)
        }
        let quadCount = Int(try r.next())
        for _ in 0..<quadCount {
            gram.removeAll(keepingCapacity: true)
            try bigram(try r.next())
            try bigram(try r.next())
            let (_, _, docs) = try r.list()
            try body(.fourgram, gram, docs, none)
        }
        guard r.atEnd else { throw CacheReader.Corrupt() }
    }
}

/// Per segment, a digest of its grams in each of `fine` slots (a gram's slot: the low bits of the
/// FNV-1a hash that also chooses its shard), and the shard keys made of them.
enum ShardDigests {
    /// The largest shard count (`SearchIndexBuilder.shardCount`): shard `s` of any count `n` is the
    /// slots `s, s + n, s + 2n …`.
    static let fine = 4096

    static func of(_ segment: UnsafeRawBufferPointer) throws -> [UInt64] {
        var digests = [UInt64](repeating: 0, count: fine)
        try GramIndex.forEachGram(segment) { kind, gram, docs, positions in
            let slot = Int(FNV32.hash(gram)) & (fine - 1)
            var h = FastHash.hash(gram, seed: UInt64(kind.rawValue))
            h = FastHash.hash(docs, seed: h)
            if kind == .bigram { h = FastHash.hash(positions, seed: h) }
            digests[slot] = mix(digests[slot], h)
        }
        return digests
    }

    /// Order matters (a bijection of `a` for each `b`).
    @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 { FastHash.avalanche((a ^ FastHash.p0) &* FastHash.p1 &+ b) }

    /// The key of every gram shard (never 0): `base` (what every shard depends on) and its slots'
    /// digests in every segment, in order. Its position shard's key is `positionKey`.
    static func keys(_ segments: [[UInt64]], shards: Int, base: UInt64) -> [UInt64] {
        precondition(shards <= fine && fine % shards == 0)
        return (0..<shards).map { s in
            var h = mix(base, UInt64(s))
            for d in segments {
                var slot = s
                while slot < fine { h = mix(h, d[slot]); slot += shards }
            }
            return h | 1
        }
    }

    static func positionKey(_ gramKey: UInt64) -> UInt64 { mix(gramKey, 0x70) | 1 }

    static func encode(_ digests: [UInt64]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(digests.count * 8)
        for d in digests { withUnsafeBytes(of: d.littleEndian) { out += $0 } }
        return out
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) -> [UInt64]? {
        guard bytes.count == fine * 8 else { return nil }
        return (0..<fine).map { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
    }
}

/// What a build's index was made of, remembered in `search.cache` under its own hash (`key`),
/// which is the key of the build's `meta.json` in the output manifest: the next build finds the
/// last build's segments (and the shard count and list bytes, which would need every segment
/// merged to know) through it.
struct SearchIndexState: Equatable {
    static let version: UInt64 = 1
    var program: UInt64
    var segmentSize: Int
    var documents: Int
    var shards: Int
    /// Bytes of every document list (`shardCount`'s argument).
    var listBytes: Int
    var frequentHash: UInt64
    /// The segments' keys (`SearchSegmentMemo.key`), in order.
    var segments: [UInt64]

    var encoded: [UInt8] {
        var out: [UInt8] = []
        for v in [Self.version, program, UInt64(segmentSize), UInt64(documents), UInt64(shards), UInt64(listBytes),
                  frequentHash, UInt64(segments.count)] + segments {
            withUnsafeBytes(of: v.littleEndian) { out += $0 }
        }
        return out
    }

    var key: UInt64 { FastHash.hash(encoded, seed: 0x5EA4C8) | 1 }

    init(program: UInt64, segmentSize: Int, documents: Int, shards: Int, listBytes: Int, frequentHash: UInt64, segments: [UInt64]) {
        (self.program, self.segmentSize, self.documents, self.shards) = (program, segmentSize, documents, shards)
        (self.listBytes, self.frequentHash, self.segments) = (listBytes, frequentHash, segments)
    }

    /// The state encoded as `encoded`; nil when it is not one (or another version's).
    init?(decoding bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 64, bytes.count % 8 == 0 else { return nil }
        let v = (0..<bytes.count / 8).map { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        guard v[0] == Self.version, v[7] == UInt64(v.count - 8), v[2] < 1 << 30, v[3] < 1 << 40, v[4] <= UInt64(ShardDigests.fine),
            v[4] > 0, v[5] < 1 << 50
        else { return nil }
        self.init(program: v[1], segmentSize: Int(v[2]), documents: Int(v[3]), shards: Int(v[4]), listBytes: Int(v[5]),
                  frequentHash: v[6], segments: Array(v[8...]))
    }
}

/// A gram's documents in the changed segments (ids counted from the site's first document).
struct ChangedGram {
    var gram: [UInt8]
    var kind: GramKind
    /// Per document `id << 1 | inTitleOrDocNo`, in id order.
    var docs: [UInt32] = []
    /// Bigrams: per document its position deltas ended by 0, one after another; `starts[i]` is
    /// where document `i`'s begin.
    var positions: [UInt8] = []
    var starts: [Int] = []
    /// Which changed segment (for sorting grams of several).
    var segment: Int
}

enum ShardPatch {
    /// The grams of a changed segment (`first`: its first document's id) in the shards marked in
    /// `wanted` (of `shards`), added to `grams`, one array per shard.
    static func collect(_ segment: UnsafeRawBufferPointer, index: Int, first: Int, shards: Int, wanted: [Bool],
                        into grams: inout [[ChangedGram]]) throws {
        try GramIndex.forEachGram(segment) { kind, gram, docs, positions in
            let s = Int(FNV32.hash(gram)) & (shards - 1)
            guard wanted[s] else { return }
            var g = ChangedGram(gram: gram, kind: kind, segment: index)
            var r = SegmentReader(docs)
            var local: Int64 = -1
            while !r.atEnd {
                let v = try r.next()
                local += Int64(v >> 1) + 1
                g.docs.append(UInt32(first + Int(local)) << 1 | (v & 1))
            }
            if kind == .bigram {
                g.positions = Array(positions)
                var start = 0
                for (o, b) in g.positions.enumerated() where b == 0 {
                    g.starts.append(start)
                    start = o + 1
                }
                guard g.starts.count == g.docs.count, start == g.positions.count else { throw CacheReader.Corrupt() }
            }
            grams[s].append(g)
        }
    }

    /// `grams` of one shard sorted by their bytes, the grams of several segments made one.
    static func sortedAndJoined(_ grams: [ChangedGram]) -> [ChangedGram] {
        let sorted = grams.sorted {
            $0.gram == $1.gram ? $0.segment < $1.segment : $0.gram.lexicographicallyPrecedes($1.gram)
        }
        var out: [ChangedGram] = []
        for g in sorted {
            if var last = out.last, last.gram == g.gram {
                let base = last.positions.count
                last.docs += g.docs
                last.starts += g.starts.map { $0 + base }
                last.positions += g.positions
                out[out.count - 1] = last
            } else {
                out.append(g)
            }
        }
        return out
    }

    /// The shard (`g` and `p` bytes) with the documents in `changed` (id ranges) replaced by the
    /// changed segments' `grams` of this shard (sorted and joined), and by how much the document
    /// lists' bytes grew. `frequent`: the frequent bigrams (for a bigram new to the shard).
    static func patch(g old: [UInt8], p oldPositions: [UInt8], changed: [Range<UInt32>], grams: [ChangedGram],
                      frequent: Set<UInt64>) throws -> (g: [UInt8], p: [UInt8], listDelta: Int) {
        var g: [UInt8] = [], p: [UInt8] = []
        g.reserveCapacity(old.count + 256)
        p.reserveCapacity(oldPositions.count + 256)
        var delta = 0
        var next = 0  // the next of `grams`
        func isChanged(_ id: UInt32) -> Bool { changed.contains { $0.contains(id) } }
        try old.withUnsafeBytes { old in
            try oldPositions.withUnsafeBytes { oldPositions in
                var r = SegmentReader(old)
                while !r.atEnd || next < grams.count {
                    guard !r.atEnd else {
                        delta += encode(grams[next], frequent: frequent, g: &g, p: &p)
                        next += 1
                        continue
                    }
                    let start = r.offset
                    let gram = try r.bytes(Int(try r.next()))
                    // Grams new to the shard that sort before this one.
                    while next < grams.count, grams[next].gram.lexicographicallyPrecedes(gram) {
                        delta += encode(grams[next], frequent: frequent, g: &g, p: &p)
                        next += 1
                    }
                    let df = Int(try r.next())
                    let listLength = Int(try r.next())
                    let list = try r.bytes(listLength)
                    let listEnd = r.offset
                    let points = UTF8Scalars.count(gram)
                    guard (1...4).contains(points), df > 0 else { throw CacheReader.Corrupt() }
                    let kind = GramKind(rawValue: UInt8(points))!
                    var positions = UnsafeRawBufferPointer(start: nil, count: 0)
                    var afterOffset = r.offset, frequentFlag: UInt8 = 0
                    if kind == .bigram {
                        let offset = Int(try r.next())
                        afterOffset = r.offset
                        let length = Int(try r.next())
                        let skips = Int(try r.next())
                        for _ in 0..<skips { _ = try r.next() }
                        frequentFlag = try r.bytes(1)[0]
                        guard offset <= oldPositions.count, length <= oldPositions.count - offset else { throw CacheReader.Corrupt() }
                        positions = UnsafeRawBufferPointer(rebasing: oldPositions[offset..<offset + length])
                    }
                    let end = r.offset
                    let same = next < grams.count && grams[next].gram.elementsEqual(gram)
                    // The old documents.
                    var docs: [UInt32] = []
                    docs.reserveCapacity(df)
                    var lr = SegmentReader(list)
                    var id: Int64 = -1
                    var touched = same
                    while !lr.atEnd {
                        let v = try lr.next()
                        id += Int64(v >> 1) + 1
                        guard id < 1 << 31 else { throw CacheReader.Corrupt() }
                        if isChanged(UInt32(id)) { touched = true }
                        docs.append(UInt32(id) << 1 | (v & 1))
                    }
                    guard docs.count == df else { throw CacheReader.Corrupt() }
                    if !touched {
                        // As it was, but for where its positions now begin.
                        g.append(contentsOf: old[start..<(kind == .bigram ? listEnd : end)])
                        if kind == .bigram {
                            Varint.append(UInt32(p.count), to: &g)
                            g.append(contentsOf: old[afterOffset..<end])
                            p.append(contentsOf: positions)
                        }
                        continue
                    }
                    // Its documents outside the changed segments, then the changed segments' in id order.
                    var merged = ChangedGram(gram: Array(gram), kind: kind, segment: 0)
                    var starts: [Int] = []
                    if kind == .bigram {
                        var s = 0
                        for (o, b) in positions.enumerated() where b == 0 { starts.append(s); s = o + 1 }
                        guard starts.count == df, s == positions.count else { throw CacheReader.Corrupt() }
                    }
                    let incoming = same ? grams[next] : nil
                    if same { next += 1 }
                    var k = 0  // next of `incoming`
                    func takeIncoming(_ incoming: ChangedGram) {
                        merged.docs.append(incoming.docs[k])
                        if kind == .bigram {
                            let from = incoming.starts[k], to = k + 1 < incoming.starts.count ? incoming.starts[k + 1] : incoming.positions.count
                            merged.starts.append(merged.positions.count)
                            merged.positions += incoming.positions[from..<to]
                        }
                        k += 1
                    }
                    for (i, code) in docs.enumerated() {
                        if let incoming { while k < incoming.docs.count && incoming.docs[k] >> 1 < code >> 1 { takeIncoming(incoming) } }
                        if isChanged(code >> 1) { continue }
                        merged.docs.append(code)
                        if kind == .bigram {
                            let to = i + 1 < starts.count ? starts[i + 1] : positions.count
                            merged.starts.append(merged.positions.count)
                            merged.positions += positions[starts[i]..<to]
                        }
                    }
                    if let incoming { while k < incoming.docs.count { takeIncoming(incoming) } }
                    delta -= listLength
                    if !merged.docs.isEmpty { delta += encode(merged, frequentFlag: frequentFlag, g: &g, p: &p) }
                }
            }
        }
        return (g, p, delta)
    }

    /// Appends a gram's entry (and positions) as `SearchIndexBuilder.finish` writes it; returns the
    /// length of its document list.
    @discardableResult
    static func encode(_ gram: ChangedGram, frequent: Set<UInt64>, g: inout [UInt8], p: inout [UInt8]) -> Int {
        var flag: UInt8 = 0
        if gram.kind == .bigram {
            let s = String(decoding: gram.gram, as: UTF8.self).unicodeScalars.map(\.value)
            flag = s.count == 2 && frequent.contains(UInt64(s[0]) << 32 | UInt64(s[1])) ? 1 : 0
        }
        return encode(gram, frequentFlag: flag, g: &g, p: &p)
    }

    static func encode(_ gram: ChangedGram, frequentFlag: UInt8, g: inout [UInt8], p: inout [UInt8]) -> Int {
        var list: [UInt8] = []
        var previous: Int64 = -1
        for code in gram.docs {
            let id = Int64(code >> 1)
            Varint.append(UInt32(id - previous - 1) << 1 | (code & 1), to: &list)
            previous = id
        }
        Varint.append(UInt32(gram.gram.count), to: &g)
        g += gram.gram
        Varint.append(UInt32(gram.docs.count), to: &g)
        Varint.append(UInt32(list.count), to: &g)
        g += list
        if gram.kind == .bigram {
            Varint.append(UInt32(p.count), to: &g)
            Varint.append(UInt32(gram.positions.count), to: &g)
            let skip = SearchIndexBuilder.skip
            let points = stride(from: skip, to: gram.docs.count, by: skip).map { UInt32(gram.starts[$0]) }
            Varint.append(UInt32(points.count), to: &g)
            var last: UInt32 = 0
            for o in points { Varint.append(o - last, to: &g); last = o }
            g.append(frequentFlag)
            p += gram.positions
        }
        return list.count
    }
}
