import IdouAnalysis
import IdouCore
import IdouProjection

/// The monthly report of one area as one HTML file (DESIGN §6), laid out from an ``AreaReport`` (IdouAnalysis
/// computes every figure and sentence; this only renders): the summary sentences and the KPI, months 1…M against
/// the same months a year earlier, the year-end projection with its backtest interval and the actual, the
/// projection by counterpart, the seed's monthly table, and the charts. A part the data cannot give is a note
/// in Japanese that says what is missing.
///
/// ```swift
/// let figures = try AreaReport(data: data, area: kumamoto, year: 2025, through: 9, target: -1_624, era: true)
/// let html = MigrationReport(figures).build().html
/// ```
public struct MigrationReport: Sendable {
  public var figures: AreaReport
  /// A warning box under the title (e.g. that the input is synthetic).
  public var banner: String?
  /// The input files, listed at the bottom.
  public var inputs: [String] = []
  /// The source line of the inputs (``Provenance/sourceLine(_:)``), under every chart and at the end.
  public var source: String?

  public init(_ figures: AreaReport, banner: String? = nil, inputs: [String] = []) {
    self.figures = figures
    self.banner = banner
    self.inputs = inputs
  }

  var era: YearStyle { figures.era }
  func year(_ y: Int) -> String { MigrationCharts.yearLabel(y, era: era) }
  var toDateLabel: String { Sentences.months(through: figures.months.through) }

  /// The report.
  public func build() -> HTMLReport {
    let f = figures, y = f.months.year
    var report = HTMLReport(title: "\(f.area.name)の人口移動（\(year(y))\(toDateLabel)）")
    report.lead = ["他都道府県との転入・転出・社会増減（転入超過数）、前年同期との比較、年末の見通しと図表。対象：\(f.scope.label)。"]
    report.banner = banner
    if !f.sentences.isEmpty {
      report.sections.append(.init(heading: "概況", blocks: f.sentences.map(HTMLReport.Block.paragraph)))
    }
    report.sections.append(toDateSection())
    report.sections.append(projectionSection())
    if let s = counterpartSection() { report.sections.append(s) }
    report.sections.append(monthlyTableSection())
    report.sections.append(chartSection())
    report.footer = (source.map { [$0] } ?? [])
      + (inputs.isEmpty ? [] : ["入力：" + inputs.joined(separator: "、")])
    return report
  }

  // MARK: Sections

  /// 転入, 転出 and 社会増減 of months 1…M this year and last year, with the difference.
  func toDateSection() -> HTMLReport.Section {
    let f = figures, now = year(f.months.year), before = year(f.months.year - 1)
    var t = Table(columns: [
      .init(key: "figure", title: ""), .init(key: "this", title: "\(now)\(toDateLabel)", rightAligned: true),
      .init(key: "last", title: "\(before)\(toDateLabel)", rightAligned: true),
      .init(key: "difference", title: "前年同期差", rightAligned: true, kind: .difference),
    ])
    func row(_ name: String, _ v: Int64, _ p: Int64?, signed: Bool) {
      let show = signed ? NumberStyle.japanese : NumberStyle.count
      t.append(
        display: [name, show(v), p.map(show) ?? "—", p.map { NumberStyle.difference(v - $0) } ?? "—"],
        values: [.text(name), .integer(v), p.map(Table.Value.integer) ?? .null, p.map { .integer(v - $0) } ?? .null])
    }
    row("転入", f.toDate.inflow, f.lastYearToDate?.inflow, signed: false)
    row("転出", f.toDate.outflow, f.lastYearToDate?.outflow, signed: false)
    row("社会増減（転入超過数）", f.toDate.net, f.lastYearToDate?.net, signed: true)
    t.footnotes = ["単位：人。▲は減少（転出超過）。前年の同じ月のデータがないときは —。"]
    return .init(heading: "\(toDateLabel)の実績", blocks: [.table(t)])
  }

