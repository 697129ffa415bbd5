import IdouCore
import IdouProjection

/// How far to trust each method for each series (DESIGN §5): every method backtested on the same years before the
/// current one, ranked by the MAE of the net, with the current year's projection and its interval per method.
/// The `backtest` command's use case; ``ProjectionStudy`` is the same engine with one method.
public struct BacktestStudy: Sendable {
  public struct Entry: Sendable {
    public var result: SeriesBacktest
    /// 1 = the smallest net MAE for this series.
    public var rank: Int
    /// The current year's projection by this method with the range of its past errors, when it can be made.
    public var current: (year: Int, projection: SeriesProjection, interval: EmpiricalInterval)?
  }

  /// Per series (in the order asked), its methods best first.
  public var series: [(key: SeriesKey, entries: [Entry])]
  /// The current year (left out of the backtest), and its months 1…M.
  public var months: YearMonths
  public var methods: [ProjectionMethod]
  public var history: Int

  /// - Parameters:
  ///   - panel: the series.
  ///   - keys: the series to score (all when `nil`).
  ///   - months: the current year and M; the backtest uses the years before it.
  /// - Throws: ``ProjectionError`` when no year can be backtested, or a series cannot be scored.
  public init(panel: MonthlyPanel, keys: [SeriesKey]? = nil, months: YearMonths, methods: [ProjectionMethod],
              history: Int = 3) throws(ProjectionError) {
    let runs = try Backtest.run(panel: panel, through: months.through, methods: methods, history: history,
                                before: months.year)
    var projections: [ProjectionMethod: Projection] = [:]
    for m in methods {
      projections[m] = try? Projection(panel: panel, year: months.year, through: months.through, method: m,
                                       history: history)
    }
    var out: [(key: SeriesKey, entries: [Entry])] = []
    for key in keys ?? panel.keys {
      guard let s = panel.index(of: key) else { throw ProjectionError.noSuchSeries(key.description) }
      var results: [SeriesBacktest] = []
      for run in runs { results.append(try run.series(s)) }
      let ranked = Backtest.ranked(results)
      var entries: [Entry] = []
      for (i, r) in ranked.enumerated() {
        let p = try? projections[r.method]?.series(s)
        entries.append(Entry(result: r, rank: i + 1, current: p.map { (months.year, $0, r.interval(for: $0)) }))
      }
      out.append((key, entries))
    }
    self.series = out
    self.months = months
    self.methods = methods
    self.history = history
  }
}
