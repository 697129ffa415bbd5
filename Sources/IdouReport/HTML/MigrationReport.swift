import IdouCore
import IdouProjection

/// The monthly report of one area as one HTML file (DESIGN §6): the figures of months 1…M against the same months
/// a year earlier, the monthly table by counterpart, the year-end projection with its backtested interval, and
/// the charts. Parts the data cannot give (no 男/女 layers, no earlier years) are replaced by a note that says so.
///
/// ```swift
/// let report = MigrationReport(cube: cube, area: Area(Prefecture(code: 43)!), year: 2025, through: 9)
/// let html = report.build().html
/// ```
public struct MigrationReport: Sendable {
  public var cube: MigrationCube
  /// The area.
  public var area: Area
  public var year: Int
  public var through: Int
  /// Counterpart areas for the table and the 転出 chart.
  /// Counterpart groups; `nil` for a counterpart table's own (東京圏, 大阪圏, 福岡県), else 三大都市圏.
  public var regions: RegionSet?
  public var era: Bool
  /// A warning box under the title (e.g. that the input is synthetic).
  public var banner: String?
  /// The input files, listed at the bottom.
  public var inputs: [String] = []
  /// The projection method (同期比率法 by default, as the seed report).
  public var method: ProjectionMethod = .samePeriodRatio

  public init(cube: MigrationCube, area: Area, year: Int, through: Int, regions: RegionSet? = nil,
              era: Bool = false, banner: String? = nil) {
    self.cube = cube
    self.area = area
    self.year = year
    self.through = through
    self.regions = regions
    self.era = era
    self.banner = banner
  }

  /// The report.
  /// - Throws: `CubeError.noData` when the area or the year's months 1…through are not in the data.
  public func build() throws(CubeError) -> HTMLReport {
    guard let a = cube.areas.first(where: { $0 == area }) else { throw CubeError.noData("area \(area)") }
    guard (1...12).contains(through) else { throw CubeError.noData("month \(through) (months are 1–12)") }
    let now = MigrationCharts.yearLabel(year, era: era), before = MigrationCharts.yearLabel(year - 1, era: era)
    let months = through == 1 ? "1月" : "1～\(through)月"
    var report = HTMLReport(title: "\(a.name)の人口移動（\(now)\(months)）")
    report.lead = ["転入・転出・社会増減（転入超過数）、前年同期との比較、年末の見通しと図表。対象：\(cube.scope.label)。"]
    report.banner = banner

    report.sections.append(try keyFigures(a, now: now, before: before, months: months))

    // The year-end projection with its backtested interval; the yearly charts draw it as 推計.
    var estimate: NetEstimate? = nil
    var sexEstimates: ChartRequest.SexEstimates? = nil
    if through < 12 {
      do {
        let p = try ReportProjection(cube: cube, area: area, year: year, through: through, method: method)
        report.sections.append(p.section(era: era))
        estimate = p.estimate
        if let m = p.male, let f = p.female {
          sexEstimates = .init(year: year, male: m.net.annual, female: f.net.annual, through: through)
        }
      } catch {
        report.sections.append(.init(heading: "年末の見通し（\(now)の推計）", blocks: [.note("推計できません：\(error)。")]))
      }
    } else {
      report.sections.append(.init(heading: "年末の見通し", blocks: [.note("\(now)は12月までの実績があるため推計は不要。")]))
    }

    // The seed's table: by counterpart and month, with the difference from the same month a year earlier.
    var tables = HTMLReport.Section(heading: "月別・転出入先別の表（前年同月差）", blocks: [])
    do {
      let flows = try cube.counterpartFlows(of: area, regions: regions)
      let table = try MonthlyTable(flows: flows, year: year, through: through, directions: [.outflow, .inflow, .net])
      var parts = table.sections.map { table.displayTable($0, era: era) }
      if !parts.isEmpty { parts[parts.count - 1].footnotes = table.footnotes }
      tables.blocks = parts.map(HTMLReport.Block.table)
    } catch {
      tables.blocks = [.note("表を作成できません：\(error)。")]
    }
    report.sections.append(tables)

    var charts = HTMLReport.Section(heading: "図表", blocks: [])
    var request = ChartRequest(area: area, year: year, through: through, regions: regions, era: era,
                               estimate: estimate, sexEstimates: sexEstimates)
    request.style.width = 1080
    request.style.height = 440
    for kind in ChartKind.allCases {
      do {
        charts.blocks.append(.chart(try kind.chart(cube: cube, request: request)))
      } catch {
        charts.blocks.append(.note("「\(kind.japaneseName)」の図は作成できません：\(error)。"))
      }
    }
    report.sections.append(charts)
    report.footer = [ChartStyle.sourceLine + "をもとに idou で作成。"]
      + (inputs.isEmpty ? [] : ["入力：" + inputs.joined(separator: "、")])
    return report
  }

  /// 転入, 転出 and 社会増減 of months 1…through this year and last year, with the difference.
  func keyFigures(_ a: Area, now: String, before: String, months: String) throws(CubeError) -> HTMLReport.Section {
    let m = try cube.margins()
    let thisYear = try m.monthly(area: a, year: year)
    let lastYear = try m.monthly(area: a, year: year - 1)
    func sum(_ v: [Int64?]) -> Int64? {
      let part = v.prefix(through)
      return part.contains(nil) ? nil : part.reduce(0) { $0 + $1! }
    }
    guard let i = sum(thisYear.inflow), let o = sum(thisYear.outflow) else {
      let have = thisYear.inflow.indices.filter { thisYear.inflow[$0] != nil }.map { "\($0 + 1)月" }
      throw CubeError.noData("every month 1–\(through) of \(year) (the data has \(have.isEmpty ? "none" : have.joined(separator: ", ")))")
    }
    let li = sum(lastYear.inflow), lo = sum(lastYear.outflow)
    var t = Table(
      columns: [
        .init(key: "figure", title: ""), .init(key: "this", title: "\(now)\(months)", rightAligned: true),
        .init(key: "last", title: "\(before)\(months)", rightAligned: true),
        .init(key: "difference", title: "前年同期差", rightAligned: true),
      ])
    func row(_ name: String, _ v: Int64, _ p: Int64?) {
      t.append(
        display: [name, NumberStyle.japanese(v), p.map(NumberStyle.japanese) ?? "—", p.map { NumberStyle.difference(v - $0) } ?? "—"],
        values: [.text(name), .integer(v), p.map(Table.Value.integer) ?? .null, p.map { .integer(v - $0) } ?? .null])
    }
    row("転入", i, li)
    row("転出", o, lo)
    row("社会増減（転入超過数）", i - o, li.flatMap { l in lo.map { l - $0 } })
    t.footnotes = ["単位：人。▲は減少（転出超過）。前年の同じ月のデータがないときは —。"]
    return HTMLReport.Section(heading: "\(months)の実績", blocks: [.table(t)])
  }
}

extension ChartKind {
  /// The chart's name in the report: 社会増減の推移, 月別の転入・転出, 男女別の社会増減, 転出先別の転出者数.
  public var japaneseName: String {
    switch self {
    case .yearlyNet: "社会増減の推移"
    case .monthly: "月別の転入・転出"
    case .netBySex: "男女別の社会増減"
    case .outflowByCounterpart: "転出先別の転出者数"
    }
  }
}
