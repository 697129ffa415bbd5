import IdouCore
import IdouProjection
import Testing

@testable import IdouAnalysis

let kumamoto = Area(Prefecture(code: 43)!)

@Suite("Projections of every prefecture on the real monthly series")
struct ProjectionStudyTests {
  static let data: MigrationData = try! RawMonthly.data()

  @Test("the seed case: 熊本県 2025 from January–September, with the actual year and the KPI")
  func seedCase() throws {
    let study = try ProjectionStudy(data: Self.data, areas: [kumamoto], year: 2025, through: 9, target: -1_624)
    let row = try #require(study.rows.first)
    let p = row.projection
    let (inflow, outflow) = (p.in, p.out)
    #expect(String(format: "%.4f", inflow.ratio! * 100) == "98.7093")
    #expect(String(format: "%.4f", outflow.ratio! * 100) == "99.1117")
    #expect((inflow.annual, outflow.annual, p.net.annual) == (29_317, 30_964, -1_648))
    #expect(row.actual == .init(inflow: 28_923, outflow: 31_256))
    #expect(row.netError == 685)
    let t = try #require(row.target)
    #expect((t.net, t.projectedMinusTarget, t.met) == (-1_624, -24, false))
    #expect(t.sentence == "KPI (▲1,624) に対し推計 ▲1,648：24人下回る見込み")
    // The backtest of the method for 熊本県 at M = 9 over 2015–2024: MAE 341.3 persons (computed independently).
    let b = try row.backtest.get()
    #expect(b.years.map(\.year) == Array(2015...2024))
    #expect(abs(b.mae.net - 341.3) < 0.01)
  }

  /// Any prefecture, year and M: the projection and the backtest equal the hand computation on the raw numbers.
  @Test("project and backtest equal an independent computation", arguments: [
    (13, 2026, 7), (27, 2026, 7), (40, 2025, 9), (1, 2024, 6), (47, 2026, 3), (23, 2025, 11),
  ])
  func independent(_ pref: Int, _ year: Int, _ m: Int) throws {
    let area = Area(Prefecture(code: pref)!)
    let study = try ProjectionStudy(data: Self.data, areas: [area], year: year, through: m)
    let row = try #require(study.rows.first)
    let hand = RawMonthly.samePeriodRatio(pref, year: year, through: m)
    let (handIn, handOut, handRatio) = (Int64(hand.in), Int64(hand.out), hand.ratioIn)
    let (inflow, outflow) = (row.projection.in, row.projection.out)
    #expect(abs(inflow.annual - handIn) <= 1)
    #expect(abs(outflow.annual - handOut) <= 1)
    #expect(String(format: "%.4f", inflow.ratio!) == String(format: "%.4f", handRatio))
    // The backtest scores every complete year before the projected one whose year before has Jan–M.
    let b = try row.backtest.get()
    let years = (2014..<year).filter { RawMonthly.complete(pref, $0) && RawMonthly.figures[.init(pref: pref, year: $0 - 1, month: 1)] != nil }
    #expect(b.years.map(\.year) == years)
    for y in b.years {
      let h = RawMonthly.samePeriodRatio(pref, year: y.year, through: m)
      let actual = RawMonthly.sum(pref, y.year, 1...12)
      // (Locals, not tuple members named `in` inside #expect: the macro mis-evaluates them.)
      let handNet = Int64(h.in - h.out), actualNet = Int64(actual.in - actual.out)
      #expect(abs(y.net.projected - handNet) <= 1)
      #expect(y.net.actual == actualNet)
    }
  }

  @Test("without an area: all 47 prefectures, sorted by code; the year and months default to the latest")
  func everyPrefecture() throws {
    let study = try ProjectionStudy(data: Self.data)
    #expect(study.months == YearMonths(year: 2026, through: 7))
    #expect(study.rows.map { $0.projection.key.area.codeText } == Prefecture.all.map(\.codeString))
    #expect(study.rows.allSatisfy { $0.actual == nil })
  }

  @Test("errors say which years and months the data has")
  func errors() throws {
    #expect(throws: AnalysisError.noSuchMonths(year: 2026, through: 9, have: "2026-01…2026-07")) {
      try Self.data.resolveForProjection(year: 2026, through: 9)
    }
    #expect(throws: AnalysisError.noSuchYear(2030, have: "months 2013-07…2026-07")) {
      try Self.data.resolve(year: 2030, through: nil)
    }
    #expect(throws: AnalysisError.yearIsComplete(2025)) { try Self.data.resolveForProjection(year: 2025, through: nil) }
    #expect(throws: AnalysisError.noSuchMonths(year: 2013, through: 1, have: "2013-07…2013-12")) {
      try Self.data.resolve(year: 2013, through: nil)
    }
  }
}
