import CXlsxWriter

/// A workbook that libxlsxwriter could not write, with its reason.
public struct XlsxError: Error, CustomStringConvertible, Equatable {
  public var path: String
  public var reason: String
  public var description: String { "\(path): cannot write the workbook (\(reason))" }
}

extension Workbook {
  /// The font of every cell: 游ゴシック, the default of Japanese Excel since 2016 (other programs substitute a
  /// Japanese font of their own, such as Noto Sans CJK).
  static let fontName = "游ゴシック"

  /// Writes the workbook to `path` through libxlsxwriter (the only code that calls it; opened here, at the first
  /// workbook, not linked: see CXlsxWriter.h).
  ///
  /// libxlsxwriter writes by file name only; callers give a temporary path and move the finished file into
  /// place (the output writer), so that a failed write never leaves half a workbook under the final name.
  ///
  /// - Throws: ``XlsxError`` when a sheet has more rows or columns than Excel allows, or libxlsxwriter fails
  ///   (with its reason, e.g. the directory cannot be written).
  /// - Complexity: O(cells).
  public func write(to path: String) throws(XlsxError) {
    for (t, name) in zip(sheets, sheetNames) {
      let layout = SheetLayout(t)
      let rows = layout.footerRow + layout.footer.count
      if rows > SheetLayout.maxRows || t.columns.count > 16_384 {
        throw XlsxError(
          path: path,
          reason: "sheet \(name) needs \(rows) rows and \(t.columns.count) columns; a sheet holds at most "
            + "1,048,576 rows and 16,384 columns: write CSV (--format csv) instead")
      }
    }
    guard idou_xlsx_loaded() != 0 else {
      throw XlsxError(
        path: path,
        reason: "xlsx needs libxlsxwriter, which is not installed (Debian: apt-get install libxlsxwriter-dev); "
          + "write CSV (--format csv) instead")
    }
    guard let wb = idou_workbook_new(path) else {
      throw XlsxError(path: path, reason: "libxlsxwriter could not start the workbook")
    }
    let formats = Formats(wb)
    var firstError: lxw_error = LXW_NO_ERROR
    func check(_ e: lxw_error) { if e != LXW_NO_ERROR && firstError == LXW_NO_ERROR { firstError = e } }

    for (t, name) in zip(sheets, sheetNames) {
      guard let ws = idou_workbook_add_worksheet(wb, name) else {
        _ = idou_workbook_close(wb)
        throw XlsxError(path: path, reason: "libxlsxwriter refused the sheet name \(name)")
      }
      let layout = SheetLayout(t)
      for (i, line) in layout.heading.enumerated() {
        check(idou_worksheet_write_string(ws, lxw_row_t(i), 0, line, i == 0 ? formats.title : formats.note))
      }
      for (c, col) in t.columns.enumerated() {
        check(idou_worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), layout.widths[c], nil))
        // Every column has a heading in a machine-readable table; a label column the text leaves unnamed is 区分.
        check(idou_worksheet_write_string(
          ws, lxw_row_t(layout.headerRow), lxw_col_t(c), col.title.isEmpty ? "区分" : col.title,
          col.kind == .text ? formats.headerText : formats.headerNumber))
      }
      for (r, row) in t.values.enumerated() {
        let y = lxw_row_t(layout.firstDataRow + r)
        for (c, value) in row.enumerated() {
          let kind = t.columns[c].kind
          let x = lxw_col_t(c)
          // A label column shows people what the text formats show them (男, 転入), not the machine word.
          if kind == .text, r < t.display.count, !t.display[r][c].isEmpty {
            check(idou_worksheet_write_string(ws, y, x, t.display[r][c], formats.text))
            continue
          }
          switch value {
          case .text(let s):
            check(idou_worksheet_write_string(ws, y, x, s, kind == .text ? formats.text : formats.missing))
          case .integer(let i):
            check(idou_worksheet_write_number(ws, y, x, Double(i), formats.number(kind)))
          case .number(let d) where d.isFinite:
            // A fraction in a column of persons (a table that did not say its column's kind) keeps its decimals.
            let shown = kind == .figure && d != d.rounded() ? Table.Kind.measure(decimals: 2) : kind
            check(idou_worksheet_write_number(ws, y, x, d, formats.number(shown)))
          case .number, .null:
            // A figure the data lacks is shown as such, never as 0 (the notes say what — means).
            check(kind == .text
              ? idou_worksheet_write_blank(ws, y, x, formats.text)
              : idou_worksheet_write_string(ws, y, x, MonthlyTable.missingMark, formats.missing))
          }
        }
      }
      for (i, line) in layout.footer.enumerated() {
        check(idou_worksheet_write_string(ws, lxw_row_t(layout.footerRow + i), 0, line, formats.note))
      }
      if layout.headerLines > 1 {
        check(idou_worksheet_set_row(ws, lxw_row_t(layout.headerRow), 15 * Double(layout.headerLines) + 3, nil))
      }
      idou_worksheet_freeze_panes(ws, lxw_row_t(layout.firstDataRow), lxw_col_t(layout.frozenColumns))
      idou_worksheet_set_paper(ws, 9)  // A4
      if t.columns.count > 8 { idou_worksheet_set_landscape(ws) }
      idou_worksheet_fit_to_pages(ws, 1, 0)
      check(idou_worksheet_repeat_rows(ws, lxw_row_t(layout.headerRow), lxw_row_t(layout.headerRow)))
    }

    let title = self.title ?? sheets.first?.title ?? ""
    let comments = sheets.compactMap(\.source).first ?? ""
    title.withCString { t in
      comments.withCString { c in
        "idou".withCString { a in
          var p = lxw_doc_properties()
          p.title = UnsafeMutablePointer(mutating: t)
          p.comments = UnsafeMutablePointer(mutating: c)
          p.author = UnsafeMutablePointer(mutating: a)
          check(idou_workbook_set_properties(wb, &p))
        }
      }
    }
    let closed = idou_workbook_close(wb)
    if firstError != LXW_NO_ERROR { throw XlsxError(path: path, reason: String(cString: idou_lxw_strerror(firstError))) }
    if closed != LXW_NO_ERROR { throw XlsxError(path: path, reason: String(cString: idou_lxw_strerror(closed))) }
  }
}

