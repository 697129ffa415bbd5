import IdouCore
import IdouProjection

/// `idou project` and `idou backtest` output: text and CSV as tables, JSON in the shapes issue 6 fixes.
public enum ProjectionOutput {
  /// What one projected row is: a series and the view its figures come from.
  public struct Row: Sendable {
    public var projection: SeriesProjection
    /// The axes along which this row is the sum of its parts (empty: the row's own projection).
    public var reconciledBy: Set<ReconciliationAxis>

    public init(_ projection: SeriesProjection, reconciledBy: Set<ReconciliationAxis> = []) {
      self.projection = projection
      self.reconciledBy = reconciledBy
    }

    public var isReconciledTotal: Bool { !reconciledBy.isEmpty }
  }

  /// `1–9月` for months 1…9, `1月` for month 1; `10–12月`, `12月`.
  public static func months(_ range: ClosedRange<Int>) -> String {
    range.count == 1 ? "\(range.lowerBound)月" : "\(range.lowerBound)–\(range.upperBound)月"
  }

  // MARK: project

  /// The JSON of `idou project`: one object `{area, year, through, method, in, out, net}` where `in` and `out` are
  /// `{to_date, last_year_to_date, ratio, last_year_remainder, projected_remainder, annual}` (`ratio` only where
  /// the method has one) and `net` is `{to_date, annual}`. Several rows (`--sex all`, counterparts) give an array
  /// whose objects also say their `sex`, `counterpart` (when grouped) and `view`.
  public static func projectJSON(_ rows: [Row], year: Int, through: Int, method: ProjectionMethod,
                                 view: ProjectionView, single: Bool) -> String {
    func figures(_ f: SeriesProjection.Figures, ratio: Bool) -> String {
      var parts = ["\"to_date\": \(f.toDate)", "\"last_year_to_date\": \(f.lastYearToDate)"]
      if ratio, let r = f.ratio { parts.append("\"ratio\": \(r)") }
      parts += ["\"last_year_remainder\": \(f.lastYearRemainder)", "\"projected_remainder\": \(f.projectedRemainder)",
                "\"annual\": \(f.annual)"]
      return "{" + parts.joined(separator: ", ") + "}"
    }
    let objects = rows.map { row -> String in
      let p = row.projection
      var fields = ["\"area\": \(JSON.string(p.key.area.codeText))", "\"year\": \(year)", "\"through\": \(through)",
                    "\"method\": \(JSON.string(method.rawValue))"]
      if !single {
        fields.append("\"sex\": \(JSON.string(p.key.sex.word))")
        if let c = p.key.counterpart { fields.append("\"counterpart\": \(JSON.string(c.codeText))") }
        fields.append("\"view\": \(JSON.string(view.rawValue))")
      }
      let ratio = method.hasRatio && !row.isReconciledTotal
      fields += ["\"in\": \(figures(p.in, ratio: ratio))", "\"out\": \(figures(p.out, ratio: ratio))",
                 "\"net\": {\"to_date\": \(p.net.toDate), \"annual\": \(p.net.annual)}"]
      return "{" + fields.joined(separator: ", ") + "}"
    }
    if single, let only = objects.first { return only + "\n" }
    return "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n"
  }

