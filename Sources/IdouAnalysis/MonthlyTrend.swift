import IdouCore

/// An area's monthly 転入, 転出 and 転入超過 with the trailing (後方) moving average of the net, and the months
/// where that average changes sign — how reports show the 東京圏's monthly net: 「転入超過数の12か月後方移動平均」.
///
/// The average of month t is the mean of the nets of months t−k+1 … t; it is absent (never made up) unless all k
/// months are in the data. A sign change is flagged where the average of a month and of the month before are
/// both present and on different sides (0 counts as 転入超過, as in the Statistics Bureau's counts).
///
/// A group that per-area totals give only through its members (東京圏 from the monthly prefecture series) has an
/// exact net — moves between its members cancel — but no 転入 or 転出 of its own (they would include those
/// moves): ``init(margins:group:window:year:sex:)`` gives the net and leaves 転入/転出 absent.
///
/// ```swift
/// let trend = try MonthlyTrend(margins: margins, area: .tokyoArea, window: 12)
/// trend.rows.last?.average        // 8,123.4…
/// trend.rows.filter { $0.change != nil }.map(\.period)
/// ```
public struct MonthlyTrend: Sendable {
  /// Where the moving average turned.
  public enum SignChange: Sendable, Equatable {
    /// From 転出超過 (< 0) to 転入超過 (≥ 0).
    case toGain
    /// From 転入超過 to 転出超過.
    case toLoss

    /// 転入超過に転換, 転出超過に転換.
    public var label: String { self == .toGain ? "転入超過に転換" : "転出超過に転換" }
  }

  public struct Row: Sendable, Equatable {
    public var period: Period
    /// 転入 and 転出, absent for a group whose own 転入/転出 the data cannot give.
    public var inflow: Int64?
    public var outflow: Int64?
    public var net: Int64
    /// The trailing moving average of the net, or `nil` when a month of its window is missing.
    public var average: Double?
    public var change: SignChange?
  }

  public let area: Area
  public let window: Int
  /// The months shown, in order.
  public let rows: [Row]
  /// Whether 転入 and 転出 are absent because the net is a sum of members' (``init(margins:group:window:year:sex:)``).
  public let netOnly: Bool

  /// - Parameters:
  ///   - margins: 転入/転出 per month of the areas.
  ///   - window: k, the months averaged (12 for the 12か月後方移動平均).
  ///   - year: show the months of this year only (the average still reaches back into the year before); `nil`
  ///     for every month of the data.
  /// - Throws: `CubeError.noData` when the area, the sex or any month is not in the data.
  public init(margins: Margins, area: Area, window: Int, year: Int? = nil, sex: Sex = .total) throws(CubeError) {
    guard let a = margins.areaIndex(area) else { throw CubeError.noData("area \(area)") }
    guard let s = margins.sexIndex(sex) else { throw CubeError.noData("sex \(sex.label)") }
    var series: [Period: (Int64?, Int64?, Int64)] = [:]
    for (p, period) in margins.periods.enumerated() where period.isMonth {
      // A month whose 転入 or 転出 is absent is a missing month.
      if let i = margins.inflow(period: p, sex: s, area: a), let o = margins.outflow(period: p, sex: s, area: a) {
        series[period] = (i, o, i - o)
      }
    }
    try self.init(area: area, series: series, window: window, year: year, netOnly: false)
  }

  /// The net of a group as the sum of its members' nets (exact: moves between members cancel), from per-area
  /// totals that have no row of the group itself; 転入 and 転出 are absent.
  /// - Throws: `CubeError.noData` when the data has none of the group's members, or lacks the sex.
  public init(margins: Margins, group: RegionSet.Group, window: Int, year: Int? = nil, sex: Sex = .total)
    throws(CubeError)
  {
    guard let s = margins.sexIndex(sex) else { throw CubeError.noData("sex \(sex.label)") }
    let members = margins.areas.indices.filter {
      margins.areas[$0] != group.area && (margins.areas[$0].level == .prefecture || margins.areas[$0].isMunicipalUnit)
        && group.contains(margins.areas[$0])
    }
    guard !members.isEmpty else { throw CubeError.noData("any member of \(group.name)") }
    var series: [Period: (Int64?, Int64?, Int64)] = [:]
    for (p, period) in margins.periods.enumerated() where period.isMonth {
      var net: Int64 = 0
      var complete = true
      for a in members {
        guard let n = margins.net(period: p, sex: s, area: a) else { complete = false; break }
        net += n
      }
      if complete { series[period] = (nil, nil, net) }
    }
    try self.init(area: group.area, series: series, window: window, year: year, netOnly: true)
  }

  private init(area: Area, series: [Period: (Int64?, Int64?, Int64)], window: Int, year: Int?, netOnly: Bool)
    throws(CubeError)
  {
    guard window >= 1 else { throw CubeError.noData("a moving average of \(window) months") }
    guard !series.isEmpty else { throw CubeError.noData("any month of \(area.name) (the data gives whole years only)") }
    var rows: [Row] = []
    var previousAverage: Double?
    var previousPeriod: Period?
    for period in series.keys.sorted() {
      let (i, o, net) = series[period]!
      // The window: this month and the k − 1 before it, every one in the data.
      var sum: Int64 = 0
      var complete = true
      var m = period
      for k in 0..<window {
        if k > 0 { m = Self.monthBefore(m) }
        guard let f = series[m] else { complete = false; break }
        sum += f.2
      }
      let average = complete ? Double(sum) / Double(window) : nil
      var change: SignChange? = nil
      if let now = average, let before = previousAverage, previousPeriod == Self.monthBefore(period),
        (now >= 0) != (before >= 0)
      {
        change = now >= 0 ? .toGain : .toLoss
      }
      rows.append(Row(period: period, inflow: i, outflow: o, net: net, average: average, change: change))
      previousAverage = average
      previousPeriod = period
    }
    if let y = year {
      rows = rows.filter { $0.period.year == y }
      guard !rows.isEmpty else { throw CubeError.noData("the months of \(y)") }
    }
    self.area = area
    self.window = window
    self.rows = rows
    self.netOnly = netOnly
  }

  static func monthBefore(_ p: Period) -> Period {
    p.month == 1 ? Period(year: p.year - 1, month: 12)! : Period(year: p.year, month: p.month - 1)!
  }
}
