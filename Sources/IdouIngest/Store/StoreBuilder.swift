import IdouCore
import IdouIO
import Synchronization

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
/// Sorting and writing a run are shared by `threads` threads (the parse is idle meanwhile); the output never depends
/// on their number.
///
/// Memory: the open run and its sorted copy (8 bytes a row each), a 128 KiB piece per thread, a 1 MiB copy buffer
/// and the output writer's buffer: about 36 MB at the default 2 Mi rows.
public final class StoreBuilder {
  /// Rows per run: 2 Mi rows = 16 MB while open.
  public static let defaultRunRows = 2 << 20

  public let runRows: Int
  private let near: String
  private var open = MoveRecords()
  private var runs: [Run] = []
  private var spill: SpillFile?
  /// Threads that sort and decode a run.
  public let threads: Int
  /// The sorted run, kept from run to run (a fresh one costs a page fault per 4 KiB).
  private var sortedWords: [UInt64] = []
  /// Rows decoded at a time when a sorted run is written out (128 KiB of the widest section).
  private static let pieceRows = 64 << 10
  /// Records of the runs sorted so far, per month slot.
  private var sortedMonthCounts = [Int](repeating: 0, count: MoveRecord.monthSlots)
  /// Records added from record files, per month slot (the months a correction brings).
  public var monthCounts: [Int] {
    var c = sortedMonthCounts
    for w in open.words { c[MoveRecords.month(w)] += 1 }
    return c
  }

  /// A run of records sorted by month.
  private enum Run {
    /// In the spill file: per month (ascending) its rows; per column section the offset of its bytes.
    case spilled(months: [(month: Int, rows: Int)], offsets: [Int])
    /// The last run, kept in memory sorted: sections one after another (cell … nationality), little-endian.
    case memory(months: [(month: Int, rows: Int)], bytes: [UInt8], rows: Int)
    /// An existing store's month runs, `keep[i]` telling which stay.
    case store(StoreReader, keep: [Bool])
  }

