import IdouCore
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@testable import IdouIngest

@Suite("Tidy tables, population tables and municipal code changes")
struct TablesTests {
  // MARK: Tidy

  @Test("idou's table CSV reads back: 三大都市圏, 地方圏 and the net are checked against the other rows, not stored")
  func tableCSV() throws {
    func table(metroTotalJanuaryOut: Int) -> String {
      var t = "area,area_name,sex,direction,counterpart,counterpart_name,2025-01,2025-01_diff,2025-02,2025-02_diff,total,total_diff\n"
      // out: 東京圏 10, 名古屋圏 2, 大阪圏 3 → 三大都市圏 15; 全国計 40 → 地方圏 25 (both months; January 2024 the
      // same but 全国計 39, so 地方圏 24); in: 8, 1, 2 → 11; 30 → 19.
      let groups = [("51000", "東京圏"), ("52000", "名古屋圏"), ("53000", "大阪圏"), ("metro-total", "三大都市圏"),
                    ("non-metro", "地方圏"), ("00000", "全国計")]
      for (d, v) in [("out", [10, 2, 3, 15, 25, 40]), ("in", [8, 1, 2, 11, 19, 30])] {
        for (i, (code, name)) in groups.enumerated() {
          let jan = d == "out" && i == 3 ? metroTotalJanuaryOut : v[i]
          let diff = i >= 4 ? 1 : 0  // 地方圏 and 全国計 one more than a year before
          t += "43,熊本県,0,\(d),\(code),\(name),\(jan),\(diff),\(v[i]),0,,\n"
        }
      }
      return t
    }
    let r = try Inputs.read(bytes: Array(table(metroTotalJanuaryOut: 15).utf8), file: "t.csv")
    #expect(r.report.rowsRead == 12 && r.report.rowsUsed == 12 && r.report.rowsRejected == 0)
    let m = r.figures[0].margins
    let kumamoto = try #require(m.areaIndex(Area(Prefecture(code: 43)!)))
    let jan = try #require(m.periods.firstIndex(of: Period(year: 2025, month: 1)!))
    let yearBefore = try #require(m.periods.firstIndex(of: Period(year: 2024, month: 1)!))
    #expect(m.outflow(period: jan, sex: 0, area: kumamoto) == 40 && m.inflow(period: jan, sex: 0, area: kumamoto) == 30)
    #expect(m.outflow(period: yearBefore, sex: 0, area: kumamoto) == 39)  // the year before: 40 − 1
    #expect(throws: DataError.self) { _ = try Inputs.read(bytes: Array(table(metroTotalJanuaryOut: 16).utf8), file: "t.csv") }
  }

  @Test("JSON as other tools publish it: per-prefecture totals (domestic_in/out) and origin–destination flows")
  func jsonTables() throws {
    let totals = try Inputs.read(path: dataset("real/FY2025-migration_prefecture.json"))
    #expect(totals.report.rowsRead == 47 && totals.report.rowsUsed == 47)
    let m = totals.figures[0].margins
    let k = try #require(m.areaIndex(Area(Prefecture(code: 43)!)))
    #expect(m.inflow(period: 0, sex: 0, area: k) == 28_923 && m.outflow(period: 0, sex: 0, area: k) == 31_256)
    let od = """
      {"meta": {}, "flows": {"people": {"2024": [[43, 13, 1200], [13, 43, 900]], "2025": [[43, 13, 1100]]},
       "goods": {"2024": [[1, 2, 5]]}}}
      """
    let f = try Inputs.read(bytes: Array(od.utf8), file: "od.json")
    #expect(f.report.rowsRead == 3 && f.report.notes.contains { $0.contains("not used: flows.goods") })
    guard case .flows(let t) = f.figures[0] else { Issue.record("expected flows"); return }
    #expect(t.total() == 3_200)
    #expect(throws: DataError.self) { _ = try Inputs.read(bytes: Array(#"{"flows": {"people": {"2024": [[43, 13]]}}}"#.utf8), file: "bad.json") }
  }

  @Test("A period of many digits is a refused row, not an overflow (fuzz findings: 2024888…8-01, 2024888…8年)")
  func longPeriods() {
    let year = "2024" + String(repeating: "8", count: 40)
    for text in ["month,from,to,sex,count\n\(year)-01,40130,43100,1,1040\n",
                 "month,from,to,sex,count\n\(year)年1月,40130,43100,1,1040\n",
                 "period,scope,from,to,sex,count\n\(year)年,all,40130,43100,1,1040\n"] {
      #expect(throws: (any Error).self) { _ = try Inputs.read(bytes: Array(text.utf8), file: "long.csv") }
    }
  }

