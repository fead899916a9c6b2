import Foundation
#if canImport(Glibc)
import Glibc
#endif


/// Writes the site into a fresh folder beside the output folder and swaps it into place only when
/// the whole build succeeded: a failed build leaves the previous site exactly as it was.
/// Safe to call from several threads at once (pages are rendered in parallel).
public final class SiteWriter: @unchecked Sendable {
    public let output: URL
    public let staging: URL
    let contentRoot: URL
    private let fm = FileManager.default
    private let lock = NSLock()
    private var createdFolders: Set<String> = []
    private var paths: [String] = []
    private var files = 0
    private var bytes = 0

    public var filesWritten: Int { lock.withLock { files } }
    public var bytesWritten: Int { lock.withLock { bytes } }
    /// Site paths of every file written so far, in no particular order.
    public var writtenPaths: [String] { lock.withLock { paths } }

    public init(output: String, contentRoot: String) throws {
        self.output = URL(fileURLWithPath: output).standardizedFileURL
        self.contentRoot = URL(fileURLWithPath: contentRoot, isDirectory: true)
        let parent = self.output.deletingLastPathComponent()
        let name = self.output.lastPathComponent
        self.staging = parent.appendingPathComponent(".\(name).building-\(getpid())")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            if fm.fileExists(atPath: staging.path) { try fm.removeItem(at: staging) }
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw BuildError.outputNotWritable(output, "\(error.localizedDescription)")
        }
    }

    public func write(_ item: OutputItem) throws {
        let started = BuildProfile.start()
        defer { BuildProfile.add(.write, since: started) }
        switch item {
        case .file(let path, let content):
            let url = try prepare(path)
            try Self.writeFile(url.path, content)
            lock.withLock {
                bytes += content.count
                files += 1
                paths.append(path)
            }
        case .copy(let path, let contentPath):
            let url = try prepare(path)
            if fm.fileExists(atPath: url.path) { try fm.removeItem(at: url) }
            try fm.copyItem(at: contentRoot.appendingPathComponent(contentPath), to: url)
            lock.withLock {
                files += 1
                paths.append(path)
            }
        }
    }

    /// Copies a folder of static files (templates/assets) into the site at `sitePath`.
    public func copyFolder(_ folder: String, to sitePath: String) throws {
        let source = URL(fileURLWithPath: folder, isDirectory: true)
        guard let names = fm.enumerator(atPath: folder)?.allObjects as? [String] else { return }
        for name in names.sorted() where !name.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            var isDir: ObjCBool = false
            let src = source.appendingPathComponent(name)
            guard fm.fileExists(atPath: src.path, isDirectory: &isDir), !isDir.boolValue else { continue }
            let data = try Data(contentsOf: src)
            try write(.file(path: sitePath + name, bytes: [UInt8](data)))
        }
    }

    private func prepare(_ sitePath: String) throws -> URL {
        let url = staging.appendingPathComponent(sitePath)
        if let slash = sitePath.lastIndex(of: "/") {
            try makeFolders(String(sitePath[..<slash]))
        }
        return url
    }

    /// `mkdir -p` inside the staging folder, remembering what exists (a site has many folders).
    private func makeFolders(_ relative: String) throws {
        guard !lock.withLock({ createdFolders.contains(relative) }) else { return }
        if let slash = relative.lastIndex(of: "/") { try makeFolders(String(relative[..<slash])) }
        let path = staging.path + "/" + relative
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw BuildError.outputNotWritable(path, String(cString: strerror(errno)))
        }
        _ = lock.withLock { createdFolders.insert(relative) }
    }

    /// Writes a whole file with plain system calls (no temporary file, no fsync: the staging folder
    /// as a whole is what is swapped into place).
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BuildError.outputNotWritable(path, String(cString: strerror(errno))) }
        defer { close(fd) }
        var offset = 0
        try bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BuildError.outputNotWritable(path, String(cString: strerror(errno)))
                }
                offset += n
            }
        }
    }

    /// Puts the finished site in place of the old one.
    public func commit() throws {
        if fm.fileExists(atPath: output.path) {
            let old = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).old-\(getpid())")
            try fm.moveItem(at: output, to: old)
            try fm.moveItem(at: staging, to: output)
            try? fm.removeItem(at: old)
        } else {
            try fm.moveItem(at: staging, to: output)
        }
    }

    /// Throws the new files away; the old site stays.
    public func abort() {
        try? fm.removeItem(at: staging)
    }
}
