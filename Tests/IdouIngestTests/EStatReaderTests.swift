import IdouCore
import Testing

@testable import IdouIngest

@Suite("e-Stat tables: download (cross-tab and value column), API CSV, CP932 and UTF-8")
struct EStatReaderTests {
  static let layouts = ["estat-crosstab-utf8.csv", "estat-crosstab-cp932.csv", "estat-long-utf8.csv", "estat-api.csv"]

  @Test("Every layout of the same figures gives the tidy rows the fixture generator computed", arguments: layouts)
  func layoutsGiveTheSameTidyRows(name: String) throws {
    let expected = Array(try EStatFixture.lines("expected-tidy.csv").dropFirst())
    #expect(expected.count == 66)  // 60 flows and the 6 `***` cells (福岡市 → 髙森町, 2024-02), read back absent
    #expect(try EStatFixture.tidyLines(name) == expected)
  }

  @Test("The long OD table (男, 女 of 移動者) gives the same tidy rows as the e-Stat layouts, restricted to them")
  func longTableTidyRows() throws {
    let expected = try EStatFixture.lines("expected-tidy.csv").dropFirst().filter { line in
      let f = line.split(separator: ",")
      return f[1] == "all" && f[4] != "0" && f[5] != "-"  // the long table has no `***` cells
    }
    #expect(expected.count == 21)  // 11 flows × 男, 女, less 福岡市 → 髙森町 女 = 0 in January
    #expect(try EStatFixture.tidyLines("long-od.csv") == expected)
  }

  @Test("The tidy table itself reads back to the same rows (a round trip)")
  func tidyRoundTrip() throws {
    let expected = Array(try EStatFixture.lines("expected-tidy.csv").dropFirst())
    #expect(try EStatFixture.tidyLines("expected-tidy.csv") == expected)
  }

  @Test("CP932 and UTF-8 versions of one table give identical cubes, names with 髙 included")
  func cp932EqualsUTF8() throws {
    let utf8 = try EStatReader().read(path: EStatFixture.path("estat-crosstab-utf8.csv"))
    let cp932 = try EStatReader().read(path: EStatFixture.path("estat-crosstab-cp932.csv"))
    #expect(utf8.cubes == cp932.cubes)
    #expect(cp932.cubes.map(\.scope) == [.all, .japanese])
    #expect(cp932.cubes[0].areas.map(\.name) == ["福岡市", "熊本市", "髙森町", "不詳"].filter { $0 != "不詳" })
    #expect(cp932.report.notes[0] == "e-Stat download, cp932: 表番号 2; 表題 市区町村間移動者数①（試験用：㈱idou作成、髙森町を含む）")
    #expect(utf8.report.notes[0].hasPrefix("e-Stat download, utf8:"))
  }

  @Test("The account: every row used, *** and - counted as markers, never as zero")
  func account() throws {
    let r = try EStatReader().read(path: EStatFixture.path("estat-crosstab-cp932.csv"))
    // 2 scopes × 3 destinations × 2 months × (00999 + 3 origins) rows.
    #expect(r.report.rowsRead == 48)
    #expect(r.report.rowsUsed + r.report.rowsRejected == r.report.rowsRead)
    #expect(r.report.rowsRejected == 0)
    // Markers: the diagonal (3 areas × 2 months × 2 scopes × 3 sexes = 36 '-') and 福岡市 → 髙森町 in February
    // (2 scopes × 3 sexes = 6 '***').
    #expect(r.report.markers == 42)
    // 66 flow values + 36 origin 総数 values that are checked, not stored.
    #expect(r.report.valuesUsed == 102)
    let all = r.cubes[0]
    let feb = try #require(all.periodIndex(Period(year: 2024, month: 2)!))
    let fukuoka = try #require(all.originIndex(area("40130"))), takamori = try #require(all.destinationIndex(area("43428")))
    #expect(all[feb, all.sexIndex(.total)!, fukuoka, takamori] == 0)
    #expect(!r.report.notes.contains { $0.hasPrefix("warning") })
  }

