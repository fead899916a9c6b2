/// `interprets` must name existing documents that are not interpretations themselves
/// (`interp.unknown-target`, `interp.target-is-interpretation`).
public struct InterpretationTargetRule: ContentRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] {
        let model = input.model
        var found: [Diagnostic] = []
        for (i, d) in model.documents.enumerated() {
            for target in d.interprets {
                let at = d.location(of: .interprets)
                guard let t = model.byIndexNo[target] else {
                    found.append(.error(
                        .interpretationUnknownTarget, at: at,
                        "解读对象“\(target)”不存在：没有文件使用这个索引号。",
                        suggestion: LinkageText.indexSuggestion(target, model: model)))
                    continue
                }
                if t == i {
                    found.append(.error(
                        .interpretationTargetIsInterpretation, at: at,
                        "解读对象“\(target)”是本文件自身。",
                        suggestion: "interprets 应填写被解读的政策文件的索引号。"))
                } else if model[t].isInterpretation {
                    found.append(.error(
                        .interpretationTargetIsInterpretation, at: at,
                        "解读对象“\(target)”（\(LinkageText.describe(model[t], .indexNo))）本身是一篇政策解读，不能作为解读对象。",
                        suggestion: "interprets 应填写被解读的政策文件的索引号；该解读所解读的文件是 \(model[t].interprets.map(\.rawValue).joined(separator: "、"))。"))
                }
            }
        }
        return found
    }
}

/// Every document of a category whose catalogue entry says `interpretation: required` needs at
/// least one interpretation (`interp.missing`, error); `recommended` gives a warning
/// (`interp.recommended-missing`). Interpretations themselves are not asked for one.
public struct InterpretationPresenceRule: ContentRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] {
        let model = input.model
        var found: [Diagnostic] = []
        for (i, d) in model.documents.enumerated() where !d.isInterpretation && model.interpretations[i].isEmpty {
            // Most categories ask for no interpretation: no words made for their documents.
            let policy = model.interpretationPolicy(of: i)
            if policy == .none { continue }
            let categoryName = model.catalogue[d.category]?.name ?? d.category.dotted
            let suggestion = "发布解读并在解读的 interprets 中填写本文件的索引号“\(d.indexNo)”；确实无需解读的，在本文件中写 waive: {%@: 理由}。"
            switch policy {
            case .required:
                found.append(.error(
                    .interpretationMissing, at: d.location(of: .category),
                    "“\(categoryName)”栏目的文件须同步发布政策解读，但没有解读关联到本文件。",
                    suggestion: suggestion.replacingOccurrences(of: "%@", with: DiagnosticCode.interpretationMissing.rawValue)))
            case .recommended:
                found.append(.warning(
                    .interpretationRecommendedMissing, at: d.location(of: .category),
                    "“\(categoryName)”栏目的文件宜发布政策解读，但没有解读关联到本文件。",
                    suggestion: suggestion.replacingOccurrences(of: "%@", with: DiagnosticCode.interpretationRecommendedMissing.rawValue)))
            case .none:
                break
            }
        }
        return found
    }
}

/// An interpretation at stage 发布 should come out with its policy (三同步): at most
/// `interpretation_delay_days` (of the policy's category, default 0) after it (`interp.late`, warning).
public struct InterpretationTimingRule: ContentRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] {
        let model = input.model
        var found: [Diagnostic] = []
        for (i, d) in model.documents.enumerated() {
            for t in model.interpreted[i] {
                guard let days = model.daysLate(interpretation: i, of: t) else { continue }
                let allowed = model.catalogue[model[t].category]?.interpretationDelayDays ?? 0
                let allowance = allowed == 0 ? "应与政策文件同日发布" : "应在政策文件发布后 \(allowed) 日内发布"
                found.append(.warning(
                    .interpretationLate, at: d.location(of: .published),
                    "发布阶段的解读晚于政策文件 \(days) 日发布：政策文件\(LinkageText.describe(model[t], .published))发布于\(model[t].published.chinese)，本解读发布于\(d.published.chinese)。",
                    suggestion: "按照政策文件与解读同步发布的要求，\(allowance)。若发布日期填写有误请更正；若属实，可在本文件中写 waive: {interp.late: 理由}。"))
            }
        }
        return found
    }
}

/// `form` and `stage` belong to interpretations and need `interprets`; an interpretation needs
/// `form` and `stage` so readers see what kind of interpretation it is and 三同步 can be judged
/// (`interp.fields`, error).
public struct InterpretationFieldsRule: ContentRule, DocumentRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] { TextScan.check(self, input) }

    /// Reads the document's own fields only (not whether its targets exist: `InterpretationTargetRule`).
    func scanner(_ input: CheckInput) -> TextScanner {
        .document { d in
            var found: [Diagnostic] = []
            if d.isInterpretation {
                if d.form == nil {
                    found.append(.error(
                        .interpretationFields, at: d.location(of: .interprets),
                        "本文件是政策解读（填写了 interprets），但没有填写解读形式 form。",
                        suggestion: "增加一行 form: \(Field.form.example)；可选值：\(InterpretationForm.allCases.map(\.rawValue).joined(separator: "、"))。"))
                }
                if d.stage == nil {
                    found.append(.error(
                        .interpretationFields, at: d.location(of: .interprets),
                        "本文件是政策解读（填写了 interprets），但没有填写解读阶段 stage。",
                        suggestion: "增加一行 stage: \(Field.stage.example)；可选值：\(InterpretationStage.allCases.map(\.rawValue).joined(separator: "、"))（与政策文件同步发布的解读填“发布”）。"))
                }
            } else {
                for field in [Field.form, .stage] where d.fieldLocations[field] != nil {
                    found.append(.error(
                        .interpretationFields, at: d.location(of: field),
                        "填写了\(field.chineseName) \(field.rawValue)，但没有填写解读对象 interprets，本解读无法与政策文件关联展示。",
                        suggestion: "增加一行 interprets: [被解读文件的索引号]；如果本文件不是政策解读，删除 \(field.rawValue)。"))
                }
            }
            return found
        }
    }
}

/// Wording shared by the linkage rules.
enum LinkageText {
    /// `content/zcwj/gz/a.md:3《标题》`
    static func describe(_ d: Document, _ field: Field) -> String {
        "\(d.displayPath):\(d.location(of: field).line)《\(d.title)》"
    }

    /// “是否应为 …？” with the nearest existing index numbers.
    static func indexSuggestion(_ wrong: IndexNumber, model: SiteModel) -> String {
        let near = Suggestions.nearest(to: wrong.rawValue, in: model.documents.map(\.indexNo.rawValue).sorted(), limit: 2)
        if near.isEmpty { return "检查索引号是否抄写有误，或被引用的文件是否尚未录入。" }
        return "是否应为 \(Suggestions.quotedList(near))？"
    }
}
