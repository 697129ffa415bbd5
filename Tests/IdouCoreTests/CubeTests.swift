import Testing
@testable import IdouCore

@Suite("The count cube and its margins")
struct CubeTests {
  static let areas = [Area(Prefecture(code: 13)!), Area(Prefecture(code: 40)!), Area(Prefecture(code: 43)!)]

  /// A hand-made cube: 男/女 layers for two months, figures chosen so every sum can be checked by eye.
  static func handCube() -> MigrationCube {
    var c = MigrationCube(periods: [Period(year: 2025, month: 1)!, Period(year: 2025, month: 2)!],
                          areas: areas, sexes: [.male, .female])
    // January, 男: 熊本→東京 10, 熊本→福岡 20, 福岡→熊本 5.  女: 熊本→東京 7, 東京→熊本 3.
    c[0, 0, 2, 0] = 10; c[0, 0, 2, 1] = 20; c[0, 0, 1, 2] = 5
    c[0, 1, 2, 0] = 7; c[0, 1, 0, 2] = 3
    // February, 男: 東京→福岡 4.
    c[1, 0, 0, 1] = 4
    return c
  }

  @Test func marginsByHand() throws {
    let m = try Self.handCube().margins()
    #expect(m.sexes == [.total, .male, .female])
    let t = m.sexIndex(.total)!, male = m.sexIndex(.male)!, female = m.sexIndex(.female)!
    // 熊本 in January: 男 5 (from 福岡) + 女 3 (from 東京) = 8; out: 男 30 + 女 7 = 37.
    #expect(m.inflow(period: 0, sex: t, area: 2) == 8)
    #expect(m.outflow(period: 0, sex: t, area: 2) == 37)
    #expect(m.net(period: 0, sex: t, area: 2) == -29)
    #expect(m.outflow(period: 0, sex: male, area: 2) == 30)
    #expect(m.inflow(period: 0, sex: female, area: 0) == 7)
    #expect(m.inflow(period: 1, sex: t, area: 1) == 4)
    let rows = try m.summary(year: 2025, areas: [Self.areas[2], Self.areas[0]])
    #expect(rows == [SummaryRow(area: Self.areas[2], period: "2025-01/2025-02", in: 8, out: 37),
                     SummaryRow(area: Self.areas[0], period: "2025-01/2025-02", in: 17, out: 7)])
    #expect(rows.map(\.name) == ["熊本県", "東京都"])
  }

  @Test func invariantsOnRandomCubes() throws {
    for seed in 1...20 as ClosedRange<UInt64> {
      let cube = RegionGroupingTests.randomCube(areas: Int(seed) + 2, periods: 3, sexes: [.male, .female], seed: seed)
      let m = try cube.margins()
      for p in 0..<3 {
        for s in m.sexes.indices {
          let ins = m.areas.indices.reduce(Int64(0)) { $0 + m.inflow(period: p, sex: s, area: $1)! }
          let outs = m.areas.indices.reduce(Int64(0)) { $0 + m.outflow(period: p, sex: s, area: $1)! }
          #expect(ins == outs, "national 転入 = national 転出")
          #expect(m.areas.indices.reduce(Int64(0)) { $0 + m.net(period: p, sex: s, area: $1)! } == 0, "Σ net = 0")
        }
        for a in m.areas.indices {
          #expect(m.inflow(period: p, sex: 0, area: a)! == m.inflow(period: p, sex: 1, area: a)! + m.inflow(period: p, sex: 2, area: a)!,
                  "総数 = 男 + 女")
        }
      }
    }
  }

  @Test func mergeUnionsPeriodsAndRefusesOverlapAndMixedScopes() throws {
    let a = MigrationCube(periods: [Period(year: 2024)], areas: Self.areas, sexes: [.total])
    var b = MigrationCube(periods: [Period(year: 2025)], areas: Self.areas, sexes: [.total])
    b[0, 0, 0, 1] = 9
    let merged = try MigrationCube.merged([a, b])
    #expect(merged.periods == [Period(year: 2024), Period(year: 2025)])
    #expect(merged[1, 0, 0, 1] == 9)
    #expect(throws: CubeError.overlappingPeriod(Period(year: 2025), .total)) { try MigrationCube.merged([b, b]) }
    let foreign = MigrationCube(periods: [Period(year: 2023)], areas: Self.areas, sexes: [.total], scope: .foreign)
    #expect(throws: CubeError.scopeMismatch(.all, .foreign)) { try MigrationCube.merged([a, foreign]) }
  }

  @Test func yearSelectionSaysWhichMonthsAndWhichYearsTheDataHas() throws {
    let periods = [Period(year: 2024), Period(year: 2025, month: 1)!, Period(year: 2025, month: 9)!]
    #expect(try YearSelection(periods: periods, year: nil).label == "2025-01/2025-09")
    #expect(try YearSelection(periods: periods, year: 2024).label == "2024")
    #expect(throws: CubeError.noData("year 2023 (the data has 2024–2025)")) { try YearSelection(periods: periods, year: 2023) }
    // A year with its own figure and some months: the year's own figure.
    let both = [Period(year: 2024, month: 1)!, Period(year: 2024)]
    #expect(try YearSelection(periods: both, year: 2024).periodIndices == [1])
    #expect(YearSelection.years([Period(year: 2010), Period(year: 2012), Period(year: 2013, month: 2)!]) == "2010, 2012–2013")
  }
}
