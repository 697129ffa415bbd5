import Dispatch
import IdouCore

/// A store opened by memory map and verified (see ``RecordStore``): size, header checksum, section bounds and
/// the month runs. Sections are checksummed when they are read.
///
/// ```swift
/// let store = try StoreReader(path: "moves.idou")
/// let table = try store.aggregate(level: .prefecture, threads: 2)
/// ```
public final class StoreReader: @unchecked Sendable {
  public let file: MappedFile
  public let rows: Int
  /// `(month slot, rows)` in ascending month order.
  public let runs: [(month: Int, rows: Int)]
  let sections: [(offset: Int, length: Int, checksum: UInt64)]

  /// Opens and verifies a store.
  /// - Throws: `InputFileError`; `DataError` when the file is not a store, is truncated or altered.
  public init(path: String) throws {
    file = try MappedFile(path: path)
    func refuse(_ why: String) -> DataError {
      DataError(file: path, line: 0, column: 0, reason: "not a valid idou store: \(why)")
    }
    let b = file.base
    guard file.count >= RecordStore.headerSize else { throw refuse("shorter than its header (truncated?)") }
    guard (0..<8).allSatisfy({ b[$0] == RecordStore.magic[$0] }) else { throw refuse("no IDOUSTOR magic") }
    func u64(_ at: Int) -> UInt64 { UnsafeRawPointer(b + at).loadUnaligned(as: UInt64.self).littleEndian }
    func u32(_ at: Int) -> UInt32 { UnsafeRawPointer(b + at).loadUnaligned(as: UInt32.self).littleEndian }
    let version = u32(8)
    guard version == RecordStore.version else { throw refuse("version \(version), this idou reads version 1") }
    guard StoreChecksum.of(b, count: RecordStore.headerSize - 8).value == u64(RecordStore.headerSize - 8) else {
      throw refuse("header checksum mismatch (altered)")
    }
    let rows = u64(16), runCount = u64(24)
    guard rows < 1 << 40, runCount <= UInt64(MoveRecord.monthSlots) else { throw refuse("implausible counts") }
    self.rows = Int(rows)
    var sections: [(Int, Int, UInt64)] = []
    for i in 0..<RecordStore.sectionCount {
      let o = u64(32 + 24 * i), l = u64(40 + 24 * i)
      let expected = i == 0 ? UInt64(runCount) * 8 : rows * UInt64(RecordStore.widths[i])
      guard l == expected else { throw refuse("section \(i) holds \(l) bytes, its counts say \(expected)") }
      guard o >= UInt64(RecordStore.headerSize), o % 8 == 0, o + l <= UInt64(file.count) else {
        throw refuse("section \(i) ends past the end of the file (truncated: \(file.count) bytes)")
      }
      sections.append((Int(o), Int(l), u64(48 + 24 * i)))
    }
    self.sections = sections
    // The writer pads every section to 64 bytes; the file ends exactly after the last one.
    let expectedSize = sections.map { ($0.0 + $0.1 + 63) / 64 * 64 }.max() ?? RecordStore.headerSize
    guard file.count == expectedSize else {
      throw refuse(file.count < expectedSize
        ? "\(file.count) bytes, its header says \(expectedSize) (truncated)"
        : "\(file.count) bytes, its header says \(expectedSize) (trailing bytes)")
    }
    let r = sections[0]
    guard StoreChecksum.of(b + r.0, count: r.1).value == r.2 else { throw refuse("month runs checksum mismatch") }
    var runs: [(Int, Int)] = []
    var total = 0, last = -1
    for i in 0..<Int(runCount) {
      let m = Int(u32(r.0 + 8 * i)), c = Int(u32(r.0 + 8 * i + 4))
      guard m > last, m < MoveRecord.monthSlots else { throw refuse("month runs out of order") }
      runs.append((m, c))
      total += c
      last = m
    }
    guard total == self.rows else { throw refuse("month runs hold \(total) rows, the header says \(rows)") }
    self.runs = runs
  }

  func section(_ s: RecordStore.Section) -> UnsafeRawPointer { UnsafeRawPointer(file.base + sections[s.rawValue].offset) }

  func verify(_ s: RecordStore.Section, _ sum: StoreChecksum) throws {
    guard sum.value == sections[s.rawValue].checksum else {
      throw DataError(file: file.path, line: 0, column: 0,
                      reason: "not a valid idou store: checksum mismatch in the \(s) column (altered)")
    }
  }

  /// Row ranges for `threads` workers, boundaries on multiples of 4 rows (whole checksum words of 2-byte columns).
  func segments(_ threads: Int) -> [Range<Int>] {
    let t = max(1, threads)
    var cuts = (0...t).map { min(rows, (rows / t * $0) / 4 * 4) }
    cuts[t] = rows
    return (0..<t).map { cuts[$0]..<cuts[$0 + 1] }
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
    switch level {
    case .prefecture: return try MoveTable(prefectureCube: cube(threads: threads))
    case .municipality: return try municipalTable(threads: threads).table
    }
  }

