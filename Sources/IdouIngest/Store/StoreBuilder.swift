import IdouCore
import IdouIO
import Synchronization

/// Builds a store from records arriving in file order, in memory bounded whatever the input's size (issue 12 §4):
/// records collect in a run of at most ``runRows``; a full run is sorted by month (a stable counting sort, so file
/// order holds within a month) and written as a segment of the store (``StoreFormat``) where it stays, its sync
/// started at once on a thread of its own (``OutputWriter/startSync()``); its blocks'
/// checksums taken from the bytes as written; ``finish()`` then writes the last run, the index, the checksum table
/// and the trailer. Each byte is written once, and the disk is busy while the parse goes on.
///
///     let out = try OutputWriter(path: "moves.idou")
///     let builder = try StoreBuilder(writingTo: out)
///     try builder.add(records)
///     try builder.finish()
///     try out.close()                     // synced and renamed into place
///
/// An existing store can give the first segment (``add(store:dropping:)``): that is how a month is appended or the
/// months of a correction are replaced, each as a new file renamed over the old one (the old stays valid until
/// then).
///
/// Sorting and writing a run are shared by `threads` threads; the output never depends on their number.
///
/// Memory: the open run and its sorted copy (8 bytes a row each), a 128 KiB piece per thread and the output
/// writer's buffer, and an 8 MiB window of the file mapped to take the checksums: about 26 MB at the default 1 Mi
/// rows.
public final class StoreBuilder {
  /// Rows per run: 1 Mi rows = 8 MB while open (2 Mi measured a little slower: the run and its sorted copy no
  /// longer stay in the cache between the sort and the decode; peak 102 → 78 MB).
  public static let defaultRunRows = 1 << 20

  public let runRows: Int
  private let out: OutputWriter
  private var open = MoveRecords()
  /// The segments written so far.
  private var segments: [(offset: Int, rows: Int, months: [(month: Int, rows: Int)])] = []
  /// Threads that sort and decode a run, and take the checksums.
  public let threads: Int
  /// The sorted run, kept from run to run (a fresh one costs a page fault per 4 KiB).
  private var sortedWords: [UInt64] = []
  /// Rows decoded at a time when a sorted run is written out (128 KiB of the widest column).
  private static let pieceRows = 64 << 10
  /// Bytes mapped at a time to take the checksums (a multiple of the block size).
  private static let checksumWindow = 128 * StoreFormat.blockSize
  /// The CRC-32C of each 64 KiB block of the file taken so far (see ``checksumBlocks(upTo:final:)``).
  private var crcs: [UInt32] = []
  /// Records of the runs sorted so far, per month slot.
  private var sortedMonthCounts = [Int](repeating: 0, count: MoveRecord.monthSlots)
  /// Records added from record files, per month slot (the months a correction brings).
  public var monthCounts: [Int] {
    var c = sortedMonthCounts
    for w in open.words { c[MoveRecords.month(w)] += 1 }
    return c
  }

  /// A builder writing to `out`, which must be empty (its start block is written now). The caller closes `out`
  /// after ``finish()``.
  public init(writingTo out: OutputWriter, runRows: Int = defaultRunRows, threads: Int = 1) throws {
    precondition(out.position == 0, "a store starts its file")
    self.out = out
    self.runRows = max(1, runRows)
    self.threads = max(1, threads)
    try out.write(StoreFormat.start)
  }

  /// The number of records added so far (an old store's kept ones included).
  public private(set) var count = 0

  /// Takes an existing store's records as the first ones, without the months in `dropping` (slots): its kept
  /// months, month by month, become the first segment. Call before any ``add(_:)``. The store is verified whole
  /// first (every block), since all of it is copied.
  public func add(store: StoreReader, dropping: Set<Int> = []) throws {
    precondition(segments.isEmpty && open.count == 0 && count == 0, "the old store comes first")
    try store.verify()
    let kept = store.runs.indices.filter { !dropping.contains(store.runs[$0].month) }
    let n = kept.reduce(0) { $0 + store.runs[$1].rows }
    guard n > 0 else { return }
    let base = try out.reserve(StoreFormat.aligned(StoreFormat.Column.recordBytes * n))
    for column in StoreFormat.Column.allCases {
      var at = base + column.start(rows: n)
      for i in kept {
        try store.forEachSlice(ofMonth: i, column) { bytes in
          try out.write(bytes, at: at)
          at += bytes.count
        }
      }
    }
    try padSegment(base, rows: n)
    try store.file.checkIntact()
    segments.append((base, n, kept.map { store.runs[$0] }))
    count += n
    try out.startSync()
    try checksumBlocks(upTo: out.position, final: false)
  }

  /// Appends records (file order); a full run is sorted and written.
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
      if open.count == runRows { try writeOpenRun() }
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