  /// The headline estimate, how it was made, the actual year when known, and the backtest year by year.
  func projectionSection() -> HTMLReport.Section {
    let f = figures, now = year(f.months.year), before = year(f.months.year - 1), m = f.months.through
    let heading = "年末の見通し（\(now)の推計）"
    let study: ProjectionStudy
    switch f.projection {
    case .success(let s): study = s
    case .failure(let why):
      let note = f.months.through == 12
        ? "\(now)は12月までの実績があるため推計は不要。"
        : "推計できません：\(why.japanese)。"
      return .init(heading: heading, blocks: [.note(note)])
    }
    let row = study.rows[0], p = row.projection
    let rest = m == 11 ? "12月" : "\(m + 1)～12月"
    var blocks: [HTMLReport.Block] = []
    var headline: [(label: String, value: String)] = [
      ("\(now)の社会増減（推計）", "\(NumberStyle.japanese(p.net.annual))人"),
      ("うち\(toDateLabel)の実績", "\(NumberStyle.japanese(p.net.toDate))人"),
    ]
    if let i = row.interval {
      headline.append(("推計の幅（過去\(i.years)年の誤差から）", "\(NumberStyle.japanese(i.net.low))～\(NumberStyle.japanese(i.net.high))人"))
    }
    headline.append(("\(now)の転入（推計）", "\(NumberStyle.count(p.in.annual))人"))
    headline.append(("\(now)の転出（推計）", "\(NumberStyle.count(p.out.annual))人"))
    if let a = row.actual {
      headline.append(("\(now)の社会増減（実績）", "\(NumberStyle.japanese(a.net))人（推計の誤差 \(NumberStyle.difference(p.net.annual - a.net))人）"))
    }
    if let t = row.target {
      headline.append(("KPI", "\(NumberStyle.japanese(t.net))人（推計との差 \(NumberStyle.difference(t.projectedMinusTarget))人）"))
    }
    blocks.append(.figures(headline))
    if let t = row.target, let inside = t.inInterval {
      blocks.append(.paragraph(inside ? "KPIは推計の幅の中にあり、達成の可否は過去の推計誤差の範囲では判断できない。"
        : "KPIは推計の幅の外にあり、過去の推計誤差の範囲では\(t.met ? "達成" : "未達")の見込み。"))
    }
    if let a = row.actual {
      blocks.append(.note("\(now)は12月までの実績がデータにあるため、\(toDateLabel)時点の推計と並べて示す：転入 \(NumberStyle.count(a.inflow))人、転出 \(NumberStyle.count(a.outflow))人、社会増減 \(NumberStyle.japanese(a.net))人。"))
    }

    var t = Table(
      columns: [
        .init(key: "figure", title: ""), .init(key: "to_date", title: "\(now)\(toDateLabel)", rightAligned: true),
        .init(key: "last_year_to_date", title: "\(before)\(toDateLabel)", rightAligned: true),
        .init(key: "ratio", title: "比率", rightAligned: true, kind: .ratio),
        .init(key: "last_year_remainder", title: "\(before)\(rest)", rightAligned: true),
        .init(key: "projected_remainder", title: "\(now)\(rest)（推計）", rightAligned: true),
        .init(key: "annual", title: "\(now)年計（推計）", rightAligned: true),
        .init(key: "interval_low", title: "推計の幅 下限", rightAligned: true),
        .init(key: "interval_high", title: "上限", rightAligned: true),
      ],
      title: "推計の内訳（\(study.method.label)）")
    func bounds(_ b: EmpiricalInterval.Bounds?, signed: Bool) -> [String] {
      let show = signed ? NumberStyle.japanese : NumberStyle.count
      return [b.map { show($0.low) } ?? "—", b.map { show($0.high) } ?? "—"]
    }
    func boundValues(_ b: EmpiricalInterval.Bounds?) -> [Table.Value] {
      [b.map { .integer($0.low) } ?? .null, b.map { .integer($0.high) } ?? .null]
    }
    for (name, x, b) in [("転入", p.in, row.interval?.in), ("転出", p.out, row.interval?.out)] {
      t.append(
        display: [name, NumberStyle.count(x.toDate), NumberStyle.count(x.lastYearToDate), x.ratio.map { ProjectionOutput.percent($0) } ?? "—",
                  NumberStyle.count(x.lastYearRemainder), NumberStyle.count(x.projectedRemainder), NumberStyle.count(x.annual)]
                  + bounds(b, signed: false),
        values: [.text(name), .integer(x.toDate), .integer(x.lastYearToDate), x.ratio.map(Table.Value.number) ?? .null,
                 .integer(x.lastYearRemainder), .integer(x.projectedRemainder), .integer(x.annual)] + boundValues(b))
    }
    let netLastToDate = p.in.lastYearToDate - p.out.lastYearToDate
    let netLastRest = p.in.lastYearRemainder - p.out.lastYearRemainder
    let netRest = p.net.annual - p.net.toDate
    t.append(
      display: ["社会増減", NumberStyle.japanese(p.net.toDate), NumberStyle.japanese(netLastToDate), "—",
                NumberStyle.japanese(netLastRest), NumberStyle.japanese(netRest), NumberStyle.japanese(p.net.annual)]
                + bounds(row.interval?.net, signed: true),
      values: [.text("社会増減"), .integer(p.net.toDate), .integer(netLastToDate), .null, .integer(netLastRest),
               .integer(netRest), .integer(p.net.annual)] + boundValues(row.interval?.net))
    t.footnotes = [
      "\(study.method.label)：\(study.method.formulaJapanese(through: m))。転入と転出を別々に推計し、社会増減はその差（社会増減そのものに比率は掛けない）。",
    ]
    if let d = study.derivedNote { t.footnotes.append(d) }
    blocks.append(.table(t))

    switch row.backtest {
    case .success(let b):
      var bt = Table(
        columns: [
          .init(key: "year", title: "年", kind: .plain),
          .init(key: "net_projected", title: "社会増減 推計", rightAligned: true),
          .init(key: "net_actual", title: "実績", rightAligned: true),
          .init(key: "net_error", title: "誤差", rightAligned: true, kind: .difference),
          .init(key: "in_error", title: "転入の誤差", rightAligned: true, kind: .difference),
          .init(key: "out_error", title: "転出の誤差", rightAligned: true, kind: .difference),
        ],
        title: "バックテスト：過去の各年を\(toDateLabel)の実績から同じ方法で推計した結果")
      for y in b.years {
        bt.append(
          display: [year(y.year), NumberStyle.japanese(y.net.projected), NumberStyle.japanese(y.net.actual),
                    NumberStyle.difference(y.net.error), NumberStyle.difference(y.in.error), NumberStyle.difference(y.out.error)],
          values: [.integer(Int64(y.year)), .integer(y.net.projected), .integer(y.net.actual), .integer(y.net.error),
                   .integer(y.in.error), .integer(y.out.error)])
      }
      var foot = "誤差 = 推計 − 実績（人）。社会増減の MAE \(FixedPoint.fixed(b.mae.net, 0))人、RMSE \(FixedPoint.fixed(b.rmse.net, 0))人；"
        + "MAPE 転入 \(FixedPoint.fixed(b.mape.in, 2))%、転出 \(FixedPoint.fixed(b.mape.out, 2))%。"
      if let i = row.interval {
        foot += "推計の幅は過去\(i.years)年の誤差の最小～最大を今年の推計に当てたもの（誤差が交換可能なら名目カバー率 \(FixedPoint.fixed(i.nominalCoverage * 100, 0))%）。"
      }
      bt.footnotes = [foot]
      blocks.append(.table(bt))
    case .failure:
      blocks.append(.note("過去に同じ条件で推計できる年（\(toDateLabel)と年計がそろい、前年の\(toDateLabel)もある年）がデータにないため、推計の幅は示せない。"))
    }
    return .init(heading: heading, blocks: blocks)
  }

