import Foundation
import IdouAnalysis
import IdouCore
import IdouIngest
import Testing
import _TestSupport

/// Rankings of areas and counterparts, against figures computed here from the published files themselves.
@Suite("Rankings and counts")
struct RankingTests {
  /// 2025 domestic 転入/転出 per prefecture from the repository's JSON (not read by idou), by name.
  static func publishedNets() throws -> [String: (in: Int64, out: Int64)] {
    let data = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/datasets/real/FY2025-migration_prefecture.json"))
    let rows = try JSONSerialization.jsonObject(with: data) as! [[String: Any]]
    var out: [String: (in: Int64, out: Int64)] = [:]
    for r in rows {
      out[r["prefecture"] as! String] = ((r["domestic_in"] as! NSNumber).int64Value, (r["domestic_out"] as! NSNumber).int64Value)
    }
    return out
  }

  static func bundledMatrix() throws -> MigrationCube {
    try AnyInput.read(path: repositoryRoot + "/datasets/real/jp-prefecture-migration-2025.csv").cube
  }

  @Test("competition ranks: equal figures share a rank, the next rank skips")
  func competitionRanks() {
    #expect(Ranking.competitionRanks([5, 9, 9, 1]) == [3, 1, 1, 4])
    #expect(Ranking.competitionRanks([]) == [])
    #expect(Ranking.competitionRanks([-3, 0, -3]) == [2, 1, 2])
  }

  @Test("2025 転入超過 ranking of the 47 prefectures: order, ranks and the 7 / 40 split agree with the published file")
  func prefectures2025() throws {
    let published = try Self.publishedNets()
    #expect(published.count == 47)
    let margins = try Self.bundledMatrix().margins()
    let r = try Ranking(margins: margins, year: 2025, by: .net)
    #expect(r.count == 47)
    // Independently: sort the published nets, largest first.
    let expected = published.map { ($0.key, $0.value.in - $0.value.out) }.sorted { $0.1 > $1.1 }
    #expect(r.rows.map(\.area.name) == expected.map(\.0))
    #expect(r.rows.map(\.net) == expected.map(\.1))
    #expect(r.rows.map(\.rank) == Array(1...47))  // no ties in 2025
    let gaining = published.values.filter { $0.in - $0.out >= 0 }.count
    #expect(r.gaining == gaining && r.losing == 47 - gaining)
    #expect(r.gaining == 7)
    #expect(r.rows.first?.area.name == "東京都" && r.rows.first?.net == 65_219)
    // One year of data: no last-year rank, never a made-up one.
    #expect(!r.hasPrevious && r.rows.allSatisfy { $0.previousRank == nil })
    // 転出 ranking: 東京都 has the most out-migrants too.
    let out = try Ranking(margins: margins, year: 2025, by: .out, top: 3)
    #expect(out.rows.map(\.area.name) == Array(published.sorted { $0.value.out > $1.value.out }.prefix(3).map(\.key)))
    #expect(out.count == 47 && out.gaining == 7)  // the counts are over all areas, not the top 3
  }

  @Test("last year's rank is over the same months of the year before, among the same areas")
  func previousRank() throws {
    // Three areas, two years of January–March; area C gains most in 2025 but was last in 2024.
    let areas = [13, 40, 43].map { Area(Prefecture(code: $0)!) }
    let periods = (2024...2025).flatMap { y in (1...3).map { Period(year: y, month: $0)! } } + [Period(year: 2024, month: 4)!]
    var cube = MigrationCube(periods: periods.sorted(), areas: areas, sexes: [.total])
    for (p, period) in cube.periods.enumerated() {
      // 2024: 13 gains, 43 loses; 2025: the reverse. April 2024 (outside the months compared) is huge.
      let big: Int32 = period.month == 4 ? 1000 : 10
      if period.year == 2024 { cube[p, 0, 2, 0] = big; cube[p, 0, 1, 0] = 3 } else { cube[p, 0, 0, 2] = big; cube[p, 0, 1, 2] = 3 }
    }
    let r = try Ranking(margins: try cube.margins(), year: 2025, by: .net)
    #expect(r.months == [1, 2, 3])
    #expect(r.rows.map(\.area.codeText) == ["43", "40", "13"])
    #expect(r.rows.map(\.net) == [39, -9, -30])
    // 2024 January–March: 13 +39, 40 −9, 43 −30 → ranks 3, 2, 1 reversed; April is left out.
    #expect(r.rows.map(\.previousRank) == [3, 2, 1])
    #expect(r.rows.map(\.previousValue) == [-30, -9, 39])
    #expect(r.periodLabel == "2025年1～3月")
  }

  @Test("top N keeps ties at the N-th rank; a zero net counts as 転入超過")
  func tiesAndZero() throws {
    let areas = [1, 2, 3, 4].map { Area(Prefecture(code: $0)!) }
    var cube = MigrationCube(periods: [Period(year: 2025)], areas: areas, sexes: [.total])
    // Nets: 01 +5, 02 0, 03 0, 04 −5 (01 gains 5 from 04; 02 and 03 swap 7 each way).
    cube[0, 0, 3, 0] = 5
    cube[0, 0, 1, 2] = 7
    cube[0, 0, 2, 1] = 7
    let r = try Ranking(margins: try cube.margins(), year: 2025, by: .net, top: 2)
    #expect(r.rows.map(\.rank) == [1, 2, 2])
    #expect(r.gaining == 3 && r.losing == 1)
  }

