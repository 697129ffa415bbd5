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
  ///   - code: the area's (or region's) code in these margins.
  ///   - sex: 総数, 男 or 女.
  /// - Throws: `CubeError.noData` when the area or the sex is not in the data.
  /// - Complexity: O(periods).
  public func yearly(area code: String, sex: Sex = .total) throws(CubeError) -> [YearFigures] {
    guard let a = areaIndex(code: code) else { throw CubeError.noData("area \(code)") }
    guard let s = sexIndex(sex) else { throw CubeError.noData("sex \(sex.label)") }
    var out: [YearFigures] = []
    for year in Set(periods.map(\.year)).sorted() {
      if let p = periods.firstIndex(of: Period(year: year)) {
        out.append(YearFigures(
          year: year, inflow: inflow(period: p, sex: s, area: a), outflow: outflow(period: p, sex: s, area: a),
          months: 12))
        continue
      }
      var i: Int64 = 0, o: Int64 = 0, months = 0
      for (p, period) in periods.enumerated() where period.year == year && period.isMonth {
        i += inflow(period: p, sex: s, area: a)
        o += outflow(period: p, sex: s, area: a)
        months += 1
      }
      out.append(YearFigures(year: year, inflow: i, outflow: o, months: months))
    }
    return out
  }

  /// 転入 and 転出 of one area for each month of a year (`nil` for a month the data does not have).
  /// - Throws: `CubeError.noData` when the area or the sex is not in the data.
  public func monthly(area code: String, year: Int, sex: Sex = .total) throws(CubeError) -> MonthlyFigures {
    guard let a = areaIndex(code: code) else { throw CubeError.noData("area \(code)") }
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
  /// 転出 of `area` to each group of `regions` (destinations grouped by one BLAS product,
  /// ``regrouped(origins:destinations:)``), then 全国計, for months 1…`through` of `year` and of the year before
  /// (or the whole years when the data is annual). Groups no move went to are kept (0); the group その他 collects
  /// the areas the set does not name.
  ///
  /// - Parameters:
  ///   - area: the origin's code (a prefecture `43` or municipality).
  ///   - through: the last month counted; `nil` for the whole year.
  /// - Throws: `CubeError.noData` for an area or year the data does not have, `.notSquare`.
  public func outflowByCounterpart(area: String, regions: RegionSet, year: Int, through: Int? = nil,
                                   sex: Sex = .total) throws(CubeError) -> [CounterpartOutflow] {
    guard isSquare else { throw CubeError.notSquare }
    guard let origin = originIndex(code: area) else { throw CubeError.noData("area \(area)") }
    let grouped = regrouped(origins: nil, destinations: regions)
    func periodsOf(_ y: Int) -> [Int] {
      let months = periods.indices.filter { periods[$0].year == y && periods[$0].isMonth && periods[$0].month <= (through ?? 12) }
      if !months.isEmpty { return months }
      if through == nil || through == 12, let p = periodIndex(Period(year: y)) { return [p] }
      return []
    }
    func row(_ cube: MigrationCube, _ ps: [Int]) -> [Int64] {
      var sums = [Int64](repeating: 0, count: cube.destinations.count)
      for p in ps {
        guard let m = cube.matrix(period: p, sex: sex) else { continue }
        for d in cube.destinations.indices { sums[d] += Int64(m[origin * cube.destinations.count + d]) }
      }
      return sums
    }
    let now = periodsOf(year), before = periodsOf(year - 1)
    guard !now.isEmpty else { throw CubeError.noData("year \(year)\(through.map { " through month \($0)" } ?? "")") }
    guard availableSexes.contains(sex) else { throw CubeError.noData("sex \(sex.label)") }
    let groupNow = row(grouped, now), groupBefore = before.isEmpty ? nil : row(grouped, before)
    var out = grouped.destinations.enumerated().map { d, g in
      CounterpartOutflow(counterpart: g, thisYear: groupNow[d], lastYear: groupBefore?[d])
    }
    let totalNow = row(self, now).reduce(0, +)
    let totalBefore = before.isEmpty ? nil : row(self, before).reduce(0, +)
    out.append(CounterpartOutflow(counterpart: Area(code: "total", name: "全国計", kind: .nation),
                                  thisYear: totalNow, lastYear: totalBefore))
    return out
  }
}
