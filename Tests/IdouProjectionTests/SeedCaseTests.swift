import IdouCore
import IdouIngest
import Testing

@testable import IdouProjection

@Suite("The seed's case: 熊本県 2025 projected from January–September")
struct SeedCaseTests {
  /// Builds a `month,area,sex,in,out` table for 熊本県 from the 全国計 rows of
  /// datasets/reference/kumamoto-2024-2025-jan-sep.csv (one row per year, month and direction: the counterpart
  /// `all` is every other prefecture, i.e. the prefecture's total 転入 or 転出), and appends 2024 Oct–Dec.
  ///
  /// The 2024 October–December figures are NOT in the bundled data (the seed slide shows Jan–Sep only). The values
  /// below are stated test inputs, not published figures; they exercise the formula end to end.
  static let suppliedOctDec2024 = (in: [1_900, 1_800, 2_000], out: [1_700, 1_600, 1_900])

  static func table() throws -> String {
    let path = repositoryRoot + "/datasets/reference/kumamoto-2024-2025-jan-sep.csv"
    var csv = CSVReader(bytes: try InputFile.bytes(path), file: path)
    let header = try #require(try csv.next()).fields
    #expect(header == ["prefecture", "year", "month", "direction", "counterpart", "counterpart_name", "persons"])
    var figures: [Period: (in: Int?, out: Int?)] = [:]
    while let r = try csv.next() {
      guard r.fields.count == 7, r.fields[4] == "all" else { continue }
      let month = try #require(Period(year: Int(r.fields[1])!, month: Int(r.fields[2])!))
      let persons = try #require(Int(r.fields[6]))
      if r.fields[3] == "in" { figures[month, default: (nil, nil)].in = persons }
      else { figures[month, default: (nil, nil)].out = persons }
    }
    #expect(figures.count == 18)  // 2024 and 2025, January–September
    var text = "month,area,sex,in,out\n"
    for (month, f) in figures.sorted(by: { $0.key < $1.key }) {
      text += "\(month),43,0,\(try #require(f.in)),\(try #require(f.out))\n"
    }
    for i in 0..<3 {
      text += "2024-\(10 + i),43,0,\(suppliedOctDec2024.in[i]),\(suppliedOctDec2024.out[i])\n"
    }
    return text
  }

  @Test("the ratios are 24,091/24,406 (転入) and 26,331/26,567 (転出), as the report describes")
  func seedRatios() throws {
    let projection = try Projection(panel: panel(fromTable: Self.table()), year: 2025, through: 9,
                                    method: .samePeriodRatio)
    let p = try projection.series(SeriesKey(area: kumamoto))
    // Jan–Sep sums of the 全国計 rows: 2025 転入 24,091 and 2024 転入 24,406; 2025 転出 26,331 and 2024 転出 26,567.
    #expect((p.in.toDate, p.in.lastYearToDate) == (24_091, 24_406))
    #expect((p.out.toDate, p.out.lastYearToDate) == (26_331, 26_567))
    #expect(p.in.ratio == 24_091.0 / 24_406.0)  // 98.71 %
    #expect(p.out.ratio == 26_331.0 / 26_567.0)  // 99.11 %
    // 転入: Oct–Dec 2024 (supplied) = 1,900 + 1,800 + 2,000 = 5,700; × 0.987093 = 5,626.43 → 5,626;
    // annual = 24,091 + 5,626 = 29,717.
    #expect((p.in.lastYearRemainder, p.in.projectedRemainder, p.in.annual) == (5_700, 5_626, 29_717))
    // 転出: 1,700 + 1,600 + 1,900 = 5,200; × 0.991117 = 5,153.81 → 5,154; annual = 26,331 + 5,154 = 31,485.
    #expect((p.out.lastYearRemainder, p.out.projectedRemainder, p.out.annual) == (5_200, 5_154, 31_485))
    // 社会増減: to date 24,091 − 26,331 = ▲2,240; projected year from the unrounded figures, rounded once:
    // (24,091 + 5,626.43) − (26,331 + 5,153.81) = ▲1,767.38 → ▲1,767 (the rounded 29,717 − 31,485 would be ▲1,768).
    #expect((p.net.toDate, p.net.annual) == (-2_240, -1_767))
  }
}