  /// The projection by counterpart group (the seed's table gives the months; the OD flows the annual totals).
  func counterpartSection() -> HTMLReport.Section? {
    let f = figures, now = year(f.months.year)
    guard let result = f.counterpartProjection else { return nil }
    let heading = "転出入先別の推計（\(now)）"
    guard case .success(let study) = result else {
      return .init(heading: heading, blocks: [.note("転出入先別には推計できない：前年の\(f.months.through == 11 ? "12月" : "\(f.months.through + 1)～12月")の転出入先別の値（月別または年計）がデータにない。")])
    }
    let hasActual = study.rows.contains { $0.actual != nil }
    var columns: [Table.Column] = [
      .init(key: "counterpart", title: "転出入先"),
      .init(key: "in_to_date", title: "転入 \(toDateLabel)", rightAligned: true),
      .init(key: "in_annual", title: "転入 年計（推計）", rightAligned: true),
      .init(key: "out_to_date", title: "転出 \(toDateLabel)", rightAligned: true),
      .init(key: "out_annual", title: "転出 年計（推計）", rightAligned: true),
      .init(key: "net_annual", title: "社会増減（推計）", rightAligned: true),
    ]
    if hasActual { columns.append(.init(key: "net_actual", title: "社会増減（実績）", rightAligned: true)) }
    var t = Table(columns: columns, title: "転出入先別の年計の推計（\(study.method.label)、転出入先ごとに推計）")
    for r in study.rows {
      let p = r.projection, name = p.key.counterpart?.name ?? "全国計"
      var display = [name, NumberStyle.count(p.in.toDate), NumberStyle.count(p.in.annual), NumberStyle.count(p.out.toDate),
                     NumberStyle.count(p.out.annual), NumberStyle.japanese(p.net.annual)]
      var values: [Table.Value] = [.text(p.key.counterpart?.codeText ?? "all"), .integer(p.in.toDate), .integer(p.in.annual),
                                   .integer(p.out.toDate), .integer(p.out.annual), .integer(p.net.annual)]
      if hasActual {
        display.append(r.actual.map { NumberStyle.japanese($0.net) } ?? "—")
        values.append(r.actual.map { .integer($0.net) } ?? .null)
      }
      t.append(display: display, values: values)
    }
    t.footnotes = ["単位：人。転出入先ごとの推計の和は総数の推計と一致するとは限らない（比率の和は和の比率ではない）。"]
    if let d = study.derivedNote { t.footnotes.append(d) }
    return .init(heading: heading, blocks: [.table(t)])
  }

