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
  /// `(month slot, rows)` in ascending month order, over all segments.
  public let runs: [(month: Int, rows: Int)]
  /// Per month of ``runs``, its slices: `(segment, first row in it, rows)` in segment (file) order.
  let slices: [[(segment: Int, first: Int, rows: Int)]]

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
    try file.checkIntact()
    self.layout = layout
    var byMonth: [Int: [(Int, Int, Int)]] = [:]
    for (k, segment) in layout.segments.enumerated() {
      for (m, first, n) in segment.months { byMonth[m, default: []].append((k, first, n)) }
    }
    let months = byMonth.keys.sorted()
    runs = months.map { m in (m, byMonth[m]!.reduce(0) { $0 + $1.2 }) }
    slices = months.map { byMonth[$0]! }
  }

  static func refusal(_ path: String, _ why: String) -> DataError {
    DataError(file: path, line: 0, column: 0, reason: "not a valid idou store: \(why)")
  }

  func refusal(_ why: String) -> DataError { Self.refusal(file.path, why) }

  /// Verifies every block of the file (what a full read does; aggregations verify the blocks they read).
  /// - Throws: `DataError` naming the first damaged block.
  public func verify() throws {
    let layout = self.layout
    let bad: Int? = file.withUnsafeBytes { b in
      (0..<layout.blocks).first { !StoreLayout.verifyBlock(b, table: layout.table, $0) }
    }
    if let bad { throw refusal("block \(bad) (bytes \(bad * StoreFormat.blockSize)…) checksum mismatch (altered)") }
    try file.checkIntact()
  }

  /// Verifies the blocks of `columns` in every segment.
  func verify(_ columns: [StoreFormat.Column]) throws {
    let layout = self.layout
    for c in columns {
      let ok = file.withUnsafeBytes { b in
        layout.segments.allSatisfy { s in layout.verify(b, from: s.at(c), to: s.at(c) + c.width * s.rows) }
      }
      guard ok else { throw refusal("a block of the \(c) column checksum mismatch (altered)") }
    }
  }

  /// Row counts for `threads` workers: the rows cut into contiguous parts.
  func parts(_ threads: Int) -> [Range<Int>] {
    let t = max(1, min(threads, layout.rows / 65_536 + 1))
    return (0..<t).map { (layout.rows * $0 / t)..<(layout.rows * ($0 + 1) / t) }
  }

  /// Calls `body(segment, month slot, rows)` for every month slice of every segment, in file position order.
  func forEachSlice(_ body: (StoreSegment, Int, Range<Int>) throws -> Void) rethrows {
    for s in layout.segments {
      for (m, first, n) in s.months { try body(s, m, first..<(first + n)) }
    }
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

  /// The hot loop: each thread takes its share of the rows' 2-byte cells (month slices of the segments, in file
  /// position order) and walks the 64 KiB blocks holding them, taking each block's CRC-32C and adding one per row
  /// of its share to the row's month histogram in the same pass (``CRC32C/checksum(_:continuing:counting16:)``:
  /// the C twin of a verify-then-count loop measured 11–12 → 9–10 ms for 10M rows on 2 threads, the bytes coming
  /// from memory once). A damaged block refuses the store after the pass. A cell value past the cube (only a
  /// forged store with valid checksums could hold one) is clamped into an overflow slot, so no value indexes
  /// outside the histogram; a count there refuses the store too.
  func prefectureCounters(threads: Int) throws -> [PrefectureCounts] {
    // Every month slice's cells as a byte range, in file order; then each worker's share of them.
    var pieces: [(from: Int, to: Int, month: Int)] = []
    forEachSlice { s, m, r in pieces.append((s.at(.cell) + 2 * r.lowerBound, s.at(.cell) + 2 * r.upperBound, m)) }
    let shares: [[(from: Int, to: Int, month: Int)]] = parts(threads).map { rows in
      var share: [(Int, Int, Int)] = [], row = 0
      for p in pieces {
        let n = (p.to - p.from) / 2
        let lo = max(row, rows.lowerBound), hi = min(row + n, rows.upperBound)
        if lo < hi { share.append((p.from + 2 * (lo - row), p.from + 2 * (hi - row), p.month)) }
        row += n
      }
      return share
    }
    let n = PrefectureCounts.cellsPerMonth
    let table = layout.table
    var counters = shares.map { _ in PrefectureCounts() }
    var damaged = [Bool](repeating: false, count: shares.count)
    file.withUnsafeBytes { b in
      counters.withUnsafeMutableBufferPointer { cs in
        damaged.withUnsafeMutableBufferPointer { ds in
          let slots = UncheckedSendable((b, cs, ds))
          Parallel.run(shares.count) { t in
            let (b, cs, ds) = slots.value
            ds[t] = !Self.count(b, table: table, shares[t], into: cs[t], cells: n)
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

  /// Counts the cells of `pieces` (ascending, disjoint, even offsets: no 2-byte cell straddles two blocks) into
  /// their months' histograms while taking the CRC of every block they touch; false when one mismatches.
  private static func count(_ b: UnsafeRawBufferPointer, table: Int, _ pieces: [(from: Int, to: Int, month: Int)],
                            into counter: PrefectureCounts, cells n: Int) -> Bool {
    let size = StoreFormat.blockSize
    var p = 0, next = pieces.first?.from ?? 0  // the first cell not yet counted: in piece p
    while p < pieces.count {
      let block = next / size
      let blockStart = block * size, blockEnd = min(table, blockStart + size)
      var at = blockStart, crc: UInt32 = 0
      // The pieces (or their parts) in this block, each counted as the CRC passes over it.
      while p < pieces.count, next < blockEnd {
        let to = min(pieces[p].to, blockEnd)
        crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: b[at..<next]), continuing: crc)
        let histogram = UnsafeMutableBufferPointer(start: counter.blocks.block(pieces[p].month), count: n + 1)
        crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: b[next..<to]), continuing: crc, counting16: histogram)
        at = to
        next = to
        if pieces[p].to > blockEnd { break }  // the piece goes on in the next block
        p += 1
        if p < pieces.count { next = pieces[p].from }
      }
      crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: b[at..<blockEnd]), continuing: crc)
      guard crc == b.loadUnaligned(fromByteOffset: table + 4 * block, as: UInt32.self).littleEndian else { return false }
    }
    return true
  }

  /// Per-municipality 転入/転出 from the origin, destination and sex columns.
  func municipalTable(threads: Int) throws -> (table: MoveTable, prefectureOnly: Int) {
    try verify([.origin, .destination, .sex])
    let counts = MunicipalCounts()
    var prefectureOnly = 0
    var bad: Int?
    file.withUnsafeBytes { b in
      forEachSlice { s, month, rows in
        guard bad == nil else { return }
        let o = s.at(.origin), d = s.at(.destination), x = s.at(.sex)
        for i in rows {
          let origin = Int(b.loadUnaligned(fromByteOffset: o + 2 * i, as: UInt16.self).littleEndian)
          let destination = Int(b.loadUnaligned(fromByteOffset: d + 2 * i, as: UInt16.self).littleEndian)
          let sex = Int(b[x + i])
          guard origin >= 1000, origin < MunicipalCounts.codes, destination >= 1000,
            destination < MunicipalCounts.codes, sex == 1 || sex == 2
          else {
            bad = s.offset + i
            return
          }
          if origin % 1000 == 0 || destination % 1000 == 0 {
            prefectureOnly += 1
            continue
          }
          counts.add(MoveRecord(month: month, origin: origin, destination: destination, sex: sex))
        }
      }
    }
    try file.checkIntact()
    if let bad { throw refusal("a record out of range (segment at byte \(bad))") }
    return (MunicipalCounts.table(merging: [counts]), prefectureOnly)
  }

  /// 転入, 転出 and 都道府県内 per month × prefecture × sex, and by 5歳階級 when `byAge` (see
  /// ``MoveRecordReader/margins(_:byAge:)``), from the origin, destination, sex and age columns (verified first).
  public func margins(byAge: Bool = false) throws -> (margins: Margins, withoutAge: Int64) {
    try verify([.origin, .destination, .sex, .age])
    let counts = PrefectureMargins(byAge: byAge)
    var bad = false
    file.withUnsafeBytes { b in
      forEachSlice { s, month, rows in
        guard !bad else { return }
        let o = s.at(.origin), d = s.at(.destination), x = s.at(.sex), a = s.at(.age)
        for i in rows {
          let origin = Int(b.loadUnaligned(fromByteOffset: o + 2 * i, as: UInt16.self).littleEndian)
          let destination = Int(b.loadUnaligned(fromByteOffset: d + 2 * i, as: UInt16.self).littleEndian)
          let sex = Int(b[x + i])
          guard origin >= 1000, origin < 48_000, destination >= 1000, destination < 48_000, sex == 1 || sex == 2 else {
            bad = true
            return
          }
          counts.add(MoveRecord(month: month, origin: origin, destination: destination, sex: sex, age: Int(b[a + i])))
        }
      }
    }
    try file.checkIntact()
    if bad { throw refusal("a record out of range") }
    let (m, noAge) = PrefectureMargins.margins(merging: [counts], scope: .all)
    return (m, noAge)
  }

  /// Every record, in store order (month, then file order).
  public func records() throws -> MoveRecords {
    try verify()
    var out = MoveRecords()
    out.reserve(rows)
    let segments = layout.segments
    file.withUnsafeBytes { b in
      for (run, slices) in zip(runs, self.slices) {
        for (k, first, n) in slices {
          let s = segments[k]
          for i in first..<(first + n) {
            out.add(MoveRecord(
              month: run.month,
              origin: Int(b.loadUnaligned(fromByteOffset: s.at(.origin) + 2 * i, as: UInt16.self).littleEndian),
              destination: Int(b.loadUnaligned(fromByteOffset: s.at(.destination) + 2 * i, as: UInt16.self).littleEndian),
              sex: Int(b[s.at(.sex) + i]), age: Int(b[s.at(.age) + i]), nationality: Int(b[s.at(.nationality) + i])))
          }
        }
      }
    }
    try file.checkIntact()
    return out
  }

  /// Calls `body` with the bytes of `column` for the rows of month `index` of ``runs``, slice by slice in file
  /// order (verified before; see ``StoreBuilder``, which copies whole months from an old store).
  func forEachSlice(ofMonth index: Int, _ column: StoreFormat.Column,
                    _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
    let w = column.width
    for (k, first, n) in slices[index] {
      let at = layout.segments[k].at(column) + first * w
      try file.withUnsafeBytes { b in try body(UnsafeRawBufferPointer(rebasing: b[at..<(at + n * w)])) }
    }
  }
}
