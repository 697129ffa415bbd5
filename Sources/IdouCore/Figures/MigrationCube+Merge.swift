extension MigrationCube {
  /// Combines cubes from several inputs into one: the union of their periods, areas and sex layers.
  ///
  /// Each period × sex layer must come from one input only (two files that both give 2025-03 総数 would be counted
  /// twice), and all cubes must be of one scope.
  ///
  /// - Throws: `CubeError.scopeMismatch` or `.overlappingPeriod`.
  /// - Complexity: O(total cells).
  public static func merged(_ cubes: [MigrationCube]) throws(CubeError) -> MigrationCube {
    guard let first = cubes.first else { throw CubeError.noData("any input") }
    if cubes.count == 1 { return first }
    for c in cubes where c.scope != first.scope { throw CubeError.scopeMismatch(first.scope, c.scope) }

    func union(_ axes: [[Area]]) -> [Area] {
      var seen = Set<Area>(), out: [Area] = []
      for axis in axes { for a in axis where seen.insert(a).inserted { out.append(a) } }
      return out.sorted()
    }
    let periods = Array(Set(cubes.flatMap(\.periods))).sorted()
    var result = MigrationCube(
      periods: periods, origins: union(cubes.map(\.origins)), destinations: union(cubes.map(\.destinations)),
      sexes: Array(Set(cubes.flatMap(\.sexes))), scope: first.scope)
    var filled = Set<[Int]>()
    for c in cubes {
      // A figure one input cannot give stays unknown (another input giving other periods of it does not make it
      // whole).
      result.unknownFigures.merge(c.unknownFigures) { $0.union($1) }
      let o = c.origins.map { result.originIndex($0)! }
      let d = c.destinations.map { result.destinationIndex($0)! }
      for (pi, p) in c.periods.enumerated() {
        let rp = result.periodIndex(p)!
        for (si, s) in c.sexes.enumerated() {
          let rs = result.sexIndex(s)!
          guard filled.insert([rp, rs]).inserted else { throw CubeError.overlappingPeriod(p, s) }
          for i in o.indices {
            for j in d.indices { result[rp, rs, o[i], d[j]] = c[pi, si, i, j] }
          }
        }
      }
    }
    return result
  }
}
