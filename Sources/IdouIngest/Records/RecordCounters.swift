import IdouCore

/// The prefecture-level counter of one thread: per month, a dense block `[sex][origin][destination]` of
/// 2 × 47 × 47 `Int32` cells, exactly one period of a ``MigrationCube`` with sexes [男, 女].
///
/// The record's month is the index into a table of blocks (allocated on first use), its codes give the prefectures
/// by arithmetic (`code / 1000`): no dictionary on the hot path. A move between two municipalities of one
/// prefecture lands on the diagonal and is counted out when the blocks become a cube.
public final class PrefectureCounts: MoveRecordSink {
  public static let areas = 47
  public static let cellsPerMonth = 2 * areas * areas
  /// The month's cells, or nil when no record of that month was seen.
  let blocks = MonthBlocks(blockSize: cellsPerMonth)

  public init() {}

  /// The cell of a record in its month's block (codes 1000…47999, as every reader gives).
  @inline(__always)
  public static func cell(origin: Int, destination: Int, sex: Int) -> Int {
    ((sex - 1) * areas + prefecture(origin) - 1) * areas + prefecture(destination) - 1
  }

  /// `code / 1000` for a five-digit code (0…47999) by one multiplication: 4,294,968 = ⌈2³²/1000⌉ exceeds
  /// 2³²/1000 by 704/1000, so the quotient is exact while code · 704 < 2³² (code < 6.1 million); the tests compare
  /// it with `/` on every code.
  @inline(__always)
  static func prefecture(_ code: Int) -> Int {
    Int(truncatingIfNeeded: (UInt64(truncatingIfNeeded: code) &* 4_294_968) >> 32)
  }

  @inline(__always)
  public func add(_ r: MoveRecord) {
    blocks.block(r.month)[Self.cell(origin: r.origin, destination: r.destination, sex: r.sex)] &+= 1
  }

  /// Adds one to the cell of a month (the store's aggregation path, which keeps the cell per record).
  @inline(__always)
  func add(month: Int, cell: Int) {
    blocks.block(month)[cell] &+= 1
  }

  /// Merges the threads' counters with SIMD adds (``Kernels/add(_:into:)``) into one cube; the diagonal (moves
  /// within a prefecture) is counted and cleared, since a cube's diagonal is 0.
  public static func cube(merging counters: [PrefectureCounts], scope: PopulationScope)
    -> (cube: MigrationCube, withinPrefecture: Int)
  {
    let months = Array(Set(counters.flatMap { $0.blocks.months })).sorted()
    var cube = MigrationCube(periods: months.map(MoveRecord.period(month:)), areas: Prefecture.all.map(Area.init),
                             sexes: [.male, .female], scope: scope)
    var within = 0
    cube.counts.withUnsafeMutableBufferPointer { all in
      for (i, m) in months.enumerated() {
        let block = UnsafeMutableBufferPointer(rebasing: all[i * cellsPerMonth..<(i + 1) * cellsPerMonth])
        for c in counters {
          if let b = c.blocks[m] { Kernels.add(UnsafeBufferPointer(start: b, count: cellsPerMonth), into: block) }
        }
        for s in 0..<2 {
          for a in 0..<areas {
            let d = (s * areas + a) * areas + a
            within += Int(block[d])
            block[d] = 0
          }
        }
      }
    }
    return (cube, within)
  }
}

/// The municipality-level counter of one thread: per month, 転入 and 転出 vectors indexed by the five-digit code
/// itself (48,000 slots per sex), since the dense OD cube of ~1,900 areas would be too large. Layout of a block:
/// `[in 男][in 女][out 男][out 女]`, each 48,000 `Int32`.
public final class MunicipalCounts: MoveRecordSink {
  public static let codes = 48_000
  public static let blockSize = 4 * codes
  let blocks = MonthBlocks(blockSize: blockSize)

  public init() {}

  @inline(__always)
  public func add(_ r: MoveRecord) {
    let b = blocks.block(r.month)
    let s = (r.sex - 1) * Self.codes
    b[s + r.destination] &+= 1
    b[2 * Self.codes + s + r.origin] &+= 1
  }

  /// Merges the threads' vectors (SIMD adds) and lists every month × municipality × sex with a move.
  public static func table(merging counters: [MunicipalCounts]) -> MoveTable {
    let months = Array(Set(counters.flatMap { $0.blocks.months })).sorted()
    var rows: [MoveTable.Row] = []
    var merged = [Int32](repeating: 0, count: blockSize)
    for m in months {
      merged.withUnsafeMutableBufferPointer { out in
        out.update(repeating: 0)
        for c in counters {
          if let b = c.blocks[m] { Kernels.add(UnsafeBufferPointer(start: b, count: blockSize), into: out) }
        }
      }
      let period = MoveRecord.period(month: m)
      for code in 0..<codes {
        for s in 0..<2 {
          let i = Int64(merged[s * codes + code]), o = Int64(merged[2 * codes + s * codes + code])
          if i != 0 || o != 0 {
            rows.append(.init(period: period, area: MunicipalCode(code: code)?.fiveDigits ?? "\(code)",
                              sex: s == 0 ? .male : .female, inflow: i, outflow: o))
          }
        }
      }
    }
    return MoveTable(level: .municipality, rows: rows)
  }
}

/// Accepted records column-wise, in file order (what the binary store keeps).
public struct RecordColumns: MoveRecordSink, Sendable, Equatable {
  public var month: [UInt16] = []
  public var origin: [UInt16] = []
  public var destination: [UInt16] = []
  public var sex: [UInt8] = []
  public var age: [UInt8] = []
  public var nationality: [UInt8] = []

  public init() {}

  public var count: Int { month.count }

  @inline(__always)
  public mutating func add(_ r: MoveRecord) {
    month.append(UInt16(truncatingIfNeeded: r.month))
    origin.append(UInt16(truncatingIfNeeded: r.origin))
    destination.append(UInt16(truncatingIfNeeded: r.destination))
    sex.append(UInt8(truncatingIfNeeded: r.sex))
    age.append(UInt8(truncatingIfNeeded: r.age))
    nationality.append(UInt8(truncatingIfNeeded: r.nationality))
  }

  /// The record at index `i`.
  public subscript(i: Int) -> MoveRecord {
    MoveRecord(month: Int(month[i]), origin: Int(origin[i]), destination: Int(destination[i]), sex: Int(sex[i]),
               age: Int(age[i]), nationality: Int(nationality[i]))
  }

  /// The chunks' columns one after another.
  public init(concatenating parts: [RecordColumns]) {
    for p in parts {
      month += p.month
      origin += p.origin
      destination += p.destination
      sex += p.sex
      age += p.age
      nationality += p.nationality
    }
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
}
