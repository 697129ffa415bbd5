import IdouAnalysis
import IdouCore
import IdouProjection

/// `idou project` and `idou backtest` output: text and CSV as tables, JSON in the shapes issues 6 and 11 fix.
/// Every title and note is Japanese; JSON keys and method names stay machine words.
public enum ProjectionOutput {
  /// What one projected row is: a series, the view its figures come from, and what the study adds beside it.
  public struct Row: Sendable {
    public var projection: SeriesProjection
    /// The axes along which this row is the sum of its parts (empty: the row's own projection).
    public var reconciledBy: Set<ReconciliationAxis>
    /// The range of the method's past errors applied to this row (its own projection only).
    public var interval: EmpiricalInterval?
    /// The projected year's actual figures, when the data has the whole year.
    public var actual: ProjectionStudy.Actual?
    public var target: TargetComparison?

    public init(_ projection: SeriesProjection, reconciledBy: Set<ReconciliationAxis> = [],
                interval: EmpiricalInterval? = nil, actual: ProjectionStudy.Actual? = nil,
                target: TargetComparison? = nil) {
      self.projection = projection
      self.reconciledBy = reconciledBy
      self.interval = interval
      self.actual = actual
      self.target = target
    }

    /// A study's row as it is (its own projection).
    public init(_ row: ProjectionStudy.Row) {
      self.init(row.projection, interval: row.interval, actual: row.actual, target: row.target)
    }

    public var isReconciledTotal: Bool { !reconciledBy.isEmpty }
  }

  /// `1–9月` for months 1…9, `1月` for month 1; `10–12月`, `12月`.
  public static func months(_ range: ClosedRange<Int>) -> String {
    range.count == 1 ? "\(range.lowerBound)月" : "\(range.lowerBound)–\(range.upperBound)月"
  }

  // MARK: project

  /// The JSON of `idou project`: one object `{area, year, through, method, in, out, net, interval, actual, error,
  /// target}` where `in` and `out` are `{to_date, last_year_to_date, ratio, last_year_remainder,
  /// projected_remainder, annual}` (`ratio` only where the method has one), `net` is `{to_date, annual}`,
  /// `interval` is `{years, coverage, in, out, net}` with `{low, high}` each (or null), `actual` is `{in, out, net}`
  /// and `error` `{net}` when the projected year is complete in the data, and `target` `{net,
  /// projected_minus_target, met, in_interval}` with `--target`. Several rows (areas, `--sex all`, counterparts)
  /// give an array whose objects also say their `area_name`, `sex`, `counterpart` and `view`.
  public static func projectJSON(_ rows: [Row], year: Int, through: Int, method: ProjectionMethod,
                                 view: ProjectionView, single: Bool, derivedFrom: [Int] = []) -> String {
    func figures(_ f: SeriesProjection.Figures, ratio: Bool) -> String {
      var parts = ["\"to_date\": \(f.toDate)", "\"last_year_to_date\": \(f.lastYearToDate)"]
      if ratio, let r = f.ratio { parts.append("\"ratio\": \(r)") }
      parts += ["\"last_year_remainder\": \(f.lastYearRemainder)", "\"projected_remainder\": \(f.projectedRemainder)",
                "\"annual\": \(f.annual)"]
      return "{" + parts.joined(separator: ", ") + "}"
    }
    func bounds(_ b: EmpiricalInterval.Bounds) -> String { "{\"low\": \(b.low), \"high\": \(b.high)}" }
    let objects = rows.map { row -> String in
      let p = row.projection
      var fields = ["\"area\": \(JSON.string(p.key.area.codeText))"]
      if !single { fields.append("\"area_name\": \(JSON.string(p.key.area.name))") }
      fields += ["\"year\": \(year)", "\"through\": \(through)", "\"method\": \(JSON.string(method.rawValue))"]
      if !single {
        fields.append("\"sex\": \(JSON.string(p.key.sex.word))")
        if let c = p.key.counterpart { fields.append("\"counterpart\": \(JSON.string(c.codeText))") }
        fields.append("\"view\": \(JSON.string(view.rawValue))")
      }
      let ratio = method.hasRatio && !row.isReconciledTotal
      fields += ["\"in\": \(figures(p.in, ratio: ratio))", "\"out\": \(figures(p.out, ratio: ratio))",
                 "\"net\": {\"to_date\": \(p.net.toDate), \"annual\": \(p.net.annual)}"]
      if !derivedFrom.isEmpty {
        fields.append("\"remainder_from_annual\": [" + derivedFrom.map(String.init).joined(separator: ", ") + "]")
      }
      fields.append("\"interval\": " + (row.interval.map { i in
        "{\"years\": \(i.years), \"coverage\": \(JSON.value(.number(rounded(i.nominalCoverage)))), "
          + "\"in\": \(bounds(i.in)), \"out\": \(bounds(i.out)), \"net\": \(bounds(i.net))}"
      } ?? "null"))
      if let a = row.actual {
        fields.append("\"actual\": {\"in\": \(a.inflow), \"out\": \(a.outflow), \"net\": \(a.net)}")
        fields.append("\"error\": {\"net\": \(p.net.annual - a.net)}")
      }
      if let t = row.target {
        fields.append("\"target\": {\"net\": \(t.net), \"projected_minus_target\": \(t.projectedMinusTarget), "
          + "\"met\": \(t.met), \"in_interval\": \(t.inInterval.map { "\($0)" } ?? "null")}")
      }
      return "{" + fields.joined(separator: ", ") + "}"
    }
    if single, let only = objects.first { return only + "\n" }
    return "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n"
  }

