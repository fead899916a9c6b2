/// What a rule looks at: the linked model, the content as loaded, and the Markdown renderer (the
/// link rules read headings and links from the rendered bodies).
public struct CheckInput: Sendable {
    public let model: SiteModel
    public let source: ContentSource
    public let renderer: any MarkdownRendering
    /// With a build cache: the document rules' findings for documents unchanged since the last build.
    var textScanReuse: TextScanReuse? = nil

    public init(model: SiteModel, source: ContentSource, renderer: any MarkdownRendering = CMarkGFMRenderer()) {
        self.model = model
        self.source = source
        self.renderer = renderer
    }

    /// The `checks:` settings of the catalogue, read with their defaults.
    public var settings: CheckSettings { CheckSettings(self) }
}

/// A content rule: looks at the whole site, reports diagnostics. Rules are pure functions of their
/// input; severity overrides and waivers are applied by the runner, never by a rule.
public protocol ContentRule: Sendable {
    func check(_ input: CheckInput) -> [Diagnostic]
}

/// A finding a document waived for itself, with the reason it gave (listed in reports).
public struct WaivedFinding: Sendable, Hashable {
    public var diagnostic: Diagnostic
    public var reason: String
}

public struct CheckResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var waived: [WaivedFinding]
}

/// Runs every rule, then applies the catalogue's severity settings and the documents' waivers.
public struct CheckRunner: Sendable {
    public var rules: [any ContentRule]

    public init(rules: [any ContentRule] = CheckRunner.standardRules) {
        self.rules = rules
    }

    /// The rules every build runs.
    public static let standardRules: [any ContentRule] = [
        InterpretationTargetRule(), InterpretationPresenceRule(), InterpretationTimingRule(), InterpretationFieldsRule(),
        RevisionRule(), RepealRule(),
        CheckSettingsRule(), RuleCodesRule(),
        IndexNumberFormatRule(), DocumentNumberRule(), DateOrderRule(),
        DeadlineRule(),
        PersonalDataRule(), SecrecyRule(), WordingRule(),
        LinkRule(),
        CatalogueCoverageRule(), StaleItemsRule(),
        ScaffoldPlaceholderRule(),
    ]

    public func run(_ input: CheckInput) -> CheckResult {
        // Rules are independent pure functions of the input: run them side by side, then gather
        // their findings in rule order.
        // The rules that look at one document at a time run together (each document visited once,
        // its text split once, see `TextScan`), as the first item since they take longest.
        let rules = self.rules
        let documentRules = rules.indices.filter { rules[$0] is any DocumentRule }
        let results = Parallel.map(rules.count + 1, grain: 1) { k -> [[Diagnostic]] in
            if k == 0 { return TextScan.run(documentRules.map { rules[$0] as! any DocumentRule }, input) }
            return rules[k - 1] is any DocumentRule ? [] : [rules[k - 1].check(input)]
        }
        var found: [Diagnostic] = []
        for (r, rule) in rules.enumerated() {
            if rule is any DocumentRule {
                found += results[0][documentRules.firstIndex(of: r)!]
            } else {
                found += results[r + 1][0]
            }
        }
        return Self.settle(found, model: input.model)
    }

    /// Applies `rules:` from the catalogue (new severity, or off) and each document's `waive:`.
    public static func settle(_ found: [Diagnostic], model: SiteModel) -> CheckResult {
        var waiversByFile: [String: [Waiver]] = [:]
        for d in model.documents where !d.waivers.isEmpty { waiversByFile[d.displayPath] = d.waivers }
        var kept: [Diagnostic] = []
        var waived: [WaivedFinding] = []
        for var d in found {
            switch model.catalogue.ruleSeverities[d.code] {
            case .off?: continue
            case .severity(let s)?: d.severity = s
            case nil: break
            }
            if let w = waiversByFile[d.location.file]?.first(where: { $0.code == d.code }) {
                waived.append(WaivedFinding(diagnostic: d, reason: w.reason))
                continue
            }
            kept.append(d)
        }
        return CheckResult(diagnostics: kept, waived: waived)
    }
}
