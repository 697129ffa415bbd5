import IdouAnalysis
import IdouCore

/// A projected year-end figure as the charts show it: the estimate and, when a backtest gave one, its interval.
public struct NetEstimate: Sendable, Equatable {
  public var year: Int
  /// The projected annual 転入超過数 (projected 転入 − projected 転出).
  public var net: Int64
  /// The empirical interval from past projection errors (low … high), if any.
  public var interval: ClosedRange<Int64>?
  /// The last month with data (the projection used months 1…through).
  public var through: Int
  /// The method's name for the legend, e.g. 同期比率法.
  public var method: String

  public init(year: Int, net: Int64, interval: ClosedRange<Int64>? = nil, through: Int, method: String = "同期比率法") {
    self.year = year
    self.net = net
    self.interval = interval
    self.through = through
    self.method = method
  }
}

/// The charts of the monthly report (the seed's slides), each a function of plain figures:
///
/// - ``yearlyNet(areaName:years:estimate:era:)``: 社会増減 per year with the projected year marked 推計;
/// - ``monthlyInOut(areaName:thisYear:lastYear:era:)``: 転入 and 転出 per month, this year against last year;
/// - ``netBySex(areaName:male:female:estimates:era:)``: 男女別の社会増減 per year;
/// - ``outflowByCounterpart(areaName:figures:year:through:era:)``: 転出 by counterpart area (東京圏, 大阪圏, …).
public enum MigrationCharts {
  /// `2025年`, `R7年` or `令和7年`, as `era` says.
  public static func yearLabel(_ year: Int, era: YearStyle) -> String {
    era.label(year)
  }

  /// 社会増減 (転入超過数) per calendar year: bars up for gains, down (▲) for losses; the projected year hatched,
  /// labelled （推計）, with the backtested interval as a whisker.
  ///
  /// Only complete years are drawn as actual figures; a year still running appears only as the estimate.
  ///
  /// - Parameters:
  ///   - areaName: 熊本県, 東京圏…
  ///   - years: the area's figures per year (``Margins/yearly(area:sex:)``); incomplete years are left out.
  ///   - estimate: the projected year, drawn after the actual years.
  ///   - era: label years R7年 instead of 2025年.
  ///   - scope: who the figures count, for the subtitle (移動者 = 日本人・外国人計).
  public static func yearlyNet(areaName: String, years: [YearFigures], estimate: NetEstimate?, era: YearStyle = false,
                               scope: PopulationScope = .all) -> BarChart {
    let actual = years.filter { $0.isComplete && $0.year != estimate?.year }.sorted { $0.year < $1.year }
    var categories = actual.map { yearLabel($0.year, era: era) }
    var values: [Double?] = actual.map { Double($0.net) }
    var series = BarChart.Series(name: "転入超過数", values: [], color: ChartStyle.Palette.net,
                                 negativeColor: ChartStyle.Palette.netNegative)
    var notes: [String] = []
    var estimateIndex: Int? = nil
    if let e = estimate {
      estimateIndex = categories.count
      categories.append(yearLabel(e.year, era: era))
      values.append(Double(e.net))
      if let r = e.interval { series.intervals[categories.count - 1] = Double(r.lowerBound)...Double(r.upperBound) }
      notes.append("\(yearLabel(e.year, era: era))は1～\(e.through)月の実績から\(e.method)で推計"
        + (e.interval == nil ? "" : "（幅は過去の推計誤差による経験的区間）"))
    }
    let skipped = years.filter { !$0.isComplete && $0.year != estimate?.year }
    if !skipped.isEmpty {
      notes.append("年の途中までのデータしかない年（" + skipped.map { yearLabel($0.year, era: era) }.joined(separator: "、")
        + "）は実績として表示していない")
    }
    series.values = values
    let span = [actual.first?.year, estimate?.year ?? actual.last?.year].compactMap { $0 }
    var chart = BarChart(
      title: "\(areaName)の社会増減（転入超過数）の推移",
      subtitle: span.count == 2 ? "\(yearLabel(span[0], era: era))～\(yearLabel(span[1], era: era))、\(scope.label)" : nil,
      categories: categories, series: [series])
    if let i = estimateIndex { chart.estimates = [i] }
    chart.estimateLabel = "推計（\(estimate?.method ?? "")）"
    chart.intervalLabel = "推計の幅（バックテスト）"
    chart.notes = notes
    return chart
  }

  /// 転入 and 転出 per month: this year as solid lines, last year dashed, months without data left open.
  public static func monthlyInOut(areaName: String, thisYear: MonthlyFigures, lastYear: MonthlyFigures, era: YearStyle = false) -> LineChart {
    let now = yearLabel(thisYear.year, era: era), before = yearLabel(lastYear.year, era: era)
    func d(_ v: [Int64?]) -> [Double?] { v.map { $0.map(Double.init) } }
    let through = thisYear.inflow.lastIndex { $0 != nil }.map { $0 + 1 }
    var chart = LineChart(
      title: "\(areaName)の月別転入・転出者数（\(now)と\(before)）",
      subtitle: through.map { "\(now)は\($0)月まで" },
      categories: (1...12).map { "\($0)月" },
      series: [
        .init(name: "転入 \(now)", values: d(thisYear.inflow), color: ChartStyle.Palette.inflow),
        .init(name: "転入 \(before)", values: d(lastYear.inflow), color: ChartStyle.Palette.inflowLastYear, dashed: true),
        .init(name: "転出 \(now)", values: d(thisYear.outflow), color: ChartStyle.Palette.outflow),
        .init(name: "転出 \(before)", values: d(lastYear.outflow), color: ChartStyle.Palette.outflowLastYear, dashed: true),
      ])
    chart.notes = ["3・4月は進学・就職による移動が集中する"]
    return chart
  }