  /// The text and CSV table of `idou project` for one area: one line per series and direction (転入, 転出, 社会増減).
  public static func projectTable(_ rows: [Row], year: Int, through: Int, method: ProjectionMethod,
                                  view: ProjectionView, history: Int, derivedNote: String? = nil) -> Table {
    let area = rows.first?.projection.key.area
    let grouped = rows.contains { $0.projection.key.counterpart != nil }
    var columns: [Table.Column] = [.init(key: "area"), .init(key: "year", kind: .plain), .init(key: "through", kind: .plain),
                                   .init(key: "method"), .init(key: "sex", title: "男女")]
    if grouped { columns.append(.init(key: "counterpart", title: "転出入先")) }
    columns += [
      .init(key: "direction", title: ""),
      .init(key: "to_date", title: "\(year) \(months(1...through))", rightAligned: true),
      .init(key: "last_year_to_date", title: "\(year - 1) \(months(1...through))", rightAligned: true),
      .init(key: "ratio", title: "同期比", rightAligned: true, kind: .ratio),
      .init(key: "last_year_remainder", title: "\(year - 1) \(months((through + 1)...12))", rightAligned: true),
      .init(key: "projected_remainder", title: "\(year) \(months((through + 1)...12)) 推計", rightAligned: true),
      .init(key: "annual", title: "\(year) 年計推計", rightAligned: true),
    ]
    var table = Table(
      columns: columns,
      title: "\(area.map { "\($0.name) (\($0.codeText))" } ?? "") \(year)年：\(months(1...through))のデータから推計、"
        + "\(method.label) (\(method.rawValue))\(method.usesHistory ? "、k = \(history)" : "")")
    table.sheetName = "年計の推計"
    for row in rows {
      let p = row.projection
      let lead: [Table.Value] = [.text(p.key.area.codeText), .integer(Int64(year)), .integer(Int64(through)),
                                 .text(method.rawValue), .text(p.key.sex.word)]
        + (grouped ? [.text(p.key.counterpart?.codeText ?? "all")] : [])
      let leadText = [p.key.area.codeText, "\(year)", "\(through)", method.rawValue,
                      p.key.sex.label + (row.reconciledBy.contains(.sex) ? " (男+女)" : "")]
        + (grouped ? [(p.key.counterpart?.name ?? "全国計") + (row.reconciledBy.contains(.counterpart) ? " (計)" : "")] : [])
      for d in Direction.allCases {
        let f = d == .in ? p.in : p.out
        let ratio = method.hasRatio && !row.isReconciledTotal ? f.ratio : nil
        table.append(
          display: leadText + [
            d.label, NumberStyle.count(f.toDate), NumberStyle.count(f.lastYearToDate),
            ratio.map { percent($0) } ?? "", NumberStyle.count(f.lastYearRemainder),
            NumberStyle.count(f.projectedRemainder), NumberStyle.count(f.annual),
          ],
          values: lead + [
            .text(d.rawValue), .integer(f.toDate), .integer(f.lastYearToDate), ratio.map { .number($0) } ?? .null,
            .integer(f.lastYearRemainder), .integer(f.projectedRemainder), .integer(f.annual),
          ])
      }
      table.append(
        display: leadText + ["社会増減", NumberStyle.japanese(p.net.toDate), "", "", "", "",
                             NumberStyle.japanese(p.net.annual)],
        values: lead + [.text("net"), .integer(p.net.toDate), .null, .null, .null, .null, .integer(p.net.annual)])
    }
    // Text shows the identifying columns once, in the title; CSV keeps them on every row.
    table.footnotes = [
      "社会増減 = 推計転入 − 推計転出（社会増減そのものに比率は掛けない。端数は転入・転出の推計値の差で丸める）",
      "方法：\(method.formulaJapanese(through: through))",
    ]
    if let derivedNote { table.footnotes.append(derivedNote) }
    if rows.count > 1 { table.footnotes.insert(view.statementJapanese, at: 0) }
    return table
  }

