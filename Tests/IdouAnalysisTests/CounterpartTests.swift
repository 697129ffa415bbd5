import Foundation
import IdouCore
import IdouIngest
import IdouProjection
import Testing

@testable import IdouAnalysis

/// The OD long table `year,from_pref,to_pref,movers` (CRLF, whatever SOURCES.md says) split by hand: the
/// independent side.
enum RawOD {
  static let path = repositoryRoot + "/datasets/real/od-prefecture-2019-2025.csv"
  static let flows: [(year: Int, from: Int, to: Int, movers: Int)] = {
    let text = try! String(contentsOfFile: path, encoding: .utf8)
    return text.split(whereSeparator: \.isNewline).dropFirst().map { line in
      let f = line.split(separator: ",").map { Int($0)! }
      return (f[0], f[1], f[2], f[3])
    }
  }()

}

/// The seed's reference table (熊本県 by 東京圏/大阪圏/福岡県/全国計, Jan–Sep 2024 and 2025) split by hand.
enum RawReference {
  static let path = repositoryRoot + "/datasets/reference/kumamoto-2024-2025-jan-sep.csv"
  /// `[counterpart][direction][year]` = Σ January–September.
  static let janSep: [String: [String: [Int: Int]]] = {
    let text = try! String(contentsOfFile: path, encoding: .utf8)
    var out: [String: [String: [Int: Int]]] = [:]
    for line in text.split(whereSeparator: \.isNewline).dropFirst() {
      let f = line.split(separator: ",").map(String.init)
      out[f[4], default: [:]][f[3], default: [:]][Int(f[1])!, default: 0] += Int(f[6])!
    }
    return out
  }()
}

@Suite("Projection per counterpart: the seed's monthly table with the annual OD flows")
struct CounterpartTests {
  /// The seed's table and the OD flows, read through the readers' contract as idou reads them.
  static let loaded: MigrationData = try! AnalysisInputs.read(paths: [RawReference.path, RawOD.path]).data

  @Test("熊本県 2025 from January–September by 東京圏, 大阪圏, 福岡県: 2024's remainder is the OD annual minus Jan–Sep")
  func byCounterpart() throws {
    let data = Self.loaded
    let keys = data.counterpartKeys(of: kumamoto)
    // The table's groups, then その他 (全国計 − the groups) so that the groups add up to 全国計.
    #expect(keys.map { $0.counterpart!.codeText } == ["51000", "53000", "40", "rest"])
    let panel = try data.panel(keys)
    let study = try ProjectionStudy(panel: panel, months: YearMonths(year: 2025, through: 9))
    #expect(study.derivedRemainders == [2024])
    var members: [String: Set<Int>] = ["tokyo-area": [11, 12, 13, 14], "osaka-area": [26, 27, 28, 29], "40": [40]]
    members["rest"] = Set(1...47).subtracting([43]).subtracting(members.values.reduce(Set<Int>()) { $0.union($1) })
    for row in study.rows {
      // The reference file names 東京圏 and 大阪圏 tokyo-area and osaka-area (their standard codes 51000, 53000).
      let c = row.projection.key.counterpart!.codeText
      let code = ["51000": "tokyo-area", "53000": "osaka-area"][c] ?? c
      // By hand: OD 2024 annual with the group's members, minus the table's Jan–Sep 2024; ratio of Jan–Sep.
      let group = members[code]!
      let od2024Out = RawOD.flows.filter { $0.year == 2024 && $0.from == 43 && group.contains($0.to) }.map(\.movers).reduce(0, +)
      let od2024In = RawOD.flows.filter { $0.year == 2024 && $0.to == 43 && group.contains($0.from) }.map(\.movers).reduce(0, +)
      let ref = code == "rest" ? Self.rest : RawReference.janSep[code]!
      let rOut = Double(ref["out"]![2025]!) / Double(ref["out"]![2024]!)
      let rIn = Double(ref["in"]![2025]!) / Double(ref["in"]![2024]!)
      let handOut = ref["out"]![2025]! + Int((rOut * Double(od2024Out - ref["out"]![2024]!)).rounded())
      let handIn = ref["in"]![2025]! + Int((rIn * Double(od2024In - ref["in"]![2024]!)).rounded())
      let (inflow, outflow) = (row.projection.in, row.projection.out)
      #expect(inflow.annual == Int64(handIn), "\(code)")
      #expect(outflow.annual == Int64(handOut), "\(code)")
      // 2025 is in the OD flows: the actual by counterpart.
      let od2025Out = RawOD.flows.filter { $0.year == 2025 && $0.from == 43 && group.contains($0.to) }.map(\.movers).reduce(0, +)
      let actualOut = try #require(row.actual).outflow
      #expect(actualOut == Int64(od2025Out))
    }
  }

  /// その他 of the reference table: 全国計 − 東京圏 − 大阪圏 − 福岡県.
  static let rest: [String: [Int: Int]] = {
    var out: [String: [Int: Int]] = [:]
    for d in ["in", "out"] {
      for y in [2024, 2025] {
        let all = RawReference.janSep["all"]![d]![y]!
        out[d, default: [:]][y] = all - ["tokyo-area", "osaka-area", "40"].map { RawReference.janSep[$0]![d]![y]! }.reduce(0, +)
      }
    }
    return out
  }()

  @Test("the table's 全国計 and the OD margins give 熊本県's totals, and agree")
  func totals() throws {
    let study = try ProjectionStudy(data: Self.loaded, areas: [kumamoto], year: 2025, through: 9)
    let p = study.rows[0].projection
    #expect(p.net.annual == -1_648)
    #expect(study.rows[0].actual == .init(inflow: 28_923, outflow: 31_256))
  }
}
