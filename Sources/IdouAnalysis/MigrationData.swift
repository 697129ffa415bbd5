import IdouCore
import IdouProjection

/// The figures every use case reads, gathered from the inputs (or the bundled data) into panels of series:
///
/// - ``totals``: 転入 and 転出 (総数) of every area, by month and by year (annual totals);
/// - ``bySex``: the same for 男 and 女 where the data has them (e-Stat table 1 gives them by year);
/// - ``counterparts``: one area's 転入 and 転出 by counterpart group (東京圏, 大阪圏, 福岡県, …), by month (a
///   counterpart table) and by year (origin–destination flows grouped).
///
/// Building it checks that the inputs agree (``SeriesCollector``).
public struct MigrationData: Sendable {
  public var totals: MonthlyPanel
  public var bySex: MonthlyPanel?
  /// Counterpart series per area (only areas some input gives by counterpart).
  public var counterparts: [Area: MonthlyPanel]
  public var scope: PopulationScope
  /// The inputs, by file name, for footers.
  public var sources: [String]

  public init(totals: MonthlyPanel, bySex: MonthlyPanel? = nil, counterparts: [Area: MonthlyPanel] = [:],
              scope: PopulationScope = .all, sources: [String] = []) {
    self.totals = totals
    self.bySex = bySex
    self.counterparts = counterparts
    self.scope = scope
    self.sources = sources
  }

  /// Splits collected figures into panels: 総数 without counterpart → totals; 男/女 → bySex; with a counterpart →
  /// one panel per area.
  /// - Throws: ``AnalysisError`` when the inputs disagree or cover different months for series of one panel.
  public init(_ c: SeriesCollector, scope: PopulationScope = .all, sources: [String] = []) throws(AnalysisError) {
    let totalKeys = c.keys.filter { $0.counterpart == nil && $0.sex == .total }.sorted { $0.area.code < $1.area.code }
    guard !totalKeys.isEmpty else { throw AnalysisError.noData("no area's 転入 and 転出 in the inputs") }
    totals = try c.panel(totalKeys)
    let sexKeys = c.keys.filter { $0.counterpart == nil && $0.sex != .total }
      .sorted { ($0.area.code, $0.sex) < ($1.area.code, $1.sex) }
    bySex = sexKeys.isEmpty ? nil : try c.panel(sexKeys)
    var byArea: [Area: [SeriesKey]] = [:]
    for k in c.keys where k.counterpart != nil && k.sex == .total { byArea[k.area, default: []].append(k) }
    counterparts = [:]
    for (area, keys) in byArea { counterparts[area] = try c.panel(keys) }
    self.scope = scope
    self.sources = sources
  }

  /// The areas with totals, by code.
  public var areas: [Area] { totals.keys.map(\.area) }

  /// The area of the data with this code (`43`, `43100`), or `nil`.
  public func area(code: String) -> Area? { areas.first { $0.code == code } }
}
