/// One line of `idou summary`: an area's (or region's) 転入, 転出 and net for a period.
public struct SummaryRow: Sendable, Equatable {
  public var area: Area
  public var name: String { area.name }
  /// `2025` for a whole year, `2025-01/2025-09` for the months a year has data for.
  public var period: String
  public var `in`: Int64
  public var out: Int64
  public var net: Int64

  public init(area: Area, period: String, in inflow: Int64, out: Int64) {
    self.area = area
    self.period = period
    self.in = inflow
    self.out = out
    self.net = inflow - out
  }
}

/// The periods of a cube that make up one calendar year: its months when the cube has any, else the year.
public struct YearSelection: Sendable, Equatable {
  public let year: Int
  /// Indices into the cube's periods.
  public let periodIndices: [Int]
  public let label: String

  /// Selects `year`, or the latest year with data when `year` is `nil`.
  public init(periods: [Period], year: Int?) throws(CubeError) {
    guard let y = year ?? periods.map(\.year).max() else { throw CubeError.noData("any period") }
    let months = periods.indices.filter { periods[$0].year == y && periods[$0].isMonth }
    let whole = periods.indices.filter { periods[$0].year == y && !periods[$0].isMonth }
    self.year = y
    if !months.isEmpty {
      periodIndices = months
      let first = periods[months.first!], last = periods[months.last!]
      label = months.count == 12 ? "\(y)" : first == last ? "\(first)" : "\(first)/\(last)"
    } else if !whole.isEmpty {
      periodIndices = whole
      label = "\(y)"
    } else {
      throw CubeError.noData("year \(y)")
    }
  }
}

extension Margins {
  /// 転入, 転出 and net per area for one year (summing its months), for one sex.
  ///
  /// - Parameters:
  ///   - year: the calendar year, or `nil` for the latest in the data.
  ///   - areas: the areas to list, in that order; `nil` for every area but 全国 and 不詳.
  /// - Throws: `CubeError.noData` for a year, sex or area the data does not have.
  public func summary(year: Int?, areas wanted: [Area]? = nil, sex: Sex = .total) throws(CubeError) -> [SummaryRow] {
    let selection = try YearSelection(periods: periods, year: year)
    guard let s = sexIndex(sex) else { throw CubeError.noData("sex \(sex.label)") }
    var indices: [Int] = []
    if let wanted {
      for c in wanted {
        guard let i = areaIndex(c) else { throw CubeError.noData("area \(c)") }
        indices.append(i)
      }
    } else {
      indices = areas.indices.filter { areas[$0].level != .unknown && areas[$0].level != .nation }
    }
    return indices.map { a in
      var inflow: Int64 = 0, outflow: Int64 = 0
      for p in selection.periodIndices {
        inflow += self.inflow(period: p, sex: s, area: a)
        outflow += self.outflow(period: p, sex: s, area: a)
      }
      return SummaryRow(area: areas[a], period: selection.label, in: inflow, out: outflow)
    }
  }
}

extension MigrationCube {
  /// The areas whose 転入 and 転出 this cube gives in full: every prefecture or municipality of an OD cube; for a
  /// cube read from one area's counterpart table (it holds aggregate counterparts such as 東京圏 and the table's
  /// その他 `rest`), only the area(s) that exchange moves with その他 — the counterparts are seen from that area
  /// alone, so their own totals would be partial.
  public var areasWithCompleteFigures: [Area] {
    let listable = areas.indices.filter { areas[$0].level == .prefecture || areas[$0].level.isInsidePrefecture }
    guard let rest = areas.firstIndex(of: .rest) else {
      return listable.map { areas[$0] }
    }
    return listable.filter { a in
      periods.indices.contains { p in
        sexes.indices.contains { s in self[p, s, a, rest] != 0 || self[p, s, rest, a] != 0 }
      }
    }.map { areas[$0] }
  }
}
