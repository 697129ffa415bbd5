import IdouCore
import IdouIO
import Testing

@testable @_spi(Benchmarks) import IdouIngest

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One move as the tests know it, before it is written in some layout.
struct TestMove {
  var year: Int, month: Int, day: Int
  var origin: Int, destination: Int  // five-digit codes
  var sex: Int  // 1, 2
  var age: Int?  // nil: empty
  var foreign: Bool?  // nil: empty
}

/// A way of writing moves: column order and names, code width, date form, tokens, quoting, line ends, encoding.
struct TestLayout: CustomStringConvertible {
  enum Name { case english, japanese }
  enum DateForm: CaseIterable { case dash, slash, compact, monthDash, monthSlash, monthCompact, unpadded }
  /// `export`: 1/2 and JP/FOREIGN, as the generator writes.
  enum Tokens { case digits, letters, words, longWords, export }
  var columns: [RecordColumn]  // `.ignored` columns hold text
  var names: Name = .english
  var codeWidth: Int = 6  // 2, 5, 6 (or 0: mixed 5 and 6)
  var date: DateForm = .dash
  var tokens: Tokens = .digits
  var quoted: Bool = false
  var crlf: Bool = false
  var cp932: Bool = false
  var bom: Bool = false

  var description: String {
    "\(columns) \(names) width \(codeWidth) \(date) \(tokens) quoted \(quoted) crlf \(crlf) cp932 \(cp932)"
  }

  /// The header and rows as bytes, in the layout's encoding.
  func bytes(_ moves: [TestMove], rng: inout SplitMix64) -> [UInt8] {
    func name(_ c: RecordColumn, _ i: Int) -> String {
      switch (c, names) {
      case (.date, .english): "date"
      case (.date, .japanese): "異動年月日"
      case (.origin, .english): "from"
      case (.origin, .japanese): "転出元"
      case (.destination, .english): "to"
      case (.destination, .japanese): "転入先"
      case (.sex, .english): "sex"
      case (.sex, .japanese): "性別"
      case (.age, .english): "age"
      case (.age, .japanese): "年齢"
      case (.nationality, .english): "nationality"
      case (.nationality, .japanese): "国籍"
      case (.ignored, .english): "note\(i)"
      case (.ignored, .japanese): "備考\(i)"
      }
    }
    let eol = crlf ? "\r\n" : "\n"
    var text = columns.enumerated().map { quote(name($0.1, $0.0)) }.joined(separator: ",") + eol
    let notes = ["", "x", "山田 太郎", "a, b", "say \"hi\"", "two\nlines", " "]
    for m in moves {
      let fields = columns.map { c -> String in
        switch c {
        case .date: quote(date(m))
        case .origin: quote(code(m.origin, &rng))
        case .destination: quote(code(m.destination, &rng))
        case .sex: quote(sex(m.sex))
        case .age: quote(m.age.map(String.init) ?? "")
        case .nationality: quote(nationality(m.foreign))
        case .ignored: csvField(notes.randomElement(using: &rng)!)
        }
      }
      text += fields.joined(separator: ",") + eol
    }
    let utf8 = Array(text.utf8)
    if cp932 { return cp932Bytes(text) }
    return bom ? [0xEF, 0xBB, 0xBF] + utf8 : utf8
  }

  func quote(_ s: String) -> String { quoted ? "\"" + s + "\"" : s }

  func csvField(_ s: String) -> String {
    s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) || quoted
      ? "\"" + s.replacingAll("\"", with: "\"\"") + "\"" : s
  }

  func date(_ m: TestMove) -> String {
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    switch date {
    case .dash: return "\(m.year)-\(two(m.month))-\(two(m.day))"
    case .slash: return "\(m.year)/\(two(m.month))/\(two(m.day))"
    case .compact: return "\(m.year)\(two(m.month))\(two(m.day))"
    case .monthDash: return "\(m.year)-\(two(m.month))"
    case .monthSlash: return "\(m.year)/\(two(m.month))"
    case .monthCompact: return "\(m.year)\(two(m.month))"
    case .unpadded: return "\(m.year)/\(m.month)/\(m.day)"
    }
  }

  func code(_ c: Int, _ rng: inout SplitMix64) -> String {
    let five = c < 10000 ? "0\(c)" : "\(c)"
    switch codeWidth {
    case 2: return String(five.prefix(2))
    case 5: return five
    case 6: return five + "\(MunicipalCode.checkDigit(of: c))"
    default: return Bool.random(using: &rng) ? five : five + "\(MunicipalCode.checkDigit(of: c))"
    }
  }

  func sex(_ s: Int) -> String {
    switch tokens {
    case .digits, .export: s == 1 ? "1" : "2"
    case .letters: s == 1 ? "M" : "F"
    case .words: s == 1 ? "男" : "女"
    case .longWords: s == 1 ? "男性" : "女性"
    }
  }

  func nationality(_ f: Bool?) -> String {
    guard let f else { return "" }
    switch tokens {
    case .digits: return f ? "62000" : "61000"
    case .letters, .export: return f ? "FOREIGN" : "JP"
    case .words: return f ? "外国人" : "日本人"
    case .longWords: return f ? "外国" : "日本"
    }
  }

  /// Whether the layout keeps municipalities (two-digit codes give only prefectures).
  var municipal: Bool { codeWidth != 2 }
}

