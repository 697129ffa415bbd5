import IdouCore
import IdouIngest
import Testing

@testable import IdouProjection

/// Monthly 転入 / 転出 of one area, written so that the arithmetic below can be checked by hand.
///
///              Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec   Jan–Sep  Oct–Dec  year
///   2023 in     80  90 300 250  90  90  90  90  90  90  90 150     1170      330  1500
///   2024 in    100 100 400 300 100 100 100 100 100 100 100 200     1400      400  1800
///   2025 in     90 110 420 330 105  95 100  90 110 120 100   –     1450
///   2023 out   100 100 100 100 100 100 100 100 100 100 100 100      900      300  1200
///   2024 out   120 110 500 350 120 110 130 110 100 100 100 150     1650      350  2000
///   2025 out   132 121 550 385 132 121 143 121 110 110 110   –     1815
let handTable = areaTotalsTable([
  2023: ([80, 90, 300, 250, 90, 90, 90, 90, 90, 90, 90, 150], Array(repeating: 100, count: 12)),
  2024: ([100, 100, 400, 300, 100, 100, 100, 100, 100, 100, 100, 200],
         [120, 110, 500, 350, 120, 110, 130, 110, 100, 100, 100, 150]),
  2025: ([90, 110, 420, 330, 105, 95, 100, 90, 110, 120, 100],
         [132, 121, 550, 385, 132, 121, 143, 121, 110, 110, 110]),
])

@Suite("Same-period ratio method (同期比率法), computed by hand")
struct SamePeriodRatioTests {
  func project(through m: Int, _ method: ProjectionMethod = .samePeriodRatio, history: Int = 3) throws
    -> SeriesProjection
  {
    try Projection(panel: panel(fromTable: handTable), year: 2025, through: m, method: method, history: history)
      .series(SeriesKey(area: kumamoto))
  }

