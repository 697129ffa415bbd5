import Testing
@testable import IdouCore

@Suite("Codes, periods and eras")
struct CodesTests {
  @Test func prefecturesInJISOrder() {
    #expect(Prefecture.all.count == 47)
    #expect(Prefecture(code: 1)?.name == "北海道")
    #expect(Prefecture(code: 13)?.name == "東京都")
    #expect(Prefecture(code: 43)?.name == "熊本県")
    #expect(Prefecture(code: 43)?.romaji == "Kumamoto")
    #expect(Prefecture(code: 47)?.name == "沖縄県")
    #expect(Prefecture(code: 0) == nil && Prefecture(code: 48) == nil)
  }

  @Test func prefectureByNameCodeOrReading() throws {
    #expect(try Prefecture(parsing: "43").code == 43)
    #expect(try Prefecture(parsing: "43000").code == 43)
    #expect(try Prefecture(parsing: "熊本県").code == 43)
    #expect(try Prefecture(parsing: "熊本").code == 43)
    #expect(try Prefecture(parsing: "kumamoto").code == 43)
    #expect(try Prefecture(parsing: "北海道").code == 1)
    #expect(try Prefecture(parsing: "09").code == 9)
    #expect(throws: CodeError.unknownArea("48")) { try Prefecture(parsing: "48") }
    #expect(throws: CodeError.unknownArea("熊本市")) { try Prefecture(parsing: "熊本市") }
  }

  /// The check digit of DESIGN §2, worked by hand for 熊本市 43100:
  /// 6·4 + 5·3 + 4·1 + 3·0 + 2·0 = 43; 43 mod 11 = 10; (11 − 10) mod 10 = 1 → 431001.
  /// 那珂川市 40231: 24 + 0 + 8 + 9 + 2 = 43 → 1 → 402311. 那珂川町 40305: 24 + 0 + 12 + 0 + 10 = 46;
  /// 46 mod 11 = 2; 11 − 2 = 9 → 403059. 札幌市 01100: 0 + 5 + 4 + 0 + 0 = 9; 11 − 9 = 2 → 011002.
  @Test func municipalCheckDigits() throws {
    #expect(MunicipalCode.checkDigit(of: 43100) == 1)
    #expect(MunicipalCode.checkDigit(of: 40231) == 1)
    #expect(MunicipalCode.checkDigit(of: 40305) == 9)
    #expect(MunicipalCode.checkDigit(of: 1100) == 2)
    #expect(try MunicipalCode(parsing: "431001").code == 43100)
    #expect(try MunicipalCode(parsing: "403059").sixDigits == "403059")
    #expect(try MunicipalCode(parsing: "01100").fiveDigits == "01100")
    #expect(throws: CodeError.badCheckDigit("431002", expected: 1)) { try MunicipalCode(parsing: "431002") }
    #expect(throws: CodeError.unknownPrefecture("48100")) { try MunicipalCode(parsing: "48100") }
    #expect(throws: (any Error).self) { try MunicipalCode(parsing: "4310") }
    #expect(throws: (any Error).self) { try MunicipalCode(parsing: "43a00") }
  }

  /// Every five-digit code's own six-digit form passes, and every other sixth digit fails.
  @Test func checkDigitRoundTrip() throws {
    for code in stride(from: 1001, to: 47999, by: 97) {
      let m = MunicipalCode(code: code)!
      #expect(try MunicipalCode(parsing: m.sixDigits) == m)
      for wrong in 0...9 where wrong != MunicipalCode.checkDigit(of: code) {
        #expect(throws: CodeError.self) { try MunicipalCode(parsing: m.fiveDigits + "\(wrong)") }
      }
    }
  }

  @Test func periods() {
    #expect(Period(parsing: "2025-03")?.description == "2025-03")
    #expect(Period(parsing: "2025-03-31") == Period(year: 2025, month: 3))
    #expect(Period(parsing: "2025-02-29") == nil)
    #expect(Period(parsing: "2024-02-29") == Period(year: 2024, month: 2))
    #expect(Period(parsing: "2025-13") == nil)
    #expect(Period(parsing: "2025") == Period(year: 2025))
    #expect(Period(parsing: "2024000101") == Period(year: 2024, month: 1))
    #expect(Period(parsing: "2024001212") == Period(year: 2024, month: 12))
    #expect(Period(parsing: "2024000000") == Period(year: 2024))
    #expect(Period(parsing: "2024000102") == nil)
    #expect(Period(year: 2025, month: 12)! < Period(year: 2025))
    #expect(Period(year: 2024) < Period(year: 2025, month: 1)!)
  }

  @Test func eraLabels() {
    #expect(Era.label(for: 2025) == "R7年")
    #expect(Era.label(for: 2019) == "R1年")
    #expect(Era.label(for: 2014) == "H26年")
    #expect(Era.label(for: 2018) == "H30年")
    #expect(Era.label(for: 2025, style: .eraLong) == "令和7年")
    #expect(Era.year(parsing: "R7年") == 2025)
    #expect(Era.year(parsing: "R7") == 2025)
    #expect(Era.year(parsing: "H26") == 2014)
    #expect(Era.year(parsing: "平成元年") == 1989)
    #expect(Era.year(parsing: "令和7年") == 2025)
    #expect(Era.year(parsing: "X7") == nil)
    for y in 1989...2040 { #expect(Era.year(parsing: Era.label(for: y)) == y) }
  }

  @Test func regionSetsBuiltIn() {
    let set = RegionSet.metropolitan
    #expect(set.groups.map(\.name) == ["東京圏", "名古屋圏", "大阪圏", "三大都市圏", "地方圏"])
    #expect(RegionSet.tokyoArea.members == Set(["11000", "12000", "13000", "14000"].map { AreaCode($0)! }))
    #expect(RegionSet.nonMetropolitanArea.members.count == 47 - 11)
    #expect(RegionSet.tokyoArea.contains(Area(MunicipalCode(code: 13101)!)))
    #expect(!RegionSet.tokyoArea.contains(Area(Prefecture(code: 43)!)))
    #expect(RegionSet.builtIn["three-metro"] == set)
    #expect(RegionSet.builtIn["tokyo-area"]?.groups == [RegionSet.tokyoArea])
  }

  @Test func regionSetFile() throws {
    let text = """
      # name: 九州の一部
      area,group,group_name
      40,north,北部九州
      41,north,北部九州
      熊本県,south,南部
      46,south,南部
      """
    let set = try RegionSet(parsing: text, id: "kyushu", file: "k.csv")
    #expect(set.name == "九州の一部")
    #expect(set.groups.map(\.area.codeText) == ["north", "south"])
    #expect(set.groups[1].members == [AreaCode("43000")!, AreaCode("46000")!])
    #expect(throws: DataError(file: "k.csv", line: 2, column: 1, reason: "unknown area '99' (expected a prefecture or municipal code or name)")) {
      try RegionSet(parsing: "area,group,group_name\n99,x,y\n", id: "k", file: "k.csv")
    }
    #expect(throws: DataError(file: "k.csv", line: 1, column: 1, reason: "expected 3 or 4 fields area,group,group_name[,from], found 2")) {
      try RegionSet(parsing: "40,x\n", id: "k", file: "k.csv")
    }
  }
}
