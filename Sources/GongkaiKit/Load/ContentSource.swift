import Foundation

/// Everything the build reads from disk, gathered once: the catalogue file, every Markdown file's
/// bytes, and the list of all other files (attachments are checked against it, copied at the end).
public struct ContentSource: Sendable {
    /// The content folder as the user named it (used to show paths: `content/zcwj/a.md`).
    public var root: String
    public var catalogue: SourceFile?
    /// Markdown files, sorted by path.
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
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BuildError.contentFolderMissing(root)
        }
        var markdown: [String] = []
        var all: Set<String> = []
        var sizes: [String: Int] = [:]
        let rootURL = URL(fileURLWithPath: root, isDirectory: true)
        try walk(rootURL, relative: "", fileManager: fm) { relative in
            all.insert(relative)
            if relative.hasSuffix(".md") || relative.hasSuffix(".markdown") {
                markdown.append(relative)
            } else if let size = try? fm.attributesOfItem(atPath: rootURL.appendingPathComponent(relative).path)[.size] as? Int {
                sizes[relative] = size
            }
        }
        markdown.sort()
        let documents = markdown.map { relative in
            let bytes = (try? readBytes(rootURL.appendingPathComponent(relative).path)) ?? []
            return SourceFile(contentPath: relative, displayPath: display(root, relative), bytes: bytes)
        }
        var catalogue: SourceFile? = nil
        if all.contains(catalogueFileName),
            let bytes = try? readBytes(rootURL.appendingPathComponent(catalogueFileName).path)
        {
            catalogue = SourceFile(
                contentPath: catalogueFileName, displayPath: display(root, catalogueFileName), bytes: bytes)
        }
        var dataFiles: [String: SourceFile] = [:]
        for relative in all where !relative.contains("/") && relative != catalogueFileName
            && (relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") || relative.hasSuffix(".txt"))
        {
            if let bytes = try? readBytes(rootURL.appendingPathComponent(relative).path) {
                dataFiles[relative] = SourceFile(contentPath: relative, displayPath: display(root, relative), bytes: bytes)
            }
        }
        let annual = all.filter { $0.hasPrefix("annual/") && $0.hasSuffix(".yaml") && $0.split(separator: "/").count == 2 }.sorted()
            .map { SourceFile(contentPath: $0, displayPath: display(root, $0), bytes: (try? readBytes(rootURL.appendingPathComponent($0).path)) ?? []) }
        return ContentSource(root: root, catalogue: catalogue, documents: documents, allFiles: all, fileSizes: sizes,
                             dataFiles: dataFiles, annual: annual)
    }

    /// `content` + `a/b.md` → `content/a/b.md` (no `./` prefixes, no doubled slashes).
    public static func display(_ root: String, _ relative: String) -> String {
        var r = root
        while r.hasSuffix("/") && r.count > 1 { r.removeLast() }
        if r == "." || r.isEmpty { return relative }
        if r.hasPrefix("./") { r.removeFirst(2) }
        return r + "/" + relative
    }

    static func readBytes(_ path: String) throws -> [UInt8] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return [UInt8](data)
    }

    /// Depth-first walk in sorted order, skipping hidden files and folders (`.git`, `.DS_Store`).
    private static func walk(
        _ dir: URL, relative: String, fileManager fm: FileManager, _ visit: (String) -> Void
    ) throws {
        let names = try fm.contentsOfDirectory(atPath: dir.path).sorted()
        for name in names where !name.hasPrefix(".") {
            let url = dir.appendingPathComponent(name)
            let rel = relative.isEmpty ? name : relative + "/" + name
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isDir) else { continue }
            if isDir.boolValue {
                try walk(url, relative: rel, fileManager: fm, visit)
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