extension String {
  func replacingAll(_ a: String, with b: String) -> String {
    split(separator: Character(a), omittingEmptySubsequences: false).joined(separator: b)
  }
}

/// Text in CP932, each non-ASCII character found by searching the decoder's table (an independent inverse).
func cp932Bytes(_ text: String) -> [UInt8] {
  var out: [UInt8] = []
  for u in text.unicodeScalars {
    if u.value < 0x80 {
      out.append(UInt8(u.value))
      continue
    }
    var found = false
    search: for lead in UInt8(0x81)...0xFC {
      for trail in UInt8(0x40)...0xFC where CP932.scalar(lead: lead, trail: trail) == u {
        out += [lead, trail]
        found = true
        break search
      }
    }
    precondition(found, "no CP932 for \(u)")
  }
  return out
}

/// Random moves between catalog municipalities (some within one prefecture, some between two).
func randomMoves(_ n: Int, catalog: MunicipalCatalog, rng: inout SplitMix64) -> [TestMove] {
  let codes = catalog.municipalities
  return (0..<n).map { _ in
    let y = Int.random(in: 2023...2025, using: &rng), m = Int.random(in: 1...12, using: &rng)
    let d = Int.random(in: 1...Period.daysIn(year: y, month: m), using: &rng)
    let a = codes.randomElement(using: &rng)!
    var b = codes.randomElement(using: &rng)!
    while b == a { b = codes.randomElement(using: &rng)! }
    if Int.random(in: 0..<4, using: &rng) == 0 {
      // A move within the prefecture of `a`.
      let same = codes.filter { $0 / 1000 == a / 1000 && $0 != a }
      if let c = same.randomElement(using: &rng) { b = c }
    }
    let age: Int? = Int.random(in: 0..<5, using: &rng) == 0 ? nil : Int.random(in: 0...130, using: &rng)
    let foreign: Bool? = Int.random(in: 0..<6, using: &rng) == 0 ? nil : Int.random(in: 0..<10, using: &rng) == 0
    return TestMove(year: y, month: m, day: d, origin: a, destination: b, sex: Int.random(in: 1...2, using: &rng),
                    age: age, foreign: foreign)
  }
}

/// The table a plain reading of the moves gives (the independent reference): prefecture or municipal level.
func referenceTable(_ moves: [TestMove], municipal: Bool) -> String {
  referenceTable(moves.map { m in
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    func five(_ c: Int) -> String { c < 10000 ? "0\(c)" : "\(c)" }
    return ("\(m.year)-\(two(m.month))", five(m.origin), five(m.destination), m.sex)
  }, municipal: municipal)
}

@Suite struct RecordLayoutTests {
  let catalog = try! MunicipalCatalog(path: datasetsDirectory + "/" + MunicipalCatalog.bundledPath)

  func read(_ bytes: [UInt8], threads: Int, level: MoveRecordReader.Level = .prefecture,
            plan: RowParser.Plan? = nil) throws -> (MoveTable, ReadReport) {
    var o = MoveRecordReader.Options(threads: threads, level: level, catalog: catalog)
    o.plan = plan
    let (t, r, _) = try MoveRecordReader(options: o).aggregate(path: recordFile(bytes))
    return (t, r)
  }

