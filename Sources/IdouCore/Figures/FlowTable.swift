/// Origin–destination flows as the readers give them: the non-zero cells only, per period × sex, with the layers
/// (period × sex) the data gives (docs/ARCHITECTURE.md §3). Memory is bounded by the cells, whatever the number of
/// areas: 16,000 municipal codes cost what their rows cost, where a dense cube would need 16,000² cells a layer.
///
/// In a layer the data gives, a cell not listed is 0 (tables leave out zero flows); a layer the data does not give
/// is absent, and so are the margins that need it. A cell given as a no-value marker is absent, and so are the
/// 転入 of its destination and the 転出 of its origin in that layer.
///
/// Moves inside an area (origin = destination, such as a table's 都道府県内移動者数) are kept as cells and become
/// the area's within-area moves, never 転入 or 転出.
///
/// ```swift
/// let m = flows.margins()            // 転入, 転出, within per area, 64-bit sums
/// let cube = try flows.cube()        // dense, for grouping by region sets (refused when too large)
/// ```
public struct FlowTable: Sendable, Equatable {
  /// One cell: indices into the axes, and its count.
  public struct Cell: Hashable, Sendable {
    public var period: Int32
    public var sex: Int32
    public var origin: Int32
    public var destination: Int32
    public var count: Int64

    public init(period: Int32, sex: Int32, origin: Int32, destination: Int32, count: Int64) {
      self.period = period
      self.sex = sex
      self.origin = origin
      self.destination = destination
      self.count = count
    }

    func precedes(_ b: Cell) -> Bool {
      (period, sex, origin, destination) < (b.period, b.sex, b.origin, b.destination)
    }
  }

  public let periods: [Period]
  /// One axis for both ends.
  public let areas: [Area]
  /// The stored sex layers, in `Sex` order.
  public let sexes: [Sex]
  public let scope: PopulationScope
  /// The boundary the flows cross (他都道府県 between prefectures, 他市区町村 between municipalities).
  public let boundary: Boundary
  /// `given[period * sexes.count + sex]`: whether the data gives the layer.
  public let given: [Bool]
  /// The non-zero cells, sorted by period, sex, origin, destination.
  public let cells: [Cell]
  /// Cells the data gives as no-value markers (`-`, `***`), count 0.
  public let absent: [Cell]
  /// Whether the data gives the moves inside each area (the diagonal); when not (a prefecture cube of move
  /// records keeps them apart), the within-area figures are absent.
  public var withinGiven = true
  /// Per area, whether its 転入 (転出) is known: it is a destination (origin) of the table and the other side lists
  /// every origin (destination). `nil`: every area's (a square table). An e-Stat table of 転入 into 沖縄県's
  /// municipalities from every prefecture knows the municipalities' 転入 and nothing else.
  public var inflowKnown: [Bool]?
  public var outflowKnown: [Bool]?

  /// A margin the table states itself (a destination's 転入 on the 総数 origin row): it is the figure, whatever
  /// the cells of the listed origins add up to.
  public struct Stated: Sendable, Equatable {
    public var period: Period
    public var sex: Sex
    public var area: Area
    public var figure: MarginFigure
    public var value: Int64

    public init(period: Period, sex: Sex, area: Area, figure: MarginFigure, value: Int64) {
      self.period = period
      self.sex = sex
      self.area = area
      self.figure = figure
      self.value = value
    }
  }
  /// Margins the table states (its totals); ``margins()`` takes them over the sums of the cells.
  public var stated: [Stated] = []

  /// Flows from cells (any order; zero counts are dropped). Layers with a cell or a marker are given, plus those
  /// listed in `givenLayers` (a layer whose cells are all 0).
  public init(periods: [Period], areas: [Area], sexes: [Sex], scope: PopulationScope = .all,
              boundary: Boundary, cells: [Cell], absent: [Cell] = [], givenLayers: [(period: Int, sex: Int)] = []) {
    self.periods = periods
    self.areas = areas
    self.sexes = sexes
    self.scope = scope
    self.boundary = boundary
    var given = [Bool](repeating: false, count: periods.count * sexes.count)
    for c in cells { given[Int(c.period) * sexes.count + Int(c.sex)] = true }
    for c in absent { given[Int(c.period) * sexes.count + Int(c.sex)] = true }
    for l in givenLayers { given[l.period * sexes.count + l.sex] = true }
    self.given = given
    self.cells = cells.filter { $0.count != 0 }.sorted { $0.precedes($1) }
    self.absent = absent.sorted { $0.precedes($1) }
  }

