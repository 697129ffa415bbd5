import IdouCore
import IdouProjection

/// Everything the monthly report of one area shows (DESIGN §5–6), computed from the data in one place so that the
/// report and the commands cannot disagree: the months 1…M against the same months a year earlier, the monthly
/// series, the year-end projection with its backtest interval and the actual, the projection per counterpart, the
/// yearly series (総数 and by sex), the KPI and the sentences. The renderer (IdouReport's `MigrationReport`) only
/// lays it out.
public struct AreaReport: Sendable {
  /// 転入 and 転出 of some period.
  public struct Flows: Sendable, Equatable {
    public var inflow: Int64
    public var outflow: Int64
    public var net: Int64 { inflow - outflow }
    public init(inflow: Int64, outflow: Int64) {
      self.inflow = inflow
      self.outflow = outflow
    }
  }

  public var area: Area
  /// The year and its months 1…M; M = 12 for data of whole years.
  public var months: YearMonths
  /// Whether the data has months at all (a report compares months; charts can do with whole years).
  public var hasMonths: Bool
  public var scope: PopulationScope
  public var era: YearStyle
  /// Months 1…M of the year and of the year before (`nil` when the data lacks one of them).
  public var toDate: Flows
  public var lastYearToDate: Flows?
  /// The twelve months of the year (only 1…M, as of the report) and of the year before; `nil` where absent.
  public var thisYearMonths: [Flows?]
  public var lastYearMonths: [Flows?]
  /// Every year whose total the data has, before the report's year (the report's year is projected).
  public var yearly: [(year: Int, flows: Flows)]
  /// The report's year in full, when the data has it (as of M it was not known: shown beside the projection).
  public var actual: Flows?
  /// 男 and 女 per year, where the data has them (e-Stat table 1).
  public var bySex: [(year: Int, male: Flows, female: Flows)]
  /// The projection of the total with its backtest, or why there is none.
  public var projection: Result<ProjectionStudy, AnalysisFailure>
  /// By counterpart group (東京圏, 大阪圏, 福岡県, その他): months 1…M this year and last, and the projection.
  public var counterparts: [(group: Area, thisYear: Flows, lastYear: Flows?)]
  public var counterpartProjection: Result<ProjectionStudy, AnalysisFailure>?
  /// The counterpart groups' monthly figures (with 全国計) for the seed's table.
  public var counterpartFlows: CounterpartFlows?
  public var target: TargetComparison?
  /// The summary sentences, in order (see ``Sentences``).
  public var sentences: [String]

  /// Why a part of the report could not be made: the detail (for logs) and the same in Japanese (for the report).
  public struct AnalysisFailure: Error, Sendable {
    public var detail: String
    public var japanese: String

    init(_ error: Error) {
      detail = "\(error)"
      switch error {
      case ProjectionError.missingMonths(let periods, _, _):
        let list = periods.count <= 4 ? periods.map(\.description).joined(separator: "、")
          : periods.prefix(3).map(\.description).joined(separator: "、") + " ほか\(periods.count - 3)か月"
        japanese = "必要な月のデータがない（\(list)）"
      case ProjectionError.zeroDenominator: japanese = "比率の分母が0になる系列がある"
      case ProjectionError.outOfRange: japanese = "推計値が人数として大きすぎる（分母がほぼ0）"
      default: japanese = "推計に必要なデータがない"
      }
    }

    init(detail: String, japanese: String) {
      self.detail = detail
      self.japanese = japanese
    }
  }