  /// The lines under one area's table: the interval, the actual year and the error, the KPI.
  public static func projectLines(_ row: Row, year: Int) -> String {
    var out = ""
    let p = row.projection
    if let i = row.interval {
      out += "推計の幅（過去\(i.years)年の推計誤差の最小～最大、名目カバー率 \(Int((i.nominalCoverage * 100).rounded()))%）："
        + "社会増減 \(NumberStyle.japanese(i.net.low))～\(NumberStyle.japanese(i.net.high))、"
        + "転入 \(NumberStyle.count(i.in.low))～\(NumberStyle.count(i.in.high))、"
        + "転出 \(NumberStyle.count(i.out.low))～\(NumberStyle.count(i.out.high))\n"
    }
    if let a = row.actual {
      out += "実績（\(year)年）：転入 \(NumberStyle.count(a.inflow))、転出 \(NumberStyle.count(a.outflow))、"
        + "社会増減 \(NumberStyle.japanese(a.net))（推計の誤差 \(NumberStyle.difference(p.net.annual - a.net))人）\n"
    }
    if let t = row.target {
      out += t.sentence + (t.inInterval == true ? "（KPIは推計の幅の中）" : t.inInterval == false ? "（KPIは推計の幅の外）" : "") + "\n"
    }
    return out
  }

