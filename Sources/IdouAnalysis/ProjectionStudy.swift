import IdouCore
import IdouProjection

/// The year-end projection of areas with everything a statistician reads beside it (DESIGN §5): the method's
/// backtest over the years before, the empirical interval from its past errors, the actual year when the data
/// has it, and the comparison with a target. `project`, `backtest` and the report all come here, so the figures
/// cannot differ between them.
///
/// ```swift
/// let study = try ProjectionStudy(data: data, areas: [kumamoto], year: 2025, through: 9, target: -1_624)
/// study.rows[0].projection.net.annual   // ▲1,648
/// study.rows[0].actual?.net             // ▲2,333
/// study.rows[0].target?.met             // false
/// ```
public struct ProjectionStudy: Sendable {
  /// One area's result.
  public struct Row: Sendable {
    public var projection: SeriesProjection
    /// The method's backtest over the years before the projected year, or why there is none.
    public var backtest: Result<SeriesBacktest, ProjectionError>
    /// The range of past errors applied to this projection.
    public var interval: EmpiricalInterval?
    /// The projected year's actual figures, when the data has the whole year.
    public var actual: Actual?
    public var target: TargetComparison?

    /// Projected − actual 社会増減, when the actual is known.
    public var netError: Int64? { actual.map { projection.net.annual - $0.net } }
  }

  /// 転入, 転出 and 社会増減 of a whole year in the data.
  public struct Actual: Sendable, Equatable {
    public var inflow: Int64
    public var outflow: Int64
    public var net: Int64 { inflow - outflow }
  }

  public var months: YearMonths
  public var method: ProjectionMethod
  public var history: Int
  /// Years whose months M+1…12 were derived as annual − Σ months 1…M.
  public var derivedRemainders: [Int]
  /// The rows asked for, in order (areas by code).
  public var rows: [Row]
  /// The projection of every series of the panel (for reconciled views of totals and their parts).
  public var projection: Projection

  /// Projects the areas (all when `areas` is empty) and backtests the method on the years before.
  ///
  /// - Parameters:
  ///   - panel: the series (``MigrationData/totals(_:)``, or one area's counterpart panel).
  ///   - keys: the series to report, in order; all of the panel's when `nil`.
  ///   - months: year and months 1…M (resolved by ``MigrationData/resolveForProjection(year:through:)``).
  ///   - target: a KPI on the net, or `nil`.
  /// - Throws: ``ProjectionError`` when the year cannot be projected (missing months, a zero denominator).
  public init(panel: MonthlyPanel, keys: [SeriesKey]? = nil, months: YearMonths,
              method: ProjectionMethod = .samePeriodRatio, history: Int = 3, target: Int64? = nil)
    throws(ProjectionError)
  {
    let projection = try Projection(panel: panel, year: months.year, through: months.through, method: method,
                                    history: history)
    let backtest: Result<Backtest, ProjectionError>
    do {
      backtest = .success(
        try Backtest.run(panel: panel, through: months.through, methods: [method], history: history,
                         before: months.year)[0])
    } catch {
      backtest = .failure(error)
    }
    let hasActual = panel.hasTotal(year: months.year) && months.through < 12
    let actualIn = hasActual ? panel.total(.in, year: months.year) : []
    let actualOut = hasActual ? panel.total(.out, year: months.year) : []
    var rows: [Row] = []
    for key in keys ?? panel.keys {
      let s = panel.index(of: key)!
      let p = try projection.series(s)
      let b = backtest.flatMap { (run: Backtest) -> Result<SeriesBacktest, ProjectionError> in
        Result { () throws(ProjectionError) in try run.series(s) }
      }
      let interval = try? b.get().interval(for: p)
      rows.append(Row(
        projection: p, backtest: b, interval: interval,
        actual: hasActual ? Actual(inflow: Int64(actualIn[s]), outflow: Int64(actualOut[s])) : nil,
        target: target.map { TargetComparison(net: $0, projected: p.net.annual, interval: interval.map { $0.net.low...$0.net.high }) }))
    }
    self.months = months
    self.method = method
    self.history = history
    self.derivedRemainders = projection.derivedRemainders
    self.rows = rows
    self.projection = projection
  }

  /// Projects areas of the data's totals (all, sorted by code, when `areas` is empty), then the groups of a
  /// region set as the sums of their member areas (``MonthlyPanel/adding(groups:)``: the net is exact; 転入 and
  /// 転出 include the moves between members, and the group is named so: 東京圏（構成都道府県の計）).
  public init(data: MigrationData, areas: [Area] = [], regions: RegionSet? = nil, year: Int? = nil,
              through: Int? = nil, method: ProjectionMethod = .samePeriodRatio, history: Int = 3,
              target: Int64? = nil) throws {
    let chosen = try data.resolveAreas(areas)
    let panel = try data.totals(chosen, regions: regions)
    let months = try panel.resolveForProjection(year: year, through: through)
    try self.init(panel: panel, months: months, method: method, history: history, target: target)
  }

  /// The note that says a remainder was derived from an annual total, in Japanese (`nil` when none was).
  public var derivedNote: String? {
    guard !derivedRemainders.isEmpty else { return nil }
    let m = months.through
    let years = derivedRemainders.map { "\($0)年" }.joined(separator: "、")
    return "\(years)の\(m == 11 ? "12月" : "\(m + 1)～12月")は月別の値がないため、年計 − 1～\(m)月の計として求めた（同期比率法などに必要なのはその合計だけなので厳密）。"
  }
}