  @Test("One scope is selected for summary; the other scope's rows are accounted as not used")
  func scopeSelection() throws {
    let r = try EStatReader().read(path: EStatFixture.path("estat-crosstab-utf8.csv"))
    let japanese = try r.selecting(.japanese)
    #expect(japanese.figures.scope == .japanese)
    #expect(japanese.report.rowsUsed == 24 && japanese.report.rowsRejected == 24)
    #expect(japanese.report.valuesUsed == 51)
    #expect(throws: DataError.self) { try r.selecting(.foreign) }
  }

  @Test("A per-prefecture table of 転入/転出 (CP932) gives the published 2025 figures of 熊本県 and 東京都")
  func prefectureTotals() throws {
    let result = try AnyInput.read(path: EStatFixture.path("estat-prefecture-totals-cp932.csv"))
    let margins = try result.cube.margins()
    let rows = try margins.summary(year: 2025)
    let expected = Array(try EStatFixture.lines("expected-prefecture-totals-2025.csv").dropFirst())
    #expect(rows.map { "\($0.area.codeText),\($0.in!),\($0.out!),\($0.net!)" } == expected)
    #expect(rows.first { $0.area == area("43") }.map { [$0.in, $0.out, $0.net] } == [28_923, 31_256, -2_333])
    // 全国 is kept (00000), and its net (-,-,-) rows are markers; the 6 prefecture net values are checked.
    #expect(result.report.markers == 3)
    #expect(result.report.notes.contains("6 転入超過数 values checked against 転入 − 転出, not stored (idou derives net)"))
    #expect(!result.report.notes.contains { $0.hasPrefix("warning") })
  }

  @Test("総数 ≠ 男 + 女 on a cross-tab row is a warning naming the line; the figures are kept")
  func sexTotalCheck() throws {
    let line14 = #""010","移動者数","60000","移動者（外国人含む）","43100","熊本市","2024000101","2024年1月","43428","髙森町","","18","8","9""#
    let bytes = try EStatFixture.replacingLine(14, of: "estat-crosstab-utf8.csv", with: line14 + "\r")
    let r = try EStatReader().read(bytes: bytes, file: "bad-total.csv")
    let warnings = r.report.notes.filter { $0.hasPrefix("warning: line") }
    #expect(warnings.contains("warning: line 14: 総数 18 ≠ 男 8 + 女 9 (2024-01 all 総数 43428→43100)"))
    #expect(warnings.count == 1)
    // The origin 総数 of line 12 (2,095) no longer matches the sum over the three origins the table lists (now
    // 2,096): a 総数 beside only some of its parts is the table's own figure, and the origins are not the whole.
    #expect(r.report.notes.contains("1 総数 value is not the sum of the areas the table lists (it lists only some of the parts): kept as the table's own figure"))
  }

  @Test("A long-form table whose 総数 row disagrees with its 男 and 女 rows names all three lines")
  func sexTotalCheckAcrossLines() throws {
    let text = """
      "表章項目 コード","表章項目","地域 コード","地域","時間軸（月次） コード","時間軸（月次）","性別 コード","性別","unit","value"
      "110","転入者数","43000","熊本県","2024000303","2024年3月","0","総数","人","4,000"
      "110","転入者数","43000","熊本県","2024000303","2024年3月","1","男","人","2,100"
      "110","転入者数","43000","熊本県","2024000303","2024年3月","2","女","人","1,800"
      """
    let r = try EStatReader().read(bytes: Array(text.utf8), file: "long.csv")
    #expect(r.report.notes.contains("warning: lines 2, 3, 4: 総数 4000 ≠ 男 2100 + 女 1800 (2024-03 all 総数 43 熊本県 転入)"))
    // Per-area 転入 only: the margins give 熊本県's 転入, and its 転出 is absent, never 0.
    let m = r.figures[0].margins
    #expect(m.areas == [Area(Prefecture(code: 43)!)])
    #expect(m.inflow(period: 0, sex: 0, area: 0) == 4_000 && m.outflow(period: 0, sex: 0, area: 0) == nil)
  }

