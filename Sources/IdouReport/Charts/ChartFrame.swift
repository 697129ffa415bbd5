/// The parts every chart shares, laid out top to bottom without overlap: title, subtitle, legend, the unit above
/// the value axis, the plot with grid lines and round ticks, category labels, notes, and the source line of the
/// inputs (``ChartStyle/source``).
struct ChartFrame {
  var style: ChartStyle
  var title: String
  var subtitle: String?
  var legend: [LegendEntry]
  var unit: String
  var notes: [String]
  var categories: [String]
  /// Second lines under some category labels (「推計」 under the projected year).
  var categoryNotes: [Int: String]
  var ticks: AxisTicks
  /// Room kept above and below the plot for value labels that stand beyond the longest bars.
  var labelRoom: Double

  // Computed by `layout()`.
  var plotLeft = 0.0, plotRight = 0.0, plotTop = 0.0, plotBottom = 0.0
  var categoryLabelSize = 12.0
  var patterns = HatchPatterns()
  var header: [SVGElement] = []

  init(style: ChartStyle, title: String, subtitle: String?, legend: [LegendEntry], unit: String, notes: [String],
       categories: [String], categoryNotes: [Int: String], ticks: AxisTicks, labelRoom: Double) {
    self.style = style
    self.title = title
    self.subtitle = subtitle
    self.legend = legend
    self.unit = unit
    self.notes = notes
    self.categories = categories
    self.categoryNotes = categoryNotes
    self.ticks = ticks
    self.labelRoom = labelRoom
    layout()
  }

  /// The y coordinate of a value.
  func y(_ v: Double) -> Double {
    plotTop + (ticks.upper - v) / (ticks.upper - ticks.lower) * (plotBottom - plotTop)
  }

  /// The width of one category's band and the x of its left edge.
  var band: Double { (plotRight - plotLeft) / Double(max(1, categories.count)) }
  func bandLeft(_ i: Int) -> Double { plotLeft + Double(i) * band }
  func bandCenter(_ i: Int) -> Double { bandLeft(i) + band / 2 }

  func tickLabel(_ v: Double) -> String { style.label(v) }

  private mutating func layout() {
    let s = style
    var y = 14.0 + s.titleSize
    header.append(SVGElement(
      "text",
      ["class": "title", "x": "16", "y": SVG.number(y), "font-size": SVG.number(s.titleSize),
       "font-weight": "bold", "fill": s.ink],
      text: title))
    if let subtitle {
      y += s.smallSize + 8
      header.append(SVGElement(
        "text",
        ["class": "subtitle", "x": "16", "y": SVG.number(y), "font-size": SVG.number(s.smallSize), "fill": "#555555"],
        text: subtitle))
    }
    y += 10
    let legendOut = LegendLayout.render(legend, x: 16, y: y, maxWidth: s.width - 32, style: s, patterns: &patterns)
    header.append(contentsOf: legendOut.elements)
    y += legendOut.height + 6
    // The unit sits above the tick labels.
    y += s.smallSize
    header.append(SVGElement(
      "text",
      ["class": "unit", "x": "16", "y": SVG.number(y), "font-size": SVG.number(s.smallSize), "fill": "#555555"],
      text: "（\(unit)）"))
    plotTop = y + 6 + labelRoom

    let tickWidth = ticks.values.map { TextMetrics.width(tickLabel($0), size: s.smallSize) }.max() ?? 0
    plotLeft = 16 + max(tickWidth, TextMetrics.width("（\(unit)）", size: s.smallSize) - 8) + 8
    plotRight = s.width - 16

    // Category labels shrink to fit their band.
    let band = (plotRight - plotLeft) / Double(max(1, categories.count))
    let widest = categories.map { TextMetrics.width($0, size: 1) }.max() ?? 1
    categoryLabelSize = min(s.labelSize, max(8, (band - 4) / max(widest, 0.1)))

    var bottom = s.height - 10  // source line baseline
    bottom -= Double(notes.count) * (s.smallSize + 4)
    bottom -= s.smallSize + 8  // gap above the notes and source
    let categoryLines = categoryNotes.isEmpty ? 1.0 : 2.0
    bottom -= categoryLines * (categoryLabelSize + 4)
    plotBottom = bottom - labelRoom - 4
  }

  /// Grid lines, tick labels and the zero line.
  func axes() -> [SVGElement] {
    var g = SVGElement("g", ["class": "axis"])
    for v in ticks.values {
      let yy = y(v)
      g.append(SVGElement(
        "line",
        ["x1": SVG.number(plotLeft), "y1": SVG.number(yy), "x2": SVG.number(plotRight), "y2": SVG.number(yy),
         "stroke": v == 0 ? style.axis : style.grid, "stroke-width": v == 0 ? "1.2" : "1"]))
      g.append(SVGElement(
        "text",
        ["class": "tick", "x": SVG.number(plotLeft - 6), "y": SVG.number(yy + style.smallSize * 0.35),
         "font-size": SVG.number(style.smallSize), "text-anchor": "end", "fill": "#444444", "data-value": SVG.number(v)],
        text: tickLabel(v)))
    }
    return [g]
  }

  /// Category labels under the plot (below the room for labels of negative bars).
  func categoryLabels() -> [SVGElement] {
    var g = SVGElement("g", ["class": "categories"])
    let base = plotBottom + labelRoom + 4 + categoryLabelSize
    for (i, c) in categories.enumerated() {
      g.append(SVGElement(
        "text",
        ["x": SVG.number(bandCenter(i)), "y": SVG.number(base), "font-size": SVG.number(categoryLabelSize),
         "text-anchor": "middle", "fill": style.ink],
        text: c))
      if let note = categoryNotes[i] {
        g.append(SVGElement(
          "text",
          ["class": "category-note", "x": SVG.number(bandCenter(i)), "y": SVG.number(base + categoryLabelSize + 4),
           "font-size": SVG.number(categoryLabelSize), "text-anchor": "middle", "fill": "#555555",
           "font-weight": "bold"],
          text: note))
      }
    }
    return [g]
  }

  /// Notes and the source line at the bottom left.
  func footer() -> [SVGElement] {
    var out: [SVGElement] = []
    var y = style.height - 10
    if let source = style.source {
      out.append(SVGElement(
        "text",
        ["class": "source", "x": "16", "y": SVG.number(y), "font-size": SVG.number(style.smallSize), "fill": "#555555"],
        text: source))
    }
    for n in notes.reversed() {
      y -= style.smallSize + 4
      out.append(SVGElement(
        "text",
        ["class": "note", "x": "16", "y": SVG.number(y), "font-size": SVG.number(style.smallSize), "fill": "#555555"],
        text: n))
    }
    return out
  }

  /// The document: background, defs (hatch patterns), header, axes, `plot`, category labels, footer.
  func document(plot: [SVGElement], patterns extra: HatchPatterns) -> SVGDocument {
    var doc = SVGDocument(width: style.width, height: style.height, title: title, fontFamily: style.fontFamily)
    if !extra.colors.isEmpty { doc.append(extra.defs) }
    doc.append(SVGElement("rect", ["width": "100%", "height": "100%", "fill": "#ffffff"]))
    doc.append(contentsOf: header)
    doc.append(contentsOf: axes())
    doc.append(contentsOf: plot)
    doc.append(contentsOf: categoryLabels())
    doc.append(contentsOf: footer())
    return doc
  }
}
