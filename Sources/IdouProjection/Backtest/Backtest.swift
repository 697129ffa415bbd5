import IdouCore

/// How far to trust a projection method (DESIGN §5): for every past year with complete data, project it from its
/// months 1…M as if the rest were unknown and compare with the actual year.
///
/// Errors are `projected − actual` in persons (positive: the method projected too many moves). Per series and
/// over the backtest years: MAE = mean |error| and RMSE = √(mean error²) for 転入, 転出 and net; MAPE =
/// mean |error| ÷ actual × 100 for 転入 and 転出 only (net can be near zero or change sign, so a percentage of it
/// means nothing). All series are scored at once in SIMD lanes.
///
/// ```swift
/// let results = try Backtest.run(panel: panel, through: 9, methods: ProjectionMethod.allCases, before: 2025)
/// let kumamoto = try results.map { try $0.series(SeriesKey(area: Area(Prefecture(code: 43)!))) }
/// Backtest.ranked(kumamoto).first?.method   // the method with the smallest net MAE
/// ```
public struct Backtest: Sendable {
  public let method: ProjectionMethod
  public let through: Int
  public let history: Int
  public let keys: [SeriesKey]
  /// The years projected and compared, ascending.
  public let years: [Int]
  /// Per year (as `years`), per lane: projected and actual 転入 and 転出 in persons.
  public let projectedIn: [[Double]], actualIn: [[Double]], projectedOut: [[Double]], actualOut: [[Double]]
  /// Per year, per lane: the projected net (rounded once from the unrounded 転入 and 転出).
  public let projectedNet: [[Double]]
  /// Per lane, over the years.
  public let maeIn: [Double], maeOut: [Double], maeNet: [Double]
  public let rmseIn: [Double], rmseOut: [Double], rmseNet: [Double]
  public let mapeIn: [Double], mapeOut: [Double]
  /// Series index → why it has no score (a zero denominator in some year, or an actual of 0 for MAPE).
  public let undefined: [Int: String]

  /// The years a backtest can use: years before `before` (if given) with months 1…M and a known total (twelve
  /// months or an annual figure), whose `yearsNeeded` years before them have these too, for every method given
  /// (so that methods are compared on the same years).
  public static func years(panel: MonthlyPanel, through: Int, methods: [ProjectionMethod], history: Int,
                           before: Int?) -> [Int] {
    let need = methods.map { $0.yearsNeeded(history: history) }.max() ?? 1
    return panel.years.filter { y in
      (before.map { y < $0 } ?? true) && (0...need).allSatisfy { panel.hasToDateAndTotal(year: y - $0, through: through) }
    }
  }

  /// Backtests methods over all series of a panel, on the same years.
  ///
  /// - Parameters:
  ///   - panel: monthly series.
  ///   - through: M, 1…11.
  ///   - methods: the methods to score.
  ///   - history: k for the methods that use several years.
  ///   - before: only years before this one (the year being projected now), or `nil` for every year.
  /// - Throws: ``ProjectionError/noBacktestYears(_:)`` when no year qualifies; the projection's errors.
  /// - Complexity: O(years × methods × (k + 1) × 12 × stride) vector lanes.
  public static func run(panel: MonthlyPanel, through: Int, methods: [ProjectionMethod], history: Int = 3,
                         before: Int? = nil) throws(ProjectionError) -> [Backtest] {
    guard (1...11).contains(through) else { throw ProjectionError.throughOutOfRange(through) }
    let years = years(panel: panel, through: through, methods: methods, history: history, before: before)
    guard !years.isEmpty else {
      let need = methods.map { $0.yearsNeeded(history: history) }.max() ?? 1
      throw ProjectionError.noBacktestYears(
        "no year\(before.map { " before \($0)" } ?? "") has months 1…\(through) and its total with \(need) such year\(need == 1 ? "" : "s") before it"
          + " (data: \(panel.firstYear)…\(panel.firstYear + panel.yearCount - 1))")
    }
    var out: [Backtest] = []
    for m in methods { out.append(try Backtest(panel: panel, through: through, method: m, history: history, years: years)) }
    return out
  }