  /// 男女別の社会増減: the net of 男 and 女 side by side per complete year, plus projected years when given.
  ///
  /// - Parameter estimates: projected net per sex for a year still running (`year`, `male`, `female`).
  public static func netBySex(areaName: String, male: [YearFigures], female: [YearFigures],
                              estimates: (year: Int, male: Int64, female: Int64, through: Int)? = nil,
                              era: YearStyle = false) -> BarChart {
    let femaleByYear = Dictionary(female.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a })
    let years = male.filter { $0.isComplete && femaleByYear[$0.year]?.isComplete == true && $0.year != estimates?.year }
      .map(\.year).sorted()
    let maleByYear = Dictionary(male.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a })
    var categories = years.map { yearLabel($0, era: era) }
    var m: [Double?] = years.map { Double(maleByYear[$0]!.net) }
    var f: [Double?] = years.map { Double(femaleByYear[$0]!.net) }
    var notes: [String] = []
    if let e = estimates {
      categories.append(yearLabel(e.year, era: era))
      m.append(Double(e.male))
      f.append(Double(e.female))
      notes.append("\(yearLabel(e.year, era: era))は1～\(e.through)月の実績から男女別に同期比率法で推計")
    }
    var chart = BarChart(
      title: "\(areaName)の男女別の社会増減（転入超過数）",
      categories: categories,
      series: [
        .init(name: "男", values: m, color: ChartStyle.Palette.male),
        .init(name: "女", values: f, color: ChartStyle.Palette.female),
      ])
    if estimates != nil { chart.estimates = [categories.count - 1] }
    chart.notes = notes
    return chart
  }

  /// 転出 by counterpart area (the groups of a region set, then 全国計): this year's months 1…through beside the
  /// same months a year earlier.
  ///
  /// - Parameter includeTotal: draw 全国計 too (it dwarfs the regions; off by default, given in a note).
  public static func outflowByCounterpart(areaName: String, figures: [CounterpartOutflow], year: Int, through: Int?,
                                          era: YearStyle = false, includeTotal: Bool = false) -> BarChart {
    let shown = figures.filter { includeTotal || $0.counterpart != CounterpartFlows.nationalTotal }
    let now = yearLabel(year, era: era), before = yearLabel(year - 1, era: era)
    let months = through.map { $0 == 1 ? "1月" : "1～\($0)月" } ?? "年計"
    var series: [BarChart.Series] = []
    if shown.contains(where: { $0.lastYear != nil }) {
      series.append(.init(name: "\(before) \(months)", values: shown.map { $0.lastYear.map(Double.init) },
                          color: ChartStyle.Palette.lastYear))
    }
    series.append(.init(name: "\(now) \(months)", values: shown.map { Double($0.thisYear) }, color: ChartStyle.Palette.outflow))
    var chart = BarChart(
      title: "\(areaName)からの転出先別転出者数（\(now) \(months)）",
      categories: shown.map(\.counterpart.name), series: series)
    chart.alwaysShowLegend = true
    if !includeTotal, let total = figures.first(where: { $0.counterpart == CounterpartFlows.nationalTotal }) {
      chart.notes = ["全国計（転出者総数）：\(now) \(NumberStyle.count(total.thisYear))人"
        + (total.lastYear.map { "（前年同期 \(NumberStyle.count($0))人、差 \(NumberStyle.difference(total.thisYear - $0))）" } ?? "")]
    }
    return chart
  }

  /// 転入超過 by 5歳階級: 男 and 女 side by side for each class (0～4歳 … 90歳以上), gains above the axis and
  /// losses below, labelled with ▲ like the axis; 総数 alone when the data has no 男/女.
  ///
  /// - Parameter bySex: the age rows of each sex to draw (男 and 女, or 総数).
  public static func netByAge(areaName: String, year: Int, bySex: [(sex: Sex, rows: [AgeTable.Row])],
                              era: YearStyle = false) -> BarChart {
    let classes = AgeClass.fiveYear
    var series: [BarChart.Series] = []
    for (sex, rows) in bySex {
      let net = Dictionary(rows.map { ($0.age, $0.net) }, uniquingKeysWith: { a, _ in a })
      let color = sex == .male ? ChartStyle.Palette.male : sex == .female ? ChartStyle.Palette.female : ChartStyle.Palette.net
      series.append(.init(name: sex.label, values: classes.map { c in net[c].flatMap { $0 }.map(Double.init) }, color: color))
    }
    var chart = BarChart(
      title: "\(areaName)の年齢（5歳階級）別転入超過数（\(yearLabel(year, era: era))）",
      categories: classes.map { $0.label.replacingAll("歳", with: "") }, series: series)
    chart.alwaysShowLegend = true
    chart.notes = ["年齢は5歳階級（90は90歳以上）。上は転入超過、下（▲）は転出超過"]
    return chart
  }
}
