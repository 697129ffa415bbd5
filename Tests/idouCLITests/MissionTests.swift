import Foundation
import Testing

/// The bundled monthly prefecture series as raw numbers, split by hand from the CSV (no idou reader): the
/// independent side of these tests. `figures[pref][year][month] = (in, out)`.
enum RawSeries {
  static let figures: [Int: [Int: [Int: (in: Int, out: Int)]]] = {
    let text = try! String(contentsOfFile: repositoryRoot + "/datasets/real/monthly-prefecture-2013-07_2026-07.csv",
                           encoding: .utf8)
    var out: [Int: [Int: [Int: (in: Int, out: Int)]]] = [:]
    for line in text.split(whereSeparator: \.isNewline).dropFirst() {
      let f = line.split(separator: ",", omittingEmptySubsequences: false)
      let ym = f[0].split(separator: "-")
      out[Int(f[1])! / 1000, default: [:]][Int(ym[0])!, default: [:]][Int(ym[1])!] = (Int(f[3])!, Int(f[4])!)
    }
    return out
  }()

  static func sum(_ p: Int, _ y: Int, _ months: ClosedRange<Int>) -> (in: Int, out: Int) {
    months.reduce((0, 0)) { a, m in let v = figures[p]![y]![m]!; return (a.0 + v.in, a.1 + v.out) }
  }

  /// 同期比率法 by hand: (in, out, net) with the net rounded once from the unrounded figures.
  static func project(_ p: Int, _ y: Int, _ m: Int) -> (in: Int, out: Int, net: Int) {
    let now = sum(p, y, 1...m), before = sum(p, y - 1, 1...m), rest = sum(p, y - 1, (m + 1)...12)
    let i = Double(now.in) + Double(now.in) / Double(before.in) * Double(rest.in)
    let o = Double(now.out) + Double(now.out) / Double(before.out) * Double(rest.out)
    return (Int(i.rounded()), Int(o.rounded()), Int((i - o).rounded()))
  }
}

/// A JSON object's integer at a path of keys.
func integer(_ json: Any?, _ path: String...) -> Int? {
  var v = json
  for k in path { v = (v as? [String: Any])?[k] }
  return (v as? NSNumber)?.intValue
}

