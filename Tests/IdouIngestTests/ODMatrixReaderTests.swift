import IdouCore
import Testing
@testable import IdouIngest

@Suite("Wide origin–destination matrices")
struct ODMatrixReaderTests {
  let reader = ODMatrixReader(period: Period(year: 2024))

  func read(_ text: String) throws -> ReadResult {
    try reader.read(bytes: Array(text.utf8), file: "m.csv")
  }

  func error(_ text: String) -> DataError? {
    do { _ = try read(text); return nil } catch let e as DataError { return e } catch { return nil }
  }

  @Test func namesCodesSeparatorsAndDiagonal() throws {
    let r = try read("""
      移動前の住所地,43,福岡県,13000\r
      熊本県,-,"1,234",7\r
      40,"2,000",-,0\r
      東京都,5,6,-\r
      """)
    let c = r.cube
    #expect(c.areas.map(\.codeText) == ["43", "40", "13"])
    #expect(c[0, 0, 0, 1] == 1234 && c[0, 0, 1, 0] == 2000 && c[0, 0, 2, 1] == 6)
    #expect(r.report.rowsRead == 3 && r.report.rowsUsed == 3 && r.report.rowsRejected == 0)
    #expect(r.report.markers == 3)
    let kumamoto = try c.margins().summary(year: 2024, areas: ["43"].map(area))[0]
    #expect(kumamoto.in == 2005 && kumamoto.out == 1241)
  }

  @Test func municipalCodesWithCheckDigits() throws {
    let r = try read("from,431001,402311\n431001,-,3\n40231,4,-\n")
    #expect(r.cube.areas.map(\.codeText) == ["43100", "40231"])
    #expect(r.cube[0, 0, 1, 0] == 4)
  }

  @Test func badInputIsLocated() {
    #expect(error("x,北海道,青森県\n北海道,-,1\n青森県,2\n")
      == DataError(file: "m.csv", line: 3, column: 3, reason: "row has 2 fields, the header has 3"))
    #expect(error("x,北海道,青森県,ゴンドワナ\n")
      == DataError(file: "m.csv", line: 1, column: 4,
                   reason: "unknown area 'ゴンドワナ' (expected a prefecture name or code, or a municipal code)"))
    #expect(error("x,431002,40231\n")
      == DataError(file: "m.csv", line: 1, column: 2, reason: "'431002' has a bad check digit (expected 1)"))
    #expect(error("x,北海道,青森県\n北海道,-,1x\n青森県,2,-\n")
      == DataError(file: "m.csv", line: 2, column: 3,
                   reason: "'1x' is not a count (expected digits, thousands separators allowed, or -)"))
    #expect(error("x,北海道,青森県\n北海道,-,\"1,2\"\n青森県,2,-\n")?.column == 3)
    #expect(error("x,北海道,青森県\n北海道,-,-5\n青森県,2,-\n")?.column == 3)
    #expect(error("x,北海道,青森県\n北海道,-,1\n")
      == DataError(file: "m.csv", line: 3, column: 1, reason: "no row for origin '青森県': the matrix must be square"))
    #expect(error("x,北海道,青森県\n北海道,-,1\n北海道,-,1\n")?.reason == "origin '北海道' appears twice")
    #expect(error("x,北海道,北海道\n")?.reason == "destination '北海道' appears twice in the header")
    #expect(error("x,北海道,青森県\n北海道,-,\"1\n")?.reason == "quoted field is never closed")
    #expect(error("")?.line == 1)
  }

  @Test func countsWithThousandsSeparators() {
    #expect(parseCount("2,515,731") == 2_515_731)
    #expect(parseCount("999") == 999)
    #expect(parseCount("-1,624") == -1_624)
    #expect(parseCount("1,23") == nil)
    #expect(parseCount("1234,567") == nil)
    #expect(parseCount(",123") == nil)
    #expect(parseCount("") == nil)
    #expect(parseCount("99999999999999999999") == nil)
  }

  @Test func sniffingAndPeriodFromFileName() throws {
    #expect(AnyInput.yearInFileName("/x/jp-prefecture-migration-2025.csv") == 2025)
    #expect(AnyInput.yearInFileName("od_2019-annual.csv") == 2019)
    #expect(AnyInput.yearInFileName("od-20250.csv") == nil)
    #expect(AnyInput.yearInFileName("matrix.csv") == nil)
    #expect(throws: DataError.self) { try Inputs.layoutName(of: Array("what,is,this\n".utf8), file: "w.csv") }
    #expect(try Inputs.layoutName(of: Array("x,13,14\n".utf8), file: "w.csv") == "wide origin–destination matrix")
  }
}