  /// - Parameters:
  ///   - data: the inputs.
  ///   - area: the area (a prefecture or municipality of the data).
  ///   - year, through: as the commands resolve them (latest year, latest month by default).
  ///   - method, history: the projection method.
  ///   - target: a KPI on the net.
  /// - Throws: ``AnalysisError`` for an area or months the data does not have.
  public init(data: MigrationData, area wanted: Area, year: Int? = nil, through: Int? = nil,
              method: ProjectionMethod = .samePeriodRatio, history: Int = 3, target: Int64? = nil, era: YearStyle = false)
    throws(AnalysisError)
  {
    let area = try data.resolveAreas([wanted])[0]
    let panel = try data.totals([area])
    let months: YearMonths
    if panel.present.contains(true) {
      months = try panel.resolve(year: year, through: through)
    } else {
      // Whole years only (matrices, table 1): the year's total stands for months 1…12.
      guard let latest = panel.years.last(where: { panel.hasAnnual(year: $0) }) else {
        throw AnalysisError.noData("no month and no year of \(area.name) in the data")
      }
      let y = year ?? latest
      guard panel.hasAnnual(year: y) else { throw AnalysisError.noSuchYear(y, have: panel.coverage) }
      if let t = through, t != 12 { throw AnalysisError.noSuchMonths(year: y, through: t, have: "whole years only") }
      months = YearMonths(year: y, through: 12)
    }
    hasMonths = panel.present.contains(true)
    let (y, m) = (months.year, months.through)
    self.area = area
    self.months = months
    self.scope = data.scope
    self.era = era
    func flows(_ p: MonthlyPanel, _ s: Int, _ year: Int, _ range: ClosedRange<Int>) -> Flows? {
      guard range.allSatisfy({ p.has(year: year, month: $0) }) else {
        // January–December of a year given as a whole.
        guard range == 1...12, p.hasAnnual(year: year) else { return nil }
        return Flows(inflow: Int64(p.total(.in, year: year)[s]), outflow: Int64(p.total(.out, year: year)[s]))
      }
      return Flows(inflow: Int64(p.sum(.in, year: year, months: range)[s]),
                   outflow: Int64(p.sum(.out, year: year, months: range)[s]))
    }
    func total(_ p: MonthlyPanel, _ s: Int, _ year: Int) -> Flows? {
      guard p.hasTotal(year: year) else { return nil }
      return Flows(inflow: Int64(p.total(.in, year: year)[s]), outflow: Int64(p.total(.out, year: year)[s]))
    }
    guard let now = flows(panel, 0, y, 1...m) else { throw AnalysisError.noSuchMonths(year: y, through: m, have: panel.monthsOf(year: y)) }
    toDate = now
    lastYearToDate = flows(panel, 0, y - 1, 1...m)
    thisYearMonths = (1...12).map { $0 <= m && panel.has(year: y, month: $0) ? flows(panel, 0, y, $0...$0) : nil }
    lastYearMonths = (1...12).map { panel.has(year: y - 1, month: $0) ? flows(panel, 0, y - 1, $0...$0) : nil }
    yearly = panel.years.filter { $0 < y }.compactMap { yr in total(panel, 0, yr).map { (yr, $0) } }
    actual = m < 12 ? total(panel, 0, y) : nil

    // 男・女 by year (table 1 gives them by year only).
    var sexes: [(year: Int, male: Flows, female: Flows)] = []
    let sexKeys = data.sexKeys(of: area)
    if sexKeys.count == 2, let p = try? data.panel(sexKeys) {
      for yr in p.years where yr <= y && p.hasTotal(year: yr) {
        if let male = total(p, 0, yr), let female = total(p, 1, yr) { sexes.append((yr, male, female)) }
      }
    }
    bySex = sexes

    // The projection of the total, with its backtest and the KPI.
    if m < 12 {
      do {
        let study = try ProjectionStudy(panel: panel, months: months, method: method, history: history, target: target)
        projection = .success(study)
      } catch {
        projection = .failure(AnalysisFailure(error))
      }
    } else {
      projection = .failure(AnalysisFailure(detail: "\(y) has all twelve months: there is nothing to project",
                                            japanese: "12月までの実績があるため推計は不要"))
    }
    self.target = try? projection.get().rows[0].target

    // By counterpart: the figures to date and the projection per group.
    let groupKeys = data.counterpartKeys(of: area)
    var groups: [(group: Area, thisYear: Flows, lastYear: Flows?)] = []
    var cp: Result<ProjectionStudy, AnalysisFailure>? = nil
    var table: CounterpartFlows? = nil
    if !groupKeys.isEmpty, let p = try? data.panel(groupKeys) {
      for (s, k) in groupKeys.enumerated() {
        guard let now = flows(p, s, y, 1...m) else { continue }
        groups.append((k.counterpart!, now, flows(p, s, y - 1, 1...m)))
      }
      if m < 12, !groups.isEmpty {
        do {
          cp = .success(try ProjectionStudy(panel: p, months: months, method: method, history: history))
        } catch {
          cp = .failure(AnalysisFailure(error))
        }
      }
      table = Self.counterpartTable(area: area, groups: p, totals: panel, scope: data.scope)
    } else {
      table = Self.counterpartTable(area: area, groups: nil, totals: panel, scope: data.scope)
    }
    counterparts = groups
    counterpartProjection = cp
    counterpartFlows = table

    // The sentences.
    var lines: [String] = []
    if let study = try? projection.get(), let row = study.rows.first, let last = total(panel, 0, y - 1) {
      let p = row.projection
      lines.append(Sentences.outlook(year: y, through: m, projectedIn: p.in.annual, projectedOut: p.out.annual,
                                     projectedNet: p.net.annual, lastIn: last.inflow, lastOut: last.outflow, era: era))
      let history = yearly.map { Sentences.YearNet(year: $0.year, net: $0.flows.net) }
      let now = Sentences.YearNet(year: y, net: p.net.annual)
      let series = [Sentences.streak(history: history, projected: now, era: era),
                    Sentences.largest(history: history, projected: now, era: era)].compactMap { $0 }
      if !series.isEmpty { lines.append(series.joined(separator: "。") + "。") }
      if let t = row.target { lines.append(t.sentence + "。") }
    }
    if let s = Sentences.sexGap(male: bySex.map { .init(year: $0.year, net: $0.male.net) },
                                female: bySex.map { .init(year: $0.year, net: $0.female.net) }, era: era) {
      lines.append(s + "。")
    }
    sentences = lines
  }

  /// The seed's table as counterpart flows: the groups' months (when the data has them) and 全国計 (the totals).
  static func counterpartTable(area: Area, groups: MonthlyPanel?, totals: MonthlyPanel, scope: PopulationScope)
    -> CounterpartFlows?
  {
    let periods = totals.years.flatMap { y in
      (1...12).compactMap { m in
        totals.has(year: y, month: m) && (groups?.has(year: y, month: m) ?? true) ? Period(year: y, month: m) : nil
      }
    }
    guard !periods.isEmpty else { return nil }
    let names = (groups?.keys.map { $0.counterpart! } ?? []) + [CounterpartFlows.nationalTotal]
    var inflow: [Int64] = [], outflow: [Int64] = []
    for p in periods {
      let r = totals.row(year: p.year, month: p.month)!
      if let g = groups {
        let gr = g.row(year: p.year, month: p.month)!
        for s in g.keys.indices {
          inflow.append(Int64(g.inflow[gr * g.stride + s]))
          outflow.append(Int64(g.outflow[gr * g.stride + s]))
        }
      }
      inflow.append(Int64(totals.inflow[r * totals.stride]))
      outflow.append(Int64(totals.outflow[r * totals.stride]))
    }
    return CounterpartFlows(area: area, periods: periods, sexes: [.total], counterparts: names, scope: scope,
                            inflow: inflow, outflow: outflow)
  }
}
