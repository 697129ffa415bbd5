extension Margins {
  /// The areas of these margins that are aggregates of others present here (docs/ARCHITECTURE.md §2): every part
  /// of the area (``AreaCatalog/children(of:year:)``) has figures here, itself or through its own parts. 全国 with
  /// its 47 prefectures, 東京圏 with its four, 21大都市計 with its members of `year`, a 郡 with its towns, a
  /// prefecture with all its municipalities; never a leaf.
  public func coveredAggregates(year: Int?) -> Set<Int> {
    let catalog = AreaCatalog.standard
    var memo: [AreaCode: Bool] = [:]
    var result = Set<Int>()
    for a in areas.indices {
      if let c = areas[a].code, isCovered(c, catalog: catalog, year: year, memo: &memo) { result.insert(a) }
    }
    return result
  }

  /// Whether every child of `c` has a figure or is covered itself (memoised; a method with an `inout` memo
  /// instead of nested recursive closures, which crashed the optimiser's CopyPropagation in release builds).
  private func isCovered(_ c: AreaCode, catalog: AreaCatalog, year: Int?, memo: inout [AreaCode: Bool]) -> Bool {
    if let m = memo[c] { return m }
    memo[c] = false  // no cycles in the catalog, but be safe
    let kids = catalog.children(of: c, year: year)
    var r = !kids.isEmpty
    for k in kids where r {
      let present = areaIndex(catalog.area(k)).map(hasAnyFigure(area:)) ?? false
      r = present || isCovered(k, catalog: catalog, year: year, memo: &memo)
    }
    memo[c] = r
    return r
  }

  /// The areas to list by default: those with a figure that are not aggregates of others here, nor 全国 or 不詳,
  /// across one boundary — the one most of them have (table 1's 47 prefectures, not its 21大都市 beside them).
  /// - Returns: the areas, and how many leaves of another boundary were left out.
  public func defaultAreas(year: Int?) -> (areas: [Area], otherBoundary: [Area]) {
    let covered = coveredAggregates(year: year)
    let leaves = areas.indices.filter { a in
      !covered.contains(a) && hasAnyFigure(area: a) && areas[a].level != .nation && areas[a].level != .unknown
        && areas[a].level != .allOrigins
    }
    let counts = Dictionary(grouping: leaves, by: { boundaries[$0] }).mapValues(\.count)
    guard let main = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else { return ([], []) }
    return (leaves.filter { boundaries[$0] == main }.map { areas[$0] },
            leaves.filter { boundaries[$0] != main }.map { areas[$0] })
  }
}
