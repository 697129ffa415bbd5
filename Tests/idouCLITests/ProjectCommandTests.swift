import Foundation
import Testing

/// 熊本県's monthly table for `idou project`, derived from datasets/reference/kumamoto-2024-2025-jan-sep.csv: its
/// 全国計 rows (counterpart `all`) give 転入 and 転出 per year and month, written as `month,43,0,in,out`. The 2024
/// October–December rows are stated test inputs, not published figures (the bundled data stops at September).
func kumamotoTable() throws -> String {
  let reference = try String(contentsOfFile: repositoryRoot + "/datasets/reference/kumamoto-2024-2025-jan-sep.csv",
                             encoding: .utf8)
  var figures: [String: [String: String]] = [:]
  for line in reference.split(separator: "\n").dropFirst() {
    let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard f.count == 7, f[4] == "all" else { continue }
    let month = f[1] + "-" + (f[2].count == 1 ? "0" + f[2] : f[2])
    figures[month, default: [:]][f[3]] = f[6]
  }
  var text = "month,area,sex,in,out\n"
  for month in figures.keys.sorted() { text += "\(month),43,0,\(figures[month]!["in"]!),\(figures[month]!["out"]!)\n" }
  return text + "2024-10,43,0,1900,1700\n2024-11,43,0,1800,1600\n2024-12,43,0,2000,1900\n"
}

