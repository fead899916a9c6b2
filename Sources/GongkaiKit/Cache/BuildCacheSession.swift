import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The cache's part in one build (`gongkai build --cache DIR`):
///
/// 1. before anything else, read the cache and fingerprint the inputs (stat every file; hash the
///    ones whose stamp changed);
/// 2. if the fingerprint is the last successful build's and the site folder is still exactly what
///    that build published, repeat its report instead of building (`replay`);
/// 3. otherwise, when one document's body changed and nothing else, the few files it reaches are
///    patched without the pipeline (`patchBody`, `BodyPatch.swift`), when that can be done exactly;
/// 4. otherwise the full pipeline runs, and SiteWriter keeps every file of the old site whose bytes
///    did not change (`previousOutputs`) and updates the site in place;
/// 5. just before the first change to the site, `invalidate` removes the cache (an update cut short
///    must never be trusted), and after the new site is in place, `record` writes the new cache.
///    A failed build records nothing and leaves the cache as it was.
///
/// The cache is never trusted blindly: a missing, damaged or foreign cache only means a full build
/// (with a one-line note), never a different site.
final class BuildCacheSession {
    let folder: String
    /// The cache the last build left (nil: none, or not usable).
    let previous: BuildCache?
    let fingerprint: InputFingerprint?
    var note: String?

    init(folder: String, options: BuildOptions) {
        self.folder = folder
        var previous: BuildCache? = nil
        switch BuildCache.load(from: folder) {
        case .missing:
            note = "构建缓存 \(folder)/ 尚不存在：完整构建，完成后写入缓存。"
        case .otherVersion:
            note = "构建缓存 \(folder)/ 由其他版本的 gongkai 写入，已忽略：完整构建。"
        case .damaged:
            note = "构建缓存 \(folder)/ 已损坏或不完整，已忽略：完整构建。"
        case .loaded(let cache):
            previous = cache
        }
        self.previous = previous
        fingerprint = try? InputFingerprint.scan(
            content: options.contentFolder, templates: options.templatesFolder, executable: Self.executablePath,
            options: Self.outputOptions(options), previous: previous.map { ($0.inputs, $0.scanned) })
        if fingerprint == nil && note == nil {
            note = "无法读取输入文件的状态：本次不使用构建缓存。"
        }
    }

    /// The build options that change the site or the report (paths appear in messages).
    static func outputOptions(_ options: BuildOptions) -> [String] {
        ["cache format \(BuildCache.formatVersion)", "today \(options.today.iso)",
         "renderer \(String(reflecting: type(of: options.renderer)))",
         "content \(options.contentFolder)", "templates \(options.templatesFolder)"]
    }

    /// The running program's file (its bytes are hashed like an input: a new gongkai never reuses
    /// what an old one built).
    static let executablePath: String? = {
        #if os(Linux)
        return "/proc/self/exe"
        #else
        return Bundle.main.executablePath
        #endif
    }()

    var filesHashed: Int { fingerprint?.filesHashed ?? 0 }

    /// The decode stage's memo (`documents.cache`), keyed by the fingerprint's file hashes; nil
    /// when the inputs could not be fingerprinted.
    private(set) lazy var decodeReuse: DecodeReuse? = fingerprint.map { fingerprint in
        var hashes: [String: UInt64] = [:]
        hashes.reserveCapacity(fingerprint.entries.count)
        for e in fingerprint.entries where e.key.hasPrefix("content/") {
            hashes[String(e.key.utf8.dropFirst(8))!] = e.hash
        }
        return DecodeReuse(folder: folder, fileHashes: hashes, program: programHash)
    }

    /// The body memo (`bodies.cache`); nil when the program's bytes are not known (a memo must never
    /// outlive the renderer that made it).
    func bodyReuse(renderer: any MarkdownRendering) -> BodyReuse? {
        guard let programHash else { return nil }
        return BodyReuse(folder: folder, program: programHash, renderer: String(reflecting: type(of: renderer)))
    }

    /// The search index's segments from the last build (`search.cache`); nil when the inputs
    /// could not be fingerprinted or the program's bytes are not known.
    private(set) lazy var searchSegments: SearchSegmentMemo? = programHash.map {
        SearchSegmentMemo(folder: folder, program: $0)
    }

    /// The hash of the running program's bytes, as the fingerprint took it; nil when unknown.
    private var programHash: UInt64? { fingerprint?.entries.first { $0.key == "gongkai" }?.hash }

