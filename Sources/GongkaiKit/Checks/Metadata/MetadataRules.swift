import Foundation

/// 索引号 must match the catalogue's `index_no_pattern` (default `^[0-9A-Z]{18}/\d{4}-\d{5}$`).
/// Uniqueness is the linker's (`meta.index-no-duplicate`).
public struct IndexNumberFormatRule: ContentRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] {
        let settings = input.settings
        let rule = RuleRegistry.info(.indexNumberFormat)
        var out: [Diagnostic] = []
        let isDefault = settings.indexNoPatternText == CheckSettings.defaultIndexNoPattern
        for d in input.model.documents {
            let raw = d.indexNo.rawValue
            // The default pattern checked on the bytes first: a number made of ASCII matches it
            // exactly when this says so; anything else (other digits, other lengths) asks the
            // expression, as before.
            if isDefault && Self.matchesDefaultPattern(raw) { continue }
            let ns = raw as NSString
            if let m = settings.indexNoPattern.firstMatch(in: raw, range: NSRange(location: 0, length: ns.length)),
                m.range.location == 0, m.range.length == ns.length
            {
                continue
            }
            var suggestion = "索引号格式为“\(settings.indexNoPatternText)”"
            if settings.indexNoPatternText == CheckSettings.defaultIndexNoPattern {
                suggestion = "索引号由 18 位机构代码、“/”、4 位年份、“-”和 5 位序号组成，例如 \(Field.indexNo.example)"
                if let fixed = Self.guess(raw), fixed != raw,
                    settings.indexNoPattern.firstMatch(in: fixed, range: NSRange(location: 0, length: (fixed as NSString).length)) != nil
                {
                    suggestion += "；本文件应为 index_no: \(fixed)"
                }
            }
            out.append(rule.at(d.location(of: .indexNo), "索引号“\(raw)”格式不符合要求。", suggestion: suggestion + "。"))
        }
        return out
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
/// duplicates across the portal.
public struct DocumentNumberRule: ContentRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let documents = input.model.documents
        // Shapes on all cores (they are independent), then duplicates in path order.
        let shapes = Parallel.map(documents.count, grain: 256) { k in
            documents[k].docNo.map { DocumentNumberShape($0.rawValue, writtenYear: documents[k].written?.year) }
        }
        var first: [String: Int] = [:]
        first.reserveCapacity(documents.count)
        let example = Field.docNo.example
        let byPath = documents.indices.filter { shapes[$0] != nil }.sorted { documents[$0].displayPath < documents[$1].displayPath }
        for k in byPath {
            let d = documents[k]
            guard let raw = d.docNo?.rawValue, let shape = shapes[k] else { continue }
            let at = d.location(of: .docNo)
            switch shape.kind {
            case .unrecognised:
                out.append(RuleRegistry.info(.docNoFormat).at(at, "发文字号“\(raw)”的格式无法识别。",
                    suggestion: "发文字号写成“机关代字〔年份〕序号号”，如 \(example)；政府规章写成“示例市人民政府令第1号”。"))
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
            if let e = first[shape.canonical] {
                let earlier = documents[e]
                out.append(RuleRegistry.info(.docNoDuplicate).at(at,
                    "发文字号“\(raw)”与 \(earlier.displayPath):\(earlier.location(of: .docNo).line)（\(earlier.title)）重复。",
                    suggestion: "同一发文字号只对应一份文件。请核对两份文件的发文字号，或确认是否重复发布了同一文件。"))
            } else {
                first[shape.canonical] = k
            }
        }
        return out
    }
}

/// 成文日期 ≤ 发布日期, 施行日期 ≤ 有效期至.
public struct DateOrderRule: ContentRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for d in input.model.documents {
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
        }
        return out
    }
}