  /// Decodes the sorted run's columns (their bytes little-endian, column by column as a segment lays them out)
  /// and hands them to `put(column, first row, bytes)` in pieces small enough to stay in cache between decoding
  /// and writing, each thread its own rows. `put` is called from several threads at once, for distinct rows.
  private func decodeSortedRun(_ put: (StoreFormat.Column, Int, UnsafeRawBufferPointer) -> Void) {
    let n = open.count
    let parts = Self.parts(n, threads: threads)
    sortedWords.withUnsafeBufferPointer { words in
      Parallel.run(parts.count) { t in
        var piece = [UInt8](repeating: 0, count: 2 * Self.pieceRows)
        piece.withUnsafeMutableBytes { o in
          for column in StoreFormat.Column.allCases {
            var from = parts[t].lowerBound
            while from < parts[t].upperBound {
              let to = min(parts[t].upperBound, from + Self.pieceRows)
              Self.decode(column, UnsafeBufferPointer(rebasing: words[from..<to]), into: o)
              put(column, from, UnsafeRawBufferPointer(rebasing: o[0..<(column.width * (to - from))]))
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

  /// One column's bytes (little-endian) of the words, in their order.
  private static func decode(_ column: StoreFormat.Column, _ words: UnsafeBufferPointer<UInt64>,
                             into o: UnsafeMutableRawBufferPointer) {
    switch column {
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
    }
  }

  /// Sorts the open run and writes it as the next segment, each thread its rows, and starts its sync.
  private func writeOpenRun() throws {
    let n = open.count
    guard n > 0 else { return }
    let months = sortOpenRun()
    let base = try out.reserve(StoreFormat.aligned(StoreFormat.Column.recordBytes * n))
    let failure = Mutex<FileError?>(nil)
    // One writer at a time: concurrent writes to one file contend for its inode lock in the kernel, which spins
    // (perf: 6% of an ingest in rwsem_spin_on_owner); waiting here instead leaves the core to the other decoder.
    let writing = Mutex(())
    let out = self.out
    decodeSortedRun { column, row, bytes in
      do throws(FileError) {
        try writing.withLock { _ throws(FileError) in
          try out.write(bytes, at: base + column.start(rows: n) + row * column.width)
        }
      } catch { failure.withLock { $0 = $0 ?? error } }
    }
    if let e = failure.withLock({ $0 }) { throw e }
    try padSegment(base, rows: n)
    segments.append((base, n, months))
    open.removeAll(keepingCapacity: true)
    try out.startSync()
    try checksumBlocks(upTo: out.position, final: false)
  }

  /// Zeros from a segment's last column to its 64-byte boundary.
  private func padSegment(_ base: Int, rows n: Int) throws {
    let end = base + StoreFormat.Column.recordBytes * n
    let pad = StoreFormat.aligned(end) - end
    if pad > 0 { try [UInt8](repeating: 0, count: pad).withUnsafeBytes { try out.write($0, at: end) } }
  }

  /// Takes the CRC-32C of the blocks from the first not yet taken up to `end`: the whole blocks below it, or all of
  /// them when `end` is the table's offset (the last block may be partial). Called after each segment, while its
  /// bytes are fresh in the page cache and the parse goes on, so that ``finish()`` has only the last segment's
  /// blocks left. Mapped a window at a time (each unmapped after it: the resident memory stays bounded).
  private func checksumBlocks(upTo end: Int, final: Bool = true) throws {
    let size = StoreFormat.blockSize
    let stop = final ? end : end / size * size
    var at = crcs.count * size
    while at < stop {
      let to = min(stop, at + Self.checksumWindow)
      crcs += try out.withWrittenBytes(in: at..<to) { StoreLayout.checksums($0, threads: threads) }
      at = to
    }
  }

  /// Writes the last run, the index, the checksum table and the trailer; returns the number of records stored.
  /// The caller closes the writer (e.g. after writing a rejects file too).
  @discardableResult
  public func finish() throws -> Int {
    try writeOpenRun()
    let rows = segments.reduce(0) { $0 + $1.rows }
    precondition(rows == count)
    let index = StoreFormat.index(segments)
    let indexAt = out.position
    try out.write(index)
    // The checksums of everything so far, from the bytes as written (in the page cache: a read at memory speed),
    // 16 MiB at a time (each window unmapped after it, so the resident memory stays bounded).
    let table = out.position
    try checksumBlocks(upTo: table)
    var tableBytes = [UInt8](repeating: 0, count: 4 * crcs.count)
    for (k, c) in crcs.enumerated() { StoreFormat.put(&tableBytes, 4 * k, c) }
    try out.write(tableBytes)
    let tableCRC = tableBytes.withUnsafeBytes { CRC32C.checksum($0) }
    try out.write(StoreFormat.trailer(rows: rows, segments: segments.count,
                                      runs: segments.reduce(0) { $0 + $1.months.count }, index: indexAt,
                                      indexLength: index.count, table: table, tableLength: tableBytes.count,
                                      tableCRC: tableCRC))
    return rows
  }
}
