import IdouCore
import IdouProjection

/// The year-end projection of one area for the report (DESIGN §5): 転入 and 転出 projected separately by a method
/// (同期比率法 by default), net as their difference, and — when past years allow a backtest — the empirical interval
/// from the method's past errors, with those errors year by year.
///
/// ```swift
/// let p = try ReportProjection(cube: cube, area: Area(Prefecture(code: 43)!), year: 2025, through: 9)
/// p.projection.net.annual        // projected 転入 − projected 転出
/// p.interval?.net                // low … high from the backtest
/// ```
public struct ReportProjection: Sendable {
  public var year: Int
  /// The last month with data: the projection used months 1…through.
  public var through: Int
  public var method: ProjectionMethod
  /// 総数.
  public var projection: SeriesProjection
  /// The backtest of the same series and method over the complete years before `year`, if there are any.
  public var backtest: SeriesBacktest?
  public var interval: EmpiricalInterval?
  /// Why there is no backtest, when there is none.
  public var backtestMissing: String?
  /// 男 and 女 projected separately, when the data has them.
  public var male: SeriesProjection?
  public var female: SeriesProjection?

  /// Projects `area`'s year from months 1…`through` and backtests the method on the earlier complete years.
  ///
  /// - Throws: `CubeError` when the cube has no months or lacks the area; `ProjectionError` when the year lacks
  ///   months 1…through or last year's months (a missing month is never taken as zero) or a denominator is 0.
  public init(cube: MigrationCube, area: Area, year: Int, through: Int,
              method: ProjectionMethod = .samePeriodRatio) throws {
    guard let a = cube.areas.first(where: { $0 == area }) else { throw CubeError.noData("area \(area)") }
    let panel = try MonthlyPanel(cube: cube, counterparts: nil, areas: [area])
    let projection = try Projection(panel: panel, year: year, through: through, method: method)
    self.year = year
    self.through = through
    self.method = method
    self.projection = try projection.series(SeriesKey(area: a))
    if cube.availableSexes.contains(.male) && cube.availableSexes.contains(.female) {
      male = try? projection.series(SeriesKey(area: a, sex: .male))
      female = try? projection.series(SeriesKey(area: a, sex: .female))
    }
    do {
      let runs = try Backtest.run(panel: panel, through: through, methods: [method], before: year)
      let b = try runs[0].series(SeriesKey(area: a))
      backtest = b
      interval = b.interval(for: self.projection)
    } catch {
      backtestMissing = "\(error)"
    }
  }

  /// The estimate the yearly chart draws: the projected net and its interval.
  public var estimate: NetEstimate {
    NetEstimate(year: year, net: projection.net.annual,
                interval: interval.map { $0.net.low ... $0.net.high }, through: through, method: method.label)
  }
}