    /// What every rendered page depends on besides its template's name and its view model: the
    /// program's bytes, every file of the templates folder and the output options, as one hash
    /// (part of each `PageKey`). nil when the program's bytes are not known (the fingerprint could
    /// not be taken, or there is no executable path): then no page is kept without rendering.
    var renderingEpoch: UInt64? {
        guard let fingerprint, programHash != nil else { return nil }
        var sum = HashAccumulator()
        sum.add("gongkai rendering epoch")
        sum.add(UInt64(fingerprint.options.count))
        for o in fingerprint.options { sum.add(o) }
        for e in fingerprint.entries where e.key == "gongkai" || e.key.hasPrefix("templates/") {
            sum.add(e.key)
            sum.add(e.hash)
        }
        return sum.digest
    }

    /// The last build's report when nothing changed: same inputs, same options, same program, and
    /// the site folder holds exactly the files that build published.
    func replay(outputFolder: String) -> BuildOutcome? {
        guard let previous, let fingerprint, previous.digest == fingerprint.digest, let report = previous.report else { return nil }
        guard let outputs = previous.outputs.verify(folder: outputFolder) else {
            note = "站点目录 \(outputFolder)/ 与上次构建的结果不一致（文件被修改、删除或添加）：重新生成。"
            return nil
        }
        note = "内容、模板和选项都未改变，\(outputFolder)/ 已是最新（构建缓存 \(folder)/）：未重新生成。"
        if outputs.entries != previous.outputs.entries || fingerprint.entries != previous.inputs
            || fingerprint.settlesStamps(racyAt: previous.scanned) {
            // Same bytes, new stamps (files touched, or the site folder restored from a CI cache):
            // remember the new stamps so that the next check needs no reading. Files read only because
            // their stamps were too close to the last scan to be trusted (`racyWindow`: just checked
            // out, or edited just before that build) are judged against this scan from now on, so
            // they are not read again on every build. The site is not touched.
            var refreshed = previous
            (refreshed.outputs, refreshed.inputs, refreshed.scanned) = (outputs, fingerprint.entries, fingerprint.scanned)
            try? refreshed.save(to: folder, previous: previous)
        }
        let r = report
        return BuildOutcome(diagnostics: r.diagnostics, waived: r.waived, published: true, documentCount: r.documentCount,
                            filesWritten: r.filesWritten, bytesWritten: r.bytesWritten, timings: [])
    }

    /// The previous site's files, for SiteWriter to keep the unchanged ones; nil without a cache.
    var previousOutputs: OutputManifest? { previous?.outputs }

    /// Takes the cache out of force, durably, before the site it describes is changed in place: if
    /// the update is cut short, the next build finds no cache in force and starts from scratch
    /// instead of trusting a half-updated site. The file read at the start has its header pointed at
    /// no frame (and synced), so that `record` can append to it; any other file is removed (and the
    /// cache folder synced).
    func invalidate() throws {
        let path = folder + "/" + BuildCache.fileName
        if let stored = previous?.stored {
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            var s = stat()
            if fd >= 0 {
                defer { close(fd) }
                if fstat(fd, &s) == 0, UInt64(s.st_dev) == stored.device, UInt64(s.st_ino) == stored.inode {
                    try BuildCache.writeSlot(fd, 0, path: path)
                    guard fdatasync(fd) == 0 else { throw BuildError.outputNotWritable(path, String(cString: strerror(errno))) }
                    return
                }
            }
        }
        guard unlink(path) == 0 || errno == ENOENT else { throw BuildError.outputNotWritable(path, String(cString: strerror(errno))) }
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw BuildError.outputNotWritable(folder, String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw BuildError.outputNotWritable(folder, String(cString: strerror(errno))) }
    }

    /// Whether this build can record a cache afterwards.
    var canRecord: Bool { fingerprint != nil }

    /// Writes the cache of a build that has just published its site. A cache that cannot be written
    /// is a note, not a failed build (the site is in place).
    func record(_ outcome: BuildOutcome, outputs: OutputManifest?) {
        guard fingerprint != nil else { return }
        guard let outputs else {
            note = "无法读取新站点目录的状态：未写入构建缓存，下次仍完整构建。"
            return
        }
        record(reportParts: CachedReportPart.parts(of: CachedReport(
            diagnostics: outcome.diagnostics, waived: outcome.waived, documentCount: outcome.documentCount,
            filesWritten: outcome.filesWritten, bytesWritten: outcome.bytesWritten)), outputs: outputs)
    }

    /// `record` with the report already in parts (`CachedReportPart`).
    func record(reportParts: [CachedReportPart], outputs: OutputManifest) {
        guard let fingerprint else { return }
        let cache = BuildCache(digest: fingerprint.digest, scanned: fingerprint.scanned, inputs: fingerprint.entries,
                               outputs: outputs, reportParts: reportParts)
        do {
            try cache.save(to: folder, previous: previous)
        } catch {
            note = "无法写入构建缓存 \(folder)/（\(error)）：下次仍完整构建。"
        }
    }
}
