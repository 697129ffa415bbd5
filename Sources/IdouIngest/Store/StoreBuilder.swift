import IdouCore
import IdouIO

/// Builds a store from records arriving in file order, in memory bounded whatever the input's size (issue 12 §4):
/// records collect in a run of at most ``runRows``; a full run is sorted by month (a stable counting sort, so file
/// order holds within a month) and spilled to an unnamed scratch file next to the store; ``write(to:avoiding:)``
/// then writes each column month by month, taking each month's slice from every run in turn. Since the runs are in
/// file order and each is stable, that concatenation is the stable sort of all records: no comparison merge is
/// needed.
///
/// An existing store can be the first run (``add(store:dropping:)``): that is how a month is appended or the
/// months of a correction are replaced, each as a new file renamed over the old one (the old stays valid until
/// then).
///
/// Memory: the open run (≤ ``runRows`` × 9 bytes), one sorted column while a run is spilled (≤ 2 × ``runRows``
/// bytes), a 1 MiB copy buffer and the output writer's buffer: about 50 MB at the default 4 Mi rows.
public final class StoreBuilder {
  /// Rows per run: 4 Mi rows ≈ 38 MB while open.
  public static let defaultRunRows = 4 << 20

  public let runRows: Int
  private let near: String
  private var open = RecordColumns()
  private var runs: [Run] = []
  private var spill: SpillFile?
  /// The sort's permutation and one sorted column, kept from run to run (fresh ones cost a page fault per 4 KiB).
  private var order: [Int32] = []
  private var sorted: [UInt8] = []
  /// Records added from record files, per month slot (the months a correction brings).
  public private(set) var monthCounts = [Int](repeating: 0, count: MoveRecord.monthSlots)

  /// A run of records sorted by month.
  private enum Run {
    /// In the spill file: per month (ascending) its rows; per column section the offset of its bytes.
    case spilled(months: [(month: Int, rows: Int)], offsets: [Int])
    /// The last run, kept in memory sorted: columns by section (cell … nationality), bytes little-endian.
    case memory(months: [(month: Int, rows: Int)], columns: [[UInt8]])
    /// An existing store's month runs, `keep[i]` telling which stay.
    case store(StoreReader, keep: [Bool])
  }

  /// A builder whose scratch file (if it needs one) goes next to `path`.
  public init(near path: String, runRows: Int = defaultRunRows) {
    self.near = path
    self.runRows = max(1, runRows)
  }

  /// The number of records added so far (an old store's kept ones included).
  public private(set) var count = 0

  /// Takes an existing store's records as the first ones, without the months in `dropping` (slots). Call before
  /// any ``add(_:)``. The store is verified whole first (every block), since all of it is copied.
  public func add(store: StoreReader, dropping: Set<Int> = []) throws {
    precondition(runs.isEmpty && open.count == 0, "the old store comes first")
    try store.verify()
    let keep = store.runs.map { !dropping.contains($0.month) }
    count += zip(store.runs, keep).filter(\.1).reduce(0) { $0 + $1.0.rows }
    runs.append(.store(store, keep: keep))
  }

  /// Appends records (file order); a full run is sorted and spilled.
  public func add(_ c: RecordColumns) throws {
    var from = 0
    while from < c.count {
      let take = min(c.count - from, runRows - open.count)
      if open.count == 0 { open.reserve(runRows) }
      open.append(c, range: from..<(from + take))
      from += take
      if open.count == runRows { try spillOpenRun() }
    }
    for m in c.month { monthCounts[Int(m)] += 1 }
    count += c.count
  }

