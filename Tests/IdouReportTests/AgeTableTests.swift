import IdouAnalysis
import IdouCore
import Testing

@testable import IdouReport

/// Age tables: 5歳階級, 年齢3区分 and 総数, checked as sums, on 和歌山県 2024 (日本人移動者, 他市区町村) as e-Stat
/// publishes it (shared/data/real/wakayama-2024: 総数 of the in and out exports).
@Suite("Age classes: 5歳階級 and 年齢3区分")
struct AgeTableTests {
  /// 転入 and 転出 of 和歌山県 2024 by 5-year class, 0～4歳 … 90歳以上 (the exports' 総数 rows, copied).
  static let inflow: [Int64] = [1179, 556, 349, 908, 3148, 3483, 2185, 1487, 1081, 937, 962, 737, 551, 427, 360, 323, 303, 274, 282]
  static let outflow: [Int64] = [1101, 549, 363, 1411, 4879, 4081, 2402, 1486, 1075, 953, 968, 687, 520, 357, 355, 357, 387, 332, 306]

  /// Margins with the five-year classes, the three classes (as published: 2,084 / 15,479 / 1,969 in and 2,013 /
  /// 18,462 / 2,094 out) and 総数 (19,532 / 22,569), with one wrong figure when asked.
  static func margins(wrong: Bool = false) -> Margins {
    let area = Area(Prefecture(code: 30)!)
    let ages = [AgeClass.total] + AgeClass.fiveYear + AgeClass.threeGroups
    var m = Margins(periods: [Period(year: 2024)], areas: [area], sexes: [.total], ages: ages, scope: .japanese)
    func put(_ age: AgeClass, _ i: Int64, _ o: Int64) {
      let g = ages.firstIndex(of: age)!
      m.set(.inflow, i, period: 0, sex: 0, area: 0, age: g)
      m.set(.outflow, o, period: 0, sex: 0, area: 0, age: g)
    }
    for (k, age) in AgeClass.fiveYear.enumerated() { put(age, inflow[k], outflow[k]) }
    put(.years(0...14), wrong ? 2_085 : 2_084, 2_013)
    put(.years(15...64), 15_479, 18_462)
    put(.from(65), 1_969, 2_094)
    put(.total, 19_532, 22_569)
    return m
  }

  @Test("和歌山県 2024 20～24歳: 転入 3,148, 転出 4,879, 転入超過 ▲1,731; rows in the survey's order")
  func wakayama() throws {
    let t = try AgeTable(margins: Self.margins(), area: Area(Prefecture(code: 30)!), year: 2024)
    #expect(t.rows.count == 23)
    #expect(t.rows.map(\.age.label).prefix(5) == ["0～4歳", "5～9歳", "10～14歳", "15～19歳", "20～24歳"])
    #expect(t.rows.suffix(4).map(\.age.label) == ["0～14歳", "15～64歳", "65歳以上", "総数"])
    let twenties = try #require(t.rows.first { $0.age == .years(20...24) })
    #expect(twenties.inflow == 3_148 && twenties.outflow == 4_879 && twenties.net == -1_731)
    // The three classes and 総数 equal the sums of their 5-year classes (as published).
    #expect(t.checks.count == 8 && t.checks.allSatisfy(\.holds))
    let csv = Table.ages(t).render(.csv)
    #expect(csv.hasPrefix("area,name,period,age,in,out,net\n30,和歌山県,2024,0～4歳,1179,1101,78\n"))
    #expect(csv.contains("\n30,和歌山県,2024,20～24歳,3148,4879,-1731\n"))
  }

  @Test("a wider class that is not the sum of its parts is named, with both figures")
  func failedCheck() throws {
    let t = try AgeTable(margins: Self.margins(wrong: true), area: Area(Prefecture(code: 30)!), year: 2024)
    let failed = t.checks.filter { !$0.holds }
    #expect(failed == [AgeTable.Check(age: .years(0...14), figure: .inflow, given: 2_085, sumOfParts: 2_084)])
    #expect(Table.ages(t).footnotes.contains("0～14歳の転入 2,085は5歳階級の合計 2,084と一致しない"))
  }

  @Test("data without age classes is an error saying so, never a table of 総数 alone")
  func noAges() {
    let m = Margins(periods: [Period(year: 2024)], areas: [Area(Prefecture(code: 30)!)], sexes: [.total])
    #expect(throws: CubeError.self) { try AgeTable(margins: m, area: Area(Prefecture(code: 30)!), year: 2024) }
  }
}

@Suite("Chart: 転入超過 by 5歳階級 × 男女")
struct NetByAgeChartTests {
  // 和歌山県 2024 (日本人移動者) 男 and 女 by 5-year class, from the exports (男 + 女 = 総数 on every class).
  static let maleIn: [Int64] = [603, 290, 167, 534, 1719, 1864, 1147, 836, 624, 542, 549, 414, 330, 236, 176, 150, 116, 73, 76]
  static let maleOut: [Int64] = [560, 277, 166, 835, 2535, 2175, 1289, 833, 587, 518, 547, 379, 283, 183, 162, 144, 146, 95, 78]
  static let femaleIn: [Int64] = [576, 266, 182, 374, 1429, 1619, 1038, 651, 457, 395, 413, 323, 221, 191, 184, 173, 187, 201, 206]
  static let femaleOut: [Int64] = [541, 272, 197, 576, 2344, 1906, 1113, 653, 488, 435, 421, 308, 237, 174, 193, 213, 241, 237, 228]

  static func rows(_ i: [Int64], _ o: [Int64]) -> [AgeTable.Row] {
    AgeClass.fiveYear.indices.map { AgeTable.Row(age: AgeClass.fiveYear[$0], inflow: i[$0], outflow: o[$0]) }
  }

  @Test("男 and 女 bars per class, gains up and losses down, ▲ labels; 20～24歳: 男 ▲816, 女 ▲915")
  func chart() throws {
    for k in AgeClass.fiveYear.indices {
      #expect(Self.maleIn[k] + Self.femaleIn[k] == AgeTableTests.inflow[k])
      #expect(Self.maleOut[k] + Self.femaleOut[k] == AgeTableTests.outflow[k])
    }
    var chart = MigrationCharts.netByAge(
      areaName: "和歌山県", year: 2024,
      bySex: [(.male, Self.rows(Self.maleIn, Self.maleOut)), (.female, Self.rows(Self.femaleIn, Self.femaleOut))])
    chart.style.source = Provenance.sourceLine([.published])
    let doc = try parseSVG(chart.svg().xml)
    let bars = doc.elements("rect", class: "bar")
    #expect(bars.count == 38)
    let male2024 = try #require(bars.first { $0.string("data-series") == "男" && $0.string("data-category") == "20～24" })
    let female2024 = try #require(bars.first { $0.string("data-series") == "女" && $0.string("data-category") == "20～24" })
    #expect(male2024.number("data-value") == -816 && female2024.number("data-value") == -915)
    let zero = try #require(doc.elements("line", class: "zero").first?.number("y1"))
    #expect(abs(male2024.number("y")! - zero) < 0.01)  // a loss hangs from the axis
    let gain = try #require(bars.first { $0.string("data-series") == "男" && $0.string("data-category") == "0～4" })
    #expect(gain.number("data-value") == 43 && gain.number("y")! < zero)  // a gain stands on it
    #expect(!doc.elements("text", class: "value").compactMap(\.stringValue).contains { $0.contains("−") || $0.contains("-") })
    #expect(doc.elements("text", class: "source").map(\.stringValue) == ["資料：総務省統計局『住民基本台帳人口移動報告』"])
  }
}
