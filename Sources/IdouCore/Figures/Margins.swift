/// 転入 (in-migrants), 転出 (out-migrants) and 転入超過 (net) per period × sex × area: the margins of a square cube.
///
/// In of an area = its column sum without the diagonal (moves into it from another area); out = its row sum
/// (moves from it to another area); net = in − out. For domestic figures, Σ in = Σ out over all areas and
/// Σ net = 0.
public struct Margins: Sendable, Equatable {
  public let periods: [Period]
  public let areas: [Area]
  /// 総数 first (stored or derived as 男 + 女), then 男 and 女 where the data has them.
  public let sexes: [Sex]
  public let scope: PopulationScope
  /// 転入, laid out `[period][sex][area]`.
  public var inflow: [Int64]
  /// 転出, laid out `[period][sex][area]`.
  public var outflow: [Int64]

  public init(periods: [Period], areas: [Area], sexes: [Sex], scope: PopulationScope,
              inflow: [Int64], outflow: [Int64]) {
    precondition(inflow.count == periods.count * sexes.count * areas.count && outflow.count == inflow.count)
    self.periods = periods
    self.areas = areas
    self.sexes = sexes
    self.scope = scope
    self.inflow = inflow
    self.outflow = outflow
  }

  @inlinable public func index(_ period: Int, _ sex: Int, _ area: Int) -> Int {
    (period * sexes.count + sex) * areas.count + area
  }

  public func inflow(period: Int, sex: Int, area: Int) -> Int64 { inflow[index(period, sex, area)] }
  public func outflow(period: Int, sex: Int, area: Int) -> Int64 { outflow[index(period, sex, area)] }
  public func net(period: Int, sex: Int, area: Int) -> Int64 {
    inflow(period: period, sex: sex, area: area) - outflow(period: period, sex: sex, area: area)
  }

  public func sexIndex(_ s: Sex) -> Int? { sexes.firstIndex(of: s) }
  public func areaIndex(_ area: Area) -> Int? { areas.firstIndex(of: area) }
}

extension MigrationCube {
  /// 転入 and 転出 of every area, period and sex, with SIMD row and column sums (``Kernels/rowAndColumnSums``).
  ///
  /// - Throws: `CubeError.notSquare` when origins and destinations differ.
  /// - Complexity: O(cells).
  public func margins() throws(CubeError) -> Margins {
    guard isSquare else { throw CubeError.notSquare }
    let n = areas.count, sexesOut = availableSexes
    var inflow = [Int64](repeating: 0, count: periods.count * sexesOut.count * n)
    var outflow = inflow
    var rows = [Int64](repeating: 0, count: n), cols = rows
    for p in periods.indices {
      for (si, s) in sexesOut.enumerated() {
        let m = matrix(period: p, sex: s)!
        Kernels.rowAndColumnSums(m, n: n, rows: &rows, columns: &cols)
        let base = (p * sexesOut.count + si) * n
        for a in 0..<n {
          let diagonal = Int64(m[a * n + a])
          inflow[base + a] = cols[a] - diagonal
          outflow[base + a] = rows[a] - diagonal
        }
      }
    }
    return Margins(periods: periods, areas: areas, sexes: sexesOut, scope: scope, inflow: inflow, outflow: outflow)
  }
}
