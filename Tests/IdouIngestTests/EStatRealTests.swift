import IdouCore
import Testing

@testable import IdouIngest

/// e-Stat downloads as they come (issue 10 §2, §3): the real table 1 and the 和歌山県 exports read as they are, and
/// origin–destination downloads shaped like the real one kept aside (scripts/fixtures/okinawa-od.py writes them and
/// computes the expected rows). Expected figures are the published ones (datasets/SOURCES.md, the issue).
@Suite("e-Stat downloads as they come: table 1, the 和歌山県 exports, origin–destination with 21大都市 and 郡")
struct EStatRealTests {
  static let table1 = dataset("real/estat-annual-table1-2010-2025.csv")
  static let wakayama = ["in", "out"].map { dataset("real/wakayama-2024/estat-municipal-\($0)-2024.csv") }

  func margins(_ path: String, _ scope: PopulationScope = .all) throws -> (Margins, ReadReport) {
    let r = try Inputs.read(path: path)
    let (f, report) = try r.selecting(scope)
    guard case .margins(let m) = f else { throw DataError(file: path, line: 0, column: 0, reason: "not margins") }
    return (m, report)
  }

  func row(_ m: Margins, _ year: Int, _ a: String, sex: Sex = .total) throws -> SummaryRow {
    try m.summary(year: year, areas: [area(a)], sex: sex)[0]
  }

  @Test("table 1 as it is: the seed's KPI, 女, 日本人 and 外国人 rows, 熊本市 on its own boundary")
  func table1() throws {
    let (all, report) = try margins(Self.table1)
    #expect(report.rowsRead == 2_450 && report.rowsRead == report.rowsUsed + report.rowsRejected)
    #expect(report.warnings.isEmpty)  // 転入超過数 = 転入 − 転出, 総数 = 男 + 女, 全国 = Σ 47, 21大都市計 = Σ members
    let k2023 = try row(all, 2023, "43")
    #expect((k2023.in, k2023.out, k2023.net) == (30_375, 31_999, -1_624))
    let f2025 = try row(all, 2025, "43", sex: .female)
    #expect((f2025.in, f2025.out, f2025.net) == (12_402, 13_977, -1_575))
    let city = try row(all, 2025, "熊本市")
    #expect((city.in, city.out, city.net) == (24_263, 24_599, -336))
    #expect(city.boundary == .municipality && k2023.boundary == .prefecture)
    let (japanese, _) = try margins(Self.table1, .japanese)
    let j2025 = try row(japanese, 2025, "43"), j2010 = try row(japanese, 2010, "43")
    #expect((j2025.in, j2025.out, j2025.net) == (25_123, 27_236, -2_113))
    #expect((j2010.in, j2010.out, j2010.net) == (28_759, 31_031, -2_272))
    let (foreign, _) = try margins(Self.table1, .foreign)
    let t = try row(foreign, 2025, "13")
    #expect((t.in, t.out, t.net) == (53_858, 54_236, -378))
    #expect(throws: CubeError.noData("year 2015 (the data has 2020–2025)")) { try foreign.summary(year: 2015) }
    // 都道府県内移動者数 is kept as moves inside the area: 全国 2025 2,674,817.
    #expect(all.value(.within, period: all.periodIndex(Period(year: 2025))!, sex: 0, area: all.areaIndex(.nation)!) == 2_674_817)
  }

  @Test("table 1, 2025: exactly the 47 prefectures by default, 2,515,731 both ways and net 0; 東京圏 is the file's own row")
  func table1Leaves() throws {
    let (m, _) = try margins(Self.table1)
    let (main, other) = m.defaultAreas(year: 2025)
    #expect(main.count == 47 && main.allSatisfy { $0.level == .prefecture })
    #expect(other.count == 21)  // 特別区部 and the 20 政令指定都市: their own boundary, listed on request
    let rows = try m.summary(year: 2025, areas: main)
    #expect(rows.reduce(Int64(0)) { $0 + $1.in! } == 2_515_731)
    #expect(rows.reduce(Int64(0)) { $0 + $1.out! } == 2_515_731)
    #expect(rows.reduce(Int64(0)) { $0 + $1.net! } == 0)
    let (groups, absent) = m.grouped(by: .metropolitan)
    let tokyo = try groups.summary(year: 2025, areas: [.tokyoArea])[0]
    #expect((tokyo.in, tokyo.out, tokyo.net) == (515_892, 392_358, 123_534))
    #expect(absent.map(\.name) == ["三大都市圏", "地方圏"])
    // 21大都市計 is kept as its own figure (2025: 21 members; 2011 the table has 20大都市計).
    #expect(m.areaIndex(Area(code: .twentyOneCities)) != nil)
  }

  @Test("the 和歌山県 exports: 和歌山市 2024, Σ 30 municipalities = 和歌山県, 市部/郡部/郡 checked and not added")
  func wakayama() throws {
    var parts: [Margins] = []
    for path in Self.wakayama {
      let (m, report) = try margins(path, .japanese)
      #expect(report.warnings.isEmpty)  // 市部 = Σ 9 cities, 郡部 = Σ 郡, 郡 = Σ towns, 総数 = 男 + 女 = Σ ages
      #expect(report.notes.contains { $0.contains("checked against the sum of their parts") })
      #expect(m.boundaries.allSatisfy { $0 == .municipality })  // 他市区町村 for every row, the prefecture's too
      #expect(m.ages.count == 23)  // 総数, 19 five-year classes, 0～14, 15～64, 65歳以上
      parts.append(m)
    }
    let m = try Margins.merged(parts)
    let city = try row(m, 2024, "和歌山市")
    #expect((city.in, city.out, city.net) == (6_877, 7_534, -657))
    let (leaves, other) = m.defaultAreas(year: 2024)
    #expect(leaves.count == 30 && other.isEmpty)
    let rows = try m.summary(year: 2024, areas: leaves)
    let pref = try row(m, 2024, "30000")
    #expect(rows.reduce(Int64(0)) { $0 + $1.in! } == pref.in && pref.in == 19_532)
    #expect(rows.reduce(Int64(0)) { $0 + $1.out! } == pref.out && pref.out == 22_569)
    // The age axis: 20～24歳 of 和歌山市's 転入 (1,283, the file's figure).
    let twenty = try m.summary(year: 2024, areas: [area("和歌山市")], age: .years(20...24))[0]
    #expect(twenty.in == 1_283)
  }

