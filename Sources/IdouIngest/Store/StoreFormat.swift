import IdouCore
import IdouIO

/// The layout of a store file (`.idou`, version 3), little-endian:
///
/// | part | bytes | what |
/// |---|---|---|
/// | start | 64 | magic `IDOUSTOR`, version (UInt32), zeros |
/// | segments | 9 a row, each 64-aligned, zero-padded | one per run of records as they came (file order): its rows sorted by month (stable), column after column |
/// | index | 24 a segment + 16 a month run, 64-aligned | per segment its offset, rows and number of month runs (UInt64 each); then every segment's month runs in turn, `(month slot, rows)` (UInt64 each), months ascending |
/// | checksum table | 4 a block | CRC-32C of every 64 KiB block of the file before the table (the index's end) |
/// | trailer | 96 | magic `IDOUTAIL`, version, block size, rows, segments, month runs, the index's offset and length, the table's offset, length and CRC-32C, and the trailer's own CRC-32C in its last 4 bytes |
///
/// | column | width | what |
/// |---|---|---|
/// | prefecture cell | 2 | `(sex−1)·47² + (origin pref−1)·47 + (destination pref−1)`: the cell of a prefecture cube |
/// | origin | 2 | five-digit code of 移動前の住所地 |
/// | destination | 2 | five-digit code of 移動後の住所地 |
/// | sex | 1 | 1 男, 2 女 |
/// | age | 1 | 0–130, 255 unknown |
/// | nationality | 1 | 0 unknown, 1 日本人, 2 外国人 |
///
/// Why segments: the writer (``StoreBuilder``) sorts each run of up to 1 Mi records by month as the records
/// arrive and writes it where it stays, while the parse goes on; nothing is copied a second time, and the disk
/// writes of the segments overlap the parse. A month's records are the month's slice of every segment, in segment
/// order: the store's order is by month, then file order. Why a trailer: the description (index, checksums) is
/// known only at the end, so it goes last, as in Parquet; the start keeps the magic for recognising the file.
///
/// Verification (``StoreLayout``, ``StoreReader``): the trailer's CRC before any of its fields is used; every
/// offset and length against the file with overflow-checked arithmetic; the checksum table's CRC; the index's
/// blocks, then every segment and month run in it; then each 64 KiB block's CRC before any byte in it is used.
/// CRC-32C detects every single-bit error and every burst of up to 32 bits, so any single flipped bit and any
/// truncation is refused (tested exhaustively on a small store).
enum StoreFormat {
  static let magic: [UInt8] = Array("IDOUSTOR".utf8)
  static let trailerMagic: [UInt8] = Array("IDOUTAIL".utf8)
  static let version: UInt32 = 3
  static let startSize = 64
  static let trailerSize = 96
  static let blockSize = 1 << 16
  static let alignment = 64
  /// Bytes of an index entry: a segment's, and a month run's.
  static let segmentEntry = 24, runEntry = 16

  /// A segment's columns, in file order.
  enum Column: Int, CaseIterable, CustomStringConvertible {
    case cell = 0, origin, destination, sex, age, nationality
    var width: Int { [2, 2, 2, 1, 1, 1][rawValue] }
    /// Bytes of one record over all columns.
    static let recordBytes = allCases.reduce(0) { $0 + $1.width }
    /// Where this column starts in a segment of `rows` records (all 2-byte columns start at even offsets).
    func start(rows: Int) -> Int { Self.allCases.prefix { $0 != self }.reduce(0) { $0 + $1.width } * rows }
    var description: String {
      ["prefecture cell", "origin", "destination", "sex", "age", "nationality"][rawValue]
    }
  }

  /// The most rows a store may hold (2⁴⁰: far beyond any register, small enough that no size computed from it
  /// overflows).
  static let maxRows: UInt64 = 1 << 40

  /// Trailer field offsets.
  static let rowsAt = 16, segmentsAt = 24, runsAt = 32, indexAt = 40, indexLengthAt = 48, tableAt = 56,
    tableLengthAt = 64, tableCRCAt = 72
  static let trailerCRCAt = trailerSize - 4

  static func aligned(_ n: Int) -> Int { (n + alignment - 1) / alignment * alignment }

