/// One entry of a chart's legend: a swatch and a name.
public struct LegendEntry: Sendable, Equatable {
  public enum Swatch: Sendable, Equatable {
    /// A filled box; `hatched` for estimates.
    case box(color: String, hatched: Bool)
    /// A line segment, dashed or solid, with a point marker.
    case line(color: String, dashed: Bool)
    /// An interval whisker.
    case interval(color: String)
  }

  public var name: String
  public var swatch: Swatch

  public init(_ name: String, _ swatch: Swatch) {
    self.name = name
    self.swatch = swatch
  }
}

/// Lays out legend entries in rows from the left, wrapping at `maxWidth`.
struct LegendLayout {
  static let swatchWidth = 22.0
  static let gap = 18.0

  /// The elements of the legend and the height it takes. `y` is the top of the first row.
  static func render(_ entries: [LegendEntry], x: Double, y: Double, maxWidth: Double, style: ChartStyle,
                     patterns: inout HatchPatterns) -> (elements: [SVGElement], height: Double) {
    guard !entries.isEmpty else { return ([], 0) }
    let rowHeight = style.labelSize + 8
    var out: [SVGElement] = []
    var cx = x, cy = y
    var group = SVGElement("g", ["class": "legend"])
    for e in entries {
      let w = swatchWidth + 6 + TextMetrics.width(e.name, size: style.labelSize)
      if cx > x && cx + w > x + maxWidth {
        cx = x
        cy += rowHeight
      }
      let mid = cy + rowHeight / 2
      switch e.swatch {
      case .box(let color, let hatched):
        group.append(SVGElement(
          "rect",
          [
            "x": SVG.number(cx + 4), "y": SVG.number(mid - 6), "width": "14", "height": "12",
            "fill": hatched ? patterns.fill(for: color) : color, "stroke": color,
            "stroke-dasharray": hatched ? "3 2" : "none",
          ]))
      case .line(let color, let dashed):
        group.append(SVGElement(
          "line",
          [
            "x1": SVG.number(cx), "y1": SVG.number(mid), "x2": SVG.number(cx + swatchWidth), "y2": SVG.number(mid),
            "stroke": color, "stroke-width": "2", "stroke-dasharray": dashed ? "5 3" : "none",
          ]))
        group.append(SVGElement(
          "circle", ["cx": SVG.number(cx + swatchWidth / 2), "cy": SVG.number(mid), "r": "3", "fill": color]))
      case .interval(let color):
        let c = cx + swatchWidth / 2
        group.append(SVGElement(
          "path",
          [
            "d": "M\(SVG.number(c - 4)) \(SVG.number(mid - 6))h8M\(SVG.number(c)) \(SVG.number(mid - 6))v12M\(SVG.number(c - 4)) \(SVG.number(mid + 6))h8",
            "stroke": color, "stroke-width": "1.5", "fill": "none",
          ]))
      }
      group.append(SVGElement(
        "text",
        ["x": SVG.number(cx + swatchWidth + 6), "y": SVG.number(mid + style.labelSize * 0.35),
         "font-size": SVG.number(style.labelSize), "fill": style.ink],
        text: e.name))
      cx += w + gap
    }
    out.append(group)
    return (out, cy + rowHeight - y)
  }
}

/// The hatch patterns (`<pattern>` in `<defs>`) a chart uses for estimates, one per colour.
struct HatchPatterns {
  private(set) var colors: [String] = []

  /// `url(#hatch-N)` for a colour, defining the pattern on first use.
  mutating func fill(for color: String) -> String {
    if let i = colors.firstIndex(of: color) { return "url(#hatch-\(i))" }
    colors.append(color)
    return "url(#hatch-\(colors.count - 1))"
  }

  /// `<defs>` with the patterns: diagonal stripes of the colour on white.
  var defs: SVGElement {
    var defs = SVGElement("defs")
    for (i, c) in colors.enumerated() {
      defs.append(SVGElement(
        "pattern",
        ["id": "hatch-\(i)", "patternUnits": "userSpaceOnUse", "width": "6", "height": "6",
         "patternTransform": "rotate(45)"],
        children: [
          SVGElement("rect", ["width": "6", "height": "6", "fill": "#ffffff"]),
          SVGElement("rect", ["width": "2.5", "height": "6", "fill": c, "fill-opacity": "0.75"]),
        ]))
    }
    return defs
  }
}
