import Testing

@testable import IdouCore

/// 転入/転出 of one area by counterpart group (``MigrationCube/counterpartFlows(of:regions:)``).
@Suite("Counterpart grouping")
struct CounterpartFlowsTests {
  static func p(_ code: Int) -> Area { Area(Prefecture(code: code)!) }

  /// 北海道, 埼玉, 東京, 大阪, 福岡, 熊本; one month, 男 and 女 layers (so 総数 is derived).
  static func smallCube() -> MigrationCube {
    let areas = [1, 11, 13, 27, 40, 43].map(p)
    var cube = MigrationCube(periods: [Period(year: 2025, month: 3)!], areas: areas, sexes: [.male, .female])
    func set(_ sex: Int, _ from: Int, _ to: Int, _ n: Int32) {
      cube[0, sex, areas.firstIndex(of: p(from))!, areas.firstIndex(of: p(to))!] = n
    }
    // 男
    set(0, 43, 11, 2); set(0, 43, 13, 5); set(0, 43, 27, 3); set(0, 43, 40, 7); set(0, 43, 1, 9)
    set(0, 11, 43, 1); set(0, 13, 43, 4); set(0, 27, 43, 2); set(0, 40, 43, 6); set(0, 1, 43, 8)
    set(0, 13, 11, 100); set(0, 40, 13, 50)
    // 女
    set(1, 43, 13, 1); set(1, 43, 40, 2); set(1, 13, 43, 3)
    return cube
  }

  static let kumamotoReport = RegionSet(
    id: "kumamoto-report", name: "熊本県", groups: [
      RegionSet.tokyoArea, RegionSet.osakaArea, .init(area: Self.p(40), members: [Self.p(40).code!]),
    ])

  @Test("熊本県 by 東京圏, 大阪圏, 福岡県, その他 and 全国計, by sex, worked out by hand")
  func kumamotoByHand() throws {
    let flows = try Self.smallCube().counterpartFlows(of: Self.p(43), regions: Self.kumamotoReport)
    #expect(flows.counterparts.map(\.codeText) == ["51000", "53000", "40", "rest", "00000"])
    #expect(flows.sexes == [.total, .male, .female])
    // 転出: 東京圏 = 2 + 5 (男) + 1 (女); 大阪圏 3; 福岡県 7 + 2; その他 (北海道) 9; 全国計 29.
    #expect(flows.outflow(period: 0, sex: .total, counterpart: .tokyoArea) == 8)
    #expect(flows.outflow(period: 0, sex: .male, counterpart: .tokyoArea) == 7)
    #expect(flows.outflow(period: 0, sex: .female, counterpart: .tokyoArea) == 1)
    #expect(flows.outflow(period: 0, sex: .total, counterpart: .osakaArea) == 3)
    #expect(flows.outflow(period: 0, sex: .total, counterpart: Self.p(40)) == 9)
    #expect(flows.outflow(period: 0, sex: .total, counterpart: .rest) == 9)
    #expect(flows.outflow(period: 0, sex: .total, counterpart: CounterpartFlows.nationalTotal) == 29)
    // 転入: 東京圏 1 + 4 + 3; 大阪圏 2; 福岡県 6; その他 8; 全国計 24. The 東京→埼玉 and 福岡→東京 moves are not 熊本's.
    #expect(flows.inflow(period: 0, sex: .total, counterpart: .tokyoArea) == 8)
    #expect(flows.inflow(period: 0, sex: .total, counterpart: .osakaArea) == 2)
    #expect(flows.inflow(period: 0, sex: .total, counterpart: Self.p(40)) == 6)
    #expect(flows.inflow(period: 0, sex: .total, counterpart: .rest) == 8)
    #expect(flows.inflow(period: 0, sex: .total, counterpart: CounterpartFlows.nationalTotal) == 24)
    #expect(flows.net(period: 0, sex: .total, counterpart: CounterpartFlows.nationalTotal) == -5)
    #expect(flows.net(period: 0, sex: .female, counterpart: CounterpartFlows.nationalTotal) == 0)
    #expect(flows.outflow(period: 0, sex: .total, counterpart: .nagoyaArea) == nil)
  }