  /// The index's bytes for segments (offset, rows, month runs).
  static func index(_ segments: [(offset: Int, rows: Int, months: [(month: Int, rows: Int)])]) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: segments.count * segmentEntry
      + segments.reduce(0) { $0 + $1.months.count } * runEntry)
    var at = 0
    for s in segments {
      for v in [s.offset, s.rows, s.months.count] { put(&out, at, UInt64(v)); at += 8 }
    }
    for s in segments {
      for (m, n) in s.months { put(&out, at, UInt64(m)); put(&out, at + 8, UInt64(n)); at += 16 }
    }
    return out
  }

  /// The trailer's bytes.
  static func trailer(rows: Int, segments: Int, runs: Int, index: Int, indexLength: Int, table: Int,
                      tableLength: Int, tableCRC: UInt32) -> [UInt8] {
    var t = [UInt8](repeating: 0, count: trailerSize)
    t.replaceSubrange(0..<8, with: trailerMagic)
    put(&t, 8, version)
    put(&t, 12, UInt32(blockSize))
    for (at, v) in [(rowsAt, rows), (segmentsAt, segments), (runsAt, runs), (indexAt, index),
                    (indexLengthAt, indexLength), (tableAt, table), (tableLengthAt, tableLength)] {
      put(&t, at, UInt64(v))
    }
    put(&t, tableCRCAt, tableCRC)
    let crc = t.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<trailerCRCAt])) }
    put(&t, trailerCRCAt, crc)
    return t
  }

  /// The start block's bytes.
  static var start: [UInt8] {
    var s = [UInt8](repeating: 0, count: startSize)
    s.replaceSubrange(0..<8, with: magic)
    put(&s, 8, version)
    return s
  }

  static func put<T: FixedWidthInteger>(_ out: inout [UInt8], _ at: Int, _ v: T) {
    for k in 0..<(T.bitWidth / 8) { out[at + k] = UInt8(truncatingIfNeeded: v >> (8 * k)) }
  }
}

/// A run of records stored together: its rows sorted by month, column after column.
struct StoreSegment {
  let offset: Int
  let rows: Int
  /// Months ascending: the month slot, the segment row its records start at, and how many.
  let months: [(month: Int, first: Int, rows: Int)]

  /// Where `column` starts in the file.
  func at(_ column: StoreFormat.Column) -> Int { offset + column.start(rows: rows) }
}

/// Where a verified store's parts are, read from its trailer and index with every number checked.
struct StoreLayout {
  let rows: Int
  let segments: [StoreSegment]
  /// Offset of the checksum table (= bytes covered by it) and the number of blocks.
  let table: Int
  let blocks: Int

