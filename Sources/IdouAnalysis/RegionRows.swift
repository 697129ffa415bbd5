import IdouCore

/// The rows of a region set for one year: each group of the set as it stood that year (21大都市: 特別区部 and the
/// 政令市 designated by then), then the set's total row when it has one — the plain sum of the rows, as e-Stat's
/// 21大都市計 is — checked against the data's own row of that total when the data gives one (e-Stat table 1 has
/// 21大都市計 00416).
///
/// ```swift
/// let set = try RegionSet.named("21-cities").inForce(year: 2025)
/// let r = try RegionRows(groups: groupMargins, set: set, data: tableMargins, year: 2025)
/// r.rows.count            // 22: 21 cities and 21大都市計
/// r.totalAgrees           // true: Σ rows = the table's 21大都市計
/// ```
public struct RegionRows: Sendable {
  /// The set as it stood in the year.
  public let set: RegionSet
  /// The groups' rows, then the total row.
  public let rows: [SummaryRow]
  /// The total row (Σ of the groups' rows; absent where a row is), when the set has one.
  public let total: SummaryRow?
  /// The data's own figure of the total's area (a published 21大都市計), when the data has that area.
  public let published: SummaryRow?

  /// Whether the total agrees with the published one; `nil` when there is nothing to compare.
  public var totalAgrees: Bool? {
    guard let t = total, let p = published, let ti = t.in, let to = t.out, let pi = p.in, let po = p.out else { return nil }
    return ti == pi && to == po
  }

  /// - Parameters:
  ///   - groups: the margins of the set's groups (grouped flows, or the rows per-area totals have of them).
  ///   - set: the set as it stood in `year` (``RegionSet/inForce(year:)``).
  ///   - data: the per-area margins of the inputs, where the total's own row is looked for.
  /// - Throws: `CubeError.noData` for a year the data does not have, or when the data has none of the groups: a
  ///   set of cities on a prefecture table is an error, never rows of zeros.
  public init(groups: Margins, set: RegionSet, data: Margins, year: Int, sex: Sex = .total) throws(CubeError) {
    let rows = try groups.summary(year: year, areas: set.groups.map(\.area), sex: sex)
    if !rows.isEmpty && rows.allSatisfy({ $0.in == nil && $0.out == nil }) {
      throw CubeError.noData("any group of the set \(set.id) (\(set.groups.prefix(3).map(\.name).joined(separator: ", "))…): the input has no rows for them")
    }
    var total: SummaryRow? = nil
    var published: SummaryRow? = nil
    if let t = set.total {
      func sum(_ k: KeyPath<SummaryRow, Int64?>) -> Int64? {
        var s: Int64 = 0
        for r in rows {
          guard let v = r[keyPath: k] else { return nil }
          s += v
        }
        return s
      }
      total = SummaryRow(area: t, period: rows.first?.period ?? "", in: sum(\.in), out: sum(\.out),
                         boundary: rows.first?.boundary)
      if data.areaIndex(t) != nil {
        published = try data.summary(year: year, areas: [t], sex: sex).first
      }
    }
    self.set = set
    self.rows = rows + (total.map { [$0] } ?? [])
    self.total = total
    self.published = published
  }
}
