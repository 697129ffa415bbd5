/// A bar chart of one or more series over categories (years, counterpart areas): bars grow up from 0 for
/// positive values and down below the axis for negative ones, each labelled with its value (▲ for negatives).
///
/// Categories marked as estimates (the projected year) are drawn hatched in a lighter tint with a dashed
/// outline, labelled 「推計」 under the category, and may carry an interval whisker (the backtested interval).
///
/// ```swift
/// var chart = BarChart(title: "熊本県の社会増減", categories: ["R5年", "R6年", "R7年"],
///                      series: [.init(name: "転入超過数", values: [-1_624, -2_161, -2_400])])
/// chart.estimates = [2]                      // R7年 is projected
/// chart.series[0].intervals[2] = -2_900 ... -1_900
/// let svg = chart.svg().xml
/// ```
///
/// Every bar is a `<rect class="bar">` (`class="bar estimate"` for estimates) with `data-series`,
/// `data-category` and `data-value`, so the figures can be checked from the SVG.
public struct BarChart: Sendable {
  /// One series of bars.
  public struct Series: Sendable, Equatable {
    public var name: String
    /// One value per category; `nil` draws no bar (missing, never zero).
    public var values: [Double?]
    public var color: String
    /// The colour of negative bars (by default the series colour).
    public var negativeColor: String?
    /// Intervals (low … high) by category index, drawn as whiskers.
    public var intervals: [Int: ClosedRange<Double>]

    public init(name: String, values: [Double?], color: String = ChartStyle.Palette.net, negativeColor: String? = nil,
                intervals: [Int: ClosedRange<Double>] = [:]) {
      self.name = name
      self.values = values
      self.color = color
      self.negativeColor = negativeColor
      self.intervals = intervals
    }
  }

  public var title: String
  public var subtitle: String?
  public var categories: [String]
  public var series: [Series]
  /// Indices of categories that are estimates (推計).
  public var estimates: Set<Int> = []
  /// The legend text of the estimate swatch.
  public var estimateLabel = "推計"
  /// The legend text of the interval whisker.
  public var intervalLabel = "推計の幅"
  public var unit = "人"
  public var notes: [String] = []
  public var style = ChartStyle()
  /// Show the legend even for one series (it is always shown for several, or with estimates).
  public var alwaysShowLegend = false

  public init(title: String, subtitle: String? = nil, categories: [String], series: [Series]) {
    self.title = title
    self.subtitle = subtitle
    self.categories = categories
    self.series = series
  }