  /// The table of `idou project` over many areas: one line per area, sorted as given (by code).
  public static func projectAreasTable(_ rows: [Row], year: Int, through: Int, method: ProjectionMethod,
                                       derivedNote: String? = nil) -> Table {
    let ytd = months(1...through)
    let hasActual = rows.contains { $0.actual != nil }, hasTarget = rows.contains { $0.target != nil }
    var columns: [Table.Column] = [
      .init(key: "area", title: "コード"), .init(key: "area_name", title: "地域"),
      .init(key: "in_to_date", title: "転入 \(ytd)", rightAligned: true),
      .init(key: "in_diff", title: "前年同期差", rightAligned: true, kind: .difference),
      .init(key: "out_to_date", title: "転出 \(ytd)", rightAligned: true),
      .init(key: "out_diff", title: "前年同期差", rightAligned: true, kind: .difference),
      .init(key: "net_to_date", title: "社会増減 \(ytd)", rightAligned: true),
      .init(key: "net_diff", title: "前年同期差", rightAligned: true, kind: .difference),
    ]
    if method.hasRatio {
      columns += [.init(key: "in_ratio", title: "同期比 転入", rightAligned: true, kind: .ratio),
                  .init(key: "out_ratio", title: "同期比 転出", rightAligned: true, kind: .ratio)]
    }
    columns += [
      .init(key: "in_annual", title: "転入 年計推計", rightAligned: true),
      .init(key: "out_annual", title: "転出 年計推計", rightAligned: true),
      .init(key: "net_annual", title: "社会増減 年計推計", rightAligned: true),
      .init(key: "net_low", title: "推計の幅 下限", rightAligned: true),
      .init(key: "net_high", title: "上限", rightAligned: true),
    ]
    if hasActual {
      columns += [.init(key: "net_actual", title: "社会増減 実績", rightAligned: true),
                  .init(key: "net_error", title: "誤差", rightAligned: true, kind: .difference)]
    }
    if hasTarget { columns.append(.init(key: "projected_minus_target", title: "推計 − KPI", rightAligned: true, kind: .difference)) }
    var t = Table(columns: columns, title: "\(year)年\(ytd)の転入・転出・社会増減（前年同期差）と年計の推計（\(method.label)、\(method.rawValue)）")
    t.sheetName = "都道府県別の推計"
    for row in rows {
      let p = row.projection
      let dIn = p.in.toDate - p.in.lastYearToDate, dOut = p.out.toDate - p.out.lastYearToDate, dNet = dIn - dOut
      var display = [p.key.area.codeText, p.key.area.name, NumberStyle.count(p.in.toDate), NumberStyle.difference(dIn),
                     NumberStyle.count(p.out.toDate), NumberStyle.difference(dOut), NumberStyle.japanese(p.net.toDate),
                     NumberStyle.difference(dNet)]
      var values: [Table.Value] = [.text(p.key.area.codeText), .text(p.key.area.name), .integer(p.in.toDate), .integer(dIn),
                                   .integer(p.out.toDate), .integer(dOut), .integer(p.net.toDate), .integer(dNet)]
      if method.hasRatio {
        display += [p.in.ratio.map(percent) ?? "—", p.out.ratio.map(percent) ?? "—"]
        values += [p.in.ratio.map(Table.Value.number) ?? .null, p.out.ratio.map(Table.Value.number) ?? .null]
      }
      display += [NumberStyle.count(p.in.annual), NumberStyle.count(p.out.annual), NumberStyle.japanese(p.net.annual),
                  row.interval.map { NumberStyle.japanese($0.net.low) } ?? "—",
                  row.interval.map { NumberStyle.japanese($0.net.high) } ?? "—"]
      values += [.integer(p.in.annual), .integer(p.out.annual), .integer(p.net.annual),
                 row.interval.map { .integer($0.net.low) } ?? .null, row.interval.map { .integer($0.net.high) } ?? .null]
      if hasActual {
        display += [row.actual.map { NumberStyle.japanese($0.net) } ?? "—",
                    row.actual.map { NumberStyle.difference(p.net.annual - $0.net) } ?? "—"]
        values += [row.actual.map { .integer($0.net) } ?? .null, row.actual.map { .integer(p.net.annual - $0.net) } ?? .null]
      }
      if hasTarget {
        display.append(row.target.map { NumberStyle.difference($0.projectedMinusTarget) } ?? "—")
        values.append(row.target.map { .integer($0.projectedMinusTarget) } ?? .null)
      }
      t.append(display: display, values: values)
    }
    t.footnotes = [
      "単位：人（同期比は％）。▲は転出超過（差では減少）。前年同期差 = \(year)年\(ytd) − \(year - 1)年\(ytd)。社会増減の推計 = 推計転入 − 推計転出。",
      "推計の幅：同じ方法で過去の各年を\(ytd)から推計したときの誤差の最小～最大を今年の推計に当てたもの。",
    ]
    if let derivedNote { t.footnotes.append(derivedNote) }
    return t
  }

  /// The table without the columns that the title already says (area, year, through, method), for text output.
  public static func forPeople(_ table: Table) -> Table {
    let drop: Set<String> = ["area", "year", "through", "method"]
    var t = Table(columns: table.columns.filter { !drop.contains($0.key) }, title: table.title)
    t.sheetName = table.sheetName
    let keep = table.columns.indices.filter { !drop.contains(table.columns[$0].key) }
    for (d, v) in zip(table.display, table.values) {
      t.append(display: keep.map { d[$0] }, values: keep.map { v[$0] })
    }
    t.footnotes = table.footnotes
    return t
  }

