import IdouCore

extension Table {
  /// `idou summary` as a table: CSV header exactly `area,name,period,in,out,net`; text, Markdown and workbooks
  /// with the Japanese headings コード, 地域, 期間, 転入, 転出, 転入超過 (▲ for a negative net).
  /// With an era style, people's formats label the period `R7年` or `令和7年` (`R7年1～9月` for months); CSV and
  /// JSON keep `2025`.
  public static func summary(_ rows: [SummaryRow], title: String? = nil, years: YearStyle = .gregorian) -> Table {
    var t = Table(
      columns: [
        .init(key: "area", title: "コード"), .init(key: "name", title: "地域"), .init(key: "period", title: "期間"),
        .init(key: "in", title: "転入", rightAligned: true), .init(key: "out", title: "転出", rightAligned: true),
        .init(key: "net", title: "転入超過", rightAligned: true),
      ], title: title)
    t.sheetName = "転入・転出"
    for r in rows {
      t.append(
        display: [r.area.codeText, r.name, years.isEra ? periodLabel(r.period, years: years) : r.period, NumberStyle.count(r.in), NumberStyle.count(r.out), NumberStyle.japanese(r.net)],
        values: [.text(r.area.codeText), .text(r.name), .text(r.period), .integer(r.in), .integer(r.out), .integer(r.net)])
    }
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
