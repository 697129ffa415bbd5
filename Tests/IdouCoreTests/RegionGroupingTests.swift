import CBLAS
import Testing
@testable import IdouCore

/// Region grouping by OpenBLAS (G·F·Gᵀ over all periods at once) against plain scalar sums.
@Suite("Region grouping by BLAS equals scalar sums")
struct RegionGroupingTests {
  static func randomCube(areas n: Int, periods: Int, sexes: [Sex], seed: UInt64) -> MigrationCube {
    var rng = SplitMix64(seed: seed)
    let areas = (0..<n).map(area)
    let ps = (0..<periods).map { Period(year: 2000 + $0 / 12, month: $0 % 12 + 1)! }
    var cube = MigrationCube(periods: ps, areas: areas, sexes: sexes)
    for i in cube.counts.indices { cube.counts[i] = Int32.random(in: 0...50_000, using: &rng) }
    for p in 0..<periods { for s in cube.sexes.indices { for a in 0..<n { cube[p, s, a, a] = 0 } } }
    return cube
  }

  /// The i-th area of a random cube: made-up municipalities 10001, 10002, … (up to 65 of them).
  static func area(_ i: Int) -> Area { Area(code: AreaCode(10_001 + i)!, level: .municipality, name: "A\(i)") }

  /// Random (possibly overlapping, possibly incomplete) groups over the cube's areas.
  static func randomSet(areas n: Int, groups: Int, seed: UInt64) -> RegionSet {
    var rng = SplitMix64(seed: seed)
    let gs = (0..<groups).map { g in
      RegionSet.Group(area: Area(group: "g\(g)", name: "G\(g)"),
                      members: Set((0..<n).filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }.map { area($0).code! }))
    }
    return RegionSet(id: "random", name: "random", groups: gs)
  }

  /// Scalar reference: the moves from group h to group k, Σ over member pairs.
  static func scalarGrouped(_ cube: MigrationCube, _ groups: [[Int]], period: Int, sex: Int) -> [[Int64]] {
    groups.map { h in
      groups.map { k in
        var s: Int64 = 0
        for o in h { for d in k { s += Int64(cube[period, sex, o, d]) } }
        return s
      }
    }
  }

  @Test(arguments: [(1, 1, 1), (2, 1, 3), (7, 3, 2), (9, 13, 5), (17, 2, 8), (47, 12, 4), (65, 5, 16)])
  func groupedEqualsScalar(areas: Int, periods: Int, groups: Int) {
    let cube = Self.randomCube(areas: areas, periods: periods, sexes: [.male, .female], seed: UInt64(areas * 100 + groups))
    let set = Self.randomSet(areas: areas, groups: groups, seed: UInt64(areas + periods))
    let grouped = cube.grouped(by: set)
    // Membership as index lists, with the rest group the method adds for uncovered areas.
    var members = set.groups.map { g in cube.areas.indices.filter { g.contains(cube.areas[$0]) } }
    let uncovered = cube.areas.indices.filter { a in !members.contains { $0.contains(a) } }
    if !uncovered.isEmpty { members.append(uncovered) }
    #expect(grouped.areas.count == members.count)
    for p in 0..<periods {
      for s in 0..<2 {
        let expected = Self.scalarGrouped(cube, members, period: p, sex: s)
        for h in members.indices { for k in members.indices { #expect(Int64(grouped[p, s, h, k]) == expected[h][k]) } }
      }
    }
    // No move is lost when groups do not overlap: covered in full by groups + rest.
    if members.flatMap({ $0 }).count == areas { #expect(grouped.total() == cube.total()) }
  }

  /// OpenBLAS is there (scripts/setup.sh installs it) and opened at the first product; its products, with and
  /// without transposes, equal the plain loops' (taken when it cannot be loaded) on integer counts.
  @Test func openBLASProductsEqualThePlainLoops() {
    #expect(Kernels.usesOpenBLAS)
    var rng = SplitMix64(seed: 3)
    for (m, n, k) in [(1, 1, 1), (3, 5, 7), (47, 47, 47), (130, 9, 64)] {
      for transA in [Int32(IDOU_NO_TRANS), Int32(IDOU_TRANS)] {
        for transB in [Int32(IDOU_NO_TRANS), Int32(IDOU_TRANS)] {
          let a = (0..<(m * k)).map { _ in Double(Int.random(in: 0...5000, using: &rng)) }
          let b = (0..<(k * n)).map { _ in Double(Int.random(in: 0...3, using: &rng)) }
          let lda = transA == IDOU_TRANS ? m : k, ldb = transB == IDOU_TRANS ? k : n
          var c = [Double](repeating: 7, count: m * n), d = c
          Kernels.withBLAS { idou_dgemm(transA, transB, Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), 0, &c, Int32(n)) }
          idou_dgemm_plain(transA, transB, Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), 0, &d, Int32(n))
          #expect(c == d, "\(m)×\(n)×\(k) trans \(transA) \(transB)")
        }
      }
    }
  }

  /// The record reader stops OpenBLAS's idle workers before its own threads start; BLAS must give the same sums
  /// afterwards (large enough for OpenBLAS to want its threads again), and stopping twice is harmless.
  @Test func groupingAfterStoppingIdleBLASThreads() {
    Kernels.stopIdleBLASThreads()
    Kernels.stopIdleBLASThreads()
    let cube = Self.randomCube(areas: 65, periods: 24, sexes: [.male, .female], seed: 77)
    let set = Self.randomSet(areas: 65, groups: 9, seed: 78)
    let grouped = cube.grouped(by: set)
    var members = set.groups.map { g in cube.areas.indices.filter { g.contains(cube.areas[$0]) } }
    let uncovered = cube.areas.indices.filter { a in !members.contains { $0.contains(a) } }
    if !uncovered.isEmpty { members.append(uncovered) }
    for p in [0, 11, 23] {
      for s in 0..<2 {
        let expected = Self.scalarGrouped(cube, members, period: p, sex: s)
        for h in members.indices { for k in members.indices { #expect(Int64(grouped[p, s, h, k]) == expected[h][k]) } }
      }
    }
  }

  /// Indices of the cube's areas in a group of the set (or in none, for the rest group).
  static func members(of group: Area, in set: RegionSet, cube: MigrationCube) -> [Int] {
    cube.areas.indices.filter { a in
      if group == .rest { return !set.groups.contains { $0.contains(cube.areas[a]) } }
      return set.groups.first { $0.area == group }!.contains(cube.areas[a])
    }
  }

  @Test(arguments: [(5, 2, 3), (16, 4, 2), (47, 3, 5)])
  func oneSidedGroupingEqualsScalar(areas: Int, periods: Int, groups: Int) {
    let cube = Self.randomCube(areas: areas, periods: periods, sexes: [.total], seed: 7 + UInt64(areas))
    let set = Self.randomSet(areas: areas, groups: groups, seed: 11 + UInt64(areas))
    let byDestination = cube.regrouped(origins: nil, destinations: set)
    let byOrigin = cube.regrouped(origins: set, destinations: nil)
    for p in 0..<periods {
      for (k, dest) in byDestination.destinations.enumerated() {
        for o in 0..<areas {
          let expected = Self.members(of: dest, in: set, cube: cube).reduce(Int64(0)) { $0 + Int64(cube[p, 0, o, $1]) }
          #expect(Int64(byDestination[p, 0, o, k]) == expected)
        }
      }
      for (h, origin) in byOrigin.origins.enumerated() {
        for d in 0..<areas {
          let expected = Self.members(of: origin, in: set, cube: cube).reduce(Int64(0)) { $0 + Int64(cube[p, 0, $1, d]) }
          #expect(Int64(byOrigin[p, 0, h, d]) == expected)
        }
      }
    }
  }

  /// A region's 転入 = moves into one of its areas from an area outside it, computed by brute force.
  @Test(arguments: [(6, 2, 3), (17, 3, 4), (47, 2, 6)])
  func regionMarginsEqualBruteForce(areas: Int, periods: Int, groups: Int) throws {
    let cube = Self.randomCube(areas: areas, periods: periods, sexes: [.male, .female], seed: 3 + UInt64(areas))
    let set = Self.randomSet(areas: areas, groups: groups, seed: 5 + UInt64(groups))
    let m = try cube.margins(regions: set)
    #expect(m.sexes == [.total, .male, .female])
    for p in 0..<periods {
      for (si, sex) in m.sexes.enumerated() {
        let f = cube.matrix(period: p, sex: sex)!
        for (h, g) in set.groups.enumerated() {
          let inside = (0..<areas).map { g.contains(cube.areas[$0]) }
          var into: Int64 = 0, from: Int64 = 0
          for o in 0..<areas { for d in 0..<areas where inside[o] != inside[d] {
            if inside[d] { into += Int64(f[o * areas + d]) } else { from += Int64(f[o * areas + d]) }
          } }
          #expect(m.inflow(period: p, sex: si, area: h) == into)
          #expect(m.outflow(period: p, sex: si, area: h) == from)
        }
      }
    }
  }

  @Test func emptyCubeGroupsToZeros() {
    let cube = MigrationCube(periods: [], areas: [], sexes: [.total])
    let grouped = cube.grouped(by: RegionSet.metropolitan)
    #expect(grouped.counts.isEmpty)
  }
}