  init(panel: MonthlyPanel, through: Int, method: ProjectionMethod, history: Int, years: [Int]) throws(ProjectionError) {
    typealias K = SeriesKernels
    self.method = method
    self.through = through
    self.history = history
    self.keys = panel.keys
    self.years = years
    let stride = panel.stride, zero = [Double](repeating: 0, count: stride)
    var pIn: [[Double]] = [], aIn: [[Double]] = [], pOut: [[Double]] = [], aOut: [[Double]] = [], pNet: [[Double]] = []
    var absIn = zero, absOut = zero, absNet = zero, sqIn = zero, sqOut = zero, sqNet = zero, apeIn = zero, apeOut = zero
    var undefined: [Int: String] = [:]
    for y in years {
      let p = try Projection(panel: panel, year: y, through: through, method: method, history: history)
      for d in Direction.allCases {
        for (s, why) in p.lanes(d).undefined where undefined[s] == nil { undefined[s] = "in \(y): \(why)" }
      }
      let actualIn = panel.total(.in, year: y), actualOut = panel.total(.out, year: y)
      for s in keys.indices where undefined[s] == nil {
        if actualIn[s] == 0 { undefined[s] = "転入 of \(y) is 0, so its MAPE is undefined" }
        if actualOut[s] == 0 { undefined[s] = "転出 of \(y) is 0, so its MAPE is undefined" }
      }
      let eIn = K.map(p.inflow.annual, actualIn, -), eOut = K.map(p.outflow.annual, actualOut, -)
      let actualNet = K.map(actualIn, actualOut, -)
      let eNet = K.map(p.netAnnual, actualNet, -)
      absIn = K.map(absIn, eIn) { a, e in a + K.magnitude(e) }
      absOut = K.map(absOut, eOut) { a, e in a + K.magnitude(e) }
      absNet = K.map(absNet, eNet) { a, e in a + K.magnitude(e) }
      sqIn = K.map(sqIn, eIn) { a, e in a + e * e }
      sqOut = K.map(sqOut, eOut) { a, e in a + e * e }
      sqNet = K.map(sqNet, eNet) { a, e in a + e * e }
      apeIn = K.map(apeIn, eIn, actualIn) { a, e, x in a + K.magnitude(e) / x }
      apeOut = K.map(apeOut, eOut, actualOut) { a, e, x in a + K.magnitude(e) / x }
      pIn.append(p.inflow.annual)
      pNet.append(p.netAnnual)
      pOut.append(p.outflow.annual)
      aIn.append(actualIn)
      aOut.append(actualOut)
    }
    let n = Double(years.count)
    func mean(_ a: [Double]) -> [Double] { K.map(a, a) { x, _ in x / n } }
    func root(_ a: [Double]) -> [Double] { K.map(a, a) { x, _ in (x / n).squareRoot() } }
    func percent(_ a: [Double]) -> [Double] { K.map(a, a) { x, _ in x / n * 100 } }
    projectedIn = pIn
    projectedNet = pNet
    actualIn = aIn
    projectedOut = pOut
    actualOut = aOut
    maeIn = mean(absIn)
    maeOut = mean(absOut)
    maeNet = mean(absNet)
    rmseIn = root(sqIn)
    rmseOut = root(sqOut)
    rmseNet = root(sqNet)
    mapeIn = percent(apeIn)
    mapeOut = percent(apeOut)
    self.undefined = undefined
  }

  /// The backtest of one series.
  /// - Throws: ``ProjectionError/notScored(series:reason:)`` when a year could not be projected or scored.
  public func series(_ s: Int) throws(ProjectionError) -> SeriesBacktest {
    if let why = undefined[s] { throw ProjectionError.notScored(series: keys[s].description, reason: why) }
    let rows = years.indices.map { i in
      SeriesBacktest.Year(
        year: years[i],
        in: .init(projected: Int64(projectedIn[i][s]), actual: Int64(actualIn[i][s])),
        out: .init(projected: Int64(projectedOut[i][s]), actual: Int64(actualOut[i][s])),
        netProjected: Int64(projectedNet[i][s]))
    }
    return SeriesBacktest(
      key: keys[s], method: method, through: through, history: history, years: rows,
      mae: .init(in: maeIn[s], out: maeOut[s], net: maeNet[s]),
      rmse: .init(in: rmseIn[s], out: rmseOut[s], net: rmseNet[s]),
      mape: .init(in: mapeIn[s], out: mapeOut[s]))
  }

