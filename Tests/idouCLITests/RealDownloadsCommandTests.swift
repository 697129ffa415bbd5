import Foundation
import Testing

/// Issue 10's "must show", through the command line: the real e-Stat downloads and other tools' CSVs, read as
/// they are. Expected figures are the published ones (datasets/SOURCES.md and the issue), never idou's.
@Suite("idou on real downloads as they come")
struct RealDownloadsCommandTests {
  static let table1 = dataset("real/estat-annual-table1-2010-2025.csv")

  static func csv(_ arguments: [String]) throws -> [[String]] {
    let r = try CLI.run(arguments + ["--format", "csv"])
    #expect(r.status == 0, "\(arguments): \(r.stderr)")
    return r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
  }

  @Test("table 1 through summary: the issue's figures, --sex and --scope")
  func table1() throws {
    let cases: [([String], [String])] = [
      (["--year", "2023", "--area", "43"], ["43", "熊本県", "2023", "30375", "31999", "-1624"]),
      (["--year", "2025", "--area", "43", "--sex", "female"], ["43", "熊本県", "2025", "12402", "13977", "-1575"]),
      (["--year", "2025", "--area", "43", "--scope", "japanese"], ["43", "熊本県", "2025", "25123", "27236", "-2113"]),
      (["--year", "2010", "--area", "43", "--scope", "japanese"], ["43", "熊本県", "2010", "28759", "31031", "-2272"]),
      (["--year", "2025", "--area", "13", "--scope", "foreign"], ["13", "東京都", "2025", "53858", "54236", "-378"]),
      (["--year", "2025", "--area", "43100"], ["43100", "熊本市", "2025", "24263", "24599", "-336"]),
      (["--year", "2025", "--regions", "three-metro", "--area", "東京圏"], ["51000", "東京圏", "2025", "515892", "392358", "123534"]),
    ]
    for (arguments, expected) in cases {
      let rows = try Self.csv(["summary", "--input", Self.table1] + arguments)
      #expect(rows == [expected], "\(arguments)")
    }
  }

  @Test("table 1, all of 2025: exactly 47 prefecture rows, 2,515,731 both ways, net 0; the cities named on stderr")
  func table1All() throws {
    let r = try CLI.run(["summary", "--input", Self.table1, "--year", "2025", "--format", "csv"])
    let rows = r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
    #expect(rows.count == 47 && rows.allSatisfy { $0[0].count == 2 })
    #expect(rows.reduce(0) { $0 + Int($1[3])! } == 2_515_731 && rows.reduce(0) { $0 + Int($1[4])! } == 2_515_731)
    #expect(rows.reduce(0) { $0 + Int($1[5])! } == 0)
    #expect(r.stderr.contains("idou: not listed: 21 areas whose figures cross 他市区町村 boundaries"))
    #expect(!r.stderr.contains("warning"))
  }

  @Test("--scope foreign --year 2015 on table 1 is an error saying which years the data has")
  func table1Foreign2015() throws {
    let r = try CLI.run(["summary", "--input", Self.table1, "--scope", "foreign", "--year", "2015"])
    #expect(r.status == 65)
    #expect(r.stderr.hasSuffix("no data for year 2015 (the data has 2020–2025)\n"))
  }

  @Test("the 和歌山県 exports: 和歌山市 2024, the 30 municipalities summing to 和歌山県")
  func wakayama() throws {
    let files = ["in", "out"].map { dataset("real/wakayama-2024/estat-municipal-\($0)-2024.csv") }
    let city = try Self.csv(["summary", "--input"] + files + ["--area", "和歌山市"])
    #expect(city == [["30201", "和歌山市", "2024", "6877", "7534", "-657"]])
    let all = try Self.csv(["summary", "--input"] + files)
    #expect(all.count == 30)
    #expect(all.reduce(0) { $0 + Int($1[3])! } == 19_532 && all.reduce(0) { $0 + Int($1[4])! } == 22_569)
    let pref = try Self.csv(["summary", "--input"] + files + ["--area", "和歌山県"])
    #expect(pref == [["30", "和歌山県", "2024", "19532", "22569", "-3037"]])
  }

