import IdouCore

extension Table {
  /// `idou summary` as a table: CSV header exactly `area,name,period,in,out,net`; text and Markdown with the
  /// Japanese headings 転入, 転出, 転入超過 and ▲ for negative net.
  public static func summary(_ rows: [SummaryRow], title: String? = nil) -> Table {
    var t = Table(
      columns: [
        .init(key: "area", title: "area"), .init(key: "name", title: "name"), .init(key: "period", title: "period"),
        .init(key: "in", title: "転入", rightAligned: true), .init(key: "out", title: "転出", rightAligned: true),
        .init(key: "net", title: "転入超過", rightAligned: true),
      ], title: title)
    for r in rows {
      t.append(
        display: [r.area.codeText, r.name, r.period, NumberStyle.count(r.in), NumberStyle.count(r.out), NumberStyle.japanese(r.net)],
        values: [.text(r.area.codeText), .text(r.name), .text(r.period), .integer(r.in), .integer(r.out), .integer(r.net)])
    }
    return t
  }
}