  /// The backtest of the series with a key.
  public func series(_ key: SeriesKey) throws(ProjectionError) -> SeriesBacktest {
    guard let s = keys.firstIndex(of: key) else { throw ProjectionError.noSuchSeries(key.description) }
    return try series(s)
  }

  /// Methods ranked best first: by net MAE (persons), then net RMSE, then the order of ``ProjectionMethod``.
  public static func ranked(_ results: [SeriesBacktest]) -> [SeriesBacktest] {
    let order = Dictionary(uniqueKeysWithValues: ProjectionMethod.allCases.enumerated().map { ($1, $0) })
    return results.sorted {
      ($0.mae.net, $0.rmse.net, order[$0.method]!) < ($1.mae.net, $1.rmse.net, order[$1.method]!)
    }
  }
}

/// One series' backtest: the projected and actual year for each backtest year, and the error measures.
public struct SeriesBacktest: Sendable, Equatable {
  public struct Comparison: Sendable, Equatable {
    public var projected: Int64
    public var actual: Int64
    /// projected − actual.
    public var error: Int64 { projected - actual }
  }

  public struct Year: Sendable, Equatable {
    public var year: Int
    public var `in`: Comparison
    public var out: Comparison
    /// The projected net, rounded once from the unrounded 転入 and 転出 (``SeriesProjection/net``).
    public var netProjected: Int64
    /// Net projected and actual (転入 − 転出).
    public var net: Comparison { Comparison(projected: netProjected, actual: self.in.actual - out.actual) }

    public init(year: Int, in inflow: Comparison, out: Comparison, netProjected: Int64? = nil) {
      self.year = year
      self.in = inflow
      self.out = out
      self.netProjected = netProjected ?? inflow.projected - out.projected
    }
  }

  public struct Measures: Sendable, Equatable {
    public var `in`: Double
    public var out: Double
    public var net: Double
  }

  /// MAPE exists for 転入 and 転出 only.
  public struct Percentages: Sendable, Equatable {
    public var `in`: Double
    public var out: Double
  }

  public var key: SeriesKey
  public var method: ProjectionMethod
  public var through: Int
  public var history: Int
  public var years: [Year]
  public var mae: Measures
  public var rmse: Measures
  public var mape: Percentages

  /// An empirical interval for a projection from this method's historical errors: [annual − largest error,
  /// annual − smallest error] for 転入, 転出 and net. With n backtest years, a new error falls outside the range of
  /// n past errors with probability 2 ÷ (n + 1) if the errors are exchangeable: nominal coverage (n − 1) ÷ (n + 1).
  ///
  /// - Parameter projection: the current projection of the same series by the same method.
  public func interval(for projection: SeriesProjection) -> EmpiricalInterval {
    func bounds(_ annual: Int64, _ errors: [Int64]) -> EmpiricalInterval.Bounds {
      EmpiricalInterval.Bounds(projected: annual, low: annual - (errors.max() ?? 0), high: annual - (errors.min() ?? 0))
    }
    return EmpiricalInterval(
      in: bounds(projection.in.annual, years.map(\.in.error)),
      out: bounds(projection.out.annual, years.map(\.out.error)),
      net: bounds(projection.net.annual, years.map(\.net.error)),
      years: years.count)
  }
}

/// A range around a projection from the spread of a method's past errors (see ``SeriesBacktest/interval(for:)``).
public struct EmpiricalInterval: Sendable, Equatable {
  public struct Bounds: Sendable, Equatable {
    public var projected: Int64
    public var low: Int64
    public var high: Int64
  }

  public var `in`: Bounds
  public var out: Bounds
  public var net: Bounds
  /// The number of past errors the interval is made from.
  public var years: Int

  /// (n − 1) ÷ (n + 1): the share of new errors expected inside the range of n exchangeable past errors.
  public var nominalCoverage: Double { years < 1 ? 0 : Double(years - 1) / Double(years + 1) }
}
