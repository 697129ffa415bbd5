import IdouCore
import IdouIO
import Testing

@testable @_spi(Benchmarks) import IdouIngest

@Suite struct RecordStoreTests {
  let catalog = try! MunicipalCatalog(path: datasetsDirectory + "/" + MunicipalCatalog.bundledPath)

  func generated(_ n: Int, seed: UInt64, year: Int = 2025) throws -> String {
    let path = recordFile("")
    try RecordGenerator(flows: try realMatrix(), catalog: catalog).write(records: n, seed: seed, year: year, to: path)
    return path
  }

  func reader(_ level: MoveRecordReader.Level = .prefecture, threads: Int = 2) -> MoveRecordReader {
    MoveRecordReader(options: .init(threads: threads, level: level, catalog: catalog))
  }

  /// Builds a store at `path`: `fill` adds to a builder of these settings, which is then finished and closed.
  func build(_ path: String, runRows: Int = StoreBuilder.defaultRunRows, threads: Int = 1,
             _ fill: (StoreBuilder) throws -> Void) throws {
    let out = try OutputWriter(path: path)
    let builder = try StoreBuilder(writingTo: out, runRows: runRows, threads: threads)
    try fill(builder)
    try builder.finish()
    try out.close()
  }

  /// Records in the order a store keeps them: by month, file order within a month.
  func storeOrder(_ records: MoveRecords) -> [MoveRecord] {
    records.indices.sorted { (records[$0].month, $0) < (records[$1].month, $1) }.map { records[$0] }
  }

  /// A record kept as one word gives back every field, at the ends of each field's range.
  @Test func recordWordsKeepEveryField() {
    let extremes = [
      MoveRecord(month: 0, origin: 1000, destination: 47999, sex: 1, age: 0, nationality: MoveRecord.unknownNationality),
      MoveRecord(month: MoveRecord.monthSlots - 1, origin: 47382, destination: 1101, sex: 2, age: MoveRecord.unknownAge,
                 nationality: MoveRecord.foreign),
      MoveRecord(month: 1511, origin: 43000, destination: 13000, sex: 2, age: 130, nationality: MoveRecord.japanese),
    ]
    var c = MoveRecords()
    for r in extremes { c.add(r) }
    #expect(c.indices.map { c[$0] } == extremes)
  }

  /// CSV files → store (through the streaming builder, with runs so small that many are spilled) → table gives the
  /// same table as the CSV at both levels and any thread count, and the store keeps every field of every record
  /// (sorted by month, file order within a month).
  @Test(arguments: [(0, 1), (1, 1), (5, 2), (3_001, 7), (3_001, 1 << 20)])
  func storeRoundTripsTheRecords(count: Int, runRows: Int) throws {
    let csv = try generated(count, seed: UInt64(count))
    let (records, _, _) = try reader().records(path: csv)
    let store = recordFile("", suffix: ".idou")
    try build(store, runRows: runRows) { builder in
      let report = try reader().ingest(.file(csv), into: builder)
      #expect(report.rowsUsed == count)
    }
    let opened = try StoreReader(path: store)
    #expect(opened.rows == count)
    let back = try opened.records()
    #expect(storeOrder(records) == back.indices.map { back[$0] })
    for level in MoveRecordReader.Level.allCases {
      let direct = try reader(level).aggregate(path: csv).table
      for threads in [1, 2, 3] {
        #expect(try opened.aggregate(level: level, threads: threads) == direct)
      }
    }
  }

