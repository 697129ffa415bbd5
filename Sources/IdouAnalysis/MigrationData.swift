import IdouCore
import IdouProjection

/// The figures every use case reads, gathered from the inputs (or the bundled data) as series — an area's 転入 and
/// 転出, of a sex, with a counterpart group or with all (全国計) — by month and by year:
///
/// - ``totals(_:)``: areas' 総数 with all counterparts, the panel most use cases read;
/// - ``panel(_:)``: any chosen series (an area by sex, by counterpart) as a panel of their own, so that a series
///   one input gives by year only (男/女 in e-Stat table 1) never limits the months of another.
///
/// Building it checks that the inputs agree (``SeriesCollector``).
public struct MigrationData: Sendable {
  /// Every figure of every input, per series and period.
  public let series: SeriesCollector
  /// The areas with totals (総数, all counterparts), sorted by code.
  public let areas: [Area]
  /// The areas a use case covers when none is asked for: the prefectures when the data has them (the bundled data's
  /// 21大都市 rows of table 1 are annual only, and of another boundary), else every area.
  public let defaultAreas: [Area]
  public let scope: PopulationScope
  /// The inputs, by file name, for footers.
  public var sources: [String]

  /// - Throws: ``AnalysisError`` when the inputs disagree (a year's twelve months against its annual total, one
  ///   input against another).
  public init(_ series: SeriesCollector, scope: PopulationScope = .all, sources: [String] = []) throws(AnalysisError) {
    let areas = series.keys.filter { $0.counterpart == nil && $0.sex == .total }.map(\.area)
    guard !areas.isEmpty else {
      throw AnalysisError.noData("no area's 転入 and 転出 in the inputs (a table that gives only one of them, such as "
        + "転入 by origin into some municipalities, has no 社会増減 to project or chart; `summary` and `table` show what it has)")
    }
    try series.checkAgreement()
    self.series = series
    self.areas = areas.sorted()
    let prefectures = self.areas.filter { $0.level == .prefecture }
    self.defaultAreas = prefectures.isEmpty ? self.areas : prefectures
    self.scope = scope
    self.sources = sources
  }

  /// 総数 of the areas (all counterparts) as one panel; ``defaultAreas`` when `areas` is empty.
  /// - Throws: ``AnalysisError/partialCoverage(_:)`` when some of them have months others lack.
  public func totals(_ areas: [Area] = []) throws(AnalysisError) -> MonthlyPanel {
    try series.panel((areas.isEmpty ? defaultAreas : areas).map { SeriesKey(area: $0) })
  }

  /// The totals of the areas (all when empty) and, after them, the groups of a region set as the sums of their
  /// member areas (``MonthlyPanel/adding(groups:)``: the net is exact; 転入 and 転出 include the moves between
  /// members, so each group is named 東京圏（構成都道府県の計）, not 東京圏).
  public func totals(_ areas: [Area], regions: RegionSet?) throws(AnalysisError) -> MonthlyPanel {
    let panel = try totals(areas)
    guard let set = regions else { return panel }
    return panel.adding(groups: set.groups.compactMap { g in
      let members = panel.keys.indices.filter { g.contains(panel.keys[$0].area) }
      guard !members.isEmpty else { return nil }
      let id = g.area.code.map { $0.description } ?? g.area.codeText
      return (SeriesKey(area: Area(group: id, name: "\(g.name)（構成都道府県の計）")), members)
    })
  }

  /// The chosen series as one panel.
  public func panel(_ keys: [SeriesKey]) throws(AnalysisError) -> MonthlyPanel { try series.panel(keys) }

  /// The chosen series over the periods all of them have, and the periods left out (``SeriesCollector/commonPanel(_:)``).
  public func commonPanel(_ keys: [SeriesKey]) throws(AnalysisError) -> (panel: MonthlyPanel, leftOut: [Period]) {
    try series.commonPanel(keys)
  }

  /// The area of the data that is `wanted` (with the data's name for it), or `nil`.
  public func area(_ wanted: Area) -> Area? { areas.first { $0 == wanted } }

  /// 男 and 女 of an area (all counterparts), when the data has them.
  public func sexKeys(of area: Area) -> [SeriesKey] {
    [Sex.male, .female].map { SeriesKey(area: area, sex: $0) }.filter { series.index[$0] != nil }
  }

  /// An area's series by counterpart group (総数), in the order the inputs gave them.
  public func counterpartKeys(of area: Area, sex: Sex = .total) -> [SeriesKey] {
    series.keys.filter { $0.area == area && $0.counterpart != nil && $0.sex == sex }
  }
}
