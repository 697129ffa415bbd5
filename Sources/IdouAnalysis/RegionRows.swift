import IdouCore

/// The rows of a region set for one year: each group of the set as it stood that year (21大都市: 特別区部 and the
/// 政令市 designated by then), then the set's total row when it has one — the plain sum of the rows, as e-Stat's
/// 21大都市計 is — checked against the data's own row of that total when the data gives one (e-Stat table 1 has
/// 21大都市計 00416).
///
/// ```swift
/// let r = try RegionRows(cube: table1, set: try RegionSet.named("21-cities"), year: 2025)
/// r.rows.count            // 22: 21 cities and 21大都市計
/// r.totalAgrees           // true: Σ rows = the table's 21大都市計
/// ```
public struct RegionRows: Sendable {
  /// The set as it stood in the year.
  public let set: RegionSet
  /// The groups' rows, then the total row.
  public let rows: [SummaryRow]
  /// The total row (Σ of the groups' rows), when the set has one.
  public let total: SummaryRow?
  /// The data's own figure of the total's area (a published 21大都市計), when the data has that area.
  public let published: SummaryRow?
  public let scope: PopulationScope

  /// Whether the total agrees with the published one; `nil` when the data has none to compare with.
  public var totalAgrees: Bool? {
    guard let t = total, let p = published else { return nil }
    return t.in == p.in && t.out == p.out
  }

  /// - Throws: `CubeError.noData` for a year the data does not have, or a group none of whose members the data
  ///   has (a 政令市 in a prefecture table): a group is never shown as zero for want of data.
  public init(cube: MigrationCube, set full: RegionSet, year: Int?, sex: Sex = .total) throws(CubeError) {
    let selection = try YearSelection(periods: cube.periods, year: year)
    let set = full.inForce(year: selection.year)
    for g in set.groups where !cube.areas.contains(where: { g.contains($0) }) {
      throw CubeError.noData("\(g.name) (\(g.area.codeText)) of the set \(set.id): the input has no row for it (nor for its wards)")
    }
    let margins = try cube.margins(regions: set)
    let rows = try margins.summary(year: selection.year, areas: set.groups.map(\.area), sex: sex)
    var total: SummaryRow? = nil
    var published: SummaryRow? = nil
    if let t = set.total {
      total = SummaryRow(area: t, period: rows.first?.period ?? "", in: rows.reduce(0) { $0 + $1.in },
                         out: rows.reduce(0) { $0 + $1.out })
      if cube.areas.contains(t) {
        published = try cube.margins().summary(year: selection.year, areas: [t], sex: sex).first
      }
    }
    self.set = set
    self.rows = rows + (total.map { [$0] } ?? [])
    self.total = total
    self.published = published
    self.scope = cube.scope
  }
}
