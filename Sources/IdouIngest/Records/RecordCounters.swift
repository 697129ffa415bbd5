import IdouCore

/// The prefecture-level counter of one thread: per month, a dense block `[sex][origin][destination]` of
/// 2 × 47 × 47 `Int32` cells, exactly one period of a ``MigrationCube`` with sexes [男, 女].
///
/// The record's month is the index into a table of blocks (allocated on first use), its codes give the prefectures
/// by arithmetic (`code / 1000`): no dictionary on the hot path. A move within one prefecture (between two of its
/// municipalities, or a record `43,43` that gives only the prefecture) lands on the diagonal, which is counted as
/// 都道府県内 and kept out of 転入/転出 when the blocks become a cube.
///
/// Memory: 17.7 KB per thread per month present (a record file spanning all 2,400 months 1900–2099: 42 MB a thread).
final class PrefectureCounts: MoveRecordSink, MonthlyCounter {
  static let areas = 47
  static let cellsPerMonth = 2 * areas * areas
  /// The month's cells, or nil when no record of that month was seen; one cell more than a month has, the
  /// overflow slot the store's aggregation clamps out-of-range values into.
  let blocks = MonthBlocks(blockSize: cellsPerMonth + 1)
  /// 64-bit sums the cells were settled into (see ``MoveRecordSink/settle()``), per month.
  var wide: [Int: [Int64]] = [:]

  init() {}

  func settle() { blocks.settle(cells: Self.cellsPerMonth, into: &wide) }

  var months: [Int] { blocks.months }

  func accumulate(month m: Int, into sums: inout [Int64]) {
    blocks.accumulate(month: m, cells: Self.cellsPerMonth, settled: wide, into: &sums)
  }

  /// The prefectures' two-digit codes, 01–47.
  static let names = (1...areas).map { $0 < 10 ? "0\($0)" : "\($0)" }

  /// The cell of a record in its month's block (codes 1000…47999, as every reader gives).
  @inline(__always)
  static func cell(origin: Int, destination: Int, sex: Int) -> Int {
    // Wrapping arithmetic on the hot path: sex is 1 or 2 and codes 1000…47999 (every reader checks), so no
    // value comes near Int's range.
    ((sex &- 1) &* areas &+ prefecture(origin) &- 1) &* areas &+ prefecture(destination) &- 1
  }

  /// `code / 1000` for a five-digit code (0…47999) by one multiplication: 4,294,968 = ⌈2³²/1000⌉ exceeds
  /// 2³²/1000 by 704/1000, so the quotient is exact while code · 704 < 2³² (code < 6.1 million); the tests compare
  /// it with `/` on every code.
  @inline(__always)
  static func prefecture(_ code: Int) -> Int {
    Int(truncatingIfNeeded: (UInt64(truncatingIfNeeded: code) &* 4_294_968) >> 32)
  }

  @inline(__always)
  func add(_ r: MoveRecord) {
    blocks.block(r.month)[Self.cell(origin: r.origin, destination: r.destination, sex: r.sex)] &+= 1
  }

  func remove(_ r: MoveRecord) {
    blocks.block(r.month)[Self.cell(origin: r.origin, destination: r.destination, sex: r.sex)] &-= 1
  }

  /// Adds `n` to the cell of a month (the store's aggregation path, which keeps the cell per record).
  @inline(__always)
  func add(month: Int, cell: Int, _ n: Int32 = 1) {
    blocks.block(month)[cell] &+= n
  }

  /// 転入/転出 per month × prefecture × sex straight from the threads' counters (sums in 64 bits), without
  /// building a cube: the table `aggregate` prints. The diagonal (moves within a prefecture) is counted apart.
  static func table(merging counters: [PrefectureCounts]) -> (table: MoveTable, within: WithinPrefecture) {
    let months = monthsSeen(counters)
    var within = WithinPrefecture(months: months)
    var rows: [MoveTable.Row] = []
    forEachMonth(merging: counters, months: months) { i, m, sums in
      let period = MoveRecord.period(month: m)
      var flows = [Int64](repeating: 0, count: 4 * areas)  // [in 男, in 女, out 男, out 女] × area
      for s in 0..<2 {
        for o in 0..<areas {
          for d in 0..<areas {
            let n = sums[(s * areas + o) * areas + d]
            if o == d {
              within.counts[(i * 2 + s) * areas + o] = n
            } else {
              flows[s * areas + d] += n
              flows[(2 + s) * areas + o] += n
            }
          }
        }
      }
      for a in 0..<areas {
        for s in 0..<2 where flows[s * areas + a] != 0 || flows[(2 + s) * areas + a] != 0 {
          rows.append(.init(period: period, area: Self.names[a], sex: s == 0 ? .male : .female,
                            inflow: flows[s * areas + a], outflow: flows[(2 + s) * areas + a]))
        }
      }
    }
    return (MoveTable(level: .prefecture, rows: rows), within)
  }