  /// The open run sorted by month: its months and, per column section, the sorted bytes — made one column at a
  /// time so at most one sorted column is in memory besides the run.
  private func sortedColumns(_ body: (StoreFormat.Section, UnsafeRawBufferPointer) throws -> Void)
    rethrows -> [(month: Int, rows: Int)]
  {
    let n = open.count
    var counts = [Int](repeating: 0, count: MoveRecord.monthSlots)
    for m in open.month { counts[Int(m)] += 1 }
    var starts = [Int](repeating: 0, count: MoveRecord.monthSlots)
    var months: [(Int, Int)] = []
    var acc = 0
    for m in 0..<MoveRecord.monthSlots where counts[m] > 0 {
      starts[m] = acc
      months.append((m, counts[m]))
      acc += counts[m]
    }
    // One permutation, reused for every column: the row each sorted position takes.
    if order.count < n { order = [Int32](repeating: 0, count: n) }
    var cursor = starts
    order.withUnsafeMutableBufferPointer { o in
      for i in 0..<n {
        let m = Int(open.month[i])
        o[cursor[m]] = Int32(i)
        cursor[m] += 1
      }
    }
    if sorted.count < 2 * n { sorted = [UInt8](repeating: 0, count: 2 * n) }
    for section in StoreFormat.Section.allCases where section != .runs {
      let w = section.width
      sorted.withUnsafeMutableBytes { o in
        for (k, i) in order[0..<n].enumerated() {
          let r = Int(i)
          switch section {
          case .cell:
            let c = PrefectureCounts.cell(origin: Int(open.origin[r]), destination: Int(open.destination[r]),
                                          sex: Int(open.sex[r]))
            o.storeBytes(of: UInt16(c).littleEndian, toByteOffset: 2 * k, as: UInt16.self)
          case .origin: o.storeBytes(of: open.origin[r].littleEndian, toByteOffset: 2 * k, as: UInt16.self)
          case .destination: o.storeBytes(of: open.destination[r].littleEndian, toByteOffset: 2 * k, as: UInt16.self)
          case .sex: o[k] = open.sex[r]
          case .age: o[k] = open.age[r]
          case .nationality: o[k] = open.nationality[r]
          case .runs: break
          }
        }
      }
      try sorted.withUnsafeBytes { try body(section, UnsafeRawBufferPointer(rebasing: $0[0..<(w * n)])) }
    }
    return months
  }

  private func spillOpenRun() throws {
    if spill == nil { spill = try SpillFile(near: near) }
    var offsets: [Int] = []
    let months = try sortedColumns { _, bytes in offsets.append(try spill!.append(bytes)) }
    runs.append(.spilled(months: months, offsets: offsets))
    open.removeAll(keepingCapacity: true)
  }

  /// Writes the store to `path` through an ``OutputWriter`` (a temporary file synced and renamed into place;
  /// never over an input of `files`) and returns the number of records written.
  @discardableResult
  public func write(to path: String, avoiding files: CommandFiles = CommandFiles()) throws -> Int {
    let out = try OutputWriter(path: path, avoiding: files)
    try write(to: out)
    try out.close()
    return count
  }