extension ReportProjection {
  /// The report's section: the headline estimate, how it was made (the table of the method's figures), and the
  /// backtest year by year with its error measures.
  public func section(era: Bool) -> HTMLReport.Section {
    let now = MigrationCharts.yearLabel(year, era: era), before = MigrationCharts.yearLabel(year - 1, era: era)
    let toDate = through == 1 ? "1月" : "1～\(through)月"
    let rest = through == 11 ? "12月" : "\(through + 1)～12月"
    let p = projection
    var blocks: [HTMLReport.Block] = []

    var headline: [(label: String, value: String)] = [
      ("\(now)の社会増減（推計）", "\(NumberStyle.japanese(p.net.annual))人"),
      ("うち\(toDate)の実績", "\(NumberStyle.japanese(p.net.toDate))人"),
    ]
    if let i = interval {
      headline.append(("推計の幅（過去\(i.years)年の誤差から）", "\(NumberStyle.japanese(i.net.low))～\(NumberStyle.japanese(i.net.high))人"))
    }
    headline.append(("\(now)の転入（推計）", "\(NumberStyle.count(p.in.annual))人"))
    headline.append(("\(now)の転出（推計）", "\(NumberStyle.count(p.out.annual))人"))
    blocks.append(.figures(headline))

    var t = Table(
      columns: [
        .init(key: "figure", title: ""), .init(key: "to_date", title: "\(now)\(toDate)", rightAligned: true),
        .init(key: "last_year_to_date", title: "\(before)\(toDate)", rightAligned: true),
        .init(key: "ratio", title: "比率", rightAligned: true),
        .init(key: "last_year_remainder", title: "\(before)\(rest)", rightAligned: true),
        .init(key: "projected_remainder", title: "\(now)\(rest)（推計）", rightAligned: true),
        .init(key: "annual", title: "\(now)年計（推計）", rightAligned: true),
        .init(key: "interval", title: "推計の幅", rightAligned: true),
      ],
      title: "推計の内訳（\(method.label)）")
    func bounds(_ b: EmpiricalInterval.Bounds?) -> String {
      b.map { "\(NumberStyle.japanese($0.low))～\(NumberStyle.japanese($0.high))" } ?? "—"
    }
    for (name, f, b) in [("転入", p.in, interval?.in), ("転出", p.out, interval?.out)] {
      t.append(
        display: [name, NumberStyle.count(f.toDate), NumberStyle.count(f.lastYearToDate), f.ratio.map { FixedPoint.fixed($0, 4) } ?? "—",
                  NumberStyle.count(f.lastYearRemainder), NumberStyle.count(f.projectedRemainder), NumberStyle.count(f.annual), bounds(b)],
        values: [.text(name), .integer(f.toDate), .integer(f.lastYearToDate), f.ratio.map(Table.Value.number) ?? .null,
                 .integer(f.lastYearRemainder), .integer(f.projectedRemainder), .integer(f.annual), .null])
    }
    let netLastToDate = p.in.lastYearToDate - p.out.lastYearToDate
    let netLastRest = p.in.lastYearRemainder - p.out.lastYearRemainder
    let netRest = p.in.projectedRemainder - p.out.projectedRemainder
    t.append(
      display: ["社会増減", NumberStyle.japanese(p.net.toDate), NumberStyle.japanese(netLastToDate), "—",
                NumberStyle.japanese(netLastRest), NumberStyle.japanese(netRest), NumberStyle.japanese(p.net.annual),
                bounds(interval?.net)],
      values: [.text("社会増減"), .integer(p.net.toDate), .integer(netLastToDate), .null, .integer(netLastRest),
               .integer(netRest), .integer(p.net.annual), .null])
    t.footnotes = [
      "\(method.label)：\(ReportProjection.formula(method, through: through))。転入と転出を別々に推計し、社会増減はその差（社会増減そのものに比率は掛けない）。",
    ]
    blocks.append(.table(t))

    if let m = male, let f = female {
      blocks.append(.paragraph("男女別の推計（それぞれ\(method.label)）：男 \(NumberStyle.japanese(m.net.annual))人、女 \(NumberStyle.japanese(f.net.annual))人。"
        + "男女別の推計の和（\(NumberStyle.japanese(m.net.annual + f.net.annual))人）は総数の推計と一致するとは限らない。"))
    }

    if let b = backtest {
      var bt = Table(
        columns: [
          .init(key: "year", title: "年"),
          .init(key: "net_projected", title: "社会増減 推計", rightAligned: true),
          .init(key: "net_actual", title: "実績", rightAligned: true),
          .init(key: "net_error", title: "誤差", rightAligned: true),
          .init(key: "in_error", title: "転入の誤差", rightAligned: true),
          .init(key: "out_error", title: "転出の誤差", rightAligned: true),
        ],
        title: "バックテスト：過去の各年を\(toDate)の実績から同じ方法で推計した結果")
      for y in b.years {
        bt.append(
          display: [MigrationCharts.yearLabel(y.year, era: era), NumberStyle.japanese(y.net.projected), NumberStyle.japanese(y.net.actual),
                    NumberStyle.difference(y.net.error), NumberStyle.difference(y.in.error), NumberStyle.difference(y.out.error)],
          values: [.integer(Int64(y.year)), .integer(y.net.projected), .integer(y.net.actual), .integer(y.net.error),
                   .integer(y.in.error), .integer(y.out.error)])
      }
      var foot = "誤差 = 推計 − 実績（人）。社会増減の MAE \(FixedPoint.fixed(b.mae.net, 0))人、RMSE \(FixedPoint.fixed(b.rmse.net, 0))人；"
        + "MAPE 転入 \(FixedPoint.fixed(b.mape.in, 2))%、転出 \(FixedPoint.fixed(b.mape.out, 2))%。"
      if let i = interval {
        foot += "推計の幅は過去\(i.years)年の誤差の最小～最大を今年の推計に当てたもの（誤差が交換可能なら名目カバー率 \(FixedPoint.fixed(i.nominalCoverage * 100, 0))%）。"
      }
      bt.footnotes = [foot]
      blocks.append(.table(bt))
    } else if let why = backtestMissing {
      blocks.append(.note("バックテストができないため推計の幅はない：\(why)。"))
    }
    return HTMLReport.Section(heading: "年末の見通し（\(now)の推計）", blocks: blocks)
  }
}

extension ReportProjection {
  /// How a method projects the rest of the year, in the report's words.
  static func formula(_ method: ProjectionMethod, through m: Int) -> String {
    let ytd = m == 1 ? "1月" : "1～\(m)月", rest = m == 11 ? "12月" : "\(m + 1)～12月"
    switch method {
    case .samePeriodRatio: return "比率 = 今年\(ytd) ÷ 前年\(ytd)、今年\(rest)の推計 = 比率 × 前年\(rest)"
    case .samePeriodDifference: return "今年\(rest)の各月 = 前年の同月 + \(ytd)の前年同期差の月平均"
    case .seasonalShare: return "年計 = 今年\(ytd) ÷ 過去数年の年計に占める\(ytd)の割合の平均"
    case .averageRatio: return "比率 = 今年\(ytd) ÷ 過去数年の\(ytd)の平均、今年\(rest) = 比率 × 過去数年の\(rest)の平均"
    case .seasonalNaive: return "今年\(rest) = 前年\(rest)"
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

extension ChartRequest {
  /// Sets ``estimate`` (and ``sexEstimates`` when the data has 男/女) from the projection of the requested year
  /// when that year has months 1…M with M < 12, so that the yearly charts show it as 推計.
  ///
  /// - Returns: why there is no projection (the year is complete, months are missing, a denominator is 0), or `nil`.
  public mutating func attachProjection(cube: MigrationCube, method: ProjectionMethod = .samePeriodRatio) -> String? {
    do {
      let year = try resolvedYear(cube)
      guard let through = resolvedThrough(cube, year: year), through < 12 else {
        return "\(year) has no months to project (a whole year, or all twelve months)"
      }
      let p = try ReportProjection(cube: cube, area: area, year: year, through: through, method: method)
      estimate = p.estimate
      if let m = p.male, let f = p.female {
        sexEstimates = .init(year: year, male: m.net.annual, female: f.net.annual, through: through)
      }
      return nil
    } catch {
      return "\(error)"
    }
  }
}