  @Test("the real monthly file and the OD long table, as they are")
  func otherToolsCSVs() throws {
    let monthly = try Self.csv(["summary", "--input", dataset("real/monthly-prefecture-2013-07_2026-07.csv"), "--year", "2025", "--area", "43"])
    #expect(monthly == [["43", "熊本県", "2025", "28923", "31256", "-2333"]])
    let od = try Self.csv(["summary", "--input", dataset("real/od-prefecture-2019-2025.csv"), "--year", "2024", "--area", "43"])
    #expect(od == [["43", "熊本県", "2024", "29700", "31242", "-1542"]])
    let mapped = try temporaryFile("ym,code,arrivals,departures\n2025-01,43000,1711,1683\n")
    let m = try Self.csv(["summary", "--input", mapped, "--columns", "month=ym,area=code,in=arrivals,out=departures"])
    #expect(m == [["43", "熊本県", "2025-01", "1711", "1683", "28"]])
    let refused = try CLI.run(["summary", "--input", mapped])
    #expect(refused.status == 65 && refused.stderr.contains("give --columns"))
  }

  @Test("tidy of an origin–destination download: exactly its leaf rows, CP932 = UTF-8; a truncated copy exits 65 with its line")
  func tidyOD() throws {
    let fixtures = repositoryRoot + "/Tests/IdouIngestTests/Fixtures/"
    let expected = String(decoding: fileBytes(fixtures + "expected-okinawa-tidy.csv")!, as: UTF8.self)
    for name in ["okinawa-od-crosstab-cp932.csv", "okinawa-od-crosstab-utf8.csv", "okinawa-od-long-utf8.csv"] {
      let r = try CLI.run(["tidy", fixtures + name])
      #expect(r.status == 0)
      #expect(r.stdout == expected, "\(name)")
      #expect(!r.stderr.contains("warning"))
    }
    let bytes = fileBytes(fixtures + "okinawa-od-crosstab-cp932.csv")!
    let at = bytes[..<(bytes.count / 2)].lastIndex(of: 0x0A)! + 20
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    writeFile(dir + "/cut.csv", Array(bytes.prefix(at)))
    let cut = try CLI.run(["tidy", dir + "/cut.csv"])
    #expect(cut.status == 65)
    let line = bytes.prefix(at).filter { $0 == 0x0A }.count + 1
    #expect(cut.stderr.contains("cut.csv:\(line):"), "\(cut.stderr)")
  }

  @Test("a table of 転入 into 沖縄県's municipalities gives their 転入 by counterpart and no 転出 or 社会増減: — with a note, never 0")
  func partialODTable() throws {
    let f = repositoryRoot + "/Tests/IdouIngestTests/Fixtures/okinawa-od-crosstab-utf8.csv"
    let r = try CLI.run(["table", "--input", f, "--area", "那覇市", "--format", "csv"])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = r.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    let header = rows[0]
    let direction = header.firstIndex(of: "direction")!, counterpart = header.firstIndex(of: "counterpart")!
    let value = header.firstIndex(of: "total")!
    func cell(_ d: String, _ c: String) -> String? { rows.first { $0[direction] == d && $0[counterpart] == c }?[value] }
    // 転入 from the sums of the fixture's origins: 東京圏 (11–14) 178, every origin 2,051.
    #expect(cell("in", "51000") == "178" && cell("in", "00000") == "2051", "\(r.stdout)")
    for d in ["out", "net"] {
      for row in rows.dropFirst() where row[direction] == d { #expect(row[value].isEmpty || row[value] == "—", "\(row)") }
    }
    let text = try CLI.run(["table", "--input", f, "--area", "沖縄県", "--direction", "out"])
    #expect(text.status == 0 && !text.stdout.contains(" 0\n") && text.stdout.contains("missing, not zero"), "\(text.stdout)")
    let groups = try CLI.run(["summary", "--input", f, "--regions", "three-metro"])
    #expect(groups.status != 0 || !groups.stdout.contains(" 0 "), "\(groups.stdout)")
  }

  @Test("summary --by age's CSV reads back: the same age table, and the 総数 row as the area's figures")
  func ageTableReadsBack() throws {
    let files = ["in", "out"].map { dataset("real/wakayama-2024/estat-municipal-\($0)-2024.csv") }
    let ages = try CLI.run(["summary", "--input"] + files + ["--area", "30", "--by", "age", "--format", "csv"])
    #expect(ages.status == 0 && ages.stdout.contains("30,和歌山県,2024,20～24歳,3148,4879,-1731\n"))
    let back = try temporaryFile(ages.stdout, name: "ages.csv")
    let again = try CLI.run(["summary", "--input", back, "--area", "30", "--by", "age", "--format", "csv"])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stdout == ages.stdout)
    let total = try CLI.run(["summary", "--input", back, "--area", "30", "--format", "csv"])
    #expect(total.stdout == "area,name,period,in,out,net\n30,和歌山県,2024,19532,22569,-3037\n")
  }
}
