import IdouCore
import IdouIO

/// Output formats every command offers: aligned text, CSV (RFC 4180), JSON, Markdown, and an Excel workbook (a sheet
/// per table, every figure a numeric cell; see ``Workbook``).
public enum OutputFormat: String, CaseIterable, Sendable {
  case text, csv, json, markdown, xlsx

  /// Whether the format is text (and so takes `--encoding`); an xlsx workbook is a zip of XML in UTF-8.
  public var isText: Bool { self != .xlsx }
}

/// A table ready to print: column keys (for CSV headers and JSON keys), cells as text for people, and the same
/// cells as machine values (numbers stay numbers in CSV and JSON).
public struct Table: Sendable, Equatable {
  /// A cell's machine value.
  public enum Value: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case number(Double)
    case null
  }

  /// What a column's figures are, which decides how a workbook shows them (its number format) — the figure itself
  /// is always stored as a number.
  public enum Kind: Sendable, Equatable {
    /// Labels and codes: stored as text.
    case text
    /// Persons (転入, 転出, 転入超過): `#,##0;"▲"#,##0;0`, so ▲1,731 is the number −1,731.
    case figure
    /// A difference from a year earlier: `+#,##0;"▲"#,##0;"±0"` (+75, ▲7, ±0).
    case difference
    /// A ratio stored as a fraction and shown as a percentage with two decimals (0.9871 → 98.71%).
    case ratio
    /// A measure with decimals (an average, a share in points): `#,##0.0…` with ▲ for negatives.
    case measure(decimals: Int)
    /// A plain whole number without separators (a year, a month, a rank): `0`.
    case plain
  }

  public struct Column: Sendable, Equatable {
    /// The CSV header / JSON key.
    public var key: String
    /// The heading shown to people in text and Markdown.
    public var title: String
    public var rightAligned: Bool
    /// What the column holds; by default text for left-aligned columns and persons for right-aligned ones.
    public var kind: Kind

    public init(key: String, title: String? = nil, rightAligned: Bool = false, kind: Kind? = nil) {
      self.key = key
      self.title = title ?? key
      self.rightAligned = rightAligned
      self.kind = kind ?? (rightAligned ? .figure : .text)
    }
  }

  public var columns: [Column]
  /// What people see, one string per column.
  public var display: [[String]]
  /// What machines get, one value per column.
  public var values: [[Value]]
  /// A title line printed above text and Markdown tables.
  public var title: String?
  /// Lines printed below text and Markdown tables (units, sources, notes).
  public var footnotes: [String] = []
  /// What a workbook states above the table besides its title and unit: who is counted and which boundary the
  /// moves cross, e.g. `移動者（日本人・外国人計）、他都道府県との移動`.
  public var scope: String?
  /// The unit of the figure columns (人); stated in a workbook's second row.
  public var unit = "人"
  /// The source line (資料：…) a workbook writes under the table; `nil` when the caller states none.
  public var source: String?
  /// The sheet's name in a workbook (at most 31 characters); by default derived from the title.
  public var sheetName: String?

  public init(columns: [Column], title: String? = nil) {
    self.columns = columns
    self.title = title
    self.display = []
    self.values = []
  }

  /// Appends a row: `display` for people, `values` for machines.
  public mutating func append(display: [String], values: [Value]) {
    precondition(display.count == columns.count && values.count == columns.count)
    self.display.append(display)
    self.values.append(values)
  }

  /// The table in a text format, ending with a newline. A workbook is not text: ``Document`` (or ``Workbook``)
  /// writes it; asking a table for `.xlsx` text is a programming error.
  public func render(_ format: OutputFormat) -> String {
    switch format {
    case .text: renderText()
    case .csv: renderCSV()
    case .json: renderJSON()
    case .markdown: renderMarkdown()
    case .xlsx: preconditionFailure("an xlsx workbook is written by Workbook.write(to:), not rendered as text")
    }
  }

  func renderText() -> String {
    // Names come from input files: their control characters are shown as escapes, never obeyed by a terminal.
    let display = display.map { $0.map(TerminalText.escaped) }
    let widths = columns.indices.map { c in
      ([DisplayWidth.of(columns[c].title)] + display.map { DisplayWidth.of($0[c]) }).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      var parts: [String] = []
      for c in columns.indices {
        parts.append(DisplayWidth.pad(cells[c], to: widths[c], rightAlign: columns[c].rightAligned))
      }
      return parts.joined(separator: "  ").trailingSpacesRemoved()
    }
    var out = ""
    if let title { out += TerminalText.escaped(title) + "\n" }
    out += line(columns.map(\.title)) + "\n"
    for row in display { out += line(row) + "\n" }
    for f in footnotes { out += f + "\n" }
    return out
  }

  func renderCSV() -> String {
    var out = columns.map { Self.csvField($0.key) }.joined(separator: ",") + "\n"
    for row in values {
      out += row.map { v in
        switch v {
        case .text(let s): Self.csvField(s)
        case .integer(let i): String(i)
        case .number(let d): Self.number(d)
        case .null: ""
        }
      }.joined(separator: ",") + "\n"
    }
    return out
  }

  func renderJSON() -> String {
    if values.isEmpty { return "[]\n" }
    let objects = values.map { row in
      "  {" + zip(columns, row).map { col, v in "\(JSON.string(col.key)): \(JSON.value(v))" }.joined(separator: ", ") + "}"
    }
    return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
  }

  func renderMarkdown() -> String {
    func escape(_ s: String) -> String { TerminalText.escaped(s).replacingAll("|", with: "\\|") }
    var out = ""
    if let title { out += "**\(escape(title))**\n\n" }
    out += "| " + columns.map { escape($0.title) }.joined(separator: " | ") + " |\n"
    out += "|" + columns.map { $0.rightAligned ? " ---: |" : " --- |" }.joined() + "\n"
    for row in display { out += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
    if !footnotes.isEmpty { out += "\n" + footnotes.joined(separator: "\n") + "\n" }
    return out
  }

  /// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
  static func csvField(_ s: String) -> String {
    if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
    }
    return s
  }

  /// A number with no trailing zeros beyond what it needs (machine form, `.` decimal point).
  static func number(_ d: Double) -> String {
    guard d.isFinite else { return "" }
    if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
    return "\(d)"
  }
}

/// Minimal JSON encoding for the values of tables (no Foundation needed).
public enum JSON {
  public static func string(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where u.value < 0x20:
        let hex = String(u.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(u)
      }
    }
    return out + "\""
  }

  public static func value(_ v: Table.Value) -> String {
    switch v {
    case .text(let s): string(s)
    case .integer(let i): String(i)
    case .number(let d): d.isFinite ? Table.number(d) : "null"
    case .null: "null"
    }
  }
}

extension String {
  /// Every occurrence of `target` replaced (a Foundation-free `replacingOccurrences`).
  public func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var out = ""
    var rest = self[...]
    while let r = rest.range(of: target) {
      out += rest[..<r.lowerBound]
      out += replacement
      rest = rest[r.upperBound...]
    }
    return out + rest
  }

  func trailingSpacesRemoved() -> String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}

extension Substring {
  func range(of target: String) -> Range<Substring.Index>? {
    var i = startIndex
    while i < endIndex {
      if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
      i = index(after: i)
    }
    return nil
  }
}
