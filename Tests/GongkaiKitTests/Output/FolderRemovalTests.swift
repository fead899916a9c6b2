import Foundation
import Testing
@testable import GongkaiKit

@Suite("Removing a replaced site")
struct FolderRemovalTests {
    let root: URL
    let fm = FileManager.default

    init() throws {
        root = fm.temporaryDirectory.appendingPathComponent("gongkai-removal-\(UUID().uuidString)")
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ text: String = "x") throws {
        let url = root.appendingPathComponent(relative)
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Nested folders, empty folders, many files in one folder, names with Chinese and spaces, a
    /// hard link, and symbolic links to a file and to a folder outside the tree: the tree is gone,
    /// what the links point to is untouched.
    @Test func removesTheTreeAndNeverFollowsLinks() throws {
        defer { try? fm.removeItem(at: root) }
        for i in 0..<300 { try write("site/documents/a/\(i).html") }
        try write("site/catalogue/政策 文件/index.html", "栏目")
        try fm.createDirectory(at: root.appendingPathComponent("site/empty/deeper"), withIntermediateDirectories: true)
        try write("outside/keep.txt", "保留")
        try fm.linkItem(at: root.appendingPathComponent("outside/keep.txt"), to: root.appendingPathComponent("site/hard.txt"))
        try fm.createSymbolicLink(at: root.appendingPathComponent("site/folder-link"),
                                  withDestinationURL: root.appendingPathComponent("outside"))
        try fm.createSymbolicLink(at: root.appendingPathComponent("site/documents/file-link"),
                                  withDestinationURL: root.appendingPathComponent("outside/keep.txt"))

        try FolderRemoval.remove(root.appendingPathComponent("site").path)

        #expect(!fm.fileExists(atPath: root.appendingPathComponent("site").path))
        #expect(try String(contentsOf: root.appendingPathComponent("outside/keep.txt"), encoding: .utf8) == "保留")
        #expect(try fm.contentsOfDirectory(atPath: root.path) == ["outside"])
    }

    @Test func aMissingPathIsNothingToDoAndAFileIsRemoved() throws {
        defer { try? fm.removeItem(at: root) }
        try FolderRemoval.remove(root.appendingPathComponent("nothing-here").path)
        try write("single.html")
        try FolderRemoval.remove(root.appendingPathComponent("single.html").path)
        #expect(try fm.contentsOfDirectory(atPath: root.path).isEmpty)
    }
}