@Suite("The mission on the bundled real data, no --input")
struct MissionTests {
  @Test("the seed's case: 98.71 %, 99.11 %, 29,317 / 30,964 / ▲1,648, the actual and the KPI (whole output)")
  func seedText() throws {
    let r = try CLI.run(["project", "--area", "43", "--year", "2025", "--through", "9", "--target=-1624"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == """
      熊本県 (43) 2025年：1–9月のデータから推計、同期比率法 (same-period-ratio)
      男女            2025 1–9月  2024 1–9月  同期比  2024 10–12月  2025 10–12月 推計  2025 年計推計
      総数  転入          24,091      24,406  98.71%         5,294              5,226         29,317
      総数  転出          26,331      26,567  99.11%         4,675              4,633         30,964
      総数  社会増減      ▲2,240                                                              ▲1,648
      社会増減 = 推計転入 − 推計転出（社会増減そのものに比率は掛けない。端数は転入・転出の推計値の差で丸める）
      方法：比率 = 今年1～9月 ÷ 前年1～9月、今年10～12月の推計 = 比率 × 前年10～12月
      推計の幅（過去10年の推計誤差の最小～最大、名目カバー率 82%）：社会増減 ▲2,240～▲909、転入 29,100～30,035、転出 30,227～31,460
      実績（2025年）：転入 28,923、転出 31,256、社会増減 ▲2,333（推計の誤差 +685人）
      KPI (▲1,624) に対し推計 ▲1,648：24人下回る見込み（KPIは推計の幅の中）

      """)
  }

  @Test("the seed's case as JSON: ratios to 4 decimals, actual, error, target.met == false")
  func seedJSON() throws {
    let r = try CLI.run(["project", "--area", "43", "--year", "2025", "--through", "9", "--target=-1624",
                         "--format", "json"])
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
    let inRatio = try #require(((json as? [String: Any])?["in"] as? [String: Any])?["ratio"] as? Double)
    let outRatio = try #require(((json as? [String: Any])?["out"] as? [String: Any])?["ratio"] as? Double)
    #expect(String(format: "%.4f", inRatio * 100) == "98.7093" && String(format: "%.4f", outRatio * 100) == "99.1117")
    #expect(integer(json, "in", "annual") == 29_317 && integer(json, "out", "annual") == 30_964)
    #expect(integer(json, "net", "annual") == -1_648)
    // 2025 in table 1: 28,923 / 31,256 / ▲2,333.
    #expect(integer(json, "actual", "in") == 28_923 && integer(json, "actual", "out") == 31_256)
    #expect(integer(json, "actual", "net") == -2_333 && integer(json, "error", "net") == 685)
    #expect(integer(json, "target", "net") == -1_624 && integer(json, "target", "projected_minus_target") == -24)
    let target = try #require((json as? [String: Any])?["target"] as? [String: Any])
    #expect(target["met"] as? Bool == false)
  }

  @Test("project and backtest equal the hand computation for any prefecture, year and M", arguments: [
    (13, 2026, 7), (27, 2026, 7), (40, 2025, 9), (1, 2024, 6), (47, 2026, 3), (23, 2025, 11),
  ])
  func independent(_ pref: Int, _ year: Int, _ m: Int) throws {
    let code = pref < 10 ? "0\(pref)" : "\(pref)"
    let r = try CLI.run(["project", "--area", code, "--year", "\(year)", "--through", "\(m)", "--format", "json"])
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
    let hand = RawSeries.project(pref, year, m)
    let (handIn, handOut, handNet) = (hand.in, hand.out, hand.net)
    #expect(abs(integer(json, "in", "annual")! - handIn) <= 1 && abs(integer(json, "out", "annual")! - handOut) <= 1)
    #expect(abs(integer(json, "net", "annual")! - handNet) <= 1)
    // The backtest scores the complete years before the projected one (2015 on: 2014 needs 2013's Jan–M).
    let b = try CLI.run(["backtest", "--area", code, "--year", "\(year)", "--through", "\(m)", "--format", "json"])
    let bt = try #require(try JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as? [String: Any])
    let years = try #require(bt["years"] as? [[String: Any]])
    #expect(years.map { integer($0, "year")! } == Array(2015..<year))
    for y in years {
      let h = RawSeries.project(pref, integer(y, "year")!, m)
      let actual = RawSeries.sum(pref, integer(y, "year")!, 1...12)
      let (handNet, actualNet) = (h.net, actual.in - actual.out)
      #expect(abs(integer(y, "net", "projected")! - handNet) <= 1)
      #expect(integer(y, "net", "actual")! == actualNet)
    }
  }

  @Test("without --area: all 47 prefectures, sorted by code, on the latest month (2026 through 7)")
  func everyPrefecture() throws {
    let r = try CLI.run(["project", "--format", "csv"])
    #expect(r.status == 0)
    let rows = r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    #expect(rows.map { String($0[0]) } == (1...47).map { $0 < 10 ? "0\($0)" : "\($0)" })
    // 東京都 Jan–Jul 2026 against Jan–Jul 2025, by hand.
    let tokyo = rows[12], now = RawSeries.sum(13, 2026, 1...7), before = RawSeries.sum(13, 2025, 1...7)
    // (Locals: tuple members named `in` inside #expect are mis-evaluated by the macro.)
    let (nowIn, nowNet, beforeIn, beforeNet) = (now.in, now.in - now.out, before.in, before.in - before.out)
    #expect(Int(tokyo[2]) == nowIn && Int(tokyo[3]) == nowIn - beforeIn)
    #expect(Int(tokyo[6]) == nowNet && Int(tokyo[7]) == nowNet - beforeNet)
    let b = try CLI.run(["backtest", "--format", "csv"])
    #expect(b.status == 0)
    #expect(b.stdout.split(separator: "\n").count == 1 + 47)
  }

  @Test("a copied binary finds its bundled data from any directory")
  func copiedBinary() throws {
    // Copied alone into an empty directory and run from /, without IDOU_DATASETS: nothing but the binary.
    let dir = temporaryDirectory("idou-copy")
    let copy = dir + "/idou"
    try FileManager.default.copyItem(atPath: idouExecutable, toPath: copy)
    let r = runIdou(["project", "--area", "43", "--year", "2025", "--through", "9", "--format", "json"], in: "/",
                    unsetting: ["IDOU_DATASETS"], executable: copy)
    removeTree(dir)
    #expect(r.status == 0)
    #expect(integer(try JSONSerialization.jsonObject(with: Data(r.outBytes)), "net", "annual") == -1_648)
  }
}

@Suite("The seed's report on the bundled real data")
struct MissionReportTests {
  static let html: String = {
    let r = try! CLI.run(["report", "--area", "43", "--year", "2025", "--through", "9", "--era", "--target=-1624"])
    return r.stdout
  }()

