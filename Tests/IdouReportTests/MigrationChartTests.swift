import Foundation
import IdouAnalysis
import IdouCore
import IdouIngest
import IdouReport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The y of the zero line and the pixels per person, read from the SVG's own grid lines (not from the chart code).
func verticalScale(_ doc: XMLDocument) throws -> (zero: Double, perPerson: Double) {
  let ticks = doc.elements("text", class: "tick")
  let lines = doc.elements("g", class: "axis").first!.elements("line")
  try #require(ticks.count == lines.count && ticks.count >= 2)
  let v0 = ticks.first!.number("data-value")!, v1 = ticks.last!.number("data-value")!
  let y0 = lines.first!.number("y1")!, y1 = lines.last!.number("y1")!
  let perPerson = (y0 - y1) / (v1 - v0)
  let zero = doc.elements("line", class: "zero").first?.number("y1") ?? (y0 + v0 * perPerson)
  return (zero, perPerson)
}

/// Checks every bar against its figure: its height is |value| × scale, positive bars end at the zero line from
/// above, negative bars hang below it.
func expectBars(_ bars: [XMLElement], match figures: [String: Double], in doc: XMLDocument,
                sourceLocation: SourceLocation = #_sourceLocation) throws {
  let (zero, perPerson) = try verticalScale(doc)
  #expect(bars.count == figures.count, sourceLocation: sourceLocation)
  for bar in bars {
    let key = bar.string("data-category")!
    let expected = try #require(figures[key], "no figure for bar \(key)", sourceLocation: sourceLocation)
    let y = bar.number("y")!, h = bar.number("height")!
    #expect(bar.number("data-value") == expected, "\(key)", sourceLocation: sourceLocation)
    #expect(abs(h - abs(expected) * perPerson) < 0.02, "\(key): height \(h) for \(expected)", sourceLocation: sourceLocation)
    if expected < 0 {
      #expect(abs(y - zero) < 0.02, "\(key): a negative bar starts at the zero line", sourceLocation: sourceLocation)
    } else {
      #expect(abs(y + h - zero) < 0.02, "\(key): a positive bar ends at the zero line", sourceLocation: sourceLocation)
    }
  }
}

@Suite("Charts of the monthly report")
struct MigrationChartTests {
  @Test("yearly net: synthetic 熊本県 2014–2024 bars below the axis with their figures, 2025 hatched as 推計 with its interval")
  func yearlyNet() throws {
    let cube = syntheticCube()
    let margins = try cube.margins()
    let years = try margins.yearly(area: area("43"))
    #expect(years.count == 12)
    #expect(years.last == YearFigures(year: 2025, inflow: years.last!.inflow, outflow: years.last!.outflow, months: 9))

    let estimate = NetEstimate(year: 2025, net: -5_321, interval: -5_900 ... -4_800, through: 9)
    var chart = MigrationCharts.yearlyNet(areaName: "熊本県（合成データ）", years: years, estimate: estimate, era: true)
    chart.style.source = Provenance.sourceLine([.synthetic])
    let doc = try parseSVG(chart.svg().xml)

    // Expected figures straight from the cube's cells, year by year.
    var figures: [String: Double] = [:]
    for y in 2014...2024 {
      let ps = cube.periods.indices.filter { cube.periods[$0].year == y }
      figures[Era.label(for: y)] = Double(netFromCells(cube, area: 2, periods: ps, sexes: [0, 1]))
    }
    figures["R7年"] = -5_321
    #expect(figures["H26年"]! < 0 && figures["R6年"]! < 0)
    try expectBars(doc.elements("rect", class: "bar"), match: figures, in: doc)

    let estimated = doc.elements("rect", class: "estimate")
    #expect(estimated.map { $0.string("data-category") } == ["R7年"])
    #expect(estimated[0].string("fill")?.hasPrefix("url(#hatch-") == true)
    #expect(estimated[0].string("stroke-dasharray") == "4 2")
    let actualFills = Set(doc.elements("rect", class: "bar").filter { !($0.string("class")!.contains("estimate")) }.map { $0.string("fill")! })
    #expect(!actualFills.contains { $0.hasPrefix("url(") })
    #expect(doc.elements("text", class: "category-note").map(\.stringValue) == ["（推計）"])
    let interval = try #require(doc.elements("path", class: "interval").first)
    #expect(interval.number("data-low") == -5_900 && interval.number("data-high") == -4_800)
    #expect(doc.elements("text", class: "value").map(\.stringValue).contains("▲5,321"))
    let text = doc.elements("text").compactMap(\.stringValue).joined(separator: "\n")
    #expect(text.contains("推計（同期比率法）"))
    #expect(doc.elements("text", class: "source").map(\.stringValue) == ["合成データ（実在の統計ではありません）"])
    #expect(!text.contains("総務省"))
    #expect(doc.rootElement()!.string("font-family")!.hasPrefix("'Noto Sans CJK JP'"))
  }

