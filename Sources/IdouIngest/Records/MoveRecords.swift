
/// Accepted records in file order (what the binary store keeps), one 64-bit word per record, so that taking a
/// record is one append: month (12 bits), origin and destination (16 each), sex (2), age (8), nationality (2).
public struct MoveRecords: MoveRecordSink, Sendable, Equatable {
  /// The records' words (see ``pack(_:)``).
  var words: [UInt64] = []

  public init() {}

  public var count: Int { words.count }

  mutating func reserve(_ n: Int) { words.reserveCapacity(n) }
  public var indices: Range<Int> { 0..<count }

  /// A record as one word. Month slots are < 4096, codes < 65536 (prefectures 01–47), sex 1–2, age 0–255,
  /// nationality 0–2: every field fits its bits.
  @inline(__always)
  static func pack(_ r: MoveRecord) -> UInt64 {
    UInt64(truncatingIfNeeded: r.month) & 0xFFF
      | (UInt64(truncatingIfNeeded: r.origin) & 0xFFFF) << 12
      | (UInt64(truncatingIfNeeded: r.destination) & 0xFFFF) << 28
      | (UInt64(truncatingIfNeeded: r.sex) & 0x3) << 44
      | (UInt64(truncatingIfNeeded: r.age) & 0xFF) << 46
      | (UInt64(truncatingIfNeeded: r.nationality) & 0x3) << 54
  }

  /// The fields of a word.
  @inline(__always) static func month(_ w: UInt64) -> Int { Int(truncatingIfNeeded: w & 0xFFF) }
  @inline(__always) static func origin(_ w: UInt64) -> UInt16 { UInt16(truncatingIfNeeded: w >> 12) }
  @inline(__always) static func destination(_ w: UInt64) -> UInt16 { UInt16(truncatingIfNeeded: w >> 28) }
  @inline(__always) static func sex(_ w: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: w >> 44) & 0x3 }
  @inline(__always) static func age(_ w: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: w >> 46) }
  @inline(__always) static func nationality(_ w: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: w >> 54) & 0x3 }

  @inline(__always)
  public mutating func add(_ r: MoveRecord) { words.append(Self.pack(r)) }

  /// Takes back the last record (records are taken back in the reverse order of a chunk's adds, and all of them).
  mutating func remove(_ r: MoveRecord) { words.removeLast() }

  public mutating func removeAll(keepingCapacity: Bool) { words.removeAll(keepingCapacity: keepingCapacity) }

  /// The record at index `i`.
  public subscript(i: Int) -> MoveRecord {
    let w = words[i]
    return MoveRecord(month: Self.month(w), origin: Int(Self.origin(w)), destination: Int(Self.destination(w)),
                      sex: Int(Self.sex(w)), age: Int(Self.age(w)), nationality: Int(Self.nationality(w)))
  }

  /// Appends another set of records.
  public mutating func append(_ p: MoveRecords) { words += p.words }

  /// The chunks' records one after another.
  public init(concatenating parts: [MoveRecords]) {
    words.reserveCapacity(parts.reduce(0) { $0 + $1.count })
    for p in parts { append(p) }
  }
}

/// The per-thread sink of `ingest`: accepted records as packed words (``MoveRecords/pack(_:)``) in one growable
/// buffer, so taking a record is a store and an increment. (An `Array` append checks the buffer's uniqueness through
/// the runtime and rewrites its header on every record: perf put the ingest loop at twice the aggregate loop's
/// samples, most of them on that append.) The buffer is reached only through ``withWords(_:)``.
final class RecordWords: MoveRecordSink {
  private var base: UnsafeMutablePointer<UInt64>
  private var capacity: Int
  /// Records held.
  private(set) var count = 0

  init(capacity: Int = 1 << 16) {
    self.capacity = max(1, capacity)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  @inline(__always)
  func add(_ r: MoveRecord) {
    if count == capacity { grow() }
    base[count] = MoveRecords.pack(r)
    count &+= 1
  }

  /// Takes back the last record (a chunk's adds are taken back in reverse order, all of them).
  func remove(_ r: MoveRecord) {
    precondition(count > 0, "no record to take back")
    count -= 1
  }

  @inline(never)
  private func grow() {
    let more = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity * 2)
    more.moveInitialize(from: base, count: count)
    base.deallocate()
    base = more
    capacity *= 2
  }

  /// Forgets the records, keeping the buffer.
  func removeAll() { count = 0 }

  /// Calls `body` with the records' words (valid only inside `body`).
  func withWords<R, E: Error>(_ body: (UnsafeBufferPointer<UInt64>) throws(E) -> R) throws(E) -> R {
    try body(UnsafeBufferPointer(start: base, count: count))
  }
}