  @Test("Origin 00999 総数 alone: per-destination 転入 with 不詳 as the other end; 99300 不詳 as an origin is kept")
  func originTotalOnly() throws {
    let text = """
      "表章項目 コード","表章項目","移動後の住所地 コード","移動後の住所地","時間軸（年次） コード","時間軸（年次）","移動前の住所地 コード","移動前の住所地","unit","value"
      "010","移動者数","43000","熊本県","2025000000","2025年","00999","総数","人","28,923"
      "010","移動者数","13000","東京都","2025000000","2025年","00999","総数","人","451,843"
      """
    let r = try AnyInput.read(bytes: Array(text.utf8), file: "in.csv")
    let m = try r.cube.margins()
    #expect(r.cube.areas.map(\.codeText) == ["13", "43", "99300"])
    // 熊本県's 転入 is the 総数 row; its 転出 is not in the table: absent, never 0.
    #expect(m.inflow(period: 0, sex: 0, area: 1) == 28_923 && m.outflow(period: 0, sex: 0, area: 1) == nil)

    let withUnknown = """
      "表章項目 コード","表章項目","移動後の住所地 コード","移動後の住所地","時間軸（年次） コード","時間軸（年次）","移動前の住所地 コード","移動前の住所地","unit","value"
      "010","移動者数","43000","熊本県","2025000000","2025年","00999","総数","人","30"
      "010","移動者数","43000","熊本県","2025000000","2025年","13000","東京都","人","20"
      "010","移動者数","43000","熊本県","2025000000","2025年","99300","移動前の住所地不詳","人","10"
      "010","移動者数","00000","全国","2025000000","2025年","00999","総数","人","2,515,731"
      """
    let u = try AnyInput.read(bytes: Array(withUnknown.utf8), file: "u.csv")
    #expect(u.cube.tidyRows().map { "\($0.from.codeText)>\($0.to.codeText) \($0.count.map(String.init) ?? "-")" } == ["13>43 20", "99300>43 10"])
    #expect(!u.report.notes.contains { $0.hasPrefix("warning") })
    #expect(u.report.notes.contains("1 grand total value (a total or aggregate at both ends, such as 総数 → 全国) not stored"))
    #expect(u.report.rowsRead == 4 && u.report.rowsUsed == 4)
  }

  @Test("Rates are rejected with a reason; 都道府県内移動者数 is kept as moves inside the area, never 転入 or 転出")
  func rejectedRows() throws {
    let text = """
      "表章項目 コード","表章項目","全国・都道府県 コード","全国・都道府県","時間軸（年次） コード","時間軸（年次）","unit","value"
      "110","転入者数","43000","熊本県","2025000000","2025年","人","28,923"
      "120","転出者数","43000","熊本県","2025000000","2025年","人","31,256"
      "140","都道府県内移動者数","43000","熊本県","2025000000","2025年","人","40,000"
      "150","転入超過率","43000","熊本県","2025000000","2025年","％","-0.14"
      """
    let r = try AnyInput.read(bytes: Array(text.utf8), file: "r.csv")
    #expect(r.report.rowsRead == 4 && r.report.rowsUsed == 3 && r.report.rowsRejected == 1)
    #expect(r.report.notes.contains("1 value of moves inside an area (都道府県内・自都市内移動者数) kept as such: never 転入 or 転出"))
    #expect(r.report.notes.contains("rows of rates or other non-counts (率) not used: 1"))
    let m = try r.cube.margins()
    #expect(m.inflow(period: 0, sex: 0, area: 0) == 28_923 && m.outflow(period: 0, sex: 0, area: 0) == 31_256)
    #expect(m.value(.within, period: 0, sex: 0, area: 0) == 40_000)
  }