  /// Merges the threads' counters into one cube (sums in 64 bits, checked against the cube's `Int32` cells); the
  /// diagonal (moves within a prefecture) is counted per month × prefecture × sex and cleared, since a cube's
  /// diagonal is 0.
  /// - Throws: `DataError` when a cell would exceed 2,147,483,647 moves.
  static func cube(merging counters: [PrefectureCounts], scope: PopulationScope, file: String) throws(DataError)
    -> (cube: MigrationCube, within: WithinPrefecture)
  {
    let months = monthsSeen(counters)
    var cube = MigrationCube(periods: months.map(MoveRecord.period(month:)), areas: Prefecture.all.map(Area.init),
                             sexes: [.male, .female], scope: scope)
    var within = WithinPrefecture(months: months)
    var overflow = false
    cube.counts.withUnsafeMutableBufferPointer { all in
      forEachMonth(merging: counters, months: months) { i, _, sums in
        for s in 0..<2 {
          for a in 0..<areas {
            let d = (s * areas + a) * areas + a
            within.counts[(i * 2 + s) * areas + a] = sums[d]
            sums[d] = 0
          }
        }
        for k in 0..<cellsPerMonth {
          guard let v = Int32(exactly: sums[k]) else { overflow = true; return }
          all[i * cellsPerMonth + k] = v
        }
      }
    }
    if overflow {
      throw DataError(file: file, line: 0, column: 0,
                      reason: "more than 2,147,483,647 moves in one month × origin × destination × sex")
    }
    return (cube, within)
  }
}

/// The prefecture-level counter `aggregate` uses: per month, `[sex 男, 女][転入 by destination, 転出 by origin,
/// 都道府県内 by prefecture][prefecture]` `Int32` cells and one spare cell — the table's margins, not the
/// origin × destination matrix of ``PrefectureCounts``. A month is 1.1 KB instead of 17.7 KB, so the cells of a
/// file spanning decades stay in the core's cache (a file in random month order made every record a cache miss
/// into the matrix). A record adds to two cells, chosen without a branch: 転入 of its destination and 転出 of its
/// origin, or, for a move within one prefecture, 都道府県内 and the spare cell.
final class PrefectureTotals: MoveRecordSink, MonthlyCounter {
  static let areas = PrefectureCounts.areas
  static let cellsPerSex = 3 * areas
  static let cellsPerMonth = 2 * cellsPerSex
  /// The cell that takes the second count of a move within one prefecture (never read).
  static let spare = cellsPerMonth
  let blocks = MonthBlocks(blockSize: cellsPerMonth + 1)
  /// 64-bit sums the cells were settled into (see ``MoveRecordSink/settle()``), per month.
  var wide: [Int: [Int64]] = [:]

  init() {}

  @inline(__always)
  func add(_ r: MoveRecord, _ n: Int32) {
    let b = blocks.block(r.month)
    let o = PrefectureCounts.prefecture(r.origin) &- 1, d = PrefectureCounts.prefecture(r.destination) &- 1
    let base = (r.sex &- 1) &* Self.cellsPerSex
    let within = o == d
    let first = base &+ (within ? 2 &* Self.areas &+ o : d)
    let second = within ? Self.spare : base &+ Self.areas &+ o
    b[first] &+= n
    b[second] &+= n
  }

  func add(_ r: MoveRecord) { add(r, 1) }
  func remove(_ r: MoveRecord) { add(r, -1) }

  func settle() { blocks.settle(cells: Self.cellsPerMonth, into: &wide) }

  var months: [Int] { blocks.months }

  func accumulate(month m: Int, into sums: inout [Int64]) {
    blocks.accumulate(month: m, cells: Self.cellsPerMonth, settled: wide, into: &sums)
  }

  /// 転入/転出 per month × prefecture × sex and the moves within each prefecture (sums in 64 bits): the table
  /// `aggregate` prints, as ``PrefectureCounts/table(merging:)`` gives it from the full matrix.
  static func table(merging counters: [PrefectureTotals]) -> (table: MoveTable, within: WithinPrefecture) {
    let months = monthsSeen(counters)
    var within = WithinPrefecture(months: months)
    var rows: [MoveTable.Row] = []
    forEachMonth(merging: counters, months: months) { i, m, sums in
      let period = MoveRecord.period(month: m)
      for s in 0..<2 {
        for a in 0..<areas { within.counts[(i * 2 + s) * areas + a] = sums[s * cellsPerSex + 2 * areas + a] }
      }
      for a in 0..<areas {
        for s in 0..<2 {
          let inflow = sums[s * cellsPerSex + a], outflow = sums[s * cellsPerSex + areas + a]
          guard inflow != 0 || outflow != 0 else { continue }
          rows.append(.init(period: period, area: PrefectureCounts.names[a], sex: s == 0 ? .male : .female,
                            inflow: inflow, outflow: outflow))
        }
      }
    }
    return (MoveTable(level: .prefecture, rows: rows), within)
  }
}

