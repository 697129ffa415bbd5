import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `idou chart`: the SVG it writes parses as XML and its bars carry the figures of the input.
@Suite("idou chart")
struct ChartCommandTests {
  /// Every element named `name` under `node` with a class token.
  func elements(_ node: XMLNode, _ name: String, class token: String) -> [XMLElement] {
    var out: [XMLElement] = []
    for child in node.children ?? [] {
      if let e = child as? XMLElement, e.localName == name, value(e, "class")?.split(separator: " ").contains(Substring(token)) == true {
        out.append(e)
      }
      out += elements(child, name, class: token)
    }
    return out
  }

  func value(_ e: XMLElement, _ name: String) -> String? {
    (e.attributes ?? []).first { $0.name == name }?.stringValue
  }

  @Test("yearly-net from three SYNTHETIC yearly matrices: one bar per year with 熊本県's net, losses below the axis")
  func yearlyNetFromMatrices() throws {
    // 熊本県 (43): 2022 in 626 + 2,600 = 3,226, out 1,622 + 2,522 = 4,144 → ▲918;
    //             2023 in 700 + 2,700 = 3,400, out 1,500 + 2,500 = 4,000 → ▲600;
    //             2024 in 900 + 3,300 = 4,200, out 1,000 + 2,900 = 3,900 → +300.
    let years: [(Int, [Int])] = [(2022, [626, 2_600, 1_622, 2_522]), (2023, [700, 2_700, 1_500, 2_500]), (2024, [900, 3_300, 1_000, 2_900])]
    var paths: [String] = []
    for (y, c) in years {
      paths.append(try temporaryFile(
        "移動前の住所地,東京都,福岡県,熊本県\n東京都,-,900,\(c[0])\n福岡県,1500,-,\(c[1])\n熊本県,\(c[2]),\(c[3]),-\n",
        name: "synthetic-\(y).csv"))
    }
    let out = try temporaryFile("", name: "chart.svg")
    let r = try CLI.run(["chart", "yearly-net", "--area", "熊本県", "--era", "--input"] + paths + ["--output", out])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.isEmpty)
    let doc = try XMLDocument(contentsOf: URL(fileURLWithPath: out), options: [])
    let bars = elements(doc, "rect", class: "bar")
    #expect(bars.map { value($0, "data-category") } == ["R4年", "R5年", "R6年"])
    #expect(bars.map { value($0, "data-value") } == ["-918", "-600", "300"])
    let zero = Double(value(elements(doc, "line", class: "zero")[0], "y1")!)!
    let heights = bars.map { Double(value($0, "height")!)! }
    #expect(abs(heights[0] / heights[1] - 918.0 / 600) < 0.001 && abs(heights[1] / heights[2] - 2) < 0.001)
    #expect(Double(value(bars[0], "y")!)! == zero)  // a loss hangs from the axis
    #expect(abs(Double(value(bars[2], "y")!)! + heights[2] - zero) < 0.01)  // a gain stands on it
    let labels = elements(doc, "text", class: "value").map(\.stringValue)
    #expect(labels == ["▲918", "▲600", "300"])
  }

  @Test("outflow-by-counterpart on the real 2025 matrix, to standard output")
  func counterpartsOnBundledData() throws {
    let r = try CLI.run(["chart", "outflow-by-counterpart", "--area", "43", "--regions", "kumamoto-report",
                         "--input", "datasets/real/jp-prefecture-migration-2025.csv"])
    #expect(r.status == 0)
    let doc = try XMLDocument(xmlString: r.stdout, options: [])
    let bars = elements(doc, "rect", class: "bar")
    // 東京圏, 大阪圏, 福岡県 as the seed's chart; その他 (13,223) is not drawn, 全国計 31,256 is in the note.
    #expect(bars.map { value($0, "data-value") } == ["6884", "2665", "8484"])
    #expect(r.stdout.contains("全国計（転出者総数）：2025年 31,256人"))
    // The bundled matrix is e-Stat's figures as a repository converted them.
    #expect(r.stdout.contains("資料：総務省統計局『住民基本台帳人口移動報告』を加工して作成"))
  }

  @Test("charts the data cannot give fail with one line and a sysexits code")
  func failures() throws {
    let monthly = try CLI.run(["chart", "monthly", "--area", "13", "--input", "datasets/real/jp-prefecture-migration-2025.csv"])
    #expect(monthly.status == 65)
    #expect(monthly.stderr.hasSuffix("jp-prefecture-migration-2025.csv: 「月別の転入・転出」の図は作成できない：月別のデータがない（年計のみ）。\n"))
    let bySex = try CLI.run(["chart", "net-by-sex", "--area", "13", "--input", "datasets/real/jp-prefecture-migration-2025.csv"])
    #expect(bySex.status == 65)
    #expect(bySex.stderr.hasSuffix("jp-prefecture-migration-2025.csv: 「男女別の社会増減」の図は作成できない：男女別のデータがない。\n"))
    let area = try CLI.run(["chart", "yearly-net", "--area", "Atlantis"])
    #expect(area.status == 64)
    #expect(area.stderr.hasSuffix("idou: unknown area 'Atlantis'\n"))
    let kind = try CLI.run(["chart", "pie", "--area", "43"])
    #expect(kind.status == 64)
    let unwritable = try CLI.run(["chart", "monthly", "--area", "43", "--output", "/nonexistent-dir/x.svg"])
    #expect(unwritable.status == 74)
    #expect(unwritable.stderr.hasSuffix("idou: cannot write /nonexistent-dir/x.svg (No such file or directory)\n"))
  }
}

