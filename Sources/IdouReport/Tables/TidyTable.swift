import IdouCore

extension Table {
  /// Tidy rows as a table whose CSV header is exactly `period,scope,from,to,sex,count` (what `idou tidy`
  /// prints); codes stay codes and counts stay integers in CSV and JSON.
  public static func tidy(_ rows: [TidyRow]) -> Table {
    var t = Table(columns: [
      Column(key: "period"), Column(key: "scope"), Column(key: "from"), Column(key: "to"),
      Column(key: "sex", rightAligned: true), Column(key: "count", rightAligned: true),
    ])
    t.display.reserveCapacity(rows.count)
    t.values.reserveCapacity(rows.count)
    for r in rows {
      let period = r.period.description, sex = String(r.sex.rawValue)
      // A no-value cell is `-` (CSV, text) or null (JSON): it reads back absent, never 0.
      t.append(display: [period, r.scope.rawValue, r.from.codeText, r.to.codeText, sex, r.count.map(String.init) ?? "-"],
               values: [.text(period), .text(r.scope.rawValue), .text(r.from.codeText), .text(r.to.codeText),
                        .integer(Int64(r.sex.rawValue)), r.count.map { .integer($0) } ?? .text("-")])
    }
    return t
  }
}
