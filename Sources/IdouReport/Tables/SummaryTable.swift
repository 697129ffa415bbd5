import IdouCore

extension Table {
  /// `idou summary` as a table: CSV header exactly `area,name,period,in,out,net`; text, Markdown and workbooks
  /// with the Japanese headings コード, 地域, 期間, 転入, 転出, 転入超過 (▲ for a negative net).
  public static func summary(_ rows: [SummaryRow], title: String? = nil) -> Table {
    var t = Table(
      columns: [
        .init(key: "area", title: "コード"), .init(key: "name", title: "地域"), .init(key: "period", title: "期間"),
        .init(key: "in", title: "転入", rightAligned: true), .init(key: "out", title: "転出", rightAligned: true),
        .init(key: "net", title: "転入超過", rightAligned: true),
      ], title: title)
    t.sheetName = "転入・転出"
    for r in rows {
      t.append(
        display: [r.area.codeText, r.name, r.period, NumberStyle.count(r.in), NumberStyle.count(r.out), NumberStyle.japanese(r.net)],
        values: [.text(r.area.codeText), .text(r.name), .text(r.period), .integer(r.in), .integer(r.out), .integer(r.net)])
    }
    return t
  }
}