  @Test("A tidy table with errors names the line and column")
  func tidyErrors() {
    let cases: [(String, String)] = [
      ("period,scope,from,to,sex,count\n2024-01,all,43,13,0,1.5\n", "t.csv:2:6: '1.5' is not a count (expected digits, or - for no value)"),
      ("period,scope,from,to,sex,count\n2024-13,all,43,13,0,1\n", "t.csv:2:1: '2024-13' is not a period (YYYY or YYYY-MM)"),
      ("period,scope,from,to,sex,count\n2024-01,some,43,13,0,1\n", "t.csv:2:2: 'some' is not a scope (all, japanese, foreign)"),
      ("period,scope,from,to,sex,count\n2024-01,all,43,Z!,0,1\n", "t.csv:2:4: 'Z!' is not an area code (43, 43100, 00000 全国, 51000 東京圏, 99300 不詳, rest)"),
      ("period,scope,from,to,sex,count\n2024-01,all,43,13,3,1\n", "t.csv:2:5: '3' is not a sex code (0 総数, 1 男, 2 女)"),
      ("period,scope,from,to,sex,count\n2024-01,all,43,13,0,1\n2024-01,all,43,13,0,2\n",
       "t.csv:3:6: 2024-01 all 総数 43→13 is given twice (also on line 2)"),
      ("period,scope,origin,to,sex,count\n", "t.csv:1:3: expected the header period,scope,from,to,sex,count"),
    ]
    for (text, expected) in cases {
      do {
        let r = try TidyTableReader().read(bytes: Array(text.utf8), file: "t.csv")
        Issue.record("no error for \(expected): \(r.report)")
      } catch {
        #expect(error.description == expected)
      }
    }
  }

  @Test("Tidy rows keep both scopes apart, one cube each")
  func tidyScopes() throws {
    let text = "period,scope,from,to,sex,count\n2024-01,all,43,13,0,10\n2024-01,japanese,43,13,0,9\n2024-01,all,13,43,0,-\n"
    let r = try TidyTableReader().read(bytes: Array(text.utf8), file: "t.csv")
    #expect(r.scopes == [.all, .japanese])
    #expect(r.figures.map { f -> Int64 in if case .flows(let t) = f { t.total() } else { -1 } } == [10, 9])
    #expect(r.report.rowsRead == 3 && r.report.rowsUsed == 3 && r.report.markers == 1)
  }

  @Test("The real 2025 matrix as tidy rows reads back to the same cube (2,209 − 47 rows, 2,515,731 moves)")
  func realMatrixRoundTrip() throws {
    let wide = try AnyInput.read(path: repositoryRoot + "/datasets/real/jp-prefecture-migration-2025.csv")
    let rows = wide.cube.tidyRows()
    #expect(rows.count == 47 * 46)
    let text = "period,scope,from,to,sex,count\n" + EStatFixture.csvLines(rows).joined(separator: "\n") + "\n"
    let back = try AnyInput.read(bytes: Array(text.utf8), file: "tidy.csv")
    #expect(back.cube.counts == wide.cube.counts)
    #expect(back.cube.areas.map(\.codeText) == wide.cube.areas.map(\.codeText))
    #expect(back.cube.total() == 2_515_731)
  }

  @Test("A region-set file saved in CP932 reads like its UTF-8 twin")
  func regionSetInCP932() throws {
    // "11,tokyo-area,東京圏\n40,40,福岡県\n" in CP932 (東 93 8C, 京 8B 9E, 圏 8C 97; 福 95 9F, 岡 89 AA, 県 8C A7).
    let bytes: [UInt8] = Array("area,group,group_name\n11,tokyo-area,".utf8) + [0x93, 0x8C, 0x8B, 0x9E, 0x8C, 0x97, 0x0A]
      + Array("40,40,".utf8) + [0x95, 0x9F, 0x89, 0xAA, 0x8C, 0xA7, 0x0A]
    let path = "/tmp/idou-region-set-cp932-\(getpid()).csv"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    defer { unlink(path) }
    let set = try RegionSet.named(path)
    #expect(set.groups.map(\.name) == ["東京圏", "福岡県"])
  }

