import Foundation
import IdouCore
import Testing
@testable import IdouIngest

/// The bundled real 2025 figures, read through the public readers and checked against the published
/// per-prefecture table (an independent file) and the published totals.
@Suite("Real 2025 data")
struct RealDataTests {
  static let cube = try! ODMatrixReader(period: Period(year: 2025)).read(path: dataset(BundledData.odMatrix2025)).cube

  /// The published per-prefecture table: name → (domestic_in, domestic_out).
  static func published() throws -> [String: (in: Int64, out: Int64)] {
    let data = try Data(contentsOf: URL(fileURLWithPath: dataset(BundledData.prefectureTable2025)))
    let rows = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    var out: [String: (in: Int64, out: Int64)] = [:]
    for r in rows {
      guard let name = r["prefecture"] as? String, let i = r["domestic_in"] as? Int, let o = r["domestic_out"] as? Int
      else { continue }
      out[name] = (Int64(i), Int64(o))
    }
    return out
  }

  @Test func grandTotalIsThePublishedInterPrefecturalMoves() {
    #expect(Self.cube.total() == 2_515_731)
  }

  @Test func everyPrefectureMatchesThePublishedTable() throws {
    let published = try Self.published()
    let margins = try Self.cube.margins()
    let rows = try margins.summary(year: 2025)
    #expect(rows.count == 47)
    for row in rows {
      let p = try #require(published[row.name], "\(row.name) in the published table")
      #expect(row.in == p.in, "\(row.name) 転入")
      #expect(row.out == p.out, "\(row.name) 転出")
    }
  }

  @Test func kumamotoAndTokyoAsPublished() throws {
    let rows = try Self.cube.margins().summary(year: 2025, areas: ["43", "13"].map(area))
    #expect(rows[0] == SummaryRow(area: area("43"), period: "2025", in: 28_923, out: 31_256))
    #expect(rows[0].name == "熊本県")
    #expect(rows[0].net == -2_333)
    #expect(rows[1].net == 65_219)
  }

  @Test func nationalInEqualsNationalOutAndNetSumsToZero() throws {
    let rows = try Self.cube.margins().summary(year: 2025)
    let totalIn = rows.reduce(Int64(0)) { $0 + $1.in! }, totalOut = rows.reduce(Int64(0)) { $0 + $1.out! }
    #expect(totalIn == totalOut)
    #expect(totalIn == 2_515_731)
    #expect(rows.reduce(Int64(0)) { $0 + $1.net! } == 0)
  }

  /// Regions partition the country (三大都市圏 + 地方圏), so their net sums to zero too, and 三大都市圏's net is
  /// the sum of its three areas' nets (no move between two of them changes the total).
  @Test func regionNetsAddUp() throws {
    let m = try Self.cube.margins(regions: .metropolitan)
    let rows = try m.summary(year: 2025)
    let net = Dictionary(uniqueKeysWithValues: rows.map { ($0.area.codeText, $0.net) })
    #expect(net["metro-total"]!! + net["non-metro"]!! == 0)
    #expect(net["51000"]!! + net["52000"]!! + net["53000"]!! == net["metro-total"]!!)
    // 東京圏's net equals the sum of its four prefectures' nets.
    let byPrefecture = try Self.cube.margins().summary(year: 2025, areas: ["11", "12", "13", "14"].map(area))
    #expect(byPrefecture.reduce(Int64(0)) { $0 + $1.net! } == net["51000"]!!)
  }
}
