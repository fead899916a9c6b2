/// Recognisers for personal numbers in text: resident identity numbers (GB 11643, ISO 7064
/// MOD 11-2 check digit), mobile numbers and bank card numbers (Luhn).
public enum PersonalData {
    public enum Kind: Equatable, Sendable {
        case idNumber, phone, bankCard
    }

    /// A number found in a text, with its position in unicode scalars.
    public struct Match: Equatable, Sendable {
        public var kind: Kind
        public var offset: Int
        public var length: Int
        /// The digits as written (separators removed).
        public var digits: String
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]
    /// First two digits of an administrative division code (provinces; 71/81/82/83 for Taiwan,
    /// Hong Kong, Macao residents' permits).
    static let provinces: Set<Int> = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
        61, 62, 63, 64, 65, 71, 81, 82, 83,
    ]

    /// The ISO 7064 MOD 11-2 check character for 17 digits.
    public static func idCheckCharacter(_ first17: String) -> Character? {
        let digits = first17.compactMap(\.wholeNumberValue)
        guard digits.count == 17, first17.count == 17 else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// An 18-character resident identity number: valid province, plausible birth date (not after
    /// `today`, not before 1900), correct check character.
    public static func isIDNumber18(_ s: String, today: CalendarDate) -> Bool {
        guard s.count == 18, let last = s.last else { return false }
        let first17 = String(s.prefix(17))
        guard first17.allSatisfy(\.isASCIIDigit), let province = Int(first17.prefix(2)), provinces.contains(province) else { return false }
        let date = Array(first17.dropFirst(6).prefix(8))
        guard let y = Int(String(date[0..<4])), let m = Int(String(date[4..<6])), let d = Int(String(date[6..<8])),
            let birth = CalendarDate(year: y, month: m, day: d), y >= 1900, birth <= today
        else { return false }
        return idCheckCharacter(first17) == Character(last.uppercased())
    }

    /// The old 15-digit form (no check digit): valid province and a plausible 19YYMMDD birth date.
    public static func isIDNumber15(_ s: String) -> Bool {
        guard s.count == 15, s.allSatisfy(\.isASCIIDigit), let province = Int(s.prefix(2)), provinces.contains(province) else { return false }
        let date = Array(s.dropFirst(6).prefix(6))
        guard let y = Int(String(date[0..<2])), let m = Int(String(date[2..<4])), let d = Int(String(date[4..<6])) else { return false }
        return CalendarDate(year: 1900 + y, month: m, day: d) != nil
    }

    public static func passesLuhn(_ digits: String) -> Bool {
        let values = digits.compactMap(\.wholeNumberValue)
        guard values.count == digits.count, values.count >= 2 else { return false }
        var sum = 0
        for (i, v) in values.reversed().enumerated() {
            if i % 2 == 1 {
                let doubled = v * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += v
            }
        }
        return sum % 10 == 0
    }

    /// 16–19 digits, Luhn-valid, with a prefix card schemes issue in China (UnionPay 62, Visa 4,
    /// Mastercard 51–55, JCB 35, older domestic 60 and 95).
    public static func isBankCard(_ digits: String) -> Bool {
        guard (16...19).contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else { return false }
        let two = Int(digits.prefix(2)) ?? 0
        let plausible = digits.hasPrefix("4") || two == 62 || two == 60 || two == 95 || two == 35 || (51...55).contains(two)
        return plausible && passesLuhn(digits)
    }

    public static func isMobile(_ digits: String) -> Bool {
        let u = Array(digits.utf8)
        return u.count == 11 && u[0] == UInt8(ascii: "1") && (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(u[1])
            && digits.allSatisfy(\.isASCIIDigit)
    }

    /// `3701**********1234`: the first and last four characters kept (a phone keeps three and four).
    public static func mask(_ digits: String, kind: Kind) -> String {
        let keepFront = kind == .phone ? 3 : 4
        let keepBack = 4
        guard digits.count > keepFront + keepBack else { return String(repeating: "*", count: digits.count) }
        return String(digits.prefix(keepFront)) + String(repeating: "*", count: digits.count - keepFront - keepBack) + String(digits.suffix(keepBack))
    }

    /// Every personal number in `s`. A token is a maximal run of ASCII letters and digits: numbers
    /// inside longer runs (索引号 `11999900MB0000001X/…`, codes) never match; a token touching `/`
    /// (part of an 索引号 or a path) is skipped. Phones may be grouped `138-1234-5678` or
    /// `138 1234 5678`, bank cards in groups of four separated by spaces.
    public static func find(in s: [Unicode.Scalar], today: CalendarDate) -> [Match] {
        var tokens: [(start: Int, end: Int)] = []
        var i = 0
        while i < s.count {
            if Scalars.isASCIIAlphanumeric(s[i]) {
                var j = i
                while j < s.count && Scalars.isASCIIAlphanumeric(s[j]) { j += 1 }
                tokens.append((i, j))
                i = j
            } else {
                i += 1
            }
        }
        func text(_ t: (start: Int, end: Int)) -> String { String(String.UnicodeScalarView(s[t.start..<t.end])) }
        func touchesSlash(_ start: Int, _ end: Int) -> Bool {
            (start > 0 && s[start - 1] == "/") || (end < s.count && s[end] == "/")
        }
        func isDigits(_ t: (start: Int, end: Int)) -> Bool { s[t.start..<t.end].allSatisfy(Scalars.isASCIIDigit) }

        var out: [Match] = []
        var k = 0
        while k < tokens.count {
            let t = tokens[k]
            // Groups joined by one separator: 138-1234-5678, 138 1234 5678, 6222 0212 3456 7890.
            var group = [t]
            var sep: Unicode.Scalar? = nil
            while isDigits(group.last!), k + group.count < tokens.count {
                let next = tokens[k + group.count]
                let gap = next.start - group.last!.end
                guard gap == 1, isDigits(next) else { break }
                let c = s[group.last!.end]
                guard c == " " || c == "-", sep == nil || sep == c else { break }
                sep = c
                group.append(next)
            }
            if group.count > 1 {
                let joined = group.map(text).joined()
                let lengths = group.map { $0.end - $0.start }
                let start = group.first!.start, end = group.last!.end
                if !touchesSlash(start, end) {
                    if lengths == [3, 4, 4], isMobile(joined) {
                        out.append(Match(kind: .phone, offset: start, length: end - start, digits: joined))
                        k += group.count
                        continue
                    }
                    if sep == " ", lengths.dropLast().allSatisfy({ $0 == 4 }), (1...4).contains(lengths.last!), isBankCard(joined) {
                        out.append(Match(kind: .bankCard, offset: start, length: end - start, digits: joined))
                        k += group.count
                        continue
                    }
                }
            }
            k += 1
            let length = t.end - t.start
            guard !touchesSlash(t.start, t.end), length == 11 || length == 13 || length >= 15 && length <= 19 else { continue }
            let word = text(t)
            if length == 18, isIDNumber18(word, today: today) {
                out.append(Match(kind: .idNumber, offset: t.start, length: 18, digits: word.uppercased()))
            } else if length == 15, isIDNumber15(word) {
                out.append(Match(kind: .idNumber, offset: t.start, length: 15, digits: word))
            } else if length == 11, isMobile(word) {
                out.append(Match(kind: .phone, offset: t.start, length: 11, digits: word))
            } else if length == 13, word.hasPrefix("86"), t.start > 0, s[t.start - 1] == "+", isMobile(String(word.dropFirst(2))) {
                out.append(Match(kind: .phone, offset: t.start - 1, length: 14, digits: String(word.dropFirst(2))))
            } else if (16...19).contains(length), isBankCard(word) {
                out.append(Match(kind: .bankCard, offset: t.start, length: length, digits: word))
            }
        }
        return out
    }
}

/// 保密审查: resident identity numbers, mobile numbers and bank card numbers in titles, bodies and
/// attachment names. Numbers are masked in messages so the report does not spread them further.
public struct PersonalDataRule: ContentRule, TextPieceRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] { TextScan.check(self, input) }

    func scanner(_ input: CheckInput) -> TextScanner {
        let today = input.model.today
        return TextScanner { _, pieces in
            var out: [Diagnostic] = []
            for piece in pieces {
                for m in PersonalData.find(in: piece.scalars, today: today) {
                    let masked = PersonalData.mask(m.digits, kind: m.kind)
                    let at = piece.location(at: m.offset)
                    switch m.kind {
                    case .idNumber:
                        out.append(RuleRegistry.info(.piiIDNumber).at(at, "\(piece.place.chinese)出现公民身份号码（\(masked)）。",
                            suggestion: "公开前删除或隐去身份号码（如只保留前 4 位和后 4 位：\(masked)）。"))
                    case .phone:
                        out.append(RuleRegistry.info(.piiPhone).at(at, "\(piece.place.chinese)出现手机号码（\(masked)）。",
                            suggestion: "改为单位办公电话或公开的服务热线；确需公开个人手机号码的，隐去中间 4 位（\(masked)），或用 waive: {pii.phone: 理由} 说明。"))
                    case .bankCard:
                        out.append(RuleRegistry.info(.piiBankCard).at(at, "\(piece.place.chinese)出现银行卡号（\(masked)）。",
                            suggestion: "公开前删除银行卡号，或只保留后 4 位。"))
                    }
                }
            }
            return out
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