/// The cell formats of a workbook, made once (libxlsxwriter owns and frees them with the workbook).
private struct Formats {
  let title, note, text, missing, headerText, headerNumber: UnsafeMutablePointer<lxw_format>
  let figure, difference, ratio, plain: UnsafeMutablePointer<lxw_format>
  var measures: [Int: UnsafeMutablePointer<lxw_format>] = [:]

  init(_ wb: UnsafeMutablePointer<lxw_workbook>) {
    func make(_ configure: (UnsafeMutablePointer<lxw_format>) -> Void = { _ in }) -> UnsafeMutablePointer<lxw_format> {
      let f = idou_workbook_add_format(wb)!
      idou_format_set_font_name(f, Workbook.fontName)
      idou_format_set_font_size(f, 11)
      configure(f)
      return f
    }
    func numeric(_ kind: Table.Kind) -> UnsafeMutablePointer<lxw_format> {
      make { idou_format_set_num_format($0, Workbook.numberFormat(kind)!) }
    }
    title = make { idou_format_set_bold($0); idou_format_set_font_size($0, 12) }
    note = make()
    text = make()
    missing = make { idou_format_set_align($0, UInt8(LXW_ALIGN_RIGHT.rawValue)) }
    headerText = make {
      idou_format_set_bold($0)
      idou_format_set_text_wrap($0)
      idou_format_set_bottom($0, UInt8(LXW_BORDER_THIN.rawValue))
      idou_format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
    }
    headerNumber = make {
      idou_format_set_bold($0)
      idou_format_set_text_wrap($0)
      idou_format_set_bottom($0, UInt8(LXW_BORDER_THIN.rawValue))
      idou_format_set_align($0, UInt8(LXW_ALIGN_RIGHT.rawValue))
      idou_format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
    }
    figure = numeric(.figure)
    difference = numeric(.difference)
    ratio = numeric(.ratio)
    plain = numeric(.plain)
    for d in 0...4 { measures[d] = numeric(.measure(decimals: d)) }
  }

  func number(_ kind: Table.Kind) -> UnsafeMutablePointer<lxw_format> {
    switch kind {
    case .figure, .text: figure
    case .difference: difference
    case .ratio: ratio
    case .plain: plain
    case .measure(let d): measures[min(max(d, 0), 4)]!
    }
  }
}
