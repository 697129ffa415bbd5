/// Which figure of a flow series: 転入 (in-migrants), 転出 (out-migrants) or 社会増減 (net = 転入 − 転出).
public enum FlowDirection: String, CaseIterable, Sendable {
  case inflow = "in"
  case outflow = "out"
  case net

  /// 転入, 転出, 社会増減.
  public var label: String {
    switch self {
    case .inflow: "転入"
    case .outflow: "転出"
    case .net: "社会増減"
    }
  }

  /// The heading of the counterpart column: 転入元 (from), 転出先 (to), 相手先 (with).
  public var counterpartHeading: String {
    switch self {
    case .inflow: "転入元"
    case .outflow: "転出先"
    case .net: "相手先"
    }
  }
}

/// 転入 and 転出 of one area by counterpart (転出入先): for each group of a region set, the moves into the area from
/// that group and out of the area to it, per period and sex, plus 全国計 (all counterparts), which is always there.
///
/// This is the content of a prefecture's monthly report table (the seed's 「本県における社会増減の推移」: 熊本県 by
/// 東京圏, 大阪圏, 福岡県 and 全国計). Counterparts may overlap (三大都市圏 and 東京圏), so they need not add up to
/// 全国計; the generated `rest` group (その他) holds what no group names.
///
/// ```swift
/// let flows = try cube.counterpartFlows(of: Area(Prefecture(code: 43)!), regions: try RegionSet.named("kumamoto-report"))
/// let jan = flows.periodIndex(Period(year: 2025, month: 1)!)!
/// flows.outflow(period: jan, sex: .total, counterpart: .tokyoArea)                  // 385
/// flows.outflow(period: jan, sex: .total, counterpart: CounterpartFlows.nationalTotal)  // 1,683 (全国計)
/// ```
public struct CounterpartFlows: Sendable, Equatable {
  /// The area whose 転入/転出 these are.
  public let area: Area
  /// The periods of the cube (months and/or years), sorted.
  public let periods: [Period]
  /// 総数 first (stored or derived as 男 + 女), then 男 and 女 where the data has them.
  public let sexes: [Sex]
  /// The groups of the region set in its order, then ``Area/rest`` (その他) when some counterpart is in no group, then
  /// ``nationalTotal`` (全国計).
  public let counterparts: [Area]
  public let scope: PopulationScope
  /// 転入 from each counterpart, laid out `[period][sex][counterpart]`.
  public let inflow: [Int64]
  /// 転出 to each counterpart, laid out `[period][sex][counterpart]`.
  public let outflow: [Int64]
  /// Whether the data gives the area's 転入 (転出) at all: a table of 転入 into 沖縄県's municipalities gives no
  /// 転出 of them. An unknown direction's figures are absent (`nil`), never 0.
  public var inflowKnown = true
  public var outflowKnown = true
  /// Whether the data gives the area's moves by counterpart at all: a table of per-area totals (its other end 不詳)
  /// gives only 全国計, and every group's figure is absent (`nil`), never 0.
  public var groupsKnown = true

  /// The error for a use that needs counterpart groups of data that gives only per-area totals.
  public static func totalsOnly(_ area: Area) -> CubeError {
    .noData("counterparts of \(area.name): the data gives only its 転入 and 転出 totals (the other end 不詳); "
      + "counterparts need an origin–destination table (e.g. the survey's 都道府県間移動)")
  }

  /// 全国計: every counterpart (code `00000`).
  public static let nationalTotal = Area(code: .nation, level: .nation, name: "全国計")

  public init(area: Area, periods: [Period], sexes: [Sex], counterparts: [Area], scope: PopulationScope,
              inflow: [Int64], outflow: [Int64]) {
    precondition(inflow.count == periods.count * sexes.count * counterparts.count && outflow.count == inflow.count)
    self.area = area
    self.periods = periods
    self.sexes = sexes
    self.counterparts = counterparts
    self.scope = scope
    self.inflow = inflow
    self.outflow = outflow
  }

  @inlinable public func index(_ period: Int, _ sex: Int, _ counterpart: Int) -> Int {
    (period * sexes.count + sex) * counterparts.count + counterpart
  }

  public func periodIndex(_ p: Period) -> Int? { periods.firstIndex(of: p) }
  public func sexIndex(_ s: Sex) -> Int? { sexes.firstIndex(of: s) }
  public func counterpartIndex(_ counterpart: Area) -> Int? { counterparts.firstIndex(of: counterpart) }

