/// A horizontal bar chart as inline SVG, drawn at build time. It is an image with a title and a
/// description for screen readers (`role="img"`); every number it shows is also in a table next to it.
public struct BarChart: Sendable {
    public struct Bar: Sendable {
        public var label: String
        /// 0…1000 (tenths of a percent of the scale), nil for “no data”.
        public var permille: Int?
        public var valueText: String

        public init(label: String, permille: Int?, valueText: String) {
            self.label = label
            self.permille = permille
            self.valueText = valueText
        }
    }

    public var id: String
    public var title: String
    public var description: String
    public var bars: [Bar]

    public init(id: String, title: String, description: String, bars: [Bar]) {
        self.id = id
        self.title = title
        self.description = description
        self.bars = bars
    }

    /// The SVG element; every text from content is escaped.
    public var svg: String {
        let labelWidth = 260, barWidth = 320, valueWidth = 90, rowHeight = 28, top = 8
        let width = labelWidth + barWidth + valueWidth
        let height = top * 2 + max(1, bars.count) * rowHeight
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar-chart\" role=\"img\" width=\"\(width)\" height=\"\(height)\" "
        s += "viewBox=\"0 0 \(width) \(height)\" aria-labelledby=\"\(id)-title \(id)-desc\">"
        s += "<title id=\"\(id)-title\">\(HTML.escape(title))</title>"
        s += "<desc id=\"\(id)-desc\">\(HTML.escape(description))</desc>"
        for (i, bar) in bars.enumerated() {
            let y = top + i * rowHeight
            let length = (bar.permille ?? 0) * barWidth / 1000
            s += "<g>"
            s += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 18)\" text-anchor=\"end\" font-size=\"13\">\(HTML.escape(Self.shorten(bar.label)))</text>"
            s += "<rect x=\"\(labelWidth)\" y=\"\(y + 5)\" width=\"\(barWidth)\" height=\"18\" fill=\"#eef1f5\"/>"
            if length > 0 { s += "<rect x=\"\(labelWidth)\" y=\"\(y + 5)\" width=\"\(length)\" height=\"18\" fill=\"#b3261e\"/>" }
            s += "<text x=\"\(labelWidth + barWidth + 8)\" y=\"\(y + 18)\" font-size=\"13\">\(HTML.escape(bar.valueText))</text>"
            s += "</g>"
        }
        s += "</svg>"
        return s
    }

    /// Long issuer names are cut to fit the label column (the table beside shows them in full).
    static func shorten(_ s: String) -> String { s.count > 18 ? String(s.prefix(17)) + "…" : s }
}