  /// Writes the store to an open writer (the caller closes it, e.g. after writing a rejects file too).
  public func write(to out: OutputWriter) throws {
    if open.count > runRows / 4 {
      try spillOpenRun()
    } else if open.count > 0 {
      // A small last run stays in memory (sorted, 11 bytes a row).
      var columns: [[UInt8]] = []
      let months = sortedColumns { _, bytes in columns.append(Array(bytes)) }
      runs.append(.memory(months: months, columns: columns))
      open = RecordColumns()
    }
    // Every run's month slices: per run, month slot → (first row in the run, rows).
    var slices: [[Int: (first: Int, rows: Int)]] = []
    var totals = [Int](repeating: 0, count: MoveRecord.monthSlots)
    for run in runs {
      var s: [Int: (Int, Int)] = [:]
      var first = 0
      switch run {
      case .spilled(let months, _), .memory(let months, _):
        for (m, n) in months {
          s[m] = (first, n)
          first += n
          totals[m] += n
        }
      case .store(let store, let keep):
        for (i, r) in store.runs.enumerated() {
          if keep[i] {
            s[r.month] = (i, r.rows)  // for a store: the run index, not a row
            totals[r.month] += r.rows
          }
        }
      }
      slices.append(s)
    }
    let months = (0..<MoveRecord.monthSlots).filter { totals[$0] > 0 }
    let rows = months.reduce(0) { $0 + totals[$1] }
    precondition(rows == count)

    let emit = Emitter(out)
    try emit.bytes(StoreFormat.start)
    var sections: [(offset: Int, length: Int)] = []
    var runBytes: [UInt8] = []
    runBytes.reserveCapacity(8 * months.count)
    for m in months {
      withUnsafeBytes(of: UInt32(m).littleEndian) { runBytes += $0 }
      withUnsafeBytes(of: UInt32(totals[m]).littleEndian) { runBytes += $0 }
    }
    sections.append((emit.position, runBytes.count))
    try emit.bytes(runBytes)
    try emit.pad()
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    for section in StoreFormat.Section.allCases where section != .runs {
      let w = section.width
      sections.append((emit.position, rows * w))
      for m in months {
        for (r, run) in runs.enumerated() {
          guard let (first, n) = slices[r][m] else { continue }
          switch run {
          case .memory(_, let columns):
            try columns[section.rawValue - 1].withUnsafeBytes {
              try emit.bytes(UnsafeRawBufferPointer(rebasing: $0[(first * w)..<((first + n) * w)]))
            }
          case .spilled(_, let offsets):
            var done = 0
            while done < n * w {
              let k = min(buffer.count, n * w - done)
              try buffer.withUnsafeMutableBytes { b in
                try spill!.read(at: offsets[section.rawValue - 1] + first * w + done,
                                into: UnsafeMutableRawBufferPointer(rebasing: b[0..<k]))
                try emit.bytes(UnsafeRawBufferPointer(rebasing: b[0..<k]))
              }
              done += k
            }
          case .store(let store, _):
            try store.withMonth(first, section) { try emit.bytes($0) }
          }
        }
      }
      try emit.pad()
    }
    for case .store(let store, _) in runs { try store.file.checkIntact() }
    // The checksum table covers everything before it; then the trailer.
    let table = emit.position
    let crcs = emit.finishBlocks()
    var tableBytes: [UInt8] = []
    tableBytes.reserveCapacity(4 * crcs.count)
    for c in crcs { withUnsafeBytes(of: c.littleEndian) { tableBytes += $0 } }
    try emit.bytes(tableBytes)
    let tableCRC = tableBytes.withUnsafeBytes { CRC32C.checksum($0) }
    try emit.bytes(StoreFormat.trailer(rows: rows, runs: months.count, sections: sections, table: table,
                                       tableLength: tableBytes.count, tableCRC: tableCRC))
  }

  /// Writes bytes in order, counting them and taking the CRC-32C of every 64 KiB block as they pass.
  private final class Emitter {
    let out: OutputWriter
    var position = 0
    var crcs: [UInt32] = []
    var crc: UInt32 = 0
    var fill = 0
    var counting = true

    init(_ out: OutputWriter) { self.out = out }

    func bytes(_ b: [UInt8]) throws { try b.withUnsafeBytes { try bytes($0) } }

    func bytes(_ b: UnsafeRawBufferPointer) throws {
      try out.write(b)
      position += b.count
      guard counting else { return }
      var i = 0
      while i < b.count {
        let k = min(b.count - i, StoreFormat.blockSize - fill)
        crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: b[i..<(i + k)]), continuing: crc)
        fill += k
        i += k
        if fill == StoreFormat.blockSize {
          crcs.append(crc)
          crc = 0
          fill = 0
        }
      }
    }

    /// Zeros up to the next 64-byte boundary.
    func pad() throws {
      let n = StoreFormat.aligned(position) - position
      if n > 0 { try bytes([UInt8](repeating: 0, count: n)) }
    }

    /// The CRCs of all blocks so far (the last one partial); what follows is not covered.
    func finishBlocks() -> [UInt32] {
      if fill > 0 { crcs.append(crc) }
      counting = false
      return crcs
    }
  }
}

extension RecordColumns {
  mutating func reserve(_ n: Int) {
    month.reserveCapacity(n)
    origin.reserveCapacity(n)
    destination.reserveCapacity(n)
    sex.reserveCapacity(n)
    age.reserveCapacity(n)
    nationality.reserveCapacity(n)
  }

  mutating func append(_ c: RecordColumns, range: Range<Int>) {
    month += c.month[range]
    origin += c.origin[range]
    destination += c.destination[range]
    sex += c.sex[range]
    age += c.age[range]
    nationality += c.nationality[range]
  }
}
