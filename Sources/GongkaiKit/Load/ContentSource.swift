import Foundation

/// Everything the build reads from disk, gathered once: the catalogue file, every Markdown file's
/// bytes, and the list of all other files (attachments are checked against it, copied at the end).
public struct ContentSource: Sendable {
    /// The content folder as the user named it (used to show paths: `content/zcwj/a.md`).
    public var root: String
    public var catalogue: SourceFile?
    /// Markdown files, sorted by path. Emptied by `Pipeline.check` once they are decoded (their
    /// bodies live on in the model's documents).
    public var documents: [SourceFile]
    /// Every regular file below the root, relative paths.
    public var allFiles: Set<String>
    /// Sizes in bytes of the files that are not Markdown (attachments are shown with their size).
    public var fileSizes: [String: Int]
    /// Data files at the top of the content folder that checks read (`holidays.yaml`, `wording.yaml`,
    /// word lists named in `checks:`): every top-level `.yaml`, `.yml` and `.txt` except the catalogue.
    public var dataFiles: [String: SourceFile] = [:]
    /// Annual report data files (`annual/<year>.yaml`), sorted by path.
    public var annual: [SourceFile] = []
}

/// One file's bytes and where it is.
public struct SourceFile: Sendable {
    /// Relative to the content folder, with `/` separators (`zcwj/gfxwj/a.md`).
    public var contentPath: String
    /// As shown in messages (`content/zcwj/gfxwj/a.md`).
    public var displayPath: String
    public var bytes: [UInt8]

    public init(contentPath: String, displayPath: String, bytes: [UInt8]) {
        self.contentPath = contentPath
        self.displayPath = displayPath
        self.bytes = bytes
    }
}

public enum ContentLoader {
    public static let catalogueFileName = "catalogue.yaml"

    /// Reads the content folder. Throws only when the folder itself cannot be read.
    public static func load(from root: String) throws -> ContentSource {
        try load(from: root, remembered: nil)
    }