  /// The layouts of issue 12's table and many more: every one gives the reference table, under every plan and
  /// thread count.
  @Test func everyLayoutGivesTheReferenceTable() throws {
    var rng = SplitMix64(seed: 12)
    let canonical = RecordHeader.canonical
    var layouts: [TestLayout] = [
      TestLayout(columns: canonical, tokens: .export),
      TestLayout(columns: canonical, tokens: .export, crlf: true),
      TestLayout(columns: canonical),
      TestLayout(columns: [.date, .origin, .destination, .sex, .age], codeWidth: 5),
      TestLayout(columns: [.date, .origin, .destination, .sex], codeWidth: 2, date: .monthDash),
      TestLayout(columns: [.sex, .origin, .destination, .date, .nationality, .age], names: .japanese, tokens: .words,
                 crlf: true, cp932: true),
      TestLayout(columns: canonical, quoted: true),
      TestLayout(columns: [.ignored, .date, .ignored, .destination, .origin, .sex], names: .japanese, codeWidth: 0,
                 date: .slash, tokens: .letters, bom: true),
      TestLayout(columns: [.nationality, .sex, .date, .origin, .destination], codeWidth: 5, date: .compact,
                 tokens: .longWords),
      TestLayout(columns: [.date, .origin, .destination, .sex, .age, .nationality], date: .unpadded, tokens: .words),
      TestLayout(columns: [.origin, .destination, .date, .sex, .ignored], codeWidth: 6, date: .monthSlash,
                 quoted: true, crlf: true),
      TestLayout(columns: [.date, .sex, .origin, .destination, .nationality], codeWidth: 0, date: .monthCompact,
                 tokens: .digits, cp932: true),
      TestLayout(columns: [.date, .origin, .destination, .sex, .age, .ignored, .nationality], crlf: true),
      TestLayout(columns: [.date, .origin, .destination, .sex, .age, .ignored], quoted: true),
    ]
    for date in TestLayout.DateForm.allCases {
      layouts.append(TestLayout(columns: [.destination, .date, .origin, .sex, .age], codeWidth: 5, date: date,
                                tokens: .letters, crlf: date == .slash))
    }
    let moves = randomMoves(300, catalog: catalog, rng: &rng)
    for layout in layouts {
      let bytes = layout.bytes(moves, rng: &rng)
      for level in MoveRecordReader.Level.allCases where level == .prefecture || layout.municipal {
        let expected = referenceTable(moves, municipal: level == .municipality)
        let runs: [(RowParser.Plan?, Int)] = [(nil, 1), (nil, 2), (nil, 3), (nil, 7)]
          + RowParser.Plan.allCases.map { ($0, 3) }
        for (plan, threads) in runs {
          do {
            let (table, report) = try read(bytes, threads: threads, level: level, plan: plan)
            #expect(table.csv == expected, "\(layout) \(level) plan \(plan.map { "\($0)" } ?? "auto") threads \(threads)")
            #expect(report.rowsRead == moves.count && report.rowsUsed == moves.count, "\(layout)")
          }
        }
      }
      // The ages and nationalities (which no table above shows) are the moves', under every plan.
      let ages = moves.map { layout.columns.contains(.age) ? $0.age ?? MoveRecord.unknownAge : MoveRecord.unknownAge }
      let nationalities = moves.map { m in
        !layout.columns.contains(.nationality) || m.foreign == nil
          ? MoveRecord.unknownNationality : m.foreign! ? MoveRecord.foreign : MoveRecord.japanese
      }
      for plan in RowParser.Plan.allCases {
        var o = MoveRecordReader.Options(threads: 3, catalog: catalog)
        o.plan = plan
        let records = try MoveRecordReader(options: o).records(path: recordFile(bytes)).records
        #expect(records.indices.map { records[$0].age } == ages, "\(layout) plan \(plan)")
        #expect(records.indices.map { records[$0].nationality } == nationalities, "\(layout) plan \(plan)")
      }
    }
  }

  /// Random moves that all have an age and a nationality (so the first rows show every column's width).
  func completeMoves(_ n: Int, rng: inout SplitMix64) -> [TestMove] {
    randomMoves(n, catalog: catalog, rng: &rng).map { m in
      var m = m
      m.age = m.age ?? 30
      m.foreign = m.foreign ?? false
      return m
    }
  }

  /// The plan chosen from the header and the first rows: canonical only for the canonical layout, the shape's
  /// fixed prefix where the first rows have one.
  @Test func thePlanFollowsTheLayout() throws {
    var rng = SplitMix64(seed: 3)
    let moves = completeMoves(50, rng: &rng)
    func plan(_ l: TestLayout) throws -> RowParser.Plan {
      let reader = MoveRecordReader(options: .init(catalog: catalog))
      return try reader.open(.bytes(l.bytes(moves, rng: &rng), name: "x")).plan
    }
    #expect(try plan(TestLayout(columns: RecordHeader.canonical, tokens: .export)) == .canonical)
    #expect(try plan(TestLayout(columns: RecordHeader.canonical, codeWidth: 5)) == .shaped)
    #expect(try plan(TestLayout(columns: [.date, .origin, .destination, .sex])) == .shaped)
    // A first column of varying width leaves no fixed prefix: every field is scanned.
    #expect(try plan(TestLayout(columns: [.origin, .destination, .date, .sex], codeWidth: 0)) == .columns)
  }

