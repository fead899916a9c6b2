import Foundation


/// Writes the site into a fresh folder beside the output folder and swaps it into place only when
/// the whole build succeeded: a failed build leaves the previous site exactly as it was.
public final class SiteWriter {
    public let output: URL
    public let staging: URL
    let contentRoot: URL
    private let fm = FileManager.default
    private var createdFolders: Set<String> = []
    public private(set) var filesWritten = 0
    public private(set) var bytesWritten = 0

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
        switch item {
        case .file(let path, let bytes):
            let url = try prepare(path)
            guard fm.createFile(atPath: url.path, contents: Data(bytes)) else {
                throw BuildError.outputNotWritable(url.path, "无法创建文件")
            }
            bytesWritten += bytes.count
        case .copy(let path, let contentPath):
            let url = try prepare(path)
            if fm.fileExists(atPath: url.path) { try fm.removeItem(at: url) }
            try fm.copyItem(at: contentRoot.appendingPathComponent(contentPath), to: url)
        }
        filesWritten += 1
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
        let dir = url.deletingLastPathComponent().path
        if !createdFolders.contains(dir) {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            createdFolders.insert(dir)
        }
        return url
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
