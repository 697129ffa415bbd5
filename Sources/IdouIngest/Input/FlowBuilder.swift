import IdouCore

/// The one builder of origin–destination flows every reader uses (docs/ARCHITECTURE.md §4): it interns periods
/// and areas (each text parsed once by the reader, each area once here), refuses a cell given twice (it would count
/// moves twice), keeps no-value markers apart from zeros, checks 総数 = 男 + 女, and gives one ``FlowTable`` per
/// population scope.
///
/// Cells are kept sparse (a dictionary of the cells given), so memory follows the input's rows, never the square
/// of the number of areas a crafted file names.
struct FlowBuilder {
  let file: String
  /// The boundary the flows cross (他都道府県 when every area is a prefecture).
  var boundary: Boundary
  private(set) var periods: [Period] = []
  private var periodIndex: [Period: Int32] = [:]
  private(set) var areas: [Area] = []
  private var areaIndex: [Area: Int32] = [:]

  struct Entry {
    var count: Int64
    var line: Int32
  }
  private var cells: [UInt64: Entry] = [:]
  private var markers: [UInt64: Int32] = [:]
  /// Layers (scope, period, sex) given without a cell (every flow 0).
  private var layers: Set<UInt64> = []

  init(file: String, boundary: Boundary) {
    self.file = file
    self.boundary = boundary
  }

  /// The id of a period.
  mutating func period(_ p: Period) -> Int32 {
    if let i = periodIndex[p] { return i }
    periods.append(p)
    periodIndex[p] = Int32(periods.count - 1)
    return Int32(periods.count - 1)
  }

  /// The id of an area.
  mutating func area(_ a: Area) -> Int32 {
    if let i = areaIndex[a] { return i }
    areas.append(a)
    areaIndex[a] = Int32(areas.count - 1)
    return Int32(areas.count - 1)
  }

  // Key layout: scope 2 bits | period 14 | sex 2 | origin 23 | destination 23.
  private static func key(_ scope: PopulationScope, _ period: Int32, _ sex: Sex, _ o: Int32, _ d: Int32) -> UInt64 {
    UInt64(scope.order) << 62 | UInt64(period) << 48 | UInt64(sex.rawValue) << 46 | UInt64(o) << 23 | UInt64(d)
  }

  private func check(line: Int) throws(DataError) {
    guard periods.count < 1 << 14, areas.count < 1 << 23 else {
      throw DataError(file: file, line: line, column: 0,
                      reason: "more than \(periods.count < 1 << 14 ? "8 million areas" : "16,383 periods") in one table")
    }
  }

  /// Adds one cell.
  /// - Throws: `DataError` when the same cell was given before (naming both lines).
  mutating func add(scope: PopulationScope, period: Int32, sex: Sex, origin: Int32, destination: Int32, count: Int64,
                    line: Int, column: Int) throws(DataError) {
    try check(line: line)
    let k = Self.key(scope, period, sex, origin, destination)
    if let earlier = cells[k]?.line ?? markers[k] {
      throw DataError(file: file, line: line, column: column,
                      reason: "\(describe(scope, period, sex, origin, destination)) is given twice (also on line \(earlier))")
    }
    cells[k] = Entry(count: count, line: Int32(clamping: line))
  }

  /// Adds a cell given as a no-value marker: absent, never 0.
  mutating func addMarker(scope: PopulationScope, period: Int32, sex: Sex, origin: Int32, destination: Int32,
                          line: Int, column: Int) throws(DataError) {
    try check(line: line)
    let k = Self.key(scope, period, sex, origin, destination)
    if let earlier = cells[k]?.line ?? markers[k] {
      throw DataError(file: file, line: line, column: column,
                      reason: "\(describe(scope, period, sex, origin, destination)) is given twice (also on line \(earlier))")
    }
    markers[k] = Int32(clamping: line)
  }

  /// Marks a layer given even if all its flows are 0.
  mutating func give(scope: PopulationScope, period: Int32, sex: Sex) {
    layers.insert(Self.key(scope, period, sex, 0, 0))
  }

  func describe(_ scope: PopulationScope, _ p: Int32, _ sex: Sex, _ o: Int32, _ d: Int32) -> String {
    "\(periods[Int(p)]) \(scope) \(sex.label) \(areas[Int(o)].codeText)→\(areas[Int(d)].codeText)"
  }

  /// Every cell and marker as it was added (`value` nil for a marker).
  func cellEntries() -> [(scope: UInt8, period: Int32, sex: Int, origin: Int32, destination: Int32, value: Int64?, line: Int32)] {
    func decode(_ k: UInt64, _ v: Int64?, _ line: Int32) -> (UInt8, Int32, Int, Int32, Int32, Int64?, Int32) {
      (UInt8(k >> 62), Int32((k >> 48) & 0x3FFF), Int((k >> 46) & 3), Int32((k >> 23) & 0x7FFFFF), Int32(k & 0x7FFFFF), v, line)
    }
    return cells.map { decode($0.key, $0.value.count, $0.value.line) } + markers.map { decode($0.key, nil, $0.value) }
  }

  /// Layers given without a cell.
  func givenLayers() -> [(scope: UInt8, period: Int32, sex: Int)] {
    layers.map { (UInt8($0 >> 62), Int32(($0 >> 48) & 0x3FFF), Int(($0 >> 46) & 3)) }
  }

