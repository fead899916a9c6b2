import Foundation
import Testing

/// The `gongkai` executable as CI and editors run it: exit codes and where messages go.
@Suite("Command line")
struct CommandLineTests {
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gongkai")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func exitCodes() throws {
        try #require(FileManager.default.fileExists(atPath: Self.binary.path), "swift test builds the gongkai executable")
        let site = try TestSite(fixture: "basic")
        let common = ["--content", site.content.path, "--templates", TestSite.templates, "--output", site.output.path, "--today", "2026-11-21"]
        let ok = try run(["build"] + common)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(site.exists("index.html"))

        try site.write("zcwj/gfxwj/bad.md", policy("2025-00077", category: "zcwj.nope"))
        let bad = try run(["build"] + common)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad.md:4:11: 错误 [catalogue.unknown-category]"))
        #expect(bad.stderr.contains("原有站点保持不变"))

        let json = try run(["check", "--content", site.content.path, "--today", "2026-11-21", "--format", "json"])
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"code\": \"catalogue.unknown-category\""))

        #expect(try run(["build", "--no-such-option"]).status == 2)
        #expect(try run(["build", "--today", "2025-13-01"] + common.dropLast(2)).status == 2)
        let missing = try run(["build", "--content", site.root.appendingPathComponent("nowhere").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("找不到内容目录"))
    }
}
