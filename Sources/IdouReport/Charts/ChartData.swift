import IdouCore

/// 転入, 転出 and net of one area (or region) in one calendar year, with how many months the data covers.
public struct YearFigures: Sendable, Equatable {
  public var year: Int
  public var inflow: Int64
  public var outflow: Int64
  /// 12 for a whole year (an annual figure, or all twelve months); fewer for a year still running.
  public var months: Int
  public var net: Int64 { inflow - outflow }
  public var isComplete: Bool { months == 12 }

  public init(year: Int, inflow: Int64, outflow: Int64, months: Int) {
    self.year = year
    self.inflow = inflow
    self.outflow = outflow
    self.months = months
  }
}

/// Twelve monthly slots of 転入 and 転出 of one area in one year; `nil` where the data has no such month.
public struct MonthlyFigures: Sendable, Equatable {
  public var year: Int
  public var inflow: [Int64?]
  public var outflow: [Int64?]

  public init(year: Int, inflow: [Int64?], outflow: [Int64?]) {
    self.year = year
    self.inflow = inflow
    self.outflow = outflow
  }
}

extension Margins {
  /// The calendar years of one area: an annual figure where the data has one, else the sum of the year's
  /// months (``YearFigures/months`` says how many).
  ///
  /// - Parameters:
  ///   - area: the area (or region) in these margins.
  ///   - sex: 総数, 男 or 女.
  /// - Throws: `CubeError.noData` when the area or the sex is not in the data.
  /// - Complexity: O(periods).
  public func yearly(area: Area, sex: Sex = .total) throws(CubeError) -> [YearFigures] {
    guard let a = areaIndex(area) else { throw CubeError.noData("area \(area)") }
    guard let s = sexIndex(sex) else { throw CubeError.noData("sex \(sex.label)") }
    var out: [YearFigures] = []
    for year in Set(periods.map(\.year)).sorted() {
      if let p = periods.firstIndex(of: Period(year: year)),
        let i = inflow(period: p, sex: s, area: a), let o = outflow(period: p, sex: s, area: a)
      {
        out.append(YearFigures(year: year, inflow: i, outflow: o, months: 12))
        continue
      }
      // The months the data gives both figures of (a month it lacks is left out, and `months` says so).
      var i: Int64 = 0, o: Int64 = 0, months = 0
      for (p, period) in periods.enumerated() where period.year == year && period.isMonth {
        guard let mi = inflow(period: p, sex: s, area: a), let mo = outflow(period: p, sex: s, area: a) else { continue }
        i += mi
        o += mo
        months += 1
      }
      out.append(YearFigures(year: year, inflow: i, outflow: o, months: months))
    }
    return out
  }

  /// 転入 and 転出 of one area for each month of a year (`nil` for a month the data does not have).
  /// - Throws: `CubeError.noData` when the area or the sex is not in the data.
  public func monthly(area: Area, year: Int, sex: Sex = .total) throws(CubeError) -> MonthlyFigures {
    guard let a = areaIndex(area) else { throw CubeError.noData("area \(area)") }
    guard let s = sexIndex(sex) else { throw CubeError.noData("sex \(sex.label)") }
    var i = [Int64?](repeating: nil, count: 12), o = i
    for (p, period) in periods.enumerated() where period.year == year && period.isMonth {
      i[period.month - 1] = inflow(period: p, sex: s, area: a)
      o[period.month - 1] = outflow(period: p, sex: s, area: a)
    }
    return MonthlyFigures(year: year, inflow: i, outflow: o)
  }
}

/// 転出 of one area to one counterpart area (a region of a set, or 全国計) in a year and the year before.
public struct CounterpartOutflow: Sendable, Equatable {
  public var counterpart: Area
  public var thisYear: Int64
  public var lastYear: Int64?

  public init(counterpart: Area, thisYear: Int64, lastYear: Int64?) {
    self.counterpart = counterpart
    self.thisYear = thisYear
    self.lastYear = lastYear
  }
}

extension MigrationCube {
  /// 転出 of `area` to each counterpart group (``counterpartFlows(of:regions:)``: the groups of `regions`, その他
  /// for the rest, then 全国計), for months 1…`through` of `year` and the same months of the year before (or the
  /// whole years when the data is annual).
  ///
  /// - Parameters:
  ///   - area: the origin (a prefecture or municipality).
  ///   - regions: the counterpart groups; `nil` for a counterpart table's own (東京圏, 大阪圏, 福岡県), else 三大都市圏.
  ///   - through: the last month counted; `nil` for the whole year.
  /// - Returns: one figure per counterpart; `lastYear` is `nil` when the year before lacks one of those months.
  /// - Throws: `CubeError.noData` when `year` lacks one of months 1…through, or for an unknown area or group.
  public func outflowByCounterpart(area: Area, regions: RegionSet?, year: Int, through: Int? = nil,
                                   sex: Sex = .total) throws(CubeError) -> [CounterpartOutflow] {
    if let t = through, !(1...12).contains(t) { throw CubeError.noData("month \(t) (months are 1–12)") }
    let flows = try counterpartFlows(of: area, regions: regions)
    guard flows.groupsKnown else { throw CounterpartFlows.totalsOnly(area) }
    guard flows.sexIndex(sex) != nil else { throw CubeError.noData("sex \(sex.label)") }
    /// The periods that make up months 1…through of a year, or `nil` when one is missing.
    func periods(_ y: Int) -> [Int]? {
      let hasMonths = flows.periods.contains { $0.year == y && $0.isMonth }
      if !hasMonths && (through == nil || through == 12), let p = flows.periodIndex(Period(year: y)) { return [p] }
      var out: [Int] = []
      for m in 1...(through ?? 12) {
        guard let p = flows.periodIndex(Period(year: y, month: m)!) else { return nil }
        out.append(p)
      }
      return out
    }
    guard let now = periods(year) else {
      throw CubeError.noData("every month 1–\(through ?? 12) of \(year)")
    }
    let before = periods(year - 1)
    func sum(_ ps: [Int], _ counterpart: Area) -> Int64 {
      ps.reduce(0) { $0 + (flows.outflow(period: $1, sex: sex, counterpart: counterpart) ?? 0) }
    }
    return flows.counterparts.map { c in
      CounterpartOutflow(counterpart: c, thisYear: sum(now, c), lastYear: before.map { sum($0, c) })
    }
  }
}
