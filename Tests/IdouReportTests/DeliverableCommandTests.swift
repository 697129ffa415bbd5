import IdouCore
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
}