  // MARK: Population

  @Test("Population: 1,709,000 with separators, 総数 derived as 男 + 女 where absent, 全国 as 00000")
  func population() throws {
    let (table, report) = try PopulationTable.read(bytes: EStatFixture.bytes("population.csv"), file: "population.csv")
    #expect(report.rowsRead == 5 && report.rowsUsed == 5 && report.rowsRejected == 0)
    #expect(table.population(area: area("43"), year: 2024) == 1_709_000)
    #expect(table.population(area: area("43"), year: 2024, sex: .female) == 902_000)
    #expect(table.population(area: area("00000"), year: 2024) == 123_802_000)
    #expect(table.population(area: area("43100"), year: 2024, sex: .male) == nil)
    #expect(table.population(area: area("43"), year: 2023) == nil)
    #expect(report.notes.isEmpty)
  }

  @Test("Population: 総数 ≠ 男 + 女 is a warning naming the lines; a year twice is an error")
  func populationChecks() throws {
    let text = "area,year,sex,population\n熊本県,2024,0,100\n43000,2024,1,60\n43,2024,2,41\n"
    let (table, report) = try PopulationTable.read(bytes: Array(text.utf8), file: "p.csv")
    #expect(table.population(area: area("43"), year: 2024) == 100)
    #expect(report.notes == ["warning: lines 2, 3, 4: population 総数 100 ≠ 男 60 + 女 41 (43, 2024)"])
    let twice = "area,year,sex,population\n43,2024,0,100\n43000,2024,0,100\n"
    #expect(throws: DataError(file: "p.csv", line: 3, column: 1, reason: "population of 43 in 2024 (総数) is given twice (also on line 2)")) {
      _ = try PopulationTable.read(bytes: Array(twice.utf8), file: "p.csv")
    }
  }

  // MARK: Code changes

  /// A square cube over municipalities with the given flows (総数 only, one year).
  func cube(_ flows: [(String, String, Int32)]) -> MigrationCube {
    let codes = Array(Set(flows.flatMap { [$0.0, $0.1] })).sorted()
    var c = MigrationCube(periods: [Period(year: 2007)], areas: codes.map { Area(try! MunicipalCode(parsing: $0)) }, sexes: [.total])
    for (o, d, v) in flows { c[0, 0, codes.firstIndex(of: o)!, codes.firstIndex(of: d)!] = v }
    return c
  }

  func flows(_ c: MigrationCube) -> [String: Int32] {
    var out: [String: Int32] = [:]
    for o in c.origins.indices { for d in c.destinations.indices where c[0, 0, o, d] != 0 { out["\(c.origins[o].codeText)>\(c.destinations[d].codeText)"] = c[0, 0, o, d] } }
    return out
  }

  @Test("Re-keying as of a date: chains, many-to-one merges, moves inside a merged city dropped")
  func mergers() throws {
    let (table, report) = try CodeChangeTable.read(bytes: EStatFixture.bytes("code-changes.csv"), file: "code-changes.csv")
    #expect(report.rowsRead == 6 && report.rowsUsed == 6)
    // 富合町 43441, 城南町 43442, 植木町 43443 merge into 熊本市 43100 (2008, 2010); 熊本市 splits into wards 2012.
    let c = cube([("43441", "43442", 5), ("43442", "43100", 7), ("43443", "40130", 3), ("40130", "43441", 11), ("43100", "40130", 20)])

    let asOf2009 = c.rekeyed(by: table, asOf: CalendarDate(parsing: "2009-04-01")!)
    #expect(flows(asOf2009.cube) == ["43100>43442": 5, "43442>43100": 7, "43443>40130": 3, "40130>43100": 11, "43100>40130": 20])
    #expect(asOf2009.changedCodes == 1 && asOf2009.droppedInternal == 0)

    let asOf2011 = c.rekeyed(by: table, asOf: CalendarDate(parsing: "2011-01-01")!)
    // 43441 → 43442 and 43442 → 43100 are now moves inside 熊本市: dropped (5 + 7).
    #expect(flows(asOf2011.cube) == ["43100>40130": 23, "40130>43100": 11])
    #expect(asOf2011.droppedInternal == 12)
    #expect(asOf2011.cube.areas.map(\.codeText) == ["40130", "43100"])

    // As of 2013 熊本市 has split 0.4 / 0.6 into 43101 / 43102: every count stays whole and adds up.
    let asOf2013 = c.rekeyed(by: table, asOf: CalendarDate(parsing: "2013-01-01")!)
    #expect(flows(asOf2013.cube) == ["43101>40130": 9, "43102>40130": 14, "40130>43101": 4, "40130>43102": 7])
    #expect(asOf2013.cube.total() + asOf2013.droppedInternal == c.total())
  }

  @Test("A chain through several dates (6-digit codes with check digits), and a date before any change")
  func chain() throws {
    let text = "old_code,new_code,effective_date\n403059,402311,2018-10-01\n402311,40999,2030-01-01\n"
    let (table, _) = try CodeChangeTable.read(bytes: Array(text.utf8), file: "c.csv")
    let m = try MunicipalCode(parsing: "40305")
    #expect(table.successors(of: m, asOf: CalendarDate(parsing: "2018-09-30")!).map(\.code.code) == [40305])
    #expect(table.successors(of: m, asOf: CalendarDate(parsing: "2018-10-01")!).map(\.code.code) == [40231])
    #expect(table.successors(of: m, asOf: CalendarDate(parsing: "2031-01-01")!).map(\.code.code) == [40999])
  }

  @Test("Code-change errors: a split without shares, shares not summing to 1, a bad check digit, a bad date")
  func codeChangeErrors() {
    let cases: [(String, String)] = [
      ("old_code,new_code,effective_date\n43100,43101,2012-04-01\n43100,43102,2012-04-01\n",
       "c.csv:2:4: 43100 splits into 2 codes on 2012-04-01: each line needs a share"),
      ("old_code,new_code,effective_date,share\n43100,43101,2012-04-01,0.5\n43100,43102,2012-04-01,0.6\n",
       "c.csv:3:4: the shares of 43100 on 2012-04-01 sum to 1.1, not 1"),
      ("old_code,new_code,effective_date\n403058,402311,2018-10-01\n", "c.csv:2:1: '403058' has a bad check digit (expected 9)"),
      ("old_code,new_code,effective_date\n40305,40231,2018-02-30\n", "c.csv:2:3: '2018-02-30' is not a date (YYYY-MM-DD)"),
      ("old_code,new_code,effective_date\n40305,40305,2018-10-01\n", "c.csv:2:2: a code cannot change into itself (40305)"),
      ("old,new,date\n", "c.csv:1:1: expected the header old_code,new_code,effective_date[,share]"),
    ]
    for (text, expected) in cases {
      do {
        _ = try CodeChangeTable.read(bytes: Array(text.utf8), file: "c.csv")
        Issue.record("no error for \(expected)")
      } catch {
        #expect(error.description == expected)
      }
    }
  }

  @Test("Largest remainder keeps every count whole", arguments: [0, 1, 2, 7, 9, 17, 65, 1001])
  func largestRemainder(count: Int) {
    var rng = SplitMix64(seed: UInt64(count))
    for parts in 1...5 {
      let raw = (0..<parts).map { _ in Double(rng.next() % 1000 + 1) }
      let weights = raw.map { $0 / raw.reduce(0, +) }
      let split = MigrationCube.largestRemainder(Int64(count), weights: weights)
      #expect(split.reduce(0, +) == Int64(count))
      for (p, w) in zip(split, weights) { #expect(abs(Double(p) - Double(count) * w) < 1) }
    }
  }

  @Test("--as-of through AnyInput: the e-Stat fixture re-keyed, with a note")
  func anyInputRekeys() throws {
    let text = "old_code,new_code,effective_date\n43428,43100,2025-01-01\n"
    let (table, _) = try CodeChangeTable.read(bytes: Array(text.utf8), file: "c.csv")
    let options = AnyInput.Options(codeChanges: table, asOf: CalendarDate(parsing: "2025-04-01"))
    let r = try AnyInput.read(path: EStatFixture.path("estat-crosstab-utf8.csv"), options: options)
    #expect(r.cube.areas.map(\.codeText) == ["40130", "43100"])
    // 熊本市 ↔ 髙森町 moves (2024-01: 22 + 17, 2024-02: 26 + 14 総数, and their 男/女 layers) become internal.
    #expect(r.report.notes.contains { $0.hasPrefix("re-keyed to the codes of 2025-04-01: 1 code changed, 158 moves between merged municipalities now inside one (dropped)") })
  }
}
