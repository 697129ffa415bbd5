import Foundation
import IdouAnalysis
import IdouCore
import IdouIngest
import IdouReport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The `<svg>…</svg>` elements inlined in an HTML text.
func inlineSVGs(_ html: String) -> [String] {
  var out: [String] = []
  var rest = html[...]
  while let start = rest.range(of: "<svg "), let end = rest[start.lowerBound...].range(of: "</svg>") {
    out.append(String(rest[start.lowerBound..<end.upperBound]))
    rest = rest[end.upperBound...]
  }
  return out
}

@Suite("HTML report")
struct HTMLReportTests {
  @Test("titles, cells and notes are escaped; negative cells are marked; the document fetches nothing")
  func escapingAndSelfContained() throws {
    var report = HTMLReport(title: "A <b> & \"C\"")
    var t = Table(columns: [.init(key: "k", title: "区分"), .init(key: "v", title: "値", rightAligned: true)])
    t.append(display: ["<script>", "▲2,333"], values: [.text("<script>"), .integer(-2_333)])
    report.sections = [.init(heading: "見出し", blocks: [.table(t), .note("a < b"), .paragraph("x & y")])]
    let html = report.html
    #expect(html.contains("<title>A &lt;b&gt; &amp; \"C\"</title>"))
    #expect(html.contains("<th scope=\"row\">&lt;script&gt;</th><td class=\"num neg\">▲2,333</td>"))
    #expect(html.contains("<div class=\"note\">a &lt; b</div>"))
    #expect(!html.contains("<script>"))
    #expect(!html.contains("http"))
  }

  @Test("the report on SYNTHETIC 2014–2025 data: key figures from the cells, four charts that parse as XML")
  func syntheticReport() throws {
    let cube = syntheticCube()
    let data = try AnalysisInputs.gather([(cube, "synthetic")], counterparts: nil, scope: .all)
    let figures = try AreaReport(data: data, area: Area(Prefecture(code: 43)!), year: 2025, through: 9, era: true)
    var report = MigrationReport(figures, banner: "合成データ", inputs: ["synthetic"])
    report.source = Provenance.sourceLine([.synthetic])
    let html = report.build().html
    #expect(html.contains("<div class=\"banner\">合成データ</div>"))
    let svgs = inlineSVGs(html)
    #expect(svgs.count == 4)
    for svg in svgs { _ = try parseSVG(svg) }
    // Net of months 1–9 of 2025 and of 2024, from the cube's cells.
    let now = cube.periods.indices.filter { cube.periods[$0].year == 2025 }
    let before = cube.periods.indices.filter { cube.periods[$0].year == 2024 && cube.periods[$0].month <= 9 }
    let netNow = netFromCells(cube, area: 2, periods: now, sexes: [0, 1])
    let netBefore = netFromCells(cube, area: 2, periods: before, sexes: [0, 1])
    #expect(html.contains("<td class=\"num neg\">\(NumberStyle.japanese(netNow))</td><td class=\"num neg\">\(NumberStyle.japanese(netBefore))</td>"))
    // Made-up figures never claim the survey as their source; every chart says they are synthetic.
    #expect(!html.contains("総務省"))
    for svg in svgs { #expect(svg.contains("合成データ（実在の統計ではありません）")) }

    // The projection as DESIGN §5 states it, from the cells: r = Jan–Sep 2025 ÷ Jan–Sep 2024 for 転入 and 転出
    // separately, annual = Jan–Sep 2025 + r × Oct–Dec 2024 (rounded to persons), net = 転入 − 転出.
    func flow(_ ps: [Int], into: Bool) -> Double {
      var sum = 0.0
      for p in ps {
        for s in 0..<2 {
          for o in 0..<2 { sum += Double(into ? cube[p, s, o, 2] : cube[p, s, 2, o]) }
        }
      }
      return sum
    }
    let rest = cube.periods.indices.filter { cube.periods[$0].year == 2024 && cube.periods[$0].month > 9 }
    func annual(into: Bool) -> Int64 {
      let r = flow(now, into: into) / flow(before, into: into)
      return Int64(flow(now, into: into)) + Int64((r * flow(rest, into: into)).rounded(.toNearestOrAwayFromZero))
    }
    let projected = annual(into: true) - annual(into: false)
    #expect(html.contains("<dt>R7年の社会増減（推計）</dt><dd>\(NumberStyle.japanese(projected))人</dd>"))
    // The yearly chart draws the same figure, hatched.
    let yearly = try parseSVG(svgs[0])
    let estimate = try #require(yearly.elements("rect", class: "estimate").first)
    #expect(estimate.number("data-value") == Double(projected))
    #expect(yearly.elements("path", class: "interval").count == 1)
  }

  @Test("the report on the seed's 熊本県 reference alone: no 男/女, no earlier years, no Oct–Dec — each said in Japanese")
  func seedReportNotes() throws {
    let path = try BundledData.path(BundledData.kumamotoReference)
    let data = try AnalysisInputs.read(paths: [path]).data
    let html = MigrationReport(try AreaReport(data: data, area: Area(Prefecture(code: 43)!), year: 2025, through: 9))
      .build().html
    #expect(html.contains("「男女別の社会増減」の図は作成できない：男女別のデータがない。"))
    #expect(html.contains("「社会増減の推移」の図は作成できない：年計のそろった年がデータにない。"))
    #expect(html.contains("推計できません：必要な月のデータがない（2024-10、2024-11、2024-12）。"))
    #expect(inlineSVGs(html).count == 2)
    #expect(html.contains("<td class=\"num\">385 (▲7)</td>"))
  }
}
