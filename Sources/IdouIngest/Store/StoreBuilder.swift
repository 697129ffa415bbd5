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
/// Memory: the open run and its sorted copy (8 bytes a row each), one sorted column while a run is spilled (≤ 2
/// bytes a row), a 1 MiB copy buffer and the output writer's buffer: about 40 MB at the default 2 Mi rows.
public final class StoreBuilder {
  /// Rows per run: 2 Mi rows = 16 MB while open.
  public static let defaultRunRows = 2 << 20

  public let runRows: Int
  private let near: String
  private var open = RecordColumns()
  private var runs: [Run] = []
  private var spill: SpillFile?
  /// The sorted run, kept from run to run (a fresh one costs a page fault per 4 KiB), and a piece of one column.
  private var sortedWords: [UInt64] = []
  private var piece = [UInt8](repeating: 0, count: 2 * pieceRows)
  /// Rows decoded at a time when a sorted run is written out (128 KiB of the widest section).
  private static let pieceRows = 64 << 10
  /// Records of the runs sorted so far, per month slot.
  private var sortedMonthCounts = [Int](repeating: 0, count: MoveRecord.monthSlots)
  /// Records added from record files, per month slot (the months a correction brings).
  public var monthCounts: [Int] {
    var c = sortedMonthCounts
    for w in open.words { c[RecordColumns.month(w)] += 1 }
    return c
  }

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
      open.words += c.words[from..<(from + take)]
      from += take
      if open.count == runRows { try spillOpenRun() }
    }
    count += c.count
  }

  /// The open run sorted by month: its months; `body` gets each column section's sorted bytes, in order, in pieces.
  /// The run's words are placed by a stable counting sort on the month (one pass), then each section is decoded
  /// from them.
  private func sortedColumns(_ body: (StoreFormat.Section, UnsafeRawBufferPointer) throws -> Void)
    rethrows -> [(month: Int, rows: Int)]
  {
    let n = open.count
    var counts = [Int](repeating: 0, count: MoveRecord.monthSlots)
    for w in open.words { counts[RecordColumns.month(w)] += 1 }
    var cursor = [Int](repeating: 0, count: MoveRecord.monthSlots)
    var months: [(Int, Int)] = []
    var acc = 0
    for m in 0..<MoveRecord.monthSlots where counts[m] > 0 {
      cursor[m] = acc
      months.append((m, counts[m]))
      acc += counts[m]
      sortedMonthCounts[m] += counts[m]
    }
    if sortedWords.count < n { sortedWords = [UInt64](repeating: 0, count: n) }
    open.words.withUnsafeBufferPointer { from in
      sortedWords.withUnsafeMutableBufferPointer { to in
        for w in from {
          let m = RecordColumns.month(w)
          to[cursor[m]] = w
          cursor[m] += 1
        }
      }
    }
    // Each section in pieces small enough to stay in cache between their decoding and their writing.
    for section in StoreFormat.Section.allCases where section != .runs {
      var from = 0
      while from < n {
        let to = min(n, from + Self.pieceRows)
        sortedWords.withUnsafeBufferPointer { words in
          piece.withUnsafeMutableBytes { o in
            Self.decode(section, UnsafeBufferPointer(rebasing: words[from..<to]), into: o)
          }
        }
        try piece.withUnsafeBytes { try body(section, UnsafeRawBufferPointer(rebasing: $0[0..<(section.width * (to - from))])) }
        from = to
      }
    }
    return months
  }

  /// One section's bytes (little-endian) of the words, in their order.
  private static func decode(_ section: StoreFormat.Section, _ words: UnsafeBufferPointer<UInt64>,
                             into o: UnsafeMutableRawBufferPointer) {
    switch section {
    case .cell:
      for (k, w) in words.enumerated() {
        let c = PrefectureCounts.cell(origin: Int(RecordColumns.origin(w)), destination: Int(RecordColumns.destination(w)),
                                      sex: Int(RecordColumns.sex(w)))
        o.storeBytes(of: UInt16(truncatingIfNeeded: c).littleEndian, toByteOffset: 2 * k, as: UInt16.self)
      }
    case .origin:
      for (k, w) in words.enumerated() {
        o.storeBytes(of: RecordColumns.origin(w).littleEndian, toByteOffset: 2 * k, as: UInt16.self)
      }
    case .destination:
      for (k, w) in words.enumerated() {
        o.storeBytes(of: RecordColumns.destination(w).littleEndian, toByteOffset: 2 * k, as: UInt16.self)
      }
    case .sex: for (k, w) in words.enumerated() { o[k] = RecordColumns.sex(w) }
    case .age: for (k, w) in words.enumerated() { o[k] = RecordColumns.age(w) }
    case .nationality: for (k, w) in words.enumerated() { o[k] = RecordColumns.nationality(w) }
    case .runs: break
    }
  }

  private func spillOpenRun() throws {
    if spill == nil { spill = try SpillFile(near: near) }
    var offsets: [Int] = []
    let months = try sortedColumns { section, bytes in
      let at = try spill!.append(bytes)
      if offsets.count < section.rawValue { offsets.append(at) }
    }
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
      let months = sortedColumns { section, bytes in
        if columns.count < section.rawValue { columns.append([]) }
        columns[section.rawValue - 1] += bytes
      }
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
  mutating func reserve(_ n: Int) { words.reserveCapacity(n) }
}