/// `idou report`: one self-contained HTML file.
@Suite("idou report")
struct ReportCommandTests {
  @Test("熊本県 2025 Jan–Sep on the bundled seed reference: the seed's table cells, charts inline, nothing fetched")
  func kumamotoSeedReport() throws {
    let out = try temporaryFile("", name: "report.html")
    let r = try CLI.run(["report", "--area", "43", "--year", "2025", "--through", "9", "--output", out])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("kumamoto-2024-2025-jan-sep.csv: read 144, used 144, rejected 0\n"))
    let html = try String(contentsOfFile: out, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"ja\">"))
    // The seed's table: 転出 to 東京圏 in January, the 全国計 totals of 転出 and 転入.
    for cell in ["385 (▲7)", "26,331 (▲236)", "24,091 (▲315)"] {
      #expect(html.contains("<td class=\"num\">\(cell)</td>"), "\(cell)")
    }
    // Key figures: net Jan–Sep −2,240 against −2,161 a year earlier.
    #expect(html.contains("<td class=\"num neg\">▲2,240</td><td class=\"num neg\">▲2,161</td><td class=\"num neg\">▲79</td>"))
    // Self-contained: no scripts, stylesheets, images or frames from anywhere; the only URL is the SVG namespace.
    for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "@import", "url(http"] {
      #expect(!html.contains(forbidden), "\(forbidden)")
    }
    #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "http") == nil)
    #expect(html.components(separatedBy: "<svg ").count - 1 >= 2)
  }

  @Test("a report needs months: whole-year data is a data error with one line")
  func annualDataRefused() throws {
    let r = try CLI.run(["report", "--area", "13", "--input", "datasets/real/jp-prefecture-migration-2025.csv"])
    #expect(r.status == 65)
    #expect(r.stderr.hasSuffix("jp-prefecture-migration-2025.csv: no data for the months of 2025 (the report compares months; the input gives whole years only)\n"))
  }
}

extension ChartCommandTests {
  @Test("yearly-net on data with only part of each year has no bar to draw: a data error, not an empty chart")
  func yearlyNetWithoutACompleteYear() throws {
    let r = try CLI.run(["chart", "yearly-net", "--area", "43", "--input", "datasets/reference/kumamoto-2024-2025-jan-sep.csv"])
    #expect(r.status == 65)
    #expect(r.stderr.hasSuffix("kumamoto-2024-2025-jan-sep.csv: 「社会増減の推移」の図は作成できない：年計のそろった年がデータにない。\n"))
  }
}

extension ChartCommandTests {
  @Test("yearly-net projects the running year by 同期比率法 and hatches it: SYNTHETIC monthly totals worked by hand")
  func yearlyNetWithProjection() throws {
    // 熊本県 2022–2024: every month 転入 100, 転出 120 → net ▲240 a year. 2025 January–September: 転入 110, 転出 120.
    // 転入: r = 990 ÷ 900 = 1.1, annual = 990 + 1.1 × 300 = 1,320; 転出: r = 1,080 ÷ 1,080 = 1, annual 1,440.
    // Net 2025 (推計) = 1,320 − 1,440 = ▲120. Backtests of 2023 and 2024 from their Jan–Sep are exact (error 0),
    // so the interval is ▲120…▲120.
    var rows = "month,area,sex,in,out\n"
    for y in 2022...2025 {
      for m in 1...(y == 2025 ? 9 : 12) {
        rows += "\(y)-\(m < 10 ? "0" : "")\(m),43,0,\(y == 2025 ? 110 : 100),120\n"
      }
    }
    let input = try temporaryFile(rows, name: "synthetic-totals.csv")
    let r = try CLI.run(["chart", "yearly-net", "--area", "43", "--input", input])
    #expect(r.status == 0, "\(r.stderr)")
    let doc = try XMLDocument(xmlString: r.stdout, options: [])
    let bars = elements(doc, "rect", class: "bar")
    #expect(bars.map { value($0, "data-category") } == ["2022年", "2023年", "2024年", "2025年"])
    #expect(bars.map { value($0, "data-value") } == ["-240", "-240", "-240", "-120"])
    #expect(bars.map { value($0, "class") } == ["bar", "bar", "bar", "bar estimate"])
    let interval = try #require(elements(doc, "path", class: "interval").first)
    #expect(value(interval, "data-low") == "-120" && value(interval, "data-high") == "-120")
    #expect(r.stdout.contains(">推計（同期比率法）</text>"))
    #expect(r.stdout.contains(">2025年は1～9月の実績から同期比率法で推計（幅は過去の推計誤差による経験的区間）</text>"))
  }
}
