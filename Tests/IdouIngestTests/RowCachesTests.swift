import IdouCore
import Testing

@testable @_spi(Benchmarks) import IdouIngest

/// The cached canonical fast path against the uncached one on random rows drawn from a small pool of codes and dates
/// (so most lookups hit, some collide, some evict) with noise: every row must get the same verdict and record.
@Suite struct RowCachesTests {
  func checked(_ five: Int) -> String {
    let s = five < 10000 ? "0\(five)" : "\(five)"
    let d = s.utf8.map { Int($0) - 48 }
    return s + "\((11 - (6 * d[0] + 5 * d[1] + 4 * d[2] + 3 * d[3] + 2 * d[4]) % 11) % 10)"
  }

  func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

  @Test(arguments: [false, true]) func cachedRowAgreesWithUncached(withCatalog: Bool) {
    var rng = SplitMix64(seed: withCatalog ? 7 : 8)
    // More codes than cache slots in total, so buckets overflow and evict.
    let pool = (0..<30_000).map { _ in checked(Int.random(in: 1000..<48000, using: &rng)) }
      + ["000000", "481234", "13101X", "131010"]  // not codes (bad prefecture, letter, bad check digit)
    var known = [UInt8](repeating: 0, count: 48_000)
    for i in known.indices where Int.random(in: 0..<4, using: &rng) != 0 { known[i] = 1 }
    let noise: [UInt8] = [0x2F, 0x3A, 0x2D, 0x41, 0x00, 0xFF, 0x2C, 0x0A, 0x39, 0x30]
    known.withUnsafeBufferPointer { k in
      let catalog = withCatalog ? k.baseAddress : nil
      let caches = RowCaches(known: catalog)
      defer { caches.deallocate() }
      var used = 0
      for _ in 0..<60_000 {
        let y = [1899, 1900, 2000, 2024, 2025, 2099, 2100].randomElement(using: &rng)!
        let m = Int.random(in: 0...13, using: &rng), d = Int.random(in: 0...32, using: &rng)
        let age = ["0", "34", "130", "131", "7", "", "1000"].randomElement(using: &rng)!
        let nat = ["JP", "FOREIGN", "jp", "X"].randomElement(using: &rng)!
        let o = pool.randomElement(using: &rng)!, t = Bool.random(using: &rng) ? o : pool.randomElement(using: &rng)!
        let sex = ["1", "2", "3"].randomElement(using: &rng)!
        let text = "\(y)-\(two(m))-\(two(d)),\(o),\(t),\(sex),\(age),\(nat)" + (Bool.random(using: &rng) ? "\n" : "\r\n")
        var b = Array(text.utf8)
        for i in b.indices where Int.random(in: 0..<150, using: &rng) == 0 { b[i] = noise.randomElement(using: &rng)! }
        b += [UInt8](repeating: 0x0A, count: 48)
        b.withUnsafeBufferPointer { p in
          var r1 = MoveRecord(month: 0, origin: 0, destination: 0, sex: 0), e1 = 0
          var r2 = r1, e2 = 0
          let a = RowParser.canonicalRow(p.baseAddress!, caches: caches, into: &r1, lineEnd: &e1)
          let u = RowParser.canonicalRow(p.baseAddress!, known: catalog, into: &r2, lineEnd: &e2)
          #expect(a == u, "\(String(decoding: b.prefix(40), as: UTF8.self))")
          if a && u {
            used += 1
            #expect(r1 == r2 && e1 == e2)
          }
        }
      }
      #expect(used > 1_000)  // the valid branch is exercised, not only rejects
    }
  }
}

/// The column plan's code lookup (`code(_:_:)`: six digits by the table, five and two decoded and checked in the
/// catalog's bit set) against the reference decoder and the catalog, on codes, near-codes and noise of every width.
@Suite struct ColumnCodeLookupTests {
  @Test(arguments: [false, true]) func lookupAgreesWithReference(withCatalog: Bool) {
    var rng = SplitMix64(seed: withCatalog ? 17 : 18)
    var known = [UInt8](repeating: 0, count: 48_000)
    for i in known.indices where Int.random(in: 0..<3, using: &rng) != 0 { known[i] = 1 }
    let digits = Array("0123456789".utf8), noise: [UInt8] = [0x2F, 0x3A, 0x2D, 0x41, 0x00, 0xFF, 0x20]
    known.withUnsafeBufferPointer { k in
      let catalog = withCatalog ? k.baseAddress : nil
      let caches = RowCaches(known: catalog)
      defer { caches.deallocate() }
      var accepted = [2: 0, 5: 0, 6: 0]
      for _ in 0..<60_000 {
        let n = [2, 5, 6, 3].randomElement(using: &rng)!
        var b = (0..<n).map { _ in digits.randomElement(using: &rng)! }
        if n >= 2 && Bool.random(using: &rng) { b[0] = 0x30 + UInt8.random(in: 0...4, using: &rng) }
        if Int.random(in: 0..<10, using: &rng) == 0 { b[Int.random(in: 0..<n, using: &rng)] = noise.randomElement(using: &rng)! }
        b += [UInt8](repeating: 0x2C, count: 16 - n)
        b.withUnsafeBufferPointer { p in
          let got = caches.code(p.baseAddress!, n)
          let a = RecordFields.area(p.baseAddress!, n)
          let expected = a > 0 && (catalog == nil || k[a] != 0) ? a : -1
          #expect(got > 0 ? got == expected : expected <= 0, "\(String(decoding: b.prefix(n), as: UTF8.self))")
          if got > 0 { accepted[n, default: 0] += 1 }
        }
      }
      #expect(accepted[2]! > 100 && accepted[5]! > 100 && accepted[6]! > 100)
    }
  }
}

/// The code table's hash index reaches every slot and no slot past the table.
@Suite struct CodeTableShapeTests {
  @Test func shiftMatchesSlots() {
    #expect(1 << (64 - RowCaches.codeShift) == RowCaches.codeSlots)
    #expect(Int(truncatingIfNeeded: UInt64.max >> RowCaches.codeShift) & ~1 == RowCaches.codeSlots - 2)
  }
}

/// The counter's prefecture of a code (one multiplication) against integer division, on every five-digit code.
@Suite struct PrefectureOfCodeTests {
  @Test func prefectureIsCodeDividedByThousand() {
    var mismatches = 0
    for code in 0..<48_000 where PrefectureCounts.prefecture(code) != code / 1000 { mismatches += 1 }
    #expect(mismatches == 0)
  }
}
