import IdouCore

/// The year-end projection of every series of a panel at once (DESIGN §5): 転入 and 転出 projected separately by
/// one method, net (転入超過) as their difference.
///
/// All arithmetic runs over the series in SIMD lanes (``SeriesKernels``): the month sums of a year are one pass
/// of vector adds over the panel's rows, and the method's formula is a handful of lane-wise operations. A series
/// whose denominator is zero (no moves in last year's Jan–M, say) is not given a value: asking for it throws
/// ``ProjectionError/zeroDenominator(series:what:)`` naming it, while the other series stay usable.
///
/// ```swift
/// let p = try Projection(panel: panel, year: 2025, through: 9, method: .samePeriodRatio)
/// let kumamoto = try p.series(SeriesKey(area: Area(Prefecture(code: 43)!)))
/// kumamoto.in.ratio       // 24,091 ÷ 24,406
/// kumamoto.net.annual     // projected 転入 − projected 転出
/// ```
public struct Projection: Sendable {
  /// One direction (転入 or 転出) of every series, `stride` lanes each (padding lanes are never reported).
  public struct Lanes: Sendable {
    /// Σ_{m=1..M} x(Y, m).
    public var toDate: [Double]
    /// Σ_{m=1..M} x(Y−1, m).
    public var lastYearToDate: [Double]
    /// Σ_{m=M+1..12} x(Y−1, m).
    public var lastYearRemainder: [Double]
    /// The method's ratio, for methods that have one.
    public var ratio: [Double]?
    /// The projected Σ_{m=M+1..12} x(Y, m) before rounding.
    public var exactRemainder: [Double]
    /// The projected remainder rounded to persons (halves away from zero).
    public var projectedRemainder: [Double]
    /// toDate + projectedRemainder: the projected calendar-year figure in persons.
    public var annual: [Double]
    /// Series index → why the method cannot project it (a zero denominator, a figure out of range).
    public var undefined: [Int: ProjectionError]
  }

  public let keys: [SeriesKey]
  public let year: Int
  public let through: Int
  public let method: ProjectionMethod
  /// Years of history `k` (seasonal-share, average-ratio).
  public let history: Int
  public let inflow: Lanes
  public let outflow: Lanes
  /// The years before `year` whose months M+1…12 the data lacks, so that their Σ was derived as the annual total
  /// minus Σ months 1…M (exact for every method: each needs only that sum). Outputs say so.
  public let derivedRemainders: [Int]

  /// Projects every series of `panel` for `year` from its months 1…`through`.
  ///
  /// - Parameters:
  ///   - panel: the monthly series.
  ///   - year: the year Y to project.
  ///   - through: M, the last month with data, 1…11.
  ///   - method: the projection method.
  ///   - history: k, the years of history for seasonal-share and average-ratio.
  /// - Throws: ``ProjectionError/missingMonths(_:method:needs:)`` when Y lacks one of its months 1…M or a year of
  ///   history lacks one of its 12 months (a missing month is never taken as zero).
  /// - Complexity: O((k + 1) × 12 × stride) vector lanes.
  public init(panel: MonthlyPanel, year: Int, through: Int, method: ProjectionMethod, history: Int = 3)
    throws(ProjectionError)
  {
    guard (1...11).contains(through) else { throw ProjectionError.throughOutOfRange(through) }
    guard (1...50).contains(history) else { throw ProjectionError.historyOutOfRange(history) }
    guard (1100...9999).contains(year) else { throw ProjectionError.yearOutOfRange(year) }
    let need = method.yearsNeeded(history: history)
    var missing = panel.missing(year: year, months: 1...through)
    for j in 1...need {
      // A past year needs its months 1…M, and its months M+1…12 or its annual total.
      missing += panel.missing(year: year - j, months: 1...through)
      if !panel.hasAnnual(year: year - j) { missing += panel.missing(year: year - j, months: (through + 1)...12) }
    }
    if !missing.isEmpty {
      let first = year - need
      throw ProjectionError.missingMonths(
        missing.sorted(), method: method,
        needs: "\(first)-01…\(year - 1)-12 (or the annual totals of \(first == year - 1 ? "\(first)" : "\(first)…\(year - 1)") "
          + "with their months 1…\(through)) and \(Period(year: year, month: 1)!)…\(Period(year: year, month: through)!)")
    }
    self.derivedRemainders = (1...need).map { year - $0 }.filter { panel.remainderIsDerived(year: $0, through: through) }
      .sorted()
    self.keys = panel.keys
    self.year = year
    self.through = through
    self.method = method
    self.history = history
    self.inflow = Self.project(panel, .in, year: year, through: through, method: method, k: need)
    self.outflow = Self.project(panel, .out, year: year, through: through, method: method, k: need)
  }