  /// A ratio as a percentage with two decimals: 98.71%.
  public static func percent(_ r: Double) -> String {
    let hundredths = Int64((r * 10_000).rounded(.toNearestOrAwayFromZero))
    let frac = hundredths % 100
    return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)%"
  }

  /// A measure rounded to two decimals for output.
  public static func rounded(_ x: Double) -> Double { (x * 100).rounded(.toNearestOrAwayFromZero) / 100 }

  // MARK: backtest

  /// The JSON of `idou backtest` for one series: per method `{method, through, years: [{year, in: {projected,
  /// actual, error}, out, net}], mae: {in, out, net}, rmse: {in, out, net}, mape: {in, out}}`, followed by `rank`
  /// (1 = smallest net MAE) and `interval` (the current year's projection with the range of past errors, or null).
  /// One method gives an object, several an array in rank order. Measures are rounded to two decimals.
  public static func backtestJSON(_ entries: [BacktestStudy.Entry], single: Bool) -> String {
    let objects = entries.map(backtestObject)
    if single, let only = objects.first { return only + "\n" }
    return "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n"
  }

  /// The JSON of `idou backtest` over many series: an array of `{area, area_name, methods: [...]}`.
  public static func backtestAreasJSON(_ study: BacktestStudy) -> String {
    let objects = study.series.map { s in
      "{\"area\": \(JSON.string(s.key.area.codeText)), \"area_name\": \(JSON.string(s.key.area.name)), \"methods\": ["
        + s.entries.map(backtestObject).joined(separator: ", ") + "]}"
    }
    return "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n"
  }

  static func backtestObject(_ e: BacktestStudy.Entry) -> String {
    func comparison(_ c: SeriesBacktest.Comparison) -> String {
      "{\"projected\": \(c.projected), \"actual\": \(c.actual), \"error\": \(c.error)}"
    }
    func number(_ x: Double) -> String { JSON.value(.number(rounded(x))) }
    func bounds(_ b: EmpiricalInterval.Bounds) -> String {
      "{\"projected\": \(b.projected), \"low\": \(b.low), \"high\": \(b.high)}"
    }
    let r = e.result
    let years = r.years.map { y in
      "{\"year\": \(y.year), \"in\": \(comparison(y.in)), \"out\": \(comparison(y.out)), \"net\": \(comparison(y.net))}"
    }
    let interval = e.current.map { c in
      "{\"year\": \(c.year), \"in\": \(bounds(c.interval.in)), \"out\": \(bounds(c.interval.out)), "
        + "\"net\": \(bounds(c.interval.net)), \"coverage\": \(number(c.interval.nominalCoverage))}"
    } ?? "null"
    return "{\"method\": \(JSON.string(r.method.rawValue)), \"through\": \(r.through), \"years\": ["
      + years.joined(separator: ", ") + "], "
      + "\"mae\": {\"in\": \(number(r.mae.in)), \"out\": \(number(r.mae.out)), \"net\": \(number(r.mae.net))}, "
      + "\"rmse\": {\"in\": \(number(r.rmse.in)), \"out\": \(number(r.rmse.out)), \"net\": \(number(r.rmse.net))}, "
      + "\"mape\": {\"in\": \(number(r.mape.in)), \"out\": \(number(r.mape.out))}, "
      + "\"rank\": \(e.rank), \"interval\": \(interval)}"
  }

  static func one(_ x: Double) -> String {
    let tenths = Int64((x * 10).rounded(.toNearestOrAwayFromZero))
    return NumberStyle.count(tenths / 10) + ".\(tenths % 10)"
  }

  /// The text of `idou backtest` for one series: the per-year errors of each method, then the ranking with MAE,
  /// RMSE, MAPE and the current projection's interval.
  public static func backtestText(_ entries: [BacktestStudy.Entry]) -> String {
    guard let first = entries.first?.result, let y0 = first.years.first?.year, let y1 = first.years.last?.year else {
      return ""
    }
    var out = ""
    let area = first.key.area
    let with = first.key.counterpart.map { "（転出入先 \($0.name)）" } ?? ""
    out += "\(area.name) (\(area.codeText))\(with)、\(first.key.sex.label)：各年を\(months(1...first.through))から推計し実績と比較、"
      + "\(y0)–\(y1)年（\(first.years.count)年）。誤差 = 推計 − 実績\n\n"
    for e in entries { out += methodTable(e).render(.text) + "\n" }
    let ranking = rankingTable(entries)
    out += ranking.render(.text)
    let currents = entries.compactMap { e in e.current.map { (e.result.method, $0) } }
    if let (_, c) = currents.first {
      out += "\n\(c.year)年の推計（\(months(1...first.through))から）と過去の誤差の範囲"
        + "（\(c.interval.years)年、名目カバー率 \(Int((c.interval.nominalCoverage * 100).rounded()))%）：\n"
      for (method, c) in currents {
        let i = c.interval
        func b(_ x: EmpiricalInterval.Bounds) -> String {
          "\(NumberStyle.japanese(x.projected)) [\(NumberStyle.japanese(x.low)), \(NumberStyle.japanese(x.high))]"
        }
        out += "  \(method.rawValue): 転入 \(b(i.in))  転出 \(b(i.out))  社会増減 \(b(i.net))\n"
      }
    }
    return out
  }

  /// One method's backtest of a series: each year's projection, actual and error.
  static func methodTable(_ e: BacktestStudy.Entry) -> Table {
    let r = e.result
    var t = Table(columns: [
      .init(key: "year", title: "年", kind: .plain),
      .init(key: "in_projected", title: "転入 推計", rightAligned: true),
      .init(key: "in_actual", title: "実績", rightAligned: true),
      .init(key: "in_error", title: "誤差", rightAligned: true, kind: .difference),
      .init(key: "out_projected", title: "転出 推計", rightAligned: true),
      .init(key: "out_actual", title: "実績", rightAligned: true),
      .init(key: "out_error", title: "誤差", rightAligned: true, kind: .difference),
      .init(key: "net_projected", title: "社会増減 推計", rightAligned: true),
      .init(key: "net_actual", title: "実績", rightAligned: true),
      .init(key: "net_error", title: "誤差", rightAligned: true, kind: .difference),
    ], title: "\(r.method.label) (\(r.method.rawValue))")
    for y in r.years {
      let cells = [y.in, y.out, y.net]
      t.append(
        display: ["\(y.year)"] + cells.flatMap { c in
          [NumberStyle.japanese(c.projected), NumberStyle.japanese(c.actual), NumberStyle.difference(c.error)]
        },
        values: [.integer(Int64(y.year))] + cells.flatMap { c in
          [.integer(c.projected), .integer(c.actual), .integer(c.error)]
        })
    }
    t.sheetName = r.method.label
    return t
  }

  /// The methods ranked by the MAE of the net, with RMSE and MAPE.
  static func rankingTable(_ entries: [BacktestStudy.Entry]) -> Table {
    var ranking = Table(columns: [
      .init(key: "rank", title: "順位", rightAligned: true, kind: .plain), .init(key: "method", title: "方法"),
      .init(key: "mae_in", title: "MAE 転入", rightAligned: true, kind: .measure(decimals: 1)),
      .init(key: "mae_out", title: "MAE 転出", rightAligned: true, kind: .measure(decimals: 1)),
      .init(key: "mae_net", title: "MAE 社会増減", rightAligned: true, kind: .measure(decimals: 1)),
      .init(key: "rmse_in", title: "RMSE 転入", rightAligned: true, kind: .measure(decimals: 1)),
      .init(key: "rmse_out", title: "RMSE 転出", rightAligned: true, kind: .measure(decimals: 1)),
      .init(key: "rmse_net", title: "RMSE 社会増減", rightAligned: true, kind: .measure(decimals: 1)),
      .init(key: "mape_in", title: "MAPE 転入", rightAligned: true, kind: .measure(decimals: 1)),
      .init(key: "mape_out", title: "MAPE 転出", rightAligned: true, kind: .measure(decimals: 1)),
    ], title: "順位（社会増減の MAE、人）")
    for e in entries {
      let r = e.result
      ranking.append(
        display: ["\(e.rank)", r.method.rawValue, one(r.mae.in), one(r.mae.out), one(r.mae.net), one(r.rmse.in),
                  one(r.rmse.out), one(r.rmse.net), one(r.mape.in) + "%", one(r.mape.out) + "%"],
        values: [.integer(Int64(e.rank)), .text(r.method.rawValue), .number(r.mae.in), .number(r.mae.out),
                 .number(r.mae.net), .number(r.rmse.in), .number(r.rmse.out), .number(r.rmse.net),
                 .number(r.mape.in), .number(r.mape.out)])
    }
    ranking.sheetName = "順位"
    return ranking
  }

  /// `idou backtest` for one series as tables (a workbook's sheets): each method's years, the ranking, and the
  /// current year's projection with the range of past errors.
  public static func backtestTables(_ entries: [BacktestStudy.Entry]) -> [Table] {
    var tables = entries.map(methodTable) + [rankingTable(entries)]
    let currents = entries.compactMap { e in e.current.map { (e.result.method, $0) } }
    if let (_, c) = currents.first {
      var t = Table(
        columns: [.init(key: "method", title: "方法")]
          + [("in", "転入"), ("out", "転出"), ("net", "社会増減")].flatMap { k, label in
            [Table.Column(key: "\(k)_projected", title: "\(label) 推計", rightAligned: true),
             Table.Column(key: "\(k)_low", title: "\(label) 下限", rightAligned: true),
             Table.Column(key: "\(k)_high", title: "\(label) 上限", rightAligned: true)]
          },
        title: "\(c.year)年の推計と過去の誤差の範囲（\(c.interval.years)年、名目カバー率 \(Int((c.interval.nominalCoverage * 100).rounded()))%）")
      for (method, c) in currents {
        let bounds = [c.interval.in, c.interval.out, c.interval.net]
        t.append(display: [method.rawValue] + bounds.flatMap { [NumberStyle.japanese($0.projected), NumberStyle.japanese($0.low), NumberStyle.japanese($0.high)] },
                 values: [.text(method.label)] + bounds.flatMap { [Table.Value.integer($0.projected), .integer($0.low), .integer($0.high)] })
      }
      t.sheetName = "今年の推計"
      tables.append(t)
    }
    return tables
  }

  /// The table of `idou backtest` over many areas: one line per area and method (best first), with the errors'
  /// measures and the current year's interval.
  public static func backtestAreasTable(_ study: BacktestStudy) -> Table {
    var t = Table(columns: [
      .init(key: "area", title: "コード"), .init(key: "area_name", title: "地域"),
      .init(key: "rank", title: "順位", rightAligned: true, kind: .plain), .init(key: "method", title: "方法"),
      .init(key: "years", title: "年数", rightAligned: true, kind: .plain),
      .init(key: "mae_in", title: "MAE 転入", rightAligned: true, kind: .measure(decimals: 1)),
      .init(key: "mae_out", title: "MAE 転出", rightAligned: true, kind: .measure(decimals: 1)),
      .init(key: "mae_net", title: "MAE 社会増減", rightAligned: true, kind: .measure(decimals: 1)),
      .init(key: "rmse_net", title: "RMSE 社会増減", rightAligned: true, kind: .measure(decimals: 1)),
      .init(key: "net_projected", title: "\(study.months.year) 社会増減 推計", rightAligned: true),
      .init(key: "net_low", title: "推計の幅 下限", rightAligned: true),
      .init(key: "net_high", title: "上限", rightAligned: true),
    ], title: "バックテスト：各年を\(months(1...study.months.through))から推計した誤差（\(study.months.year)年より前）と\(study.months.year)年の推計")
    for s in study.series {
      for e in s.entries {
        let r = e.result, c = e.current
        t.append(
          display: [s.key.area.codeText, s.key.area.name, "\(e.rank)", r.method.rawValue, "\(r.years.count)", one(r.mae.in),
                    one(r.mae.out), one(r.mae.net), one(r.rmse.net),
                    c.map { NumberStyle.japanese($0.projection.net.annual) } ?? "—",
                    c.map { NumberStyle.japanese($0.interval.net.low) } ?? "—",
                    c.map { NumberStyle.japanese($0.interval.net.high) } ?? "—"],
          values: [.text(s.key.area.codeText), .text(s.key.area.name), .integer(Int64(e.rank)), .text(r.method.rawValue),
                   .integer(Int64(r.years.count)), .number(rounded(r.mae.in)), .number(rounded(r.mae.out)),
                   .number(rounded(r.mae.net)), .number(rounded(r.rmse.net)),
                   c.map { .integer($0.projection.net.annual) } ?? .null, c.map { .integer($0.interval.net.low) } ?? .null,
                   c.map { .integer($0.interval.net.high) } ?? .null])
      }
    }
    t.footnotes = ["誤差 = 推計 − 実績（人）。順位は地域ごとの社会増減の MAE による。推計の幅は過去の誤差の最小～最大。"]
    return t
  }
}