  @Test("M = 1: only January is known")
  func throughJanuary() throws {
    let p = try project(through: 1)
    // 転入: r = 90 ÷ 100 = 0.9; last year's Feb–Dec = 1800 − 100 = 1700; remainder = 0.9 × 1700 = 1530;
    // annual = 90 + 1530 = 1620.
    #expect(p.in == .init(toDate: 90, lastYearToDate: 100, ratio: 90.0 / 100.0, lastYearRemainder: 1700,
                          projectedRemainder: 1530, annual: 1620, exactRemainder: 90.0 / 100.0 * 1700))
    // 転出: r = 132 ÷ 120 = 1.1; Feb–Dec = 2000 − 120 = 1880; remainder = 1.1 × 1880 = 2068; annual = 2200.
    #expect(p.out.ratio == 132.0 / 120.0)
    #expect((p.out.lastYearRemainder, p.out.projectedRemainder, p.out.annual) == (1880, 2068, 2200))
    // net = 転入 − 転出: to date 90 − 132 = −42; annual 1620 − 2200 = −580.
    #expect((p.net.toDate, p.net.annual) == (-42, -580))
  }

  @Test("M = 9: January to September known, as in the seed report")
  func throughSeptember() throws {
    let p = try project(through: 9)
    // 転入: r = 1450 ÷ 1400 = 1.035714…; Oct–Dec 2024 = 100 + 100 + 200 = 400; remainder = 400 × 1.035714… =
    // 414.29 → 414 persons; annual = 1450 + 414 = 1864.
    #expect(p.in.ratio == 1450.0 / 1400.0)
    #expect((p.in.toDate, p.in.lastYearToDate, p.in.lastYearRemainder) == (1450, 1400, 400))
    #expect((p.in.projectedRemainder, p.in.annual) == (414, 1864))
    // 転出: r = 1815 ÷ 1650 = 1.1; Oct–Dec 2024 = 350; remainder = 385; annual = 1815 + 385 = 2200.
    #expect((p.out.toDate, p.out.lastYearToDate, p.out.lastYearRemainder) == (1815, 1650, 350))
    #expect((p.out.projectedRemainder, p.out.annual) == (385, 2200))
    // net: to date 1450 − 1815 = −365; annual 1864 − 2200 = −336. The net is never projected by a ratio of its
    // own: (−365) ÷ (1400 − 1650 = −250) × (400 − 350) would give a different, meaningless figure.
    #expect((p.net.toDate, p.net.annual) == (-365, -336))
  }

  @Test("M = 11: only December is left")
  func throughNovember() throws {
    let p = try project(through: 11)
    // 転入: Jan–Nov 2025 = 1450 + 120 + 100 = 1670; Jan–Nov 2024 = 1400 + 100 + 100 = 1600; r = 1.04375;
    // December 2024 = 200; remainder = 208.75 → 209; annual = 1670 + 209 = 1879.
    #expect(p.in.ratio == 1670.0 / 1600.0)
    #expect((p.in.toDate, p.in.lastYearToDate, p.in.lastYearRemainder, p.in.projectedRemainder, p.in.annual)
      == (1670, 1600, 200, 209, 1879))
    // 転出: 2035 ÷ 1850 = 1.1; December 2024 = 150 → 165; annual = 2035 + 165 = 2200.
    #expect((p.out.toDate, p.out.lastYearToDate, p.out.lastYearRemainder, p.out.projectedRemainder, p.out.annual)
      == (2035, 1850, 150, 165, 2200))
    #expect((p.net.toDate, p.net.annual) == (-365, -321))
  }

  @Test("the alternatives at M = 9, by hand (転入)")
  func alternatives() throws {
    // same-period difference: d = (1450 − 1400) ÷ 9 = 5.56 a month; remainder = 400 + 3 × 5.56 = 416.67 → 417;
    // annual = 1450 + 417 = 1867 (= 1800 + 12 ÷ 9 × 50 = 1866.67, rounded in the remainder).
    let difference = try project(through: 9, .samePeriodDifference)
    #expect((difference.in.ratio, difference.in.projectedRemainder, difference.in.annual) == (nil, 417, 1867))
    // seasonal naive: remainder = Oct–Dec 2024 = 400; annual = 1850.
    let naive = try project(through: 9, .seasonalNaive)
    #expect((naive.in.projectedRemainder, naive.in.annual) == (400, 1850))
    // seasonal share, k = 2: shares 1400 ÷ 1800 = 0.7778 (2024) and 1170 ÷ 1500 = 0.78 (2023), mean 0.778889;
    // annual = 1450 ÷ 0.778889 = 1861.63; remainder 411.63 → 412; annual = 1862.
    let share = try project(through: 9, .seasonalShare, history: 2)
    #expect((share.in.ratio, share.in.projectedRemainder, share.in.annual) == (nil, 412, 1862))
    // average ratio, k = 2: mean Jan–Sep = (1400 + 1170) ÷ 2 = 1285; r = 1450 ÷ 1285 = 1.1284;
    // mean Oct–Dec = (400 + 330) ÷ 2 = 365; remainder = 365 × 1.1284 = 411.87 → 412; annual = 1862.
    let average = try project(through: 9, .averageRatio, history: 2)
    #expect(average.in.ratio == 1450.0 / 1285.0)
    #expect((average.in.projectedRemainder, average.in.annual) == (412, 1862))
    // With k = 1 both history methods are the same-period ratio: 1450 × 1800 ÷ 1400 = 1864.29 → 1864.
    #expect(try project(through: 9, .seasonalShare, history: 1).in.annual == 1864)
    #expect(try project(through: 9, .averageRatio, history: 1).in == project(through: 9).in)
  }

  @Test("a month that is missing is an error naming it, never a zero")
  func missingMonths() throws {
    // 2025 has no December: projecting from M = 11 works, but history k = 3 needs 2022, which is absent.
    #expect(throws: ProjectionError.self) { try project(through: 9, .seasonalShare, history: 3) }
    let missing2022 = ProjectionError.missingMonths(
      (1...12).map { Period(year: 2022, month: $0)! }, method: .averageRatio,
      needs: "2022-01…2024-12 (or the annual totals of 2022…2024 with their months 1…9) and 2025-01…2025-09")
    #expect(throws: missing2022) { try project(through: 9, .averageRatio, history: 3) }
    #expect(missing2022.description == "no data for 2022-01, 2022-02, 2022-03 and 9 more months: average-ratio needs 2022-01…2024-12 (or the annual totals of 2022…2024 with their months 1…9) and 2025-01…2025-09")
    // Dropping 2024-11 from the table: the same-period ratio needs all of 2024.
    let holed = handTable.split(separator: "\n").filter { !$0.hasPrefix("2024-11") }.joined(separator: "\n")
    #expect(throws: ProjectionError.missingMonths([Period(year: 2024, month: 11)!], method: .samePeriodRatio,
                                                  needs: "2024-01…2024-12 (or the annual totals of 2024 with their months 1…9) and 2025-01…2025-09")) {
      try Projection(panel: panel(fromTable: holed), year: 2025, through: 9, method: .samePeriodRatio)
    }
    #expect(throws: ProjectionError.throughOutOfRange(12)) {
      try Projection(panel: panel(fromTable: handTable), year: 2025, through: 12, method: .samePeriodRatio)
    }
  }

  @Test("a zero denominator is an error that names the series; other series still project")
  func zeroDenominator() throws {
    // 40 福岡県 had no 転入 in Jan–Sep 2024 in this table.
    var text = handTable
    for m in 1...12 { text += "2023-\(m < 10 ? "0" : "")\(m),40,0,5,7\n" }
    for m in 1...12 { text += "2024-\(m < 10 ? "0" : "")\(m),40,0,\(m <= 9 ? 0 : 5),7\n" }
    for m in 1...11 { text += "2025-\(m < 10 ? "0" : "")\(m),40,0,3,7\n" }
    let p = try Projection(panel: panel(fromTable: text), year: 2025, through: 9, method: .samePeriodRatio)
    #expect(throws: ProjectionError.zeroDenominator(series: "40 福岡県 転入, 総数", what: "転入 of 2024-01…2024-09")) {
      try p.series(SeriesKey(area: Area(Prefecture(code: 40)!)))
    }
    #expect(try p.series(SeriesKey(area: kumamoto)).in.annual == 1864)
  }
}