  /// The method's arithmetic for one direction, all series at once.
  static func project(_ panel: MonthlyPanel, _ direction: Direction, year: Int, through m: Int,
                      method: ProjectionMethod, k: Int) -> Lanes {
    let stride = panel.stride
    func sum(_ y: Int, _ months: ClosedRange<Int>) -> [Double] { panel.sum(direction, year: y, months: months) }
    func rest(_ y: Int) -> [Double] { panel.remainder(direction, year: y, through: m) }
    let ytd = sum(year, 1...m), lytd = sum(year - 1, 1...m)
    let lrem = rest(year - 1)
    var ratio: [Double]? = nil
    var exact: [Double]
    var undefined: [Int: ProjectionError] = [:]
    func checkZero(_ d: [Double], _ what: String) {
      for s in panel.keys.indices where d[s] == 0 && undefined[s] == nil {
        undefined[s] = .zeroDenominator(series: panel.keys[s].describe(direction), what: what)
      }
    }
    let period = "\(Period(year: year - 1, month: 1)!)…\(Period(year: year - 1, month: m)!)"
    switch method {
    case .samePeriodRatio:
      checkZero(lytd, "\(direction.label) of \(period)")
      let r = SeriesKernels.map(ytd, lytd) { a, b in a / b }
      ratio = r
      exact = SeriesKernels.map(r, lrem) { a, b in a * b }
    case .samePeriodDifference:
      let months = Double(12 - m) / Double(m)
      exact = SeriesKernels.map(lrem, ytd, lytd) { rem, now, before in rem + (now - before) * months }
    case .seasonalNaive:
      exact = lrem
    case .averageRatio:
      let scale = 1 / Double(k)
      var meanYtd = [Double](repeating: 0, count: stride), meanRem = meanYtd
      for j in 1...k {
        meanYtd = SeriesKernels.map(meanYtd, sum(year - j, 1...m)) { a, b in a + b * scale }
        meanRem = SeriesKernels.map(meanRem, rest(year - j)) { a, b in a + b * scale }
      }
      checkZero(meanYtd, "\(direction.label) of Jan–\(m) in \(year - k)…\(year - 1)")
      let r = SeriesKernels.map(ytd, meanYtd) { a, b in a / b }
      ratio = r
      exact = SeriesKernels.map(r, meanRem) { a, b in a * b }
    case .seasonalShare, .shareNaiveMean:
      let scale = 1 / Double(k)
      var share = [Double](repeating: 0, count: stride)
      for j in 1...k {
        let total = panel.total(direction, year: year - j)
        checkZero(total, "\(direction.label) of the year \(year - j)")
        share = SeriesKernels.map(share, sum(year - j, 1...m), total) { s, part, whole in s + part / whole * scale }
      }
      checkZero(share, "the share of Jan–\(m) in \(year - k)…\(year - 1)")
      exact = SeriesKernels.map(ytd, share) { a, s in a / s - a }
      if method == .shareNaiveMean { exact = SeriesKernels.map(exact, lrem) { a, b in (a + b) * 0.5 } }
    }
    let remainder = SeriesKernels.persons(exact)
    let annual = SeriesKernels.map(ytd, remainder, +)
    // A tiny denominator can blow a projection up beyond any count of people (and beyond Int64).
    for s in panel.keys.indices where undefined[s] == nil && !(Swift.abs(annual[s]) < Projection.limit) {
      undefined[s] = .outOfRange(series: panel.keys[s].describe(direction), value: annual[s])
    }
    return Lanes(
      toDate: ytd, lastYearToDate: lytd, lastYearRemainder: lrem, ratio: ratio, exactRemainder: exact,
      projectedRemainder: remainder, annual: annual, undefined: undefined)
  }

  public func lanes(_ d: Direction) -> Lanes { d == .in ? inflow : outflow }

  /// The projected net of every lane: (転入 to date + unrounded remainder) − (転出 likewise), rounded once.
  public var netAnnual: [Double] {
    let exactIn = SeriesKernels.map(inflow.toDate, inflow.exactRemainder, +)
    let exactOut = SeriesKernels.map(outflow.toDate, outflow.exactRemainder, +)
    return SeriesKernels.persons(SeriesKernels.map(exactIn, exactOut, -))
  }

