import IdouCore
import Testing

@testable import IdouIngest

/// The counterpart-table reader on the seed's 熊本県 figures and on broken tables.
@Suite("Counterpart table reader")
struct CounterpartTableReaderTests {
  static let root: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
  }()
  static let reference = root + "/datasets/reference/kumamoto-2024-2025-jan-sep.csv"
  static let header = "prefecture,year,month,direction,counterpart,counterpart_name,persons\n"

  static func read(_ body: String) throws(DataError) -> ReadResult {
    try CounterpartTableReader().read(bytes: Array((header + body).utf8), file: "t.csv")
  }

  static func error(_ body: String) -> DataError? {
    do {
      _ = try read(body)
      return nil
    } catch {
      return error
    }
  }

  @Test("the reference table: 144 rows used, 18 months, 熊本県 and its counterparts, その他 = 全国計 − named")
  func reference() throws {
    let bytes = try InputFile.bytes(Self.reference)
    #expect(try Inputs.layoutName(of: bytes, file: Self.reference) == "counterpart table")
    let result = try AnyInput.read(path: Self.reference)
    #expect(result.report.rowsRead == 144 && result.report.rowsUsed == 144 && result.report.rowsRejected == 0)
    let cube = result.cube
    #expect(cube.periods.count == 18)
    #expect(cube.periods.first == Period(year: 2024, month: 1))
    #expect(cube.periods.last == Period(year: 2025, month: 9))
    #expect(cube.areas.map(\.codeText) == ["43", "51000", "53000", "40", "rest"])
    #expect(cube.areas.map(\.level) == [.prefecture, .metropolitanArea, .metropolitanArea, .prefecture, .rest])
    let jan = cube.periodIndex(Period(year: 2025, month: 1)!)!
    #expect(cube[jan, 0, 0, 1] == 385)    // 転出 熊本県 → 東京圏
    #expect(cube[jan, 0, 1, 0] == 343)    // 転入 東京圏 → 熊本県
    #expect(cube[jan, 0, 0, 4] == 676)    // その他: 1,683 − 385 − 169 − 453
    #expect(cube[jan, 0, 4, 0] == 785)    // その他: 1,711 − 343 − 138 − 445
    // The area's margins are the 全国計 figures, so every command sees 熊本県's 転入/転出.
    let margins = try cube.margins()
    #expect(margins.outflow(period: jan, sex: 0, area: 0) == 1683)
    #expect(margins.inflow(period: jan, sex: 0, area: 0) == 1711)
    let summary = try margins.summary(year: 2025, areas: ["43"].map(area))
    #expect(summary.first?.out == 26331 && summary.first?.in == 24091 && summary.first?.net == -2240)
    let lastYear = try margins.summary(year: 2024, areas: ["43"].map(area))
    #expect(lastYear.first?.net == -2161)
    // The monthly series a projection starts from: October–December are not in the data, so they are nil.
    let flows = try cube.counterpartFlows(of: area("43"), regions: nil)
    #expect(flows.monthlySeries(.outflow, year: 2025, counterpart: area("00000"))
      == [1683, 1746, 7460, 5308, 2010, 1915, 2138, 2032, 2039, nil, nil, nil])
    #expect(flows.monthlySeries(.inflow, year: 2024, counterpart: area("osaka-area"))
      == [153, 155, 441, 351, 165, 133, 150, 143, 140, nil, nil, nil])
    #expect(flows.monthlySeries(.net, year: 2025, counterpart: area("tokyo-area")).prefix(3) == [-42, -83, -962])
  }

  @Test("columns are found by name, directions may be 転入/転出, counts may carry commas")
  func flexibleColumns() throws {
    let text = """
      persons,counterpart,direction,month,year,area
      "1,200",13,転出,4,2025,熊本県
      "2,000",all,転出,4,2025,43
      300,13,転入,4,2025,43
      900,全国計,転入,4,2025,43

      """
    let r = try CounterpartTableReader().read(bytes: Array(text.utf8), file: "t.csv")
    #expect(r.cube.areas.map(\.codeText) == ["43", "13", "rest"])
    #expect(r.cube[0, 0, 0, 1] == 1200 && r.cube[0, 0, 0, 2] == 800)
    #expect(r.cube[0, 0, 1, 0] == 300 && r.cube[0, 0, 2, 0] == 600)
  }

  @Test("broken tables: one clear error with line and column")
  func errors() {
    let good = "43,2025,1,out,tokyo-area,東京圏,385\n43,2025,1,out,all,全国計,1683\n43,2025,1,in,tokyo-area,東京圏,343\n43,2025,1,in,all,全国計,1711\n"
    #expect(Self.error(good) == nil)
    #expect(Self.error("43,2025,1,out,all,全国計,300\n43,2025,1,out,tokyo-area,東京圏,385\n43,2025,1,in,all,全国計,1\n")
      == DataError(file: "t.csv", line: 2, column: 7,
                   reason: "全国計 300 for 2025-01 out (転出) is less than the named counterparts' sum 385"))
    #expect(Self.error("43,2025,1,out,tokyo-area,東京圏,385\n43,2025,1,in,all,全国計,1\n")
      == DataError(file: "t.csv", line: 2, column: 5,
                   reason: "no 全国計 (all) row for 2025-01 out (転出): the total cannot be known"))
    #expect(Self.error(good + "43,2025,2,out,all,全国計,1\n43,2025,2,in,all,全国計,1\n43,2025,2,in,tokyo-area,東京圏,3\n")
      == DataError(file: "t.csv", line: 6, column: 5,
                   reason: "no row for counterpart 東京圏 (51000) in 2025-02 out (転出): a missing figure is not a zero"))
    #expect(Self.error(good + "43,2025,2,out,all,全国計,1\n43,2025,2,out,tokyo-area,東京圏,0\n")
      == DataError(file: "t.csv", line: 6, column: 4,
                   reason: "2025-02 has rows for one direction only: no rows for 2025-02 in (転入)"))
    #expect(Self.error(good + "43,2025,1,in,all,全国計,1711\n")
      == DataError(file: "t.csv", line: 6, column: 5,
                   reason: "a second row for 2025-01 in all (first at line 5)"))
    #expect(Self.error(good + "40,2025,1,in,all,全国計,1711\n")?.reason
      == "a counterpart table holds one area: found 福岡県 after 熊本県 (one file per area)")
    #expect(Self.error("43,2025,13,out,all,全国計,1\n") == DataError(file: "t.csv", line: 2, column: 3, reason: "'13' is not a month 1–12"))
    #expect(Self.error("43,2025,1,up,all,全国計,1\n")?.column == 4)
    #expect(Self.error("43,2025,1,out,43,熊本県,1\n")?.column == 5)
    #expect(Self.error("43,2025,1,out,tokyo-area,東京圏,-5\n")?.column == 7)
    #expect(Self.error("43,2025,1,out,tokyo-area,東京圏\n")?.reason == "row has 6 fields, the header has 7")
    #expect(Self.error("43,2025,1,out,tokyo-area,東京圏,1\n43,2025,1,out,13,東京都,1\n")?.reason
      == "counterparts 東京圏 and 東京都 overlap: 全国計 minus them would count moves twice")
    #expect(Self.error("43,2025,1,out,tokyo-area,東京圏,1\n43,2025,1,in,tokyo-area,首都圏,1\n")?.column == 6)
    #expect(Self.error("") == DataError(file: "t.csv", line: 2, column: 1, reason: "no rows after the header"))
  }
  @Test("the bundled 2025 matrix: 熊本県 by counterpart; 全国計 in 28,923, out 31,256 as published")
  func bundledMatrix() throws {
    let cube = try AnyInput.read(path: Self.root + "/datasets/real/jp-prefecture-migration-2025.csv").cube
    let set = try RegionSet(
      parsing: InputFile.text(Self.root + "/datasets/regions/kumamoto-report.csv"), id: "kumamoto-report", file: "k")
    let flows = try cube.counterpartFlows(of: area("43"), regions: set)
    let year = flows.periodIndex(Period(year: 2025))!
    #expect(flows.inflow(period: year, sex: .total, counterpart: area("00000")) == 28923)
    #expect(flows.outflow(period: year, sex: .total, counterpart: area("00000")) == 31256)
    // The grouped figures against the matrix cells themselves (熊本県 is row/column 42).
    let tokyo = [10, 11, 12, 13], osaka = [25, 26, 27, 28]
    #expect(flows.outflow(period: year, sex: .total, counterpart: area("tokyo-area")) == tokyo.map { Int64(cube[0, 0, 42, $0]) }.reduce(0, +))
    #expect(flows.inflow(period: year, sex: .total, counterpart: area("tokyo-area")) == tokyo.map { Int64(cube[0, 0, $0, 42]) }.reduce(0, +))
    #expect(flows.outflow(period: year, sex: .total, counterpart: area("osaka-area")) == osaka.map { Int64(cube[0, 0, 42, $0]) }.reduce(0, +))
    #expect(flows.inflow(period: year, sex: .total, counterpart: area("40")) == Int64(cube[0, 0, 39, 42]))
    let parts = ["51000", "53000", "40", "rest"].map(area)
    #expect(parts.map { flows.outflow(period: year, sex: .total, counterpart: $0)! }.reduce(0, +) == 31256)
    #expect(parts.map { flows.inflow(period: year, sex: .total, counterpart: $0)! }.reduce(0, +) == 28923)
  }
}
