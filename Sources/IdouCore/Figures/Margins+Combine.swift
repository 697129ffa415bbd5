extension Margins {
  /// Combines the margins of several inputs (docs/ARCHITECTURE.md §3): the union of their periods, areas, sexes and
  /// age classes. A figure one input lacks stays absent; a figure two inputs give must be the same.
  ///
  /// - Throws: `CubeError.scopeMismatch`; `.disagreement` when two inputs give different figures, or figures of one
  ///   area across different boundaries (table 1's 他都道府県 熊本県 and a municipal table's 他市区町村 熊本県).
  /// - Complexity: O(total figures).
  public static func merged(_ list: [Margins]) throws(CubeError) -> Margins {
    guard let first = list.first else { throw CubeError.noData("any input") }
    if list.count == 1 { return first }
    for m in list where m.scope != first.scope { throw CubeError.scopeMismatch(first.scope, m.scope) }
    var boundaryOf: [Area: Boundary] = [:]
    for m in list {
      for (a, area) in m.areas.enumerated() {
        if let b = boundaryOf[area], b != m.boundaries[a] {
          throw CubeError.disagreement(
            "\(area) has figures across two boundaries (\(b.label) in one input, \(m.boundaries[a].label) in another): they are different figures")
        }
        boundaryOf[area] = m.boundaries[a]
      }
    }
    let periods = Array(Set(list.flatMap(\.periods))).sorted()
    let areas = Array(Set(list.flatMap(\.areas))).sorted()
    let sexes = Array(Set(list.flatMap(\.sexes))).sorted()
    let ages = Array(Set(list.flatMap(\.ages))).sorted()
    var out = Margins(periods: periods, areas: areas, sexes: sexes, ages: ages, scope: first.scope,
                      boundaries: areas.map { boundaryOf[$0]! })
    for m in list {
      let pi = m.periods.map { periods.firstIndex(of: $0)! }, ai = m.areas.map { areas.firstIndex(of: $0)! }
      let si = m.sexes.map { sexes.firstIndex(of: $0)! }, gi = m.ages.map { ages.firstIndex(of: $0)! }
      for p in m.periods.indices {
        for s in m.sexes.indices {
          for g in m.ages.indices {
            for a in m.areas.indices {
              for f in MarginFigure.allCases {
                guard let v = m.value(f, period: p, sex: s, area: a, age: g) else { continue }
                if let earlier = out.value(f, period: pi[p], sex: si[s], area: ai[a], age: gi[g]) {
                  guard earlier == v else {
                    throw CubeError.disagreement(
                      "\(m.periods[p]) \(m.sexes[s].label) \(m.areas[a]) \(f): \(earlier) in one input, \(v) in another")
                  }
                  continue
                }
                out.set(f, v, period: pi[p], sex: si[s], area: ai[a], age: gi[g])
              }
            }
          }
        }
      }
    }
    return out
  }

  /// Margins of the groups of a region set from per-area margins: a group the margins hold as an area of its own
  /// (a table's 東京圏 row, 51000) keeps that figure; every other group is absent, because its 転入 and 転出 need the
  /// moves between its members, which per-area totals do not give.
  /// - Returns: the groups' margins, and the groups left absent.
  public func grouped(by set: RegionSet) -> (margins: Margins, absent: [Area]) {
    let groups = set.groups.map(\.area)
    var out = Margins(periods: periods, areas: groups, sexes: sexes, ages: ages, scope: scope,
                      boundaries: groups.map { g in areaIndex(g).map { boundaries[$0] } ?? Boundary(of: g) })
    var absent: [Area] = []
    for (j, g) in groups.enumerated() {
      guard let a = areaIndex(g) else {
        absent.append(g)
        continue
      }
      for p in periods.indices {
        for s in sexes.indices {
          for k in ages.indices {
            for f in MarginFigure.allCases {
              if let v = value(f, period: p, sex: s, area: a, age: k) { out.set(f, v, period: p, sex: s, area: j, age: k) }
            }
          }
        }
      }
    }
    return (out, absent)
  }
}