  @Test("a year with only some months is not drawn as an actual year")
  func partialYearLeftOut() throws {
    let years = try syntheticCube(firstYear: 2022, lastYear: 2025, lastMonth: 6).margins().yearly(area: area("43"))
    let doc = try parseSVG(MigrationCharts.yearlyNet(areaName: "熊本県", years: years, estimate: nil).svg().xml)
    #expect(doc.elements("rect", class: "bar").compactMap { $0.string("data-category") } == ["2022年", "2023年", "2024年"])
    #expect(doc.elements("text", class: "note").compactMap(\.stringValue).contains { $0.contains("2025年") })
  }

  @Test("net by sex: 男 and 女 bars per year from the male and female layers")
  func netBySex() throws {
    let cube = syntheticCube(firstYear: 2020, lastYear: 2025)
    let m = try cube.margins()
    let chart = MigrationCharts.netBySex(
      areaName: "熊本県", male: try m.yearly(area: area("43"), sex: .male), female: try m.yearly(area: area("43"), sex: .female),
      estimates: (year: 2025, male: -900, female: 350, through: 9))
    let doc = try parseSVG(chart.svg().xml)
    let bars = doc.elements("rect", class: "bar")
    for (series, layer) in [("男", 0), ("女", 1)] {
      var figures: [String: Double] = [:]
      for y in 2020...2024 {
        figures["\(y)年"] = Double(netFromCells(cube, area: 2, periods: cube.periods.indices.filter { cube.periods[$0].year == y }, sexes: [layer]))
      }
      figures["2025年"] = series == "男" ? -900 : 350
      try expectBars(bars.filter { $0.string("data-series") == series }, match: figures, in: doc)
    }
    #expect(doc.elements("rect", class: "estimate").count == 2)
  }

  @Test("monthly 転入/転出: this year's points through September, last year's for all twelve months")
  func monthlyLines() throws {
    let cube = syntheticCube(firstYear: 2024, lastYear: 2025)
    let m = try cube.margins()
    let chart = MigrationCharts.monthlyInOut(
      areaName: "熊本県", thisYear: try m.monthly(area: area("43"), year: 2025), lastYear: try m.monthly(area: area("43"), year: 2024),
      era: true)
    let doc = try parseSVG(chart.svg().xml)
    let points = doc.elements("circle", class: "point")
    let thisYearOut = points.filter { $0.string("data-series") == "転出 R7年" }
    #expect(thisYearOut.count == 9)
    #expect(points.filter { $0.string("data-series") == "転入 R6年" }.count == 12)
    // 転出 of 熊本県 in 2025-03 from the cells: to 東京都 and 福岡県, 男 and 女.
    let p = cube.periodIndex(Period(year: 2025, month: 3)!)!
    let march = (0..<2).reduce(Int64(0)) { $0 + Int64(cube[p, $1, 2, 0]) + Int64(cube[p, $1, 2, 1]) }
    #expect(thisYearOut.first { $0.string("data-category") == "3月" }?.number("data-value") == Double(march))
    // Points sit on the same scale as the grid: y = zero − value × scale.
    let (zero, perPerson) = try verticalScale(doc)
    for pt in points {
      #expect(abs(pt.number("cy")! - (zero - pt.number("data-value")! * perPerson)) < 0.02)
    }
    #expect(doc.elements("polyline", class: "line").count == 4)
  }

