import IdouCore
import IdouIngest
import Testing

@Suite struct MoveRecordReaderTests {
  let catalog = try! MunicipalCatalog(path: datasetsDirectory + "/" + MunicipalCatalog.bundledPath)

  func reader(threads: Int = 2, level: MoveRecordReader.Level = .prefecture, strict: Bool = false,
              strictCodes: Bool = false) -> MoveRecordReader {
    MoveRecordReader(options: .init(threads: threads, level: level, strict: strict, strictCodes: strictCodes,
                                    catalog: catalog))
  }

  /// Random valid records written in every accepted spelling, read with several thread counts, against the
  /// plain reference count.
  @Test(arguments: [0, 1, 2, 7, 64, 1000]) func randomRecordsMatchTheReference(count: Int) throws {
    var rng = SplitMix64(seed: UInt64(count) * 31 + 7)
    let codes = catalog.municipalities
    var rows: [(String, String, String, Int)] = []
    var text = "date,from,to,sex,age,nationality\n"
    let crlf = count % 2 == 0
    for _ in 0..<count {
      let m = Int.random(in: 1...12, using: &rng), y = Int.random(in: 2023...2025, using: &rng)
      let month = "\(y)-\(m < 10 ? "0" : "")\(m)"
      let date = Bool.random(using: &rng) ? month : month + "-" + ["01", "15", "28"].randomElement(using: &rng)!
      let a = codes.randomElement(using: &rng)!
      var b = codes.randomElement(using: &rng)!
      while a == b { b = codes.randomElement(using: &rng)! }
      func spell(_ c: Int) -> String {
        let five = MunicipalCode(code: c)!.fiveDigits
        return Bool.random(using: &rng) ? five : five + "\(MunicipalCode.checkDigit(of: c))"
      }
      let sex = Int.random(in: 1...2, using: &rng)
      let sexText = [["1", "M", "男"], ["2", "F", "女"]][sex - 1].randomElement(using: &rng)!
      let nat = ["JP", "FOREIGN", "日本人", "外国人", ""].randomElement(using: &rng)!
      let age = ["", "0", "34", "130"].randomElement(using: &rng)!
      let from = spell(a), to = spell(b)
      rows.append((date, from, to, sex))
      text += "\(date),\(from),\(to),\(sexText),\(age),\(nat)" + (crlf ? "\r\n" : "\n")
    }
    let path = recordFile(text)
    for level in MoveRecordReader.Level.allCases {
      let expected = referenceTable(rows, municipal: level == .municipality)
      for threads in [1, 2, 3, 5] {
        let (table, report, rejects) = try reader(threads: threads, level: level).aggregate(path: path)
        #expect(table.csv == expected)
        #expect(report.rowsRead == count && report.rowsUsed == count && report.rowsRejected == 0)
        #expect(rejects.isEmpty)
      }
    }
  }