  /// 転入 into the area from a counterpart, or `nil` when the period, sex or counterpart is not there.
  public func inflow(period: Int, sex: Sex, counterpart: Area) -> Int64? {
    guard inflowKnown, groupsKnown || counterpart == Self.nationalTotal, let s = sexIndex(sex),
      let c = counterpartIndex(counterpart), periods.indices.contains(period)
    else { return nil }
    return inflow[index(period, s, c)]
  }

  /// 転出 from the area to a counterpart, or `nil` when the period, sex or counterpart is not there.
  public func outflow(period: Int, sex: Sex, counterpart: Area) -> Int64? {
    guard outflowKnown, groupsKnown || counterpart == Self.nationalTotal, let s = sexIndex(sex),
      let c = counterpartIndex(counterpart), periods.indices.contains(period)
    else { return nil }
    return outflow[index(period, s, c)]
  }

  /// 転入超過 (net in-migration) = 転入 − 転出 with a counterpart, or `nil` as above.
  public func net(period: Int, sex: Sex, counterpart: Area) -> Int64? {
    guard let i = inflow(period: period, sex: sex, counterpart: counterpart),
      let o = outflow(period: period, sex: sex, counterpart: counterpart)
    else { return nil }
    return i - o
  }

  /// The figure of one direction for a period, or `nil` when the data does not have it (a missing month is
  /// `nil`, never 0).
  ///
  /// ```swift
  /// flows.value(.outflow, period: Period(year: 2025, month: 1)!, counterpart: .tokyoArea)   // 385
  /// ```
  public func value(_ direction: FlowDirection, period: Period, sex: Sex = .total, counterpart: Area) -> Int64? {
    guard let p = periodIndex(period) else { return nil }
    switch direction {
    case .inflow: return inflow(period: p, sex: sex, counterpart: counterpart)
    case .outflow: return outflow(period: p, sex: sex, counterpart: counterpart)
    case .net: return net(period: p, sex: sex, counterpart: counterpart)
    }
  }

  /// The twelve months of a year for one direction, sex and counterpart: element m − 1 is month m, `nil` where the
  /// data has no such month. The series a year-end projection (同期比率法) or a chart starts from.
  ///
  /// ```swift
  /// let out2024 = flows.monthlySeries(.outflow, year: 2024, counterpart: CounterpartFlows.nationalTotal)
  /// // [1861, 1914, …, nil, nil, nil]
  /// ```
  /// - Complexity: O(12 · periods).
  public func monthlySeries(_ direction: FlowDirection, year: Int, sex: Sex = .total, counterpart: Area) -> [Int64?] {
    (1...12).map { m in value(direction, period: Period(year: year, month: m)!, sex: sex, counterpart: counterpart) }
  }
}