  @Test("the sentences, the figures and the KPI line")
  func sentences() {
    let html = Self.html
    for s in [
      "R7年は、1～9月までの転出入者数から推計。転入、転出ともに減るが、社会減は若干拡大する見込み。",
      "転出超過はH26年以降12年連続となる見込み。社会減はR3年以降で最大となる見込み。",
      "KPI (▲1,624) に対し推計 ▲1,648：24人下回る見込み。",
    ] {
      #expect(html.contains("<p>\(s)</p>"), "\(s)")
    }
    // From table 1 by sex (bundled): women's net below men's every year 2015–2025, not in 2014.
    #expect(html.contains("<p>H27年以降、女性の方が社会減が大きい状況が続いている。</p>"))
    // 1～9月 with 前年同期差: ▲2,240 against ▲2,161.
    #expect(html.contains("<td class=\"num neg\">▲2,240</td><td class=\"num neg\">▲2,161</td><td class=\"num neg\">▲79</td>"))
    #expect(html.contains("<dt>R7年の社会増減（推計）</dt><dd>▲1,648人</dd>"))
    #expect(html.contains("<dt>R7年の社会増減（実績）</dt><dd>▲2,333人（推計の誤差 +685人）</dd>"))
    #expect(html.contains("▲2,240～▲909"))
  }

  @Test("four charts or more; the yearly chart has H26年…R7年 with R7年 as 推計 beside its actual")
  func charts() {
    let svgs = Self.html.components(separatedBy: "<svg ").dropFirst()
    #expect(svgs.count >= 4)
    #expect(svgs.contains { $0.contains("男女別の社会増減") })
    let yearly = String(svgs.first!)
    let labels = (14...25).map { $0 < 19 ? "H\($0 - 14 + 26)年" : "R\($0 - 18)年" }
    for l in labels { #expect(yearly.contains("data-category=\"\(l)\""), "\(l)") }
    #expect(yearly.contains("class=\"bar estimate\"") && yearly.contains("data-category=\"R7年実績\""))
  }

  @Test("Japanese only, nothing fetched")
  func japaneseOnly() {
    let html = Self.html
    // Visible text: outside tags, styles and SVG markup. No two Latin words in a row (method ids like
    // same-period-ratio and units like MAE stand alone).
    var text = html
    for (open, close) in [("<style>", "</style>"), ("<", ">")] {
      while let a = text.range(of: open), let b = text.range(of: close, range: a.upperBound..<text.endIndex) {
        text.replaceSubrange(a.lowerBound..<b.upperBound, with: " ")
      }
    }
    let english = text.range(of: "[A-Za-z]{3,}[ ,][A-Za-z]{3,}", options: .regularExpression)
    #expect(english == nil, "\(english.map { String(text[$0]) } ?? "")")
    for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "@import", "url(http"] {
      #expect(!html.contains(forbidden), "\(forbidden)")
    }
  }
}

@Suite("Inputs that disagree")
struct DisagreementTests {
  @Test("twelve months against an annual total that differs: an error naming area, year, both figures and files")
  func monthsAgainstAnnual() throws {
    // 熊本県 2024 in table 1 is 29,700 / 31,242 (the twelve months add up to it); one person more here.
    let annual = try temporaryFile("year,pref_code,in_migrants,out_migrants\n2024,43000,29701,31242\n", name: "annual.csv")
    let r = try CLI.run(["project", "--area", "43", "--input", "datasets/real/monthly-prefecture-2013-07_2026-07.csv", annual])
    #expect(r.status == 65)
    #expect(r.stderr.contains("the inputs disagree: 43 熊本県 転入, 総数 2024: the 12 months add up to 29700, the annual total is 29701 (annual.csv, monthly-prefecture-2013-07_2026-07.csv)"))
  }
}
