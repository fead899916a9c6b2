import Testing
@testable import GongkaiKit

/// A catalogue with every interpretation policy: 规章 and 规范性文件 required, 其他文件 recommended
/// with three days' grace, 工作动态 none.
let linkageCatalogue = """
    site:
      title: 测试市人民政府信息公开
      base_url: https://www.example.gov.cn/
      agency: 测试市人民政府办公室
      page_size: 2
    catalogue:
      - id: zcwj
        name: 政策文件
        children:
          - id: gz
            name: 政府规章
            interpretation: required
          - id: gfxwj
            name: 行政规范性文件
            interpretation: required
          - id: qtwj
            name: 其他文件
            interpretation: recommended
            interpretation_delay_days: 3
      - id: gzdt
        name: 工作动态
      - id: zcjd
        name: 政策解读
        children:
          - id: wzjd
            name: 文字解读

    """

/// An interpretation: `interprets` on line 7, `form` on line 8, `stage` on line 9 (when given).
func interpretation(
    _ serial: String, of targets: [String], published: String = "2025-06-06", form: String? = "文字解读",
    stage: String? = "发布", body: String = "解读正文。\n"
) -> String {
    var lines = [
        "---", "title: 关于测试文件的解读", "index_no: 11999900MB0000001X/\(serial)", "category: zcjd.wzjd",
        "issuer: 测试市人民政府办公室", "published: \(published)",
        "interprets: [\(targets.map { "11999900MB0000001X/\($0)" }.joined(separator: ", "))]",
    ]
    if let form { lines.append("form: \(form)") }
    if let stage { lines.append("stage: \(stage)") }
    return (lines + ["---", body]).joined(separator: "\n")
}

/// Diagnostics of the linkage families (interp, revision, repeal) for a site.
func linkageDiagnostics(_ files: [String: String], today: String = "2026-11-21") throws -> [Diagnostic] {
    let site = try TestSite(catalogue: linkageCatalogue, files: files)
    let outcome = try site.check(today: today)
    return outcome.diagnostics.filter { ["interp", "revision", "repeal"].contains(String($0.code.family)) }
}

func summary(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.map { "\($0.severity.rawValue) \($0.code) \(relative($0.location.file)):\($0.location.line)" }
}

/// `content/a.md` for a file of a test site in a temporary folder.
func relative(_ path: String) -> String {
    guard let r = path.range(of: "/content/", options: .backwards) else { return path }
    return "content/" + path[r.upperBound...]
}

@Suite("Interpretation checks")
struct InterpretationCheckTests {
    let interpreted = [
        "gz/2025-00001.md": policy("2025-00001", category: "zcwj.gz"),
        "jd/2025-00002.md": interpretation("2025-00002", of: ["2025-00001"]),
    ]

    @Test func aLinkedPolicyPasses() throws {
        #expect(try linkageDiagnostics(interpreted).isEmpty)
    }

    @Test func unknownTarget() throws {
        var files = interpreted
        files["jd/2025-00003.md"] = interpretation("2025-00003", of: ["2025-00009"])
        let found = try linkageDiagnostics(files)
        #expect(summary(found) == ["error interp.unknown-target content/jd/2025-00003.md:7"])
        #expect(found[0].message.contains("11999900MB0000001X/2025-00009"))
        #expect(found[0].suggestion?.contains("11999900MB0000001X/2025-0000") == true)
    }

