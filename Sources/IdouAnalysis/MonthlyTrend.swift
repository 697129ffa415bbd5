import IdouCore

/// An area's monthly 転入, 転出 and 転入超過 with the trailing (後方) moving average of the net, and the months
/// where that average changes sign — how reports show the 東京圏's monthly net: 「転入超過数の12か月後方移動平均」.
///
/// The average of month t is the mean of the nets of months t−k+1 … t; it is absent (never made up) unless all k
/// months are in the data. A sign change is flagged where the average of a month and of the month before are
/// both present and on different sides (0 counts as 転入超過, as in the Statistics Bureau's counts).
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
    public var inflow: Int64
    public var outflow: Int64
    public var net: Int64 { inflow - outflow }
    /// The trailing moving average of the net, or `nil` when a month of its window is missing.
    public var average: Double?
    public var change: SignChange?
  }

  public let area: Area
  public let window: Int
  /// The months shown, in order.
  public let rows: [Row]

  /// - Parameters:
  ///   - margins: 転入/転出 per month of the areas.
  ///   - window: k, the months averaged (12 for the 12か月後方移動平均).
  ///   - year: show the months of this year only (the average still reaches back into the year before); `nil`
  ///     for every month of the data.
  /// - Throws: `CubeError.noData` when the area, the sex or any month is not in the data.
  public init(margins: Margins, area: Area, window: Int, year: Int? = nil, sex: Sex = .total) throws(CubeError) {
    guard window >= 1 else { throw CubeError.noData("a moving average of \(window) months") }
    guard let a = margins.areaIndex(area) else { throw CubeError.noData("area \(area)") }
    guard let s = margins.sexIndex(sex) else { throw CubeError.noData("sex \(sex.label)") }
    let months = margins.periods.indices.filter { margins.periods[$0].isMonth }
      .sorted { margins.periods[$0] < margins.periods[$1] }
    guard !months.isEmpty else { throw CubeError.noData("any month (the data gives whole years only)") }
    // A month whose 転入 or 転出 is absent is a missing month.
    var byMonth: [Period: (Int64, Int64)] = [:]
    for p in months {
      if let i = margins.inflow(period: p, sex: s, area: a), let o = margins.outflow(period: p, sex: s, area: a) {
        byMonth[margins.periods[p]] = (i, o)
      }
    }
    let all = months.map { margins.periods[$0] }.filter { byMonth[$0] != nil }
    var rows: [Row] = []
    var previousAverage: Double?
    var previousPeriod: Period?
    for period in all {
      let (i, o) = byMonth[period]!
      // The window: this month and the k − 1 before it, every one in the data.
      var sum: Int64 = 0
      var complete = true
      var m = period
      for k in 0..<window {
        if k > 0 { m = Self.monthBefore(m) }
        guard let f = byMonth[m] else { complete = false; break }
        sum += f.0 - f.1
      }
      let average = complete ? Double(sum) / Double(window) : nil
      var change: SignChange? = nil
      if let now = average, let before = previousAverage, previousPeriod == Self.monthBefore(period),
        (now >= 0) != (before >= 0)
      {
        change = now >= 0 ? .toGain : .toLoss
      }
      rows.append(Row(period: period, inflow: i, outflow: o, average: average, change: change))
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
  }

  static func monthBefore(_ p: Period) -> Period {
    p.month == 1 ? Period(year: p.year - 1, month: 12)! : Period(year: p.year, month: p.month - 1)!
  }
}