  @Test("熊本県's 転出先 in 2025: ranks, flows and 構成比 as the matrix's row gives them")
  func counterparts() throws {
    // Independently: the 熊本県 row of the published matrix, parsed here.
    let text = try String(contentsOfFile: repositoryRoot + "/datasets/real/jp-prefecture-migration-2025.csv", encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",").map(String.init) }
    let names = Array(lines[0].dropFirst())
    let row = try #require(lines.first { $0.first == "熊本県" })
    let flows = zip(names, row.dropFirst()).compactMap { n, v in Int64(v).map { (n, $0) } }
    let total = flows.reduce(0) { $0 + $1.1 }
    #expect(total == 31_256)
    let expected = flows.sorted { $0.1 > $1.1 }.prefix(5)

    let r = try CounterpartRanking(cube: try Self.bundledMatrix(), area: Area(Prefecture(code: 43)!), year: 2025,
                                   direction: .outflow, top: 5)
    #expect(r.total == total)
    #expect(r.rows.map(\.counterpart.name) == expected.map(\.0))
    #expect(r.rows.map(\.value) == expected.map(\.1))
    #expect(r.rows[0].counterpart.name == "福岡県" && r.rows[0].value == 8_484)
    for (row, e) in zip(r.rows, expected) { #expect(row.share == Double(e.1) / Double(total)) }
    #expect(!r.unknownIncluded)
  }
}

@Suite("Monthly trend: 12か月後方移動平均")
struct MonthlyTrendTests {
  /// One area against the rest of a two-area cube, with the given monthly nets from January 2024.
  static func margins(nets: [Int64?], start: Period = Period(year: 2024, month: 1)!) throws -> Margins {
    let areas = [Area(Prefecture(code: 13)!), Area(Prefecture(code: 43)!)]
    var periods: [Period] = []
    var p = start
    for n in nets {
      if n != nil { periods.append(p) }
      p = p.month == 12 ? Period(year: p.year + 1, month: 1)! : Period(year: p.year, month: p.month + 1)!
    }
    var cube = MigrationCube(periods: periods, areas: areas, sexes: [.total])
    for (i, n) in nets.compactMap({ $0 }).enumerated() {
      // 13's net is n: n > 0 moves in from 43, n < 0 moves out to it; 100 each way on top.
      cube[i, 0, 1, 0] = Int32(100 + max(n, 0))
      cube[i, 0, 0, 1] = Int32(100 + max(-n, 0))
    }
    return try cube.margins()
  }

  @Test("the average of the last k months, absent until k months are there; the sign change flagged once")
  func averageAndSignChange() throws {
    // Nets 6, 6, 6, −12, −12, 3 with k = 3: averages —, —, 6, 0, −6, −7 → 0 is 転入超過, −6 turns to 転出超過.
    let m = try Self.margins(nets: [6, 6, 6, -12, -12, 3])
    let t = try MonthlyTrend(margins: m, area: Area(Prefecture(code: 13)!), window: 3)
    #expect(t.rows.map(\.net) == [6, 6, 6, -12, -12, 3])
    #expect(t.rows.map(\.average) == [nil, nil, 6, 0, -6, -7])
    #expect(t.rows.map(\.change) == [nil, nil, nil, nil, .toLoss, nil])
  }

  @Test("a missing month leaves the averages that need it absent, never counted as zero")
  func missingMonth() throws {
    let m = try Self.margins(nets: [1, 2, nil, 4, 5, 6, 7])
    let t = try MonthlyTrend(margins: m, area: Area(Prefecture(code: 13)!), window: 2)
    #expect(t.rows.map(\.period.month) == [1, 2, 4, 5, 6, 7])
    #expect(t.rows.map(\.average) == [nil, 1.5, nil, 4.5, 5.5, 6.5])
  }

  @Test("--year shows that year's months; the average reaches back into the year before")
  func yearSelection() throws {
    let m = try Self.margins(nets: [Int64](repeating: 12, count: 11) + [0, 24])  // Jan 2024 … Jan 2025
    let t = try MonthlyTrend(margins: m, area: Area(Prefecture(code: 13)!), window: 12, year: 2025)
    #expect(t.rows.map(\.period) == [Period(year: 2025, month: 1)!])
    #expect(t.rows[0].average == Double(12 * 10 + 0 + 24) / 12)  // Feb 2024 … Jan 2025
  }
}

@Suite("Monthly trend of a group from per-area totals")
struct GroupTrendTests {
  @Test("東京圏 from its members' totals: the net is their sum, 転入 and 転出 are absent, never inflated")
  func tokyoFromTotals() throws {
    let members = [11, 12, 13, 14].map { Area(Prefecture(code: $0)!) }
    let periods = (1...12).map { Period(year: 2024, month: $0)! }
    var m = Margins(periods: periods, areas: members + [Area(Prefecture(code: 43)!)], sexes: [.total])
    for p in periods.indices {
      for (a, _) in members.enumerated() {
        // Each member gains a + 1 + p (in 100 + a + 1 + p, out 100).
        m.set(.inflow, Int64(100 + a + 1 + p), period: p, sex: 0, area: a)
        m.set(.outflow, 100, period: p, sex: 0, area: a)
      }
    }
    let t = try MonthlyTrend(margins: m, group: RegionSet.tokyoArea, window: 12)
    #expect(t.netOnly)
    #expect(t.rows.count == 12 && t.rows.allSatisfy { $0.inflow == nil && $0.outflow == nil })
    #expect(t.rows.map(\.net) == periods.indices.map { Int64(10 + 4 * $0) })  // 1+2+3+4 + 4p
    #expect(t.rows.last?.average == Double((0..<12).reduce(0) { $0 + 10 + 4 * $1 }) / 12)
  }
}