  @Test("per-area totals only (the other end 不詳): every group's figure is absent, never 0, 全国計 is there; a real 不詳 beside known areas is not")
  func totalsOnlyHaveNoCounterparts() throws {
    let areas = [13, 43].map(Self.p) + [Area.unknown]
    var cube = MigrationCube(periods: [Period(year: 2025, month: 3)!], areas: areas, sexes: [.total])
    cube[0, 0, 1, 2] = 1_849  // 熊本県's 転出, as a table of totals gives it
    cube[0, 0, 2, 1] = 1_987  // its 転入
    let totals = try cube.counterpartFlows(of: Self.p(43), regions: .metropolitan)
    #expect(!totals.groupsKnown)
    #expect(totals.outflow(period: 0, sex: .total, counterpart: .tokyoArea) == nil)
    #expect(totals.inflow(period: 0, sex: .total, counterpart: RegionSet.nonMetropolitanArea.area) == nil)
    #expect(totals.outflow(period: 0, sex: .total, counterpart: CounterpartFlows.nationalTotal) == 1_849)
    #expect(totals.inflow(period: 0, sex: .total, counterpart: CounterpartFlows.nationalTotal) == 1_987)
    cube[0, 0, 1, 0] = 12  // one move to 東京都: now an origin–destination table with some 不詳
    let flows = try cube.counterpartFlows(of: Self.p(43), regions: .metropolitan)
    #expect(flows.groupsKnown)
    #expect(flows.outflow(period: 0, sex: .total, counterpart: .tokyoArea) == 12)
  }

  @Test("overlapping groups: 東京都's 東京圏 excludes 東京都 itself; 三大都市圏 ⊇ 東京圏")
  func overlappingGroups() throws {
    let flows = try Self.smallCube().counterpartFlows(of: Self.p(13), regions: .metropolitan)
    #expect(flows.outflow(period: 0, sex: .total, counterpart: .tokyoArea) == 100)  // 東京 → 埼玉
    #expect(flows.outflow(period: 0, sex: .total, counterpart: RegionSet.threeMetropolitanAreas.area) == 100)
    #expect(flows.outflow(period: 0, sex: .total, counterpart: RegionSet.nonMetropolitanArea.area) == 7)     // → 熊本 4 + 3
    #expect(flows.inflow(period: 0, sex: .total, counterpart: RegionSet.nonMetropolitanArea.area) == 56)     // 熊本 5 + 1, 福岡 50
    #expect(flows.inflow(period: 0, sex: .total, counterpart: CounterpartFlows.nationalTotal) == 56)
    #expect(!flows.counterparts.contains(.rest))                    // the set covers every prefecture
  }