extension ProjectionView {
  /// The sentence a table prints to say which view it shows, in Japanese.
  public var statementJapanese: String {
    switch self {
    case .direct: "表示：各行を個別に推計（内訳の和は合計の推計と一致するとは限らない）"
    case .reconciled: "表示：積み上げ（合計は内訳の推計の和で、内訳は合計に一致する）"
    }
  }
}

extension ProjectionMethod {
  /// How the method projects the rest of the year, in Japanese, for months 1…M.
  public func formulaJapanese(through m: Int) -> String {
    let ytd = m == 1 ? "1月" : "1～\(m)月", rest = m == 11 ? "12月" : "\(m + 1)～12月"
    switch self {
    case .samePeriodRatio: return "比率 = 今年\(ytd) ÷ 前年\(ytd)、今年\(rest)の推計 = 比率 × 前年\(rest)"
    case .samePeriodDifference: return "今年\(rest)の各月 = 前年の同月 + \(ytd)の前年同期差の月平均"
    case .seasonalShare: return "年計 = 今年\(ytd) ÷ 過去k年の年計に占める\(ytd)の割合の平均"
    case .averageRatio: return "比率 = 今年\(ytd) ÷ 過去k年の\(ytd)の平均、今年\(rest) = 比率 × 過去k年の\(rest)の平均"
    case .seasonalNaive: return "今年\(rest) = 前年\(rest)"
    case .shareNaiveMean: return "今年\(rest) = 季節シェア法による推計と前年\(rest)の平均"
    }
  }
}