extension MigrationCube {
  /// 転入 and 転出 of one area by the counterpart groups of a region set, for every period and sex (DESIGN §4: "by
  /// counterpart group = grouped sums").
  ///
  /// 転出 to group g = Σ_{d∈g, d≠a} F[a, d] and 転入 from g = Σ_{o∈g, o≠a} F[o, a]: the destinations (then the
  /// origins) of the whole cube are grouped with ``regrouped(origins:destinations:)`` — OpenBLAS over all periods
  /// and sexes at once — and the area's row (column) is read off. 全国計 is the area's row (column) sum without
  /// the diagonal.
  ///
  /// A cube read from a counterpart table (its counterparts are aggregates such as 東京圏) can only answer for
  /// groups it holds: a group is answerable when it *is* one of those aggregates (the same area) or when
  /// every member of it is an area of the cube. Anything else (名古屋圏 from a table of 東京圏, 大阪圏, 福岡県) is an
  /// error, never a silent partial sum.
  ///
  /// - Parameters:
  ///   - area: the area on the cube's axis (熊本県).
  ///   - regions: the counterpart groups; `nil` means the cube's own aggregate counterparts when it has any (a
  ///     counterpart table's 東京圏, 大阪圏, 福岡県), else the built-in 三大都市圏 set.
  /// - Throws: `CubeError.notSquare`, or `.noData` for an area not on the axis or a group the cube cannot form.
  /// - Complexity: two groupings of the cube (``Kernels/groupBlocks``) plus O(periods · sexes · areas).
  public func counterpartFlows(of area: Area, regions: RegionSet?) throws(CubeError) -> CounterpartFlows {
    guard isSquare else { throw CubeError.notSquare }
    guard let a = originIndex(area) else { throw CubeError.noData("area \(area)") }
    let set = regions ?? ownCounterparts(excluding: a) ?? .metropolitan
    try checkAnswerable(set, excluding: a)

    let byDestination = regrouped(origins: nil, destinations: set)
    let byOrigin = regrouped(origins: set, destinations: nil)
    let groups = byDestination.destinations
    let counterparts = groups + [CounterpartFlows.nationalTotal]
    let sexesOut = availableSexes
    let n = areas.count, k = groups.count, c = counterparts.count
    var inflow = [Int64](repeating: 0, count: periods.count * sexesOut.count * c)
    var outflow = inflow
    var rows = [Int64](repeating: 0, count: n), cols = rows
    for p in periods.indices {
      for (si, s) in sexesOut.enumerated() {
        let base = (p * sexesOut.count + si) * c
        let out = byDestination.matrix(period: p, sex: s)!
        let into = byOrigin.matrix(period: p, sex: s)!
        for g in 0..<k {
          outflow[base + g] = Int64(out[a * k + g])
          inflow[base + g] = Int64(into[g * n + a])
        }
        let m = matrix(period: p, sex: s)!
        Kernels.rowAndColumnSums(m, n: n, rows: &rows, columns: &cols)
        let diagonal = Int64(m[a * n + a])
        outflow[base + k] = rows[a] - diagonal
        inflow[base + k] = cols[a] - diagonal
      }
    }
    var flows = CounterpartFlows(
      area: areas[a], periods: periods, sexes: sexesOut, counterparts: counterparts, scope: scope,
      inflow: inflow, outflow: outflow)
    flows.inflowKnown = !(unknownFigures[areas[a]]?.contains(.inflow) ?? false)
    flows.outflowKnown = !(unknownFigures[areas[a]]?.contains(.outflow) ?? false)
    flows.groupsKnown = hasFlowsBetweenAreas
    return flows
  }

  /// The areas of the cube's axis that are groups of other areas (a counterpart table's 東京圏): a cube holding
  /// them (with その他) was read from one area's counterpart table.
  var aggregateAreas: [Area] { areas.filter { $0.level == .metropolitanArea || $0.level == .regionGroup } }

  /// Whether the cube gives moves between two known areas. A table of per-area totals is a cube whose every move
  /// has 不詳 at the other end: grouping it by counterpart would give zeros, not figures.
  public var hasFlowsBetweenAreas: Bool {
    let n = areas.count
    let known = areas.indices.filter { areas[$0] != .unknown }
    for p in periods.indices {
      guard let f = matrix(period: p, sex: .total) else { continue }
      for o in known { for d in known where o != d && f[o * n + d] != 0 { return true } }
    }
    return false
  }

  /// The set of a counterpart table's own counterparts: one group per area other than the area itself, 不詳 and
  /// the table's その他; `nil` when the cube has no aggregate areas (a prefecture or municipal OD cube).
  func ownCounterparts(excluding a: Int) -> RegionSet? {
    guard !aggregateAreas.isEmpty else { return nil }
    let groups = areas.enumerated().compactMap { (i, area) -> RegionSet.Group? in
      guard i != a, area.level != .unknown, area != .rest else { return nil }
      return RegionSet.Group(area: area, members: area.code.map { [$0] } ?? [])
    }
    return RegionSet(id: "counterparts", name: "転出入先", groups: groups)
  }

  /// Throws when the cube holds aggregate areas and a group of `set` is neither one of them nor made only of
  /// areas of the cube.
  func checkAnswerable(_ set: RegionSet, excluding a: Int) throws(CubeError) {
    let aggregates = aggregateAreas
    guard !aggregates.isEmpty else { return }
    let codes = Set(areas.compactMap(\.code))
    for g in set.groups {
      if aggregates.contains(g.area) { continue }
      if !g.members.isEmpty && g.members.allSatisfy({ codes.contains($0) }) { continue }
      let have = areas.indices.filter { $0 != a }.map { areas[$0].name }.joined(separator: ", ")
      throw CubeError.noData(
        "counterpart \(g.name) (\(g.area.codeText)): the data gives only the counterparts \(have) of \(areas[a].name)")
    }
  }
}
