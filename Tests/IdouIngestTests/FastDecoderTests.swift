import IdouCore
import Testing

@testable @_spi(Benchmarks) import IdouIngest

/// The fast paths' decoders against the reference decoders of ``RecordFields``, on tokens and noise: the word
/// decoders of sex and nationality, and the per-thread caches of codes (any width) and dates (any form).
@Suite struct FastDecoderTests {
  /// A field's bytes followed by 16 readable bytes, as the fast paths guarantee.
  func withField<R>(_ f: [UInt8], _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
    (f + [0x2C] + [UInt8](repeating: 0x0A, count: 16)).withUnsafeBufferPointer { body($0.baseAddress!, f.count) }
  }

  /// Every width with token words has them usable (the widths of the tokens above, but for one byte, empty and the
  /// 9-byte UTF-8 words, which the decoders take).
  @Test func tokenWordsCoverTheTokenWidths() {
    #expect((0...10).filter { RecordFields.TokenWords.sex(width: $0).usable } == [2, 3, 4, 6])
    #expect((0...10).filter { RecordFields.TokenWords.nationality(width: $0).usable } == [2, 4, 5, 6, 7])
  }

  @Test func tokenWordsAgreeWithTheByteDecoders() {
    let words = ["1", "2", "M", "F", "m", "f", "男", "女", "男性", "女性", "JP", "jp", "FOREIGN", "foreign", "日本人", "外国人",
                 "日本", "外国", "61000", "62000", "", "X", "JPN", "男子"]
    var tokens = words.map { Array($0.utf8) } + words.map { cp932Bytes($0) }
    var rng = SplitMix64(seed: 11)
    for _ in 0..<5000 {
      var t = tokens.randomElement(using: &rng)!
      if !t.isEmpty && Bool.random(using: &rng) { t[Int.random(in: 0..<t.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
      if Int.random(in: 0..<4, using: &rng) == 0 { t.append(0) }
      tokens.append(t)
    }
    for t in tokens {
      withField(t) { p, n in
        #expect(RecordFields.sexWord(p, n) == RecordFields.sex(p, n), "\(t)")
        #expect(RecordFields.nationalityWord(p, n) == RecordFields.nationality(p, n), "\(t)")
        // A column of fixed width: its token words answer as the word decoders, where they are usable.
        let sex = RecordFields.TokenWords.sex(width: n), nationality = RecordFields.TokenWords.nationality(width: n)
        if sex.usable {
          #expect(sex.value(p) == RecordFields.sexWord(p, n), "\(t)")
          #expect(sex.sex(p) == max(0, RecordFields.sexWord(p, n)), "\(t)")
        }
        if nationality.usable { #expect(nationality.value(p) == RecordFields.nationalityWord(p, n), "\(t)") }
      }
    }
  }

  /// The word decoder of ages against ``RecordFields/age(_:_:)``: every field of up to three bytes over digits and
  /// their neighbours (`/` `:`), and longer ones.
  @Test func ageWordAgreesWithTheByteDecoder() {
    let bytes: [UInt8] = [0x2F, 0x3A, 0x00, 0xFF, 0x20, 0x61] + Array(0x30...0x39)
    var fields: [[UInt8]] = [[]]
    for _ in 0..<3 { fields += fields.filter { $0.count == fields.map(\.count).max()! }.flatMap { f in bytes.map { f + [$0] } } }
    fields += [Array("1300".utf8), Array("0000".utf8), Array("12345678".utf8)]
    #expect(fields.count > 4000)
    for f in fields {
      withField(f) { p, n in #expect(RecordFields.ageWord(p, n) == RecordFields.age(p, n), "\(f)") }
    }
  }

  /// Two-byte code fields: every one of the 65,536 values, with and without a catalog, as the reference decodes
  /// and the catalog checks them (the pair table of ``RowCaches``).
  @Test func everyTwoByteCodeAgreesWithTheReference() throws {
    let catalog = try MunicipalCatalog(path: datasetsDirectory + "/" + MunicipalCatalog.bundledPath)
    var partial = catalog.known
    partial[13000] = 0  // a catalog without 東京都's row: "13" is then not a known code
    for known in [nil, catalog.known, partial] {
      known.withUnsafeBufferPointerIfAny { k in
        let caches = RowCaches(known: k)
        defer { caches.deallocate() }
        for v in 0..<65_536 {
          withField([UInt8(v & 0xFF), UInt8(v >> 8)]) { p, n in
            let expected = RecordFields.area(p, n)
            let reference = expected > 0 && (k == nil || k![expected] != 0) ? expected : -1
            #expect(max(-1, caches.code(p, n)) == reference, "\(v)")
          }
        }
      }
    }
  }

  @Test func cachedCodesAndDatesAgreeWithTheReference() throws {
    let catalog = try MunicipalCatalog(path: datasetsDirectory + "/" + MunicipalCatalog.bundledPath)
    var rng = SplitMix64(seed: 12)
    for known in [nil, catalog.known] {
      try known.withUnsafeBufferPointerIfAny { k in
        let caches = RowCaches(known: k)
        defer { caches.deallocate() }
        // A small pool (so lookups hit), with noise (so misses and collisions happen).
        let codes = (0..<200).map { _ in catalog.municipalities.randomElement(using: &rng)! }
        for _ in 0..<30_000 {
          let c = codes.randomElement(using: &rng)!
          let five = Array((c < 10000 ? "0\(c)" : "\(c)").utf8)
          var f: [UInt8] = [five, five + [UInt8(0x30 + MunicipalCode.checkDigit(of: c))], Array(five.prefix(2))]
            .randomElement(using: &rng)!
          if Int.random(in: 0..<8, using: &rng) == 0 { f[Int.random(in: 0..<f.count, using: &rng)] = UInt8.random(in: 0x2F...0x3A, using: &rng) }
          withField(f) { p, n in
            let expected = RecordFields.area(p, n)
            let reference = expected > 0 && (k == nil || k![expected] != 0) ? expected : -1
            #expect(max(-1, caches.code(p, n)) == reference, "\(String(decoding: f, as: UTF8.self))")
          }
          let y = Int.random(in: 2020...2026, using: &rng), m = Int.random(in: 0...13, using: &rng)
          let d = Int.random(in: 0...32, using: &rng)
          func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
          let forms = ["\(y)-\(two(m))-\(two(d))", "\(y)/\(two(m))/\(two(d))", "\(y)\(two(m))\(two(d))", "\(y)-\(two(m))",
                       "\(y)\(two(m))", "\(y)/\(m)/\(d)", "\(y)-\(m)"]
          var t = Array(forms.randomElement(using: &rng)!.utf8)
          if Int.random(in: 0..<10, using: &rng) == 0 { t[Int.random(in: 0..<t.count, using: &rng)] = 0x2F }
          withField(t) { p, n in
            let cached = caches.date(p, n)
            // The cache answers exactly or not at all (-1: the caller asks the reference).
            #expect(cached == -1 || cached == RecordFields.date(p, n), "\(String(decoding: t, as: UTF8.self))")
            if RecordFields.date(p, n) >= 0 && [10, 8, 7, 6].contains(n) && !t.contains(0x2F) {
              #expect(cached == RecordFields.date(p, n))
            }
          }
        }
      }
    }
  }
}

extension Optional where Wrapped == [UInt8] {
  func withUnsafeBufferPointerIfAny<R>(_ body: (UnsafePointer<UInt8>?) throws -> R) rethrows -> R {
    guard let a = self else { return try body(nil) }
    return try a.withUnsafeBufferPointer { try body($0.baseAddress) }
  }
}

/// Settling 32-bit cells into 64-bit sums (what the scan does every 2³⁰ records a thread takes) changes no figure.
@Suite struct SettledCountersTests {
  @Test func settlingKeepsEveryCount() {
    var rng = SplitMix64(seed: 64)
    let records = (0..<5000).map { _ in
      MoveRecord(month: Int.random(in: 1500..<1510, using: &rng), origin: Int.random(in: 1...47, using: &rng) * 1000 + 100,
                 destination: Int.random(in: 1...47, using: &rng) * 1000 + 201, sex: Int.random(in: 1...2, using: &rng))
    }
    let plain = PrefectureCounts(), settled = PrefectureCounts()
    let plainM = MunicipalCounts(), settledM = MunicipalCounts()
    for (i, r) in records.enumerated() {
      plain.add(r)
      settled.add(r)
      plainM.add(r)
      settledM.add(r)
      if i % 1700 == 0 {
        settled.settle()
        settledM.settle()
      }
    }
    #expect(PrefectureCounts.table(merging: [settled]).table == PrefectureCounts.table(merging: [plain]).table)
    #expect(MunicipalCounts.table(merging: [settledM]) == MunicipalCounts.table(merging: [plainM]))
    #expect(PrefectureCounts.table(merging: [plain]).table.rows.reduce(0) { $0 + $1.inflow } > 0)
  }
}

/// `aggregate`'s margins counter gives the table (and the moves within each prefecture) the full matrix gives, on
/// records with many moves within one prefecture, split over threads, some taken back and settled on the way.
@Suite struct PrefectureTotalsTests {
  @Test func marginsGiveTheMatrixTable() {
    var rng = SplitMix64(seed: 77)
    let records = (0..<20_000).map { _ in
      let o = Int.random(in: 1...47, using: &rng)
      let d = Bool.random(using: &rng) ? o : Int.random(in: 1...47, using: &rng)
      return MoveRecord(month: Int.random(in: 1400..<1420, using: &rng), origin: o * 1000 + 100,
                        destination: d * 1000 + 201, sex: Int.random(in: 1...2, using: &rng))
    }
    let matrix = [PrefectureCounts(), PrefectureCounts()], totals = [PrefectureTotals(), PrefectureTotals()]
    for (i, r) in records.enumerated() {
      matrix[i % 2].add(r)
      totals[i % 2].add(r)
      if i % 7 == 0 {
        matrix[i % 2].remove(r)
        totals[i % 2].remove(r)
      }
      if i % 4999 == 0 { totals[i % 2].settle() }
    }
    let expected = PrefectureCounts.table(merging: matrix), got = PrefectureTotals.table(merging: totals)
    #expect(got.table == expected.table)
    #expect(got.within == expected.within)
    #expect(expected.within.total > 5000 && expected.table.rows.count > 1000)
  }
}