/// Moves within one prefecture (都道府県内移動者: between two of its municipalities, or given only as the prefecture
/// at both ends), per month × sex × prefecture: not 転入/転出 between prefectures, reported beside them.
public struct WithinPrefecture: Sendable, Equatable {
  /// Month slots (see ``MoveRecord/month``), ascending.
  public let months: [Int]
  /// Counts laid out `[month][sex 男, 女][prefecture 01–47]`.
  public var counts: [Int64]

  init(months: [Int]) {
    self.months = months
    counts = [Int64](repeating: 0, count: months.count * 2 * PrefectureCounts.areas)
  }

  /// All of them.
  public var total: Int64 { counts.reduce(0, +) }
}

/// The municipality-level counter of one thread: per month × sex, 転入 and 転出 of every municipality.
///
/// Sparse in two levels so memory follows the data, not the code space: a month's directory (480 slots, one per
/// hundred codes) points to blocks of 100 codes × [in 男, in 女, out 男, out 女] `Int32`, allocated on first use.
/// A month of national data touches ~600 blocks (≈1 MB); a crafted file of 4,800 rows over 2,400 months at most
/// 9,600 blocks (15 MB) a thread, where a dense 48,000-code vector per month would take 1.8 GB.
final class MunicipalCounts: MoveRecordSink {
  static let codes = 48_000
  static let blockCodes = 100
  static let directorySlots = codes / blockCodes
  static let blockSize = 4 * blockCodes
  /// Per month a directory of `directorySlots` block pointers, allocated on first use.
  let months: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<Int32>?>?>

  init() {
    months = .allocate(capacity: MoveRecord.monthSlots)
    months.initialize(repeating: nil, count: MoveRecord.monthSlots)
  }

  deinit {
    for m in 0..<MoveRecord.monthSlots {
      guard let d = months[m] else { continue }
      for s in 0..<Self.directorySlots { d[s]?.deallocate() }
      d.deallocate()
    }
    months.deallocate()
  }

  @inline(__always)
  func block(_ month: Int, _ code: Int) -> UnsafeMutablePointer<Int32> {
    let d = months[month] ?? directory(month)
    let s = code / Self.blockCodes
    return d[s] ?? allocate(d, s)
  }

  @inline(never)
  func directory(_ month: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<Int32>?> {
    let d = UnsafeMutablePointer<UnsafeMutablePointer<Int32>?>.allocate(capacity: Self.directorySlots)
    d.initialize(repeating: nil, count: Self.directorySlots)
    months[month] = d
    return d
  }

  @inline(never)
  func allocate(_ d: UnsafeMutablePointer<UnsafeMutablePointer<Int32>?>, _ s: Int) -> UnsafeMutablePointer<Int32> {
    let b = UnsafeMutablePointer<Int32>.allocate(capacity: Self.blockSize)
    b.initialize(repeating: 0, count: Self.blockSize)
    d[s] = b
    return b
  }

  @inline(__always)
  func add(_ r: MoveRecord, _ n: Int32) {
    let s = r.sex - 1
    block(r.month, r.destination)[(r.destination % Self.blockCodes) * 4 + s] &+= n
    block(r.month, r.origin)[(r.origin % Self.blockCodes) * 4 + 2 + s] &+= n
  }

  @inline(__always) func add(_ r: MoveRecord) { add(r, 1) }
  func remove(_ r: MoveRecord) { add(r, -1) }

  /// 64-bit sums the blocks were settled into, by month × directory slot.
  var wide: [Int: [Int64]] = [:]

  func settle() {
    for m in 0..<MoveRecord.monthSlots {
      guard let d = months[m] else { continue }
      for s in 0..<Self.directorySlots {
        guard let b = d[s] else { continue }
        var w = wide[m * Self.directorySlots + s] ?? [Int64](repeating: 0, count: Self.blockSize)
        for k in 0..<Self.blockSize { w[k] += Int64(b[k]); b[k] = 0 }
        wide[m * Self.directorySlots + s] = w
      }
    }
  }

  /// Merges the threads' counters (sums in 64 bits) and lists every month × municipality × sex with a move.
  static func table(merging counters: [MunicipalCounts]) -> MoveTable {
    var rows: [MoveTable.Row] = []
    var merged = [Int64](repeating: 0, count: blockSize)
    for m in 0..<MoveRecord.monthSlots {
      let dirs = counters.compactMap { $0.months[m] }
      guard !dirs.isEmpty else { continue }
      let period = MoveRecord.period(month: m)
      for s in 0..<directorySlots {
        let blocks = dirs.compactMap { $0[s] }
        guard !blocks.isEmpty else { continue }
        for k in merged.indices { merged[k] = 0 }
        for b in blocks { for k in 0..<blockSize { merged[k] &+= Int64(b[k]) } }
        for c in counters {
          if let w = c.wide[m * directorySlots + s] { for k in 0..<blockSize { merged[k] &+= w[k] } }
        }
        for i in 0..<blockCodes {
          let code = s * blockCodes + i
          for sex in 0..<2 {
            let inflow = merged[i * 4 + sex], outflow = merged[i * 4 + 2 + sex]
            if inflow != 0 || outflow != 0 {
              rows.append(.init(period: period, area: MunicipalCode(code: code)?.fiveDigits ?? "\(code)",
                                sex: sex == 0 ? .male : .female, inflow: inflow, outflow: outflow))
            }
          }
        }
      }
    }
    return MoveTable(level: .municipality, rows: rows)
  }
}

/// One thread's counts per month: a table of `MoveRecord.monthSlots` blocks of `blockSize` `Int32` cells, each
/// allocated (zeroed) when the first record of its month arrives, so a file of one year holds twelve blocks.
///
/// Invariant: a block, once allocated, has `blockSize` cells and lives until the table is destroyed.
struct MonthBlocks: ~Copyable {
  let blockSize: Int
  let table: UnsafeMutablePointer<UnsafeMutablePointer<Int32>?>

