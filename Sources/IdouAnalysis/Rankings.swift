import IdouCore

/// What a ranking orders by: 転入超過数 (net), 転入者数 (in) or 転出者数 (out), largest first.
public enum RankMeasure: String, CaseIterable, Sendable {
  case net
  case `in`
  case out

  /// 転入超過数, 転入者数, 転出者数.
  public var label: String {
    switch self {
    case .net: "転入超過数"
    case .in: "転入者数"
    case .out: "転出者数"
    }
  }

  func value(in inflow: Int64, out outflow: Int64) -> Int64 {
    switch self {
    case .net: inflow - outflow
    case .in: inflow
    case .out: outflow
    }
  }
}

/// Areas ranked by 転入超過数, 転入 or 転出 over a period, with last year's rank over the same months, and how many
/// areas gain (転入超過) and lose (転出超過) — what published migration reports list: 「転入超過数の多い順」.
///
/// Ranks are competition ranks: equal figures share a rank and the next rank skips (1, 2, 2, 4). Last year's rank
/// is computed among the same areas over the same months of the year before; it is absent when that year lacks
/// one of those months. A net of 0 counts as 転入超過, as the Statistics Bureau counts it.
///
/// ```swift
/// let r = try Ranking(margins: margins, areas: prefectures, year: 2025, by: .net)
/// r.rows[0].area.name        // 東京都
/// r.rows[0].previousRank     // 1
/// r.gaining                  // 7 (転入超過の都道府県)
/// ```
public struct Ranking: Sendable {
  public struct Row: Sendable, Equatable {
    public var area: Area
    public var inflow: Int64
    public var outflow: Int64
    public var net: Int64 { inflow - outflow }
    public var rank: Int
    /// The rank among the same areas over the same months a year earlier; `nil` when that year lacks the data.
    public var previousRank: Int?
    /// The ranked figure a year earlier.
    public var previousValue: Int64?
  }

  public let measure: RankMeasure
  public let year: Int
  /// The months counted (1…12 for a whole year; empty when the data is annual).
  public let months: [Int]
  /// `2025年`, `2025年1～9月`.
  public let periodLabel: String
  /// The rows in rank order, cut to the top N when asked.
  public let rows: [Row]
  /// How many areas were ranked (before any top-N cut).
  public let count: Int
  /// Areas with 転入超過 (net ≥ 0) and with 転出超過 (net < 0), over all ranked areas.
  public let gaining: Int
  public let losing: Int
  /// Whether last year's ranks could be computed (the data has every ranked area's figures of those months).
  public let hasPrevious: Bool
  /// Areas not ranked because a figure of the period is absent (shown as such, never ranked as 0).
  public let unranked: [Area]

