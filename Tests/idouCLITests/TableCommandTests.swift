import Foundation
import Testing

/// `idou table` against the seed report's slide 「本県における社会増減の推移」: 熊本県's 転出, 転入 and 社会増減 by
/// counterpart (東京圏, 大阪圏, 福岡県, 全国計), January–September 2025 against 2024, every cell.
///
/// The expected tables are written out from the report's figures (the monthly persons of
/// datasets/reference/kumamoto-2024-2025-jan-sep.csv, differences and Jan–Sep totals worked out by hand and
/// with an independent script, not from idou's output), laid out by the documented rule: columns two spaces apart,
/// figures right-aligned to the widest cell by display width (full-width characters count two).
@Suite("idou table: the seed's 熊本県 table")
struct TableCommandTests {
  static let reference = repositoryRoot + "/datasets/reference/kumamoto-2024-2025-jan-sep.csv"

  @Test("text: 転出, 転入 and 社会増減, every cell of the seed's table")
  func seedTableText() throws {
    let run = try CLI.run(["table", "--area", "43", "--year", "2025", "--through", "9", "--input", Self.reference])
    #expect(run.status == 0)
    #expect(run.stdout == Self.seedText)
    #expect(run.stderr == Self.reference + ": read 144, used 144, rejected 0\n" + Self.reference
      + ": 熊本県: 18 months, counterparts 東京圏, 大阪圏, 福岡県, その他 = 全国計 − named\n")
  }

  @Test("the report's headline figures are in the text")
  func headlineFigures() throws {
    let out = try CLI.run(["table", "--area", "熊本県", "--year", "2025", "--input", Self.reference]).stdout
    let lines = out.split(separator: "\n").map(String.init)
    let tokyoOut = try #require(lines.first { $0.hasPrefix("東京圏") })
    #expect(tokyoOut.contains(" 385 (▲7)  "))           // 転出 to 東京圏, January
    #expect(tokyoOut.contains(" 1,993 (+75)  "))        // March
    let totals = lines.filter { $0.hasPrefix("全国計") }
    #expect(totals.count == 3)
    #expect(totals[0].hasSuffix(" 26,331 (▲236)"))      // 転出 Jan–Sep
    #expect(totals[1].hasSuffix(" 24,091 (▲315)"))      // 転入 Jan–Sep
    #expect(totals[2].hasSuffix(" ▲2,240 (▲79)"))       // net −2,240 against −2,161
  }

  @Test("CSV: the same table, value and difference in separate plain-number columns")
  func seedTableCSV() throws {
    let run = try CLI.run(
      ["table", "--area", "43", "--year", "2025", "--through", "9", "--format", "csv", "--input", Self.reference])
    #expect(run.status == 0)
    #expect(run.stdout == Self.seedCSV)
    // It reads back: the same table again, differences included (the year before from them).
    let back = try CLI.run(["table", "--area", "43", "--year", "2025", "--through", "9", "--format", "csv",
                            "--input", try temporaryFile(run.stdout, name: "table.csv")])
    #expect(back.status == 0, "\(back.stderr)")
    #expect(Set(back.stdout.split(separator: "\n")) == Set(Self.seedCSV.split(separator: "\n")))
  }

  @Test("one direction with --direction; era labels with --era")
  func oneDirectionWithEra() throws {
    let out = try CLI.run(
      ["table", "--area", "43", "--direction", "net", "--era", "--input", Self.reference]).stdout
    let lines = out.split(separator: "\n").map(String.init)
    #expect(lines.first == "熊本県 社会増減 R7年1～9月 (括弧内はR6年同期との差)")
    #expect(lines.count == 6)
    #expect(lines.last?.hasSuffix("▲2,240 (▲79)") == true)
  }

  @Test("months after September are missing (—), not zero, and so is the year's total")
  func missingMonths() throws {
    let run = try CLI.run(
      ["table", "--area", "43", "--year", "2025", "--through", "12", "--direction", "out", "--format", "csv",
       "--input", Self.reference])
    #expect(run.status == 0)
    let last = try #require(run.stdout.split(separator: "\n").last)
    #expect(last == "43,熊本県,0,out,00000,全国計,1683,-178,1746,-168,7460,59,5308,-454,2010,-143,1915,299,2138,-6,2032,128,2039,227,,,,,,,,")
    let text = try CLI.run(
      ["table", "--area", "43", "--year", "2025", "--through", "12", "--direction", "out", "--input", Self.reference]).stdout
    #expect(text.contains("—: no data for 2025-10, 2025-11, 2025-12 (missing, not zero)"))
    #expect(text.split(separator: "\n").first { $0.hasPrefix("全国計") }?.hasSuffix("—") == true)
  }

  @Test("without --input, --area 43 runs on the bundled 熊本県 reference")
  func bundledDefault() throws {
    let run = try CLI.run(["table", "--area", "43", "--direction", "in"], environment: ["IDOU_DATASETS": repositoryRoot + "/datasets"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("全国計  1,711 (▲44)"))
    #expect(run.stderr.contains("kumamoto-2024-2025-jan-sep.csv: read 144, used 144, rejected 0"))
  }

  @Test("a group the counterpart table cannot form is a data error, not a partial sum")
  func unanswerableGroup() throws {
    let run = try CLI.run(["table", "--area", "43", "--regions", "three-metro", "--input", Self.reference])
    #expect(run.status == 65)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("kumamoto-2024-2025-jan-sep.csv: no data for counterpart 名古屋圏 (52000)"))
  }

  @Test("bad input: file:line:column and exit 65; a missing file exits 66; a bad month 64")
  func failures() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idou-table-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let bad = dir.appendingPathComponent("bad.csv").path
    try """
      prefecture,year,month,direction,counterpart,counterpart_name,persons
      43,2025,1,out,tokyo-area,東京圏,385
      43,2025,1,out,all,全国計,3x5

      """.write(toFile: bad, atomically: true, encoding: .utf8)
    let run = try CLI.run(["table", "--area", "43", "--input", bad])
    #expect(run.status == 65)
    #expect(run.stderr == "idou: \(bad):3:7: '3x5' is not a count of persons (expected digits, thousands separators allowed)\n")

    let missing = try CLI.run(["table", "--area", "43", "--input", dir.appendingPathComponent("none.csv").path])
    #expect(missing.status == 66)
    let usage = try CLI.run(["table", "--area", "43", "--through", "13", "--input", Self.reference])
    #expect(usage.status == 64)
  }

  static let seedText = """
    熊本県 転出 2025年1～9月 (括弧内は前年同期との差)
    転出先           1月           2月          3月           4月           5月           6月         7月           8月           9月       1～9月計
    東京圏      385 (▲7)      364 (▲4)  1,993 (+75)  1,058 (▲225)     431 (▲74)    458 (+148)    410 (▲8)     422 (+16)     413 (▲18)    5,934 (▲97)
    大阪圏      169 (±0)     132 (▲47)     699 (▲6)    404 (▲103)     174 (▲31)      151 (+2)   187 (+19)     160 (+10)     174 (+29)   2,250 (▲127)
    福岡県      453 (±0)     525 (+62)  1,926 (▲19)   1,452 (▲81)     542 (▲35)     494 (+39)   578 (+27)     528 (+15)     560 (+92)   7,058 (+100)
    全国計  1,683 (▲178)  1,746 (▲168)  7,460 (+59)  5,308 (▲454)  2,010 (▲143)  1,915 (+299)  2,138 (▲6)  2,032 (+128)  2,039 (+227)  26,331 (▲236)

    熊本県 転入 2025年1～9月 (括弧内は前年同期との差)
    転入元          1月          2月           3月           4月          5月         6月           7月           8月           9月       1～9月計
    東京圏    343 (+29)    281 (▲47)  1,031 (+106)    791 (▲110)    343 (▲18)   314 (▲17)     415 (▲44)     336 (▲76)     304 (▲14)   4,158 (▲191)
    大阪圏    138 (▲15)     159 (+4)     485 (+44)     304 (▲47)    180 (+15)    141 (+8)      143 (▲7)     157 (+14)     150 (+10)    1,857 (+26)
    福岡県    445 (▲31)    485 (+32)  1,486 (+150)  1,145 (▲226)    504 (▲48)   501 (▲55)     502 (▲95)     475 (+30)     509 (▲49)   6,052 (▲292)
    全国計  1,711 (▲44)  1,677 (▲98)  6,411 (+767)  4,712 (▲498)  1,853 (▲80)  1,748 (▲5)  2,227 (▲139)  1,921 (▲101)  1,831 (▲117)  24,091 (▲315)

    熊本県 社会増減 2025年1～9月 (括弧内は前年同期との差)
    相手先        1月        2月            3月          4月         5月          6月         7月          8月          9月       1～9月計
    東京圏  ▲42 (+36)  ▲83 (▲43)     ▲962 (+31)  ▲267 (+115)   ▲88 (+56)  ▲144 (▲165)     5 (▲36)    ▲86 (▲92)    ▲109 (+4)   ▲1,776 (▲94)
    大阪圏  ▲31 (▲15)   27 (+51)     ▲214 (+50)   ▲100 (+56)     6 (+46)     ▲10 (+6)   ▲44 (▲26)      ▲3 (+4)    ▲24 (▲19)    ▲393 (+153)
    福岡県   ▲8 (▲31)  ▲40 (▲30)    ▲440 (+169)  ▲307 (▲145)   ▲38 (▲13)      7 (▲94)  ▲76 (▲122)    ▲53 (+15)   ▲51 (▲141)  ▲1,006 (▲392)
    全国計  28 (+134)  ▲69 (+70)  ▲1,049 (+708)   ▲596 (▲44)  ▲157 (+63)  ▲167 (▲304)   89 (▲133)  ▲111 (▲229)  ▲208 (▲344)   ▲2,240 (▲79)
    """ + "\n"

  static let seedCSV = """
    area,area_name,sex,direction,counterpart,counterpart_name,2025-01,2025-01_diff,2025-02,2025-02_diff,2025-03,2025-03_diff,2025-04,2025-04_diff,2025-05,2025-05_diff,2025-06,2025-06_diff,2025-07,2025-07_diff,2025-08,2025-08_diff,2025-09,2025-09_diff,total,total_diff
    43,熊本県,0,out,51000,東京圏,385,-7,364,-4,1993,75,1058,-225,431,-74,458,148,410,-8,422,16,413,-18,5934,-97
    43,熊本県,0,out,53000,大阪圏,169,0,132,-47,699,-6,404,-103,174,-31,151,2,187,19,160,10,174,29,2250,-127
    43,熊本県,0,out,40,福岡県,453,0,525,62,1926,-19,1452,-81,542,-35,494,39,578,27,528,15,560,92,7058,100
    43,熊本県,0,out,00000,全国計,1683,-178,1746,-168,7460,59,5308,-454,2010,-143,1915,299,2138,-6,2032,128,2039,227,26331,-236
    43,熊本県,0,in,51000,東京圏,343,29,281,-47,1031,106,791,-110,343,-18,314,-17,415,-44,336,-76,304,-14,4158,-191
    43,熊本県,0,in,53000,大阪圏,138,-15,159,4,485,44,304,-47,180,15,141,8,143,-7,157,14,150,10,1857,26
    43,熊本県,0,in,40,福岡県,445,-31,485,32,1486,150,1145,-226,504,-48,501,-55,502,-95,475,30,509,-49,6052,-292
    43,熊本県,0,in,00000,全国計,1711,-44,1677,-98,6411,767,4712,-498,1853,-80,1748,-5,2227,-139,1921,-101,1831,-117,24091,-315
    43,熊本県,0,net,51000,東京圏,-42,36,-83,-43,-962,31,-267,115,-88,56,-144,-165,5,-36,-86,-92,-109,4,-1776,-94
    43,熊本県,0,net,53000,大阪圏,-31,-15,27,51,-214,50,-100,56,6,46,-10,6,-44,-26,-3,4,-24,-19,-393,153
    43,熊本県,0,net,40,福岡県,-8,-31,-40,-30,-440,169,-307,-145,-38,-13,7,-94,-76,-122,-53,15,-51,-141,-1006,-392
    43,熊本県,0,net,00000,全国計,28,134,-69,70,-1049,708,-596,-44,-157,63,-167,-304,89,-133,-111,-229,-208,-344,-2240,-79
    """ + "\n"
}
