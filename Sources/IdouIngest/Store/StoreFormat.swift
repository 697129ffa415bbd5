import IdouCore
import IdouIO

/// The layout of a store file (`.idou`, version 2), little-endian:
///
/// | part | bytes | what |
/// |---|---|---|
/// | start | 64 | magic `IDOUSTOR`, version (UInt32), zeros |
/// | sections | 64-aligned, zero-padded | month runs, prefecture cell, origin, destination, sex, age, nationality |
/// | checksum table | 4 per block | CRC-32C of every 64 KiB block of the file before the table |
/// | trailer | 192 | magic `IDOUTAIL`, version, block size, row count, run count, each section's offset and length, the table's offset, length and CRC-32C, and the trailer's own CRC-32C in its last 4 bytes |
///
/// | section | width | what |
/// |---|---|---|
/// | month runs | 8 | rows are sorted by month (stable, file order within a month): `(month slot UInt32, rows UInt32)` |
/// | prefecture cell | 2 | `(sex−1)·47² + (origin pref−1)·47 + (destination pref−1)`: the cell of a prefecture cube |
/// | origin | 2 | five-digit code of 移動前の住所地 |
/// | destination | 2 | five-digit code of 移動後の住所地 |
/// | sex | 1 | 1 男, 2 女 |
/// | age | 1 | 0–130, 255 unknown |
/// | nationality | 1 | 0 unknown, 1 日本人, 2 外国人 |
///
/// Why a trailer: the writer streams the sections out once (merging sorted runs in bounded memory) and knows the
/// checksums only at the end, so the description goes last, as in Parquet; the start keeps the magic for
/// recognising the file.
///
/// Verification (``StoreReader``): the trailer's CRC before any of its fields is used; every offset and length
/// against the file with overflow-checked arithmetic; the checksum table's CRC; then each 64 KiB block's CRC
/// before any byte in it is used. CRC-32C detects every single-bit error and every burst of up to 32 bits, so any
/// single flipped bit and any truncation is refused (tested exhaustively on a small store).
enum StoreFormat {
  static let magic: [UInt8] = Array("IDOUSTOR".utf8)
  static let trailerMagic: [UInt8] = Array("IDOUTAIL".utf8)
  static let version: UInt32 = 2
  static let startSize = 64
  static let trailerSize = 192
  static let blockSize = 1 << 16
  static let alignment = 64

  enum Section: Int, CaseIterable, CustomStringConvertible {
    case runs = 0, cell, origin, destination, sex, age, nationality
    var width: Int { [8, 2, 2, 2, 1, 1, 1][rawValue] }
    /// The record columns: every section but the month runs, in file order.
    static let columns = allCases.filter { $0 != .runs }
    /// Bytes of one record over all columns.
    static let recordBytes = columns.reduce(0) { $0 + $1.width }
    /// Where this column starts in `rows` records laid out column after column (as the file does).
    func start(rows: Int) -> Int { Self.columns.prefix { $0 != self }.reduce(0) { $0 + $1.width } * rows }
    var description: String {
      ["month runs", "prefecture cell", "origin", "destination", "sex", "age", "nationality"][rawValue]
    }
  }

  /// The most rows a store may hold (2⁴⁰: far beyond any register, small enough that no size computed from it
  /// overflows).
  static let maxRows: UInt64 = 1 << 40

  /// Trailer field offsets.
  static let rowsAt = 16, runCountAt = 24, sectionsAt = 32, tableAt = 144, tableLengthAt = 152, tableCRCAt = 160
  static let trailerCRCAt = trailerSize - 4

  static func aligned(_ n: Int) -> Int { (n + alignment - 1) / alignment * alignment }

  /// The trailer's bytes.
  static func trailer(rows: Int, runs: Int, sections: [(offset: Int, length: Int)], table: Int, tableLength: Int,
                      tableCRC: UInt32) -> [UInt8] {
    var t = [UInt8](repeating: 0, count: trailerSize)
    t.replaceSubrange(0..<8, with: trailerMagic)
    put(&t, 8, version)
    put(&t, 12, UInt32(blockSize))
    put(&t, rowsAt, UInt64(rows))
    put(&t, runCountAt, UInt64(runs))
    for (i, s) in sections.enumerated() {
      put(&t, sectionsAt + 16 * i, UInt64(s.offset))
      put(&t, sectionsAt + 16 * i + 8, UInt64(s.length))
    }
    put(&t, tableAt, UInt64(table))
    put(&t, tableLengthAt, UInt64(tableLength))
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

/// Where a verified store's parts are, read from its trailer with every number checked.
struct StoreLayout {
  let rows: Int
  let runCount: Int
  /// Offset and length of each section (``StoreFormat/Section`` order).
  let sections: [(offset: Int, length: Int)]
  /// Offset of the checksum table (= bytes covered by it) and the number of blocks.
  let table: Int
  let blocks: Int

  /// Reads and checks the trailer of a file of `count` bytes at `b`.
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
    let rows = u64(StoreFormat.rowsAt), runs = u64(StoreFormat.runCountAt)
    guard rows <= StoreFormat.maxRows, runs <= UInt64(MoveRecord.monthSlots), (rows == 0) == (runs == 0) else {
      throw .init("implausible counts (\(rows) rows in \(runs) months)")
    }
    let table = u64(StoreFormat.tableAt), tableLength = u64(StoreFormat.tableLengthAt)
    let body = UInt64(count - t)
    // table + tableLength == body, each checked so that no sum or product wraps (an offset of 2⁶⁴−8 is refused).
    let (tableEnd, o1) = table.addingReportingOverflow(tableLength)
    guard !o1, tableEnd == body, table >= UInt64(StoreFormat.startSize) else {
      throw .init("its checksum table does not end where the trailer starts (truncated or altered)")
    }
    let blocks = (table + UInt64(StoreFormat.blockSize) - 1) / UInt64(StoreFormat.blockSize)
    guard tableLength == blocks * 4 else { throw .init("its checksum table has the wrong length") }
    var sections: [(Int, Int)] = []
    var end = UInt64(StoreFormat.startSize)
    for s in StoreFormat.Section.allCases {
      let o = u64(StoreFormat.sectionsAt + 16 * s.rawValue), l = u64(StoreFormat.sectionsAt + 16 * s.rawValue + 8)
      let (expected, o2) = (s == .runs ? runs : rows).multipliedReportingOverflow(by: UInt64(s.width))
      guard !o2, l == expected else { throw .init("the \(s) section holds \(l) bytes, its counts say \(expected)") }
      let (sectionEnd, o3) = o.addingReportingOverflow(l)
      guard !o3, o >= end, o % UInt64(StoreFormat.alignment) == 0, sectionEnd <= table else {
        throw .init("the \(s) section lies outside the file's body (truncated or altered)")
      }
      sections.append((Int(o), Int(l)))
      end = sectionEnd
    }
    self.rows = Int(rows)
    runCount = Int(runs)
    self.sections = sections
    self.table = Int(table)
    self.blocks = Int(blocks)
    let tableCRC = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: b[self.table..<(self.table + Int(tableLength))]))
    guard tableCRC == u32(StoreFormat.tableCRCAt) else { throw .init("checksum table mismatch (altered)") }
  }
}

/// Why a file is not a valid store, in words.
struct StoreProblem: Error {
  let reason: String
  init(_ reason: String) { self.reason = reason }
}