  @Test("Malformed files give one error with line and column", arguments: [
    // (what is broken, line to replace (0 = truncate at byte), replacement, expected error)
    ("a non-numeric value", 14, #""010","移動者数","60000","移動者（外国人含む）","43100","熊本市","2024000101","2024年1月","43428","髙森町","","17","8","x9""#,
     "bad.csv:14:14: 'x9' is not a count (expected digits, thousands separators allowed, or *** / - for no value)"),
    ("an unknown dimension", 11, #""表章項目 コード","表章項目","職業 コード","職業","移動後の住所地 コード","移動後の住所地","時間軸（月次） コード","時間軸（月次）","移動前の住所地 コード","移動前の住所地","/性別","総数","男","女""#,
     "bad.csv:11:3: unknown dimension '職業': idou maps 表章項目, 国籍, 性別, 年齢, 時間軸（年次／月次）, 移動前の住所地, 移動後の住所地, 地域（全国・都道府県・市区町村）"),
    ("a missing header", 11, "",
     "bad.csv:12:1: expected the e-Stat table header ('<dimension> コード','<dimension>' columns) or a metadata line ('<項目>：',…) before the data, found '010,移動者数,60000,移動者（外国人含む）'"),
    ("an unknown nationality", 13, #""010","移動者数","63000","その他","43100","熊本市","2024000101","2024年1月","43100","熊本市","","-","-","-""#,
     "bad.csv:13:3: unknown 国籍 code (expected 60000 移動者, 61000 日本人移動者, 62000 外国人移動者): '63000' (その他)"),
    ("a bad time code", 13, #""010","移動者数","60000","移動者","43100","熊本市","2024000113","2024年13月","43100","熊本市","","-","-","-""#,
     "bad.csv:13:7: time code is not YYYY00MMMM (a month) or YYYY000000 (a year): '2024000113' (2024年13月)"),
    ("a short row", 13, #""010","移動者数","60000""#, "bad.csv:13:4: row has 3 fields, the header (line 11) has 14"),
  ])
  func malformed(what: String, line: Int, replacement: String, expected: String) throws {
    let bytes = try EStatFixture.replacingLine(line, of: "estat-crosstab-utf8.csv", with: replacement.isEmpty ? "" : replacement + "\r")
    do {
      _ = try AnyInput.read(bytes: bytes, file: "bad.csv")
      Issue.record("\(what): no error")
    } catch {
      #expect("\(error)" == expected, "\(what)")
    }
  }

  @Test("A truncated quote is an error at the line and column where the quote opens")
  func truncatedQuote() throws {
    let all = try EStatFixture.bytes("estat-crosstab-cp932.csv")
    let needle = Array("\"2,095".utf8)
    let at = try #require((0..<all.count - needle.count).first { Array(all[$0..<$0 + needle.count]) == needle })
    let cut = Array(all.prefix(at + 3))  // ends inside "2,095
    do {
      _ = try AnyInput.read(bytes: cut, file: "cut.csv")
      Issue.record("no error")
    } catch {
      #expect(error as? DataError == DataError(file: "cut.csv", line: 12, column: 12, reason: "quoted field is never closed"))
    }
  }

  @Test("The real 2025 matrix written as an e-Stat download reads to the same 転入/転出 as the wide matrix")
  func realMatrixAsEStatDownload() throws {
    let wide = try AnyInput.read(path: repositoryRoot + "/datasets/real/jp-prefecture-migration-2025.csv")
    let cube = wide.cube
    var text = "\"統計名：\",\"住民基本台帳人口移動報告 年報（実数）\"\r\n\r\n"
    text += "\"表章項目 コード\",\"表章項目\",\"国籍 コード\",\"国籍\",\"移動後の住所地 コード\",\"移動後の住所地\","
    text += "\"時間軸（年次） コード\",\"時間軸（年次）\",\"移動前の住所地 コード\",\"移動前の住所地\",\"unit\",\"value\"\r\n"
    for (d, dest) in cube.areas.enumerated() {
      for (o, origin) in cube.areas.enumerated() {
        let v = cube[0, 0, o, d]
        let cell = o == d ? "-" : v >= 1000 ? "\(v / 1000),\(String(v % 1000 + 1000).dropFirst())" : "\(v)"
        text += "\"010\",\"移動者数\",\"60000\",\"移動者\",\"\(dest.prefecture!.eStatCode)\",\"\(dest.name)\",\"2025000000\",\"2025年\","
        text += "\"\(origin.prefecture!.eStatCode)\",\"\(origin.name)\",\"人\",\"\(cell)\"\r\n"
      }
    }
    let eStat = try AnyInput.read(bytes: Array(text.utf8), file: "real-as-estat.csv")
    #expect(eStat.report.rowsRead == 47 * 47 && eStat.report.markers == 47)
    #expect(eStat.cube.total() == 2_515_731)
    let a = try eStat.cube.margins().summary(year: 2025), b = try cube.margins().summary(year: 2025)
    #expect(a == b)
    #expect(a.first { $0.area == area("43") }.map { [$0.in, $0.out] } == [28_923, 31_256])
    #expect(a.reduce(0) { $0 + $1.net! } == 0)
  }

  @Test("An e-Stat download and the same figures as a long table give the same summary, for 総数, 男 and 女",
        arguments: [("estat-crosstab-cp932.csv", "long-od.csv", 2024), ("estat-area-monthly-utf8.csv", "long-area-totals.csv", 2025)])
  func eStatEqualsLongTable(eStat: String, long: String, year: Int) throws {
    let a = try AnyInput.read(path: EStatFixture.path(eStat)).cube.margins()
    let b = try AnyInput.read(path: EStatFixture.path(long)).cube.margins()
    for sex in Sex.allCases {
      let x = try a.summary(year: year, sex: sex).map { [$0.area.codeText, $0.period, "\($0.in)", "\($0.out)", "\($0.net)"] }
      let y = try b.summary(year: year, sex: sex).map { [$0.area.codeText, $0.period, "\($0.in)", "\($0.out)", "\($0.net)"] }
      // The e-Stat table gives 福岡市 → 髙森町 of 2024-02 as *** (no value), so 福岡市's 転出 is absent; the long
      // table, which has no row for that cell, says there were none. Everything else agrees.
      let marked = eStat == "estat-crosstab-cp932.csv" ? "40130" : ""
      #expect(x.filter { $0[0] != marked } == y.filter { $0[0] != marked }, "\(sex)")
      if !marked.isEmpty { #expect(x.first { $0[0] == marked }?[3] == "nil", "\(sex)") }
      #expect(!x.isEmpty)
    }
  }

  @Test("Summary of the e-Stat fixture equals the generator's 転入/転出 per municipality")
  func summaryOfFixture() throws {
    let r = try AnyInput.read(path: EStatFixture.path("estat-api.csv"))
    let rows = try r.cube.margins().summary(year: 2024)
    // 福岡市's February cell to 髙森町 is `***` (not surveyed): its 転出 of the period is not known, where the
    // generator counted the cell as 0. In a cube the same cell leaves 髙森町's 転入 unknown too: the table states
    // it on its 総数 row (49, which `summary` shows from the table's own margins), but not for 男 and 女, and a
    // cube keeps one flag per area and figure. Every other figure is the generator's.
    let expected = Array(try EStatFixture.lines("expected-summary-2024.csv").dropFirst())
      .map { ["40130,125,2155,-2030": "40130,125,-,-", "43428,49,39,10": "43428,-,39,-"][$0] ?? $0 }
    func text(_ v: Int64?) -> String { v.map(String.init) ?? "-" }
    #expect(rows.map { "\($0.area.codeText),\(text($0.in)),\(text($0.out)),\(text($0.net))" } == expected)
  }
}
