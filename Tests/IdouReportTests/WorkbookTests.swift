import Foundation
import IdouCore
import IdouIngest
import Testing

@testable import IdouReport

/// xlsx workbooks written through libxlsxwriter and read back with ZIPFoundation and XMLDocument: numbers are
/// numbers, ▲ and ± live in the number formats, nothing is merged, the header pane is frozen.
@Suite("xlsx workbooks")
struct WorkbookTests {
  static let figure = ##"#,##0;"▲"#,##0;0"##
  static let difference = ##"+#,##0;"▲"#,##0;"±0""##

  /// A temporary file name for a workbook; removed by the caller's `defer`.
  static func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("idou-\(getpid())-\(name).xlsx").path
  }

  static func written(_ workbook: Workbook, _ name: String) throws -> XlsxFile {
    let path = temporaryPath(name)
    defer { try? FileManager.default.removeItem(atPath: path) }
    try workbook.write(to: path)
    return try XlsxFile(path: path)
  }

  /// Checks what 総務省's rules for machine-readable tables ask of every sheet: no merged cells, no figure stored
  /// as text, every negative number shown through a number format that writes ▲ for it.
  static func expectMachineReadable(_ book: XlsxFile) {
    for sheet in book.sheets {
      #expect(sheet.mergedRanges == 0, "\(sheet.name): merged cells")
      for (ref, cell) in sheet.cells {
        if let text = cell.text {
          let bare = text.filter { $0 != "," && $0 != "▲" && $0 != "+" && $0 != "±" }
          #expect(Double(bare) == nil || bare.isEmpty, "\(sheet.name)!\(ref): the figure \(text) is text")
        }
        if let n = cell.number, n < 0 {
          let sections = cell.format.split(separator: ";", omittingEmptySubsequences: false)
          #expect(sections.count >= 2 && sections[1].contains("▲"), "\(sheet.name)!\(ref): \(n) shown without ▲")
        }
      }
    }
  }

  @Test("the seed's 転出 table of 熊本県 2025: 385 and −7 in cells of their own, 1,993, 5,934, 26,331")
  func seedTable() throws {
    let path = try BundledData.path(BundledData.kumamotoReference)
    let cube = try AnyInput.read(path: path).cube
    let table = try MonthlyTable(flows: try cube.counterpartFlows(of: area("43"), regions: nil), year: 2025, through: 9,
                                 directions: [.outflow])
    let book = try Self.written(table.document(source: "資料：テスト").workbook, "seed")
    Self.expectMachineReadable(book)
    #expect(book.sheets.map(\.name) == ["転出"])
    let s = book.sheets[0]
    #expect(s["A1"]?.text == "熊本県 転出 2025年1～9月（前年同期との差を併記）")
    #expect(s["A2"]?.text == "単位：人")
    #expect(s["A3"]?.text == "移動者（日本人・外国人計）、他都道府県との移動")
    #expect(s.row(5).map { $0.text ?? "" }.prefix(5) == ["転出先", "1月", "1月 前年同月差", "2月", "2月 前年同月差"])
    #expect(s.frozenAt == "B6")
    // The seed's figures: 東京圏 January 385 (▲7), March 1,993 (+75), January–September 5,934 (▲97);
    // 全国計 January–September 26,331 (▲236).
    #expect(s.find("東京圏") == "A6")
    #expect(s["B6"] == .init(number: 385, text: nil, format: Self.figure))
    #expect(s["C6"] == .init(number: -7, text: nil, format: Self.difference))
    #expect(s["F6"] == .init(number: 1993, text: nil, format: Self.figure))
    #expect(s["G6"] == .init(number: 75, text: nil, format: Self.difference))
    #expect(s["T6"] == .init(number: 5934, text: nil, format: Self.figure))
    #expect(s["U6"] == .init(number: -97, text: nil, format: Self.difference))
    #expect(s.find("全国計") == "A9")
    #expect(s["T9"]?.number == 26331)
    #expect(s["U9"]?.number == -236)
    #expect(s["A11"]?.text == "資料：テスト")
    #expect(s.widths[0]! >= 8 && s.widths[1]! >= 6)
  }

  @Test("every column kind gets its number format; ratios are fractions shown as percentages")
  func formats() throws {
    var t = Table(
      columns: [
        .init(key: "name", title: "地域"), .init(key: "net", title: "転入超過", kind: .figure),
        .init(key: "diff", title: "前年差", kind: .difference), .init(key: "ratio", title: "同期比", kind: .ratio),
        .init(key: "mean", title: "平均", kind: .measure(decimals: 1)), .init(key: "rank", title: "順位", kind: .plain),
      ], title: "表")
    t.append(display: ["", "", "", "", "", ""], values: [.text("熊本県"), .integer(-2333), .integer(0), .number(0.9871), .number(-12.25), .integer(3)])
    t.append(display: ["", "", "", "", "", ""], values: [.text("東京都"), .integer(65219), .null, .null, .number(7), .integer(1)])
    let book = try Self.written(Workbook(sheets: [t]), "formats")
    Self.expectMachineReadable(book)
    let s = book.sheets[0]
    #expect(s["B5"] == .init(number: -2333, text: nil, format: Self.figure))
    #expect(s["C5"] == .init(number: 0, text: nil, format: Self.difference))
    #expect(s["D5"] == .init(number: 0.9871, text: nil, format: "0.00%"))
    #expect(s["E5"] == .init(number: -12.25, text: nil, format: ##"#,##0.0;"▲"#,##0.0;0"##))
    #expect(s["F5"] == .init(number: 3, text: nil, format: "0"))
    // A figure the data lacks is the mark —, never 0 and never an empty number.
    #expect(s["C6"]?.text == "—")
    #expect(s["C6"]?.number == nil)
    #expect(s["A2"]?.text == "単位：人")
  }

  @Test("sheet names: at most 31 characters, none of []:*?/\\, unique")
  func sheetNames() {
    var a = Table(columns: [.init(key: "x")], title: "熊本県 転出 2025年1～9月（前年同期との差を併記）: [a/b]*?")
    a.sheetName = nil
    var b = a
    b.sheetName = "転出"
    var c = b
    c.sheetName = "転出"
    let names = Workbook(sheets: [a, b, c, Table(columns: [.init(key: "x")])]).sheetNames
    #expect(names[0] == "熊本県 転出 2025年1～9月（前年同期との差を併記） ab")
    #expect(names[0].count == 31)
    #expect(names[1...] == ["転出", "転出 (2)", "表4"])
  }

  @Test("a workbook that cannot be written is an error naming the file, not a crash")
  func unwritable() {
    let t = Table(columns: [.init(key: "x")], title: "t")
    #expect(throws: XlsxError.self) { try Workbook(sheets: [t]).write(to: "/nonexistent-dir/x.xlsx") }
  }
}
