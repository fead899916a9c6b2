import Foundation

/// What a build that published its site leaves for the body patch (`BodyPatch`, `patch.cache` in
/// the cache folder): which build it describes (the fingerprint digest, the options), the decode
/// memo's context then, the search index's shape (segment size, shard count, the document lists'
/// bytes, segment 0's frequent bigrams) and, in the model's order (the search index's ids), every
/// document's path and whether an edit of its body alone can be patched at all: no `waive:` (the
/// report's waived list would change with its findings) and no other version (the comparison pages
/// show both bodies).
///
/// Written whole after the build's cache (`BuildCache`), and hash-checked when read; a plan whose
/// digest is not the cache's in force describes another build and is not used.
struct PatchPlan: Equatable, Sendable {
    static let fileName = "patch.cache"
    static let magic = Array("gongkai body patch plan\n".utf8)
    /// Bump when the layout or the meaning of a field changes.
    static let formatVersion: UInt64 = 1

    /// `InputFingerprint.digest` of the build the plan describes.
    var digest: UInt64
    /// `optionsHash` of that build's output options.
    var options: UInt64
    /// The decode memo's context in that build (`DecodeReuse.context`).
    var decodeContext: UInt64
    var segmentSize: Int
    var shards: Int
    /// The search index's document lists' bytes (`SearchIndexBuilder.shardCount`'s argument).
    var listBytes: Int
    /// Segment 0's frequent bigrams, sorted.
    var frequent: [UInt64]
    /// Content-relative paths, in the model's order.
    var paths: [String]
    /// Per document: whether a body edit of it alone can be patched.
    var patchable: [Bool]

    var documents: Int { paths.count }

    static func optionsHash(_ options: [String]) -> UInt64 {
        var sum = HashAccumulator()
        sum.add("gongkai build options")
        sum.add(UInt64(options.count))
        for o in options { sum.add(o) }
        return sum.digest
    }

    /// The plan of a build that has just published `model`'s site.
    init(digest: UInt64, options: [String], decodeContext: UInt64, segmentSize: Int, shards: Int, listBytes: Int,
         frequent: [UInt64], model: SiteModel) {
        (self.digest, self.options, self.decodeContext) = (digest, Self.optionsHash(options), decodeContext)
        (self.segmentSize, self.shards, self.listBytes, self.frequent) = (segmentSize, shards, listBytes, frequent.sorted())
        paths = model.documents.map(\.contentPath)
        patchable = model.documents.indices.map { id in
            model[id].waivers.isEmpty && model.revisionChain[id].count <= 1
        }
    }

    private init(digest: UInt64, options: UInt64, decodeContext: UInt64, segmentSize: Int, shards: Int, listBytes: Int,
                 frequent: [UInt64], paths: [String], patchable: [Bool]) {
        (self.digest, self.options, self.decodeContext) = (digest, options, decodeContext)
        (self.segmentSize, self.shards, self.listBytes, self.frequent) = (segmentSize, shards, listBytes, frequent)
        (self.paths, self.patchable) = (paths, patchable)
    }

    /// The id of the document at `path` (content-relative), if the plan has it.
    func id(of path: String) -> Int? { paths.firstIndex(of: path) }

    var encoded: [UInt8] {
        var w = CacheWriter(capacity: 64 + paths.count * 48)
        w.raw(Self.magic)
        w.u64(Self.formatVersion)
        for v in [digest, options, decodeContext] { w.u64(v) }
        for v in [segmentSize, shards, listBytes] { w.int(v) }
        w.int(frequent.count)
        for f in frequent { w.u64(f) }
        w.int(paths.count)
        for (p, ok) in zip(paths, patchable) {
            w.string(p)
            w.bool(ok)
        }
        w.u64(FastHash.hash(w.bytes))
        return w.bytes
    }

    func save(to folder: String) throws {
        try CacheFile.replace(folder + "/" + Self.fileName, with: encoded, durable: false)
    }

    static func remove(from folder: String) {
        unlink(folder + "/" + fileName)
    }

    /// The plan in `folder`; nil when there is none, or it is damaged or of another version.
    static func load(from folder: String) -> PatchPlan? {
        guard case .bytes(let bytes) = CacheFile.read(folder + "/" + fileName, magic: magic, minimum: magic.count + 16),
            bytes.withUnsafeBytes({ FastHash.hash(UnsafeRawBufferPointer(rebasing: $0[..<(bytes.count - 8)])) })
                == CacheFile.trailingHash(bytes)
        else { return nil }
        var r = CacheReader(Array(bytes[magic.count..<(bytes.count - 8)]))
        do {
            guard try r.u64() == formatVersion else { return nil }
            let digest = try r.u64(), options = try r.u64(), decodeContext = try r.u64()
            let segmentSize = try r.int(), shards = try r.int(), listBytes = try r.int()
            var frequent: [UInt64] = []
            for _ in 0..<(try r.count(minimumSize: 8)) { frequent.append(try r.u64()) }
            var paths: [String] = [], patchable: [Bool] = []
            let n = try r.count(minimumSize: 9)
            paths.reserveCapacity(n)
            patchable.reserveCapacity(n)
            for _ in 0..<n {
                paths.append(try r.string())
                patchable.append(try r.bool())
            }
            guard r.atEnd, segmentSize > 0, shards > 0, shards <= ShardDigests.fine else { return nil }
            return PatchPlan(digest: digest, options: options, decodeContext: decodeContext, segmentSize: segmentSize,
                             shards: shards, listBytes: listBytes, frequent: frequent, paths: paths, patchable: patchable)
        } catch {
            return nil
        }
    }
}