  @Test("転出 by counterpart: real 2025 熊本県 figures to 東京圏, 大阪圏 and 福岡県 from the bundled matrix")
  func outflowByCounterpartReal() throws {
    let path = try BundledData.path(BundledData.odMatrix2025)
    let cube = try AnyInput.read(path: path).cube
    let set = try RegionSet.named("kumamoto-report")
    let figures = try cube.outflowByCounterpart(area: area("43"), regions: set, year: 2025)
    // Row 熊本県 of the matrix: 埼玉 941 + 千葉 883 + 東京 3,449 + 神奈川 1,611 = 6,884;
    // 京都 426 + 大阪 1,489 + 兵庫 652 + 奈良 98 = 2,665; 福岡 8,484; all destinations 31,256.
    #expect(figures.map(\.counterpart.name) == ["東京圏", "大阪圏", "福岡県", "その他", "全国計"])
    #expect(figures.last?.counterpart == CounterpartFlows.nationalTotal)
    #expect(figures.map(\.thisYear) == [6_884, 2_665, 8_484, 31_256 - 6_884 - 2_665 - 8_484, 31_256])
    #expect(figures.allSatisfy { $0.lastYear == nil })

    let chart = MigrationCharts.outflowByCounterpart(areaName: "熊本県", figures: figures, year: 2025, through: nil)
    let doc = try parseSVG(chart.svg().xml)
    try expectBars(doc.elements("rect", class: "bar"),
                   match: ["東京圏": 6_884, "大阪圏": 2_665, "福岡県": 8_484, "その他": 13_223], in: doc)
    #expect(doc.elements("text", class: "note").compactMap(\.stringValue) == ["全国計（転出者総数）：2025年 31,256人"])
  }

  @Test("転出 by counterpart compares the same months of the year before")
  func outflowByCounterpartYearOnYear() throws {
    let cube = syntheticCube(firstYear: 2024, lastYear: 2025)
    let regions = RegionSet(id: "t", name: "t", groups: [.init(area: area("13"), members: [area("13").code!])])
    let figures = try cube.outflowByCounterpart(area: area("43"), regions: regions, year: 2025, through: 9)
    let now = cube.periods.indices.filter { cube.periods[$0].year == 2025 }
    let before = cube.periods.indices.filter { cube.periods[$0].year == 2024 && cube.periods[$0].month <= 9 }
    func out(_ ps: [Int], to d: Int) -> Int64 { ps.reduce(0) { a, p in a + Int64(cube[p, 0, 2, d]) + Int64(cube[p, 1, 2, d]) } }
    #expect(figures.map(\.counterpart.name) == ["東京都", "その他", "全国計"])
    #expect(figures[0] == CounterpartOutflow(counterpart: figures[0].counterpart, thisYear: out(now, to: 0), lastYear: out(before, to: 0)))
    #expect(figures[1].thisYear == out(now, to: 1))
    #expect(figures[2].thisYear == out(now, to: 0) + out(now, to: 1))
    // Through month 10 of 2025: the data stops at September, so the year cannot be drawn.
    #expect(throws: CubeError.self) { try cube.outflowByCounterpart(area: area("43"), regions: regions, year: 2025, through: 10) }
    #expect(throws: CubeError.self) { try cube.outflowByCounterpart(area: area("01"), regions: regions, year: 2025) }
  }

  @Test("転出 by counterpart from the seed's 熊本県 reference table: 2025 Jan–Sep against 2024 Jan–Sep")
  func outflowByCounterpartSeed() throws {
    let cube = try AnyInput.read(path: try BundledData.path(BundledData.kumamotoReference)).cube
    let figures = try cube.outflowByCounterpart(area: area("43"), regions: nil, year: 2025, through: 9)
    let total = try #require(figures.first { $0.counterpart.name == "全国計" })
    // The seed's table: 全国計 転出 1～9月 26,331 (▲236), so 2024 Jan–Sep 26,567.
    #expect(total.thisYear == 26_331 && total.lastYear == 26_567)
    // 東京圏, January to September 2025 as the reference lists them: 385 + 364 + 1,993 + 1,058 + 431 + 458 + 410 + 422 + 413.
    #expect(figures.first { $0.counterpart.name == "東京圏" }?.thisYear == 5_934)
    let doc = try parseSVG(MigrationCharts.outflowByCounterpart(areaName: "熊本県", figures: figures, year: 2025, through: 9).svg().xml)
    let bars = doc.elements("rect", class: "bar")
    // 2024: 392 + 368 + 1,918 + 1,283 + 505 + 310 + 418 + 406 + 431 = 6,031 (last year's bar first).
    #expect(bars.filter { $0.string("data-category") == "東京圏" }.compactMap { $0.number("data-value") } == [6_031, 5_934])
    #expect(doc.elements("text", class: "note").compactMap(\.stringValue) == ["全国計（転出者総数）：2025年 26,331人（前年同期 26,567人、差 ▲236）"])
  }
}

