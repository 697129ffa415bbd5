import IdouCore
import Testing

@testable import IdouReport

/// The monthly report table: cells in Japanese report style, missing months, layouts and formats.
@Suite("Monthly report table")
struct MonthlyTableTests {
  static let kumamoto = Area(Prefecture(code: 43)!)
  static let tokyoArea = Area.tokyoArea

  /// Flows of 熊本県 with 東京圏 and 全国計, 総数 only, from `[period: (tokyo out, tokyo in, total out, total in)]`.
  static func flows(_ figures: [Period: (Int64, Int64, Int64, Int64)], sexes: [Sex] = [.total]) -> CounterpartFlows {
    let periods = figures.keys.sorted()
    var inflow: [Int64] = [], outflow: [Int64] = []
    for p in periods {
      let f = figures[p]!
      for s in sexes {
        // 男 carries 60 %, 女 40 % of a figure given for 総数 when sexes are split (only in the sex test).
        let share: (Int64) -> Int64 = { s == .total ? $0 : s == .male ? $0 * 6 / 10 : $0 - $0 * 6 / 10 }
        outflow += [share(f.0), share(f.2)]
        inflow += [share(f.1), share(f.3)]
      }
    }
    return CounterpartFlows(
      area: kumamoto, periods: periods, sexes: sexes, counterparts: [tokyoArea, CounterpartFlows.nationalTotal],
      scope: .all, inflow: inflow, outflow: outflow)
  }

  static func month(_ y: Int, _ m: Int) -> Period { Period(year: y, month: m)! }

  /// January and February of 2024 and 2025, the seed's 転出 and 転入 figures.
  static let janFeb = flows([
    month(2024, 1): (392, 314, 1861, 1755), month(2024, 2): (368, 328, 1914, 1775),
    month(2025, 1): (385, 343, 1683, 1711), month(2025, 2): (364, 281, 1746, 1677),
  ])

  @Test("cells as the report writes them: 1,993 (+75), 385 (▲7), 169 (±0), ▲2,240 (▲79), — when missing")
  func cells() {
    #expect(MonthlyTable.Cell(value: 1993, previous: 1918).display(signed: false) == "1,993 (+75)")
    #expect(MonthlyTable.Cell(value: 385, previous: 392).display(signed: false) == "385 (▲7)")
    #expect(MonthlyTable.Cell(value: 169, previous: 169).display(signed: false) == "169 (±0)")
    #expect(MonthlyTable.Cell(value: 26331, previous: 26567).display(signed: false) == "26,331 (▲236)")
    #expect(MonthlyTable.Cell(value: -2240, previous: -2161).display(signed: true) == "▲2,240 (▲79)")
    #expect(MonthlyTable.Cell(value: 28, previous: -106).display(signed: true) == "28 (+134)")
    #expect(MonthlyTable.Cell(value: 5, previous: nil).display(signed: false) == "5")
    #expect(MonthlyTable.Cell(value: 5, previous: nil).difference == nil)
    #expect(MonthlyTable.Cell(value: nil, previous: 5).display(signed: false) == "—")
    #expect(MonthlyTable.Cell(value: nil, previous: 5).difference == nil)
  }