  init(blockSize: Int) {
    self.blockSize = blockSize
    table = .allocate(capacity: MoveRecord.monthSlots)
    table.initialize(repeating: nil, count: MoveRecord.monthSlots)
  }

  deinit {
    for m in 0..<MoveRecord.monthSlots { table[m]?.deallocate() }
    table.deallocate()
  }

  /// The month's block, or nil when no record of that month was seen.
  subscript(month: Int) -> UnsafeMutablePointer<Int32>? { table[month] }

  /// The month's block, allocated on first use.
  @inline(__always)
  func block(_ month: Int) -> UnsafeMutablePointer<Int32> { table[month] ?? allocate(month) }

  @inline(never)
  func allocate(_ month: Int) -> UnsafeMutablePointer<Int32> {
    let b = UnsafeMutablePointer<Int32>.allocate(capacity: blockSize)
    b.initialize(repeating: 0, count: blockSize)
    table[month] = b
    return b
  }

  /// The months with counts, ascending.
  var months: [Int] { (0..<MoveRecord.monthSlots).filter { table[$0] != nil } }

  /// Adds every month's first `cells` cells into its 64-bit sums in `settled` and clears the whole block (a spare
  /// or overflow cell past `cells` is never summed).
  func settle(cells: Int, into settled: inout [Int: [Int64]]) {
    for m in months {
      let b = table[m]!
      var w = settled[m] ?? [Int64](repeating: 0, count: cells)
      for k in 0..<cells { w[k] += Int64(b[k]) }
      b.update(repeating: 0, count: blockSize)
      settled[m] = w
    }
  }

  /// Adds month `m`'s first `cells` cells and its settled sums into `sums`.
  func accumulate(month m: Int, cells: Int, settled: [Int: [Int64]], into sums: inout [Int64]) {
    if let b = table[m] { for k in 0..<cells { sums[k] &+= Int64(b[k]) } }
    if let w = settled[m] { for k in 0..<cells { sums[k] &+= w[k] } }
  }
}

/// A thread's counter of month blocks, merged with the other threads' month by month.
protocol MonthlyCounter: AnyObject {
  /// Cells a month is summed over.
  static var cellsPerMonth: Int { get }
  /// The months with counts, ascending.
  var months: [Int] { get }
  /// Adds the month's counts (cells and settled sums) into `sums`.
  func accumulate(month: Int, into sums: inout [Int64])
}

extension MonthlyCounter {
  /// The months any of the counters saw, ascending.
  static func monthsSeen(_ counters: [Self]) -> [Int] {
    Array(Set(counters.flatMap(\.months))).sorted()
  }

  /// Calls `body` with each month's index in `months`, its slot and the counters' cells summed in 64 bits.
  static func forEachMonth(merging counters: [Self], months: [Int],
                           _ body: (_ index: Int, _ month: Int, _ sums: inout [Int64]) -> Void) {
    var sums = [Int64](repeating: 0, count: cellsPerMonth)
    for (i, m) in months.enumerated() {
      for k in sums.indices { sums[k] = 0 }
      for c in counters { c.accumulate(month: m, into: &sums) }
      body(i, m, &sums)
    }
  }
}