  /// The text and CSV table of `idou project`: one line per series and direction (転入, 転出, 転入超過).
  public static func projectTable(_ rows: [Row], year: Int, through: Int, method: ProjectionMethod,
                                  view: ProjectionView, history: Int) -> Table {
    let area = rows.first?.projection.key.area
    let grouped = rows.contains { $0.projection.key.counterpart != nil }
    var columns: [Table.Column] = [.init(key: "area"), .init(key: "year"), .init(key: "through"),
                                   .init(key: "method"), .init(key: "sex", title: "sex")]
    if grouped { columns.append(.init(key: "counterpart", title: "counterpart")) }
    columns += [
      .init(key: "direction", title: ""),
      .init(key: "to_date", title: "\(year) \(months(1...through))", rightAligned: true),
      .init(key: "last_year_to_date", title: "\(year - 1) \(months(1...through))", rightAligned: true),
      .init(key: "ratio", title: "同期比", rightAligned: true),
      .init(key: "last_year_remainder", title: "\(year - 1) \(months((through + 1)...12))", rightAligned: true),
      .init(key: "projected_remainder", title: "\(year) \(months((through + 1)...12)) 推計", rightAligned: true),
      .init(key: "annual", title: "\(year) 年計推計", rightAligned: true),
    ]
    var table = Table(
      columns: columns,
      title: "\(area.map { "\($0.name) (\($0.codeText))" } ?? "") \(year): data through \(through)月, "
        + "\(method.rawValue) (\(method.label))\(method.usesHistory ? ", k = \(history)" : "")")
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
        display: leadText + ["転入超過", NumberStyle.japanese(p.net.toDate), "", "", "", "",
                             NumberStyle.japanese(p.net.annual)],
        values: lead + [.text("net"), .integer(p.net.toDate), .null, .null, .null, .null, .integer(p.net.annual)])
    }
    // Text shows the identifying columns once, in the title; CSV keeps them on every row.
    table.footnotes = [
      "net (転入超過) = projected 転入 − projected 転出; no ratio is applied to the net itself",
      "method: \(method.formula)",
    ]
    if rows.count > 1 { table.footnotes.insert(view.statement, at: 0) }
    return table
  }

  /// The table without the columns that the title already says (area, year, through, method), for text output.
  public static func forPeople(_ table: Table) -> Table {
    let drop: Set<String> = ["area", "year", "through", "method"]
    var t = Table(columns: table.columns.filter { !drop.contains($0.key) }, title: table.title)
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

  /// One method's backtest for output: the series' scores, its rank, and the interval of the current projection.
  public struct BacktestEntry: Sendable {
    public var result: SeriesBacktest
    public var rank: Int
    /// The projection of the current year and its empirical interval, when the current year can be projected.
    public var current: (year: Int, interval: EmpiricalInterval)?

    public init(result: SeriesBacktest, rank: Int, current: (year: Int, interval: EmpiricalInterval)?) {
      self.result = result
      self.rank = rank
      self.current = current
    }
  }

  /// The JSON of `idou backtest`: per method `{method, through, years: [{year, in: {projected, actual, error},
  /// out, net}], mae: {in, out, net}, rmse: {in, out, net}, mape: {in, out}}`, followed by `rank` (1 = smallest
  /// net MAE) and `interval` (the current year's projection with the range of past errors, or null). One method
  /// gives an object, several an array in rank order. Measures are rounded to two decimals.
  public static func backtestJSON(_ entries: [BacktestEntry], single: Bool) -> String {
    func comparison(_ c: SeriesBacktest.Comparison) -> String {
      "{\"projected\": \(c.projected), \"actual\": \(c.actual), \"error\": \(c.error)}"
    }
    func number(_ x: Double) -> String { JSON.value(.number(rounded(x))) }
    func bounds(_ b: EmpiricalInterval.Bounds) -> String {
      "{\"projected\": \(b.projected), \"low\": \(b.low), \"high\": \(b.high)}"
    }
    let objects = entries.map { e -> String in
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
    if single, let only = objects.first { return only + "\n" }
    return "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n"
  }

  /// The text of `idou backtest`: the per-year errors of each method, then the ranking with MAE, RMSE, MAPE and
  /// the current projection's interval.
  public static func backtestText(_ entries: [BacktestEntry]) -> String {
    guard let first = entries.first?.result else { return "" }
    var out = ""
    let area = first.key.area
    let with = first.key.counterpart.map { " with \($0.name)" } ?? ""
    out += "\(area.name) (\(area.codeText))\(with), \(first.key.sex.label): projections from \(months(1...first.through)) "
      + "compared with the actual year, \(first.years.first!.year)–\(first.years.last!.year) "
      + "(\(first.years.count) years); error = projected − actual\n\n"
    for e in entries.sorted(by: { $0.rank < $1.rank }) {
      let r = e.result
      var t = Table(columns: [
        .init(key: "year"),
        .init(key: "in_projected", title: "転入 推計", rightAligned: true),
        .init(key: "in_actual", title: "実績", rightAligned: true),
        .init(key: "in_error", title: "誤差", rightAligned: true),
        .init(key: "out_projected", title: "転出 推計", rightAligned: true),
        .init(key: "out_actual", title: "実績", rightAligned: true),
        .init(key: "out_error", title: "誤差", rightAligned: true),
        .init(key: "net_projected", title: "転入超過 推計", rightAligned: true),
        .init(key: "net_actual", title: "実績", rightAligned: true),
        .init(key: "net_error", title: "誤差", rightAligned: true),
      ], title: "\(r.method.rawValue) (\(r.method.label))")
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
      out += t.render(.text) + "\n"
    }
    var ranking = Table(columns: [
      .init(key: "rank", rightAligned: true), .init(key: "method"),
      .init(key: "mae_in", title: "MAE 転入", rightAligned: true),
      .init(key: "mae_out", title: "MAE 転出", rightAligned: true),
      .init(key: "mae_net", title: "MAE 転入超過", rightAligned: true),
      .init(key: "rmse_in", title: "RMSE 転入", rightAligned: true),
      .init(key: "rmse_out", title: "RMSE 転出", rightAligned: true),
      .init(key: "rmse_net", title: "RMSE 転入超過", rightAligned: true),
      .init(key: "mape_in", title: "MAPE 転入", rightAligned: true),
      .init(key: "mape_out", title: "MAPE 転出", rightAligned: true),
    ], title: "ranking (by MAE of 転入超過, persons)")
    func one(_ x: Double) -> String {
      let tenths = Int64((x * 10).rounded(.toNearestOrAwayFromZero))
      return NumberStyle.count(tenths / 10) + ".\(tenths % 10)"
    }
    for e in entries.sorted(by: { $0.rank < $1.rank }) {
      let r = e.result
      ranking.append(
        display: ["\(e.rank)", r.method.rawValue, one(r.mae.in), one(r.mae.out), one(r.mae.net), one(r.rmse.in),
                  one(r.rmse.out), one(r.rmse.net), one(r.mape.in) + "%", one(r.mape.out) + "%"],
        values: [.integer(Int64(e.rank)), .text(r.method.rawValue), .number(r.mae.in), .number(r.mae.out),
                 .number(r.mae.net), .number(r.rmse.in), .number(r.rmse.out), .number(r.rmse.net),
                 .number(r.mape.in), .number(r.mape.out)])
    }
    out += ranking.render(.text)
    let currents = entries.sorted(by: { $0.rank < $1.rank }).compactMap { e in e.current.map { (e.result.method, $0) } }
    if let (_, c) = currents.first {
      out += "\ncurrent projection \(c.year) from \(months(1...first.through)), with the range of past errors "
        + "(nominal coverage \(Int((c.interval.nominalCoverage * 100).rounded()))% over \(c.interval.years) years):\n"
      for (method, c) in currents {
        let i = c.interval
        func b(_ x: EmpiricalInterval.Bounds) -> String {
          "\(NumberStyle.japanese(x.projected)) [\(NumberStyle.japanese(x.low)), \(NumberStyle.japanese(x.high))]"
        }
        out += "  \(method.rawValue): 転入 \(b(i.in))  転出 \(b(i.out))  転入超過 \(b(i.net))\n"
      }
    }
    return out
  }
}