  /// The ingest hands each window's records to the builder on a thread of its own while it parses the next
  /// window: with windows of a few KB (hundreds of windows, runs spilled on the way) the store keeps every record
  /// in store order, for any number of parsing threads, and the same bytes as the store of a single window.
  @Test func windowsHandedToTheBuilderKeepFileOrder() throws {
    let csv = try generated(20_000, seed: 77)
    let (records, _, _) = try reader().records(path: csv)
    var bytes: [[UInt8]] = []
    for (threads, window) in [(1, 1 << 30), (1, 4096), (2, 4096), (3, 9_999)] {
      var o = MoveRecordReader.Options(threads: threads, catalog: catalog)
      o.windowBytes = window
      let store = recordFile("", suffix: ".idou")
      try build(store, runRows: 3_000) { builder in
        let report = try MoveRecordReader(options: o).ingest(.file(csv), into: builder)
        #expect(report.rowsUsed == 20_000)
      }
      let back = try StoreReader(path: store).records()
      #expect(storeOrder(records) == back.indices.map { back[$0] }, "threads \(threads) window \(window)")
      bytes.append(try InputFile.bytes(store))
    }
    #expect(bytes.allSatisfy { $0 == bytes[0] })
  }

  /// A piece of background work runs beside the caller; its error comes back at the wait, once; the next piece
  /// starts clean.
  @Test func backgroundWorkRethrowsAtTheWait() throws {
    struct Failure: Error {}
    let task = Parallel.Background()
    var seen: [Int] = []
    task.start { seen = (0..<1000).map { $0 * 2 } }
    try task.wait()
    #expect(seen.count == 1000 && seen.last == 1998)
    task.start { throw Failure() }
    #expect(throws: Failure.self) { try task.wait() }
    try task.wait()  // the error was given once
    task.start { seen = [] }
    try task.wait()
    #expect(seen.isEmpty)
  }

  /// Runs large enough to be sorted and written by several threads (each thread's part ≥ 64 Ki rows) give the
  /// same store, byte for byte, for 1, 2 and 3 threads: full runs, and a last run shorter than the others.
  @Test(arguments: [(150_000, 200_000), (300_000, 200_000), (150_000, 600_000)])
  func storeBytesDoNotDependOnTheThreads(count: Int, runRows: Int) throws {
    let csv = try generated(count, seed: 77)
    var stores: [[UInt8]] = []
    for threads in [1, 2, 3] {
      let store = recordFile("", suffix: ".idou")
      defer { unlinkFile(store) }
      try build(store, runRows: runRows, threads: threads) { _ = try reader().ingest(.file(csv), into: $0) }
      stores.append(readBytes(store))
    }
    // (Compared as booleans: a failed comparison of two arrays this long would make the test library diff them.)
    #expect(stores[0].count > 9 * count)
    let sameFor2 = stores[1] == stores[0], sameFor3 = stores[2] == stores[0]
    #expect(sameFor2)
    #expect(sameFor3)
    let back = try StoreReader(path: recordFile(stores[2], suffix: ".idou")).records()
    let records = try reader().records(path: csv).records
    let sortedStably = storeOrder(records) == back.indices.map { back[$0] }
    #expect(sortedStably)
  }

