import IdouCore
import Testing

@testable import IdouProjection

/// 転入 of one area, Jan–Sep and Oct–Dec, months equal within each part except December:
///
///              Jan–Sep (per month)   Oct Nov Dec   year
///   2022 in    900 (100)             100 100 100   1200
///   2023 in   1800 (200)             150 150 200   2300
///   2024 in    900 (100)             100 100 200   1300
///   2025 in    900 (100)               –   –   –
/// 転出 is 100 every month of every year.
let backtestTable = areaTotalsTable([
  2022: (Array(repeating: 100, count: 12), Array(repeating: 100, count: 12)),
  2023: (Array(repeating: 200, count: 9) + [150, 150, 200], Array(repeating: 100, count: 12)),
  2024: (Array(repeating: 100, count: 9) + [100, 100, 200], Array(repeating: 100, count: 12)),
  2025: (Array(repeating: 100, count: 9), Array(repeating: 100, count: 9)),
])

@Suite("Backtest: past years projected from Jan–M and compared with the actual year")
struct BacktestTests {
  @Test("errors, MAE, RMSE, MAPE and the interval, by hand")
  func handComputed() throws {
    let panel = try panel(fromTable: backtestTable)
    let runs = try Backtest.run(panel: panel, through: 9, methods: [.samePeriodRatio, .seasonalNaive], before: 2025)
    let ratio = try runs[0].series(SeriesKey(area: kumamoto))
    // Years with complete data and a complete year before them: 2023 and 2024 (2022 has no 2021).
    #expect(ratio.years.map(\.year) == [2023, 2024])
    // 2023: r = 1800 ÷ 900 = 2; projected = 1800 + 2 × 300 = 2400; actual 2300; error +100.
    // 2024: r = 900 ÷ 1800 = 0.5; projected = 900 + 0.5 × 500 = 1150; actual 1300; error −150.
    #expect(ratio.years.map(\.in) == [.init(projected: 2400, actual: 2300), .init(projected: 1150, actual: 1300)])
    #expect(ratio.years.map(\.in.error) == [100, -150])
    // 転出 is flat: r = 1, no error; so the net errors are the 転入 errors.
    #expect(ratio.years.map(\.out.error) == [0, 0])
    #expect(ratio.years.map(\.net) == [.init(projected: 1200, actual: 1100), .init(projected: -50, actual: 100)])
    // MAE = (100 + 150) ÷ 2 = 125; RMSE = √((100² + 150²) ÷ 2) = √16250 = 127.48;
    // MAPE = (100 ÷ 2300 + 150 ÷ 1300) ÷ 2 × 100 = (4.348 + 11.538) ÷ 2 = 7.943 %.
    #expect(ratio.mae == .init(in: 125, out: 0, net: 125))
    #expect(ratio.rmse.in == (16250.0).squareRoot() && ratio.rmse.net == ratio.rmse.in && ratio.rmse.out == 0)
    #expect(abs(ratio.mape.in - (100.0 / 2300 + 150.0 / 1300) / 2 * 100) < 1e-12)
    #expect(ratio.mape.out == 0)

    // Seasonal naive: 2023 = 1800 + 300 = 2100 (error −200); 2024 = 900 + 500 = 1400 (error +100); MAE 150.
    let naive = try runs[1].series(SeriesKey(area: kumamoto))
    #expect(naive.years.map(\.in.error) == [-200, 100])
    #expect(naive.mae.net == 150)
    // Ranking by net MAE: the ratio (125) before naive (150).
    #expect(Backtest.ranked([naive, ratio]).map(\.method) == [.samePeriodRatio, .seasonalNaive])

    // The current projection (2025 through September): r = 900 ÷ 900 = 1; 転入 = 900 + 400 = 1300; 転出 1200;
    // net 100. Interval from the errors {+100, −150}: 1300 − 100 … 1300 + 150 = 1200 … 1450 (net the same shift).
    let now = try Projection(panel: panel, year: 2025, through: 9, method: .samePeriodRatio)
      .series(SeriesKey(area: kumamoto))
    let interval = ratio.interval(for: now)
    #expect(interval.in == .init(projected: 1300, low: 1200, high: 1450))
    #expect(interval.out == .init(projected: 1200, low: 1200, high: 1200))
    #expect(interval.net == .init(projected: 100, low: 0, high: 250))
    // Two past errors: a new one falls inside their range with probability 1/3.
    #expect(interval.nominalCoverage == 1.0 / 3.0)
  }