  /// The projected net of one series, rounded once from the unrounded projections (see ``SeriesProjection/net``).
  public static func netAnnual(inToDate: Int64, inRemainder: Double, outToDate: Int64, outRemainder: Double) -> Int64 {
    Int64(((Double(inToDate) + inRemainder) - (Double(outToDate) + outRemainder)).rounded(.toNearestOrAwayFromZero))
  }

  /// Projected figures at or beyond 10¹⁵ persons are refused (``ProjectionError/outOfRange(series:value:)``).
  public static let limit = 1e15

  /// The figures of one series.
  /// - Throws: ``ProjectionError/zeroDenominator(series:what:)`` or ``ProjectionError/outOfRange(series:value:)``
  ///   when the method cannot project it.
  public func series(_ s: Int) throws(ProjectionError) -> SeriesProjection {
    func figures(_ d: Direction) throws(ProjectionError) -> SeriesProjection.Figures {
      let l = lanes(d)
      if let why = l.undefined[s] { throw why }
      return SeriesProjection.Figures(
        toDate: Int64(l.toDate[s]), lastYearToDate: Int64(l.lastYearToDate[s]), ratio: l.ratio?[s],
        lastYearRemainder: Int64(l.lastYearRemainder[s]), projectedRemainder: Int64(l.projectedRemainder[s]),
        annual: Int64(l.annual[s]), exactRemainder: l.exactRemainder[s])
    }
    return SeriesProjection(key: keys[s], in: try figures(.in), out: try figures(.out))
  }

  /// The figures of the series with a key.
  /// - Throws: ``ProjectionError/noSuchSeries(_:)`` or ``ProjectionError/zeroDenominator(series:what:)``.
  public func series(_ key: SeriesKey) throws(ProjectionError) -> SeriesProjection {
    guard let s = keys.firstIndex(of: key) else { throw ProjectionError.noSuchSeries(key.description) }
    return try series(s)
  }
}

/// The projection of one series: its 転入 and 転出 figures in persons, and net = 転入 − 転出.
public struct SeriesProjection: Sendable, Equatable {
  /// One direction's figures. `toDate + projectedRemainder = annual` exactly.
  public struct Figures: Sendable, Equatable {
    /// Jan–M of the projected year.
    public var toDate: Int64
    /// Jan–M of the year before.
    public var lastYearToDate: Int64
    /// The method's ratio (same-period-ratio, average-ratio), else `nil`.
    public var ratio: Double?
    /// Months M+1…12 of the year before.
    public var lastYearRemainder: Int64
    /// The projected months M+1…12, rounded to persons.
    public var projectedRemainder: Int64
    /// The projected calendar-year figure.
    public var annual: Int64
    /// The projected remainder before rounding.
    public var exactRemainder: Double

    public init(toDate: Int64, lastYearToDate: Int64, ratio: Double?, lastYearRemainder: Int64,
                projectedRemainder: Int64, annual: Int64, exactRemainder: Double) {
      self.toDate = toDate
      self.lastYearToDate = lastYearToDate
      self.ratio = ratio
      self.lastYearRemainder = lastYearRemainder
      self.projectedRemainder = projectedRemainder
      self.annual = annual
      self.exactRemainder = exactRemainder
    }
  }

  /// Net (転入超過): to date and projected annual, each 転入 − 転出.
  public struct Net: Sendable, Equatable {
    public var toDate: Int64
    public var annual: Int64
  }

  public var key: SeriesKey
  public var `in`: Figures
  public var out: Figures
  /// The projected annual net. A series' own projection rounds the unrounded 転入 − unrounded 転出 once (as the
  /// seed report does: 29,316.7 − 30,964.5 = ▲1,647.8 → ▲1,648), so it can differ by one person from the rounded
  /// 転入 − the rounded 転出; a reconciled total is the sum of its parts' nets.
  public var netAnnual: Int64
  public var net: Net { Net(toDate: self.in.toDate - out.toDate, annual: netAnnual) }

  /// A series' own projection: the net rounded once from the unrounded figures.
  public init(key: SeriesKey, in inflow: Figures, out: Figures) {
    self.init(key: key, in: inflow, out: out,
              netAnnual: Projection.netAnnual(inToDate: inflow.toDate, inRemainder: inflow.exactRemainder,
                                              outToDate: out.toDate, outRemainder: out.exactRemainder))
  }

  public init(key: SeriesKey, in inflow: Figures, out: Figures, netAnnual: Int64) {
    self.key = key
    self.in = inflow
    self.out = out
    self.netAnnual = netAnnual
  }
}
