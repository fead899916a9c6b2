import Foundation
import Testing
@testable import GongkaiKit

/// The `gongkai check` binary: exit codes, formats and the report, as CI runs it.
@Suite(.serialized) struct CheckCommandTests {
    static let binary: URL = {
        // The test bundle sits in the same products folder as the executable.
        let products = Bundle.main.bundleURL.deletingLastPathComponent()
        for folder in [products, Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("gongkai")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return TestSite.repository.appendingPathComponent(".build/debug/gongkai")
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ arguments: [String], in folder: URL) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func exitCodesAndFormats() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the gongkai executable first: \(Self.binary.path)")
        let s = try site(["zcwj/gfxwj/2025-00001.md": policy("2025-00001")])
        let today = ["--today", "2026-11-21"]

        var r = try run(["check"] + today, in: s.root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("未发现问题"))

        try s.write("zcwj/gfxwj/2025-00001.md", policy("2025-00001", body: "已布署。\n"))
        r = try run(["check"] + today, in: s.root)
        #expect(r.status == 0)
        r = try run(["check", "--strict"] + today, in: s.root)
        #expect(r.status == 1)

        try s.write("zcwj/gfxwj/2025-00001.md", policy("2025-00001", body: "手机13812345678，已布署。\n"))
        r = try run(["check", "--format", "json"] + today, in: s.root)
        #expect(r.status == 1)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(array.compactMap { $0["code"] as? String } == ["pii.phone", "wording.typo"])

        r = try run(["check", "--format", "github"] + today, in: s.root)
        #expect(r.stdout.hasPrefix("::error file=content/zcwj/gfxwj/2025-00001.md,line=11,col=3,title=pii.phone::"))

        r = try run(["check", "--report", "巡查报告.html"] + today, in: s.root)
        #expect(r.status == 1)
        let html = try String(contentsOf: s.root.appendingPathComponent("巡查报告.html"), encoding: .utf8)
        #expect(html.contains("href=\"content/zcwj/gfxwj/2025-00001.md#L11\""))

        r = try run(["check", "--report", "site/巡查报告.html"] + today, in: s.root)
        #expect(r.status == 2)
        #expect(!FileManager.default.fileExists(atPath: s.output.appendingPathComponent("巡查报告.html").path))

        r = try run(["check", "--format", "xml"], in: s.root)
        #expect(r.status == 2)

        r = try run(["check", "--list-rules"], in: s.root)
        #expect(r.status == 0)
        #expect(r.stdout.contains("pii.id-number"))
    }
}
