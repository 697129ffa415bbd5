/// The core value of idou: counts of moves indexed by period × sex × origin × destination (DESIGN §4).
///
/// One cube holds one population scope (移動者, 日本人 or 外国人). The sex axis holds the layers an input gave:
/// `[.total]` for a published OD matrix, `[.male, .female]` for move records, all three for an e-Stat cross-tab;
/// the 総数 of a cube without a `.total` layer is 男 + 女 (``matrix(period:sex:)`` derives it).
///
/// Origins and destinations are usually the same axis (47 prefectures, perhaps with 不詳); after grouping one side
/// by a region set (``regrouped(origins:destinations:)``) they differ. The diagonal of a square cube is always 0:
/// a move inside one area is not a move.
///
/// ```swift
/// var cube = MigrationCube(periods: [Period(year: 2025)], areas: Prefecture.all.map(Area.init), sexes: [.total])
/// cube[0, 0, 42, 12] = 1_234                 // 熊本県 → 東京都
/// let margins = cube.margins()               // 転入, 転出 per period × sex × area
/// ```
public struct MigrationCube: Sendable, Equatable {
  /// Sorted, distinct periods.
  public let periods: [Period]
  public let origins: [Area]
  public let destinations: [Area]
  /// The stored sex layers, in `Sex` order.
  public let sexes: [Sex]
  public let scope: PopulationScope
  /// Counts laid out `[period][sex][origin][destination]`, row-major.
  public var counts: [Int32]
  /// The 転入 or 転出 of areas the flows do not give, whatever their cells add up to (docs/ARCHITECTURE.md §3): a
  /// table of 転入 into 沖縄県's municipalities from every prefecture gives the municipalities' 転入 and no one's
  /// 転出. Margins, region margins and counterpart flows leave these absent, never 0.
  public var unknownFigures: [Area: Set<MarginFigure>] = [:]

  /// An empty (all-zero) square cube.
  public init(periods: [Period], areas: [Area], sexes: [Sex], scope: PopulationScope = .all) {
    self.init(periods: periods, origins: areas, destinations: areas, sexes: sexes, scope: scope)
  }

  /// An empty (all-zero) cube, possibly rectangular.
  public init(periods: [Period], origins: [Area], destinations: [Area], sexes: [Sex], scope: PopulationScope = .all) {
    precondition(zip(periods, periods.dropFirst()).allSatisfy { $0 < $1 }, "periods must be sorted and distinct")
    self.periods = periods
    self.origins = origins
    self.destinations = destinations
    self.sexes = Array(Set(sexes)).sorted()
    self.scope = scope
    self.counts = Array(repeating: 0, count: periods.count * self.sexes.count * origins.count * destinations.count)
  }

  /// Whether origins and destinations are the same axis, so 転入/転出 of an area are defined.
  public var isSquare: Bool { origins == destinations }
  /// The area axis of a square cube.
  public var areas: [Area] { origins }

  /// Cells in one period × sex layer.
  @inlinable public var layerSize: Int { origins.count * destinations.count }

  /// The flat index of a cell.
  @inlinable
  public func index(_ period: Int, _ sex: Int, _ origin: Int, _ destination: Int) -> Int {
    ((period * sexes.count + sex) * origins.count + origin) * destinations.count + destination
  }

  /// The count at period index, sex-layer index, origin index, destination index.
  @inlinable
  public subscript(period: Int, sex: Int, origin: Int, destination: Int) -> Int32 {
    get { counts[index(period, sex, origin, destination)] }
    set { counts[index(period, sex, origin, destination)] = newValue }
  }

  public func periodIndex(_ p: Period) -> Int? { periods.firstIndex(of: p) }
  public func sexIndex(_ s: Sex) -> Int? { sexes.firstIndex(of: s) }
  public func originIndex(_ area: Area) -> Int? { origins.firstIndex(of: area) }
  public func destinationIndex(_ area: Area) -> Int? { destinations.firstIndex(of: area) }

  /// The sexes this cube can answer for: its layers, plus 総数 when it has 男 and 女.
  public var availableSexes: [Sex] {
    var s = sexes
    if !s.contains(.total) && s.contains(.male) && s.contains(.female) { s.insert(.total, at: 0) }
    return s
  }

  /// One period × sex layer as an origins × destinations matrix (row-major); 総数 is derived as 男 + 女 when
  /// the cube has no 総数 layer. `nil` when the cube cannot answer for that sex.
  public func matrix(period: Int, sex: Sex) -> [Int32]? {
    if let s = sexIndex(sex) {
      let start = index(period, s, 0, 0)
      return Array(counts[start..<start + layerSize])
    }
    guard sex == .total, let m = sexIndex(.male), let f = sexIndex(.female) else { return nil }
    let a = index(period, m, 0, 0), b = index(period, f, 0, 0)
    return (0..<layerSize).map { counts[a + $0] &+ counts[b + $0] }
  }

  /// The grand total of all cells of one sex over all periods.
  public func total(sex: Sex = .total) -> Int64 {
    var sum: Int64 = 0
    for p in periods.indices { sum += Kernels.sum(matrix(period: p, sex: sex) ?? []) }
    return sum
  }
}

/// Why cubes could not be combined or an operation could not be done.
public enum CubeError: Error, Equatable, Sendable, CustomStringConvertible {
  case scopeMismatch(PopulationScope, PopulationScope)
  case overlappingPeriod(Period, Sex)
  case notSquare
  case noData(String)
  /// A dense cube that would be too large (many areas): what it would hold.
  case tooLarge(String)
  /// A count that does not fit 32 bits in a dense cube.
  case overflow(String)
  /// Two inputs give different figures for the same thing.
  case disagreement(String)

  public var description: String {
    switch self {
    case .scopeMismatch(let a, let b):
      "cannot combine figures of scope \(a.label) (\(a)) with \(b.label) (\(b)): two scopes never mix"
    case .overlappingPeriod(let p, let s):
      "period \(p) (\(s.label)) is given by more than one input"
    case .notSquare: "origins and destinations differ: 転入/転出 need a square cube"
    case .noData(let what): "no data for \(what)"
    case .tooLarge(let what):
      "origin–destination flows of \(what) are too many for a dense cube: use them as margins or tidy rows, or keep fewer areas"
    case .overflow(let what): "a count does not fit a 32-bit cube cell: \(what)"
    case .disagreement(let what): "the inputs disagree: \(what)"
    }
  }
}
