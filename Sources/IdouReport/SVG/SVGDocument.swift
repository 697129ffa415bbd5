/// A standalone SVG document: the root `<svg>` element with its size, namespace and a default font.
///
/// ```swift
/// var doc = SVGDocument(width: 720, height: 400, title: "熊本県の社会増減")
/// doc.append(SVGElement("rect", ["x": "0", "y": "0", "width": "10", "height": "20"]))
/// let file = doc.xml          // <?xml …?><svg xmlns="http://www.w3.org/2000/svg" …>…</svg>
/// let inline = doc.inlineXML  // the <svg> element only, for HTML
/// ```
public struct SVGDocument: Sendable, Equatable {
  public static let namespace = "http://www.w3.org/2000/svg"

  /// The root element.
  public var root: SVGElement

  /// A document `width` × `height` user units (pixels), with `title` as its accessible name (`<title>`) and
  /// `fontFamily` inherited by all text.
  public init(width: Double, height: Double, title: String, fontFamily: String = ChartStyle.cjkFontStack) {
    root = SVGElement(
      "svg",
      [
        "xmlns": SVGDocument.namespace, "width": SVG.number(width), "height": SVG.number(height),
        "viewBox": "0 0 \(SVG.number(width)) \(SVG.number(height))", "role": "img", "font-family": fontFamily,
      ])
    root.append(SVGElement("title", text: title))
  }

  public mutating func append(_ element: SVGElement) { root.append(element) }
  public mutating func append(contentsOf elements: [SVGElement]) { root.append(contentsOf: elements) }

  /// The file form: an XML declaration, then the `<svg>` element, ending with a newline.
  public var xml: String { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.xml + "\n" }

  /// The `<svg>` element alone, for inline use in HTML.
  public var inlineXML: String { root.xml }
}

/// Number formatting for coordinates (no Foundation): at most two decimals, no trailing zeros, no `-0`.
public enum SVG {
  /// `12` for 12.0, `12.5` for 12.5, `-3.33` for −3.3333.
  public static func number(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    let hundredths = Int64((v * 100).rounded())
    if hundredths == 0 { return "0" }
    let sign = hundredths < 0 ? "-" : ""
    let m = hundredths.magnitude
    let whole = m / 100, frac = m % 100
    if frac == 0 { return sign + String(whole) }
    if frac % 10 == 0 { return sign + String(whole) + "." + String(frac / 10) }
    return sign + String(whole) + "." + (frac < 10 ? "0" : "") + String(frac)
  }
}
