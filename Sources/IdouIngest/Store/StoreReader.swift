import IdouCore
import IdouIO

/// A store opened by memory map and verified (see ``StoreFormat``): the trailer, every offset and length, the
/// checksum table and the month runs at opening; every 64 KiB block of the file before any byte in it is used.
///
/// ```swift
/// let store = try StoreReader(path: "moves.idou")
/// let table = try store.aggregate(level: .prefecture, threads: 2)
/// ```
public final class StoreReader: @unchecked Sendable {
  let file: MappedFile
  let layout: StoreLayout
  public var rows: Int { layout.rows }
  /// `(month slot, rows)` in ascending month order.
  public let runs: [(month: Int, rows: Int)]

  /// Opens and verifies a store.
  /// - Throws: `FileError`; `DataError` when the file is not a store, is truncated or altered.
  public init(path: String) throws {
    file = try MappedFile(path: path)
    let layout: StoreLayout
    do {
      layout = try file.withUnsafeBytes { b throws(StoreProblem) in try StoreLayout(b) }
    } catch {
      throw Self.refusal(path, error.reason)
    }
    self.layout = layout
    var runs: [(Int, Int)] = []
    var problem: String?
    let (o, l) = layout.sections[StoreFormat.Section.runs.rawValue]
    file.withUnsafeBytes { b in
      guard Self.verify(b, layout, from: o, to: o + l) else { problem = "month runs: block checksum mismatch (altered)"; return }
      var total = 0, last = -1
      for i in 0..<layout.runCount {
        let m = Int(b.loadUnaligned(fromByteOffset: o + 8 * i, as: UInt32.self).littleEndian)
        let c = Int(b.loadUnaligned(fromByteOffset: o + 8 * i + 4, as: UInt32.self).littleEndian)
        guard m > last, m < MoveRecord.monthSlots, c > 0 else { problem = "month runs out of order"; return }
        runs.append((m, c))
        total += c
        last = m
      }
      if total != layout.rows { problem = "month runs hold \(total) rows, the trailer says \(layout.rows)" }
    }
    if let problem { throw Self.refusal(path, problem) }
    try file.checkIntact()
    self.runs = runs
  }

  static func refusal(_ path: String, _ why: String) -> DataError {
    DataError(file: path, line: 0, column: 0, reason: "not a valid idou store: \(why)")
  }

  func refusal(_ why: String) -> DataError { Self.refusal(file.path, why) }

  /// Verifies the CRC of every block overlapping `[from, to)`; false on a mismatch.
  static func verify(_ b: UnsafeRawBufferPointer, _ layout: StoreLayout, from: Int, to: Int) -> Bool {
    guard to > from else { return true }
    let size = StoreFormat.blockSize
    for k in (from / size)...((to - 1) / size) where !verifyBlock(b, layout, k) { return false }
    return true
  }

