import Foundation
import Testing

/// Golden files: expected text kept in the repository next to a fixture. A test compares what the
/// build produced with them and fails on any difference, naming the first differing line;
/// `GONGKAI_UPDATE_GOLDEN=1 swift test` rewrites them from the current output instead.
enum Golden {
    static var updating: Bool { ProcessInfo.processInfo.environment["GONGKAI_UPDATE_GOLDEN"] == "1" }

    /// The `<main>` element of a page: what the page itself says, without the shared header and
    /// footer (which have goldens of their own in the foundation's tests).
    static func main(of html: String) -> String {
        guard let start = html.range(of: "<main"), let end = html.range(of: "</main>", range: start.upperBound..<html.endIndex) else {
            return html
        }
        return String(html[start.lowerBound..<end.upperBound]) + "\n"
    }

    /// Compares `actual` with the golden file at `folder/name`, or writes it when updating.
    static func check(_ actual: String, folder: URL, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if updating {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("golden file \(name) is missing; run GONGKAI_UPDATE_GOLDEN=1 swift test to create it", sourceLocation: sourceLocation)
            return
        }
        if expected == actual { return }
        let e = expected.components(separatedBy: "\n")
        let a = actual.components(separatedBy: "\n")
        let line = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
        Issue.record("""
            \(name) differs from its golden file at line \(line + 1):
              expected: \(line < e.count ? e[line] : "<end of file>")
              actual:   \(line < a.count ? a[line] : "<end of file>")
            (GONGKAI_UPDATE_GOLDEN=1 swift test rewrites golden files after a deliberate change)
            """, sourceLocation: sourceLocation)
    }

    /// Every file under `folder`, relative paths sorted.
    static func files(under folder: URL) -> [String] {
        let base = folder.standardizedFileURL.path
        guard let e = FileManager.default.enumerator(atPath: base) else { return [] }
        var out: [String] = []
        for case let rel as String in e {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + rel, isDirectory: &isDir), !isDir.boolValue { out.append(rel) }
        }
        return out.sorted()
    }
}
