/// A line chart of series over ordered categories (the months 1月…12月): this year against last year, 転入 and
/// 転出. Missing values (months not yet published) break the line; they are never drawn as zero.
///
/// ```swift
/// let chart = LineChart(title: "熊本県の月別転出入", categories: (1...12).map { "\($0)月" }, series: [
///   .init(name: "転出 R7年", values: [385, 364, 1_993, nil, …], color: ChartStyle.Palette.outflow),
///   .init(name: "転出 R6年", values: […], color: ChartStyle.Palette.outflowLastYear, dashed: true),
/// ])
/// ```
///
/// Every point is a `<circle class="point">` with `data-series`, `data-category` and `data-value`.
public struct LineChart: Sendable {
  public struct Series: Sendable, Equatable {
    public var name: String
    public var values: [Double?]
    public var color: String
    public var dashed: Bool

    public init(name: String, values: [Double?], color: String, dashed: Bool = false) {
      self.name = name
      self.values = values
      self.color = color
      self.dashed = dashed
    }
  }

  public var title: String
  public var subtitle: String?
  public var categories: [String]
  public var series: [Series]
  public var unit = "人"
  public var notes: [String] = []
  public var style = ChartStyle()
  /// Whether the value axis starts at 0 (the honest default for counts).
  public var includesZero = true

  public init(title: String, subtitle: String? = nil, categories: [String], series: [Series]) {
    self.title = title
    self.subtitle = subtitle
    self.categories = categories
    self.series = series
  }

  /// The chart as an SVG document.
  /// - Complexity: O(categories × series).
  public func svg() -> SVGDocument {
    let all = series.flatMap { $0.values.compactMap { $0 } }
    let ticks = AxisTicks(covering: (all.min() ?? 0)...(all.max() ?? 1), count: 6, includingZero: includesZero)
    let legend = series.map { LegendEntry($0.name, .line(color: $0.color, dashed: $0.dashed)) }
    let frame = ChartFrame(
      style: style, title: title, subtitle: subtitle, legend: legend, unit: unit, notes: notes,
      categories: categories, categoryNotes: [:], ticks: ticks, labelRoom: 4)
    var lines = SVGElement("g", ["class": "lines"])
    var points = SVGElement("g", ["class": "points"])
    for s in series {
      var segment: [String] = []
      func flush() {
        if segment.count > 1 {
          lines.append(SVGElement(
            "polyline",
            ["class": "line", "data-series": s.name, "points": segment.joined(separator: " "), "fill": "none",
             "stroke": s.color, "stroke-width": "2.2", "stroke-dasharray": s.dashed ? "6 4" : "none",
             "stroke-linejoin": "round"]))
        }
        segment = []
      }
      for (ci, value) in s.values.enumerated() where ci < categories.count {
        guard let v = value else {
          flush()
          continue
        }
        let x = frame.bandCenter(ci), y = frame.y(v)
        segment.append("\(SVG.number(x)),\(SVG.number(y))")
        points.append(SVGElement(
          "circle",
          ["class": "point", "cx": SVG.number(x), "cy": SVG.number(y), "r": s.dashed ? "2.5" : "3.5",
           "fill": s.dashed ? "#ffffff" : s.color, "stroke": s.color, "stroke-width": "1.5",
           "data-series": s.name, "data-category": categories[ci], "data-value": SVG.number(v)]))
      }
      flush()
    }
    return frame.document(plot: [lines, points], patterns: frame.patterns)
  }
}
