/// Which figure of an area's margins.
public enum MarginFigure: Int, CaseIterable, Sendable {
  /// 転入: moves into the area from another area.
  case inflow
  /// 転出: moves out of the area to another area.
  case outflow
  /// Moves inside the area (都道府県内移動者数, 自都市内移動者数; a cube's diagonal): never 転入 or 転出.
  case within

  var bit: UInt8 { 1 << UInt8(rawValue) }
}

/// 転入, 転出 and moves inside the area, per period × sex × age class × area, each with its presence and every
/// area with its ``Boundary`` (docs/ARCHITECTURE.md §3): what a table of per-area totals gives (e-Stat table 1, the
/// monthly prefecture series, the municipal tables) and what a cube's margins are.
///
/// **Absent is not zero.** A figure the data does not give is absent (``value(_:period:sex:area:age:)`` is `nil`),
/// and so is a sum that needs it. Net (転入超過) is present when both 転入 and 転出 are.
///
/// ```swift
/// let m = try cube.margins()
/// m.value(.inflow, period: 0, sex: 0, area: m.areaIndex(kumamoto)!)   // 28,923
/// m.net(period: 0, sex: 0, area: 0)                                  // −2,333, or nil when a part is absent
/// ```
public struct Margins: Sendable, Equatable {
  public let periods: [Period]
  public let areas: [Area]
  /// 総数 first (stored or derived as 男 + 女), then 男 and 女 where the data has them.
  public let sexes: [Sex]
  /// The age classes; `[.total]` for data without an age axis.
  public let ages: [AgeClass]
  public let scope: PopulationScope
  /// The boundary each area's 転入 and 転出 cross.
  public let boundaries: [Boundary]
  /// Figures laid out `[period][sex][age][area]`; 0 where absent.
  public private(set) var inflow: [Int64]
  public private(set) var outflow: [Int64]
  public private(set) var within: [Int64]
  /// Bit ``MarginFigure/bit`` set where the figure is present.
  public private(set) var presence: [UInt8]

  /// Empty margins (every figure absent), to be filled with ``set(_:_:period:sex:area:age:)``.
  public init(periods: [Period], areas: [Area], sexes: [Sex], ages: [AgeClass] = [.total],
              scope: PopulationScope = .all, boundaries: [Boundary]? = nil) {
    self.periods = periods
    self.areas = areas
    self.sexes = sexes
    self.ages = ages
    self.scope = scope
    self.boundaries = boundaries ?? areas.map(Boundary.init(of:))
    precondition(self.boundaries.count == areas.count)
    let n = periods.count * sexes.count * ages.count * areas.count
    inflow = Array(repeating: 0, count: n)
    outflow = inflow
    within = inflow
    presence = Array(repeating: 0, count: n)
  }

  /// Margins with every 転入 and 転出 present (a cube's), `[period][sex][area]`, without an age axis.
  public init(periods: [Period], areas: [Area], sexes: [Sex], scope: PopulationScope,
              inflow: [Int64], outflow: [Int64], within: [Int64]? = nil, boundaries: [Boundary]? = nil) {
    self.init(periods: periods, areas: areas, sexes: sexes, scope: scope, boundaries: boundaries)
    precondition(inflow.count == self.inflow.count && outflow.count == inflow.count)
    self.inflow = inflow
    self.outflow = outflow
    let both = MarginFigure.inflow.bit | MarginFigure.outflow.bit
    if let within {
      self.within = within
      presence = Array(repeating: both | MarginFigure.within.bit, count: inflow.count)
    } else {
      presence = Array(repeating: both, count: inflow.count)
    }
  }

  @inlinable public func index(_ period: Int, _ sex: Int, _ area: Int, age: Int = 0) -> Int {
    ((period * sexes.count + sex) * ages.count + age) * areas.count + area
  }

  /// A figure, or `nil` when the data does not give it.
  public func value(_ figure: MarginFigure, period: Int, sex: Int, area: Int, age: Int = 0) -> Int64? {
    let i = index(period, sex, area, age: age)
    guard presence[i] & figure.bit != 0 else { return nil }
    switch figure {
    case .inflow: return inflow[i]
    case .outflow: return outflow[i]
    case .within: return within[i]
    }
  }

  /// Sets a figure and marks it present.
  public mutating func set(_ figure: MarginFigure, _ v: Int64, period: Int, sex: Int, area: Int, age: Int = 0) {
    let i = index(period, sex, area, age: age)
    switch figure {
    case .inflow: inflow[i] = v
    case .outflow: outflow[i] = v
    case .within: within[i] = v
    }
    presence[i] |= figure.bit
  }

  /// Marks a figure absent.
  public mutating func clear(period: Int, sex: Int, area: Int, age: Int = 0, figure: MarginFigure) {
    let i = index(period, sex, area, age: age)
    presence[i] &= ~figure.bit
    switch figure {
    case .inflow: inflow[i] = 0
    case .outflow: outflow[i] = 0
    case .within: within[i] = 0
    }
  }

