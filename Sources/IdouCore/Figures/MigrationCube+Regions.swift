extension MigrationCube {
  /// The cube with origins, destinations or both grouped by region sets: cell (g, h) counts the moves from an
  /// area of group g to an area of group h. With both sides grouped by one set this is G · F · Gᵀ, and the
  /// diagonal holds the moves inside a group (which are not 転入/転出 of the group).
  ///
  /// Areas that no group of the set holds go to a group `rest` (その他) so that no move is lost; overlapping groups
  /// (三大都市圏 and 東京圏) each count their moves.
  ///
  /// - Parameters:
  ///   - origins: the set to group origins by, or `nil` to keep them.
  ///   - destinations: the set to group destinations by, or `nil` to keep them.
  /// - Complexity: two `dgemm` calls over all periods and sexes at once (``Kernels/groupBlocks``).
  public func regrouped(origins originSet: RegionSet?, destinations destinationSet: RegionSet?) -> MigrationCube {
    let go = originSet.map { MigrationCube.membership($0, of: origins) }
    let gd = destinationSet.map { MigrationCube.membership($0, of: destinations) }
    var result = MigrationCube(
      periods: periods, origins: go?.groups ?? origins, destinations: gd?.groups ?? destinations,
      sexes: sexes, scope: scope)
    result.counts = Kernels.groupBlocks(
      counts, blocks: periods.count * sexes.count, rows: origins.count, cols: destinations.count,
      originGroups: go?.matrix, originGroupCount: go?.groups.count ?? 0,
      destinationGroups: gd?.matrix, destinationGroupCount: gd?.groups.count ?? 0)
    return result
  }

  /// Both sides grouped by one set: the moves between regions.
  public func grouped(by set: RegionSet) -> MigrationCube {
    regrouped(origins: set, destinations: set)
  }

  /// The groups × areas 0/1 membership matrix of a set, with a `rest` group when some area is in no group.
  static func membership(_ set: RegionSet, of areas: [Area]) -> (groups: [Area], matrix: [Double]) {
    var groups = set.groups.map(\.area)
    var rows = set.groups.map { g in areas.map { g.contains($0) ? 1.0 : 0.0 } }
    let covered = areas.indices.map { i in rows.contains { $0[i] != 0 } }
    if covered.contains(false) {
      groups.append(.rest)
      rows.append(covered.map { $0 ? 0 : 1 })
    }
    return (groups, rows.flatMap { $0 })
  }
}

extension MigrationCube {
  /// 転入, 転出 and net of each region of a set: in(g) = moves into an area of g from an area outside g;
  /// out(g) = moves from an area of g to an area outside g. Moves inside a region are not its 転入/転出.
  ///
  /// Each region is measured against its own complement, so overlapping groups (三大都市圏 and 東京圏) are each
  /// right: in(g) = Σ_{d∈g} colsum(d) − (G·F·Gᵀ)[g,g], with the diagonal from one BLAS grouping of all periods.
  ///
  /// - Throws: `CubeError.notSquare`.
  /// - Complexity: O(cells) for the sums plus the grouping's two `dgemm` calls.
  public func margins(regions set: RegionSet) throws(CubeError) -> Margins {
    guard isSquare else { throw CubeError.notSquare }
    let (groups, g) = MigrationCube.membership(set, of: areas)
    let grouped = self.grouped(by: set)
    let n = areas.count, k = groups.count, sexesOut = availableSexes
    var inflow = [Int64](repeating: 0, count: periods.count * sexesOut.count * k)
    var outflow = inflow
    var rows = [Int64](repeating: 0, count: n), cols = rows
    for p in periods.indices {
      for (si, s) in sexesOut.enumerated() {
        Kernels.rowAndColumnSums(matrix(period: p, sex: s)!, n: n, rows: &rows, columns: &cols)
        let inside = grouped.matrix(period: p, sex: s)!
        for h in 0..<k {
          var into: Int64 = 0, from: Int64 = 0
          for a in 0..<n where g[h * n + a] != 0 {
            into += cols[a]
            from += rows[a]
          }
          let within = Int64(inside[h * k + h])
          inflow[(p * sexesOut.count + si) * k + h] = into - within
          outflow[(p * sexesOut.count + si) * k + h] = from - within
        }
      }
    }
    var margins = Margins(periods: periods, areas: groups, sexes: sexesOut, scope: scope, inflow: inflow, outflow: outflow)
    // A group none of whose members the data has (a city of a set on prefecture flows) has no figures: absent,
    // never 0.
    for h in 0..<k where !(0..<n).contains(where: { g[h * n + $0] != 0 }) {
      for p in periods.indices {
        for s in sexesOut.indices {
          margins.clear(period: p, sex: s, area: h, figure: .inflow)
          margins.clear(period: p, sex: s, area: h, figure: .outflow)
        }
      }
    }
    // A group with a member whose 転入 (転出) the flows do not give has none either.
    for h in 0..<k {
      let unknown = (0..<n).filter { g[h * n + $0] != 0 }.reduce(into: Set<MarginFigure>()) {
        $0.formUnion(unknownFigures[areas[$1]] ?? [])
      }
      for f in unknown where f != .within {
        for p in periods.indices { for s in sexesOut.indices { margins.clear(period: p, sex: s, area: h, figure: f) } }
      }
    }
    return margins
  }
}
