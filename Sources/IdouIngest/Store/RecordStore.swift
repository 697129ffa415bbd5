import Dispatch
import IdouCore
import IdouIO

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The binary store (`.idou` file, DESIGN §4): move records column-wise in fixed width, for batch jobs that
/// re-aggregate often.
///
/// Layout (little-endian). A 256-byte header: magic `IDOUSTOR`, version (1), header size, row count, month-run
/// count, then for each of 7 sections its offset, byte length and ``StoreChecksum``; the header's own checksum in
/// its last 8 bytes. The sections, each 64-byte aligned and zero-padded:
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
/// The month column is kept run-length (rows sorted by month), and the prefecture cell is precomputed, so the
/// prefecture-level table reads 2 bytes per record. The day of the month is not kept. A store is written to a
/// temporary file and renamed into place (atomic); on opening, the size, the header checksum and the counts are
/// verified, and every section an aggregation reads is checksummed on the way, so a truncated or altered store is
/// refused with a ``DataError``.
public enum RecordStore {
  public static let magic: [UInt8] = Array("IDOUSTOR".utf8)
  public static let version: UInt32 = 1
  public static let headerSize = 256
  static let sectionCount = 7
  enum Section: Int { case runs = 0, cell, origin, destination, sex, age, nationality }
  static let widths = [8, 2, 2, 2, 1, 1, 1]

  /// Whether a file starts with the store's magic.
  public static func isStore(path: String) -> Bool {
    guard let f = try? MappedFile(path: path), f.count >= 8 else { return false }
    return (0..<8).allSatisfy { f.base[$0] == magic[$0] }
  }

  // MARK: - Writing

  /// Writes records to `path` atomically (temporary file in the same directory, then rename).
  /// - Throws: `InputFileError` (`.unreadable` when the file cannot be written).
  public static func write(_ records: RecordColumns, to path: String) throws {
    let n = records.count
    // Stable counting sort by month.
    var perMonth = [Int](repeating: 0, count: MoveRecord.monthSlots)
    for m in records.month { perMonth[Int(m)] += 1 }
    var start = [Int](repeating: 0, count: MoveRecord.monthSlots)
    var runs: [(UInt32, UInt32)] = []
    var acc = 0
    for m in 0..<MoveRecord.monthSlots where perMonth[m] > 0 {
      start[m] = acc
      runs.append((UInt32(m), UInt32(perMonth[m])))
      acc += perMonth[m]
    }
    var order = [Int](repeating: 0, count: n)
    for i in 0..<n {
      let m = Int(records.month[i])
      order[start[m]] = i
      start[m] += 1
    }
    func column<T: FixedWidthInteger>(_ c: [T]) -> [T] { order.map { c[$0] } }
    let cells: [UInt16] = order.map {
      UInt16(PrefectureCounts.cell(origin: Int(records.origin[$0]), destination: Int(records.destination[$0]),
                                   sex: Int(records.sex[$0])))
    }
    var runBytes: [UInt8] = []
    for (m, c) in runs { appendLE(&runBytes, m); appendLE(&runBytes, c) }
    let sections: [[UInt8]] = [
      runBytes, bytes(cells), bytes(column(records.origin)), bytes(column(records.destination)),
      column(records.sex), column(records.age), column(records.nationality),
    ]
    var header = [UInt8](repeating: 0, count: headerSize)
    var body: [UInt8] = []
    var offsets: [(Int, Int, UInt64)] = []
    for s in sections {
      let offset = headerSize + body.count
      let sum = s.withUnsafeBytes { StoreChecksum.of($0.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, count: $0.count) }
      offsets.append((offset, s.count, sum.value))
      body += s
      body += [UInt8](repeating: 0, count: (64 - body.count % 64) % 64)
    }
    put(&header, 0, magic)
    putLE(&header, 8, version)
    putLE(&header, 12, UInt32(headerSize))
    putLE(&header, 16, UInt64(n))
    putLE(&header, 24, UInt64(runs.count))
    for (i, (o, l, c)) in offsets.enumerated() {
      putLE(&header, 32 + 24 * i, UInt64(o))
      putLE(&header, 40 + 24 * i, UInt64(l))
      putLE(&header, 48 + 24 * i, c)
    }
    let hsum = header.withUnsafeBytes { StoreChecksum.of($0.baseAddress!, count: headerSize - 8) }.value
    putLE(&header, headerSize - 8, hsum)
    try atomicWrite(path, [header, body])
  }

  static func bytes(_ a: [UInt16]) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: a.count * 2)
    for (i, v) in a.enumerated() { out[2 * i] = UInt8(v & 0xFF); out[2 * i + 1] = UInt8(v >> 8) }
    return out
  }
  static func appendLE<T: FixedWidthInteger>(_ out: inout [UInt8], _ v: T) {
    for k in 0..<(T.bitWidth / 8) { out.append(UInt8(truncatingIfNeeded: v >> (8 * k))) }
  }
  static func put(_ out: inout [UInt8], _ at: Int, _ b: [UInt8]) { out.replaceSubrange(at..<at + b.count, with: b) }
  static func putLE<T: FixedWidthInteger>(_ out: inout [UInt8], _ at: Int, _ v: T) {
    for k in 0..<(T.bitWidth / 8) { out[at + k] = UInt8(truncatingIfNeeded: v >> (8 * k)) }
  }

  /// Writes the parts through IdouIO's ``OutputWriter``: a temporary file next to `path`, synced and renamed
  /// over it; never through a symbolic link or over a device.
  public static func atomicWrite(_ path: String, _ parts: [[UInt8]]) throws(FileError) {
    let out = try OutputWriter(path: path)
    for part in parts { try out.write(part) }
    try out.close()
  }
}
