/// What a command outputs, in any format: tables for people (text and Markdown one after another), sheets for a
/// workbook (by default the same tables; a table whose text cells combine two figures, such as `385 (▲7)`, gives
/// its workbook a sheet with a column for each), and one table for machines (CSV and JSON), with the source line
/// of the figures.
///
/// ```swift
/// let doc = Document(table: Table.summary(rows), source: Provenance.sourceLine([.published]))
/// print(doc.text(.csv))                  // area,name,period,in,out,net …
/// try doc.workbook.write(to: "s.xlsx")   // one sheet, the source line under the table
/// ```
public struct Document: Sendable {
  /// The tables people read, in order.
  public var tables: [Table]
  /// The table CSV and JSON give (by default the first of ``tables``).
  public var machine: Table
  /// The sheets of a workbook, every figure a number of its own (by default ``tables``).
  public var sheets: [Table]
  /// The source line (資料：…) every sheet states; `nil` leaves each table's own.
  public var source: String?
  /// The title of a workbook, and of every sheet without one (text output prints the tables' own titles only).
  public var title: String?

  public init(tables: [Table], machine: Table? = nil, sheets: [Table]? = nil, title: String? = nil,
              source: String? = nil) {
    precondition(!tables.isEmpty || machine != nil, "a document needs a table")
    self.tables = tables
    self.machine = machine ?? tables[0]
    self.sheets = sheets ?? tables
    self.title = title
    self.source = source
  }

  public init(table: Table, title: String? = nil, source: String? = nil) {
    self.init(tables: [table], title: title, source: source)
  }

  /// The document in a text format: CSV and JSON the machine table; text and Markdown every table, separated by
  /// a blank line.
  public func text(_ format: OutputFormat) -> String {
    switch format {
    case .csv, .json: machine.render(format)
    case .text, .markdown: tables.map { $0.render(format) }.joined(separator: "\n")
    case .xlsx: preconditionFailure("a workbook is written by Document.workbook")
    }
  }

  /// The workbook: a sheet per table, each with a title and the source line.
  public var workbook: Workbook {
    Workbook(
      sheets: sheets.map { t in
        var t = t
        if let source, t.source == nil { t.source = source }
        if t.title == nil { t.title = title }
        return t
      },
      title: title)
  }
}