  /// Every kind of bad row is rejected with its line, column and reason; nothing is lost.
  @Test func badRowsAreRejectedWithLineColumnAndReason() throws {
    let text = """
      date,from,to,sex,age
      2025-03-01,13101,43100,1,20
      2025-13-01,13101,43100,1,20
      2025-02-30,13101,43100,1,20
      1899-12-01,13101,43100,1,20
      2025-03-01,131012,43100,1,20
      2025-03-01,13101,4310,2,20
      2025-03-01,48101,43100,2,20
      2025-03-01,13101,43100,X,20
      2025-03-01,13101,43100,2,131
      2025-03-01,13101,13101,2,20
      2025-03-01,13101,43100,2

      2025-04,13,43,女,
      """
    let path = recordFile(text)
    let (table, report, rejects) = try reader().aggregate(path: path)
    #expect(report.rowsRead == 12 && report.rowsUsed == 2 && report.rowsRejected == 10)
    #expect(report.summaryLine == "\(path): read 12, used 2, rejected 10")
    #expect(rejects.map(\.line) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    #expect(rejects.map(\.column) == [1, 1, 1, 2, 3, 2, 4, 5, 3, 0])
    #expect(rejects[0].reason == "'2025-13-01' is not a date (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, YYYY-MM, YYYY/MM or YYYYMM)")
    #expect(rejects[2].reason == "'1899-12-01': year outside 1900–2099")
    #expect(rejects[3].reason == "'131012' has a bad check digit (expected 6)")
    #expect(rejects[5].reason == "'48101' has no prefecture 01–47 in its first two digits")
    #expect(rejects[6].reason == "'X' is not a sex (1/2, M/F, 男/女, 男性/女性)")
    #expect(rejects[7].reason == "'131' is not an age 0–130")
    #expect(rejects[8].reason == "from and to are the same municipality (13101): not a move")
    #expect(rejects[9].reason == "expected 5 fields (date,from,to,sex,age), found 4")
    #expect(table.csv == """
      month,area,sex,in,out,net
      2025-03,13,1,0,1,-1
      2025-03,43,1,1,0,1
      2025-04,13,2,0,1,-1
      2025-04,43,2,1,0,1

      """)
  }

  /// A reject's words from fields that are not plain ASCII: a doubled quote inside a quoted field, a control
  /// character (shown escaped), CP932 bytes (decoded); and the rejects file quotes what needs quoting.
  @Test func rejectWordsOfQuotedControlAndCP932Fields() throws {
    let head = Array("date,from,to,sex,age\n".utf8)
    let quoted = Array("2025-03-01,13101,43100,\"男\"\"\",20\n".utf8)
    let control = Array("2025-03-01,13101,43100,".utf8) + [0x1B] + Array("X,20\n".utf8)
    let sjis = Array("2025-03-01,13101,43100,".utf8) + cp932Bytes("不明") + Array(",20\n".utf8)
    let path = recordFile(head + quoted + control + sjis)
    let (_, report, rejects) = try reader().aggregate(path: path)
    #expect(report.rowsRejected == 3)
    let sex = " is not a sex (1/2, M/F, 男/女, 男性/女性)"
    #expect(rejects.map(\.reason) == ["'男\"'" + sex, "'\\u{1B}X'" + sex, "'不明'" + sex])
    #expect(rejects.map(\.record) == ["2025-03-01,13101,43100,\"男\"\"\",20", "2025-03-01,13101,43100,\\u{1B}X,20",
                                       "2025-03-01,13101,43100,不明,20"])
    #expect(RejectsFile.text([(file: "m.csv", rejects: rejects)]) == #"""
      file,line,column,reason,record
      m.csv,2,4,"'男""'\#(sex)","2025-03-01,13101,43100,""男"""""",20"
      m.csv,3,4,"'\u{1B}X'\#(sex)","2025-03-01,13101,43100,\u{1B}X,20"
      m.csv,4,4,"'不明'\#(sex)","2025-03-01,13101,43100,不明,20"

      """#)
  }

