import Foundation
import Testing

/// `idou tidy` and e-Stat inputs to the other commands, run as a user runs them.
@Suite("idou tidy and e-Stat inputs")
struct TidyCommandTests {
  static let fixtures = "Tests/IdouIngestTests/Fixtures/"

  static func fixture(_ name: String) -> String { fixtures + name }

  static func expected(_ name: String) throws -> String {
    try String(contentsOfFile: repositoryRoot + "/" + fixture(name), encoding: .utf8)
  }

  @Test("tidy of the CP932 e-Stat download prints exactly the generator's rows, and its account on stderr")
  func tidyCP932() throws {
    let r = try CLI.run(["tidy", Self.fixture("estat-crosstab-cp932.csv")])
    #expect(r.status == 0)
    #expect(r.stdout == (try Self.expected("expected-tidy.csv")))
    #expect(r.stdout.hasPrefix("period,scope,from,to,sex,count\n"))
    let path = Self.fixture("estat-crosstab-cp932.csv")
    #expect(r.stderr == """
      \(path): read 48, used 48, rejected 0, values used 102, no-value markers 42
      \(path): e-Stat download, cp932: 表番号 2; 表題 市区町村間移動者数①（試験用：㈱idou作成、髙森町を含む）
      \(path): 30 values of aggregates (総数, 全国, 郡, 市部 …) checked against the sum of their listed parts, not stored

      """)
  }

  @Test("Every layout, and tidy output read back, print the same rows",
        arguments: ["estat-crosstab-utf8.csv", "estat-long-utf8.csv", "estat-api.csv", "expected-tidy.csv"])
  func sameRows(name: String) throws {
    let r = try CLI.run(["tidy", Self.fixture(name)])
    #expect(r.status == 0)
    #expect(r.stdout == (try Self.expected("expected-tidy.csv")))
  }

  @Test("tidy --format json keeps codes as strings and counts as numbers")
  func json() throws {
    let r = try CLI.run(["tidy", Self.fixture("estat-api.csv"), "--format", "json"])
    #expect(r.status == 0)
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.first == "[")
    #expect(lines[1] == #"  {"period": "2024-01", "scope": "all", "from": "40130", "to": "43100", "sex": 0, "count": 2078},"#)
    #expect(lines.count == 68)  // [, 60 flows, 6 `-` rows (the `***` cells), ]
  }

  @Test("summary of an e-Stat download equals summary of the same figures as a tidy table")
  func summaryEquivalence() throws {
    let eStat = try CLI.run(["summary", "--input", Self.fixture("estat-crosstab-cp932.csv"), "--format", "csv"])
    let tidy = try CLI.run(["summary", "--input", Self.fixture("expected-tidy.csv"), "--format", "csv"])
    #expect(eStat.status == 0 && tidy.status == 0)
    // Names differ (the e-Stat file names 熊本市, a tidy table has codes only); the figures do not.
    func figures(_ csv: String) -> [String] {
      csv.split(separator: "\n").map { line in
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        return "\(f[0]),\(f[2]),\(f[3]),\(f[4]),\(f[5])"
      }
    }
    // Tidy rows are the leaf cells: the `***` cell (福岡市 → 髙森町, 2024-02) is a `-` row, so 髙森町's 転入 read back is
    // unknown, where the e-Stat table states it on its 総数 row (49). Every other figure is the same.
    let stated = ["43428,2024-01/2024-02,,39,": "43428,2024-01/2024-02,49,39,10"]
    #expect(figures(eStat.stdout) == figures(tidy.stdout).map { stated[$0] ?? $0 })
    // And both are the 転入/転出 the fixture generator computed, except 福岡市's 転出: its February cell to 髙森町 is
    // `***` (not surveyed), so the year's 転出 is not known (the generator counted the cell as 0).
    let expected = try Self.expected("expected-summary-2024.csv").split(separator: "\n").dropFirst()
      .map { $0 == "40130,125,2155,-2030" ? "40130,125,," : String($0) }
    let got = eStat.stdout.split(separator: "\n").dropFirst().map { line -> String in
      let f = line.split(separator: ",", omittingEmptySubsequences: false)
      return "\(f[0]),\(f[3]),\(f[4]),\(f[5])"
    }
    #expect(got == expected)
  }

  @Test("summary of an e-Stat download equals summary of the long tables (issue 6's readers)",
        arguments: [("estat-crosstab-cp932.csv", "long-od.csv"), ("estat-area-monthly-utf8.csv", "long-area-totals.csv")])
  func summaryEqualsLongTable(eStat: String, long: String) throws {
    do {
      let a = try CLI.run(["summary", "--input", Self.fixture(eStat), "--format", "csv"])
      let b = try CLI.run(["summary", "--input", Self.fixture(long), "--format", "csv"])
      #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
      // Compare area, period and figures (a long table has codes, not names).
      func figures(_ csv: String) -> [String] {
        csv.split(separator: "\n").map { line in
          let f = line.split(separator: ",", omittingEmptySubsequences: false)
          return "\(f[0]),\(f[2]),\(f[3]),\(f[4]),\(f[5])"
        }
      }
      // The long table leaves out the e-Stat table's `***` cell (福岡市 → 髙森町, 2024-02), which is then 0 there and
      // unknown in the e-Stat table: 福岡市's 転出 is — in the one and 2,155 in the other; every other figure agrees.
      let unknownCell = ["40130,2024-01/2024-02,125,,": "40130,2024-01/2024-02,125,2155,-2030"]
      #expect(figures(a.stdout).map { unknownCell[$0] ?? $0 } == figures(b.stdout))
      #expect(figures(a.stdout).count >= 3)
    }
  }

  /// 福岡市 → 髙森町 in February is `***` (調査していない): 福岡市's 転出 is not known, so it is —; 髙森町's 転入 is
  /// the table's own 総数 row (42), whatever the unknown cell.
  @Test("summary --scope japanese reads the 日本人移動者 rows and says what it left out")
  func scope() throws {
    let r = try CLI.run(["summary", "--input", Self.fixture("estat-crosstab-utf8.csv"), "--scope", "japanese", "--format", "csv"])
    #expect(r.status == 0)
    #expect(r.stdout == """
      area,name,period,in,out,net
      40130,福岡市,2024-01/2024-02,114,,
      43100,熊本市,2024-01/2024-02,2173,153,2020
      43428,髙森町,2024-01/2024-02,42,28,14

      """)
    #expect(r.stderr.contains("read 48, used 24, rejected 24, values used 51"))
    #expect(r.stderr.contains("rows of 移動者 (60000) not used when reading scope japanese: 24 (use --scope all)"))
  }

  @Test("The published 熊本県 2025 figures from a CP932 per-prefecture e-Stat table")
  func prefectureTable() throws {
    let r = try CLI.run(["summary", "--input", Self.fixture("estat-prefecture-totals-cp932.csv"), "--area", "43"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("28,923") && r.stdout.contains("31,256") && r.stdout.contains("▲2,333"))
  }

  /// A copy of the UTF-8 cross-tab fixture with one line replaced.
  static func broken(line n: Int, with text: String) throws -> String {
    let data = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/" + fixture("estat-crosstab-utf8.csv")))
    var lines = Array(data).split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    lines[n - 1] = Array((text.isEmpty ? "" : text + "\r").utf8)
    return try temporaryFile(String(decoding: Array(lines.joined(separator: [0x0A])), as: UTF8.self), name: "broken.csv")
  }

  @Test("Malformed e-Stat files: exit 65 and one line naming file, line and column", arguments: [
    (14, #""010","移動者数","60000","移動者","43100","熊本市","2024000101","2024年1月","43428","髙森町","","17","8","九""#,
     ":14:14: '九' is not a count"),
    (11, #""表章項目 コード","表章項目","職業 コード","職業","移動後の住所地 コード","移動後の住所地","時間軸（月次） コード","時間軸（月次）","移動前の住所地 コード","移動前の住所地","/性別","総数","男","女""#,
     ":11:3: unknown dimension '職業'"),
    (11, "", ":12:1: expected the e-Stat table header"),
    (59, #""010","移動者数","61000","日本人移動者","40130","福岡市","2024000202","2024年2月","40130","福岡市","","-","-","-"#,
     ":59:14: quoted field is never closed"),
  ])
  func malformed(line: Int, text: String, expected: String) throws {
    let path = try Self.broken(line: line, with: text)
    let r = try CLI.run(["tidy", path])
    #expect(r.status == 65)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.hasPrefix("idou: \(path)\(expected)"), "\(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  @Test("総数 ≠ 男 + 女 is a warning with the line; the command still succeeds")
  func sexWarning() throws {
    let path = try Self.broken(line: 15, with: #""010","移動者数","60000","移動者","43100","熊本市","2024000101","2024年1月","40130","福岡市","","2,078","1,040","1,039""#)
    let r = try CLI.run(["tidy", path])
    #expect(r.status == 0)
    #expect(r.stderr.contains("\(path): warning: line 15: 総数 2078 ≠ 男 1040 + 女 1039 (2024-01 all 総数 40130→43100)"))
  }

  @Test("Exit codes: a missing file 66, a population file given as counts 65, --as-of alone 64")
  func exitCodes() throws {
    #expect(try CLI.run(["tidy", "no-such-file.csv"]).status == 66)
    let population = try CLI.run(["tidy", Self.fixture("population.csv")])
    #expect(population.status == 65)
    #expect(population.stderr.contains("a population table (area,year,sex,population) is a denominator for rates"))
    #expect(try CLI.run(["tidy", Self.fixture("estat-api.csv"), "--as-of", "2025-01-01"]).status == 64)
    #expect(try CLI.run(["tidy", Self.fixture("estat-api.csv"), "--as-of", "2025-02-30", "--code-changes", "x.csv"]).status == 64)
  }

  @Test("--code-changes with --as-of re-keys a merged town into its city")
  func asOf() throws {
    let changes = try temporaryFile("old_code,new_code,effective_date\n434281,43100,2025-01-01\n", name: "changes.csv")
    let before = try CLI.run(["tidy", Self.fixture("estat-api.csv"), "--code-changes", changes, "--as-of", "2024-12-31"])
    #expect(before.stdout == (try Self.expected("expected-tidy.csv")))
    let after = try CLI.run(["tidy", Self.fixture("estat-api.csv"), "--code-changes", changes, "--as-of", "2025-01-01"])
    #expect(after.status == 0)
    #expect(!after.stdout.contains("43428"))
    #expect(after.stdout.contains("2024-01,all,40130,43100,0,2079\n"))  // 2,078 from 福岡市 + 1 to 髙森町
    #expect(after.stderr.contains("re-keyed to the codes of 2025-01-01: 1 code changed, 158 moves between merged municipalities now inside one (dropped)"))
  }

  @Test("the seed's 熊本県 table through tidy and back: the same table, the same summary (東京圏 and その他 are areas of the table)")
  func referenceRoundTrip() throws {
    let reference = repositoryRoot + "/datasets/reference/kumamoto-2024-2025-jan-sep.csv"
    let tidy = try CLI.run(["tidy", reference])
    #expect(tidy.status == 0)
    let back = try temporaryFile(tidy.stdout, name: "reference-tidy.csv")
    for args in [["table", "--area", "43", "--year", "2025", "--format", "csv"], ["summary", "--area", "43", "--format", "csv"]] {
      let a = try CLI.run(args + ["--input", reference]), b = try CLI.run(args + ["--input", back])
      #expect(a.status == 0 && b.status == 0, "\(b.stderr)")
      // The same rows; the tidy table lists its counterparts by code (福岡県 before 東京圏).
      #expect(Set(a.stdout.split(separator: "\n")) == Set(b.stdout.split(separator: "\n")), "\(args)")
      #expect(!b.stdout.contains(",,"), "\(b.stdout)")
    }
  }
}