  /// The account of an aggregation at a level: every stored record is used, except, at municipal level, records
  /// that give only prefectures (they cannot be placed on a municipality; as the CSV reader does, they count as
  /// rejected).
  public func aggregate(level: MoveRecordReader.Level, threads: Int = 2, file: String)
    throws -> (table: MoveTable, report: ReadReport)
  {
    var report = ReadReport(file: file)
    report.rowsRead = rows
    let table: MoveTable
    switch level {
    case .prefecture:
      table = try MoveTable(prefectureCube: cube(threads: threads))
      report.rowsUsed = rows
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
  ///
  /// The hot loop: each thread walks its rows of the 2-byte cell column block by block, first checksumming the
  /// block, then adding one per row to its month's histogram. A cell value past the cube (only a damaged store has
  /// one) is clamped into one overflow slot at the end of the histogram, so no value can index outside it; a
  /// count in that slot refuses the store after the pass.
  public func cube(threads: Int = 2) throws -> MigrationCube {
    let segs = segments(threads)
    let runs = self.runs
    let n = PrefectureCounts.cellsPerMonth
    let input = UncheckedSendable((section(.cell), section(.cell).assumingMemoryBound(to: UInt16.self)))
    var hist = [UnsafeMutablePointer<Int32>?](repeating: nil, count: segs.count * runs.count)
    var sums = [StoreChecksum](repeating: StoreChecksum(), count: segs.count)
    hist.withUnsafeMutableBufferPointer { h in
      sums.withUnsafeMutableBufferPointer { s in
        let slots = UncheckedSendable((h, s))
        Parallel.run(segs.count) { t in
          let seg = segs[t]
          let (cellBase, cells) = input.value
          var sum = StoreChecksum()
          var (ri, runStart) = run(containing: seg.lowerBound)
          var i = seg.lowerBound
          let block = 1 << 14
          while i < seg.upperBound {
            let blockEnd = min(seg.upperBound, i + block)
            sum.update(cellBase + 2 * i, count: 2 * (blockEnd - i))
            while i < blockEnd {
              while i >= runStart + runs[ri].rows { runStart += runs[ri].rows; ri += 1 }
              let e = min(blockEnd, runStart + runs[ri].rows)
              let slot = t * runs.count + ri
              let hp = slots.value.0[slot] ?? {
                let p = UnsafeMutablePointer<Int32>.allocate(capacity: n + 1)
                p.initialize(repeating: 0, count: n + 1)
                slots.value.0[slot] = p
                return p
              }()
              for j in i..<e { hp[min(Int(cells[j]), n)] &+= 1 }
              i = e
            }
          }
          slots.value.1[t] = sum
        }
      }
    }
    defer { for p in hist { p?.deallocate() } }
    try verify(.cell, sums.dropFirst().reduce(sums[0]) { $0.followed(by: $1) })
    guard hist.allSatisfy({ ($0?[n] ?? 0) == 0 }) else {
      throw DataError(file: file.path, line: 0, column: 0, reason: "not a valid idou store: cell out of range")
    }
    var cube = MigrationCube(periods: runs.map { MoveRecord.period(month: $0.month) },
                             areas: Prefecture.all.map(Area.init), sexes: [.male, .female])
    cube.counts.withUnsafeMutableBufferPointer { all in
      for ri in runs.indices {
        let out = UnsafeMutableBufferPointer(rebasing: all[ri * n..<(ri + 1) * n])
        for t in segs.indices {
          if let p = hist[t * runs.count + ri] { Kernels.add(UnsafeBufferPointer(start: p, count: n), into: out) }
        }
        for s in 0..<2 { for a in 0..<47 { out[(s * 47 + a) * 47 + a] = 0 } }
      }
    }
    return cube
  }

  /// Per-municipality 転入/転出 from the origin, destination and sex columns.
  func municipalTable(threads: Int) throws -> (table: MoveTable, prefectureOnly: Int) {
    var o = StoreChecksum(), d = StoreChecksum(), s = StoreChecksum()
    o.update(section(.origin), count: rows * 2)
    d.update(section(.destination), count: rows * 2)
    s.update(section(.sex), count: rows)
    try verify(.origin, o)
    try verify(.destination, d)
    try verify(.sex, s)
    let origin = section(.origin).assumingMemoryBound(to: UInt16.self)
    let destination = section(.destination).assumingMemoryBound(to: UInt16.self)
    let sex = section(.sex).assumingMemoryBound(to: UInt8.self)
    let counts = MunicipalCounts()
    var row = 0, prefectureOnly = 0
    for run in runs {
      for i in row..<row + run.rows {
        let r = MoveRecord(month: run.month, origin: Int(origin[i]), destination: Int(destination[i]), sex: Int(sex[i]))
        guard r.origin < MunicipalCounts.codes, r.destination < MunicipalCounts.codes, r.sex == 1 || r.sex == 2 else {
          throw DataError(file: file.path, line: 0, column: 0, reason: "not a valid idou store: record \(i) out of range")
        }
        if r.origin % 1000 == 0 || r.destination % 1000 == 0 {
          prefectureOnly += 1
          continue
        }
        counts.add(r)
      }
      row += run.rows
    }
    return (MunicipalCounts.table(merging: [counts]), prefectureOnly)
  }

  /// Every record, in store order (month, then file order).
  public func records() throws -> RecordColumns {
    var out = RecordColumns()
    let origin = section(.origin).assumingMemoryBound(to: UInt16.self)
    let destination = section(.destination).assumingMemoryBound(to: UInt16.self)
    let sex = section(.sex).assumingMemoryBound(to: UInt8.self)
    let age = section(.age).assumingMemoryBound(to: UInt8.self)
    let nat = section(.nationality).assumingMemoryBound(to: UInt8.self)
    for sec in [RecordStore.Section.origin, .destination, .sex, .age, .nationality] {
      try verify(sec, StoreChecksum.of(section(sec), count: sections[sec.rawValue].length))
    }
    var row = 0
    for run in runs {
      for i in row..<row + run.rows {
        out.add(MoveRecord(month: run.month, origin: Int(origin[i]), destination: Int(destination[i]),
                           sex: Int(sex[i]), age: Int(age[i]), nationality: Int(nat[i])))
      }
      row += run.rows
    }
    return out
  }
}