  /// Verifies block `k` against the checksum table.
  @inline(__always)
  static func verifyBlock(_ b: UnsafeRawBufferPointer, _ layout: StoreLayout, _ k: Int) -> Bool {
    let size = StoreFormat.blockSize
    let start = k * size, end = min(layout.table, start + size)
    let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: b[start..<end]))
    return crc == b.loadUnaligned(fromByteOffset: layout.table + 4 * k, as: UInt32.self).littleEndian
  }

  /// Verifies every block of the file (what a full read does; aggregations verify the blocks they read).
  /// - Throws: `DataError` naming the first damaged block.
  public func verify() throws {
    let bad: Int? = file.withUnsafeBytes { b in
      (0..<layout.blocks).first { !Self.verifyBlock(b, layout, $0) }
    }
    if let bad { throw refusal("block \(bad) (bytes \(bad * StoreFormat.blockSize)…) checksum mismatch (altered)") }
    try file.checkIntact()
  }

  /// Row ranges for `threads` workers.
  func segments(_ threads: Int) -> [Range<Int>] {
    let t = max(1, min(threads, layout.rows / 65_536 + 1))
    return (0..<t).map { (layout.rows * $0 / t)..<(layout.rows * ($0 + 1) / t) }
  }

  /// The month run index containing row `r`, and where that run starts.
  func run(containing r: Int) -> (index: Int, start: Int) {
    var start = 0
    for (i, run) in runs.enumerated() {
      if r < start + run.rows { return (i, start) }
      start += run.rows
    }
    return (runs.count, start)
  }

  // MARK: - Aggregation

  /// 転入/転出/net per month × area × sex, re-aggregated from the columns.
  public func aggregate(level: MoveRecordReader.Level, threads: Int = 2) throws -> MoveTable {
    try aggregate(level: level, threads: threads, file: file.path).table
  }

  /// The account of an aggregation at a level: every stored record is used, except, at municipal level, records
  /// that give only prefectures (they cannot be placed on a municipality; as the CSV reader does, they count as
  /// rejected).
  public func aggregate(level: MoveRecordReader.Level, threads: Int = 2, file name: String)
    throws -> (table: MoveTable, report: ReadReport)
  {
    var report = ReadReport(file: name)
    report.rowsRead = rows
    let table: MoveTable
    switch level {
    case .prefecture:
      let counters = try prefectureCounters(threads: threads)
      let (t, within) = PrefectureCounts.table(merging: counters)
      table = t
      report.rowsUsed = rows
      if within.total > 0 {
        report.notes.append("moves within one prefecture (都道府県内; not 転入/転出 between prefectures): \(within.total)")
      }
    case .municipality:
      let (t, prefectureOnly) = try municipalTable(threads: threads)
      table = t
      report.rowsUsed = rows - prefectureOnly
      report.rowsRejected = prefectureOnly
      if prefectureOnly > 0 {
        report.notes.append("records with only prefecture codes (not placeable at municipal level): \(prefectureOnly)")
      }
    }
    return (table, report)
  }

  /// The prefecture-level cube (sexes 男, 女; moves within a prefecture are not in it).
  public func cube(threads: Int = 2) throws -> MigrationCube {
    try PrefectureCounts.cube(merging: prefectureCounters(threads: threads), scope: .all, file: file.path).cube
  }

  /// The hot loop: each thread walks its rows of the 2-byte cell column block by block (64 KiB), taking each
  /// block's CRC-32C and adding one per row to its month's histogram in the same pass
  /// (``CRC32C/checksum(_:continuing:counting16:)``: the C twin of a verify-then-count loop measured 11–12 → 9–10
  /// ms for 10M rows on 2 threads, the bytes coming from memory once). A damaged block refuses the store after the
  /// pass. A cell value past the cube (only a forged store with valid checksums could hold one) is clamped into
  /// an overflow slot, so no value indexes outside the histogram; a count there refuses the store too.
  func prefectureCounters(threads: Int) throws -> [PrefectureCounts] {
    let segs = segments(threads)
    let runs = self.runs
    let n = PrefectureCounts.cellsPerMonth
    let layout = self.layout
    let cellAt = layout.sections[StoreFormat.Section.cell.rawValue].offset
    var counters = (0..<segs.count).map { _ in PrefectureCounts() }
    var damaged = [Bool](repeating: false, count: segs.count)
    file.withUnsafeBytes { b in
      counters.withUnsafeMutableBufferPointer { cs in
        damaged.withUnsafeMutableBufferPointer { ds in
          let slots = UncheckedSendable((b, cs, ds))
          Parallel.run(segs.count) { t in
            let (b, cs, ds) = slots.value
            let seg = segs[t]
            guard !seg.isEmpty else { return }
            let counter = cs[t]
            var (ri, runStart) = self.run(containing: seg.lowerBound)
            var i = seg.lowerBound
            let size = StoreFormat.blockSize
            while i < seg.upperBound {
              // The block holding row i's cell, and the rows of this segment whose cells lie in it (at least row
              // i: sections are 64-byte aligned, so no 2-byte cell straddles two blocks).
              let block = (cellAt + 2 * i) / size
              let blockStart = block * size, blockEnd = min(layout.table, blockStart + size)
              let rowsEnd = min(seg.upperBound, (blockEnd - cellAt) / 2)
              // The block's CRC, counting its cells month by month as they pass (see above).
              var crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: b[blockStart..<(cellAt + 2 * i)]))
              while i < rowsEnd {
                while i >= runStart + runs[ri].rows { runStart += runs[ri].rows; ri += 1 }
                let e = min(rowsEnd, runStart + runs[ri].rows)
                let histogram = UnsafeMutableBufferPointer(start: counter.blocks.block(runs[ri].month), count: n + 1)
                crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: b[(cellAt + 2 * i)..<(cellAt + 2 * e)]),
                                      continuing: crc, counting16: histogram)
                i = e
              }
              crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: b[(cellAt + 2 * i)..<blockEnd]), continuing: crc)
              guard crc == b.loadUnaligned(fromByteOffset: layout.table + 4 * block, as: UInt32.self).littleEndian
              else {
                ds[t] = true
                return
              }
            }
          }
        }
      }
    }
    try file.checkIntact()
    if let t = damaged.firstIndex(of: true) {
      throw refusal("a block of the prefecture cell column checksum mismatch (altered; worker \(t))")
    }
    for c in counters where c.blocks.months.contains(where: { c.blocks[$0]![n] != 0 }) {
      throw refusal("a prefecture cell out of range")
    }
    return counters
  }

  /// Per-municipality 転入/転出 from the origin, destination and sex columns.
  func municipalTable(threads: Int) throws -> (table: MoveTable, prefectureOnly: Int) {
    let layout = self.layout
    let o = layout.sections[StoreFormat.Section.origin.rawValue]
    let d = layout.sections[StoreFormat.Section.destination.rawValue]
    let s = layout.sections[StoreFormat.Section.sex.rawValue]
    let ok = file.withUnsafeBytes { b in
      Self.verify(b, layout, from: o.offset, to: o.offset + o.length)
        && Self.verify(b, layout, from: d.offset, to: d.offset + d.length)
        && Self.verify(b, layout, from: s.offset, to: s.offset + s.length)
    }
    guard ok else { throw refusal("a block of the origin, destination or sex column checksum mismatch (altered)") }
    let counts = MunicipalCounts()
    var prefectureOnly = 0
    var bad: Int?
    file.withUnsafeBytes { b in
      var row = 0
      for run in runs {
        for i in row..<row + run.rows {
          let origin = Int(b.loadUnaligned(fromByteOffset: o.offset + 2 * i, as: UInt16.self).littleEndian)
          let destination = Int(b.loadUnaligned(fromByteOffset: d.offset + 2 * i, as: UInt16.self).littleEndian)
          let sex = Int(b[s.offset + i])
          guard origin >= 1000, origin < MunicipalCounts.codes, destination >= 1000,
            destination < MunicipalCounts.codes, sex == 1 || sex == 2
          else {
            bad = i
            return
          }
          if origin % 1000 == 0 || destination % 1000 == 0 {
            prefectureOnly += 1
            continue
          }
          counts.add(MoveRecord(month: run.month, origin: origin, destination: destination, sex: sex))
        }
        row += run.rows
      }
    }
    try file.checkIntact()
    if let bad { throw refusal("record \(bad) out of range") }
    return (MunicipalCounts.table(merging: [counts]), prefectureOnly)
  }

  /// 転入, 転出 and 都道府県内 per month × prefecture × sex, and by 5歳階級 when `byAge` (see
  /// ``MoveRecordReader/margins(_:byAge:)``), from the origin, destination, sex and age columns (verified first).
  public func margins(byAge: Bool = false) throws -> (margins: Margins, withoutAge: Int64) {
    let layout = self.layout
    for s in [StoreFormat.Section.origin, .destination, .sex, .age] {
      let (o, l) = layout.sections[s.rawValue]
      guard file.withUnsafeBytes({ Self.verify($0, layout, from: o, to: o + l) }) else {
        throw refusal("a block of the \(s) column checksum mismatch (altered)")
      }
    }
    let counts = PrefectureMargins(byAge: byAge)
    func at(_ s: StoreFormat.Section) -> Int { layout.sections[s.rawValue].offset }
    var bad: Int?
    file.withUnsafeBytes { b in
      var row = 0
      for run in runs {
        for i in row..<row + run.rows {
          let origin = Int(b.loadUnaligned(fromByteOffset: at(.origin) + 2 * i, as: UInt16.self).littleEndian)
          let destination = Int(b.loadUnaligned(fromByteOffset: at(.destination) + 2 * i, as: UInt16.self).littleEndian)
          let sex = Int(b[at(.sex) + i])
          guard origin >= 1000, origin < 48_000, destination >= 1000, destination < 48_000, sex == 1 || sex == 2 else {
            bad = i
            return
          }
          counts.add(MoveRecord(month: run.month, origin: origin, destination: destination, sex: sex,
                                age: Int(b[at(.age) + i])))
        }
        row += run.rows
      }
    }
    try file.checkIntact()
    if let bad { throw refusal("record \(bad) out of range") }
    let (m, noAge) = PrefectureMargins.margins(merging: [counts], scope: .all)
    return (m, noAge)
  }

  /// Every record, in store order (month, then file order).
  public func records() throws -> MoveRecords {
    try verify()
    var out = MoveRecords()
    let layout = self.layout
    func at(_ s: StoreFormat.Section) -> Int { layout.sections[s.rawValue].offset }
    file.withUnsafeBytes { b in
      var row = 0
      for run in runs {
        for i in row..<row + run.rows {
          out.add(MoveRecord(
            month: run.month,
            origin: Int(b.loadUnaligned(fromByteOffset: at(.origin) + 2 * i, as: UInt16.self).littleEndian),
            destination: Int(b.loadUnaligned(fromByteOffset: at(.destination) + 2 * i, as: UInt16.self).littleEndian),
            sex: Int(b[at(.sex) + i]), age: Int(b[at(.age) + i]), nationality: Int(b[at(.nationality) + i])))
        }
        row += run.rows
      }
    }
    try file.checkIntact()
    return out
  }

  /// Calls `body` with the bytes of `section` for the rows of month run `index` (verified before; see
  /// ``StoreBuilder``, which copies whole months from an old store).
  func withMonth<R>(_ index: Int, _ section: StoreFormat.Section, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    let first = runs[..<index].reduce(0) { $0 + $1.rows }
    let w = section.width
    let at = layout.sections[section.rawValue].offset + first * w
    return try file.withUnsafeBytes { b in try body(UnsafeRawBufferPointer(rebasing: b[at..<(at + runs[index].rows * w)])) }
  }
}
