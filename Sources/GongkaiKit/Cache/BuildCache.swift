import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the last successful build left in the cache folder (`.gongkai-cache/build.cache`):
/// the fingerprint of its inputs, the hash and stamp of every input file, the manifest of the site
/// it published, and its report (so that an unchanged rebuild can repeat it word for word).
///
/// The file starts with a magic line and `formatVersion`, and ends with a hash of everything
/// before it: a file from another format version, cut short or damaged is never used.
struct BuildCache: Sendable {
    static let fileName = "build.cache"
    static let magic = Array("gongkai build cache\n".utf8)
    /// Bump when the layout, `FastHash` or the meaning of any field changes.
    static let formatVersion: UInt64 = 4

    var digest: UInt64
    var scanned: Int64
    var inputs: [InputEntry]
    var outputs: OutputManifest
    var report: CachedReport

    enum Loaded {
        case missing
        case otherVersion
        case damaged
        case loaded(BuildCache)
    }

    static func load(from folder: String) -> Loaded {
        let bytes: [UInt8]
        switch CacheFile.read(folder + "/" + fileName, magic: magic, minimum: magic.count + 16) {
        case .missing: return .missing
        case .foreign: return .damaged
        case .bytes(let b): bytes = b
        }
        var r = CacheReader(bytes, offset: magic.count)
        guard let version = try? r.u64() else { return .damaged }
        guard version == formatVersion else { return .otherVersion }
        let body = bytes.count - 8
        let stored = CacheFile.trailingHash(bytes)
        let actual = bytes.withUnsafeBytes { FastHash.hash(UnsafeRawBufferPointer(rebasing: $0[0..<body])) }
        guard stored == actual else { return .damaged }
        do {
            let digest = try r.u64()
            let scanned = try r.i64()
            let n = try r.count(minimumSize: 56)
            var inputs: [InputEntry] = []
            inputs.reserveCapacity(n)
            for _ in 0..<n {
                inputs.append(InputEntry(key: try r.string(), stamp: try InputStamp.decode(&r), hash: try r.u64()))
            }
            let outputs = try OutputManifest.decode(&r)
            let report = try CachedReport.decode(&r)
            guard r.offset == body else { return .damaged }
            return .loaded(BuildCache(digest: digest, scanned: scanned, inputs: inputs, outputs: outputs, report: report))
        } catch {
            return .damaged
        }
    }

    /// Writes the cache to a temporary file in `folder` and renames it over the old one, so that a
    /// reader sees either the old cache or the new one, whole.
    func save(to folder: String) throws {
        var w = CacheWriter(capacity: 64 * (inputs.count + outputs.entries.count) + 4096)
        w.raw(Self.magic)
        w.u64(Self.formatVersion)
        w.u64(digest)
        w.i64(scanned)
        w.int(inputs.count)
        for e in inputs {
            w.string(e.key)
            e.stamp.encode(&w)
            w.u64(e.hash)
        }
        outputs.encode(&w)
        report.encode(&w)
        w.u64(FastHash.hash(w.bytes))

        try CacheFile.replace(folder + "/" + Self.fileName, with: w.bytes)
    }
}

/// The report of a successful build, as the cache keeps it for an unchanged rebuild.
struct CachedReport: Equatable, Sendable {
    var diagnostics: [Diagnostic]
    var waived: [WaivedFinding]
    var documentCount: Int
    var filesWritten: Int
    var bytesWritten: Int

    func encode(_ w: inout CacheWriter) {
        w.int(documentCount); w.int(filesWritten); w.int(bytesWritten)
        w.int(diagnostics.count)
        for d in diagnostics { Self.encode(d, &w) }
        w.int(waived.count)
        for f in waived {
            Self.encode(f.diagnostic, &w)
            w.string(f.reason)
        }
    }

    static func decode(_ r: inout CacheReader) throws -> CachedReport {
        let documents = try r.int(), files = try r.int(), bytes = try r.int()
        var diagnostics: [Diagnostic] = []
        for _ in 0..<(try r.count(minimumSize: 50)) { diagnostics.append(try decodeDiagnostic(&r)) }
        var waived: [WaivedFinding] = []
        for _ in 0..<(try r.count(minimumSize: 58)) {
            waived.append(WaivedFinding(diagnostic: try decodeDiagnostic(&r), reason: try r.string()))
        }
        return CachedReport(diagnostics: diagnostics, waived: waived, documentCount: documents, filesWritten: files,
                            bytesWritten: bytes)
    }

    static func encode(_ d: Diagnostic, _ w: inout CacheWriter) {
        w.bool(d.severity == .error)
        w.string(d.code.rawValue)
        w.string(d.location.file); w.int(d.location.line); w.int(d.location.column)
        w.string(d.message)
        w.optionalString(d.suggestion)
    }

    static func decodeDiagnostic(_ r: inout CacheReader) throws -> Diagnostic {
        let severity: Severity = try r.bool() ? .error : .warning
        let code = DiagnosticCode(rawValue: try r.string())
        let location = SourceLocation(file: try r.string(), line: try r.int(), column: try r.int())
        return Diagnostic(severity, code, at: location, try r.string(), suggestion: try r.optionalString())
    }
}