  /// The flows of a dense cube: every layer given.
  public init(_ cube: MigrationCube, boundary: Boundary? = nil) {
    var cells: [Cell] = []
    let n = cube.destinations.count
    precondition(cube.isSquare, "flows have one area axis")
    for p in cube.periods.indices {
      for s in cube.sexes.indices {
        let base = cube.index(p, s, 0, 0)
        for o in 0..<n {
          for d in 0..<n where cube.counts[base + o * n + d] != 0 {
            cells.append(Cell(period: Int32(p), sex: Int32(s), origin: Int32(o), destination: Int32(d),
                              count: Int64(cube.counts[base + o * n + d])))
          }
        }
      }
    }
    let layers = cube.periods.indices.flatMap { p in cube.sexes.indices.map { (period: p, sex: $0) } }
    self.init(periods: cube.periods, areas: cube.areas, sexes: cube.sexes, scope: cube.scope,
              boundary: boundary ?? (cube.areas.allSatisfy { $0.level == .prefecture || !$0.level.isInsidePrefecture }
                ? .prefecture : .municipality),
              cells: cells, givenLayers: layers)
  }

  /// The stored layers a sex of ``availableSexes`` is made of: its own, or 男 and 女 for a derived 総数.
  func storedLayers(_ s: Sex) -> [Int] {
    sexes.firstIndex(of: s).map { [$0] } ?? [sexes.firstIndex(of: .male)!, sexes.firstIndex(of: .female)!]
  }

  /// Whether the data gives a period × sex layer.
  public func isGiven(period: Int, sex: Int) -> Bool { given[period * sexes.count + sex] }

  /// The sexes the flows can answer for: the stored layers, plus 総数 (男 + 女) where both are stored.
  public var availableSexes: [Sex] {
    var s = sexes
    if !s.contains(.total) && s.contains(.male) && s.contains(.female) { s.insert(.total, at: 0) }
    return s
  }

  /// Σ of every cell of one sex (64-bit), over all periods.
  public func total(sex: Sex = .total) -> Int64 {
    if let s = sexes.firstIndex(of: sex) { return cells.reduce(0) { $0 + ($1.sex == Int32(s) ? $1.count : 0) } }
    guard sex == .total, sexes.contains(.male), sexes.contains(.female) else { return 0 }
    return cells.reduce(0) { $0 + $1.count }
  }

  /// 転入, 転出 and within-area moves of every area, per period and sex (a derived 総数 = 男 + 女 where the data
  /// gives both layers and no 総数), in 64 bits. Figures of layers the data does not give are absent, and so are
  /// those a marker cell touches. Flows seen from one area (a counterpart table: its counterparts and その他) give
  /// complete figures only for the areas that exchange moves with その他; the others' are absent.
  /// - Complexity: O(cells + periods · sexes · areas).
  public func margins() -> Margins {
    let out = availableSexes, n = areas.count
    var m = Margins(periods: periods, areas: areas, sexes: out, scope: scope,
                    boundaries: Array(repeating: boundary, count: n))
    // Which stored layers make each output sex.
    let parts = out.map(storedLayers)
    let inflow = [Int64](repeating: 0, count: n), outflow = inflow, within = inflow
    var cursor = 0
    for p in periods.indices {
      // Cells of period p, per stored sex: sums by area.
      var sums: [[Int64]] = Array(repeating: [], count: sexes.count * 3)
      for s in sexes.indices { sums[s * 3] = inflow; sums[s * 3 + 1] = outflow; sums[s * 3 + 2] = within }
      while cursor < cells.count && cells[cursor].period == Int32(p) {
        let c = cells[cursor], s = Int(c.sex) * 3
        if c.origin == c.destination {
          sums[s + 2][Int(c.origin)] += c.count
        } else {
          sums[s][Int(c.destination)] += c.count
          sums[s + 1][Int(c.origin)] += c.count
        }
        cursor += 1
      }
      for (si, layers) in parts.enumerated() where layers.allSatisfy({ isGiven(period: p, sex: $0) }) {
        for a in 0..<n {
          var i: Int64 = 0, o: Int64 = 0, w: Int64 = 0
          for l in layers {
            i += sums[l * 3][a]
            o += sums[l * 3 + 1][a]
            w += sums[l * 3 + 2][a]
          }
          if inflowKnown?[a] ?? true { m.set(.inflow, i, period: p, sex: si, area: a) }
          if outflowKnown?[a] ?? true { m.set(.outflow, o, period: p, sex: si, area: a) }
          if withinGiven && (inflowKnown?[a] ?? true) && (outflowKnown?[a] ?? true) { m.set(.within, w, period: p, sex: si, area: a) }
        }
      }
    }
    // Flows seen from one area (a counterpart table, with その他): the other areas' totals are partial.
    if let rest = areas.firstIndex(of: .rest) {
      var complete = Set<Int32>()
      for c in cells where c.origin == Int32(rest) || c.destination == Int32(rest) {
        complete.insert(c.origin == Int32(rest) ? c.destination : c.origin)
      }
      for a in 0..<n where !complete.contains(Int32(a)) {
        for p in periods.indices {
          for si in out.indices {
            for f in MarginFigure.allCases { m.clear(period: p, sex: si, area: a, figure: f) }
          }
        }
      }
    }
    // A marker cell leaves the figures it would have added to unknown (unless the table states them).
    for c in absent {
      for (si, layers) in parts.enumerated() where layers.contains(Int(c.sex)) {
        m.clear(period: Int(c.period), sex: si, area: Int(c.destination),
                figure: c.origin == c.destination ? .within : .inflow)
        if c.origin != c.destination { m.clear(period: Int(c.period), sex: si, area: Int(c.origin), figure: .outflow) }
      }
    }
    for t in stated {
      guard let p = periods.firstIndex(of: t.period), let s = out.firstIndex(of: t.sex), let a = areas.firstIndex(of: t.area)
      else { continue }
      m.set(t.figure, t.value, period: p, sex: s, area: a)
    }
    return m
  }