@Suite("Bar labels")
struct BarLabelTests {
  @Test("labels too wide for crowded grouped bars run along the bars, no wider than a bar; a loss's ▲ stands upright")
  func crowdedLabelsTurn() throws {
    let years = (2014...2025).map { "\($0)年" }
    let chart = BarChart(
      title: "男女別", categories: years,
      series: [
        .init(name: "男", values: years.indices.map { Double(-1_000 - 150 * $0) }),
        .init(name: "女", values: years.indices.map { Double(400 - 120 * $0) }),
      ])
    let doc = try parseSVG(chart.svg().xml)
    let labels = doc.elements("text", class: "value")
    let bars = doc.elements("rect", class: "bar")
    #expect(labels.count == 24 && bars.count == 24)
    let barWidth = bars[0].number("width")!
    for l in labels {
      #expect(l.string("transform")?.hasPrefix("rotate(-90 ") == true)
      #expect(l.number("font-size")! <= barWidth)
      #expect(!(l.stringValue ?? "").contains("▲") && !(l.stringValue ?? "").contains("−"))
    }
    // 男 2025: −1,000 − 150 × 11 = ▲2,650: the digits run along the bar, the ▲ stands upright below them.
    let loss = try #require(labels.first { $0.number("data-value") == -2650 })
    #expect(loss.stringValue == "2,650")
    let signs = doc.elements("text", class: "value-sign")
    #expect(signs.count == labels.filter { $0.number("data-value")! < 0 }.count)
    let sign = try #require(signs.first { $0.string("data-category") == "2025年" && abs($0.number("x")! - loss.number("x")!) < 8 })
    #expect(sign.stringValue == "▲" && sign.string("transform") == nil)
    #expect(sign.number("y")! > loss.number("y")!)  // below the digits, which run upwards from their start
    #expect(labels.compactMap(\.stringValue).contains("400"))
  }

  @Test("labels that fit stand upright above gains and below losses, ▲ for losses")
  func roomyLabelsStand() throws {
    let chart = BarChart(title: "t", categories: ["A", "B"], series: [.init(name: "n", values: [1_200, -800])])
    let doc = try parseSVG(chart.svg().xml)
    let labels = doc.elements("text", class: "value"), bars = doc.elements("rect", class: "bar")
    #expect(labels.compactMap(\.stringValue) == ["1,200", "▲800"])
    #expect(labels.allSatisfy { $0.string("transform") == nil })
    #expect(labels[0].number("y")! < bars[0].number("y")!)  // above the gain
    #expect(labels[1].number("y")! > bars[1].number("y")! + bars[1].number("height")!)  // below the loss
  }
}

@Suite("Chart requests out of range")
struct ChartRequestRangeTests {
  @Test("a month outside 1–12 is a data error for every chart kind and the report, never a trap")
  func monthOutOfRange() throws {
    let cube = syntheticCube(firstYear: 2024, lastYear: 2025)
    for kind in ChartKind.allCases {
      for month in [0, 13] {
        #expect(throws: CubeError.noData("month \(month) (months are 1–12)")) {
          try kind.chart(cube: cube, request: ChartRequest(area: area("43"), year: 2025, through: month))
        }
      }
    }
    let data = try AnalysisInputs.gather([(cube, "synthetic")], counterparts: nil, scope: .all)
    #expect(throws: AnalysisError.self) { try AreaReport(data: data, area: Area(Prefecture(code: 43)!), year: 2025, through: 13) }
    #expect(throws: CubeError.self) { try cube.outflowByCounterpart(area: area("43"), regions: nil, year: 2025, through: 0) }
  }
}