  /// A builder whose scratch file (if it needs one) goes next to `path`.
  public init(near path: String, runRows: Int = defaultRunRows, threads: Int = 1) {
    self.near = path
    self.runRows = max(1, runRows)
    self.threads = max(1, threads)
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
  public func add(_ c: MoveRecords) throws {
    try c.words.withUnsafeBufferPointer { try add(words: $0) }
  }

  /// Appends a reader thread's records (file order).
  func add(_ c: RecordWords) throws {
    try c.withWords { try add(words: $0) }
  }

  private func add(words: UnsafeBufferPointer<UInt64>) throws {
    var from = 0
    while from < words.count {
      let take = min(words.count - from, runRows - open.count)
      if open.count == 0 { open.reserve(runRows) }
      open.words.append(contentsOf: UnsafeBufferPointer(rebasing: words[from..<(from + take)]))
      from += take
      if open.count == runRows { try spillOpenRun() }
    }
    count += words.count
  }

  /// Sorts the open run by month into `sortedWords` (a stable counting sort: each thread counts and then places
  /// its contiguous part of the run, after the parts before it) and returns its months.
  private func sortOpenRun() -> [(month: Int, rows: Int)] {
    let n = open.count, slots = MoveRecord.monthSlots
    let parts = Self.parts(n, threads: threads)
    var counts = [Int](repeating: 0, count: parts.count * slots)
    if sortedWords.count < n { sortedWords = [UInt64](repeating: 0, count: n) }
    open.words.withUnsafeBufferPointer { from in
      counts.withUnsafeMutableBufferPointer { c in
        Parallel.run(parts.count) { t in
          for w in from[parts[t]] { c[t * slots + MoveRecords.month(w)] += 1 }
        }
      }
    }
    // Per part and month, where its first record goes: after the earlier months, then after the earlier parts.
    var cursors = [Int](repeating: 0, count: parts.count * slots)
    var months: [(Int, Int)] = []
    var acc = 0
    for m in 0..<slots {
      let first = acc
      for t in parts.indices {
        cursors[t * slots + m] = acc
        acc += counts[t * slots + m]
      }
      if acc > first {
        months.append((m, acc - first))
        sortedMonthCounts[m] += acc - first
      }
    }
    open.words.withUnsafeBufferPointer { from in
      sortedWords.withUnsafeMutableBufferPointer { to in
        cursors.withUnsafeMutableBufferPointer { c in
          Parallel.run(parts.count) { t in
            for w in from[parts[t]] {
              let k = t * slots + MoveRecords.month(w)
              to[c[k]] = w
              c[k] += 1
            }
          }
        }
      }
    }
    return months
  }

  /// Decodes the sorted run's sections (their bytes little-endian, section by section as the store lays them out)
  /// and hands them to `put(section, first row, bytes)` in pieces small enough to stay in cache between decoding
  /// and writing, each thread its own rows. `put` is called from several threads at once, for distinct rows.
  private func decodeSortedRun(_ put: (StoreFormat.Section, Int, UnsafeRawBufferPointer) -> Void) {
    let n = open.count
    let parts = Self.parts(n, threads: threads)
    sortedWords.withUnsafeBufferPointer { words in
      Parallel.run(parts.count) { t in
        var piece = [UInt8](repeating: 0, count: 2 * Self.pieceRows)
        piece.withUnsafeMutableBytes { o in
          for section in StoreFormat.Section.columns {
            var from = parts[t].lowerBound
            while from < parts[t].upperBound {
              let to = min(parts[t].upperBound, from + Self.pieceRows)
              Self.decode(section, UnsafeBufferPointer(rebasing: words[from..<to]), into: o)
              put(section, from, UnsafeRawBufferPointer(rebasing: o[0..<(section.width * (to - from))]))
              from = to
            }
          }
        }
      }
    }
  }

  /// `n` rows cut into at most `threads` contiguous parts (one below 64 Ki rows: threads cost more than they save).
  private static func parts(_ n: Int, threads: Int) -> [Range<Int>] {
    let k = max(1, min(threads, n / (64 << 10)))
    return (0..<k).map { t in (t * n / k)..<((t + 1) * n / k) }
  }

  /// One section's bytes (little-endian) of the words, in their order.
  private static func decode(_ section: StoreFormat.Section, _ words: UnsafeBufferPointer<UInt64>,
                             into o: UnsafeMutableRawBufferPointer) {
    switch section {
    case .cell:
      for (k, w) in words.enumerated() {
        let c = PrefectureCounts.cell(origin: Int(MoveRecords.origin(w)), destination: Int(MoveRecords.destination(w)),
                                      sex: Int(MoveRecords.sex(w)))
        o.storeBytes(of: UInt16(truncatingIfNeeded: c).littleEndian, toByteOffset: 2 * k, as: UInt16.self)
      }
    case .origin:
      for (k, w) in words.enumerated() {
        o.storeBytes(of: MoveRecords.origin(w).littleEndian, toByteOffset: 2 * k, as: UInt16.self)
      }
    case .destination:
      for (k, w) in words.enumerated() {
        o.storeBytes(of: MoveRecords.destination(w).littleEndian, toByteOffset: 2 * k, as: UInt16.self)
      }
    case .sex: for (k, w) in words.enumerated() { o[k] = MoveRecords.sex(w) }
    case .age: for (k, w) in words.enumerated() { o[k] = MoveRecords.age(w) }
    case .nationality: for (k, w) in words.enumerated() { o[k] = MoveRecords.nationality(w) }
    case .runs: break
    }
  }

  /// Sorts the open run and writes it to the spill file: sections one after another, each thread its rows.
  private func spillOpenRun() throws {
    if spill == nil { spill = try SpillFile(near: near) }
    let n = open.count
    let months = sortOpenRun()
    let base = spill!.reserve(StoreFormat.Section.recordBytes * n)
    let failure = Mutex<FileError?>(nil)
    // One writer at a time: concurrent writes to one file contend for its inode lock in the kernel, which spins
    // (perf: 6% of an ingest in rwsem_spin_on_owner); waiting here instead leaves the core to the other decoder.
    let writing = Mutex(())
    decodeSortedRun { section, row, bytes in
      do throws(FileError) {
        try writing.withLock { _ throws(FileError) in
          try spill!.write(bytes, at: base + section.start(rows: n) + row * section.width)
        }
      } catch { failure.withLock { $0 = $0 ?? error } }
    }
    if let e = failure.withLock({ $0 }) { throw e }
    let offsets = StoreFormat.Section.columns.map { base + $0.start(rows: n) }
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
      // A small last run stays in memory (sorted, 9 bytes a row, sections as in the spill file).
      let n = open.count
      let months = sortOpenRun()
      var bytes = [UInt8](repeating: 0, count: StoreFormat.Section.recordBytes * n)
      bytes.withUnsafeMutableBytes { to in
        decodeSortedRun { section, row, piece in
          let at = section.start(rows: n) + row * section.width
          UnsafeMutableRawBufferPointer(rebasing: to[at..<(at + piece.count)]).copyMemory(from: piece)
        }
      }
      runs.append(.memory(months: months, bytes: bytes, rows: n))
      open = MoveRecords()
    }
    // Every run's month slices: per run, month slot → (first row in the run, rows).
    var slices: [[Int: (first: Int, rows: Int)]] = []
    var totals = [Int](repeating: 0, count: MoveRecord.monthSlots)
    for run in runs {
      var s: [Int: (Int, Int)] = [:]
      var first = 0
      switch run {
      case .spilled(let months, _), .memory(let months, _, _):
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
    for section in StoreFormat.Section.columns {
      let w = section.width
      sections.append((emit.position, rows * w))
      for m in months {
        for (r, run) in runs.enumerated() {
          guard let (first, n) = slices[r][m] else { continue }
          switch run {
          case .memory(_, let bytes, let rows):
            let at = section.start(rows: rows)
            try bytes.withUnsafeBytes {
              try emit.bytes(UnsafeRawBufferPointer(rebasing: $0[(at + first * w)..<(at + (first + n) * w)]))
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

