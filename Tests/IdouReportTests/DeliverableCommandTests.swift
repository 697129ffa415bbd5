import Foundation
import IdouCore
import IdouReport
import Testing
import _TestSupport

/// The statistician's deliverables as the built `idou` writes them: workbooks read back cell by cell, CSV in the
/// encodings Excel opens.
@Suite("idou deliverables: xlsx and encodings")
struct DeliverableCommandTests {
  @Test("table --area 43 --year 2025 --through 9 --direction out --format xlsx: 385, 1,993, 5,934, 26,331 and −7 as numbers")
  func seedTableWorkbook() throws {
    let dir = temporaryDirectory("idou-xlsx")
    defer { removeTree(dir) }
    let path = dir + "/t.xlsx"
    let r = runIdou(["table", "--area", "43", "--year", "2025", "--through", "9", "--direction", "out",
                     "--format", "xlsx", "--output", path])
    #expect(r.status == 0, "\(r.err)")
    #expect(r.out.isEmpty)
    let book = try XlsxFile(path: path)
    WorkbookTests.expectMachineReadable(book)
    let s = try #require(book.sheets.first)
    #expect(book.sheets.count == 1)
    #expect(s["B6"]?.number == 385)
    #expect(s["C6"]?.number == -7)
    #expect(s["F6"]?.number == 1993)
    #expect(s["T6"]?.number == 5934)
    #expect(s["T9"]?.number == 26331)
    #expect(s["A11"]?.text == "資料：総務省統計局『住民基本台帳人口移動報告』を加工して作成")
  }

  @Test("summary, aggregate: every format they offer includes xlsx; a terminal is refused, a file is not")
  func otherCommands() throws {
    let dir = temporaryDirectory("idou-xlsx")
    defer { removeTree(dir) }
    let r = runIdou(["summary", "--year", "2025", "--format", "xlsx", "--output", dir + "/s.xlsx"])
    #expect(r.status == 0, "\(r.err)")
    let s = try #require(try XlsxFile(path: dir + "/s.xlsx").sheets.first)
    #expect(s["A1"]?.text == "転入者数・転出者数・転入超過数（2025）")
    #expect(s.find("熊本県").map { ref in s[ref.replacingOccurrences(of: "B", with: "F")]?.number } == -2333)
    // Standard output that is not a terminal takes the workbook's bytes (a zip: PK\3\4).
    let piped = runIdou(["summary", "--area", "43", "--format", "xlsx"])
    #expect(piped.status == 0)
    #expect(piped.outBytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
  }

