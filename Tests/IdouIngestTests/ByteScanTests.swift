import IdouCore
import Testing

@testable @_spi(Benchmarks) import IdouIngest

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

  /// The column plan's field scan: the first byte below `-` in a word, against a byte loop.
  @Test func stopFindsTheFirstByteBelowDash() {
    var rng = SplitMix64(seed: 7)
    let alphabet: [UInt8] = Array("0123456789-/,\n\r\" !AZaz".utf8) + [0x00, 0x2C, 0x2D, 0x2E, 0x7F, 0x80, 0x92, 0xE7, 0xFF]
    for _ in 0..<20_000 {
      let bytes = (0..<8).map { _ in alphabet.randomElement(using: &rng)! }
      let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
      #expect(RowParser.stop(word) == (bytes.firstIndex { $0 < 0x2D } ?? 8), "\(bytes)")
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