  @Test func strictStopsAtTheFirstBadRowWithItsPosition() throws {
    let path = recordFile("date,from,to,sex\n2025-03,13,43,1\n2025-03,13,43,1\n2025-03,13,43,9\n2025-03,13,43,Z\n")
    #expect(throws: DataError(file: path, line: 4, column: 4, reason: "'9' is not a sex (1/2, M/F, 男/女, 男性/女性)")) {
      try reader(strict: true).aggregate(path: path)
    }
  }

  @Test func headerMustBeAMoveRecordHeader() throws {
    let path = recordFile("when,from,to,sex\n2025-03,13,43,1\n")
    #expect(throws: DataError.self) { try reader().aggregate(path: path) }
  }

  /// CP932 files: only 男/女/日本人/外国人 are non-ASCII; their byte sequences are those of Python's cp932 codec.
  @Test func cp932TokensAndABOMAreRead() throws {
    var bytes: [UInt8] = Array("date,from,to,sex,nationality\r\n".utf8)
    bytes += Array("2025-03-01,13101,43100,".utf8) + [0x92, 0x6A] + [0x2C] + [0x93, 0xFA, 0x96, 0x7B, 0x90, 0x6C]
    bytes += Array("\r\n2025-03-01,13101,43100,".utf8) + [0x8F, 0x97] + [0x2C] + [0x8A, 0x4F, 0x8D, 0x91, 0x90, 0x6C]
    bytes += Array("\r\n".utf8)
    let (cp932, r1, _) = try reader().aggregate(path: recordFile(bytes))
    let utf8 = "\u{FEFF}date,from,to,sex,nationality\n2025-03-01,13101,43100,男,日本人\n2025-03-01,13101,43100,女,外国人\n"
    let (fromUTF8, r2, _) = try reader().aggregate(path: recordFile(utf8))
    #expect(r1.rowsUsed == 2 && r2.rowsUsed == 2)
    #expect(cp932 == fromUTF8)
    #expect(cp932.csv.contains("2025-03,13,2,0,1,-1"))
  }

  @Test func quotedFieldsAreRead() throws {
    let path = recordFile("\"date\",\"from\",\"to\",\"sex\"\n\"2025-03-01\",\"13101\",\"43100\",\"1\"\n")
    let (table, report, _) = try reader().aggregate(path: path)
    #expect(report.rowsUsed == 1)
    #expect(table.rows.count == 2)
  }

  @Test func codesNotInTheCatalogAreKeptAndCountedOrRejectedWithStrictCodes() throws {
    // 13999 is well formed but no municipality has that code.
    let path = recordFile("date,from,to,sex\n2025-03,13999,43100,1\n2025-03,13101,43100,1\n")
    let (_, kept, _) = try reader().aggregate(path: path)
    #expect(kept.rowsUsed == 2 && kept.notes.contains("codes not in catalog: 1"))
    let (_, strict, rejects) = try reader(strictCodes: true).aggregate(path: path)
    #expect(strict.rowsUsed == 1 && strict.rowsRejected == 1)
    #expect(rejects.first?.reason == "'13999' is not in the municipal catalog (--strict-codes)")
  }

  @Test func municipalLevelRejectsPrefectureCodesAndCountsMovesWithinAPrefecture() throws {
    let path = recordFile("date,from,to,sex\n2025-03,13101,13102,1\n2025-03,13,43,1\n")
    let (table, report, rejects) = try reader(level: .municipality).aggregate(path: path)
    #expect(report.rowsUsed == 1 && report.rowsRejected == 1)
    #expect(rejects.first?.column == 2)
    #expect(table.csv == "month,area,sex,in,out,net\n2025-03,13101,1,0,1,-1\n2025-03,13102,1,1,0,1\n")
    let (pref, prefReport, _) = try reader().aggregate(path: path)
    #expect(prefReport.notes.contains("moves within one prefecture (都道府県内; not 転入/転出 between prefectures): 1"))
    #expect(pref.rows.count == 2)
  }

  /// Generated records: national 転入 = national 転出, Σ net = 0, and the cube's 総数 = 男 + 女.
  @Test func invariantsHoldOnGeneratedRecords() throws {
    let path = recordFile("", suffix: ".csv")
    let generator = RecordGenerator(flows: try realMatrix(), catalog: catalog)
    try generator.write(records: 20_000, seed: 3, to: path)
    let (table, report, _) = try reader().aggregate(path: path)
    #expect(report.rowsRead == 20_000 && report.rowsUsed == 20_000)
    #expect(table.totals.inflow == table.totals.outflow)
    #expect(table.rows.reduce(0) { $0 + $1.net } == 0)
    let cube = try reader().cube(path: path).cube
    let margins = try cube.margins()
    for p in margins.periods.indices {
      for a in margins.areas.indices {
        #expect(margins.inflow(period: p, sex: margins.sexIndex(.total)!, area: a)!
          == margins.inflow(period: p, sex: margins.sexIndex(.male)!, area: a)!
          + margins.inflow(period: p, sex: margins.sexIndex(.female)!, area: a)!)
      }
    }
    #expect(cube.scope == .all)
  }

  @Test func aRecordFileFeedsSummaryThroughAnyInput() throws {
    let path = recordFile("date,from,to,sex,nationality\n2025-03-02,13101,43100,1,JP\n2025-04,43,13,2,JP\n")
    #expect(try Inputs.layoutName(of: readBytes(path), file: path) == "move records")
    let result = try AnyInput.read(path: path)
    #expect(result.cube.scope == .japanese)
    #expect(result.cube.periods.map(\.description) == ["2025-03", "2025-04"])
    let summary = try result.cube.margins().summary(year: 2025, areas: ["43"].map(area))
    #expect(summary.first?.in == 1 && summary.first?.out == 1)
    // The same bytes given in memory (as a converted CP932 file would be) read the same.
    #expect(try AnyInput.read(bytes: readBytes(path), file: path).cube == result.cube)
  }
}

