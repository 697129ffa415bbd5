import IdouCore
import IdouIngest
import Testing

@Suite struct RecordGeneratorTests {
  let catalog = try! MunicipalCatalog(path: datasetsDirectory + "/" + MunicipalCatalog.bundledPath)

  func generate(_ n: Int, seed: UInt64) throws -> String {
    let path = recordFile("")
    try RecordGenerator(flows: try realMatrix(), catalog: catalog).write(records: n, seed: seed, to: path)
    return path
  }

  @Test func theSameSeedGivesTheSameFile() throws {
    #expect(readBytes(try generate(2_000, seed: 11)) == readBytes(try generate(2_000, seed: 11)))
    #expect(readBytes(try generate(2_000, seed: 11)) != readBytes(try generate(2_000, seed: 12)))
  }

  /// Every generated record is valid (codes with check digits, all in the catalog), March and April are the
  /// largest months, 男 outnumber 女, and the flows between prefectures follow the real matrix.
  @Test func recordsAreValidAndCalibrated() throws {
    let n = 60_000
    let path = try generate(n, seed: 5)
    let reader = MoveRecordReader(options: .init(strictCodes: true, catalog: catalog))
    let (table, report, _) = try reader.aggregate(path: path)
    #expect(report.rowsUsed == n && report.rowsRejected == 0)
    var byMonth = [Int64](repeating: 0, count: 13), male: Int64 = 0, female: Int64 = 0
    for r in table.rows {
      byMonth[r.period.month] += r.inflow
      if r.sex == .male { male += r.inflow } else { female += r.inflow }
    }
    let largest = (1...12).sorted { byMonth[$0] > byMonth[$1] }.prefix(2)
    #expect(Set(largest) == [3, 4])
    #expect(male > female)
    // Flows between prefectures: the share of each prefecture's 転入 matches the real matrix within 1 point.
    let real = try realMatrix()
    var realIn = [Double](repeating: 0, count: 47), genIn = [Double](repeating: 0, count: 47)
    for o in 0..<47 { for d in 0..<47 where o != d { realIn[d] += Double(real[o * 47 + d]) } }
    for r in table.rows { genIn[Int(r.area)! - 1] += Double(r.inflow) }
    let realTotal = realIn.reduce(0, +), genTotal = genIn.reduce(0, +)
    for p in 0..<47 {
      #expect(abs(realIn[p] / realTotal - genIn[p] / genTotal) < 0.01, "prefecture \(p + 1)")
    }
    // Ages stay in 0–130 (checked by the reader), and the file has the full header.
    #expect(readBytes(path).starts(with: Array("date,from,to,sex,age,nationality\n".utf8)))
  }
}