  /// The largest dense cube ``cube(limit:)`` builds by default: 2²⁶ cells (256 MB of 32-bit counts).
  public static let denseLimit = 1 << 26

  /// The flows as a dense ``MigrationCube`` (for grouping by region sets with BLAS). Layers the data does not
  /// give are 0 there: callers that need absence use ``margins()``.
  /// - Throws: `CubeError.tooLarge` when the cube would exceed `limit` cells, `.overflow` when a cell (or a
  ///   derived 総数 = 男 + 女) does not fit 32 bits.
  public func cube(limit: Int = FlowTable.denseLimit) throws(CubeError) -> MigrationCube {
    let n = areas.count
    let size = periods.count.multipliedReportingOverflow(by: sexes.count).partialValue
      .multipliedReportingOverflow(by: n).partialValue.multipliedReportingOverflow(by: n)
    guard !size.overflow, size.partialValue <= limit else {
      throw CubeError.tooLarge("\(n) areas × \(periods.count) periods × \(sexes.count) sexes")
    }
    var cube = MigrationCube(periods: periods, areas: areas, sexes: sexes, scope: scope)
    for c in cells {
      guard c.count <= Int64(Int32.max) && c.count >= 0 else { throw CubeError.overflow(describe(c)) }
      cube[Int(c.period), Int(c.sex), Int(c.origin), Int(c.destination)] = Int32(c.count)
    }
    if !sexes.contains(.total), let m = sexes.firstIndex(of: .male), let f = sexes.firstIndex(of: .female) {
      var byCell: [Int: Int64] = [:]
      for c in cells where c.sex == Int32(m) || c.sex == Int32(f) {
        let k = (Int(c.period) * n + Int(c.origin)) * n + Int(c.destination)
        byCell[k, default: 0] += c.count
      }
      if let big = byCell.first(where: { $0.value > Int64(Int32.max) }) {
        let k = big.key
        throw CubeError.overflow(
          "\(periods[k / (n * n)]) \(areas[k / n % n].codeText)→\(areas[k % n].codeText) 総数 = 男 + 女 = \(big.value)")
      }
    }
    // The cube's row and column sums are an area's 転出 and 転入 only where they are the table's figures: not where
    // the other side lists only some areas (転入 into 沖縄県's municipalities says nothing of their 転出), where a
    // stated total differs from the cells, or where a marker cell leaves a figure unknown.
    if inflowKnown != nil || outflowKnown != nil || !stated.isEmpty || !absent.isEmpty, let sums = try? cube.margins() {
      let table = margins()
      for a in areas.indices {
        var unknown = Set<MarginFigure>()
        for p in periods.indices {
          for (si, s) in table.sexes.enumerated() {
            guard storedLayers(s).allSatisfy({ isGiven(period: p, sex: $0) }), let ss = sums.sexIndex(s) else { continue }
            if table.inflow(period: p, sex: si, area: a) != sums.inflow(period: p, sex: ss, area: a) { unknown.insert(.inflow) }
            if table.outflow(period: p, sex: si, area: a) != sums.outflow(period: p, sex: ss, area: a) { unknown.insert(.outflow) }
          }
        }
        if !unknown.isEmpty { cube.unknownFigures[areas[a]] = unknown }
      }
    }
    return cube
  }

  /// The stored cells as tidy rows (a derived 総数 is not repeated), in canonical order; a cell given as a
  /// no-value marker is a row without a count (written `-`), so that it reads back absent — except on the
  /// diagonal, where a table's `-` says only that moves inside one area are not moves.
  public func tidyRows() -> [TidyRow] {
    func row(_ c: Cell, _ count: Int64?) -> TidyRow {
      TidyRow(period: periods[Int(c.period)], scope: scope, from: areas[Int(c.origin)], to: areas[Int(c.destination)],
              sex: sexes[Int(c.sex)], count: count)
    }
    return (cells.map { row($0, $0.count) } + absent.filter { $0.origin != $0.destination }.map { row($0, nil) })
      .sorted(by: TidyRow.canonicalOrder)
  }

  func describe(_ c: Cell) -> String {
    "\(periods[Int(c.period)]) \(sexes[Int(c.sex)].label) \(areas[Int(c.origin)].codeText)→\(areas[Int(c.destination)].codeText) \(c.count)"
  }
}
