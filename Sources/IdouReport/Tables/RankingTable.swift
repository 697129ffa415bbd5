import IdouAnalysis
import IdouCore

extension Table {
  /// `summary --rank`: 順位, 前年順位, the area, 転入, 転出, 転入超過 and the ranked figure a year earlier; the notes
  /// say how many areas gain and lose, with their shares (a net of 0 counts as 転入超過).
  ///
  /// CSV: `rank,previous_rank,area,name,period,in,out,net,previous` (`previous`: the ranked figure a year
  /// earlier; empty, like `previous_rank`, when that year lacks the months).
  public static func ranking(_ r: Ranking) -> Table {
    let previousTitle = "前年の\(r.measure.label)"
    var t = Table(
      columns: [
        .init(key: "rank", title: "順位", rightAligned: true, kind: .plain),
        .init(key: "previous_rank", title: "前年順位", rightAligned: true, kind: .plain),
        .init(key: "area", title: "コード"), .init(key: "name", title: "地域"), .init(key: "period", title: "期間"),
        .init(key: "in", title: "転入", rightAligned: true), .init(key: "out", title: "転出", rightAligned: true),
        .init(key: "net", title: "転入超過", rightAligned: true),
        .init(key: "previous", title: previousTitle, rightAligned: true),
      ],
      title: "\(r.measure.label)の順位（\(r.periodLabel)）")
    let period = r.months.isEmpty || r.months.count == 12 ? "\(r.year)" : "\(r.year)-\(pad(r.months.first!))/\(r.year)-\(pad(r.months.last!))"
    for row in r.rows {
      t.append(
        display: [
          "\(row.rank)", row.previousRank.map(String.init) ?? MonthlyTable.missingMark, row.area.codeText, row.area.name,
          period, NumberStyle.count(row.inflow), NumberStyle.count(row.outflow), NumberStyle.japanese(row.net),
          row.previousValue.map(NumberStyle.japanese) ?? MonthlyTable.missingMark,
        ],
        values: [
          .integer(Int64(row.rank)), row.previousRank.map { .integer(Int64($0)) } ?? .null, .text(row.area.codeText),
          .text(row.area.name), .text(period), .integer(row.inflow), .integer(row.outflow), .integer(row.net),
          row.previousValue.map(Table.Value.integer) ?? .null,
        ])
    }
    t.sheetName = "順位"
    t.footnotes = rankingNotes(r)
    return t
  }

  /// The notes under a ranking: how many areas gain and lose, how ranks are given, what is missing.
  static func rankingNotes(_ r: Ranking) -> [String] {
    let noun = r.rows.allSatisfy { $0.area.level == .prefecture } ? "都道府県"
      : r.rows.allSatisfy(\.area.isMunicipalUnit) ? "市区町村" : "地域"
    var notes = [
      "転入超過の\(noun)：\(r.gaining)（\(percent(r.gaining, of: r.count))）、"
        + "転出超過の\(noun)：\(r.losing)（\(percent(r.losing, of: r.count))）、計\(r.count)"
        + "（転入超過数0は転入超過に数える）",
      "順位は\(r.measure.label)の多い順（同数は同順位）。前年順位は同じ\(noun)の前年同期の順位",
    ]
    if r.rows.count < r.count { notes.append("上位\(r.rows.count)を表示（全\(r.count)）") }
    if !r.hasPrevious { notes.append("前年順位：\(MonthlyTable.missingMark)はデータに前年同期がないため") }
    if !r.unranked.isEmpty {
      notes.append("順位なし（期間の数値がデータにない）：" + r.unranked.map(\.name).joined(separator: "、"))
    }
    return notes
  }

  /// `summary --area A --by counterpart --rank in|out|net`: 転入元 or 転出先 of one area, ranked, with 構成比.
  ///
  /// CSV: `rank,previous_rank,counterpart,counterpart_name,value,share,previous,difference`.
  public static func counterpartRanking(_ r: CounterpartRanking) -> Table {
    let heading = r.direction.counterpartHeading
    let what = r.direction == .net ? "転入超過数" : r.direction == .inflow ? "転入者数" : "転出者数"
    var columns: [Table.Column] = [
      .init(key: "rank", title: "順位", rightAligned: true, kind: .plain),
      .init(key: "previous_rank", title: "前年順位", rightAligned: true, kind: .plain),
      .init(key: "counterpart", title: "コード"), .init(key: "counterpart_name", title: heading),
      .init(key: "value", title: what, rightAligned: true),
    ]
    if r.total != nil { columns.append(.init(key: "share", title: "構成比", rightAligned: true, kind: .ratio)) }
    columns += [
      .init(key: "previous", title: "前年", rightAligned: true),
      .init(key: "difference", title: "前年差", rightAligned: true, kind: .difference),
    ]
    var t = Table(columns: columns, title: "\(r.area.name)の\(heading)別\(what)（\(r.periodLabel)）")
    for row in r.rows {
      let difference = row.previousValue.map { row.value - $0 }
      var display = [
        "\(row.rank)", row.previousRank.map(String.init) ?? MonthlyTable.missingMark, row.counterpart.codeText,
        row.counterpart.name, r.direction == .net ? NumberStyle.japanese(row.value) : NumberStyle.count(row.value),
      ]
      var values: [Table.Value] = [
        .integer(Int64(row.rank)), row.previousRank.map { .integer(Int64($0)) } ?? .null,
        .text(row.counterpart.codeText), .text(row.counterpart.name), .integer(row.value),
      ]
      if r.total != nil {
        display.append(row.share.map(percentText) ?? MonthlyTable.missingMark)
        values.append(row.share.map(Table.Value.number) ?? .null)
      }
      display += [row.previousValue.map(NumberStyle.japanese) ?? MonthlyTable.missingMark,
                  difference.map(NumberStyle.difference) ?? MonthlyTable.missingMark]
      values += [row.previousValue.map(Table.Value.integer) ?? .null, difference.map(Table.Value.integer) ?? .null]
      t.append(display: display, values: values)
    }
    t.sheetName = "\(heading)別"
    var notes: [String] = []
    if let total = r.total {
      notes.append("構成比は\(r.area.name)の\(what)の総数 \(NumberStyle.count(total))人"
        + (r.unknownIncluded ? "（移動前の住所地不詳を含む）" : "") + "に占める割合")
    }
    notes.append("順位は\(what)の多い順（同数は同順位）")
    if !r.hasPrevious { notes.append("前年順位・前年：\(MonthlyTable.missingMark)はデータに前年同期がないため") }
    t.footnotes = notes
    return t
  }

  /// `14.9%` (one decimal, as reports give shares of areas).
  static func percent(_ part: Int, of whole: Int) -> String {
    guard whole > 0 else { return MonthlyTable.missingMark }
    return percentText(Double(part) / Double(whole), decimals: 1)
  }

  /// A fraction as a percentage: 0.2731 → `27.31%`.
  static func percentText(_ fraction: Double) -> String { percentText(fraction, decimals: 2) }

  static func percentText(_ fraction: Double, decimals: Int) -> String {
    let scale = decimals == 1 ? 10.0 : 100.0
    let scaled = Int64((fraction * 100 * scale).rounded(.toNearestOrAwayFromZero))
    let whole = scaled / Int64(scale), frac = scaled % Int64(scale)
    let fracText = String(frac)
    return "\(whole)." + String(repeating: "0", count: decimals - fracText.count) + fracText + "%"
  }

  static func pad(_ m: Int) -> String { m < 10 ? "0\(m)" : "\(m)" }
}
