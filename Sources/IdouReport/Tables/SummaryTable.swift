import IdouCore

extension Table {
  /// `idou summary` as a table: CSV header `area,name,period,in,out,net` (and `boundary` when the rows cross
  /// different boundaries, e-Stat table 1's prefectures and cities); text, Markdown and workbooks with the Japanese
  /// headings コード, 地域, 期間, 転入, 転出, 転入超過 (▲ for a negative net). A figure the data does not give is —
  /// (an empty CSV cell, JSON null), never 0.
  /// With an era style, people's formats label the period `R7年` or `令和7年` (`R7年1～9月` for months); CSV and
  /// JSON keep `2025`.
  public static func summary(_ rows: [SummaryRow], title: String? = nil, years: YearStyle = .gregorian) -> Table {
    let mixed = Set(rows.map(\.boundary)).count > 1
    var columns: [Column] = [
      .init(key: "area", title: "コード"), .init(key: "name", title: "地域"), .init(key: "period", title: "期間"),
      .init(key: "in", title: "転入", rightAligned: true), .init(key: "out", title: "転出", rightAligned: true),
      .init(key: "net", title: "転入超過", rightAligned: true),
    ]
    if mixed { columns.append(.init(key: "boundary", title: "移動の範囲")) }
    var t = Table(columns: columns, title: title)
    t.sheetName = "転入・転出"
    func shown(_ v: Int64?, _ style: (Int64) -> String) -> String { v.map(style) ?? "—" }
    func value(_ v: Int64?) -> Value { v.map { .integer($0) } ?? .null }
    for r in rows {
      var display = [r.area.codeText, r.name, years.isEra ? periodLabel(r.period, years: years) : r.period,
                     shown(r.in, NumberStyle.count), shown(r.out, NumberStyle.count), shown(r.net, NumberStyle.japanese)]
      var values: [Value] = [.text(r.area.codeText), .text(r.name), .text(r.period), value(r.in), value(r.out), value(r.net)]
      if mixed {
        display.append(r.boundary.label)
        values.append(.text(r.boundary.description))
      }
      t.append(display: display, values: values)
    }
    // Figures of municipalities (a city row of table 1, a municipal table) cross the municipality's boundary: say
    // so, since one boundary has no column of its own.
    if !mixed, rows.first?.boundary == .municipality { t.footnotes.append("移動の範囲：\(Boundary.municipality.movesLabel)") }
    return t
  }

  /// A summary's period (`2025`, `2025-01/2025-09`) in words: `2025年`, `2025年1～9月`, or in the era style
  /// `R7年`, `R7年1～9月`. Anything else is returned as it is.
  public static func periodLabel(_ period: String, years: YearStyle) -> String {
    func year(_ y: Substring) -> String? {
      guard y.count == 4, let n = Int(y) else { return nil }
      return years.label(n)
    }
    let parts = period.split(separator: "/")
    if parts.count == 1, let y = year(parts[0]) { return y }
    let ends = parts.map { $0.split(separator: "-") }
    if ends.allSatisfy({ $0.count == 2 }), let y = year(ends[0][0]), ends.first?[0] == ends.last?[0],
       let m1 = Int(ends[0][1]), let m2 = Int(ends[ends.count - 1][1]) {
      return m1 == m2 ? "\(y)\(m1)月" : "\(y)\(m1)～\(m2)月"
    }
    return period
  }
}
