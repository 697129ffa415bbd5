import IdouCore
import IdouProjection
import Testing

@testable import IdouAnalysis

@Suite("Last year's remainder from its annual total")
struct AnnualRemainderTests {
  /// 熊本県: January–September of 2024 and 2025 from the monthly series, and the 2024 annual total of e-Stat table 1
  /// (移動者 29,700 in, 31,242 out; ../shared/data/real/SOURCES.md) instead of October–December.
  static func collector(annual2024: (in: Int64, out: Int64)) throws -> SeriesCollector {
    var c = SeriesCollector()
    let key = SeriesKey(area: kumamoto)
    for year in [2024, 2025] {
      for m in 1...9 {
        let v = RawMonthly.figures[.init(pref: 43, year: year, month: m)]!
        try c.add(key, Period(year: year, month: m)!, in: Int64(v.in), out: Int64(v.out), source: "monthly")
      }
    }
    try c.add(key, Period(year: 2024), in: annual2024.in, out: annual2024.out, source: "table1")
    return c
  }

  @Test("the seed case from January–September and the 2024 annual total: the same figures, said to be derived")
  func seedFromAnnual() throws {
    let data = try MigrationData(Self.collector(annual2024: (29_700, 31_242)))
    let study = try ProjectionStudy(data: data, areas: [kumamoto], year: 2025, through: 9)
    let p = try #require(study.rows.first).projection
    let (inflow, outflow) = (p.in, p.out)
    // 2024 October–December = annual − January–September: 29,700 − 24,406 = 5,294 and 31,242 − 26,567 = 4,675.
    #expect((inflow.lastYearRemainder, outflow.lastYearRemainder) == (5_294, 4_675))
    #expect((inflow.annual, outflow.annual, p.net.annual) == (29_317, 30_964, -1_648))
    #expect(study.derivedRemainders == [2024])
    #expect(study.derivedNote == "2024年の10～12月は月別の値がないため、年計 − 1～9月の計として求めた（同期比率法などに必要なのはその合計だけなので厳密）。")
  }

  @Test("every method accepts the derived remainder (each needs only its sum)", arguments: ProjectionMethod.allCases)
  func everyMethod(_ method: ProjectionMethod) throws {
    let data = try MigrationData(Self.collector(annual2024: (29_700, 31_242)))
    if method.usesHistory {
      #expect(throws: ProjectionError.self) { try ProjectionStudy(data: data, areas: [kumamoto], year: 2025, through: 9, method: method) }
      let one = try ProjectionStudy(data: data, areas: [kumamoto], year: 2025, through: 9, method: method, history: 1)
      // k = 1: the same-period ratio; share-naive-mean then averages it with last year's remainder:
      // 転入 24,091 + (5,225.67 + 5,294) ÷ 2, 転出 26,331 + (4,633.47 + 4,675) ÷ 2 → ▲1,634.4.
      #expect(one.rows[0].projection.net.annual == (method == .shareNaiveMean ? -1_634 : -1_648))
    } else {
      let s = try ProjectionStudy(data: data, areas: [kumamoto], year: 2025, through: 9, method: method)
      #expect(s.derivedRemainders == [2024])
    }
  }

  @Test("twelve months that do not add up to the annual total are an error naming area, year and both figures")
  func disagreement() throws {
    var partial = try RawMonthly.data().series
    try partial.add(SeriesKey(area: kumamoto), Period(year: 2024), in: 29_700, out: 31_242, source: "table1.csv")
    // An annual total for one area only: that area can use it; all 47 together cannot (a panel keeps one set of
    // periods), and the error says so.
    let data = try MigrationData(partial)
    #expect(throws: AnalysisError.partialCoverage("2024 is given for 1 of 47 series but not for 01 北海道, 総数 and 45 more")) {
      try data.totals()
    }
    #expect(try data.totals([kumamoto]).hasAnnual(year: 2024))
    var c = try RawMonthly.data().series
    for pref in 1...47 {
      let year = RawMonthly.sum(pref, 2024, 1...12)
      try c.add(SeriesKey(area: Area(Prefecture(code: pref)!)), Period(year: 2024),
                in: Int64(year.in + (pref == 43 ? 1 : 0)), out: Int64(year.out), source: "table1.csv")
    }
    #expect(throws: AnalysisError.disagreement(
      "43 熊本県 転入, 総数 2024: the 12 months add up to 29700, the annual total is 29701 (monthly-prefecture-2013-07_2026-07.csv, table1.csv)"))
    {
      try MigrationData(c)
    }
  }
}
