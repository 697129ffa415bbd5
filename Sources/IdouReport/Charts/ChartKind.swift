import IdouCore

/// The charts `idou chart` draws, by their command-line names.
public enum ChartKind: String, CaseIterable, Sendable {
  /// 社会増減 per year, the projected year marked 推計.
  case yearlyNet = "yearly-net"
  /// 転入 and 転出 per month, this year against last year.
  case monthly
  /// 男女別の社会増減 per year.
  case netBySex = "net-by-sex"
  /// 転出 by counterpart area, this year's months against the same months last year.
  case outflowByCounterpart = "outflow-by-counterpart"
  /// 転入超過 by 5歳階級, 男 and 女 side by side, gains up and losses down (an age table's figures).
  case netByAge = "net-by-age"

  /// The charts of the monthly report (an area's series; the age chart needs an age table).
  public static let reportKinds: [ChartKind] = [.yearlyNet, .monthly, .netBySex, .outflowByCounterpart]
}

/// What a chart is drawn for: one area, a year (default: the latest in the data) and its last month with data.
public struct ChartRequest: Sendable {
  /// The area (熊本県).
  public var area: Area
  public var year: Int?
  /// The last month counted for this year (default: the last month the data has).
  public var through: Int?
  /// The counterpart areas for ``ChartKind/outflowByCounterpart``; `nil` for a counterpart table's own groups,
  /// else 三大都市圏.
  public var regions: RegionSet?
  public var era: YearStyle
  /// The projected year for ``ChartKind/yearlyNet`` (from the projection); without it the running year is left out.
  public var estimate: NetEstimate?
  /// Projected net per sex for ``ChartKind/netBySex``.
  public var sexEstimates: SexEstimates?

  /// Sizes, colours and fonts.
  public var style = ChartStyle()

  /// Projected nets of 男 and 女 for one year.
  public struct SexEstimates: Sendable, Equatable {
    public var year: Int, male: Int64, female: Int64, through: Int
    public init(year: Int, male: Int64, female: Int64, through: Int) {
      self.year = year
      self.male = male
      self.female = female
      self.through = through
    }
  }

  public init(area: Area, year: Int? = nil, through: Int? = nil, regions: RegionSet? = nil,
              era: YearStyle = false, estimate: NetEstimate? = nil, sexEstimates: SexEstimates? = nil) {
    self.area = area
    self.year = year
    self.through = through
    self.regions = regions
    self.era = era
    self.estimate = estimate
    self.sexEstimates = sexEstimates
  }

  /// The year asked for, or the latest year in the data.
  public func resolvedYear(_ cube: MigrationCube) throws(CubeError) -> Int {
    guard let y = year ?? cube.periods.map(\.year).max() else { throw CubeError.noData("any period") }
    guard cube.periods.contains(where: { $0.year == y }) else { throw CubeError.noData("year \(y)") }
    return y
  }

  /// The month asked for, or the last month of `year` in the data; `nil` when the year is annual only.
  public func resolvedThrough(_ cube: MigrationCube, year: Int) -> Int? {
    through ?? cube.periods.filter { $0.year == year && $0.isMonth }.map(\.month).max()
  }
}

extension ChartKind {
  /// Draws the chart from a cube.
  ///
  /// - Throws: `CubeError.noData` for an area, year or sex the data does not have (男/女 for ``netBySex``).
  /// - Complexity: O(cells of the cube) for the margins, plus one region grouping for counterparts.
  public func chart(cube: MigrationCube, request r: ChartRequest) throws(CubeError) -> SVGDocument {
    guard let area = cube.areas.first(where: { $0 == r.area }) else { throw CubeError.noData("area \(r.area)") }
    if let t = r.through, !(1...12).contains(t) { throw CubeError.noData("month \(t) (months are 1–12)") }
    let year = try r.resolvedYear(cube)
    let through = r.resolvedThrough(cube, year: year)
    switch self {
    case .yearlyNet:
      let years = try cube.margins().yearly(area: area)
      guard years.contains(where: \.isComplete) || r.estimate != nil else {
        let partial = years.map { "\($0.year) (\($0.months) months)" }.joined(separator: ", ")
        throw CubeError.noData("a complete year of \(area.name) (the data has \(partial)) and no projection")
      }
      var chart = MigrationCharts.yearlyNet(
        areaName: area.name, years: years, estimate: r.estimate, era: r.era, scope: cube.scope)
      chart.style = r.style
      return chart.svg()
    case .monthly:
      guard cube.periods.contains(where: { $0.year == year && $0.isMonth }) else {
        throw CubeError.noData("the months of \(year) (the input gives whole years only)")
      }
      let m = try cube.margins()
      var now = try m.monthly(area: area, year: year)
      if let t = through {
        for i in t..<12 {
          now.inflow[i] = nil
          now.outflow[i] = nil
        }
      }
      var chart = MigrationCharts.monthlyInOut(
        areaName: area.name, thisYear: now, lastYear: try m.monthly(area: area, year: year - 1), era: r.era)
      chart.style = r.style
      return chart.svg()
    case .netBySex:
      let m = try cube.margins()
      let e = r.sexEstimates.map { (year: $0.year, male: $0.male, female: $0.female, through: $0.through) }
      var chart = MigrationCharts.netBySex(
        areaName: area.name, male: try m.yearly(area: area, sex: .male),
        female: try m.yearly(area: area, sex: .female), estimates: e, era: r.era)
      chart.style = r.style
      return chart.svg()
    case .outflowByCounterpart:
      let figures = try cube.outflowByCounterpart(area: area, regions: r.regions, year: year, through: through)
      var chart = MigrationCharts.outflowByCounterpart(
        areaName: area.name, figures: figures, year: year, through: through, era: r.era)
      chart.style = r.style
      return chart.svg()
    case .netByAge:
      throw CubeError.noData("age classes (flows have no ages: give an e-Stat age table)")
    }
  }
}