  @Test("--encoding utf-8-bom starts with EF BB BF; cp932 round-trips 熊本県; the default is plain UTF-8")
  func encodings() throws {
    let bom = runIdou(["summary", "--area", "43", "--format", "csv", "--encoding", "utf-8-bom"])
    #expect(bom.status == 0)
    #expect(bom.outBytes.starts(with: [0xEF, 0xBB, 0xBF, 0x61]))  // BOM, then "area"
    let plain = runIdou(["summary", "--area", "43", "--format", "csv"])
    #expect(plain.outBytes.starts(with: Array("area,name,period,in,out,net\n43,熊本県".utf8)))
    let sjis = runIdou(["summary", "--area", "43", "--format", "csv", "--encoding", "cp932"])
    #expect(sjis.status == 0)
    // 熊本県 in CP932: 8C 46 96 7B 8C A7 (the code chart), and back to the same text.
    #expect(sjis.outBytes == Array("area,name,period,in,out,net\n43,".utf8) + [0x8C, 0x46, 0x96, 0x7B, 0x8C, 0xA7]
      + Array(",2025,28923,31256,-2333\n".utf8))
    #expect(String(decoding: try CP932.decode(sjis.outBytes, file: "out"), as: UTF8.self) == plain.out)
    // Text tables too: ▲ has a CP932 code (81 A3).
    let text = runIdou(["summary", "--area", "43", "--encoding", "cp932"])
    #expect(text.outBytes.contains(0xA3))
  }

  @Test("--era keeps the seed's R7年; --era long writes 令和7年; a bare --era before another option still parses")
  func eraLabels() {
    func title(_ extra: [String]) -> String {
      let r = runIdou(["table", "--area", "43", "--direction", "net"] + extra)
      return String(r.out.split(separator: "\n").first ?? "")
    }
    #expect(title([]) == "熊本県 社会増減 2025年1～9月 (括弧内は前年同期との差)")
    #expect(title(["--era"]) == "熊本県 社会増減 R7年1～9月 (括弧内はR6年同期との差)")
    #expect(title(["--era", "--year", "R7"]) == "熊本県 社会増減 R7年1～9月 (括弧内はR6年同期との差)")
    #expect(title(["--era", "long"]) == "熊本県 社会増減 令和7年1～9月 (括弧内は令和6年同期との差)")
  }

  @Test("summary --rank net --top 3: 順位 and the gaining/losing counts; --by counterpart: 構成比 as a ratio cell")
  func rankings() throws {
    let csv = runIdou(["summary", "--rank", "net", "--top", "3", "--format", "csv"])
    #expect(csv.status == 0, "\(csv.err)")
    // The three largest 2025 nets of e-Stat table 1 (bundled): 東京都, 神奈川県, 埼玉県, in the same order in 2024
    // (nets 79,285, 26,963, 21,736: computed from the table's 2024 rows outside idou).
    #expect(csv.out == """
      rank,previous_rank,area,name,period,in,out,net,previous
      1,1,13,東京都,2025,451843,386624,65219,79285
      2,2,14,神奈川県,2025,235438,207386,28052,26963
      3,3,11,埼玉県,2025,188323,165896,22427,21736

      """)
    let text = runIdou(["summary", "--rank", "net"])
    #expect(text.out.contains("転入超過の都道府県：7（14.9%）、転出超過の都道府県：40（85.1%）、計47"))

    let dir = temporaryDirectory("idou-xlsx")
    defer { removeTree(dir) }
    let r = runIdou(["summary", "--area", "43", "--by", "counterpart", "--top", "3", "--format", "xlsx", "--output", dir + "/c.xlsx"])
    #expect(r.status == 0, "\(r.err)")
    let s = try #require(try XlsxFile(path: dir + "/c.xlsx").sheets.first)
    let fukuoka = try #require(s.find("福岡県"))
    let row = XlsxFile.split(fukuoka).row
    #expect(s["A\(row)"] == .init(number: 1, text: nil, format: "0"))
    #expect(s["E\(row)"]?.number == 8_484)
    #expect(s["F\(row)"] == .init(number: 8_484.0 / 31_256.0, text: nil, format: "0.00%"))
  }

  /// A small synthetic monthly OD table (month,from,to,sex,count): 13, 40, 43, January 2019 – September 2025,
  /// 男 and 女; counts from a fixed formula, so nets can be summed here independently.
  static func syntheticTable(_ dir: String) throws -> (path: String, net43: [Int: Int64]) {
    var text = "month,from,to,sex,count\n"
    var net: [Int: Int64] = [:]
    let areas = [13, 40, 43]
    for y in 2019...2025 {
      for m in 1...(y == 2025 ? 9 : 12) {
        for o in areas {
          for d in areas where o != d {
            for sex in 1...2 {
              let count = Int64(100 + (o * 7 + d * 3 + m * 11 + y + sex * 5) % 50 + (d == 13 ? 40 : 0) + (m == 3 ? 120 : 0))
              text += "\(y)-\(m < 10 ? "0" : "")\(m),\(o),\(d),\(sex),\(count)\n"
              if d == 43 { net[y, default: 0] += count }
              if o == 43 { net[y, default: 0] -= count }
            }
          }
        }
      }
    }
    let path = dir + "/synthetic.csv"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return (path, net)
  }

  @Test("project, backtest and report write workbooks: numbers as numbers, ratios as 0.00%, the charts' figures as sheets")
  func projectionWorkbooks() throws {
    let dir = temporaryDirectory("idou-xlsx")
    defer { removeTree(dir) }
    let (input, net43) = try Self.syntheticTable(dir)
    let common = ["--area", "43", "--through", "9", "--year", "2025", "--input", input, "--source", "synthetic"]

    let p = runIdou(["project"] + common + ["--format", "xlsx", "--output", dir + "/p.xlsx"])
    #expect(p.status == 0, "\(p.err)")
    let csv = runIdou(["project"] + common + ["--format", "csv"]).out.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let sheet = try #require(try XlsxFile(path: dir + "/p.xlsx").sheets.first)
    WorkbookTests.expectMachineReadable(try XlsxFile(path: dir + "/p.xlsx"))
    // 転入's row: the same figures as the CSV; the ratio a fraction shown as a percentage.
    let inRow = try #require(csv.first { $0.count > 6 && $0[5] == "in" })
    let r = XlsxFile.split(try #require(sheet.find("転入"))).row
    #expect(sheet["C\(r)"]?.number == Double(inRow[6]))
    #expect(sheet["E\(r)"]?.format == "0.00%")
    #expect(sheet["E\(r)"]?.number == Double(inRow[8]))
    #expect(sheet.cells.values.contains { $0.text == "合成データ（実在の統計ではありません）" })

    let b = runIdou(["backtest"] + common + ["--method", "all", "--format", "xlsx", "--output", dir + "/b.xlsx"])
    #expect(b.status == 0, "\(b.err)")
    let backtest = try XlsxFile(path: dir + "/b.xlsx")
    WorkbookTests.expectMachineReadable(backtest)
    #expect(backtest.sheets.map(\.name).contains("順位"))

    let rep = runIdou(["report"] + common + ["--format", "xlsx", "--output", dir + "/r.xlsx"])
    #expect(rep.status == 0, "\(rep.err)")
    let report = try XlsxFile(path: dir + "/r.xlsx")
    WorkbookTests.expectMachineReadable(report)
    #expect(report.sheets.first?.name == "概況")
    // The yearly-net chart's figures: each complete year's net of 熊本県, summed here from the generated rows.
    let yearly = try #require(report.sheets.first { $0.name.hasPrefix("図") && $0.name.contains("推移") })
    for y in 2019...2024 {
      let ref = try #require(yearly.find("\(y)年"), "\(y)")
      #expect(yearly["B\(XlsxFile.split(ref).row)"]?.number == Double(net43[y]!))
    }
  }

  @Test("--encoding cp932 refuses a character CP932 has no code for, naming it, with nothing written (exit 65)")
  func unencodable() throws {
    let dir = temporaryDirectory("idou-cp932")
    defer { removeTree(dir) }
    let regions = dir + "/r.csv"
    try "area,group,group_name\n40,north,𠮷野\n43,north,𠮷野\n".write(toFile: regions, atomically: true, encoding: .utf8)
    let out = dir + "/s.csv"
    let r = runIdou(["summary", "--regions", regions, "--format", "csv", "--encoding", "cp932", "--output", out])
    #expect(r.status == 65)
    #expect(r.err.contains("𠮷 (U+20BB7) has no CP932 (Shift_JIS) code"))
    #expect(!FileManager.default.fileExists(atPath: out))
    // The same in UTF-8 with a BOM is fine.
    let bom = runIdou(["summary", "--regions", regions, "--format", "csv", "--encoding", "utf-8-bom"])
    #expect(bom.status == 0 && bom.outBytes.starts(with: OutputEncoding.bom))
    #expect(bom.out.contains("𠮷野"))
  }
}