  /// Reads and checks the trailer, checksum table and index of a file's bytes.
  /// - Throws: a reason (the caller wraps it in a `DataError`).
  init(_ b: UnsafeRawBufferPointer) throws(StoreProblem) {
    let count = b.count
    let t = StoreFormat.trailerSize
    guard count >= StoreFormat.startSize + t else { throw .init("\(count) bytes, shorter than an empty store (truncated?)") }
    guard b.prefix(8).elementsEqual(StoreFormat.magic) else { throw .init("no IDOUSTOR magic") }
    let startVersion = b.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
    guard startVersion == StoreFormat.version else {
      throw .init("version \(startVersion): this idou reads version \(StoreFormat.version); ingest the records again")
    }
    let tail = UnsafeRawBufferPointer(rebasing: b[(count - t)...])
    guard tail.prefix(8).elementsEqual(StoreFormat.trailerMagic) else {
      throw .init("no trailer at the end of its \(count) bytes (truncated, or bytes appended?)")
    }
    let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: tail[0..<StoreFormat.trailerCRCAt]))
    guard crc == tail.loadUnaligned(fromByteOffset: StoreFormat.trailerCRCAt, as: UInt32.self).littleEndian else {
      throw .init("trailer checksum mismatch (altered)")
    }
    func u64(_ at: Int) -> UInt64 { tail.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian }
    func u32(_ at: Int) -> UInt32 { tail.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian }
    guard u32(8) == StoreFormat.version, u32(12) == UInt32(StoreFormat.blockSize) else {
      throw .init("trailer version or block size not this idou's")
    }
    let rows = u64(StoreFormat.rowsAt), segmentCount = u64(StoreFormat.segmentsAt), runs = u64(StoreFormat.runsAt)
    guard rows <= StoreFormat.maxRows, segmentCount <= rows, runs >= segmentCount, runs <= rows,
      (rows == 0) == (segmentCount == 0)
    else {
      throw .init("implausible counts (\(rows) rows in \(segmentCount) segments, \(runs) month runs)")
    }
    // Every sum and product below is of numbers ≤ 2⁶⁴ checked or ≤ 2⁴⁰ · 24: none wraps (an offset of 2⁶⁴−8 is
    // refused).
    let body = UInt64(count - t)
    let table = u64(StoreFormat.tableAt), tableLength = u64(StoreFormat.tableLengthAt)
    let (tableEnd, o1) = table.addingReportingOverflow(tableLength)
    guard !o1, tableEnd == body, table >= UInt64(StoreFormat.startSize) else {
      throw .init("its checksum table does not end where the trailer starts (truncated or altered)")
    }
    let blocks = (table + UInt64(StoreFormat.blockSize) - 1) / UInt64(StoreFormat.blockSize)
    guard tableLength == blocks * 4 else { throw .init("its checksum table has the wrong length") }
    let index = u64(StoreFormat.indexAt), indexLength = u64(StoreFormat.indexLengthAt)
    let expected = segmentCount * UInt64(StoreFormat.segmentEntry) + runs * UInt64(StoreFormat.runEntry)
    let (indexEnd, o2) = index.addingReportingOverflow(indexLength)
    guard indexLength == expected, !o2, indexEnd == table, index >= UInt64(StoreFormat.startSize),
      index % UInt64(StoreFormat.alignment) == 0
    else {
      throw .init("its index does not lie just before the checksum table (truncated or altered)")
    }
    self.table = Int(table)
    self.blocks = Int(blocks)
    let tableCRC = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: b[self.table..<(self.table + Int(tableLength))]))
    guard tableCRC == u32(StoreFormat.tableCRCAt) else { throw .init("checksum table mismatch (altered)") }

    // The index, its blocks verified before any entry is read.
    let i = Int(index)
    guard Self.verify(b, table: self.table, from: i, to: self.table) else {
      throw .init("index: block checksum mismatch (altered)")
    }
    func entry(_ at: Int) -> UInt64 { b.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian }
    var segments: [StoreSegment] = []
    segments.reserveCapacity(Int(segmentCount))
    var end = UInt64(StoreFormat.startSize), total: UInt64 = 0
    var run = i + Int(segmentCount) * StoreFormat.segmentEntry
    let runsEnd = self.table
    for k in 0..<Int(segmentCount) {
      let at = i + k * StoreFormat.segmentEntry
      let offset = entry(at), n = entry(at + 8), monthCount = entry(at + 16)
      // n ≤ rows ≤ 2⁴⁰, so n · 9 cannot wrap; offset is checked against the index before it is added to.
      guard n > 0, n <= rows - total, offset >= end, offset <= index, offset % UInt64(StoreFormat.alignment) == 0,
        n * UInt64(StoreFormat.Column.recordBytes) <= index - offset
      else { throw .init("segment \(k) lies outside the file's body or overlaps another (altered)") }
      guard monthCount > 0, monthCount <= UInt64(MoveRecord.monthSlots),
        monthCount <= UInt64(runsEnd - run) / UInt64(StoreFormat.runEntry)
      else { throw .init("segment \(k): implausible number of month runs (\(monthCount))") }
      var months: [(Int, Int, Int)] = []
      var first: UInt64 = 0, last = -1
      for _ in 0..<Int(monthCount) {
        let m = entry(run), c = entry(run + 8)
        run += StoreFormat.runEntry
        guard m < UInt64(MoveRecord.monthSlots), Int(m) > last, c > 0, c <= n - first else {
          throw .init("segment \(k): month runs out of order or past its rows (altered)")
        }
        months.append((Int(m), Int(first), Int(c)))
        first += c
        last = Int(m)
      }
      guard first == n else { throw .init("segment \(k): its month runs hold \(first) rows, it holds \(n)") }
      segments.append(StoreSegment(offset: Int(offset), rows: Int(n), months: months))
      total += n
      end = offset + n * UInt64(StoreFormat.Column.recordBytes)
    }
    guard total == rows, run == runsEnd else {
      throw .init("the segments hold \(total) rows in \((run - i - Int(segmentCount) * StoreFormat.segmentEntry) / StoreFormat.runEntry) month runs, the trailer says \(rows) in \(runs)")
    }
    self.rows = Int(rows)
    self.segments = segments
  }

  /// Verifies the CRC of every block overlapping `[from, to)` of a file whose checksum table is at `table`.
  static func verify(_ b: UnsafeRawBufferPointer, table: Int, from: Int, to: Int) -> Bool {
    guard to > from else { return true }
    let size = StoreFormat.blockSize
    for k in (from / size)...((to - 1) / size) where !verifyBlock(b, table: table, k) { return false }
    return true
  }

  func verify(_ b: UnsafeRawBufferPointer, from: Int, to: Int) -> Bool { Self.verify(b, table: table, from: from, to: to) }

  /// Verifies block `k` against the checksum table.
  @inline(__always)
  static func verifyBlock(_ b: UnsafeRawBufferPointer, table: Int, _ k: Int) -> Bool {
    let size = StoreFormat.blockSize
    let start = k * size, end = min(table, start + size)
    let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: b[start..<end]))
    return crc == b.loadUnaligned(fromByteOffset: table + 4 * k, as: UInt32.self).littleEndian
  }

  /// The checksum table's entries for the bytes of a file before its table (64 KiB blocks, the last partial),
  /// taken by up to `threads` threads.
  static func checksums(_ b: UnsafeRawBufferPointer, threads: Int) -> [UInt32] {
    let size = StoreFormat.blockSize
    let blocks = (b.count + size - 1) / size
    var crcs = [UInt32](repeating: 0, count: blocks)
    let t = max(1, min(threads, blocks / 64))
    crcs.withUnsafeMutableBufferPointer { c in
      Parallel.run(t) { part in
        for k in (blocks * part / t)..<(blocks * (part + 1) / t) {
          c[k] = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: b[(k * size)..<min(b.count, (k + 1) * size)]))
        }
      }
    }
    return crcs
  }
}

/// Why a file is not a valid store, in words.
struct StoreProblem: Error {
  let reason: String
  init(_ reason: String) { self.reason = reason }
}
