import IdouCore
import IdouIngest
import Testing

/// Random mutations of valid record files: the reader never crashes or hangs, every row read is used or rejected
/// (N = U + R), and the result does not depend on the thread count. Iterations are bounded to keep the suite fast.
@Suite struct MoveRecordFuzzTests {
  @Test func mutatedFilesNeverLoseRows() throws {
    var rng = SplitMix64(seed: 2026)
    let catalog = try MunicipalCatalog(path: datasetsDirectory + "/" + MunicipalCatalog.bundledPath)
    let base = Array("""
      date,from,to,sex,age,nationality
      2025-03-01,131016,431001,1,24,JP
      2025-04,13101,43100,F,,FOREIGN
      2025-12-31,01,47,男,130,日本人
      "2025-01-05","14100","27100","2","3","JP"
      2024-02-29,11,12,2,0,

      """.utf8)
    let pieces: [[UInt8]] = [[0x2C], [0x0A], [0x0D, 0x0A], [0x22], [0x30], [0x39], [0xE7, 0x94, 0xB7], [0x92, 0x6A],
                             [0xFF], [0x00], Array("2025-13".utf8), Array(",,,,,,,,,".utf8)]
    for iteration in 0..<300 {
      var bytes = base
      for _ in 0..<Int.random(in: 1...6, using: &rng) {
        let at = Int.random(in: 0...bytes.count, using: &rng)
        switch Int.random(in: 0..<4, using: &rng) {
        case 0 where at < bytes.count: bytes.remove(at: at)
        case 1 where at < bytes.count: bytes[at] = UInt8.random(in: 0...255, using: &rng)
        case 2: bytes.insert(contentsOf: pieces.randomElement(using: &rng)!, at: at)
        default: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 0...40, using: &rng)))
        }
      }
      let path = recordFile(bytes)
      var results: [MoveTable] = []
      for threads in [1, 3] {
        let reader = MoveRecordReader(options: .init(threads: threads, catalog: catalog))
        guard let (table, report, rejects) = try? reader.aggregate(path: path) else {
          // Only a damaged header may stop the reader.
          #expect(!MoveRecordReader.isRecordFile(path: path), "iteration \(iteration)")
          continue
        }
        #expect(report.rowsRead == report.rowsUsed + report.rowsRejected, "iteration \(iteration)")
        #expect(rejects.count == report.rowsRejected)
        #expect(table.totals.inflow + Int64(0) <= Int64(report.rowsUsed))
        results.append(table)
      }
      if results.count == 2 { #expect(results[0] == results[1], "iteration \(iteration)") }
    }
  }
}