  static let okinawa = ["okinawa-od-crosstab-cp932.csv", "okinawa-od-crosstab-utf8.csv", "okinawa-od-long-utf8.csv"]

  @Test("origin–destination with 21大都市 origins and 郡 destinations: exactly the leaf rows, in CP932, UTF-8, both forms",
        arguments: okinawa)
  func okinawaLeaves(name: String) throws {
    let expected = Array(try EStatFixture.lines("expected-okinawa-tidy.csv").dropFirst())
    #expect(try EStatFixture.tidyLines(name) == expected)
    let r = try Inputs.read(path: EStatFixture.path(name))
    #expect(r.report.warnings.isEmpty)
    guard case .flows(let flows) = try r.selecting(.all).figures else { Issue.record("not flows"); return }
    #expect(Set(flows.areas.filter { $0.level == .prefecture }).count == 47)
    #expect(!flows.areas.contains { [.cityGroup, .county, .designatedCity, .specialWardArea, .allOrigins].contains($0.level) })
    // 転入 of each municipality is known (the origins are the whole country); the prefectures' 転出 is not (the
    // table gives their moves to 4 municipalities of 沖縄県 only), and 沖縄県 has no 転出 of 28,000 or any.
    let m = flows.margins()
    let naha = m.areaIndex(area("那覇市"))!, okinawa = m.areaIndex(area("47"))!
    let nahaIn = expected.filter { $0.contains(",47201,0,") }.map { Int64($0.split(separator: ",")[5])! }.reduce(0, +)
    #expect(m.inflow(period: 0, sex: 0, area: naha) == nahaIn)
    #expect(m.outflow(period: 0, sex: 0, area: naha) == nil)
    #expect(m.outflow(period: 0, sex: 0, area: okinawa) == nil && m.inflow(period: 0, sex: 0, area: okinawa) == nil)
  }

  /// The fields of one CSV line, and a line of quoted fields back.
  static func fields(_ line: String) -> [String] {
    var csv = CSVReader(bytes: Array(line.utf8), file: "")
    return (try? csv.next())?.fields ?? []
  }
  static func line(_ fields: [String]) -> String { fields.map { "\"\($0)\"" }.joined(separator: ",") }
  static func number(_ s: String) -> Int { Int(s.filter(\.isNumber))! }

  @Test("a 郡 row that is not the sum of its towns is a warning naming its line; a 総数 with 不詳 in it is said so")
  func okinawaChecks() throws {
    let name = "okinawa-od-crosstab-utf8.csv"
    let lines = try EStatFixture.text(name).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // The 八重山郡 row from 北海道: add one to its 総数 and 男.
    let i = try #require(lines.firstIndex { $0.contains("\"47380\",\"八重山郡\",\"01000\"") })
    var cells = Self.fields(lines[i])
    let n = cells.count
    cells[n - 3] = String(Self.number(cells[n - 3]) + 1)
    cells[n - 2] = String(Self.number(cells[n - 2]) + 1)
    var broken = lines
    broken[i] = Self.line(cells)
    let r = try Inputs.read(bytes: Array(broken.joined(separator: "\n").utf8), file: "bad.csv")
    #expect(r.report.warnings.count == 2)  // 総数 and 男
    #expect(r.report.warnings.allSatisfy { $0.hasPrefix("line \(i + 1): 47380 八重山郡") && $0.contains("difference 1") })
    // A 総数 that includes 不詳: every 00999 row plus the 不詳 row of its destination.
    var including = lines
    for (k, l) in lines.enumerated() where l.contains("\"00999\",\"\",\"総数\"") {
      let total = Self.fields(l)
      guard let u = lines.first(where: { $0.contains("\"99300\"") && Self.fields($0)[7] == total[7] }).map(Self.fields) else { continue }
      var out = total
      for c in (total.count - 3)..<total.count { out[c] = String(Self.number(total[c]) + Self.number(u[c])) }
      including[k] = Self.line(out)
    }
    let r2 = try Inputs.read(bytes: Array(including.joined(separator: "\n").utf8), file: "incl.csv")
    #expect(r2.report.warnings.isEmpty)
    #expect(r2.report.notes.contains { $0.hasPrefix("the 総数 includes 移動前の住所地不詳") })
  }

  @Test("a truncated copy is refused at its line")
  func truncated() throws {
    let bytes = try EStatFixture.bytes("okinawa-od-crosstab-cp932.csv")
    // Cut 15 bytes into a data row two thirds of the way in.
    let at = bytes[..<(bytes.count * 2 / 3)].lastIndex(of: 0x0A)! + 16
    let cut = Array(bytes.prefix(at))
    let lineOfCut = cut.filter { $0 == 0x0A }.count + 1
    do {
      _ = try Inputs.read(bytes: cut, file: "cut.csv")
      Issue.record("a truncated file was read")
    } catch let e as DataError {
      #expect(e.line == lineOfCut)
    }
  }
}
