import IdouAnalysis
import IdouCore

extension Table {
  /// `summary --by age`: 5歳階級, 年齢3区分 and 総数 rows with 転入, 転出 and 転入超過; the notes say whether each
  /// wider class equals the sum of its 5-year classes.
  ///
  /// CSV: `area,name,period,age,in,out,net` (`age` as the survey writes it: `20～24歳`, `65歳以上`, `総数`).
  public static func ages(_ t: AgeTable) -> Table {
    var table = Table(
      columns: [
        .init(key: "area", title: "コード"), .init(key: "name", title: "地域"), .init(key: "period", title: "期間"),
        .init(key: "age", title: "年齢"),
        .init(key: "in", title: "転入", rightAligned: true), .init(key: "out", title: "転出", rightAligned: true),
        .init(key: "net", title: "転入超過", rightAligned: true),
      ],
      title: "\(t.area.name)の年齢（5歳階級）別 転入者数・転出者数・転入超過数（\(t.year)年、\(t.sex.label)）")
    let missing = MonthlyTable.missingMark
    for r in t.rows {
      table.append(
        display: [t.area.codeText, t.area.name, t.periodLabel, r.age.label, r.inflow.map(NumberStyle.count) ?? missing,
                  r.outflow.map(NumberStyle.count) ?? missing, r.net.map(NumberStyle.japanese) ?? missing],
        values: [.text(t.area.codeText), .text(t.area.name), .text(t.periodLabel), .text(r.age.label),
                 r.inflow.map(Table.Value.integer) ?? .null, r.outflow.map(Table.Value.integer) ?? .null,
                 r.net.map(Table.Value.integer) ?? .null])
    }
    table.sheetName = "年齢別"
    let failed = t.checks.filter { !$0.holds }
    if !t.checks.isEmpty && failed.isEmpty {
      let classes = Array(Set(t.checks.map(\.age))).sorted().map(\.label).joined(separator: "、")
      table.footnotes.append("\(classes)は5歳階級の合計と一致（転入・転出）")
    }
    for c in failed {
      table.footnotes.append("\(c.age.label)の\(c.figure == .inflow ? "転入" : "転出") \(NumberStyle.count(c.given))は"
        + "5歳階級の合計 \(NumberStyle.count(c.sumOfParts))と一致しない")
    }
    return table
  }
}

extension Table {
  /// `table --by age`: one section per direction (転入, 転出, 転入超過), rows the age classes, columns 総数, 男 and 女
  /// — the 5歳階級 × 男女 table of published migration reports.
  ///
  /// CSV (the machine table, ``agesBySexMachine(_:)``): `age,sex,in,out,net`.
  public static func agesBySex(_ tables: [AgeTable], direction: FlowDirection) -> Table {
    let first = tables[0]
    let what = direction == .inflow ? "転入者数" : direction == .outflow ? "転出者数" : "転入超過数"
    var t = Table(
      columns: [.init(key: "age", title: "年齢")]
        + tables.map { Table.Column(key: String($0.sex.rawValue), title: $0.sex.label, rightAligned: true) },
      title: "\(first.area.name)の年齢（5歳階級）・男女別\(what)（\(first.year)年）")
    func value(_ r: AgeTable.Row?) -> Int64? {
      switch direction {
      case .inflow: r?.inflow
      case .outflow: r?.outflow
      case .net: r?.net
      }
    }
    for row in first.rows {
      let vs = tables.map { table in value(table.rows.first { $0.age == row.age }) }
      t.append(
        display: [row.age.label] + vs.map { $0.map(direction == .net ? NumberStyle.japanese : NumberStyle.count) ?? MonthlyTable.missingMark },
        values: [.text(row.age.label)] + vs.map { $0.map(Table.Value.integer) ?? .null })
    }
    t.sheetName = direction == .net ? "転入超過" : direction.label
    return t
  }

  /// All sexes' age rows as one machine table: `area,name,period,age,sex,in,out,net` (sex 0 総数, 1 男, 2 女).
  public static func agesBySexMachine(_ tables: [AgeTable]) -> Table {
    var t = Table(columns: [
      .init(key: "area"), .init(key: "name"), .init(key: "period"), .init(key: "age"),
      .init(key: "sex", rightAligned: true, kind: .plain),
      .init(key: "in", rightAligned: true), .init(key: "out", rightAligned: true), .init(key: "net", rightAligned: true),
    ])
    for table in tables {
      for r in table.rows {
        let values: [Table.Value] = [
          .text(table.area.codeText), .text(table.area.name), .text(table.periodLabel), .text(r.age.label),
          .integer(Int64(table.sex.rawValue)), r.inflow.map(Table.Value.integer) ?? .null,
          r.outflow.map(Table.Value.integer) ?? .null, r.net.map(Table.Value.integer) ?? .null,
        ]
        t.append(display: values.map { v in if case .text(let s) = v { s } else { "" } }, values: values)
      }
    }
    return t
  }
}