/// The real 2025 47×47 matrix, as a flat row-major array.
func realMatrix() throws -> [Int32] {
  let path = datasetsDirectory + "/real/jp-prefecture-migration-2025.csv"
  let cube = try ODMatrixReader(period: Period(year: 2025)).read(bytes: readBytes(path), file: path).cube
  return cube.matrix(period: 0, sex: .total)!
}

@Suite struct CanonicalLayoutTests {
  let catalog = try! MunicipalCatalog(path: datasetsDirectory + "/" + MunicipalCatalog.bundledPath)

  /// Rows in the canonical export layout take the fast path; the same rows with a problem fall back to the general
  /// path, which rejects them with the same reasons as in any other layout. Padding keeps every row ≥ 48 bytes from
  /// the end of the file, so the fast path is tried on each.
  @Test func problemsInCanonicalRowsAreFoundByTheGeneralPath() throws {
    let rows = [
      "2025-03-01,131016,431001,1,24,JP",  // fine
      "2025-03-01,131012,431001,1,24,JP",  // bad check digit
      "2025-03-01,131016,431001,1,131,JP",  // age out of range
      "2025-03-01,131016,131016,2,24,FOREIGN",  // same area
      "2025-03-01,139998,431001,1,24,JP",  // not in the catalog: kept and counted
      "2025-02-30,131016,431001,1,24,JP",  // no such day
      "2025-03-01,131016,431001,3,24,JP",  // sex out of range
      "2025-03-01,131016,431001,2,24,FOREIGN\r",  // CRLF, fine
      "2025-03-01,131016,431001,2,24,Jp",  // JP in another case, fine (general path)
      "2025-03-01,131016,431001,2,24,XX",  // bad nationality
    ]
    let padding = String(repeating: "2025-03-01,131016,431001,1,24,JP\n", count: 3)
    let text = "date,from,to,sex,age,nationality\n" + rows.joined(separator: "\n") + "\n" + padding
    let reader = MoveRecordReader(options: .init(threads: 1, catalog: catalog))
    let (table, report, rejects) = try reader.aggregate(path: recordFile(text))
    #expect(report.rowsRead == 13 && report.rowsUsed == 7 && report.rowsRejected == 6)
    #expect(report.notes.contains("codes not in catalog: 1"))
    #expect(rejects.map(\.line) == [3, 4, 5, 7, 8, 11])
    #expect(rejects.map(\.column) == [2, 5, 3, 1, 4, 6])
    #expect(rejects[0].reason == "'131012' has a bad check digit (expected 6)")
    #expect(table.csv == """
      month,area,sex,in,out,net
      2025-03,13,1,0,5,-5
      2025-03,13,2,0,2,-2
      2025-03,43,1,5,0,5
      2025-03,43,2,2,0,2

      """)
  }
}
