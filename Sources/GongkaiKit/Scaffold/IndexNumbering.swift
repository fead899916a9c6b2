/// The parts of a 索引号 as gongkai numbers them: `<机构代码>/<年份>-<流水号>`
/// (`11999900MB0000001X/2025-00012`).
public struct IndexNumberParts: Hashable, Sendable {
    public var agencyCode: String
    public var year: Int
    public var serial: Int
    /// Digits of the serial as written (`00012` → 5); new numbers keep the width in use.
    public var width: Int

    public init(agencyCode: String, year: Int, serial: Int, width: Int = 5) {
        self.agencyCode = agencyCode
        self.year = year
        self.serial = serial
        self.width = width
    }

    /// nil for index numbers written in another scheme (they are left alone by numbering).
    public init?(_ indexNo: String) {
        let halves = indexNo.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2, !halves[0].isEmpty else { return nil }
        let tail = halves[1].split(separator: "-", omittingEmptySubsequences: false)
        guard tail.count == 2, tail[0].utf8.count == 4, !tail[1].isEmpty,
            tail[0].utf8.allSatisfy({ (0x30...0x39).contains($0) }), tail[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let year = Int(tail[0]), let serial = Int(tail[1])
        else { return nil }
        self.init(agencyCode: String(halves[0]), year: year, serial: serial, width: tail[1].utf8.count)
    }

    /// `2025-00012`: the part after the agency code, also the default file name.
    public var yearAndSerial: String {
        let digits = String(serial)
        return "\(year)-" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    public var indexNo: IndexNumber { IndexNumber(rawValue: "\(agencyCode)/\(yearAndSerial)") }
}

/// Chooses the next 索引号 for an agency and a year.
///
/// The next number is one more than the highest serial the agency has used that year. Gaps are not
/// filled: a missing serial may belong to a document that was withdrawn or to one numbered on paper
/// but not yet published, and reusing it would give two documents the same number over time.
/// A new year starts again at 1.
public enum IndexNumbering {
    public static func next(agencyCode: String, year: Int, existing: [String]) -> IndexNumberParts {
        var highest = 0
        var width = 5
        for raw in existing {
            guard let p = IndexNumberParts(raw), p.agencyCode == agencyCode, p.year == year else { continue }
            if p.serial > highest {
                highest = p.serial
                width = max(5, p.width)
            }
        }
        return IndexNumberParts(agencyCode: agencyCode, year: year, serial: highest + 1, width: width)
    }

    /// The agency code most used by documents of `issuer` (ties: the smallest code, for a stable answer).
    public static func agencyCode(ofIssuer issuer: String, in entries: [ScannedDocument]) -> String? {
        var counts: [String: Int] = [:]
        for e in entries where e.issuer == issuer {
            guard let raw = e.indexNo, let p = IndexNumberParts(raw) else { continue }
            counts[p.agencyCode, default: 0] += 1
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key
    }
}

/// What the scaffolder needs to know about a file that is already there, read leniently: a file
/// that does not decode yet (a fresh scaffold with empty fields) still holds its 索引号.
public struct ScannedDocument: Sendable, Hashable {
    public var contentPath: String
    public var indexNo: String?
    public var issuer: String?
    public var title: String?
    public var category: String?
}

public enum ContentScanner {
    public static func scan(_ source: ContentSource) -> [ScannedDocument] {
        source.documents.map(scan)
    }

    static func scan(_ file: SourceFile) -> ScannedDocument {
        var entry = ScannedDocument(contentPath: file.contentPath)
        guard case .success(let text) = TextDecoding.decode(file.bytes),
            case .success(let fm) = FrontMatter.split(text)
        else { return entry }
        let reader = YAMLReader(file: file.displayPath, lineOffset: 0)
        if case (let root?, nil) = reader.compose(fm.yaml), case .mapping(let mapping) = root {
            for (k, v) in mapping {
                let value = YAMLReader.text(v)?.trimmingCharacters(in: .whitespaces)
                switch YAMLReader.text(k) {
                case "index_no": entry.indexNo = value
                case "issuer": entry.issuer = value
                case "title": entry.title = value
                case "category": entry.category = value
                default: break
                }
            }
            return entry
        }
        // YAML that does not parse: still find a line `index_no: …` so its number is not given out twice.
        for line in fm.yaml.split(separator: "\n") where line.hasPrefix("index_no:") {
            var value = line.dropFirst("index_no:".count)
            if let hash = value.range(of: " #") { value = value[..<hash.lowerBound] }
            let trimmed = value.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if !trimmed.isEmpty { entry.indexNo = trimmed }
        }
        return entry
    }
}

import Foundation