    @Test func targetIsAnInterpretationOrItself() throws {
        var files = interpreted
        files["jd/2025-00003.md"] = interpretation("2025-00003", of: ["2025-00002"])
        files["jd/2025-00004.md"] = interpretation("2025-00004", of: ["2025-00004"])
        #expect(summary(try linkageDiagnostics(files)) == [
            "error interp.target-is-interpretation content/jd/2025-00003.md:7",
            "error interp.target-is-interpretation content/jd/2025-00004.md:7",
        ])
    }

    @Test func requiredMissingIsAnErrorAtTheCategoryLine() throws {
        let found = try linkageDiagnostics(["gz/2025-00001.md": policy("2025-00001", category: "zcwj.gz")])
        #expect(summary(found) == ["error interp.missing content/gz/2025-00001.md:4"])
        #expect(found[0].message.contains("政府规章"))
    }

    @Test func recommendedMissingIsAWarning() throws {
        let found = try linkageDiagnostics(["qt/2025-00001.md": policy("2025-00001", category: "zcwj.qtwj")])
        #expect(summary(found) == ["warning interp.recommended-missing content/qt/2025-00001.md:4"])
    }

    @Test func noPolicyNoFinding() throws {
        #expect(try linkageDiagnostics(["dt/2025-00001.md": policy("2025-00001", category: "gzdt")]).isEmpty)
    }

    @Test func missingCanBeWaivedWithAReason() throws {
        let site = try TestSite(catalogue: linkageCatalogue, files: [
            "gz/2025-00001.md": policy("2025-00001", category: "zcwj.gz", extra: "waive: {interp.missing: 仅对原规章作文字性修改}"),
        ])
        let outcome = try site.check()
        #expect(!outcome.diagnostics.contains { $0.code == .interpretationMissing })
        #expect(outcome.waived.map(\.diagnostic.code) == [.interpretationMissing])
    }

    @Test func lateReleaseInterpretationWarns() throws {
        let found = try linkageDiagnostics([
            "gz/2025-00001.md": policy("2025-00001", category: "zcwj.gz", published: "2025-06-06"),
            "jd/2025-00002.md": interpretation("2025-00002", of: ["2025-00001"], published: "2025-06-08"),
        ])
        #expect(summary(found) == ["warning interp.late content/jd/2025-00002.md:6"])
        #expect(found[0].message.contains("2 日"))
    }

    @Test func lateIsJudgedByThePolicysCategoryAndStage() throws {
        let files = [
            // 其他文件 allows three days.
            "qt/2025-00001.md": policy("2025-00001", category: "zcwj.qtwj", published: "2025-06-06"),
            "jd/2025-00002.md": interpretation("2025-00002", of: ["2025-00001"], published: "2025-06-09"),
            "qt/2025-00003.md": policy("2025-00003", category: "zcwj.qtwj", published: "2025-06-06"),
            "jd/2025-00004.md": interpretation("2025-00004", of: ["2025-00003"], published: "2025-06-10"),
            // 实施 stage interpretations come later by design.
            "gz/2025-00005.md": policy("2025-00005", category: "zcwj.gz", published: "2025-06-06"),
            "jd/2025-00006.md": interpretation("2025-00006", of: ["2025-00005"], published: "2025-12-01", stage: "实施"),
        ]
        #expect(summary(try linkageDiagnostics(files)) == ["warning interp.late content/jd/2025-00004.md:6"])
    }

    @Test func formAndStageNeedInterprets() throws {
        let found = try linkageDiagnostics([
            "dt/2025-00001.md": policy("2025-00001", category: "gzdt", extra: "form: 图解\nstage: 发布"),
        ])
        #expect(summary(found) == [
            "error interp.fields content/dt/2025-00001.md:9", "error interp.fields content/dt/2025-00001.md:10",
        ])
    }

    @Test func interpretsNeedsFormAndStage() throws {
        var files = interpreted
        files["jd/2025-00002.md"] = interpretation("2025-00002", of: ["2025-00001"], form: nil)
        #expect(summary(try linkageDiagnostics(files)) == ["error interp.fields content/jd/2025-00002.md:7"])
        files["jd/2025-00002.md"] = interpretation("2025-00002", of: ["2025-00001"], stage: nil)
        let found = try linkageDiagnostics(files)
        #expect(summary(found) == ["error interp.fields content/jd/2025-00002.md:7"])
        #expect(found.first?.message.contains("stage") == true)
    }
}

@Suite("Revision and repeal checks")
struct RevisionCheckTests {
    /// A 其他文件 (no interpretation needed… but recommended: use 工作动态) revising `revises`.
    func version(_ serial: String, published: String, revises: String? = nil, extra: String = "") -> String {
        policy(serial, category: "gzdt", published: published,
               extra: (revises.map { "revises: 11999900MB0000001X/\($0)\n" } ?? "") + extra)
    }