  @Test("methods are compared on the same years; too little history is an error that says why")
  func commonYears() throws {
    let panel = try panel(fromTable: backtestTable)
    // k = 2 needs two complete years before: only 2024 qualifies, for every method.
    let runs = try Backtest.run(panel: panel, through: 9, methods: ProjectionMethod.allCases, history: 2, before: 2025)
    #expect(runs.map(\.years) == Array(repeating: [2024], count: ProjectionMethod.allCases.count))
    #expect(throws: ProjectionError.noBacktestYears(
      "no year before 2025 has months 1…9 and its total with 3 such years before it (data: 2022…2025)")) {
      try Backtest.run(panel: panel, through: 9, methods: ProjectionMethod.allCases, history: 3, before: 2025)
    }
  }

  @Test("a series that cannot be projected in some year is not scored, and the error says which year and why")
  func unscoredSeries() throws {
    let keys = [SeriesKey(area: kumamoto), SeriesKey(area: Area(Prefecture(code: 40)!))]
    var panel = MonthlyPanel(keys: keys, firstYear: 2022, yearCount: 3)
    for y in 2022...2024 {
      for m in 1...12 {
        panel.set(series: 0, year: y, month: m, in: 100, out: 100)
        // 福岡県 had no 転入 in January–September 2022.
        panel.set(series: 1, year: y, month: m, in: y == 2022 && m <= 9 ? 0 : 50, out: 60)
      }
    }
    let run = try Backtest.run(panel: panel, through: 9, methods: [.samePeriodRatio])[0]
    #expect(run.years == [2023, 2024])
    #expect(try run.series(0).mae.net == 0)
    #expect(throws: ProjectionError.notScored(
      series: "40 福岡県, 総数", reason: "in 2023: cannot project 40 福岡県 転入, 総数: 転入 of 2022-01…2022-09 is 0")) {
      try run.series(1)
    }
  }

  @Test("a projection beyond any count of persons is refused, not turned into a number")
  func outOfRange() throws {
    var panel = MonthlyPanel(keys: [SeriesKey(area: kumamoto)], firstYear: 2024, yearCount: 2)
    for m in 1...12 {
      // 2024: one 転入 in January–September, 2,000,000,000 a month after; 2025: 2,000,000,000 a month.
      panel.set(series: 0, year: 2024, month: m, in: m == 1 ? 1 : m <= 9 ? 0 : 2e9, out: 10)
      if m <= 9 { panel.set(series: 0, year: 2025, month: m, in: 2e9, out: 10) }
    }
    let p = try Projection(panel: panel, year: 2025, through: 9, method: .samePeriodRatio)
    // r = 1.8e10 ÷ 1; remainder = 1.8e10 × 6e9 = 1.08e20 persons.
    #expect(throws: ProjectionError.outOfRange(series: "43 熊本県 転入, 総数", value: 1.8e10 + 1.08e20)) {
      try p.series(0)
    }
  }

  @Test("the lane statistics match per-series loops on generated data", arguments: [1, 8, 17])
  func statisticsMatchLoops(count: Int) throws {
    let panel = randomPanel(count: count, years: 2014...2024, seed: 99 &+ UInt64(count))
    for method in ProjectionMethod.allCases {
      let run = try Backtest.run(panel: panel, through: 6, methods: [method], history: 3)[0]
      #expect(run.years == Array((method.usesHistory ? 2017 : 2015)...2024))
      for s in 0..<count {
        let b = try run.series(s)
        var absolute = 0.0, squares = 0.0, percent = 0.0
        for (i, y) in run.years.enumerated() {
          let p = try Projection(panel: panel, year: y, through: 6, method: method, history: 3).series(s)
          #expect(b.years[i].in.projected == p.in.annual && b.years[i].out.projected == p.out.annual)
          let e = Double(b.years[i].net.error)
          absolute += abs(e)
          squares += e * e
          percent += abs(Double(b.years[i].in.error)) / Double(b.years[i].in.actual)
        }
        let n = Double(run.years.count)
        #expect(abs(b.mae.net - absolute / n) < 1e-9)
        #expect(abs(b.rmse.net - (squares / n).squareRoot()) < 1e-9)
        #expect(abs(b.mape.in - percent / n * 100) < 1e-9)
      }
    }
  }
}
