import Testing

/// `idou summary` on the bundled real data, whole outputs compared.
@Suite("idou summary")
struct SummaryCommandTests {
  @Test func kumamotoOnTheBundledData() throws {
    let r = try CLI.run(["summary", "--area", "43", "--year", "2025"])
    #expect(r.status == 0)
    #expect(r.stdout == """
      コード  地域    期間    転入    転出  転入超過
      43      熊本県  2025  28,923  31,256    ▲2,333

      """)
    // The default data of summary is e-Stat table 1 as downloaded: its account, and the rows of other scopes named.
    #expect(r.stderr.contains("estat-annual-table1-2010-2025.csv: read 2450, used 867, rejected 1583"))
    #expect(r.stderr.contains("not used when reading scope all: 1145 (use --scope japanese)"))
  }

  @Test func csvAndJSONHaveTheExactKeys() throws {
    let csv = try CLI.run(["summary", "--area", "43", "13", "--format", "csv"])
    #expect(csv.stdout == "area,name,period,in,out,net\n43,熊本県,2025,28923,31256,-2333\n13,東京都,2025,451843,386624,65219\n")
    let json = try CLI.run(["summary", "--area", "熊本県", "--format", "json"])
    #expect(json.stdout == """
      [
        {"area": "43", "name": "熊本県", "period": "2025", "in": 28923, "out": 31256, "net": -2333}
      ]

      """)
  }

  @Test func allPrefecturesBalance() throws {
    let r = try CLI.run(["summary", "--format", "csv"])
    let rows = r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
    #expect(rows.count == 47)
    let ins = rows.reduce(0) { $0 + Int($1[3])! }, outs = rows.reduce(0) { $0 + Int($1[4])! }
    #expect(ins == outs && ins == 2_515_731)
    #expect(rows.reduce(0) { $0 + Int($1[5])! } == 0)
  }

  @Test func regionsFromTheShippedSet() throws {
    let r = try CLI.run(["summary", "--regions", "kumamoto-report", "--format", "markdown"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("| 51000 | 東京圏 | 2025 | 515,892 | 392,358 | 123,534 |"))
    #expect(r.stdout.contains("| 40 | 福岡県 | 2025 | 102,453 | 97,317 | 5,136 |"))
  }

  @Test func missingFileExits66() throws {
    let r = try CLI.run(["summary", "--input", "no/such/file-2025.csv"])
    #expect(r.status == 66)
    #expect(r.stderr == "idou: cannot read no/such/file-2025.csv (no such file)\n")
    #expect(r.stdout.isEmpty)
  }

  @Test func badDataExits65WithFileLineColumn() throws {
    let ragged = try temporaryFile("x,北海道,青森県\n北海道,-,1\n青森県,2\n", name: "ragged-2024.csv")
    let r1 = try CLI.run(["summary", "--input", ragged])
    #expect(r1.status == 65)
    #expect(r1.stderr == "idou: \(ragged):3:3: row has 2 fields, the header has 3\n")

    let unknown = try temporaryFile("x,北海道,青森県\n北海道,-,1\n99,2,-\n", name: "unknown-2024.csv")
    let r2 = try CLI.run(["summary", "--input", unknown])
    #expect(r2.status == 65)
    #expect(r2.stderr == "idou: \(unknown):3:1: unknown area '99' (expected a prefecture name or code, or a municipal code)\n")

    let checkDigit = try temporaryFile("x,431001,402312\n", name: "muni-2024.csv")
    let r3 = try CLI.run(["summary", "--input", checkDigit])
    #expect(r3.status == 65)
    #expect(r3.stderr.contains(":1:3: '402312' has a bad check digit (expected 1)"))

    let noPeriod = try temporaryFile("x,北海道,青森県\n北海道,-,1\n青森県,2,-\n", name: "matrix.csv")
    let r4 = try CLI.run(["summary", "--input", noPeriod])
    #expect(r4.status == 65)
    #expect(r4.stderr.contains("give --period"))
  }

  @Test func unknownAreaIsAUsageError() throws {
    let r = try CLI.run(["summary", "--area", "48"])
    #expect(r.status == 64)
    #expect(r.stderr == "idou: unknown area '48' (see 'idou summary --help')\n")
  }
}

/// A counterpart table holds one area's moves: summary lists that area only, not its partial counterparts.
@Suite("idou summary on a counterpart table")
struct SummaryOfCounterpartTableTests {
  @Test func listsOnlyTheAreaTheTableIsAbout() throws {
    let r = try CLI.run(["summary", "--input", "datasets/reference/kumamoto-2024-2025-jan-sep.csv", "--format", "csv"])
    #expect(r.status == 0)
    // 2025 Jan–Sep 全国計 from the seed table: 転入 24,091, 転出 26,331.
    #expect(r.stdout == "area,name,period,in,out,net\n43,熊本県,2025-01/2025-09,24091,26331,-2240\n")
  }

  @Test("summary's CSV, plain and ranked, reads back to the same figures")
  func csvReadsBack() throws {
    let plain = try CLI.run(["summary", "--format", "csv"])
    let ranked = try CLI.run(["summary", "--rank", "net", "--format", "csv"])
    #expect(plain.status == 0 && ranked.status == 0)
    for (name, text) in [("plain.csv", plain.stdout), ("ranked.csv", ranked.stdout)] {
      let back = try CLI.run(["summary", "--input", try temporaryFile(text, name: name), "--format", "csv"])
      #expect(back.status == 0, "\(back.stderr)")
      #expect(back.stdout == plain.stdout, "\(name)")
    }
  }
}