  /// The seed's table: by counterpart and month, with the difference from the same month a year earlier.
  func monthlyTableSection() -> HTMLReport.Section {
    var section = HTMLReport.Section(heading: "月別・転出入先別の表（前年同月差）", blocks: [])
    guard let flows = figures.counterpartFlows else {
      section.blocks = [.note("月別のデータがないため表は作成できない。")]
      return section
    }
    do {
      let table = try MonthlyTable(flows: flows, year: figures.months.year, through: figures.months.through,
                                   directions: [.outflow, .inflow, .net])
      section.blocks = table.sections.map { .table(table.displayTable($0, era: era)) }
    } catch {
      section.blocks = [.note("表は作成できない：\(figures.months.description) の月別データがない。")]
    }
    return section
  }

  /// The four charts: 社会増減の推移 (with the projection and, when known, the actual), 男女別の社会増減, 月別の
  /// 転入・転出, 転出先別の転出者数.
  func chartSection() -> HTMLReport.Section {
    var blocks: [HTMLReport.Block] = []
    for chart in ReportCharts.all(figures, source: source) {
      switch chart {
      case .success(let svg): blocks.append(.chart(svg))
      case .failure(let why): blocks.append(.note(why.message))
      }
    }
    return .init(heading: "図表", blocks: blocks)
  }
}

/// The report's charts drawn from an ``AreaReport`` with the chart builders of ``MigrationCharts``; `idou chart`
/// draws the same.
public enum ReportCharts {
  /// Why a chart cannot be drawn, in Japanese.
  public struct Missing: Error, Sendable {
    public var message: String
  }

  /// All four charts (each an SVG or why it is missing), in the report's order.
  public static func all(_ r: AreaReport, width: Double = 1080, height: Double = 440, source: String? = nil)
    -> [Result<SVGDocument, Missing>]
  {
    ChartKind.reportKinds.map { chart($0, r, width: width, height: height, source: source) }
  }

  /// One chart.
  public static func chart(_ kind: ChartKind, _ r: AreaReport, width: Double = 1080, height: Double = 440,
                           source: String? = nil) -> Result<SVGDocument, Missing>
  {
    figure(kind, r, width: width, height: height, source: source).map { $0.svg() }
  }

