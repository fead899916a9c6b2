import Foundation

/// 索引号 must match the catalogue's `index_no_pattern` (default `^[0-9A-Z]{18}/\d{4}-\d{5}$`).
/// Uniqueness is the linker's (`meta.index-no-duplicate`).
public struct IndexNumberFormatRule: ContentRule, DocumentRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] { TextScan.check(self, input) }

    /// Reads the document's 索引号 and the catalogue's pattern.
    func scanner(_ input: CheckInput) -> TextScanner {
        let settings = input.settings
        let rule = RuleRegistry.info(.indexNumberFormat)
        let patternText = settings.indexNoPatternText
        let isDefault = patternText == CheckSettings.defaultIndexNoPattern
        let pattern = settings.indexNoPattern
        return .document { d in
            let raw = d.indexNo.rawValue
            // The default pattern checked on the bytes first: a number made of ASCII matches it
            // exactly when this says so; anything else (other digits, other lengths) asks the
            // expression, as before.
            if isDefault && Self.matchesDefaultPattern(raw) { return [] }
            let ns = raw as NSString
            if let m = pattern.firstMatch(in: raw, range: NSRange(location: 0, length: ns.length)),
                m.range.location == 0, m.range.length == ns.length
            {
                return []
            }
            var suggestion = "索引号格式为“\(patternText)”"
            if isDefault {
                suggestion = "索引号由 18 位机构代码、“/”、4 位年份、“-”和 5 位序号组成，例如 \(Field.indexNo.example)"
                if let fixed = Self.guess(raw), fixed != raw,
                    pattern.firstMatch(in: fixed, range: NSRange(location: 0, length: (fixed as NSString).length)) != nil
                {
                    suggestion += "；本文件应为 index_no: \(fixed)"
                }
            }
            return [rule.at(d.location(of: .indexNo), "索引号“\(raw)”格式不符合要求。", suggestion: suggestion + "。")]
        }
    }

    /// `^[0-9A-Z]{18}/[0-9]{4}-[0-9]{5}$` on the UTF-8 bytes (the ASCII subset of the default pattern).
    static func matchesDefaultPattern(_ raw: String) -> Bool {
        var raw = raw
        return raw.withUTF8 { b in
            guard b.count == 29, b[18] == UInt8(ascii: "/"), b[23] == UInt8(ascii: "-") else { return false }
            for k in 0..<18 {
                let c = b[k]
                guard (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) else { return false }
            }
            for k in 19..<23 where !(b[k] >= 0x30 && b[k] <= 0x39) { return false }
            for k in 24..<29 where !(b[k] >= 0x30 && b[k] <= 0x39) { return false }
            return true
        }
    }

    /// Upper-cases the agency code and pads the serial: `11999900mb0000001x/2025-12` → `…X/2025-00012`.
    static func guess(_ raw: String) -> String? {
        let parts = raw.split(separator: "/")
        guard parts.count == 2 else { return nil }
        let yearSerial = parts[1].split(separator: "-")
        guard yearSerial.count == 2, yearSerial[0].count == 4, yearSerial[1].count <= 5, let serial = Int(yearSerial[1]) else { return nil }
        let padded = String(repeating: "0", count: 5 - String(serial).count) + String(serial)
        return parts[0].uppercased() + "/" + yearSerial[0] + "-" + padded
    }
}