  /// Ranks `areas` (default: every prefecture or municipal unit of the margins) by `measure` over `year` (its
  /// months in the data, or its annual figure).
  ///
  /// - Throws: `CubeError.noData` for a year or area the data does not have.
  /// - Complexity: O(areas × periods + areas log areas).
  public init(margins: Margins, areas wanted: [Area]? = nil, year: Int?, by measure: RankMeasure, top: Int? = nil,
              sex: Sex = .total) throws(CubeError) {
    guard let s = margins.sexIndex(sex) else { throw CubeError.noData("sex \(sex.label)") }
    let selection = try YearSelection(periods: margins.periods, year: year)
    let y = selection.year
    let months = selection.periodIndices.map { margins.periods[$0].month }.filter { $0 > 0 }
    var indices: [Int] = []
    if let wanted {
      for a in wanted {
        guard let i = margins.areaIndex(a) else { throw CubeError.noData("area \(a)") }
        indices.append(i)
      }
    } else {
      indices = margins.areas.indices.filter {
        margins.areas[$0].level == .prefecture || margins.areas[$0].isMunicipalUnit
      }
    }
    // The same months of the year before (or its annual figure when this year is annual).
    let before: [Int]? = {
      let wantedPeriods = months.isEmpty ? [Period(year: y - 1)] : months.compactMap { Period(year: y - 1, month: $0) }
      let found = wantedPeriods.compactMap { margins.periods.firstIndex(of: $0) }
      return found.count == wantedPeriods.count ? found : nil
    }()
    /// 転入 and 転出 summed over periods; `nil` when one of them is absent (a sum is never made of part of it).
    func sums(_ periods: [Int], _ a: Int) -> (Int64, Int64)? {
      var i: Int64 = 0, o: Int64 = 0
      for p in periods {
        guard let fi = margins.inflow(period: p, sex: s, area: a), let fo = margins.outflow(period: p, sex: s, area: a)
        else { return nil }
        i += fi
        o += fo
      }
      return (i, o)
    }
    // Only areas with both figures are ranked; last year's ranks are among the same areas.
    let now = indices.map { sums(selection.periodIndices, $0) }
    let ranked = indices.indices.filter { now[$0] != nil }
    let values = ranked.map { measure.value(in: now[$0]!.0, out: now[$0]!.1) }
    let ranks = Self.competitionRanks(values)
    let previous = before.map { p in ranked.map { sums(p, indices[$0]) } }
    let previousComplete = previous.map { $0.allSatisfy { $0 != nil } } ?? false
    let previousRanks = previousComplete
      ? Self.competitionRanks(previous!.map { measure.value(in: $0!.0, out: $0!.1) }) : nil

    var rows = ranked.indices.map { k in
      Row(area: margins.areas[indices[ranked[k]]], inflow: now[ranked[k]]!.0, outflow: now[ranked[k]]!.1, rank: ranks[k],
          previousRank: previousRanks?[k],
          previousValue: previous?[k].map { measure.value(in: $0.0, out: $0.1) })
    }
    rows.sort { $0.rank != $1.rank ? $0.rank < $1.rank : $0.area < $1.area }
    self.measure = measure
    self.year = y
    self.months = months
    self.periodLabel = months.isEmpty || months.count == 12
      ? "\(y)年" : months.count == 1 ? "\(y)年\(months[0])月" : "\(y)年\(months.first!)～\(months.last!)月"
    self.count = rows.count
    self.unranked = indices.indices.filter { now[$0] == nil }.map { margins.areas[indices[$0]] }
    self.gaining = rows.filter { $0.net >= 0 }.count
    self.losing = rows.count - gaining
    self.hasPrevious = previousRanks != nil
    self.rows = top.map { n in Array(rows.prefix { $0.rank <= n }) } ?? rows
  }

  /// Competition ranks of values, largest first: [5, 9, 9, 1] → [3, 1, 1, 4].
  public static func competitionRanks(_ values: [Int64]) -> [Int] {
    values.map { v in 1 + values.filter { $0 > v }.count }
  }
}

/// 転入元 or 転出先 of one area ranked by their flows, with 構成比 (the share of the area's 転入 or 転出 from all
/// counterparts, 不詳 included) and last year's rank: 「転出先の上位10都道府県」.
///
/// ```swift
/// let top = try CounterpartRanking(cube: cube, area: kumamoto, year: 2025, direction: .outflow, top: 10)
/// top.rows[0].counterpart.name   // 福岡県
/// top.rows[0].share              // 0.27… (of 31,256)
/// ```
public struct CounterpartRanking: Sendable {
  public struct Row: Sendable, Equatable {
    public var counterpart: Area
    /// The flow with this counterpart: 転出 to it, 転入 from it, or 転入 − 転出 (net).
    public var value: Int64
    /// value ÷ the area's total (all counterparts, 不詳 included) in that direction; `nil` for net.
    public var share: Double?
    public var rank: Int
    public var previousValue: Int64?
    public var previousRank: Int?
  }

  public let area: Area
  public let direction: FlowDirection
  public let year: Int
  public let periodLabel: String
  /// The area's 転入 or 転出 with all counterparts (the denominator of 構成比); `nil` for net.
  public let total: Int64?
  /// Whether the total includes moves with 移動前の住所地不詳.
  public let unknownIncluded: Bool
  public let rows: [Row]
  public let hasPrevious: Bool