  /// The columns after the fixed prefix pick the shaped loop's tail: none, the age, the age and the nationality, the
  /// age then a last note, the age then a scan, or the general scan (each specialised loop is one `everyLayoutGivesTheReferenceTable`
  /// checks).
  @Test func theShapeTailFollowsTheLayout() throws {
    var rng = SplitMix64(seed: 5)
    let moves = completeMoves(50, rng: &rng)
    func tail(_ l: TestLayout) throws -> RowShape.Tail {
      try shape(l).tail
    }
    func shape(_ l: TestLayout) throws -> RowShape {
      let opened = try MoveRecordReader(options: .init(catalog: catalog)).open(.bytes(l.bytes(moves, rng: &rng), name: "x"))
      #expect(opened.plan == .shaped, "\(l)")
      return opened.shape
    }
    #expect(try tail(TestLayout(columns: [.date, .origin, .destination, .sex])) == RowShape.Tail.none)
    #expect(try tail(TestLayout(columns: [.date, .origin, .destination, .sex, .age], codeWidth: 5)) == .age)
    #expect(try tail(TestLayout(columns: RecordHeader.canonical, quoted: true)) == .ageNationality)
    #expect(try tail(TestLayout(columns: [.sex, .origin, .destination, .date, .nationality, .age], names: .japanese,
                                tokens: .words, crlf: true, cp932: true)) == .age)
    #expect(try tail(TestLayout(columns: [.date, .origin, .destination, .sex, .age, .ignored])) == .ageThenIgnored)
    #expect(try tail(TestLayout(columns: [.date, .origin, .destination, .sex, .age, .ignored, .ignored])) == .ageThenScan)
    #expect(try tail(TestLayout(columns: [.date, .origin, .destination, .sex, .nationality], tokens: .export)) == .scan)
    // The tail's quoting: expected by its loop when every sampled row quotes it, absent when none does.
    #expect(try shape(TestLayout(columns: RecordHeader.canonical, quoted: true)).tailQuoted)
    #expect(try shape(TestLayout(columns: [.date, .origin, .destination, .sex, .age], quoted: true)).tailQuoted)
    #expect(try !shape(TestLayout(columns: RecordHeader.canonical, codeWidth: 5)).tailQuoted)
  }

  /// A tail quoted in some sampled rows only is scanned; rows quoted otherwise than the samples (after them) leave
  /// the tail's loop for the column scan: the same records either way.
  @Test func aTailQuotedInSomeRowsGivesTheSameRecords() throws {
    var rng = SplitMix64(seed: 8)
    let moves = completeMoves(200, rng: &rng)
    for columns in [[RecordColumn.date, .origin, .destination, .sex, .age], RecordHeader.canonical] {
      let plain = TestLayout(columns: columns, codeWidth: 5, tokens: .export)
      let lines = String(decoding: plain.bytes(moves, rng: &rng), as: UTF8.self).split(separator: "\n")
      // Quote the last fields of some rows: every third (mixed in the samples), or only rows after the samples.
      func quotedTail(_ line: Substring) -> String {
        var f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for k in 4..<f.count { f[k] = "\"" + f[k] + "\"" }
        return f.joined(separator: ",")
      }
      let ways: [(quote: (Int) -> Bool, mixedInSamples: Bool)] = [
        ({ $0 % 3 == 0 }, true), ({ $0 > 100 }, false), ({ $0 <= 100 }, false),
      ]
      for (quote, mixed) in ways {
        let text = lines.enumerated().map { i, l in i > 0 && quote(i) ? quotedTail(l) : String(l) }
          .joined(separator: "\n") + "\n"
        let bytes = Array(text.utf8)
        let expected = referenceTable(moves, municipal: true)
        for threads in [1, 3] {
          let (table, report) = try read(bytes, threads: threads, level: .municipality)
          #expect(table.csv == expected, "\(columns) threads \(threads)")
          #expect(report.rowsUsed == moves.count)
        }
        let opened = try MoveRecordReader(options: .init(catalog: catalog)).open(.bytes(bytes, name: "x"))
        #expect(opened.plan == .shaped)
        #expect((opened.shape.tail == .scan) == mixed, "\(columns)")
      }
    }
  }

  /// A last note column (``RowShape/Tail/ageThenIgnored``) holding any text: what the shaped loop steps over, and
  /// what it leaves to the column scan and the general parser (a quote or a lone CR in an unquoted note, `""`, a
  /// note over two lines), gives the records and the count every plan gives, on 1 and 3 threads.
  @Test func aLastNoteOfAnyTextGivesWhatEveryPlanGives() throws {
    var rng = SplitMix64(seed: 44)
    let moves = completeMoves(300, rng: &rng)
    let notes = ["転居", "\"転居, 世帯主\"", "", "\"\"", "a b", "x!#", "a\"b", "a\rb", "\"a\"\"b\"", "\"two\nlines\"", "\"x\"",
                 "とても長い備考が続く行のための文字列"]
    for quotedAge in [false, true] {
      let layout = TestLayout(columns: [.date, .origin, .destination, .sex, .age], codeWidth: 5, date: .slash,
                              tokens: .letters, quoted: quotedAge)
      let lines = String(decoding: layout.bytes(moves, rng: &rng), as: UTF8.self).split(separator: "\n")
      // The first rows (the sample) hold plain notes; the rest any note, some with CRLF.
      let text = lines.enumerated().map { i, l -> String in
        if i == 0 { return l + ",note\n" }
        let note = i < 40 ? notes[i % 2] : notes.randomElement(using: &rng)!
        return l + "," + note + (i % 7 == 0 ? "\r\n" : "\n")
      }.joined()
      let bytes = Array(text.utf8)
      let opened = try MoveRecordReader(options: .init(catalog: catalog)).open(.bytes(bytes, name: "x"))
      #expect(opened.plan == .shaped && opened.shape.tail == .ageThenIgnored && opened.shape.tailQuoted == quotedAge)
      let (reference, referenceReport) = try read(bytes, threads: 1, level: .municipality, plan: .general)
      #expect(referenceReport.rowsUsed > 250, "most notes are plain")
      for (plan, threads) in [(nil, 1), (nil, 3), (RowParser.Plan.shaped, 3), (.columns, 3)] as [(RowParser.Plan?, Int)] {
        let (table, report) = try read(bytes, threads: threads, level: .municipality, plan: plan)
        #expect(table.csv == reference.csv, "plan \(plan.map { "\($0)" } ?? "auto") threads \(threads) quoted \(quotedAge)")
        #expect(report.rowsUsed == referenceReport.rowsUsed && report.rowsRejected == referenceReport.rowsRejected)
      }
    }
  }

  /// Every loop specialised for a date width × code width × tail (``RowShape/core``) is chosen for its layout and
  /// gives the reference table at both levels and any thread count; a scanned tail keeps the widths from the shape.
  @Test func everyWidthSpecialisationGivesTheReferenceTable() throws {
    var rng = SplitMix64(seed: 21)
    let moves = completeMoves(400, rng: &rng)
    let dates: [(TestLayout.DateForm, Int)] = [
      (.dash, 10), (.slash, 10), (.compact, 8), (.monthDash, 7), (.monthSlash, 7), (.monthCompact, 6),
    ]
    let tails: [([RecordColumn], RowShape.Tail)] = [
      ([], .none), ([.age], .age), ([.age, .nationality], .ageNationality), ([.age, .ignored], .ageThenIgnored),
      ([.age, .ignored, .ignored], .ageThenScan), ([.nationality], .scan),
    ]
    // (The tails with a loop per quoting, quoted too.)
    let variants = tails.map { ($0.0, $0.1, false) }
      + tails.filter { [.age, .ageNationality, .ageThenIgnored].contains($0.1) }.map { ($0.0, $0.1, true) }
    for (date, dateWidth) in dates {
      for codeWidth in [2, 5, 6] {
        for (rest, tail, quoted) in variants {
          let layout = TestLayout(columns: [.date, .origin, .destination, .sex] + rest, codeWidth: codeWidth,
                                  date: date, tokens: .letters, quoted: quoted)
          let bytes = layout.bytes(moves, rng: &rng)
          let opened = try MoveRecordReader(options: .init(catalog: catalog)).open(.bytes(bytes, name: "x"))
          #expect(opened.plan == .shaped && opened.shape.tail == tail && opened.shape.tailQuoted == quoted, "\(layout)")
          #expect(opened.shape.core?.date == dateWidth && opened.shape.core?.code == codeWidth, "\(layout)")
          for level in MoveRecordReader.Level.allCases where level == .prefecture || layout.municipal {
            let expected = referenceTable(moves, municipal: level == .municipality)
            for threads in [1, 3] {
              let (table, report) = try read(bytes, threads: threads, level: level)
              #expect(table.csv == expected, "\(layout) \(level) threads \(threads)")
              #expect(report.rowsUsed == moves.count, "\(layout)")
            }
          }
        }
      }
    }
  }

  /// The fast paths count records by nationality in one packed word: three counts that never carry into each
  /// other for as many rows as one run can take (fewer than `releaseStride / 8`).
  @Test func packedNationalityCountsStayApart() {
    var c = RowParser.NationalityCount()
    let most = RowParser.releaseStride / 8
    #expect(most < 1 << 21)
    for _ in 0..<most { c.add(MoveRecord.foreign) }
    for _ in 0..<3 { c.add(MoveRecord.japanese) }
    for _ in 0..<5 { c.add(MoveRecord.unknownNationality) }
    #expect(c.foreign == most && c.japanese == 3 && c.unknown == 5)
    var d = RowParser.NationalityCount()
    for _ in 0..<most { d.add(MoveRecord.unknownNationality) }
    for _ in 0..<most { d.add(MoveRecord.japanese) }
    #expect(d.unknown == most && d.japanese == most && d.foreign == 0)
  }

  /// A record number of varying width before the fixed columns (`ID,異動年月日,…`) is skipped by a scan and the
  /// rest read by the shape; rows the shape does not fit (a quoted ID, a longer date) are read all the same, and
  /// the table is that of the same moves without the column, for any thread count.
  @Test func aLeadingRecordNumberKeepsTheShape() throws {
    var rng = SplitMix64(seed: 9)
    let moves = randomMoves(3_000, catalog: catalog, rng: &rng)
    var with = "ID,date,from,to,sex,note\n", without = "date,from,to,sex\n"
    for (i, m) in moves.enumerated() {
      let date = String(format: "%04d/%02d/%02d", m.year, m.month, m.day)
      let code = { (c: Int) in (c < 10000 ? "0\(c)" : "\(c)") + "\(MunicipalCode.checkDigit(of: c))" }
      let id = i % 500 == 107 ? "\"\(i + 1)\"" : String(i + 1)
      with += "\(id),\(date),\(code(m.origin)),\(code(m.destination)),\(m.sex),\(i % 10 == 0 ? "\"a, b\"" : "転居")\n"
      without += "\(date),\(code(m.origin)),\(code(m.destination)),\(m.sex)\n"
    }
    let reader = MoveRecordReader(options: .init(catalog: catalog))
    #expect(try reader.open(.bytes(Array(with.utf8), name: "x")).plan == .shaped)
    let expected = try MoveRecordReader(options: .init(threads: 1, catalog: catalog)).aggregate(path: recordFile(without)).0.csv
    for threads in [1, 2, 3, 7] {
      let (table, report, _) = try MoveRecordReader(options: .init(threads: threads, catalog: catalog)).aggregate(path: recordFile(with))
      #expect(report.rowsRead == 3_000 && report.rowsUsed == 3_000)
      #expect(table.csv == expected, "threads \(threads)")
    }
  }

  /// `43,43` is a move within 熊本県: used at prefecture level, counted as 都道府県内, never 転入/転出; the same
  /// municipality at both ends stays a reject.
  @Test func prefectureCodesAtBothEndsAreMovesWithinThePrefecture() throws {
    let text = "date,from,to,sex\n2025-03,43,43,1\n2025-03,43,13,1\n2025-03,43100,43100,2\n2025-03,43100,43201,2\n"
    for threads in [1, 2] {
      let (table, report, rejects) = try MoveRecordReader(options: .init(threads: threads, catalog: catalog))
        .aggregate(path: recordFile(text))
      #expect(report.rowsRead == 4 && report.rowsUsed == 3 && report.rowsRejected == 1)
      #expect(rejects.map(\.line) == [4])
      #expect(report.notes.contains("moves within one prefecture (都道府県内; not 転入/転出 between prefectures): 2"))
      #expect(table.csv == "month,area,sex,in,out,net\n2025-03,13,1,1,0,1\n2025-03,43,1,0,1,-1\n")
    }
  }

  /// Headers: names in any order, Japanese names, quoted, a BOM; a count column makes it a table, not records;
  /// a missing or doubled column is an error that says so.
  @Test func headersAreRecognisedByName() throws {
    #expect(try RecordHeader(fields: ["性別", "転出元", "転入先", "届出年月日", "国籍", "年齢", "備考"]).columns
      == [.sex, .origin, .destination, .date, .nationality, .age, .ignored])
    #expect(try RecordHeader(fields: ["移動前の住所地 コード", "移動後の住所地 コード", "異動年月日", "性別"]).columns
      == [.origin, .destination, .date, .sex])
    #expect(throws: RecordHeader.Problem.notRecords) { try RecordHeader(fields: ["month", "from", "to", "sex", "count"]) }
    #expect(throws: RecordHeader.Problem.notRecords) { try RecordHeader(fields: ["period", "scope", "from", "to", "sex", "count"]) }
    #expect(throws: RecordHeader.Problem.self) { try RecordHeader(fields: ["date", "from", "to"]) }
    #expect(throws: RecordHeader.Problem.self) { try RecordHeader(fields: ["date", "from", "to", "sex", "性別"]) }
    let path = recordFile("date,from,to\n2025-03,13,43\n")
    #expect(throws: DataError(file: path, line: 1, column: 0, reason: "no sex column (found date, from, to); expected a move-record header: date, from, to, sex (optional age, nationality; any order; also 異動年月日, 転出元, 転入先, 性別, 年齢, 国籍)")) {
      try MoveRecordReader(options: .init(catalog: catalog)).aggregate(path: path)
    }
    let cp932 = cp932Bytes("\"性別\",\"転出元\",\"転入先\",\"異動年月日\"\r\n男,13101,43100,2025-03-01\r\n")
    let (table, report, _) = try MoveRecordReader(options: .init(catalog: catalog)).aggregate(path: recordFile(cp932))
    #expect(report.rowsUsed == 1 && table.rows.count == 2)
  }

  /// RFC 4180 (finding 9 of the reliability report): a quoted field may hold a line break or a comma; an
  /// unterminated quote and text after a closing quote are rejects with their line; the next rows are read.
  @Test func quotedFieldsFollowRFC4180() throws {
    let reader = MoveRecordReader(options: .init(threads: 1, catalog: catalog))
    // One record whose nationality holds two line breaks: Python's csv module reads one record too.
    let q = "date,from,to,sex,age,nationality\n2025-05-01,13101,27100,1,30,\"\n2025-05-01,13101,27100,2,30,JP\n\"\n2025-05-02,13101,27100,1,30,JP\n"
    let (_, r1, j1) = try reader.aggregate(path: recordFile(q))
    #expect(r1.rowsRead == 2 && r1.rowsUsed == 1 && r1.rowsRejected == 1)
    #expect(j1.map(\.line) == [2] && j1.map(\.column) == [6])
    #expect(j1.first?.reason == "'\\n2025-05-01,13101,27100,2,30,JP\\n' is not a nationality (JP/FOREIGN, 日本人/外国人, 日本/外国, 61000/62000)")
    // A 5-field row, an unterminated quote, text after a closing quote; then a good row.
    let q2 = "date,from,to,sex,age,nationality\n\"2025-01-01,13101\",27100,1,30,JP\n2025-01-01,13101,27100,1,\"30,JP\n2025-01-01,13101,27100,1,30,\"\"JP\n2025-01-02,13101,27100,1,30,JP\n"
    let (_, r2, j2) = try reader.aggregate(path: recordFile(q2))
    #expect(r2.rowsRead == 4 && r2.rowsUsed == 1 && r2.rowsRejected == 3)
    #expect(j2.map(\.line) == [2, 3, 4])
    #expect(j2.map(\.reason) == [
      "expected 6 fields (date,from,to,sex,age,nationality), found 5",
      "the quote that opens field 5 is not closed",
      "text after the closing quote of field 6",
    ])
    // A comma and a line break inside quotes of an ignored column; the line numbers after it stay right.
    let q3 = "date,from,to,sex,note\n2025-03,13101,43100,1,\"a, b\nc\"\n2025-03,13101,43100,9,x\n"
    let (t3, r3, j3) = try reader.aggregate(path: recordFile(q3))
    #expect(r3.rowsRead == 2 && r3.rowsUsed == 1 && j3.map(\.line) == [4])
    #expect(t3.rows.count == 2)
  }

  /// Quoted multi-line rows placed so chunk guesses fall inside quotes (DuckDB's parallel-reader problem): every
  /// thread count reads every row once, as one thread does, and rejects keep their lines.
  @Test func chunksNeverStartInsideQuotes() throws {
    var rng = SplitMix64(seed: 99)
    let moves = randomMoves(400, catalog: catalog, rng: &rng)
    var text = "date,from,to,sex,note\n"
    var badLines: [Int] = []
    var line = 2
    for (i, m) in moves.enumerated() {
      let layout = TestLayout(columns: [.date, .origin, .destination, .sex])
      // Long notes full of line breaks and commas that look like rows.
      let fake = (0..<Int.random(in: 0...6, using: &rng)).map { _ in "2025-01-01,13101,27100,1,x" }
      let note = fake.isEmpty ? "plain" : "\"" + fake.joined(separator: "\n") + "\""
      let sex = i % 37 == 5 ? "9" : layout.sex(m.sex)
      if sex == "9" { badLines.append(line) }
      text += "\(layout.date(m)),\(layout.code(m.origin, &rng)),\(layout.code(m.destination, &rng)),\(sex),\(note)\n"
      line += 1 + max(0, fake.count - 1)
    }
    let good = moves.enumerated().filter { $0.offset % 37 != 5 }.map(\.element)
    let expected = referenceTable(good, municipal: false)
    let bytes = Array(text.utf8)
    for threads in [1, 2, 3, 5, 7, 16] {
      for plan in RowParser.Plan.allCases {
        var o = MoveRecordReader.Options(threads: threads, catalog: catalog)
        o.plan = plan
        let (table, report, rejects) = try MoveRecordReader(options: o).aggregate(path: recordFile(bytes))
        #expect(table.csv == expected, "threads \(threads) plan \(plan)")
        #expect(report.rowsRead == moves.count && report.rowsRejected == badLines.count)
        #expect(rejects.map(\.line) == badLines, "threads \(threads)")
      }
    }
  }

  /// Records from a pipe (read in buffers, never held whole) give what the same file gives, rejects included.
  @Test func aStreamReadsLikeAFile() throws {
    var rng = SplitMix64(seed: 8)
    let moves = randomMoves(20_000, catalog: catalog, rng: &rng)
    var bytes = TestLayout(columns: [.sex, .origin, .destination, .date, .ignored], codeWidth: 0, crlf: true)
      .bytes(moves, rng: &rng)
    bytes += Array("1,13101,13101,2025-01-01,x\r\n2,13101,43100,2025-02-30,\"unclosed\r\n".utf8)
    let path = recordFile(bytes)
    for threads in [1, 3] {
      var o = MoveRecordReader.Options(threads: threads, catalog: catalog)
      o.streamBytes = 1 << 17
      let reader = MoveRecordReader(options: o)
      let (fileTable, fileReport, fileRejects) = try reader.aggregate(path: path)
      var streamRejects: [MoveRecordReader.Reject] = []
      let (streamTable, streamReport) = try reader.aggregate(.input(InputSource(path: path))) { streamRejects += $0 }
      #expect(streamTable == fileTable)
      #expect(streamReport == fileReport)
      #expect(streamRejects == fileRejects)
      #expect(fileReport.rowsRejected == 2 && fileRejects.map(\.column) == [3, 5])
    }
  }
}