  /// Every single-bit flip and every truncation of a small store is refused: by opening it, or by reading the part
  /// that holds the flip (a full read refuses every one); no aggregation ever returns a different table.
  @Test func everyFlippedBitAndEveryTruncationIsRefused() throws {
    let csv = recordFile("date,from,to,sex,age,nationality\n2025-03-01,131016,431001,1,24,JP\n"
      + "2025-04-02,271004,131016,2,30,FOREIGN\n2025-04,43,43,1,,\n2025-05-31,011002,131016,2,7,JP\n")
    let store = recordFile("", suffix: ".idou")
    try RecordStore.write(try reader().records(path: csv).records, to: store)
    let bytes = readBytes(store)
    let good = try StoreReader(path: store)
    let prefecture = try good.aggregate(level: .prefecture), municipal = try good.aggregate(level: .municipality)
    var refusedOnOpen = 0
    for bit in 0..<(bytes.count * 8) {
      var altered = bytes
      altered[bit / 8] ^= 1 << UInt8(bit % 8)
      let path = recordFile(altered, suffix: ".idou")
      defer { unlinkFile(path) }
      guard let s = try? StoreReader(path: path) else {
        refusedOnOpen += 1
        continue
      }
      #expect(throws: DataError.self, "bit \(bit)") { try s.verify() }
      #expect(throws: DataError.self, "bit \(bit)") { try s.records() }
      // An aggregation reads only its columns: it refuses or gives the true table, never another.
      if let t = try? s.aggregate(level: .prefecture) { #expect(t == prefecture, "bit \(bit)") }
      if let t = try? s.aggregate(level: .municipality) { #expect(t == municipal, "bit \(bit)") }
    }
    #expect(refusedOnOpen > 0)
    for cut in 0..<bytes.count {
      let path = recordFile(Array(bytes[0..<cut]), suffix: ".idou")
      defer { unlinkFile(path) }
      #expect(throws: DataError.self, "cut at \(cut)") { try StoreReader(path: path) }
    }
    #expect(throws: DataError.self) { try StoreReader(path: recordFile(bytes + [0], suffix: ".idou")) }
  }

  /// Offsets and lengths of 2⁶⁴ − 8 with every checksum recomputed (finding 2 of the reliability report): in the
  /// trailer (the index's and the table's) and in the index (a segment's offset, rows and month runs, a month run's
  /// month and rows): refused by the overflow-checked bounds, never dereferenced.
  @Test func aCraftedOffsetNearTheTopOfTheAddressSpaceIsRefused() throws {
    let csv = try generated(500, seed: 3)
    let store = recordFile("", suffix: ".idou")
    try RecordStore.write(try reader().records(path: csv).records, to: store)
    let bytes = readBytes(store)
    let t = bytes.count - StoreFormat.trailerSize
    func u64(_ d: [UInt8], _ at: Int) -> Int { (0..<8).reduce(0) { $0 | Int(d[at + $1]) << (8 * $1) } }
    func put(_ d: inout [UInt8], _ at: Int, _ v: UInt64) {
      for k in 0..<8 { d[at + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(k))) }
    }
    /// The store with its checksums (the index's block, the table's CRC, the trailer's) made right again.
    func resealed(_ d: [UInt8]) -> [UInt8] {
      var d = d
      let table = u64(bytes, t + StoreFormat.tableAt)  // where the table truly is, whatever the trailer now says
      let crcs = d.withUnsafeBytes { StoreLayout.checksums(UnsafeRawBufferPointer(rebasing: $0[0..<table]), threads: 1) }
      for (k, c) in crcs.enumerated() where table + 4 * k + 4 <= t {
        for b in 0..<4 { d[table + 4 * k + b] = UInt8(truncatingIfNeeded: c >> (8 * UInt32(b))) }
      }
      let tableCRC = d.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[table..<t])) }
      for b in 0..<4 { d[t + StoreFormat.tableCRCAt + b] = UInt8(truncatingIfNeeded: tableCRC >> (8 * UInt32(b))) }
      let crc = d.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[t..<(t + StoreFormat.trailerCRCAt)])) }
      for b in 0..<4 { d[t + StoreFormat.trailerCRCAt + b] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(b))) }
      return d
    }
    #expect(resealed(bytes) == bytes)
    let index = u64(bytes, t + StoreFormat.indexAt), segments = u64(bytes, t + StoreFormat.segmentsAt)
    let firstRun = index + segments * StoreFormat.segmentEntry
    #expect(segments == 1)
    // The trailer's places, the first segment's offset, rows and run count, its first month run's month and rows.
    let fields = [StoreFormat.indexAt, StoreFormat.indexLengthAt, StoreFormat.tableAt, StoreFormat.tableLengthAt]
      .map { t + $0 } + [index, index + 8, index + 16, firstRun, firstRun + 8]
    for at in fields {
      var d = bytes
      put(&d, at, UInt64.max - 7)
      #expect(throws: DataError.self, "field at \(at)") {
        try StoreReader(path: recordFile(resealed(d), suffix: ".idou")).aggregate(level: .municipality)
      }
    }
  }

  /// CRC-32C against the standard check value and a bytewise reference, on awkward lengths and alignments.
  @Test func crc32cMatchesItsDefinition() {
    #expect(Array("123456789".utf8).withUnsafeBytes { CRC32C.checksum($0) } == 0xE306_9283)
    func reference(_ b: [UInt8]) -> UInt32 {
      var c: UInt32 = 0xFFFF_FFFF
      for x in b {
        c ^= UInt32(x)
        for _ in 0..<8 { c = c & 1 != 0 ? c >> 1 ^ 0x82F6_3B78 : c >> 1 }
      }
      return ~c
    }
    var rng = SplitMix64(seed: 32)
    for n in [0, 1, 7, 8, 9, 63, 1000, 3071, 3072, 3073, 10_000] {
      let b = (0..<(n + 5)).map { _ in UInt8.random(in: 0...255, using: &rng) }
      for shift in 0..<5 {
        let part = Array(b[shift..<(shift + n)])
        #expect(part.withUnsafeBytes { CRC32C.checksum($0) } == reference(part), "n \(n) shift \(shift)")
        let cut = n / 3
        let two = part.withUnsafeBytes {
          CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[cut...]),
                          continuing: CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[..<cut])))
        }
        #expect(two == reference(part))
      }
    }
  }

  /// The fused CRC and count (the store's cell histogram) against its scalar twin: the plain CRC and a count of each
  /// 16-bit value, clamped into the last slot, on lengths around the three-stream stretch, odd alignments, a
  /// continued CRC, and counts that already hold values (they are added to).
  @Test(arguments: [1, 2, 97, 4_419])
  func crc32cCountingMatchesTheCRCAndACount(slots: Int) {
    var rng = SplitMix64(seed: UInt64(slots))
    for n in [0, 2, 6, 8, 10, 3070, 3072, 3074, 6144, 9216 + 18, 20_000] {
      // Values mostly below the slots (and some far above), as a cell column with a forged value would hold.
      let values = (0..<(n / 2 + 3)).map { _ in
        UInt16.random(in: 0...3, using: &rng) == 0 ? UInt16.random(in: 0...UInt16.max, using: &rng)
          : UInt16.random(in: 0..<UInt16(min(slots + 2, 65_535)), using: &rng)
      }
      let bytes = values.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
      for shift in [0, 1, 2, 6] {
        let part = Array(bytes[shift..<(shift + n)])
        let seed = UInt32(n &* 2_654_435_761 & 0xFFFF_FFFF)
        var expected = (0..<slots).map { Int32($0 % 5) }
        for k in stride(from: 0, to: n, by: 2) {
          let v = Int(part[k]) | Int(part[k + 1]) << 8
          expected[min(v, slots - 1)] &+= 1
        }
        var counts = (0..<slots).map { Int32($0 % 5) }
        // On the bytes where they lie (a copy would start aligned).
        let crc = bytes.withUnsafeBytes { all in
          counts.withUnsafeMutableBufferPointer {
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: all[shift..<(shift + n)]), continuing: seed, counting16: $0)
          }
        }
        #expect(crc == part.withUnsafeBytes { CRC32C.checksum($0, continuing: seed) }, "n \(n) shift \(shift)")
        #expect(counts == expected, "n \(n) shift \(shift) slots \(slots)")
      }
    }
  }

  /// The monthly batch: a store of January–February, then March appended, then March replaced by a corrected
  /// file: each time `aggregate` of the store equals `aggregate` of the CSVs it stands for; appending a month the
  /// store holds is refused.
  @Test func appendAndReplaceMonths() throws {
    let jan = try generated(400, seed: 1), mar = try generated(300, seed: 2), fixed = try generated(250, seed: 3)
    func only(_ path: String, months: [Int]) -> String {
      let lines = readText(path).split(separator: "\n", omittingEmptySubsequences: false)
      let keep = lines.dropFirst().filter { l in months.contains { l.hasPrefix("2025-0\($0)") } }
      return recordFile((["date,from,to,sex,age,nationality"] + keep.map(String.init)).joined(separator: "\n") + "\n")
    }
    let janFeb = only(jan, months: [1, 2]), march = only(mar, months: [3]), marchFixed = only(fixed, months: [3])
    let store = recordFile("", suffix: ".idou")
    func build(_ files: [String], onto: String?, dropping: Set<Int> = []) throws {
      try self.build(store, runRows: 64) { b in
        if onto != nil { try b.add(store: try StoreReader(path: store), dropping: dropping) }
        for f in files { _ = try reader().ingest(.file(f), into: b) }
      }
    }
    func table(_ files: [String]) throws -> MoveTable {
      MoveTable(merging: try files.map { try reader().aggregate(path: $0).table })
    }
    try build([janFeb], onto: nil)
    #expect(try StoreReader(path: store).aggregate(level: .prefecture) == table([janFeb]))
    try build([march], onto: store)
    #expect(try StoreReader(path: store).aggregate(level: .prefecture) == table([janFeb, march]))
    #expect(try StoreReader(path: store).aggregate(level: .municipality) == MoveTable(merging: try [janFeb, march].map {
      try reader(.municipality).aggregate(path: $0).table
    }))
    let march2025 = MoveRecord.monthSlot(Period(year: 2025, month: 3)!)!
    try build([marchFixed], onto: store, dropping: [march2025])
    #expect(try StoreReader(path: store).aggregate(level: .prefecture) == table([janFeb, marchFixed]))
    func rows(_ path: String) -> Int { readText(path).split(separator: "\n").count - 1 }
    #expect(try StoreReader(path: store).rows == rows(janFeb) + rows(marchFixed))
  }

  /// A store of prefecture-coded records: fine at prefecture level; at municipal level its records cannot be
  /// placed and are counted as rejected, as the CSV reader does, so nothing is lost silently.
  @Test func prefectureOnlyRecordsAreRejectedAtMunicipalLevel() throws {
    let csv = recordFile("date,from,to,sex\n2025-03,13,43,1\n2025-03,131016,431001,2\n")
    let (records, _, _) = try reader().records(path: csv)
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
    let (records, _, _) = try reader().records(path: csv)
    let store = recordFile("", suffix: ".idou")
    try RecordStore.write(records, to: store)
    let fromStore = try AnyInput.read(path: store)
    let fromCSV = try AnyInput.read(path: csv)
    #expect(fromStore.cube == fromCSV.cube)
    #expect(fromStore.report.rowsRead == 300 && fromStore.report.rowsUsed == 300)
  }
}

/// `ingest`'s per-thread sink holds what `MoveRecords` holds, through growth and take-backs.
@Suite struct RecordWordsTests {
  @Test func holdsTheRecordsInOrderThroughGrowthAndTakeBacks() {
    var rng = SplitMix64(seed: 91)
    let sink = RecordWords(capacity: 3)
    var expected = MoveRecords()
    for i in 0..<1000 {
      let r = MoveRecord(month: Int.random(in: 0..<4096, using: &rng), origin: Int.random(in: 1000..<48000, using: &rng),
                         destination: Int.random(in: 1000..<48000, using: &rng), sex: Int.random(in: 1...2, using: &rng),
                         age: Int.random(in: 0...130, using: &rng), nationality: Int.random(in: 0...2, using: &rng))
      sink.add(r)
      expected.add(r)
      if i % 5 == 4 {
        sink.remove(r)
        expected.remove(r)
      }
    }
    #expect(sink.count == 800)
    #expect(sink.withWords { Array($0) } == expected.words)
    sink.removeAll()
    #expect(sink.count == 0 && sink.withWords { $0.isEmpty })
  }
}