/// 发文字号: its shape (`机关代字〔年份〕序号号` or `……令第N号`), its year against 成文日期, and
/// duplicates across the portal. Shape and year are the document's own (remembered per file);
/// duplicates are looked for across all documents in every build.
public struct DocumentNumberRule: ContentRule, DocumentRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] { TextScan.check(self, input) }

    /// The shape and the year: the document alone.
    func scanner(_ input: CheckInput) -> TextScanner {
        .document { d in
            guard let raw = d.docNo?.rawValue else { return [] }
            let shape = DocumentNumberShape(raw, writtenYear: d.written?.year)
            var out: [Diagnostic] = []
            let at = d.location(of: .docNo)
            switch shape.kind {
            case .unrecognised:
                out.append(RuleRegistry.info(.docNoFormat).at(at, "发文字号“\(raw)”的格式无法识别。",
                    suggestion: "发文字号写成“机关代字〔年份〕序号号”，如 \(Field.docNo.example)；政府规章写成“示例市人民政府令第1号”。"))
            default:
                if let corrected = shape.corrected {
                    out.append(RuleRegistry.info(.docNoFormat).at(at, "发文字号“\(raw)”不规范：\(shape.problems.joined(separator: "；"))。",
                        suggestion: "改为 doc_no: \(corrected)"))
                }
            }
            if case .yearBracket(_, let year, _) = shape.kind, let written = d.written, written.year != year {
                out.append(RuleRegistry.info(.docNoYear).at(at, "发文字号“\(raw)”中的年份 \(year) 与成文日期 \(written.iso) 的年份不一致。",
                    suggestion: "若成文日期无误，改为 doc_no: \(shape.withYear(written.year)!)；否则更正成文日期（written）。"))
            }
            return out
        }
    }

    /// In path order, each document's own findings, then whether one earlier in path order has the
    /// same number. Only the documents with something to report are put in path order: those with
    /// findings of their own and those sharing a number (most have neither).
    func gather(leading: [Diagnostic], found: DocumentFindings, _ input: CheckInput) -> [Diagnostic] {
        var out = leading
        let documents = input.model.documents
        let canonical = Parallel.map(documents.count, grain: 1024) { k in
            documents[k].docNo.map { DocumentNumberShape.canonical($0.rawValue, writtenYear: documents[k].written?.year) }
        }
        // Per number, the document first in path order, and whether another has it too.
        var first: [String: (document: Int, shared: Bool)] = [:]
        first.reserveCapacity(documents.count)
        var reported: [Int] = []
        for k in documents.indices {
            if !found[k].isEmpty { reported.append(k) }
            guard let c = canonical[k] else { continue }
            if let e = first[c] {
                let earlier = documents[k].displayPath < documents[e.document].displayPath ? k : e.document
                first[c] = (earlier, true)
            } else {
                first[c] = (k, false)
            }
        }
        for k in documents.indices where found[k].isEmpty {
            if let c = canonical[k], first[c]!.shared { reported.append(k) }
        }
        reported.sort { documents[$0].displayPath < documents[$1].displayPath }
        for k in reported {
            out += found[k]
            let d = documents[k]
            guard let raw = d.docNo?.rawValue, let c = canonical[k], let e = first[c], e.shared, e.document != k else { continue }
            let earlier = documents[e.document]
            out.append(RuleRegistry.info(.docNoDuplicate).at(d.location(of: .docNo),
                "发文字号“\(raw)”与 \(earlier.displayPath):\(earlier.location(of: .docNo).line)（\(earlier.title)）重复。",
                suggestion: "同一发文字号只对应一份文件。请核对两份文件的发文字号，或确认是否重复发布了同一文件。"))
        }
        return out
    }
}

/// 成文日期 ≤ 发布日期, 施行日期 ≤ 有效期至.
public struct DateOrderRule: ContentRule, DocumentRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] { TextScan.check(self, input) }

    /// Reads the document's dates only.
    func scanner(_ input: CheckInput) -> TextScanner {
        .document { d in
            var out: [Diagnostic] = []
            if let w = d.written, w > d.published {
                out.append(RuleRegistry.info(.writtenAfterPublished).at(d.location(of: .written),
                    "成文日期 \(w.iso) 晚于发布日期 \(d.published.iso)。",
                    suggestion: "文件成文后才能发布：核对 written 和 published 两个日期。"))
            }
            if let e = d.effective, let x = d.expires, e > x {
                out.append(RuleRegistry.info(.effectiveAfterExpires).at(d.location(of: .expires),
                    "有效期至 \(x.iso) 早于施行日期 \(e.iso)。",
                    suggestion: "核对 effective 和 expires 两个日期（有效期应从施行日期起算）。"))
            }
            return out
        }
    }
}