  @Test("text: columns aligned by display width (full-width characters count two)")
  func text() throws {
    let table = try MonthlyTable(flows: Self.janFeb, year: 2025, directions: [.outflow])
    // 東京圏: 385 + 364 = 749 against 392 + 368 = 760; 全国計: 1,683 + 1,746 = 3,429 against 1,861 + 1,914 = 3,775.
    #expect(table.render(.text) == """
      熊本県 転出 2025年1～2月 (括弧内は前年同期との差)
      転出先           1月           2月      1～2月計
      東京圏      385 (▲7)      364 (▲4)     749 (▲11)
      全国計  1,683 (▲178)  1,746 (▲168)  3,429 (▲346)

      """)
    #expect(table.cell(.outflow, row: "51000", column: "2025-01") == .init(value: 385, previous: 392))
    #expect(table.cell(.outflow, row: "00000", column: "total")?.difference == -346)
    #expect(table.cell(.inflow, row: "00000", column: "total") == nil)
    let lines = table.render(.text).split(separator: "\n").dropFirst().map { DisplayWidth.of(String($0)) }
    #expect(Set(lines).count == 1)
  }

  @Test("CSV and JSON: value and difference in separate plain-number columns; Markdown like the text")
  func machineFormats() throws {
    let table = try MonthlyTable(flows: Self.janFeb, year: 2025, directions: [.net])
    // net 東京圏: 343 − 385 = −42 (2024: 314 − 392 = −78, +36); 281 − 364 = −83 (328 − 368 = −40, ▲43).
    // net 全国計: 1,711 − 1,683 = 28 (1,755 − 1,861 = −106, +134); 1,677 − 1,746 = −69 (1,775 − 1,914 = −139, +70).
    #expect(table.render(.csv) == """
      area,area_name,sex,direction,counterpart,counterpart_name,2025-01,2025-01_diff,2025-02,2025-02_diff,total,total_diff
      43,熊本県,0,net,51000,東京圏,-42,36,-83,-43,-125,-7
      43,熊本県,0,net,00000,全国計,28,134,-69,70,-41,204

      """)
    #expect(table.render(.json) == """
      [
        {"area": "43", "area_name": "熊本県", "sex": "0", "direction": "net", "counterpart": "51000", "counterpart_name": "東京圏", "2025-01": -42, "2025-01_diff": 36, "2025-02": -83, "2025-02_diff": -43, "total": -125, "total_diff": -7},
        {"area": "43", "area_name": "熊本県", "sex": "0", "direction": "net", "counterpart": "00000", "counterpart_name": "全国計", "2025-01": 28, "2025-01_diff": 134, "2025-02": -69, "2025-02_diff": 70, "total": -41, "total_diff": 204}
      ]

      """)
    #expect(table.render(.markdown, era: true) == """
      **熊本県 社会増減 R7年1～2月 (括弧内はR6年同期との差)**

      | 相手先 | 1月 | 2月 | 1～2月計 |
      | --- | ---: | ---: | ---: |
      | 東京圏 | ▲42 (+36) | ▲83 (▲43) | ▲125 (▲7) |
      | 全国計 | 28 (+134) | ▲69 (+70) | ▲41 (+204) |

      """)
  }

  /// 2024 complete (Jan–Dec), 2025 only through June.
  static let throughJune: CounterpartFlows = {
    var figures: [Period: (Int64, Int64, Int64, Int64)] = [:]
    for m in 1...12 { figures[month(2024, m)] = (100, 90, 1000, 900) }
    for m in 1...6 { figures[month(2025, m)] = (110, 80, 1100, 800) }
    return flows(figures)
  }()

  @Test("a year with data only through June: July–September are missing, not zero, and so is the total")
  func missingMonths() throws {
    let table = try MonthlyTable(flows: Self.throughJune, year: 2025, through: 9, directions: [.outflow])
    #expect(table.missing == [Self.month(2025, 7), Self.month(2025, 8), Self.month(2025, 9)])
    #expect(table.missingPrevious.isEmpty)
    let national = table.sections[0].cells[1]
    #expect(national.count == 10)
    #expect(national[5] == MonthlyTable.Cell(value: 1100, previous: 1000))
    for c in national[6...] {
      #expect(c.value == nil)
      #expect(c.difference == nil)
    }
    #expect(national[9].previous == 9000)  // 2024 Jan–Sep is there, but there is nothing to compare it with
    let csv = table.render(.csv).split(separator: "\n")
    #expect(csv[2] == "43,熊本県,0,out,00000,全国計,1100,100,1100,100,1100,100,1100,100,1100,100,1100,100,,,,,,,,")
    let text = table.render(.text).split(separator: "\n").map(String.init)
    #expect(text[3].hasSuffix("1,100 (+100)    —    —    —         —"))
    #expect(text.last == "—: no data for 2025-07, 2025-08, 2025-09 (missing, not zero); a total needs every month")
    #expect(table.render(.json).contains("\"2025-07\": null, \"2025-07_diff\": null"))

    // Without --through the table ends at the last month the year has: Jan–Jun and their total.
    let sofar = try MonthlyTable(flows: Self.throughJune, year: 2025, directions: [.outflow])
    #expect(sofar.months == Array(1...6))
    #expect(sofar.sections[0].cells[1][6] == MonthlyTable.Cell(value: 6600, previous: 6000))
    #expect(sofar.footnotes.isEmpty)
  }

  @Test("a previous year with missing months: no difference is made up for them or for the total")
  func missingPreviousMonths() throws {
    var figures: [Period: (Int64, Int64, Int64, Int64)] = [:]
    for m in 1...3 { figures[Self.month(2024, m)] = (100, 90, 1000, 900) }
    for m in 1...6 { figures[Self.month(2025, m)] = (110, 80, 1100, 800) }
    let table = try MonthlyTable(flows: Self.flows(figures), year: 2025, directions: [.inflow])
    let tokyo = table.sections[0].cells[0]
    #expect(tokyo[2].difference == -10)
    #expect(tokyo[3] == MonthlyTable.Cell(value: 80, previous: nil))
    #expect(tokyo[6] == MonthlyTable.Cell(value: 480, previous: nil))
    #expect(table.render(.text).contains("80 (▲10)   80   80   80       480"))
    #expect(table.missingPrevious == [Self.month(2024, 4), Self.month(2024, 5), Self.month(2024, 6)])
  }

  @Test("rows by sex (全国計 by 総数, 男, 女) and by month (columns counterparts)")
  func layouts() throws {
    let flows = Self.flows(
      [Self.month(2024, 1): (100, 90, 1000, 900), Self.month(2025, 1): (110, 80, 1100, 800)],
      sexes: [.total, .male, .female])
    let bySex = try MonthlyTable(flows: flows, year: 2025, directions: [.outflow], rows: .sex)
    #expect(bySex.rowHeaders.map(\.label) == ["総数", "男", "女"])
    #expect(bySex.columnHeaders.map(\.label) == ["1月", "1月"])
    #expect(bySex.sections[0].cells.map { $0[0] } == [
      .init(value: 1100, previous: 1000), .init(value: 660, previous: 600), .init(value: 440, previous: 400),
    ])
    let byMonth = try MonthlyTable(flows: Self.janFeb, year: 2025, directions: [.inflow], rows: .month)
    #expect(byMonth.rowHeaders.map(\.key) == ["2025-01", "2025-02", "total"])
    #expect(byMonth.columnHeaders.map(\.label) == ["東京圏", "全国計"])
    #expect(byMonth.sections[0].cells[2] == [.init(value: 624, previous: 642), .init(value: 3388, previous: 3530)])
    #expect(byMonth.render(.csv).hasPrefix("area,area_name,sex,direction,month,month_name,51000,51000_diff,00000,00000_diff\n"))
  }

  @Test("annual data: one column, the year; no months can be asked for")
  func annual() throws {
    let flows = Self.flows([Period(year: 2025): (5000, 4000, 31256, 28923)])
    let table = try MonthlyTable(flows: flows, directions: [.net])
    #expect(table.months.isEmpty)
    #expect(table.render(.text) == """
      熊本県 社会増減 2025年 (括弧内は前年同期との差)
      相手先  2025年
      東京圏  ▲1,000
      全国計  ▲2,333
      no data for 2024: no difference is shown where the year before is missing

      """)
    #expect(table.render(.text, era: true).hasPrefix("熊本県 社会増減 R7年 (括弧内はR6年同期との差)\n相手先    R7年\n"))
    #expect(throws: CubeError.self) { try MonthlyTable(flows: flows, through: 9) }
    #expect(throws: CubeError.noData("year 2023")) { try MonthlyTable(flows: flows, year: 2023) }
  }
}
