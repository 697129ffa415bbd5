import IdouCore
import IdouProjection

/// Gathers the figures of several inputs — monthly series, annual tables, the margins of flows — per series and
/// period, and turns them into one ``MonthlyPanel``. Combining is where inputs must agree (docs/ARCHITECTURE.md §6):
///
/// - the same month or year given twice with different figures is an error naming both sources;
/// - where a year has its twelve months and an annual total, Σ months must equal the total
///   (``checkAgreement()``), an error naming area, year and both figures.
///
/// ```swift
/// var c = SeriesCollector()
/// try c.add(key, Period(year: 2024, month: 1)!, in: 1_755, out: 1_861, source: "monthly.csv")
/// try c.add(key, Period(year: 2024), in: 29_700, out: 31_242, source: "table1.csv")
/// let panel = try c.panel()
/// ```
public struct SeriesCollector: Sendable {
  struct Figure: Sendable, Equatable {
    var inflow: Int64
    var outflow: Int64
    var source: String
  }

  /// The series in the order they were first added.
  public private(set) var keys: [SeriesKey] = []
  var index: [SeriesKey: Int] = [:]
  var figures: [[Period: Figure]] = []

  public init() {}

  /// Whether any figure was added.
  public var isEmpty: Bool { keys.isEmpty }

  /// Whether the inputs give a series.
  public func contains(_ key: SeriesKey) -> Bool { index[key] != nil }

  /// Adds the 転入 and 転出 of one series in one period (a month, or a whole year: its annual total).
  /// - Throws: ``AnalysisError/disagreement(_:)`` when another input gave other figures for the same period.
  public mutating func add(_ key: SeriesKey, _ period: Period, in inflow: Int64, out outflow: Int64, source: String)
    throws(AnalysisError)
  {
    let s: Int
    if let i = index[key] {
      s = i
    } else {
      s = keys.count
      keys.append(key)
      index[key] = s
      figures.append([:])
    }
    let new = Figure(inflow: inflow, outflow: outflow, source: source)
    if let old = figures[s][period] {
      guard old.inflow == inflow && old.outflow == outflow else {
        throw AnalysisError.disagreement(
          "\(key) \(period): \(old.source) gives 転入 \(old.inflow), 転出 \(old.outflow); "
            + "\(source) gives 転入 \(inflow), 転出 \(outflow)")
      }
      return
    }
    figures[s][period] = new
  }

  /// Adds every area's 転入 and 転出 of a cube (its margins), per period and sex, as series of the areas alone.
  /// - Parameters:
  ///   - levels: the levels of area to keep (prefectures by default; not 全国, 不詳 or groups).
  ///   - only: the areas to keep, when not all of those levels.
  public mutating func add(margins cube: MigrationCube, source: String, levels: Set<AreaLevel> = [.prefecture],
                           only: Set<Area>? = nil) throws -> Void
  {
    try add(margins: cube.margins(), source: source, levels: levels, only: only)
  }

  /// Adds every area's 転入 and 転出 of per-area margins (a table of totals read through `Inputs`), per period and
  /// sex; a figure the margins do not give stays absent (the period is not added for that series).
  public mutating func add(margins m: Margins, source: String, levels: Set<AreaLevel> = [.prefecture],
                           only: Set<Area>? = nil) throws -> Void
  {
    for (a, area) in m.areas.enumerated() where levels.contains(area.level) && (only?.contains(area) ?? true) {
      for (si, sex) in m.sexes.enumerated() {
        let key = SeriesKey(area: area, sex: sex)
        for (p, period) in m.periods.enumerated() {
          guard let i = m.inflow(period: p, sex: si, area: a), let o = m.outflow(period: p, sex: si, area: a) else { continue }
          try add(key, period, in: i, out: o, source: source)
        }
      }
    }
  }

  /// Adds one area's 転入 and 転出 by counterpart group (``MigrationCube/counterpartFlows(of:regions:)``), per sex,
  /// leaving out 全国計 (the area's total, which ``add(margins:source:levels:only:)`` gives).
  public mutating func add(counterparts cube: MigrationCube, of area: Area, regions: RegionSet?, source: String) throws {
    let flows = try cube.counterpartFlows(of: area, regions: regions)
    for sex in flows.sexes {
      for c in flows.counterparts where c != CounterpartFlows.nationalTotal {
        // Areas are equal by key, so a table's 福岡県 column and the group 福岡県 of a region set are one counterpart.
        let key = SeriesKey(area: area, counterpart: c, sex: sex)
        for (p, period) in flows.periods.enumerated() {
          guard let i = flows.inflow(period: p, sex: sex, counterpart: c),
            let o = flows.outflow(period: p, sex: sex, counterpart: c)
          else { continue }
          try add(key, period, in: i, out: o, source: source)
        }
      }
    }
  }