  @Test("random cubes: BLAS grouping equals scalar sums, and a partition adds up to 全国計",
        arguments: [0, 1, 2, 7, 9])
  func randomAgainstScalar(months: Int) throws {
    var rng = SplitMix64(seed: UInt64(months) &+ 17)
    let areas = Prefecture.all.map(Area.init) + [Area.unknown]
    let n = areas.count
    let periods = (0..<months).map { Period(year: 2024, month: $0 + 1)! }
    var cube = MigrationCube(periods: periods, areas: areas, sexes: [.male, .female])
    for i in cube.counts.indices { cube.counts[i] = Int32(rng.next() % 500) }
    for p in 0..<months { for s in 0..<2 { for a in 0..<n { cube[p, s, a, a] = 0 } } }
    let flows = try cube.counterpartFlows(of: Self.p(43), regions: Self.kumamotoReport)
    let a = 42
    let groups: [(Area, (Int) -> Bool)] = [
      (.tokyoArea, { [10, 11, 12, 13].contains($0) }), (.osakaArea, { [25, 26, 27, 28].contains($0) }),
      (Self.p(40), { $0 == 39 }), (.rest, { ![10, 11, 12, 13, 25, 26, 27, 28, 39].contains($0) }),
      (CounterpartFlows.nationalTotal, { _ in true }),
    ]
    for p in 0..<months {
      for (sex, layers) in [(Sex.total, [0, 1]), (.male, [0]), (.female, [1])] {
        for (code, member) in groups {
          var out: Int64 = 0, into: Int64 = 0
          for s in layers {
            for b in 0..<n where b != a && member(b) {
              out += Int64(cube[p, s, a, b])
              into += Int64(cube[p, s, b, a])
            }
          }
          #expect(flows.outflow(period: p, sex: sex, counterpart: code) == out, "\(code) \(sex) month \(p + 1)")
          #expect(flows.inflow(period: p, sex: sex, counterpart: code) == into, "\(code) \(sex) month \(p + 1)")
        }
        let parts = [Area.tokyoArea, .osakaArea, Self.p(40), .rest]
        #expect(parts.map { flows.outflow(period: p, sex: sex, counterpart: $0)! }.reduce(0, +)
          == flows.outflow(period: p, sex: sex, counterpart: CounterpartFlows.nationalTotal))
        #expect(parts.map { flows.inflow(period: p, sex: sex, counterpart: $0)! }.reduce(0, +)
          == flows.inflow(period: p, sex: sex, counterpart: CounterpartFlows.nationalTotal))
      }
    }
  }

  /// A cube shaped like a counterpart table: 熊本県, the aggregates 東京圏 and 大阪圏, 福岡県, and その他.
  static func counterpartCube() -> MigrationCube {
    let areas = [
      Self.p(43), .tokyoArea, .osakaArea, Self.p(40), .rest,
    ]
    var cube = MigrationCube(periods: [Period(year: 2025, month: 1)!], areas: areas, sexes: [.total])
    for (j, v) in [385, 169, 453, 676].enumerated() { cube[0, 0, 0, j + 1] = Int32(v) }
    for (j, v) in [343, 138, 445, 785].enumerated() { cube[0, 0, j + 1, 0] = Int32(v) }
    return cube
  }

  @Test("a counterpart-table cube: a group is its aggregate area (same code); 全国計 is the whole row")
  func aggregateAreas() throws {
    let cube = Self.counterpartCube()
    for set in [Self.kumamotoReport, nil] {
      let flows = try cube.counterpartFlows(of: Self.p(43), regions: set)
      #expect(flows.counterparts.map(\.codeText) == ["51000", "53000", "40", "rest", "00000"])
      #expect(flows.outflow(period: 0, sex: .total, counterpart: .tokyoArea) == 385)
      #expect(flows.outflow(period: 0, sex: .total, counterpart: CounterpartFlows.nationalTotal) == 1683)
      #expect(flows.inflow(period: 0, sex: .total, counterpart: Self.p(40)) == 445)
      #expect(flows.inflow(period: 0, sex: .total, counterpart: CounterpartFlows.nationalTotal) == 1711)
      #expect(flows.inflow(period: 0, sex: .total, counterpart: .rest) == 785)
    }
    #expect(RegionSet.tokyoArea.contains(cube.areas[1]))
    #expect(!RegionSet.osakaArea.contains(cube.areas[1]))
  }

  @Test("a group the counterpart table does not hold is an error, never a partial sum")
  func unanswerable() {
    #expect(throws: CubeError.self) { try Self.counterpartCube().counterpartFlows(of: Self.p(43), regions: .metropolitan) }
    let kyushu = RegionSet(id: "kyushu", name: "九州", groups: [.init(area: Area(group: "kyushu", name: "九州"), members: [Self.p(40).code!, Self.p(41).code!])])
    #expect(throws: CubeError.self) { try Self.counterpartCube().counterpartFlows(of: Self.p(43), regions: kyushu) }
    #expect(throws: CubeError.noData("area 44 大分県")) { try Self.counterpartCube().counterpartFlows(of: Self.p(44), regions: nil) }
  }
}