  /// Whether a figure is present.
  public func has(_ figure: MarginFigure, period: Int, sex: Int, area: Int, age: Int = 0) -> Bool {
    presence[index(period, sex, area, age: age)] & figure.bit != 0
  }

  /// 転入, or `nil` when absent.
  public func inflow(period: Int, sex: Int, area: Int) -> Int64? { value(.inflow, period: period, sex: sex, area: area) }
  /// 転出, or `nil` when absent.
  public func outflow(period: Int, sex: Int, area: Int) -> Int64? { value(.outflow, period: period, sex: sex, area: area) }
  /// 転入超過 = 転入 − 転出, or `nil` when either is absent.
  public func net(period: Int, sex: Int, area: Int) -> Int64? {
    guard let i = inflow(period: period, sex: sex, area: area), let o = outflow(period: period, sex: sex, area: area)
    else { return nil }
    return i - o
  }

  public func periodIndex(_ p: Period) -> Int? { periods.firstIndex(of: p) }
  public func sexIndex(_ s: Sex) -> Int? { sexes.firstIndex(of: s) }
  public func ageIndex(_ a: AgeClass) -> Int? { ages.firstIndex(of: a) }
  public func areaIndex(_ area: Area) -> Int? { areas.firstIndex(of: area) }

  /// Whether any figure of an area is present (in any period, sex and age).
  public func hasAnyFigure(area a: Int) -> Bool {
    let block = areas.count
    var i = a
    while i < presence.count {
      if presence[i] != 0 { return true }
      i += block
    }
    return false
  }

  /// The boundaries of the areas' figures, in order, once each.
  public var boundariesPresent: [Boundary] { Array(Set(boundaries)).sorted() }

  /// The same figures without the age axis (age 総数 only), or `nil` when the data has no 総数 age class.
  public func totalOverAges() -> Margins? {
    guard ages != [.total] else { return self }
    guard let t = ageIndex(.total) else { return nil }
    var out = Margins(periods: periods, areas: areas, sexes: sexes, scope: scope, boundaries: boundaries)
    for p in periods.indices {
      for s in sexes.indices {
        for a in areas.indices {
          for f in MarginFigure.allCases {
            if let v = value(f, period: p, sex: s, area: a, age: t) { out.set(f, v, period: p, sex: s, area: a) }
          }
        }
      }
    }
    return out
  }

  /// Margins of a subset of the areas, in the order given (indices into ``areas``).
  public func restricted(toAreas keep: [Int]) -> Margins {
    var out = Margins(periods: periods, areas: keep.map { areas[$0] }, sexes: sexes, ages: ages, scope: scope,
                      boundaries: keep.map { boundaries[$0] })
    for p in periods.indices {
      for s in sexes.indices {
        for g in ages.indices {
          for (j, a) in keep.enumerated() {
            for f in MarginFigure.allCases {
              if let v = value(f, period: p, sex: s, area: a, age: g) { out.set(f, v, period: p, sex: s, area: j, age: g) }
            }
          }
        }
      }
    }
    return out
  }
}

extension MigrationCube {
  /// 転入 and 転出 of every area, period and sex, with SIMD row and column sums (``Kernels/rowAndColumnSums``),
  /// and the moves inside each area (the diagonal). Every figure is present. A derived 総数 is 男 + 女 of the
  /// margins in 64 bits (never a wrapped 32-bit cell sum).
  ///
  /// - Throws: `CubeError.notSquare` when origins and destinations differ.
  /// - Complexity: O(cells).
  public func margins() throws(CubeError) -> Margins {
    guard isSquare else { throw CubeError.notSquare }
    let n = areas.count, sexesOut = availableSexes
    var inflow = [Int64](repeating: 0, count: periods.count * sexesOut.count * n)
    var outflow = inflow, within = inflow
    var rows = [Int64](repeating: 0, count: n), cols = rows
    for p in periods.indices {
      for (si, s) in sexesOut.enumerated() {
        let base = (p * sexesOut.count + si) * n
        let layers = sexIndex(s).map { [$0] } ?? [sexIndex(.male)!, sexIndex(.female)!]
        for l in layers {
          let start = index(p, l, 0, 0)
          let m = Array(counts[start..<start + layerSize])
          Kernels.rowAndColumnSums(m, n: n, rows: &rows, columns: &cols)
          for a in 0..<n {
            let diagonal = Int64(m[a * n + a])
            inflow[base + a] += cols[a] - diagonal
            outflow[base + a] += rows[a] - diagonal
            within[base + a] += diagonal
          }
        }
      }
    }
    var m = Margins(periods: periods, areas: areas, sexes: sexesOut, scope: scope, inflow: inflow, outflow: outflow,
                    within: within)
    for (area, figures) in unknownFigures {
      guard let a = areas.firstIndex(of: area) else { continue }
      for p in periods.indices {
        for s in sexesOut.indices {
          for f in figures { m.clear(period: p, sex: s, area: a, figure: f) }
          m.clear(period: p, sex: s, area: a, figure: .within)
        }
      }
    }
    return m
  }
}