  /// The panel of the chosen series (all by default, in the order added).
  ///
  /// A month is present when every chosen series has it; a month some have and others lack is an error (a panel
  /// keeps the same months for all its series, and dropping some would be a silent loss). Likewise annual totals.
  /// - Throws: ``AnalysisError/partialCoverage(_:)``; ``AnalysisError/noData(_:)`` with no figures.
  public func panel(_ chosen: [SeriesKey]? = nil) throws(AnalysisError) -> MonthlyPanel {
    try panel(chosen, commonOnly: false).panel
  }

  /// The panel of the chosen series over the periods all of them have, and the periods some have and others lack
  /// (left out: the caller says so). For an area with its counterparts, whose total goes back further than the
  /// counterpart series (the bundled monthly series from 2013 against the seed's table from 2024).
  public func commonPanel(_ chosen: [SeriesKey]) throws(AnalysisError) -> (panel: MonthlyPanel, leftOut: [Period]) {
    try panel(chosen, commonOnly: true)
  }

  private func panel(_ chosen: [SeriesKey]?, commonOnly: Bool) throws(AnalysisError) -> (panel: MonthlyPanel, leftOut: [Period]) {
    let keys = chosen ?? self.keys
    let slots = keys.compactMap { index[$0] }
    guard !slots.isEmpty, slots.count == keys.count else {
      throw AnalysisError.noData("no figures for \(keys.filter { index[$0] == nil }.map(\.description).first ?? "any series")")
    }
    var periods = Set<Period>()
    for s in slots { periods.formUnion(figures[s].keys) }
    var leftOut: [Period] = []
    if commonOnly {
      let all = periods
      for s in slots { periods.formIntersection(figures[s].keys) }
      leftOut = all.subtracting(periods).sorted()
      guard !periods.isEmpty else { throw AnalysisError.noData("no period that every series has") }
    }
    guard let first = periods.map(\.year).min(), let last = periods.map(\.year).max() else {
      throw AnalysisError.noData("no periods")
    }
    var panel = MonthlyPanel(keys: keys, firstYear: first, yearCount: last - first + 1)
    for period in periods.sorted() {
      let lacking = keys.indices.filter { figures[slots[$0]][period] == nil }
      guard lacking.isEmpty else {
        throw AnalysisError.partialCoverage(
          "\(period) is given for \(keys.count - lacking.count) of \(keys.count) series but not for "
            + "\(keys[lacking[0]])\(lacking.count > 1 ? " and \(lacking.count - 1) more" : "")")
      }
      for (i, s) in slots.enumerated() {
        let f = figures[s][period]!
        if period.isMonth {
          panel.set(series: i, year: period.year, month: period.month, in: Double(f.inflow), out: Double(f.outflow))
        } else {
          panel.setAnnual(series: i, year: period.year, in: Double(f.inflow), out: Double(f.outflow))
        }
      }
    }
    return (panel, leftOut)
  }

  /// Checks every series on its own: where a year has its twelve months and an annual total, Σ months = total.
  /// - Throws: ``AnalysisError/disagreement(_:)`` naming series, year, both figures and the inputs.
  public func checkAgreement() throws(AnalysisError) {
    for (s, key) in keys.enumerated() {
      let f = figures[s]
      for (period, annual) in f where !period.isMonth {
        let months = (1...12).compactMap { f[Period(year: period.year, month: $0)!] }
        guard months.count == 12 else { continue }
        let sumIn = months.reduce(0) { $0 + $1.inflow }, sumOut = months.reduce(0) { $0 + $1.outflow }
        for (d, m, a) in [(Direction.in, sumIn, annual.inflow), (.out, sumOut, annual.outflow)] where m != a {
          let sources = Set(months.map(\.source) + [annual.source]).sorted()
          throw AnalysisError.disagreement(
            "\(key.describe(d)) \(period.year): the 12 months add up to \(m), the annual total is \(a) (\(sources.joined(separator: ", ")))")
        }
      }
    }
  }
}
