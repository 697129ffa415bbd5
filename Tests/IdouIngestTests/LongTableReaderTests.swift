import IdouCore
import Testing

@testable import IdouIngest

@Suite("Long count tables: month,from,to,sex,count and month,area,sex,in,out")
struct LongTableReaderTests {
  func read(_ text: String, file: String = "t.csv") throws(DataError) -> ReadResult {
    try LongTableReader().read(bytes: Array(text.utf8), file: file)
  }

  func error(_ text: String) -> DataError? {
    do {
      _ = try read(text)
      return nil
    } catch {
      return error
    }
  }

  @Test("area totals go in with 不詳 as the other end, and margins give them back")
  func areaTotalsRoundTrip() throws {
    let r = try read("""
      month,area,sex,in,out
      2025-01,43,0,1711,1683
      2025-02,43,0,1677,1746
      2025-01,40,0,"9,000",8500
      2025-02,40,0,9100,8600
      """)
    #expect(r.cube.sexes == [.total])
    #expect(r.cube.periods.map(\.description) == ["2025-01", "2025-02"])
    #expect(r.cube.areas.map(\.codeText) == ["40", "43", "99300"])
    let m = try r.cube.margins()
    let kumamoto = m.areaIndex(area("43"))!, fukuoka = m.areaIndex(area("40"))!
    #expect(m.inflow(period: 0, sex: 0, area: kumamoto) == 1711)
    #expect(m.outflow(period: 0, sex: 0, area: kumamoto) == 1683)
    #expect(m.inflow(period: 1, sex: 0, area: kumamoto) == 1677)
    #expect(m.outflow(period: 1, sex: 0, area: kumamoto) == 1746)
    #expect(m.inflow(period: 0, sex: 0, area: fukuoka) == 9000)
    #expect(m.outflow(period: 1, sex: 0, area: fukuoka) == 8600)
    #expect((r.report.rowsRead, r.report.rowsUsed, r.report.rowsRejected) == (4, 4, 0))
  }

  @Test("an area without a month's row that other areas have is a gap, not zero moves")
  func areaMonthGap() {
    #expect(error("""
      month,area,sex,in,out
      2025-01,43,0,1711,1683
      2025-02,43,0,1677,1746
      2025-01,40,0,9000,8500
      """) == DataError(file: "t.csv", line: 0, column: 0, reason: "area 40 has no row for 2025-02, sex 0, which the file gives for other areas: add the row (with 0 if there were no moves)"))
  }

  @Test("OD counts with 総数, 男 and 女 that add up are read into three layers")
  func odCountsAllSexes() throws {
    let r = try read("""
      month,from,to,sex,count
      2025-03,43,13,0,100
      2025-03,43,13,1,60
      2025-03,43,13,2,40
      2025-03,13,43,1,5
      2025-03,13,43,2,7
      2025-03,13,43,0,12
      """)
    #expect(r.cube.sexes == [.total, .male, .female])
    let m = try r.cube.margins()
    let k = m.areaIndex(area("43"))!
    #expect(m.outflow(period: 0, sex: m.sexIndex(.total)!, area: k) == 100)
    #expect(m.inflow(period: 0, sex: m.sexIndex(.female)!, area: k) == 7)
    #expect(r.report.rowsRead == r.report.rowsUsed + r.report.rowsRejected)
  }

  @Test("男 and 女 only: 総数 is derived; municipal codes of 5 and 6 digits are one area")
  func municipalMaleFemale() throws {
    let r = try read("""
      month,from,to,sex,count
      2025-04,431001,13101,1,3
      2025-04,43100,13101,2,4
      """)
    #expect(r.cube.sexes == [.male, .female])
    #expect(r.cube.areas.map(\.codeText) == ["13101", "43100"])
    #expect(r.cube.matrix(period: 0, sex: .total)![1 * 2 + 0] == 7)
  }

  @Test("総数 that is not 男 + 女 is reported with its line")
  func totalsMustAddUp() {
    let e = error("""
      month,area,sex,in,out
      2025-01,43,1,10,20
      2025-01,43,2,11,21
      2025-01,43,0,21,40
      """)
    #expect((e?.line, e?.column) == (4, 5))
    #expect(e?.reason.contains("2025-01 43 out: 総数 40 ≠ 男 20 + 女 21") == true)
  }

  @Test("rows that are not a move or carry no value are rejected and counted, never zeros")
  func rejections() throws {
    let r = try read("""
      month,from,to,sex,count
      2025-01,43,43,0,5
      2025-01,43,40,0,-
      2025-01,43,40,1,3
      2025-01,40,43,1,***
      """)
    #expect((r.report.rowsRead, r.report.rowsUsed, r.report.rowsRejected) == (4, 1, 3))
    #expect(r.report.markers == 2)
    #expect(r.report.notes.count == 2)
    #expect(r.cube.sexes == [.male])
  }

  @Test("malformed fields give file:line:column and what was expected", arguments: [
    ("month,area,sex,in,out\n2025-13,43,0,1,1\n", 2, 1, "'2025-13' is not a month (expected YYYY-MM)"),
    ("month,area,sex,in,out\n2025,43,0,1,1\n", 2, 1, "'2025' is not a month (expected YYYY-MM)"),
    ("month,area,sex,in,out\n2025-01,48,0,1,1\n", 2, 2, "unknown area '48' (expected a prefecture name or code, or a municipal code)"),
    ("month,area,sex,in,out\n2025-01,43,3,1,1\n", 2, 3, "'3' is not a sex (expected 0 総数, 1 男 or 2 女)"),
    ("month,area,sex,in,out\n2025-01,43,0,1,-4\n", 2, 5, "'-4' is not a count (expected a non-negative whole number, thousands separators allowed, or -)"),
    ("month,from,to,sex,count\n2025-01,43,40,0\n", 2, 5, "row has 4 fields, expected 5 (month,from,to,sex,count)"),
    ("month,from,to,sex,count\n2025-01,431002,40,0,1\n", 2, 2, "'431002' has a bad check digit (expected 1)"),
    ("month,from,to,sex,count\n2025-01,43,40,0,1\n\n2025-01,43000,40,0,2\n", 4, 1,
     "month 2025-01, from 43 to 40, sex 0 is given twice (first on line 2)"),
    ("month,place,sex,in,out\n", 1, 1, "expected the header 'month,from,to,sex,count' or 'month,area,sex,in,out'"),
  ])
  func malformed(text: String, line: Int, column: Int, reason: String) {
    #expect(error(text) == DataError(file: "t.csv", line: line, column: column, reason: reason))
  }

  @Test("AnyInput tells both long forms from their header")
  func sniffing() throws {
    #expect(try AnyInput.sniff(Array(" Month , FROM,to,sex,count\n".utf8), file: "a") == .longOriginDestination)
    #expect(try AnyInput.sniff(Array("month,area,sex,in,out\r\n".utf8), file: "a") == .longAreaTotals)
    #expect(throws: DataError.self) { try AnyInput.sniff(Array("month,area,sex,in\n".utf8), file: "a") }
  }
}