extension ProjectionOutput {
  /// The study's table: MAE of the net (persons, mean over the areas and years of the window) per M for each
  /// method and the winner, in the evaluation window; then the same in the selection window and the winner.
  public static func studyTables(_ study: MethodStudy) -> [Table] {
    let shown = study.candidates.filter { $0.methods.count == 1 } + [study.winner]
    func table(evaluation: Bool) -> Table {
      let window = evaluation ? study.evaluation : study.selection
      let years = evaluation ? "\(window.lowerBound)–\(window.upperBound)" : study.selectionYears.first.map { "\($0)–\(study.selectionYears.last!)" } ?? "—"
      var t = Table(
        columns: [.init(key: "through", title: "M", rightAligned: true, kind: .plain)]
          + shown.map { .init(key: $0.description, title: $0.description, rightAligned: true, kind: .measure(decimals: 1)) },
        title: evaluation
          ? "社会増減の MAE（人）：各年を1～M月から推計、\(years)年（評価期間）"
          : "社会増減の MAE（人）：選択期間 \(years)年（全候補が推計できる年）")
      for m in 1...11 {
        let scores = shown.map { study.score($0, through: m, evaluation: evaluation) }
        t.append(display: ["\(m)"] + scores.map { one($0.mae) }, values: [.integer(Int64(m))] + scores.map { .number(rounded($0.mae)) })
      }
      let means = shown.map { study.meanMAE($0, evaluation: evaluation) }
      t.append(display: ["平均"] + means.map(one), values: [.text("mean")] + means.map { .number(rounded($0)) })
      return t
    }
    var evaluation = table(evaluation: true)
    evaluation.footnotes = [
      "\(study.winner)（\(study.winner.label)）は \(study.selection.lowerBound)–\(study.selection.upperBound)年で候補（5つの方法、"
        + "2つずつの平均、5つの平均）のうち M = 1～11 の平均 MAE が最小のもの。評価期間の値で選んではいない。",
      "k = \(study.history)（複数年を使う方法）。既定の方法は同期比率法（same-period-ratio）のまま。",
    ]
    return [evaluation, table(evaluation: false)]
  }
}
