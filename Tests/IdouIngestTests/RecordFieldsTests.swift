import IdouCore
import Testing

@testable @_spi(Benchmarks) import IdouIngest

/// The SWAR word decoders of dates and codes against their byte-by-byte twins, on random near-valid fields
/// (digits with occasional noise: letters, `-`, `/`, `:`, bytes just outside 0–9, high bytes).
@Suite struct RecordFieldsTests {
  func field(_ n: Int, _ rng: inout SplitMix64, template: [UInt8]? = nil) -> [UInt8] {
    let noise: [UInt8] = [0x2F, 0x3A, 0x2D, 0x41, 0x20, 0x00, 0xFF, 0xB0, 0x39, 0x30]
    var b = template ?? (0..<n).map { _ in UInt8.random(in: 0x30...0x39, using: &rng) }
    for i in b.indices where Int.random(in: 0..<12, using: &rng) == 0 { b[i] = noise.randomElement(using: &rng)! }
    return b + [0x2C, 0x31, 0x2C, 0x0A, 0x0A, 0x0A, 0x0A, 0x0A]  // what follows a field in a row: 8 readable bytes
  }

  @Test(arguments: [5, 6]) func areaWordAgreesWithArea(length: Int) {
    var rng = SplitMix64(seed: UInt64(length))
    for _ in 0..<20_000 {
      var b = field(length, &rng)
      if Bool.random(using: &rng) {
        // A real code with its check digit, so the valid branch is exercised as much as the invalid ones.
        let code = Int.random(in: 1000..<48000, using: &rng)
        let text = Array((code < 10000 ? "0\(code)" : "\(code)").utf8) + [UInt8(0x30 + (11 - (6 * (code / 10000) + 5 * (code / 1000 % 10) + 4 * (code / 100 % 10) + 3 * (code / 10 % 10) + 2 * (code % 10)) % 11) % 10)]
        b.replaceSubrange(0..<length, with: text.prefix(length))
      }
      b.withUnsafeBufferPointer { p in
        #expect(RecordFields.areaWord(p.baseAddress!, length) == RecordFields.area(p.baseAddress!, length),
                "\(String(decoding: b.prefix(length), as: UTF8.self))")
      }
    }
  }

  /// The canonical row's code decoder accepts exactly the six-digit codes `area` accepts, with the same value:
  /// every digit string 000000–999999, then strings with non-digit bytes.
  @Test func code6WordAgreesWithAreaOnEverySixDigitString() {
    var b: [UInt8] = [0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x2C, 0x31]
    var mismatches = 0, accepted = 0
    b.withUnsafeMutableBufferPointer { p in
      for n in 0..<1_000_000 {
        var v = n
        for i in (0..<6).reversed() { p[i] = UInt8(0x30 + v % 10); v /= 10 }
        let expected = max(-1, RecordFields.area(p.baseAddress!, 6)), got = RecordFields.code6Word(p.baseAddress!)
        if got != expected { mismatches += 1 }
        if got >= 0 { accepted += 1 }
      }
    }
    #expect(mismatches == 0)
    #expect(accepted == 47 * 1000)  // one check digit per five-digit code of prefectures 01–47
    var rng = SplitMix64(seed: 66)
    for _ in 0..<20_000 {
      let f = field(6, &rng)
      f.withUnsafeBufferPointer { p in
        #expect(RecordFields.code6Word(p.baseAddress!) == max(-1, RecordFields.area(p.baseAddress!, 6)),
                "\(String(decoding: f.prefix(6), as: UTF8.self))")
      }
    }
  }

  @Test(arguments: [7, 10]) func monthWordAgreesWithMonth(length: Int) {
    var rng = SplitMix64(seed: UInt64(length) + 100)
    for _ in 0..<20_000 {
      let y = Int.random(in: 1890...2110, using: &rng), m = Int.random(in: 0...13, using: &rng)
      let d = Int.random(in: 0...32, using: &rng)
      func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
      let text = Array(("\(y)-\(two(m))" + (length == 10 ? "-\(two(d))" : "")).utf8)
      let b = field(length, &rng, template: text)
      // The word decoder reads only the `-` forms; a `/` put in by the noise is a form only `date` reads.
      if b[4] == 0x2F || (length == 10 && b[7] == 0x2F) { continue }
      b.withUnsafeBufferPointer { p in
        #expect(RecordFields.monthWord(p.baseAddress!, length) == RecordFields.date(p.baseAddress!, length),
                "\(String(decoding: b.prefix(length), as: UTF8.self))")
      }
    }
  }
}
