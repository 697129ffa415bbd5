/// One node of an SVG (XML) tree: an element or character data.
public enum SVGNode: Sendable, Equatable {
  case element(SVGElement)
  /// Character data; escaped when written.
  case text(String)
}

/// An SVG element: a name, attributes in the order given, and children. Written by ``render(into:)`` as XML
/// that any XML parser accepts: names are ours (fixed strings in the chart code), every attribute value and every
/// piece of text goes through ``XMLEscaping``.
///
/// ```swift
/// let label = SVGElement("text", ["x": "10", "y": "20"], text: "熊本県 <転出>")
/// label.xml    // <text x="10" y="20">熊本県 &lt;転出&gt;</text>
/// ```
public struct SVGElement: Sendable, Equatable {
  /// An attribute: name and (unescaped) value.
  public struct Attribute: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
      self.name = name
      self.value = value
    }
  }

  public var name: String
  public var attributes: [Attribute]
  public var children: [SVGNode]

  /// An element with attributes in the order of the pairs and child elements.
  public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], children: [SVGElement] = []) {
    self.name = name
    self.attributes = attributes.map { Attribute($0.key, $0.value) }
    self.children = children.map(SVGNode.element)
  }

  /// An element holding text (`<text>`, `<title>`, `<style>`).
  public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) {
    self.name = name
    self.attributes = attributes.map { Attribute($0.key, $0.value) }
    self.children = [.text(text)]
  }

  /// Sets (or replaces) an attribute.
  public mutating func set(_ name: String, _ value: String) {
    if let i = attributes.firstIndex(where: { $0.name == name }) {
      attributes[i].value = value
    } else {
      attributes.append(Attribute(name, value))
    }
  }

  /// The value of an attribute, if set.
  public func attribute(_ name: String) -> String? {
    attributes.first { $0.name == name }?.value
  }

  /// Appends a child element.
  public mutating func append(_ child: SVGElement) { children.append(.element(child)) }

  /// Appends child elements.
  public mutating func append(contentsOf elements: [SVGElement]) {
    children.append(contentsOf: elements.map(SVGNode.element))
  }

  /// The element as XML, children indented by two spaces per level; text-only elements stay on one line so that
  /// no whitespace is added to their text.
  public var xml: String {
    var out = ""
    render(into: &out, depth: 0)
    return out
  }

  /// Writes the element as XML.
  /// - Complexity: O(size of the tree).
  public func render(into out: inout String, depth: Int = 0) {
    let pad = String(repeating: "  ", count: depth)
    out += pad + "<" + name
    for a in attributes { out += " " + a.name + "=\"" + XMLEscaping.attribute(a.value) + "\"" }
    if children.isEmpty {
      out += "/>"
      return
    }
    out += ">"
    let onlyText = children.allSatisfy { if case .text = $0 { true } else { false } }
    if onlyText {
      for case .text(let t) in children { out += XMLEscaping.text(t) }
    } else {
      for c in children {
        out += "\n"
        switch c {
        case .element(let e): e.render(into: &out, depth: depth + 1)
        case .text(let t): out += pad + "  " + XMLEscaping.text(t)
        }
      }
      out += "\n" + pad
    }
    out += "</" + name + ">"
  }
}

/// Escaping of character data and attribute values for XML 1.0.
///
/// `&`, `<`, `>` always; `"` in attributes (they are written in double quotes); characters XML 1.0 forbids
/// (C0 controls other than tab, line feed and carriage return, lone surrogates cannot occur in a Swift `String`,
/// U+FFFE and U+FFFF) become U+FFFD, so any label a data file brings (an area name with `<` or a stray control
/// byte) still gives a well-formed document.
public enum XMLEscaping {
  /// Text content: `a < b & c` → `a &lt; b &amp; c`.
  public static func text(_ s: String) -> String { escape(s, quotes: false) }

  /// An attribute value for double quotes: `say "hi"` → `say &quot;hi&quot;`.
  public static func attribute(_ s: String) -> String { escape(s, quotes: true) }

  static func escape(_ s: String, quotes: Bool) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for u in s.unicodeScalars {
      switch u {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"" where quotes: out += "&quot;"
      // Attribute-value normalisation would turn a raw tab, line feed or carriage return into a space.
      case "\n" where quotes: out += "&#10;"
      case "\t" where quotes: out += "&#9;"
      case "\r" where quotes: out += "&#13;"
      case "\t", "\n", "\r": out.unicodeScalars.append(u)
      case _ where u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF:
        out += "\u{FFFD}"
      default: out.unicodeScalars.append(u)
      }
    }
    return out
  }
}