@Suite("idou project and idou backtest")
struct ProjectCommandTests {
  @Test("project --format json has exactly the issue's shape, with the seed's ratios")
  func projectJSON() throws {
    let input = try temporaryFile(kumamotoTable())
    let r = try CLI.run(["project", "--area", "43", "--year", "2025", "--through", "9", "--input", input,
                         "--format", "json"])
    #expect(r.status == 0)
    // ratio 24091 ÷ 24406 and 26331 ÷ 26567; 5,700 × 0.98709 = 5,626.43 → 5,626; 5,200 × 0.99112 = 5,153.81 → 5,154;
    // net from the unrounded figures, rounded once: 29,717.43 − 31,484.81 = ▲1,767.38 → ▲1,767. No year before 2025
    // has January–September and a total with the year before it: no backtest, so no interval.
    #expect(r.stdout == """
      {"area": "43", "year": 2025, "through": 9, "method": "same-period-ratio", \
      "in": {"to_date": 24091, "last_year_to_date": 24406, "ratio": \(24091.0 / 24406.0), "last_year_remainder": 5700, "projected_remainder": 5626, "annual": 29717}, \
      "out": {"to_date": 26331, "last_year_to_date": 26567, "ratio": \(26331.0 / 26567.0), "last_year_remainder": 5200, "projected_remainder": 5154, "annual": 31485}, \
      "net": {"to_date": -2240, "annual": -1767}, "interval": null}

      """)
    #expect(r.stderr == "\(input): read 21, used 21, rejected 0\n")
  }

  @Test("project reads the bundled reference table itself; 2024 Oct–Dec come from a second, stated input")
  func referenceTablePlusSupplement() throws {
    let reference = repositoryRoot + "/datasets/reference/kumamoto-2024-2025-jan-sep.csv"
    // Alone it lacks 2024 October–December, and says so.
    let alone = try CLI.run(["project", "--area", "43", "--through", "9", "--input", reference])
    #expect(alone.status == 65)
    #expect(alone.stderr.hasSuffix(
      "kumamoto-2024-2025-jan-sep.csv: no data for 2024-10, 2024-11, 2024-12: same-period-ratio needs 2024-01…2024-12 (or the annual totals of 2024 with their months 1…9) and 2025-01…2025-09\n"))
    // Test inputs, not published figures: the same supplied 2024 Oct–Dec as above.
    let supplement = try temporaryFile("""
      month,area,sex,in,out
      2024-10,43,0,1900,1700
      2024-11,43,0,1800,1600
      2024-12,43,0,2000,1900

      """)
    let r = try CLI.run(["project", "--area", "43", "--through", "9", "--input", reference, supplement,
                         "--format", "json"])
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("""
      {"area": "43", "year": 2025, "through": 9, "method": "same-period-ratio", \
      "in": {"to_date": 24091, "last_year_to_date": 24406, "ratio": \(24091.0 / 24406.0), "last_year_remainder": 5700, "projected_remainder": 5626, "annual": 29717}
      """))
    #expect(r.stdout.hasSuffix("\"net\": {\"to_date\": -2240, \"annual\": -1767}, \"interval\": null}\n"))
  }

  @Test("project text shows the seed's table with 同期比 in per cent and ▲ for the net")
  func projectText() throws {
    let input = try temporaryFile(kumamotoTable())
    let r = try CLI.run(["project", "--area", "熊本県", "--through", "9", "--input", input])
    #expect(r.stdout == """
      熊本県 (43) 2025年：1–9月のデータから推計、同期比率法 (same-period-ratio)
      男女            2025 1–9月  2024 1–9月  同期比  2024 10–12月  2025 10–12月 推計  2025 年計推計
      総数  転入          24,091      24,406  98.71%         5,700              5,626         29,717
      総数  転出          26,331      26,567  99.11%         5,200              5,154         31,485
      総数  社会増減      ▲2,240                                                              ▲1,767
      社会増減 = 推計転入 − 推計転出（社会増減そのものに比率は掛けない。端数は転入・転出の推計値の差で丸める）
      方法：比率 = 今年1～9月 ÷ 前年1～9月、今年10～12月の推計 = 比率 × 前年10～12月

      """)
  }

  @Test("a method without a ratio leaves it out of the JSON")
  func noRatio() throws {
    let input = try temporaryFile(kumamotoTable())
    let r = try CLI.run(["project", "--area", "43", "--through", "9", "--method", "seasonal-naive", "--input", input,
                         "--format", "json"])
    // seasonal naive: remainder = last year's Oct–Dec: 24,091 + 5,700 = 29,791; 26,331 + 5,200 = 31,531.
    #expect(r.stdout == """
      {"area": "43", "year": 2025, "through": 9, "method": "seasonal-naive", \
      "in": {"to_date": 24091, "last_year_to_date": 24406, "last_year_remainder": 5700, "projected_remainder": 5700, "annual": 29791}, \
      "out": {"to_date": 26331, "last_year_to_date": 26567, "last_year_remainder": 5200, "projected_remainder": 5200, "annual": 31531}, \
      "net": {"to_date": -2240, "annual": -1740}, "interval": null}

      """)
  }

  /// 男 and 女 of one area, 2024 and 2025 Jan–Sep, per month:
  ///
  ///            2024 Jan–Sep  2024 Oct–Dec  2025 Jan–Sep
  ///   男 in          100           100           150       (ratio 1.5)
  ///   男 out          80            80           120       (ratio 1.5)
  ///   女 in           60           120            30       (ratio 0.5)
  ///   女 out          50            50            25       (ratio 0.5)
  static func sexTable() -> String {
    var text = "month,area,sex,in,out\n"
    for m in 1...12 {
      let month = "2024-\(m < 10 ? "0" : "")\(m)"
      text += "\(month),43,1,100,80\n\(month),43,2,\(m <= 9 ? 60 : 120),50\n"
    }
    for m in 1...9 { text += "2025-0\(m),43,1,150,120\n2025-0\(m),43,2,30,25\n" }
    return text
  }

  @Test("--sex all gives an array that says each row's sex and the view; reconciled totals add up")
  func sexAll() throws {
    let input = try temporaryFile(Self.sexTable())
    let direct = try CLI.run(["project", "--area", "43", "--through", "9", "--sex", "all", "--input", input,
                              "--format", "json"])
    // 総数 (男 + 女), projected directly: in r = 1,620 ÷ 1,440 = 1.125; Oct–Dec 2024 = 300 + 360 = 660;
    // 660 × 1.125 = 742.5 → 743 (halves away from zero); annual 1,620 + 743 = 2,363.
    // out r = 1,305 ÷ 1,170 = 1.11538; 390 × 1.11538 = 435; annual 1,740. net 2,363 − 1,740 = 623.
    // 男: r = 1.5: in 1,350 + 1.5 × 300 = 1,800; out 1,080 + 1.5 × 240 = 1,440; net 360.
    // 女: r = 0.5: in 270 + 0.5 × 360 = 450; out 225 + 0.5 × 150 = 300; net 150.
    #expect(direct.stdout == """
      [
        {"area": "43", "area_name": "熊本県", "year": 2025, "through": 9, "method": "same-period-ratio", "sex": "total", "view": "direct", "in": {"to_date": 1620, "last_year_to_date": 1440, "ratio": 1.125, "last_year_remainder": 660, "projected_remainder": 743, "annual": 2363}, "out": {"to_date": 1305, "last_year_to_date": 1170, "ratio": \(1305.0 / 1170.0), "last_year_remainder": 390, "projected_remainder": 435, "annual": 1740}, "net": {"to_date": 315, "annual": 623}, "interval": null},
        {"area": "43", "area_name": "熊本県", "year": 2025, "through": 9, "method": "same-period-ratio", "sex": "male", "view": "direct", "in": {"to_date": 1350, "last_year_to_date": 900, "ratio": 1.5, "last_year_remainder": 300, "projected_remainder": 450, "annual": 1800}, "out": {"to_date": 1080, "last_year_to_date": 720, "ratio": 1.5, "last_year_remainder": 240, "projected_remainder": 360, "annual": 1440}, "net": {"to_date": 270, "annual": 360}, "interval": null},
        {"area": "43", "area_name": "熊本県", "year": 2025, "through": 9, "method": "same-period-ratio", "sex": "female", "view": "direct", "in": {"to_date": 270, "last_year_to_date": 540, "ratio": 0.5, "last_year_remainder": 360, "projected_remainder": 180, "annual": 450}, "out": {"to_date": 225, "last_year_to_date": 450, "ratio": 0.5, "last_year_remainder": 150, "projected_remainder": 75, "annual": 300}, "net": {"to_date": 45, "annual": 150}, "interval": null}
      ]

      """)
    // Reconciled: 総数 = 男 + 女 = in 1,800 + 450 = 2,250 (remainder 450 + 180 = 630), out 1,440 + 300 = 1,740;
    // net 510, where the direct 総数 said 623. The reconciled total has no ratio of its own.
    let reconciled = try CLI.run(["project", "--area", "43", "--through", "9", "--sex", "all", "--view", "reconciled",
                                  "--input", input, "--format", "csv"])
    #expect(reconciled.stdout == """
      area,year,through,method,sex,direction,to_date,last_year_to_date,ratio,last_year_remainder,projected_remainder,annual
      43,2025,9,same-period-ratio,total,in,1620,1440,,660,630,2250
      43,2025,9,same-period-ratio,total,out,1305,1170,,390,435,1740
      43,2025,9,same-period-ratio,total,net,315,,,,,510
      43,2025,9,same-period-ratio,male,in,1350,900,1.5,300,450,1800
      43,2025,9,same-period-ratio,male,out,1080,720,1.5,240,360,1440
      43,2025,9,same-period-ratio,male,net,270,,,,,360
      43,2025,9,same-period-ratio,female,in,270,540,0.5,360,180,450
      43,2025,9,same-period-ratio,female,out,225,450,0.5,150,75,300
      43,2025,9,same-period-ratio,female,net,45,,,,,150

      """)
    let text = try CLI.run(["project", "--area", "43", "--through", "9", "--sex", "all", "--view", "reconciled",
                            "--input", input])
    #expect(text.stdout.contains("表示：積み上げ（合計は内訳の推計の和で、内訳は合計に一致する）"))
    #expect(text.stdout.contains("総数 (男+女)  転入"))
  }

  @Test("--counterparts with --sex all --view reconciled: every total row adds up from the rows of its parts")
  func counterpartsReconciled() throws {
    // Five prefectures, 男 and 女, 2024 and 2025 Jan–Sep; counts from a fixed formula with a March–April peak.
    // kumamoto-report groups them as 東京圏 (13), 大阪圏 (27), 福岡県 (40) and その他 (01, and 43 itself).
    var text = "month,from,to,sex,count\n"
    let areas = ["01", "13", "27", "40", "43"]
    for (y, months) in [(2024, 12), (2025, 9)] {
      for m in 1...months {
        for (i, o) in areas.enumerated() {
          for (j, d) in areas.enumerated() where o != d {
            for sex in 1...2 {
              let count = (i * 7 + j * 3 + sex * 5 + m * (y - 2020)) % 37 + (m == 3 || m == 4 ? 60 : 10)
              text += "\(y)-\(m < 10 ? "0" : "")\(m),\(o),\(d),\(sex),\(count)\n"
            }
          }
        }
      }
    }
    let input = try temporaryFile(text)
    let r = try CLI.run(["project", "--area", "43", "--through", "9", "--sex", "all", "--counterparts",
                         "kumamoto-report", "--view", "reconciled", "--input", input, "--format", "csv"])
    #expect(r.status == 0)
    // columns: area,year,through,method,sex,counterpart,direction,to_date,…,projected_remainder,annual
    var annual: [String: Int] = [:]
    for line in r.stdout.split(separator: "\n").dropFirst() {
      let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      annual["\(f[4])/\(f[5])/\(f[6])"] = Int(f[12])
    }
    let groups = ["51000", "53000", "40", "rest"]
    for direction in ["in", "out", "net"] {
      for sex in ["total", "male", "female"] {
        #expect(annual["\(sex)/all/\(direction)"] == groups.map { annual["\(sex)/\($0)/\(direction)", default: .min] }.reduce(0, &+),
                "\(sex) \(direction)")
      }
      for group in ["all"] + groups {
        #expect(annual["total/\(group)/\(direction)"]
                == annual["male/\(group)/\(direction)", default: .min] &+ annual["female/\(group)/\(direction)", default: .min])
      }
    }
    #expect(annual.count == 3 * 5 * 3)
    // One year and nine months are too little to backtest a counterpart series: the error says why.
    let backtest = try CLI.run(["backtest", "--area", "43", "--through", "9", "--counterparts", "kumamoto-report",
                                "--counterpart", "東京圏", "--input", input])
    #expect(backtest.status == 65)
    #expect(backtest.stderr.hasSuffix("input.csv: no year to backtest: no year before 2025 has months 1…9 and its total with "
      + "1 such year before it (data: 2024…2025)\n"))
  }

  @Test("backtest --format json has the issue's shape, then rank and the current interval")
  func backtestJSON() throws {
    // 転入 2022: 100 a month; 2023: 200 a month Jan–Sep, then 150, 150, 200; 2024: 100 a month, December 200;
    // 2025: Jan–Sep 100 a month. 転出 100 every month. Backtest years 2023 and 2024 (2022 has no year before).
    var text = "month,area,sex,in,out\n"
    let inflow = [2022: Array(repeating: 100, count: 12), 2023: Array(repeating: 200, count: 9) + [150, 150, 200],
                  2024: Array(repeating: 100, count: 11) + [200], 2025: Array(repeating: 100, count: 9)]
    for (y, values) in inflow.sorted(by: { $0.key < $1.key }) {
      for (i, v) in values.enumerated() { text += "\(y)-\(i < 9 ? "0" : "")\(i + 1),43,0,\(v),100\n" }
    }
    let input = try temporaryFile(text)
    let r = try CLI.run(["backtest", "--area", "43", "--through", "9", "--input", input, "--format", "json"])
    #expect(r.status == 0)
    // 2023: r = 1800 ÷ 900 = 2 → 1800 + 600 = 2400 vs 2300 (+100). 2024: r = 0.5 → 900 + 250 = 1150 vs 1300 (−150).
    // MAE 125; RMSE √16250 = 127.48; MAPE (100/2300 + 150/1300) ÷ 2 = 7.94 %. 2025: r = 1 → 1300, interval
    // 1300 − 100 … 1300 + 150; two errors: coverage 1/3.
    #expect(r.stdout == """
      {"method": "same-period-ratio", "through": 9, "years": [\
      {"year": 2023, "in": {"projected": 2400, "actual": 2300, "error": 100}, "out": {"projected": 1200, "actual": 1200, "error": 0}, "net": {"projected": 1200, "actual": 1100, "error": 100}}, \
      {"year": 2024, "in": {"projected": 1150, "actual": 1300, "error": -150}, "out": {"projected": 1200, "actual": 1200, "error": 0}, "net": {"projected": -50, "actual": 100, "error": -150}}], \
      "mae": {"in": 125, "out": 0, "net": 125}, "rmse": {"in": 127.48, "out": 0, "net": 127.48}, "mape": {"in": 7.94, "out": 0}, \
      "rank": 1, "interval": {"year": 2025, "in": {"projected": 1300, "low": 1200, "high": 1450}, "out": {"projected": 1200, "low": 1200, "high": 1200}, "net": {"projected": 100, "low": 0, "high": 250}, "coverage": 0.33}}

      """)
    let all = try CLI.run(["backtest", "--area", "43", "--through", "9", "--method", "all", "--history", "1",
                           "--input", input, "--format", "json"])
    let lines = all.stdout.split(separator: "\n")
    #expect(lines.first == "[" && lines.last == "]" && lines.count == 8)
    // With k = 1, share-naive-mean is the mean of the ratio and last year's remainder: 転入 2023 (2,400 + 2,100) ÷ 2
    // = 2,250 (−50), 2024 (1,150 + 1,400) ÷ 2 = 1,275 (−25): net MAE 37.5, the smallest, so it ranks first.
    #expect(lines[1].hasPrefix("  {\"method\": \"share-naive-mean\""))
    #expect(lines[1].contains("\"mae\": {\"in\": 37.5, \"out\": 0, \"net\": 37.5}"))
  }

  @Test("missing months, bad options and missing files: one line and the sysexits code")
  func failures() throws {
    let holed = try kumamotoTable().split(separator: "\n").filter { !$0.hasPrefix("2024-11") }.joined(separator: "\n")
    let input = try temporaryFile(holed + "\n")
    let missing = try CLI.run(["project", "--area", "43", "--through", "9", "--input", input])
    #expect(missing.status == 65)
    #expect(missing.stderr.hasSuffix(
      "input.csv: no data for 2024-11: same-period-ratio needs 2024-01…2024-12 (or the annual totals of 2024 with their months 1…9) and 2025-01…2025-09\n"))
    #expect(missing.stdout.isEmpty)
    let male = try CLI.run(["project", "--area", "43", "--through", "9", "--sex", "male", "--input", input])
    #expect(male.status == 65)
    #expect(male.stderr.hasSuffix("input.csv: no data: 男 (male) of 熊本県: the input gives 総数 only\n"))
    let through = try CLI.run(["project", "--area", "43", "--through", "12", "--input", input])
    #expect(through.status == 64)
    let method = try CLI.run(["project", "--area", "43", "--through", "9", "--method", "magic", "--input", input])
    #expect(method.status == 64)
    let noFile = try CLI.run(["backtest", "--area", "43", "--through", "9", "--input", "/nonexistent/x.csv"])
    #expect(noFile.status == 66)
    // The seed's table alone lacks 2024 October–December, and says so.
    let reference = try CLI.run(["project", "--area", "43", "--through", "9", "--input",
                                 "datasets/reference/kumamoto-2024-2025-jan-sep.csv"])
    #expect(reference.status == 65)
    #expect(reference.stderr.contains("kumamoto-2024-2025-jan-sep.csv: no data for 2024-10, 2024-11, 2024-12"))
    // A month the bundled data does not have: the error says what it has.
    let beyond = try CLI.run(["project", "--area", "43", "--year", "2026", "--through", "9"])
    #expect(beyond.status == 65)
    #expect(beyond.stderr.hasSuffix("idou: the data does not have 2026 through month 9 (it has 2026-01…2026-07)\n"))
  }
}