    /// `remembered`, when given, is asked once the folder is listed and the catalogue read: it
    /// names the Markdown files whose decoded form the build cache already holds. Those are not
    /// read (their `SourceFile` has no bytes).
    static func load(
        from root: String,
        remembered: ((_ catalogue: [UInt8]?, _ files: Set<String>, _ markdown: [String]) -> Set<String>)?
    ) throws -> ContentSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BuildError.contentFolderMissing(root)
        }
        var markdown: [String] = []
        var all: Set<String> = []
        var sizes: [String: Int] = [:]
        let base = root.hasSuffix("/") ? root : root + "/"
        try walk(base, relative: "") { relative in
            all.insert(relative)
            if relative.hasSuffix(".md") || relative.hasSuffix(".markdown") {
                markdown.append(relative)
            } else if let size = linkSize(base + relative) {
                sizes[relative] = size
            }
        }
        markdown.sort()
        var catalogue: SourceFile? = nil
        if all.contains(catalogueFileName),
            let bytes = try? readBytes(base + catalogueFileName)
        {
            catalogue = SourceFile(
                contentPath: catalogueFileName, displayPath: display(root, catalogueFileName), bytes: bytes)
        }
        let skipped = remembered?(catalogue?.bytes, all, markdown) ?? []
        let documents = Parallel.map(markdown.count) { k in
            let relative = markdown[k]
            let bytes = skipped.contains(relative) ? [] : (try? readBytes(base + relative)) ?? []
            return SourceFile(contentPath: relative, displayPath: display(root, relative), bytes: bytes)
        }
        var dataFiles: [String: SourceFile] = [:]
        for relative in all where isDataFile(relative) {
            if let bytes = try? readBytes(base + relative) {
                dataFiles[relative] = SourceFile(contentPath: relative, displayPath: display(root, relative), bytes: bytes)
            }
        }
        let annual = all.filter { $0.hasPrefix("annual/") && $0.hasSuffix(".yaml") && $0.split(separator: "/").count == 2 }.sorted()
            .map { SourceFile(contentPath: $0, displayPath: display(root, $0), bytes: (try? readBytes(base + $0)) ?? []) }
        return ContentSource(root: root, catalogue: catalogue, documents: documents, allFiles: all, fileSizes: sizes,
                             dataFiles: dataFiles, annual: annual)
    }

    /// Whether the content file at `relative` (not hidden) is a data file the checks read
    /// (`ContentSource.dataFiles`): a top-level `.yaml`, `.yml` or `.txt` other than the catalogue.
    static func isDataFile(_ relative: String) -> Bool {
        !relative.utf8.contains(UInt8(ascii: "/")) && relative != catalogueFileName
            && (relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") || relative.hasSuffix(".txt"))
    }

    /// `content` + `a/b.md` → `content/a/b.md` (no `./` prefixes, no doubled slashes).
    public static func display(_ root: String, _ relative: String) -> String {
        var r = root
        while r.hasSuffix("/") && r.count > 1 { r.removeLast() }
        if r == "." || r.isEmpty { return relative }
        if r.hasPrefix("./") { r.removeFirst(2) }
        return r + "/" + relative
    }

    /// A file's bytes, read with plain POSIX calls (Foundation's `Data(contentsOf:)` costs far more per file).
    /// The array is sized by `fstat` and end of file is confirmed into a small buffer of its own:
    /// growing the array to look for more bytes would double its capacity, and every Markdown file
    /// stays in memory until it is decoded (twice 252 MB at 100,000 documents).
    static func readBytes(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CocoaError(.fileReadNoSuchFile) }
        defer { close(fd) }
        var info = stat()
        let expected = fstat(fd, &info) == 0 ? Int(info.st_size) : 0
        var bytes = [UInt8](repeating: 0, count: max(expected, 0))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CocoaError(.fileReadUnknown)
            }
            if n == 0 { break }
            filled += n
        }
        if filled < bytes.count {
            bytes.removeSubrange(filled...)
            return bytes
        }
        // The file may have grown since `fstat`: read on until the end.
        var more = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = more.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CocoaError(.fileReadUnknown)
            }
            if n == 0 { break }
            bytes.append(contentsOf: more[..<n])
        }
        return bytes
    }

    /// The size `lstat` gives (a symbolic link's own size, as `FileManager.attributesOfItem` reports it).
    private static func linkSize(_ path: String) -> Int? {
        var info = stat()
        return lstat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    /// Depth-first walk in sorted order, skipping hidden files and folders (`.git`, `.DS_Store`).
    /// Entries that do not exist once symbolic links are followed are skipped.
    private static func walk(_ dir: String, relative: String, _ visit: (String) -> Void) throws {
        guard let handle = opendir(dir) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: dir])
        }
        var entries: [(name: String, type: UInt8)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            guard !name.hasPrefix(".") else { continue }
            entries.append((name, entry.pointee.d_type))
        }
        closedir(handle)
        entries.sort { $0.name < $1.name }
        for (name, type) in entries {
            let path = dir + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            var isDirectory: Bool
            switch Int32(type) {
            case Int32(DT_DIR): isDirectory = true
            case Int32(DT_REG): isDirectory = false
            default:
                var info = stat()
                guard stat(path, &info) == 0 else { continue }
                isDirectory = info.st_mode & S_IFMT == S_IFDIR
            }
            if isDirectory {
                try walk(path + "/", relative: rel, visit)
            } else {
                visit(rel)
            }
        }
    }
}

/// A problem with how gongkai was called (not with the content): exit code 2.
public enum BuildError: Error, Equatable, CustomStringConvertible {
    case contentFolderMissing(String)
    case templatesFolderMissing(String)
    case outputNotWritable(String, String)
    case invalidOption(String)

    public var description: String {
        switch self {
        case .contentFolderMissing(let p): "找不到内容目录“\(p)”。请在站点仓库的根目录运行，或用 --content 指定内容目录。"
        case .templatesFolderMissing(let p): "找不到模板目录“\(p)”。请用 --templates 指定模板目录。"
        case .outputNotWritable(let p, let why): "无法写入输出目录“\(p)”：\(why)"
        case .invalidOption(let m): m
        }
    }
}
