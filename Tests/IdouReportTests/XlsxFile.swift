import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A written workbook read back independently of libxlsxwriter: the zip opened with ZIPFoundation, the sheet,
/// shared-string and style XML parsed with Foundation's XMLDocument. Tests check what a spreadsheet program
/// will find: each cell's type (number or text), value and number format, frozen panes, merged ranges.
struct XlsxFile {
  struct Cell: Equatable {
    var number: Double?
    var text: String?
    /// The number format code (`#,##0;"▲"#,##0;0`), `General` for none.
    var format: String
  }

  struct Sheet {
    var name: String
    /// Cells by reference (`B6`).
    var cells: [String: Cell]
    /// The frozen pane's top-left cell (`B6`), if any.
    var frozenAt: String?
    var mergedRanges: Int
    /// Column widths by 0-based column, as `<col>` gives them.
    var widths: [Int: Double]

    subscript(_ ref: String) -> Cell? { cells[ref] }

    /// Every cell of a row (1-based), by column letters in order.
    func row(_ r: Int) -> [Cell] {
      cells.filter { XlsxFile.split($0.key).row == r }.sorted { XlsxFile.split($0.key).column < XlsxFile.split($1.key).column }
        .map(\.value)
    }

    /// The first cell whose text is `text`, by reference.
    func find(_ text: String) -> String? { cells.first { $0.value.text == text }?.key }
  }

  var sheets: [Sheet]

  init(path: String) throws {
    let archive = try Archive(data: try Data(contentsOf: URL(fileURLWithPath: path)), accessMode: .read)
    // The documents stay alive while their elements are read (an element of a freed document has no children).
    var documents: [XMLDocument] = []
    func xml(_ name: String) throws -> XMLElement? {
      guard let entry = archive[name] else { return nil }
      var data = Data()
      _ = try archive.extract(entry) { data.append($0) }
      documents.append(try XMLDocument(data: data))
      return documents.last!.rootElement()
    }
    func children(_ e: XMLElement?, _ name: String) -> [XMLElement] {
      (e?.children ?? []).compactMap { $0 as? XMLElement }.filter {
        ($0.name ?? "").split(separator: ":").last.map(String.init) == name
      }
    }
    // (attribute(forName:) misses attributes of elements in a default namespace on Linux: look them up by name.)
    func attr(_ e: XMLElement, _ name: String) -> String? {
      e.attributes?.first { $0.name == name }?.stringValue
    }

    let strings = children(try xml("xl/sharedStrings.xml"), "si").map { si in
      // Plain <t>, or rich text runs <r><t>…</t></r>.
      si.stringValue ?? ""
    }
    let styles = try xml("xl/styles.xml")
    var codes: [Int: String] = [0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 49: "@"]
    for f in children(children(styles, "numFmts").first, "numFmt") {
      if let id = attr(f, "numFmtId").flatMap(Int.init), let code = attr(f, "formatCode") { codes[id] = code }
    }
    let xfs = children(children(styles, "cellXfs").first, "xf").map { Int(attr($0, "numFmtId") ?? "0") ?? 0 }

    let book = try xml("xl/workbook.xml")
    let names = children(children(book, "sheets").first, "sheet").compactMap { attr($0, "name") }
    sheets = try names.enumerated().map { i, name in
      let root = try xml("xl/worksheets/sheet\(i + 1).xml")
      var cells: [String: Cell] = [:]
      for row in children(children(root, "sheetData").first, "row") {
        for c in children(row, "c") {
          guard let ref = attr(c, "r") else { continue }
          let style = Int(attr(c, "s") ?? "0") ?? 0
          let format = codes[style < xfs.count ? xfs[style] : 0] ?? "General"
          let v = children(c, "v").first?.stringValue
          switch attr(c, "t") {
          case "s": cells[ref] = Cell(number: nil, text: v.flatMap(Int.init).map { strings[$0] }, format: format)
          case "inlineStr", "str": cells[ref] = Cell(number: nil, text: c.stringValue, format: format)
          default: cells[ref] = Cell(number: v.flatMap(Double.init), text: nil, format: format)
          }
        }
      }
      let pane = children(children(children(root, "sheetViews").first, "sheetView").first, "pane").first
      let frozen = pane.flatMap { attr($0, "state") == "frozen" ? attr($0, "topLeftCell") : nil }
      var widths: [Int: Double] = [:]
      for col in children(children(root, "cols").first, "col") {
        guard let lo = attr(col, "min").flatMap(Int.init), let hi = attr(col, "max").flatMap(Int.init),
          let w = attr(col, "width").flatMap(Double.init)
        else { continue }
        for k in lo...hi { widths[k - 1] = w }
      }
      return Sheet(
        name: name, cells: cells, frozenAt: frozen,
        mergedRanges: children(children(root, "mergeCells").first, "mergeCell").count, widths: widths)
    }
  }

  /// `B6` → (column 1, row 6): 0-based column, 1-based row.
  static func split(_ ref: String) -> (column: Int, row: Int) {
    var column = 0, row = 0
    for ch in ref.unicodeScalars {
      if ch.value >= 65 && ch.value <= 90 { column = column * 26 + Int(ch.value - 64) } else { row = row * 10 + Int(ch.value - 48) }
    }
    return (column - 1, row)
  }
}
