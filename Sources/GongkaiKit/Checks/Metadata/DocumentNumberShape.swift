import Foundation

/// 发文字号 as GB/T 9704-2012 wants it: `机关代字〔年份〕序号号` — the year in full, in 六角括号
/// 〔〕, Arabic digits, the serial without “第” and without leading zeros (1 not 01) — or a decree
/// number `……令第N号`. Announcements numbered `……2025年第3号` are accepted as they are.
public struct DocumentNumberShape: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case yearBracket(agency: String, year: Int, serial: Int)
        case decree(prefix: String, serial: Int)
        case announcement
        case unrecognised
    }

    public var kind: Kind
    /// What is wrong with the writing, in Chinese, in the order found.
    public var problems: [String]
    /// The number written correctly (nil when unrecognised or already correct).
    public var corrected: String?

    /// The canonical spelling used to detect duplicates.
    public var canonical: String

    static let openers: Set<Character> = ["〔", "[", "［", "(", "（", "【", "〖", "﹝", "〈", "{", "｛", "<", "《"]
    static let closers: Set<Character> = ["〕", "]", "］", ")", "）", "】", "〗", "﹞", "〉", "}", "｝", ">", "》"]

    // The agency part, the bracketed year, an optional 第 and the serial.
    private static let yearForm = try! NSRegularExpression(
        pattern: #"^(.+?)([^\d\s])(\d{4}|\d{2})([^\d\s])(第?)(\d+)号$"#)
    private static let decreeForm = try! NSRegularExpression(pattern: #"^(.+令)(第?)(\d+)号$"#)
    private static let announcementForm = try! NSRegularExpression(pattern: #"^.+\d{4}年(度)?第\d+号$"#)

    /// Reads `raw`; `writtenYear` (the year of 成文日期) completes a two-digit year.
    public init(_ raw: String, writtenYear: Int? = nil) {
        if let plain = Self.plainYearBracket(raw) {
            self = plain
        } else {
            self.init(expressions: raw, writtenYear: writtenYear)
        }
    }

    /// Reads `raw` with the regular expressions (every case; `plainYearBracket` is a shortcut for
    /// the common one, tested against this).
    init(expressions raw: String, writtenYear: Int?) {
        var problems: [String] = []
        var text = raw
        let halfwidth = Scalars.halfwidthDigits(text)
        if halfwidth != text {
            problems.append("使用了全角数字")
            text = halfwidth
        }
        let compact = text.filter { $0 != " " && $0 != "\u{3000}" && $0 != "\t" }
        if compact != text {
            problems.append("含有空格")
            text = compact
        }
        let ns = text as NSString
        let all = NSRange(location: 0, length: ns.length)

        if let m = Self.decreeForm.firstMatch(in: text, range: all) {
            let prefix = ns.substring(with: m.range(at: 1))
            let di = ns.substring(with: m.range(at: 2))
            let serialText = ns.substring(with: m.range(at: 3))
            let serial = Int(serialText) ?? 0
            if di.isEmpty { problems.append("令的序号前应有“第”") }
            if serialText.count > 1 && serialText.hasPrefix("0") { problems.append("序号不编虚位（1 不编为 01）") }
            let correct = "\(prefix)第\(serial)号"
            self.init(kind: .decree(prefix: prefix, serial: serial), problems: problems,
                      corrected: problems.isEmpty ? nil : correct, canonical: correct)
            return
        }
        if Self.announcementForm.firstMatch(in: text, range: all) != nil {
            self.init(kind: .announcement, problems: problems, corrected: problems.isEmpty ? nil : text, canonical: text)
            return
        }
        if let m = Self.yearForm.firstMatch(in: text, range: all) {
            let agency = ns.substring(with: m.range(at: 1))
            let open = Character(ns.substring(with: m.range(at: 2)))
            let yearText = ns.substring(with: m.range(at: 3))
            let close = Character(ns.substring(with: m.range(at: 4)))
            let di = ns.substring(with: m.range(at: 5))
            let serialText = ns.substring(with: m.range(at: 6))
            if Self.openers.contains(open), Self.closers.contains(close) {
                if open != "〔" || close != "〕" {
                    problems.append("年份应使用六角括号“〔〕”，不能用“\(open)\(close)”")
                }
                var year = Int(yearText) ?? 0
                if yearText.count == 2 {
                    problems.append("年份应写全称（4 位数字）")
                    if let w = writtenYear, w % 100 == year { year = w } else { year += 2000 }
                }
                if !di.isEmpty { problems.append("序号前不加“第”") }
                if serialText.count > 1 && serialText.hasPrefix("0") { problems.append("序号不编虚位（1 不编为 01）") }
                let serial = Int(serialText) ?? 0
                let correct = "\(agency)〔\(year)〕\(serial)号"
                self.init(kind: .yearBracket(agency: agency, year: year, serial: serial), problems: problems,
                          corrected: problems.isEmpty ? nil : correct, canonical: correct)
                return
            }
        }
        self.init(kind: .unrecognised, problems: problems, corrected: nil, canonical: text)
    }

    /// The common case read from the bytes, without the regular expressions (three per number were
    /// most of the check stage at 100,000 documents): `机关代字〔YYYY〕N号` written correctly, with an
    /// agency of CJK ideographs and ASCII letters only. For such a number the expressions give
    /// exactly this (no digit or line break in the agency, so the lazy agency group ends at 〔; the
    /// serial follows 〕, so neither the decree nor the announcement form can match). Anything else
    /// (nil) goes through the expressions.
    static func plainYearBracket(_ raw: String) -> DocumentNumberShape? {
        var raw = raw
        return raw.withUTF8 { b -> DocumentNumberShape? in
            guard let (agencyEnd, year, serial) = plainParts(b) else { return nil }
            let agency = String(decoding: UnsafeBufferPointer(rebasing: b[0..<agencyEnd]), as: UTF8.self)
            return DocumentNumberShape(kind: .yearBracket(agency: agency, year: year, serial: serial), problems: [],
                                       corrected: nil, canonical: "\(agency)〔\(year)〕\(serial)号")
        }
    }

    /// The spelling `DocumentNumberShape(raw, writtenYear:).canonical` gives, without making the
    /// shape when `raw` is a plain `机关代字〔YYYY〕N号` whose year does not start with 0: its
    /// canonical spelling is `raw` itself (the agency's bytes, the year's four digits, the serial
    /// without a leading zero, 号).
    static func canonical(_ raw: String, writtenYear: Int?) -> String {
        var bytes = raw
        let plain = bytes.withUTF8 { b in plainParts(b).map { b[$0.agencyEnd + 3] != 0x30 } ?? false }
        return plain ? raw : DocumentNumberShape(raw, writtenYear: writtenYear).canonical
    }

    /// Where the agency ends (at 〔), the year and the serial of a number `plainYearBracket` reads.
    private static func plainParts(_ b: UnsafeBufferPointer<UInt8>) -> (agencyEnd: Int, year: Int, serial: Int)? {
        let n = b.count
        // 〔 E3 80 94, 〕 E3 80 95, 号 E5 8F B7
        guard n >= 3 + 3 + 4 + 3 + 1 + 3, b[n - 3] == 0xE5, b[n - 2] == 0x8F, b[n - 1] == 0xB7 else { return nil }
        var i = 0
        var agencyEnd = -1
        while i < n {
            let c = b[i]
            if c < 0x80 {
                guard (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) else { return nil }
                i += 1
            } else if c >= 0xE0 && c <= 0xEF, i + 2 < n {
                if c == 0xE3 && b[i + 1] == 0x80 && b[i + 2] == 0x94 {
                    agencyEnd = i
                    break
                }
                let scalar = (UInt32(c & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F)
                guard (0x4E00...0x9FFF).contains(scalar) || (0x3400...0x4DBF).contains(scalar) else { return nil }
                i += 3
            } else {
                return nil
            }
        }
        guard agencyEnd > 0 else { return nil }
        func isDigit(_ k: Int) -> Bool { b[k] >= 0x30 && b[k] <= 0x39 }
        var k = agencyEnd + 3
        guard k + 4 + 3 < n, isDigit(k), isDigit(k + 1), isDigit(k + 2), isDigit(k + 3) else { return nil }
        var year = 0
        for j in k..<k + 4 { year = year * 10 + Int(b[j] - 0x30) }
        k += 4
        guard b[k] == 0xE3, b[k + 1] == 0x80, b[k + 2] == 0x95 else { return nil }
        k += 3
        let serialStart = k
        var serial = 0
        while k < n - 3 {
            guard isDigit(k) else { return nil }
            serial = serial * 10 + Int(b[k] - 0x30)
            k += 1
        }
        let digits = k - serialStart
        // A serial with a leading zero is a problem the slow path words.
        guard digits >= 1, digits <= 18, digits == 1 || b[serialStart] != 0x30 else { return nil }
        return (agencyEnd, year, serial)
    }

    init(kind: Kind, problems: [String], corrected: String?, canonical: String) {
        self.kind = kind
        self.problems = problems
        self.corrected = corrected
        self.canonical = canonical
    }

    /// The same number with another year (`示政办发〔2024〕3号` → `示政办发〔2025〕3号`).
    public func withYear(_ year: Int) -> String? {
        guard case .yearBracket(let agency, _, let serial) = kind else { return nil }
        return "\(agency)〔\(year)〕\(serial)号"
    }
}