  /// One chart as a figure: its SVG, or the table of its figures for a workbook.
  public static func figure(_ kind: ChartKind, _ r: AreaReport, width: Double = 1080, height: Double = 440,
                            source: String? = nil) -> Result<ChartFigure, Missing>
  {
    var style = ChartStyle()
    style.width = width
    style.height = height
    style.source = source
    let name = r.area.name, y = r.months.year, m = r.months.through
    switch kind {
    case .yearlyNet:
      let years = r.yearly.map { YearFigures(year: $0.year, inflow: $0.flows.inflow, outflow: $0.flows.outflow, months: 12) }
      let study = try? r.projection.get()
      let estimate = study.map { s in
        NetEstimate(year: y, net: s.rows[0].projection.net.annual,
                    interval: s.rows[0].interval.map { $0.net.low...$0.net.high }, through: m, method: s.method.label)
      }
      guard !years.isEmpty || estimate != nil else {
        return .failure(Missing(message: "「社会増減の推移」の図は作成できない：年計のそろった年がデータにない。"))
      }
      var chart = MigrationCharts.yearlyNet(areaName: name, years: years, estimate: estimate, era: r.era, scope: r.scope)
      if let a = r.actual, estimate != nil {
        // The projected year's actual beside its estimate (the data has the year in full).
        chart.categories.append(MigrationCharts.yearLabel(y, era: r.era) + "実績")
        for i in chart.series.indices { chart.series[i].values.append(i == 0 ? Double(a.net) : nil) }
        chart.notes.append("\(MigrationCharts.yearLabel(y, era: r.era))実績：12月までの実績（\(Sentences.months(through: m))時点の推計との比較のため）")
      } else if m == 12 || estimate == nil, let a = r.actual ?? (m == 12 ? r.toDate : nil) {
        chart.categories.append(MigrationCharts.yearLabel(y, era: r.era))
        for i in chart.series.indices { chart.series[i].values.append(i == 0 ? Double(a.net) : nil) }
      }
      chart.style = style
      return .success(.bar(chart))
    case .netBySex:
      guard !r.bySex.isEmpty else {
        return .failure(Missing(message: "「男女別の社会増減」の図は作成できない：男女別のデータがない。"))
      }
      var chart = MigrationCharts.netBySex(
        areaName: name,
        male: r.bySex.map { YearFigures(year: $0.year, inflow: $0.male.inflow, outflow: $0.male.outflow, months: 12) },
        female: r.bySex.map { YearFigures(year: $0.year, inflow: $0.female.inflow, outflow: $0.female.outflow, months: 12) },
        estimates: nil, era: r.era)
      chart.style = style
      return .success(.bar(chart))
    case .monthly:
      guard r.hasMonths else {
        return .failure(Missing(message: "「月別の転入・転出」の図は作成できない：月別のデータがない（年計のみ）。"))
      }
      func figures(_ year: Int, _ v: [AreaReport.Flows?]) -> MonthlyFigures {
        MonthlyFigures(year: year, inflow: v.map { $0?.inflow }, outflow: v.map { $0?.outflow })
      }
      var chart = MigrationCharts.monthlyInOut(areaName: name, thisYear: figures(y, r.thisYearMonths),
                                               lastYear: figures(y - 1, r.lastYearMonths), era: r.era)
      chart.style = style
      return .success(.line(chart))
    case .outflowByCounterpart:
      guard !r.counterparts.isEmpty else {
        return .failure(Missing(message: "「転出先別の転出者数」の図は作成できない：転出入先別のデータがない。"))
      }
      // The named groups, as the seed's chart (その他 = 全国計 − named would dwarf them; 全国計 is in the note).
      let outflows = r.counterparts.filter { $0.group != .rest }.map { CounterpartOutflow(counterpart: $0.group, thisYear: $0.thisYear.outflow, lastYear: $0.lastYear?.outflow) }
        + [CounterpartOutflow(counterpart: CounterpartFlows.nationalTotal, thisYear: r.toDate.outflow, lastYear: r.lastYearToDate?.outflow)]
      var chart = MigrationCharts.outflowByCounterpart(areaName: name, figures: outflows, year: y, through: m, era: r.era)
      chart.style = style
      return .success(.bar(chart))
    case .netByAge:
      return .failure(Missing(message: "「年齢別の転入超過数」の図は年齢別のデータ（e-Stat の年齢別の表）から作成する。"))
    }
  }
}

/// Fixed-point text for ratios and percentages (no Foundation): `FixedPoint.fixed(0.98709, 4)` → `0.9871`.
enum FixedPoint {
  static func fixed(_ v: Double, _ digits: Int) -> String {
    guard v.isFinite else { return "—" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let n = Int64((abs(v) * scale).rounded())
    let sign = v < 0 && n != 0 ? "-" : ""
    if digits == 0 { return sign + NumberStyle.count(n) }
    let whole = n / Int64(scale), frac = String(n % Int64(scale))
    return sign + NumberStyle.count(whole) + "." + String(repeating: "0", count: digits - frac.count) + frac
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
    case .netByAge: "年齢別の転入超過数"
    }
  }
}