  /// The chart as an SVG document.
  /// - Complexity: O(categories × series).
  public func svg() -> SVGDocument {
    var all: [Double] = []
    for s in series {
      all += s.values.compactMap { $0 }
      for r in s.intervals.values { all += [r.lowerBound, r.upperBound] }
    }
    let ticks = AxisTicks(covering: (all.min() ?? 0)...(all.max() ?? 1), count: 6)

    var legend: [LegendEntry] = []
    if series.count > 1 || alwaysShowLegend || !estimates.isEmpty {
      for s in series { legend.append(LegendEntry(s.name, .box(color: s.color, hatched: false))) }
      if !estimates.isEmpty {
        for s in series { legend.append(LegendEntry(series.count > 1 ? "\(s.name)（\(estimateLabel)）" : estimateLabel, .box(color: s.color, hatched: true))) }
      }
      if series.contains(where: { !$0.intervals.isEmpty }) {
        legend.append(LegendEntry(intervalLabel, .interval(color: style.ink)))
      }
    }
    let labelRoom = style.labelSize + 6
    var frame = ChartFrame(
      style: style, title: title, subtitle: subtitle, legend: legend, unit: unit, notes: notes,
      categories: categories, categoryNotes: Dictionary(uniqueKeysWithValues: estimates.map { ($0, "（推計）") }),
      ticks: ticks, labelRoom: labelRoom)

    let n = Double(max(1, series.count))
    let groupWidth = frame.band * (series.count > 1 ? 0.8 : 0.62)
    let slot = groupWidth / n
    let barWidth = slot * (series.count > 1 ? 0.9 : 1)
    // One label size for all bars: the widest label must fit its slot.
    let widestLabel = series.flatMap { $0.values.compactMap { $0 }.map { TextMetrics.width(style.label($0), size: 1) } }.max() ?? 1
    // Value labels stand horizontally when they fit their slot at 9 px or more; otherwise they turn to run along
    // the bar (rotated −90°), inside it when the bar is long enough, so that neighbours never overlap.
    let room = slot + (series.count > 1 ? 0 : frame.band - groupWidth) - 2
    let horizontalSize = min(style.labelSize, room / widestLabel)
    let rotated = horizontalSize < 9
    let valueSize = rotated ? max(7, min(style.labelSize, barWidth - 2)) : horizontalSize
    if rotated {
      // A rotated label outside a short bar may reach past the plot's edge: make room for it (twice, since the
      // room changes the scale a little).
      for _ in 0..<2 {
        var needed = 0.0
        for s in series {
          for (ci, value) in s.values.enumerated() where ci < categories.count && s.intervals[ci] == nil {
            guard let v = value else { continue }
            let length = TextMetrics.width(style.label(v), size: valueSize)
            let bar = abs(frame.y(v) - frame.y(0))
            guard bar < length + 8 else { continue }
            let edge = v < 0 ? frame.plotBottom - frame.y(v) : frame.y(v) - frame.plotTop
            needed = max(needed, length + 6 - edge)
          }
        }
        guard needed > frame.labelRoom else { break }
        frame = ChartFrame(
          style: style, title: title, subtitle: subtitle, legend: legend, unit: unit, notes: notes,
          categories: categories, categoryNotes: frame.categoryNotes, ticks: ticks, labelRoom: needed + 2)
      }
    }

    let zero = frame.y(0)
    var bars = SVGElement("g", ["class": "bars"])
    var labels = SVGElement("g", ["class": "value-labels"])
    var whiskers = SVGElement("g", ["class": "intervals"])
    for (si, s) in series.enumerated() {
      for (ci, value) in s.values.enumerated() where ci < categories.count {
        guard let v = value else { continue }
        let x = frame.bandLeft(ci) + (frame.band - groupWidth) / 2 + Double(si) * slot + (slot - barWidth) / 2
        let yv = frame.y(v)
        let estimate = estimates.contains(ci)
        let color = v < 0 ? (s.negativeColor ?? s.color) : s.color
        bars.append(SVGElement(
          "rect",
          [
            "class": estimate ? "bar estimate" : "bar", "x": SVG.number(x), "y": SVG.number(min(yv, zero)),
            "width": SVG.number(barWidth), "height": SVG.number(abs(zero - yv)),
            "fill": estimate ? frame.patterns.fill(for: color) : color,
            "stroke": estimate ? color : "none", "stroke-width": estimate ? "1.5" : "0",
            "stroke-dasharray": estimate ? "4 2" : "none",
            "data-series": s.name, "data-category": categories[ci], "data-value": SVG.number(v),
          ]))
        // The label stands beyond the bar's end, or beyond the whisker when that reaches further.
        var end = yv
        let center = x + barWidth / 2
        if let r = s.intervals[ci] {
          let yLow = frame.y(r.lowerBound), yHigh = frame.y(r.upperBound)
          let cap = min(barWidth * 0.4, 12)
          whiskers.append(SVGElement(
            "path",
            [
              "class": "interval", "data-category": categories[ci], "data-low": SVG.number(r.lowerBound),
              "data-high": SVG.number(r.upperBound),
              "d": "M\(SVG.number(center - cap)) \(SVG.number(yHigh))h\(SVG.number(2 * cap))M\(SVG.number(center)) \(SVG.number(yHigh))V\(SVG.number(yLow))M\(SVG.number(center - cap)) \(SVG.number(yLow))h\(SVG.number(2 * cap))",
              "stroke": style.ink, "stroke-width": "2", "fill": "none",
            ]))
          end = v < 0 ? max(yv, yLow) : min(yv, yHigh)
        }
        let text = style.label(v)
        var label = SVGElement(
          "text",
          ["class": estimate ? "value estimate" : "value", "font-size": SVG.number(valueSize), "fill": style.ink,
           "font-style": estimate ? "italic" : "normal", "data-category": categories[ci], "data-value": SVG.number(v)],
          text: text)
        if !rotated {
          label.set("x", SVG.number(center))
          label.set("y", SVG.number(v < 0 ? end + valueSize + 3 : end - 4))
          label.set("text-anchor", "middle")
          labels.append(label)
        } else {
          // Rotated −90°, text runs upwards; its glyphs sit left of the baseline, so the baseline is moved right by
          // about a third of the size to centre them on the bar. A rotated ▲ would read as ◀, so a loss's ▲ stands
          // upright in an element of its own at the start of the run (the bottom), as vertical Japanese text
          // keeps symbols upright, and the digits run on above it: the label reads ▲1,118 like the axis.
          let length = TextMetrics.width(text, size: valueSize)
          let inside = abs(zero - yv) >= length + 8 && s.intervals[ci] == nil
          let x = center + valueSize * 0.35
          // The bottom of the run (where it starts) and the colour.
          let start: Double
          if inside {
            start = v < 0 ? yv - 4 : yv + 4 + length
            if !estimate { label.set("fill", "#ffffff") }
          } else {
            start = v < 0 ? end + 4 + length : end - 4
          }
          var digitsStart = start
          if v < 0 && style.triangleNegatives {
            let triangle = TextMetrics.width("▲", size: valueSize)
            var sign = SVGElement(
              "text",
              ["class": estimate ? "value-sign estimate" : "value-sign", "font-size": SVG.number(valueSize),
               "fill": label.attribute("fill") ?? style.ink, "x": SVG.number(center + valueSize * 0.08),
               "text-anchor": "middle",
               "y": SVG.number(start - valueSize * 0.05), "data-category": categories[ci]],
              text: "▲")
            if estimate && inside { Self.halo(&sign) }
            labels.append(sign)
            digitsStart = start - triangle * 0.92
            label.children = [.text(NumberStyle.count(Int64(-v.rounded())))]
          }
          label.set("x", SVG.number(x))
          label.set("y", SVG.number(digitsStart))
          label.set("text-anchor", "start")
          label.set("transform", "rotate(-90 \(SVG.number(x)) \(SVG.number(digitsStart)))")
          if estimate && inside { Self.halo(&label) }
          labels.append(label)
        }
      }
    }
    let zeroLine = SVGElement(
      "line",
      ["class": "zero", "x1": SVG.number(frame.plotLeft), "y1": SVG.number(zero), "x2": SVG.number(frame.plotRight),
       "y2": SVG.number(zero), "stroke": style.axis, "stroke-width": "1.2"])
    return frame.document(plot: [bars, zeroLine, whiskers, labels], patterns: frame.patterns)
  }

  /// A white outline that keeps a label legible over a hatched bar.
  static func halo(_ e: inout SVGElement) {
    e.set("stroke", "#ffffff")
    e.set("stroke-width", "3")
    e.set("paint-order", "stroke")
  }
}
