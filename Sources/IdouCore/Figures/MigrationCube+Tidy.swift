/// One count in tidy (long) form: what `idou tidy` writes, one row per non-zero stored cell of a cube.
///
/// CSV header `period,scope,from,to,sex,count`: period `YYYY` or `YYYY-MM`, scope `all`/`japanese`/`foreign`,
/// `from`/`to` the cube's area codes (prefectures `43`, municipalities `43100`, 全国 `00000`, 不詳 `99300`),
/// sex 0 総数 / 1 男 / 2 女.
public struct TidyRow: Sendable, Hashable {
  public var period: Period
  public var scope: PopulationScope
  public var from: Area
  public var to: Area
  public var sex: Sex
  /// The number of moves; `nil` where the input gives a no-value marker (written `-`, read back as absent).
  public var count: Int64?

  public init(period: Period, scope: PopulationScope, from: Area, to: Area, sex: Sex, count: Int64?) {
    self.period = period
    self.scope = scope
    self.from = from
    self.to = to
    self.sex = sex
    self.count = count
  }

  /// What identifies a row: all but the count.
  public struct Key: Hashable, Sendable {
    public var period: Period
    public var scope: PopulationScope
    public var from: Area
    public var to: Area
    public var sex: Sex
  }

  public var key: Key { Key(period: period, scope: scope, from: from, to: to, sex: sex) }

  /// Canonical row order: period, scope, origin, destination (areas in listing order, ``Area/<``), sex.
  public static func canonicalOrder(_ a: TidyRow, _ b: TidyRow) -> Bool {
    if a.period != b.period { return a.period < b.period }
    if a.scope != b.scope { return a.scope.order < b.scope.order }
    if a.from != b.from { return a.from < b.from }
    if a.to != b.to { return a.to < b.to }
    return a.sex < b.sex
  }
}

extension PopulationScope {
  /// The position in `allCases` (all, japanese, foreign).
  public var order: Int {
    switch self {
    case .all: 0
    case .japanese: 1
    case .foreign: 2
    }
  }
}

extension MigrationCube {
  /// The cube's stored cells as tidy rows: every non-zero cell of every stored sex layer (a derived 総数 is not
  /// repeated), in canonical order, so two inputs holding the same figures give the same rows whatever their
  /// layout. Zero cells and "no value" cells are both absent.
  ///
  /// - Complexity: O(cells + rows · log rows).
  public func tidyRows() -> [TidyRow] {
    var rows: [TidyRow] = []
    let m = destinations.count
    // Walk the cells in canonical order instead of sorting the rows.
    let originOrder = origins.indices.sorted { origins[$0] < origins[$1] }
    let destinationOrder = destinations.indices.sorted { destinations[$0] < destinations[$1] }
    for p in periods.indices {
      let bases = sexes.indices.map { index(p, $0, 0, 0) }
      for o in originOrder {
        for d in destinationOrder {
          for (si, s) in sexes.enumerated() {
            let v = counts[bases[si] + o * m + d]
            if v != 0 {
              rows.append(TidyRow(period: periods[p], scope: scope, from: origins[o], to: destinations[d], sex: s, count: Int64(v)))
            }
          }
        }
      }
    }
    return rows
  }
}
