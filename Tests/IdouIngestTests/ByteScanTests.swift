import IdouIngest
import IdouCore
import Testing

/// The SWAR kernels against their scalar twins on random bytes of awkward sizes (word tails, separators at every
/// offset, no separator at all).
@Suite struct ByteScanTests {
  static let sizes = [0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 200]

  func randomBytes(_ n: Int, _ rng: inout SplitMix64) -> [UInt8] {
    // Mostly digits, with commas, newlines, CRs and high bytes mixed in.
    let alphabet: [UInt8] = Array("0123456789,,,\n\r-\"".utf8) + [0x80, 0xFF, 0x2C ^ 0x80, 0x0A | 0x80]
    return (0..<n).map { _ in alphabet.randomElement(using: &rng)! }
  }

  @Test func matchesFindsExactlyTheEqualBytes() {
    var rng = SplitMix64(seed: 1)
    for _ in 0..<2000 {
      let bytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &rng) }
      let target: UInt8 = [0x2C, 0x0A, 0x00, 0xFF, 0x80, bytes[3]].randomElement(using: &rng)!
      let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
      let m = ByteScan.matches(word, target)
      for i in 0..<8 {
        #expect((m >> (8 * i + 7)) & 1 == (bytes[i] == target ? 1 : 0))
      }
      #expect(m & ~0x8080_8080_8080_8080 == 0)
    }
  }

  @Test(arguments: sizes) func fieldsAgreesWithScalar(size: Int) {
    var rng = SplitMix64(seed: UInt64(size) + 10)
    for _ in 0..<200 {
      let bytes = randomBytes(size, &rng)
      bytes.withUnsafeBufferPointer { b in
        let base = b.baseAddress ?? UnsafePointer(bitPattern: 1)!
        for from in Set([0, size / 3, max(0, size - 1)]) where from <= size {
          let c1 = UnsafeMutablePointer<Int32>.allocate(capacity: 8), c2 = UnsafeMutablePointer<Int32>.allocate(capacity: 8)
          defer { c1.deallocate(); c2.deallocate() }
          var e1 = 0, e2 = 0
          let k1 = ByteScan.fields(base, from: from, end: size, commas: c1, lineEnd: &e1)
          let k2 = ByteScan.fieldsScalar(base, from: from, end: size, commas: c2, lineEnd: &e2)
          #expect(k1 == k2)
          #expect(e1 == e2)
          for i in 0..<min(k1, 8) { #expect(c1[i] == c2[i]) }
        }
      }
    }
  }

  @Test(arguments: sizes) func lineEndAndCountLinesAgreeWithScalar(size: Int) {
    var rng = SplitMix64(seed: UInt64(size) + 99)
    for _ in 0..<200 {
      let bytes = randomBytes(size, &rng)
      bytes.withUnsafeBufferPointer { b in
        let base = b.baseAddress ?? UnsafePointer(bitPattern: 1)!
        for from in 0...size {
          #expect(ByteScan.lineEnd(base, from: from, end: size) == ByteScan.lineEndScalar(base, from: from, end: size))
        }
        #expect(ByteScan.countLines(base, from: 0, end: size) == ByteScan.countLinesScalar(base, from: 0, end: size))
      }
    }
  }
}
