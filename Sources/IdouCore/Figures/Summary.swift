/// One line of `idou summary`: an area's (or region's) 転入, 転出 and net for a period, `nil` where the data does not
/// give the figure (printed —, never 0).
public struct SummaryRow: Sendable, Equatable {
  public var area: Area
  public var name: String { area.name }
  /// `2025` for a whole year, `2025-01/2025-09` for the months a year has data for.
  public var period: String
  public var `in`: Int64?
  public var out: Int64?
  /// The boundary the figures cross (他都道府県 or 他市区町村).
  public var boundary: Boundary
  /// 転入 − 転出, `nil` when either is absent.
  public var net: Int64? { `in`.flatMap { i in out.map { i - $0 } } }

  public init(area: Area, period: String, in inflow: Int64?, out: Int64?, boundary: Boundary? = nil) {
    self.area = area
    self.period = period
    self.in = inflow
    self.out = out
    self.boundary = boundary ?? Boundary(of: area)
  }
}

/// The periods that make up one calendar year: the year's own figure when the data has one, else its months.
public struct YearSelection: Sendable, Equatable {
  public let year: Int
  /// Indices into the periods.
  public let periodIndices: [Int]
  public let label: String

  /// Selects `year`, or the latest year with data when `year` is `nil`.
  /// - Throws: `CubeError.noData` naming the years the data has.
  public init(periods: [Period], year: Int?) throws(CubeError) {
    guard let y = year ?? periods.map(\.year).max() else { throw CubeError.noData("any period") }
    let months = periods.indices.filter { periods[$0].year == y && periods[$0].isMonth }
    let whole = periods.indices.filter { periods[$0].year == y && !periods[$0].isMonth }
    self.year = y
    if !whole.isEmpty {
      periodIndices = whole
      label = "\(y)"
    } else if !months.isEmpty {
      periodIndices = months
      let first = periods[months.first!], last = periods[months.last!]
      label = months.count == 12 ? "\(y)" : first == last ? "\(first)" : "\(first)/\(last)"
    } else {
      throw CubeError.noData("year \(y) (the data has \(YearSelection.years(periods)))")
    }
  }

  /// The years of some periods as ranges: `2014–2025`, `2010, 2012–2013`.
  public static func years(_ periods: [Period]) -> String {
    let ys = Array(Set(periods.map(\.year))).sorted()
    guard var start = ys.first else { return "no period" }
    var out: [String] = [], prev = start
    for y in ys.dropFirst() {
      if y == prev + 1 { prev = y; continue }
      out.append(start == prev ? "\(start)" : "\(start)–\(prev)")
      start = y
      prev = y
    }
    out.append(start == prev ? "\(start)" : "\(start)–\(prev)")
    return out.joined(separator: ", ")
  }
}

extension Margins {
  /// 転入, 転出 and net per area for one year (its own figure, or the sum of its months), for one sex and age
  /// class. A sum that needs an absent figure is absent.
  ///
  /// - Parameters:
  ///   - year: the calendar year, or `nil` for the latest in the data.
  ///   - areas: the areas to list, in that order; `nil` for every area with a figure but 全国 and 不詳.
  /// - Throws: `CubeError.noData` for a year, sex, age class or area the data does not have, saying what it has.
  public func summary(year: Int?, areas wanted: [Area]? = nil, sex: Sex = .total, age: AgeClass = .total)
    throws(CubeError) -> [SummaryRow]
  {
    let selection = try YearSelection(periods: periods, year: year)
    guard let s = sexIndex(sex) else {
      throw CubeError.noData("sex \(sex.label) (the data has \(sexes.map(\.label).joined(separator: ", ")))")
    }
    guard let g = ageIndex(age) else {
      throw CubeError.noData("age class \(age.label) (the data has \(ages.map(\.label).joined(separator: ", ")))")
    }
    var indices: [Int] = []
    if let wanted {
      for c in wanted {
        guard let i = areaIndex(c) else { throw CubeError.noData("area \(c)") }
        indices.append(i)
      }
    } else {
      indices = areas.indices.filter { areas[$0].level != .unknown && areas[$0].level != .nation && hasAnyFigure(area: $0) }
    }
    return indices.map { a in
      func total(_ f: MarginFigure) -> Int64? {
        var sum: Int64 = 0
        for p in selection.periodIndices {
          guard let v = value(f, period: p, sex: s, area: a, age: g) else { return nil }
          sum += v
        }
        return sum
      }
      return SummaryRow(area: areas[a], period: selection.label, in: total(.inflow), out: total(.outflow),
                        boundary: boundaries[a])
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