/// Records counted by 5歳階級 (for the age tables): every class against a plain count of the moves, 総数 = Σ classes
/// + records without an age, 総数 = 男 + 女, and the store gives the same margins as the CSV.
@Suite struct RecordAgeClassTests {
  let catalog = try! MunicipalCatalog(path: datasetsDirectory + "/" + MunicipalCatalog.bundledPath)

  @Test func marginsByAgeClassMatchAPlainCount() throws {
    var rng = SplitMix64(seed: 5)
    let moves = randomMoves(3000, catalog: catalog, rng: &rng)
    var bytes = TestLayout(columns: RecordHeader.canonical).bytes(moves, rng: &rng)
    bytes += Array("2025-03-01,131016,431001,1,,JP\n".utf8)  // no age
    let path = recordFile(bytes)
    let reader = MoveRecordReader(options: .init(threads: 3, catalog: catalog))
    let (m, report) = try reader.margins(.file(path), byAge: true)
    let noAge = moves.filter { $0.age == nil }.count + 1
    #expect(report.notes.contains("records without an age (in 総数 only, in no 5歳階級): \(noAge)"))
    #expect(m.ages == [.total] + AgeClass.fiveYear)
    // A plain count: (month, prefecture, sex, class) → in, out, within.
    var expected: [String: Int64] = [:]
    let all = moves + [TestMove(year: 2025, month: 3, day: 1, origin: 13101, destination: 43100, sex: 1, age: nil, foreign: false)]
    for mv in all {
      let p = Period(year: mv.year, month: mv.month)!
      let o = mv.origin / 1000, d = mv.destination / 1000
      let classes = ["total"] + (mv.age.map { ["\(min($0 / 5, 18))"] } ?? [])
      for c in classes {
        for sex in ["0", "\(mv.sex)"] {
          if o == d {
            expected["\(p) \(o) \(sex) \(c) within", default: 0] += 1
          } else {
            expected["\(p) \(d) \(sex) \(c) in", default: 0] += 1
            expected["\(p) \(o) \(sex) \(c) out", default: 0] += 1
          }
        }
      }
    }
    var mismatches = 0
    for (pi, p) in m.periods.enumerated() {
      for (ai, area) in m.areas.enumerated() {
        let pref = ai + 1  // the 47 prefectures in code order
        _ = area
        for (si, sex) in m.sexes.enumerated() {
          for (gi, age) in m.ages.enumerated() {
            let c = age == .total ? "total" : "\(AgeClass.fiveYear.firstIndex(of: age)!)"
            for (f, name) in [(MarginFigure.inflow, "in"), (.outflow, "out"), (.within, "within")] {
              let want = expected["\(p) \(pref) \(sex.rawValue) \(c) \(name)"] ?? 0
              if m.value(f, period: pi, sex: si, area: ai, age: gi) != want { mismatches += 1 }
            }
          }
        }
      }
    }
    #expect(mismatches == 0)
    let store = recordFile("", suffix: ".idou")
    try RecordStore.write(try reader.records(path: path).records, to: store)
    let (fromStore, storeNoAge) = try StoreReader(path: store).margins(byAge: true)
    #expect(fromStore.inflow == m.inflow && fromStore.outflow == m.outflow && fromStore.within == m.within)
    #expect(storeNoAge == Int64(noAge))
  }
}
