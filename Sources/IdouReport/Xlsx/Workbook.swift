/// An Excel workbook of tables, laid out the way 総務省's rules for machine-readable statistical tables ask
/// (「統計表における機械判読可能なデータの表記方法の統一ルール」): one table per sheet, every figure a numeric cell, ▲
/// and ± only in the cell's number format (never typed), no merged cells, the unit and the source stated in
/// cells of their own.
///
/// A sheet is laid out top to bottom as:
///
///     A1  title (bold)
///     A2  単位：人
///     A3  scope and boundary (移動者（日本人・外国人計）、他都道府県との移動), when the table says it
///         (one empty row)
///         the header row (bold, a border below; the pane is frozen below it and right of the label columns)
///         the rows: text cells for labels, numbers for figures, `—` for a figure the data lacks
///         (one empty row)
///         notes, one per row
///         資料：… (the source line)
///
/// ```swift
/// var t = Table.summary(rows)
/// t.source = Provenance.sourceLine([.published])   // 資料：総務省統計局『住民基本台帳人口移動報告』
/// try Workbook(sheets: [t]).write(to: "summary.xlsx")
/// ```
public struct Workbook: Sendable {
  /// The tables, one sheet each, in order.
  public var sheets: [Table]
  /// The document title stored in the workbook's properties (by default the first sheet's title).
  public var title: String?

  public init(sheets: [Table], title: String? = nil) {
    self.sheets = sheets
    self.title = title
  }

  /// The number format of a column kind, in Excel's format-code syntax; `nil` for text.
  public static func numberFormat(_ kind: Table.Kind) -> String? {
    switch kind {
    case .text: nil
    case .figure: ##"#,##0;"▲"#,##0;0"##
    case .difference: ##"+#,##0;"▲"#,##0;"±0""##
    case .ratio: "0.00%"
    case .measure(let d):
      d <= 0
        ? ##"#,##0;"▲"#,##0;0"##
        : "#,##0.\(String(repeating: "0", count: d));\"▲\"#,##0.\(String(repeating: "0", count: d));0"
    case .plain: "0"
    }
  }

  /// The sheet names: each table's `sheetName`, else its title, cut to Excel's 31 characters, without the
  /// characters Excel forbids (`[]:*?/\`), and made unique with a ` (2)` suffix.
  public var sheetNames: [String] {
    var used: Set<String> = []
    var out: [String] = []
    for (i, t) in sheets.enumerated() {
      let wanted = (t.sheetName ?? t.title ?? "表\(i + 1)").filter { !"[]:*?/\\".contains($0) && !$0.isNewline }
      var base = String(wanted.prefix(31)).trimmingSpaces()
      if base.isEmpty || base.lowercased() == "history" { base = "表\(i + 1)" }
      var name = base
      var n = 2
      while used.contains(name.lowercased()) {
        let suffix = " (\(n))"
        name = String(base.prefix(31 - suffix.count)) + suffix
        n += 1
      }
      used.insert(name.lowercased())
      out.append(name)
    }
    return out
  }
}

/// Where the parts of one sheet go: row numbers (0-based, as libxlsxwriter counts) and column widths.
struct SheetLayout: Equatable {
  /// Rows above the header: the title, the unit, the scope.
  var heading: [String]
  var headerRow: Int
  var firstDataRow: Int
  /// Notes and then the source line, from `footerRow` down.
  var footer: [String]
  var footerRow: Int
  /// The columns frozen at the left: the leading text columns (labels), at most 3.
  var frozenColumns: Int
  /// Column widths in Excel's character units.
  var widths: [Double]
  /// The lines of the tallest heading: a heading wraps at its spaces (`1月 前年同月差` over two lines).
  var headerLines: Int

  /// The most rows a sheet holds (Excel's limit).
  static let maxRows = 1_048_576

  init(_ t: Table) {
    var heading = [t.title ?? ""]
    if t.columns.contains(where: { $0.kind != .text && $0.kind != .plain }) { heading.append("単位：\(t.unit)") }
    if let s = t.scope, !s.isEmpty { heading.append(s) }
    self.heading = heading
    headerRow = heading.count + 1
    firstDataRow = headerRow + 1
    footer = t.footnotes + (t.source.map { [$0] } ?? [])
    footerRow = firstDataRow + t.values.count + 1
    frozenColumns = min(3, t.columns.prefix { $0.kind == .text }.count)
    headerLines = t.columns.map { SheetLayout.headerLines($0.title).count }.max() ?? 1
    widths = t.columns.indices.map { c in
      let col = t.columns[c]
      var w = SheetLayout.headerLines(col.title).map { DisplayWidth.of(String($0)) }.max() ?? 0
      for (r, row) in t.values.enumerated() {
        let shown = col.kind == .text && r < t.display.count && !t.display[r][c].isEmpty ? .text(t.display[r][c]) : row[c]
        w = max(w, SheetLayout.shownWidth(shown, kind: col.kind))
      }
      // Excel's unit is the width of one "0" in the default font; a full-width character takes about two.
      return Double(min(max(w, 4), 60)) + 2
    }
  }

  /// A heading as it wraps: at each space (the cell wraps its text; the column is as wide as the longest part).
  static func headerLines(_ title: String) -> [Substring] {
    title.split(separator: " ", omittingEmptySubsequences: true)
  }

  /// The width of a value as its number format shows it (`1,234`, `▲7`, `98.71%`), in half-width columns.
  static func shownWidth(_ v: Table.Value, kind: Table.Kind) -> Int {
    switch v {
    case .text(let s): return DisplayWidth.of(s)
    case .null: return 2
    case .integer(let i): return shownWidth(Double(i), kind: kind)
    case .number(let d): return shownWidth(d, kind: kind)
    }
  }

  static func shownWidth(_ d: Double, kind: Table.Kind) -> Int {
    guard d.isFinite else { return 2 }
    let whole = NumberStyle.count(Int64(abs(d).rounded(.down))).count
    switch kind {
    case .ratio: return String(Int64(abs(d) * 100)).count + 4
    case .measure(let decimals): return whole + 1 + (decimals > 0 ? decimals + 1 : 0)
    case .plain: return String(Int64(d)).count
    default: return whole + 1
    }
  }
}

extension String {
  func trimmingSpaces() -> String {
    var s = Substring(self)
    while s.first == " " { s.removeFirst() }
    while s.last == " " { s.removeLast() }
    return String(s)
  }
}