  /// - Parameters:
  ///   - cube: origin–destination flows (prefectures or municipalities).
  ///   - direction: `.outflow` ranks 転出先, `.inflow` 転入元, `.net` the net with each counterpart.
  /// - Throws: `CubeError.noData` for an area, year or sex the cube does not have.
  public init(cube: MigrationCube, area: Area, year: Int?, direction: FlowDirection, top: Int? = nil,
              sex: Sex = .total) throws(CubeError) {
    guard cube.isSquare, let a = cube.originIndex(area) else { throw CubeError.noData("area \(area)") }
    let selection = try YearSelection(periods: cube.periods, year: year)
    let y = selection.year
    let months = selection.periodIndices.map { cube.periods[$0].month }.filter { $0 > 0 }
    let n = cube.areas.count
    func flows(_ periods: [Int]) throws(CubeError) -> (inflow: [Int64], outflow: [Int64]) {
      var i = [Int64](repeating: 0, count: n), o = i
      for p in periods {
        guard let m = cube.matrix(period: p, sex: sex) else { throw CubeError.noData("sex \(sex.label)") }
        for c in 0..<n where c != a {
          i[c] += Int64(m[c * n + a])
          o[c] += Int64(m[a * n + c])
        }
      }
      return (i, o)
    }
    func values(_ f: (inflow: [Int64], outflow: [Int64])) -> [Int64] {
      switch direction {
      case .inflow: f.inflow
      case .outflow: f.outflow
      case .net: zip(f.inflow, f.outflow).map { $0 - $1 }
      }
    }
    let now = try flows(selection.periodIndices)
    let wantedBefore = months.isEmpty ? [Period(year: y - 1)] : months.compactMap { Period(year: y - 1, month: $0) }
    let foundBefore = wantedBefore.compactMap { cube.periodIndex($0) }
    let before = foundBefore.count == wantedBefore.count ? try flows(foundBefore) : nil

    // Counterparts that are areas of their own: not the area itself, not 不詳, not aggregates.
    let counterparts = (0..<n).filter { c in
      c != a && (cube.areas[c].level == .prefecture || cube.areas[c].isMunicipalUnit)
    }
    let v = values(now), pv = before.map(values)
    let ranks = Ranking.competitionRanks(counterparts.map { v[$0] })
    let previousRanks = pv.map { p in Ranking.competitionRanks(counterparts.map { p[$0] }) }
    // The denominator: every counterpart that is an area of its own, and 不詳 (never an aggregate: 東京圏 or
    // その他 would count moves twice).
    let unknown = (0..<n).filter { cube.areas[$0].level == .unknown }
    let unknownFlow = unknown.reduce(Int64(0)) { $0 + v[$1] }
    let total: Int64? = direction == .net ? nil : counterparts.reduce(unknownFlow) { $0 + v[$1] }
    var rows = counterparts.indices.map { k in
      let c = counterparts[k]
      return Row(counterpart: cube.areas[c], value: v[c],
                 share: total.flatMap { $0 > 0 ? Double(v[c]) / Double($0) : nil }, rank: ranks[k],
                 previousValue: pv?[c], previousRank: previousRanks?[k])
    }
    rows.sort { $0.rank != $1.rank ? $0.rank < $1.rank : $0.counterpart < $1.counterpart }
    self.area = area
    self.direction = direction
    self.year = y
    self.periodLabel = months.isEmpty || months.count == 12
      ? "\(y)年" : months.count == 1 ? "\(y)年\(months[0])月" : "\(y)年\(months.first!)～\(months.last!)月"
    self.total = total
    self.unknownIncluded = direction != .net && unknownFlow != 0
    self.hasPrevious = before != nil
    self.rows = top.map { t in Array(rows.prefix { $0.rank <= t }) } ?? rows
  }
}