    @Test func aChainPasses() throws {
        #expect(try linkageDiagnostics([
            "a/2023-00001.md": version("2023-00001", published: "2023-01-01"),
            "a/2024-00002.md": version("2024-00002", published: "2024-01-01", revises: "2023-00001"),
            "a/2025-00003.md": version("2025-00003", published: "2025-01-01", revises: "2024-00002"),
        ]).isEmpty)
    }

    @Test func unknownTarget() throws {
        #expect(summary(try linkageDiagnostics([
            "a/2024-00002.md": version("2024-00002", published: "2024-01-01", revises: "2023-00001"),
        ])) == ["error revision.unknown-target content/a/2024-00002.md:9"])
    }

    @Test func fork() throws {
        let found = try linkageDiagnostics([
            "a/2023-00001.md": version("2023-00001", published: "2023-01-01"),
            "a/2024-00002.md": version("2024-00002", published: "2024-01-01", revises: "2023-00001"),
            "a/2025-00003.md": version("2025-00003", published: "2025-01-01", revises: "2023-00001"),
        ])
        #expect(summary(found) == ["error revision.fork content/a/2025-00003.md:9"])
        #expect(found[0].message.contains("a/2024-00002.md:9"))
    }

    @Test func cycleIsReportedOnce() throws {
        let found = try linkageDiagnostics([
            "a/2024-00001.md": version("2024-00001", published: "2024-01-01", revises: "2024-00002"),
            "a/2024-00002.md": version("2024-00002", published: "2024-01-01", revises: "2024-00001"),
        ])
        #expect(found.map(\.code) == [.revisionCycle])
        #expect(found[0].message.contains("11999900MB0000001X/2024-00001 → 11999900MB0000001X/2024-00002") || found[0].message.contains("11999900MB0000001X/2024-00002 → 11999900MB0000001X/2024-00001"))
    }

    @Test func revisingItselfIsACycle() throws {
        #expect(summary(try linkageDiagnostics([
            "a/2024-00001.md": version("2024-00001", published: "2024-01-01", revises: "2024-00001"),
        ])) == ["error revision.cycle content/a/2024-00001.md:9"])
    }

    @Test func newerVersionPublishedEarlier() throws {
        #expect(summary(try linkageDiagnostics([
            "a/2024-00001.md": version("2024-00001", published: "2024-05-01"),
            "a/2024-00002.md": version("2024-00002", published: "2024-04-30", revises: "2024-00001"),
        ])) == ["error revision.date-order content/a/2024-00002.md:8"])
    }

    @Test func sameDayIsNotOutOfOrder() throws {
        #expect(try linkageDiagnostics([
            "a/2024-00001.md": version("2024-00001", published: "2024-05-01"),
            "a/2024-00002.md": version("2024-00002", published: "2024-05-01", revises: "2024-00001"),
        ]).isEmpty)
    }

    @Test func repealedByUnknown() throws {
        #expect(summary(try linkageDiagnostics([
            "a/2024-00001.md": version("2024-00001", published: "2024-05-01",
                                       extra: "status: repealed\nrepealed_by: 11999900MB0000001X/2025-00009"),
        ])) == ["error repeal.unknown-target content/a/2024-00001.md:10"])
    }

    @Test func repealedByKnown() throws {
        #expect(try linkageDiagnostics([
            "a/2024-00001.md": version("2024-00001", published: "2024-05-01",
                                       extra: "status: repealed\nrepealed_by: 11999900MB0000001X/2025-00009"),
            "a/2025-00009.md": version("2025-00009", published: "2025-05-01"),
        ]).isEmpty)
    }

    @Test func theExamplePortalHasNoLinkageErrors() throws {
        let outcome = try Pipeline.check(BuildOptions(
            contentFolder: TestSite.repository.appendingPathComponent("content").path,
            today: CalendarDate(iso: "2026-11-21")!))
        let linkage = outcome.diagnostics.filter { ["interp", "revision", "repeal"].contains(String($0.code.family)) }
        #expect(!linkage.hasErrors, "\(linkage)")
    }
}
