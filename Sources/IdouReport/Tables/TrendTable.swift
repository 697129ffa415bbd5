import IdouAnalysis
import IdouCore

extension Table {
  /// `table --by month --moving-average K`: an area's months with 転入, 転出, 転入超過, the net's K-month trailing
  /// moving average (one decimal) and where that average changes sign.
  ///
  /// CSV: `month,in,out,net,net_maK,sign_change` (`sign_change`: `to_gain`, `to_loss` or empty; the average is
  /// empty where a month of its window is missing).
  public static func trend(_ t: MonthlyTrend, era: YearStyle = .gregorian) -> Table {
    let k = t.window
    var table = Table(
      columns: [
        .init(key: "month", title: "月"),
        .init(key: "in", title: "転入", rightAligned: true), .init(key: "out", title: "転出", rightAligned: true),
        .init(key: "net", title: "転入超過", rightAligned: true),
        .init(key: "net_ma\(k)", title: "\(k)か月後方移動平均", rightAligned: true, kind: .measure(decimals: 1)),
        .init(key: "sign_change", title: "移動平均の符号"),
      ],
      title: "\(t.area.name)の月別転入超過数と\(k)か月後方移動平均")
    for r in t.rows {
      let change = r.change.map { $0 == .toGain ? "to_gain" : "to_loss" }
      table.append(
        display: [Era.label(year: r.period.year, month: r.period.month, style: era),
                  r.inflow.map(NumberStyle.count) ?? MonthlyTable.missingMark,
                  r.outflow.map(NumberStyle.count) ?? MonthlyTable.missingMark, NumberStyle.japanese(r.net),
                  r.average.map { oneDecimal($0) } ?? MonthlyTable.missingMark, r.change?.label ?? ""],
        values: [.text(r.period.description), r.inflow.map(Table.Value.integer) ?? .null,
                 r.outflow.map(Table.Value.integer) ?? .null, .integer(r.net),
                 r.average.map { .number(($0 * 10).rounded(.toNearestOrAwayFromZero) / 10) } ?? .null,
                 change.map(Table.Value.text) ?? .text("")])
    }
    table.sheetName = "月別・移動平均"
    table.footnotes = (t.netOnly
      ? ["転入超過は構成する各地域の合計（地域間の移動は相殺されるため正確）。転入・転出は地域別の合計からは求められない（構成地域間の移動を含むため）ので\(MonthlyTable.missingMark)"]
      : []) + [
      "\(k)か月後方移動平均：その月までの\(k)か月の転入超過数の平均。\(MonthlyTable.missingMark)は\(k)か月がそろわない月",
      "移動平均の符号：移動平均が前月から転出超過→転入超過（転入超過に転換）または逆に変わった月（0は転入超過に数える）",
    ]
    return table
  }

  /// `1,234.5`, `▲98.0`.
  static func oneDecimal(_ x: Double) -> String {
    let tenths = Int64((abs(x) * 10).rounded(.toNearestOrAwayFromZero))
    let text = NumberStyle.count(tenths / 10) + ".\(tenths % 10)"
    return x < 0 && tenths != 0 ? "▲" + text : text
  }
}