  /// Whether any cell or marker was added.
  var isEmpty: Bool { cells.isEmpty && markers.isEmpty }

  /// The scopes given.
  var scopes: [PopulationScope] {
    let bits = Set(cells.keys.map { $0 >> 62 }).union(markers.keys.map { $0 >> 62 }).union(layers.map { $0 >> 62 })
    return PopulationScope.allCases.filter { bits.contains(UInt64($0.order)) }
  }

  /// Every 総数 that is not 男 + 女, where a period gives all three layers (a cell not listed is 0), as
  /// `lines …: 総数 T ≠ 男 M + 女 F (period scope from→to)`, in line order.
  func totalMismatches() -> [(line: Int, text: String)] {
    var out: [(Int, String)] = []
    let sexMask: UInt64 = 3 << 46
    var sums: [UInt64: (total: Int64?, male: Int64, female: Int64, lines: [Int32])] = [:]
    for (k, e) in cells {
      let base = k & ~sexMask
      var s = sums[base] ?? (nil, 0, 0, [])
      switch (k & sexMask) >> 46 {
      case 0: s.total = e.count
      case 1: s.male = e.count
      default: s.female = e.count
      }
      s.lines.append(e.line)
      sums[base] = s
    }
    let givenSexes = layersGiven()
    for (base, s) in sums {
      let scopePeriod = base >> 48
      guard let sexes = givenSexes[scopePeriod], sexes.count == 3 else { continue }
      let total = s.total ?? 0
      guard total != s.male + s.female else { continue }
      let lines = Set(s.lines).sorted()
      let p = Int32((base >> 48) & 0x3FFF), o = Int32((base >> 23) & 0x7FFFFF), d = Int32(base & 0x7FFFFF)
      let scope = PopulationScope.allCases[Int(base >> 62)]
      out.append((Int(lines[0]),
                  "line\(lines.count > 1 ? "s" : "") \(lines.map(String.init).joined(separator: ", ")): 総数 \(total) ≠ 男 \(s.male) + 女 \(s.female) (\(describe(scope, p, .total, o, d)))"))
    }
    return out.sorted { $0.0 < $1.0 }
  }

  /// The sexes given per (scope, period), keyed `scope << 14 | period`.
  private func layersGiven() -> [UInt64: Set<UInt64>] {
    var out: [UInt64: Set<UInt64>] = [:]
    for k in cells.keys { out[k >> 48, default: []].insert((k >> 46) & 3) }
    for k in markers.keys { out[k >> 48, default: []].insert((k >> 46) & 3) }
    for k in layers { out[k >> 48, default: []].insert((k >> 46) & 3) }
    return out
  }

  /// One flow table per scope, axes sorted (periods in order, areas in listing order).
  func build() -> [FlowTable] {
    let periodOrder = periods.indices.sorted { periods[$0] < periods[$1] }
    var pMap = [Int32](repeating: 0, count: periods.count)
    for (i, p) in periodOrder.enumerated() { pMap[p] = Int32(i) }
    return scopes.map { scope in
      let s = UInt64(scope.order)
      let mine = cells.filter { $0.key >> 62 == s }
      let marks = markers.keys.filter { $0 >> 62 == s }
      let given = layers.filter { $0 >> 62 == s }
      // Axes: the periods, areas and sexes this scope uses.
      var usedP = Set<Int32>(), usedA = Set<Int32>(), usedS = Set<Int>()
      for k in Array(mine.keys) + marks + Array(given) {
        usedP.insert(Int32((k >> 48) & 0x3FFF))
        usedS.insert(Int((k >> 46) & 3))
        if !given.contains(k) {
          usedA.insert(Int32((k >> 23) & 0x7FFFFF))
          usedA.insert(Int32(k & 0x7FFFFF))
        }
      }
      let ps = usedP.sorted { pMap[Int($0)] < pMap[Int($1)] }
      let axs = usedA.sorted { areas[Int($0)] < areas[Int($1)] }
      let sexes = usedS.sorted().map { Sex(rawValue: $0)! }
      var pi = [Int32: Int32](), ai = [Int32: Int32](), si = [Int: Int32]()
      for (i, p) in ps.enumerated() { pi[p] = Int32(i) }
      for (i, a) in axs.enumerated() { ai[a] = Int32(i) }
      for (i, x) in sexes.enumerated() { si[x.rawValue] = Int32(i) }
      func cell(_ k: UInt64, _ count: Int64) -> FlowTable.Cell {
        FlowTable.Cell(period: pi[Int32((k >> 48) & 0x3FFF)]!, sex: si[Int((k >> 46) & 3)]!,
                       origin: ai[Int32((k >> 23) & 0x7FFFFF)]!, destination: ai[Int32(k & 0x7FFFFF)]!, count: count)
      }
      return FlowTable(
        periods: ps.map { periods[Int($0)] }, areas: axs.map { areas[Int($0)] }, sexes: sexes, scope: scope,
        boundary: boundary, cells: mine.map { cell($0.key, $0.value.count) }, absent: marks.map { cell($0, 0) },
        givenLayers: given.map { (Int(pi[Int32(($0 >> 48) & 0x3FFF)]!), Int(si[Int(($0 >> 46) & 3)]!)) })
    }
  }
}
