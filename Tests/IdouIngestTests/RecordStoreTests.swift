import IdouCore
import IdouIngest
import Testing

@Suite struct RecordStoreTests {
  let catalog = try! MunicipalCatalog(path: datasetsDirectory + "/" + MunicipalCatalog.bundledPath)

  func generated(_ n: Int, seed: UInt64) throws -> String {
    let path = recordFile("")
    try RecordGenerator(flows: try realMatrix(), catalog: catalog).write(records: n, seed: seed, to: path)
    return path
  }

  /// CSV → store → table gives the same table as CSV → table, at both levels and any thread count, and the store
  /// keeps every field of every record (sorted by month, file order within a month).
  @Test(arguments: [0, 1, 5, 3_001]) func storeRoundTripsTheRecords(count: Int) throws {
    let csv = try generated(count, seed: UInt64(count))
    let reader = MoveRecordReader(options: .init(threads: 2, catalog: catalog))
    let (records, _, _) = try reader.records(path: csv)
    let store = recordFile("", suffix: ".idou")
    try RecordStore.write(records, to: store)
    let opened = try StoreReader(path: store)
    #expect(opened.rows == count)
    let back = try opened.records()
    let order = records.month.indices.sorted { (records.month[$0], $0) < (records.month[$1], $1) }
    #expect(order.map { records[$0] } == back.month.indices.map { back[$0] })
    for level in MoveRecordReader.Level.allCases {
      let direct = try MoveRecordReader(options: .init(threads: 2, level: level, catalog: catalog)).aggregate(path: csv).table
      for threads in [1, 2, 3] {
        #expect(try opened.aggregate(level: level, threads: threads) == direct)
      }
    }
  }

  @Test func aTruncatedStoreIsRefused() throws {
    let csv = try generated(500, seed: 9)
    let (records, _, _) = try MoveRecordReader(options: .init(catalog: catalog)).records(path: csv)
    let store = recordFile("", suffix: ".idou")
    try RecordStore.write(records, to: store)
    let bytes = readBytes(store)
    for cut in [0, 8, 255, 256, bytes.count / 2, bytes.count - 1] {
      let truncated = recordFile(Array(bytes[0..<cut]), suffix: ".idou")
      #expect(throws: DataError.self) { try StoreReader(path: truncated).aggregate(level: .prefecture) }
    }
  }

  /// Changing any single byte of the header or of a column the aggregation reads is detected.
  @Test func anAlteredStoreIsRefused() throws {
    let csv = try generated(500, seed: 10)
    let (records, _, _) = try MoveRecordReader(options: .init(catalog: catalog)).records(path: csv)
    let store = recordFile("", suffix: ".idou")
    try RecordStore.write(records, to: store)
    let bytes = readBytes(store)
    var rng = SplitMix64(seed: 4)
    func u64(_ at: Int) -> Int { (0..<8).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
    // Header bytes, then bytes inside the month runs, cell, origin, destination and sex sections.
    var positions = [0, 9, 17, 40, 100, 250]
    for section in 0..<5 {
      let offset = u64(32 + 24 * section), length = u64(40 + 24 * section)
      positions += (0..<8).map { _ in Int.random(in: offset..<offset + length, using: &rng) }
    }
    for at in positions {
      var altered = bytes
      altered[at] ^= 0x10
      let path = recordFile(altered, suffix: ".idou")
      #expect(refuses(path), "a change at byte \(at) went unnoticed")
    }
  }

  func refuses(_ path: String) -> Bool {
    do {
      let s = try StoreReader(path: path)
      _ = try s.aggregate(level: .prefecture)
      _ = try s.aggregate(level: .municipality)
      return false
    } catch {
      return true
    }
  }

  /// A store of prefecture-coded records: fine at prefecture level; at municipal level its records cannot be
  /// placed and are counted as rejected, as the CSV reader does, so nothing is lost silently.
  @Test func prefectureOnlyRecordsAreRejectedAtMunicipalLevel() throws {
    let csv = recordFile("date,from,to,sex\n2025-03,13,43,1\n2025-03,131016,431001,2\n")
    let (records, _, _) = try MoveRecordReader(options: .init(catalog: catalog)).records(path: csv)
    let store = recordFile("", suffix: ".idou")
    try RecordStore.write(records, to: store)
    let (prefecture, p) = try StoreReader(path: store).aggregate(level: .prefecture, file: "s.idou")
    #expect(p.summaryLine == "s.idou: read 2, used 2, rejected 0")
    #expect(prefecture.rows.count == 4)
    let (municipal, m) = try StoreReader(path: store).aggregate(level: .municipality, file: "s.idou")
    #expect(m.summaryLine == "s.idou: read 2, used 1, rejected 1")
    #expect(municipal.csv == "month,area,sex,in,out,net\n2025-03,13101,2,0,1,-1\n2025-03,43100,2,1,0,1\n")
  }

  /// `summary --input moves.idou` works: a store feeds a prefecture cube through AnyInput.
  @Test func aStoreFeedsACube() throws {
    let csv = try generated(300, seed: 21)
    let (records, _, _) = try MoveRecordReader(options: .init(catalog: catalog)).records(path: csv)
    let store = recordFile("", suffix: ".idou")
    try RecordStore.write(records, to: store)
    let fromStore = try AnyInput.read(path: store)
    let fromCSV = try AnyInput.read(path: csv)
    #expect(fromStore.cube == fromCSV.cube)
    #expect(fromStore.report.rowsRead == 300 && fromStore.report.rowsUsed == 300)
  }

  @Test func checksumSegmentsCombine() {
    var rng = SplitMix64(seed: 5)
    for n in [0, 8, 16, 64, 800] {
      let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
      bytes.withUnsafeBytes { b in
        let base = b.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!
        let whole = StoreChecksum.of(base, count: n)
        let cut = n / 16 * 8
        let parts = StoreChecksum.of(base, count: cut).followed(by: StoreChecksum.of(base + cut, count: n - cut))
        #expect(whole == parts)
      }
    }
  }
}
