import Testing
import _TestSupport
@testable import IdouCore


/// Sizes that exercise SIMD tails: below, at and above the 8 and 16 lane widths.

@Suite("SIMD kernels against scalar references")
struct KernelTests {
  @Test(arguments: awkwardSizes)
  func sumMatchesScalar(n: Int) {
    var rng = SplitMix64(seed: UInt64(n) + 1)
    let v = (0..<n * 3).map { _ in Int32.random(in: 0...Int32.max, using: &rng) }
    let scalar = v.reduce(Int64(0)) { $0 + Int64($1) }
    #expect(Kernels.sum(v) == scalar)
  }

  @Test(arguments: awkwardSizes)
  func rowAndColumnSumsMatchScalar(n: Int) {
    var rng = SplitMix64(seed: UInt64(n) + 100)
    let m = (0..<n * n).map { _ in Int32.random(in: 0...2_000_000_000, using: &rng) }
    var rows = [Int64](repeating: -1, count: n), cols = rows
    Kernels.rowAndColumnSums(m, n: n, rows: &rows, columns: &cols)
    for i in 0..<n {
      #expect(rows[i] == (0..<n).reduce(Int64(0)) { $0 + Int64(m[i * n + $1]) })
      #expect(cols[i] == (0..<n).reduce(Int64(0)) { $0 + Int64(m[$1 * n + i]) })
    }
  }

  @Test(arguments: awkwardSizes)
  func addMatchesScalar(n: Int) {
    var rng = SplitMix64(seed: UInt64(n) + 200)
    var a = (0..<n).map { _ in Int32.random(in: 0...1_000_000, using: &rng) }
    let b = (0..<n).map { _ in Int32.random(in: 0...1_000_000, using: &rng) }
    let expected = zip(a, b).map { $0 + $1 }
    b.withUnsafeBufferPointer { bb in a.withUnsafeMutableBufferPointer { Kernels.add(bb, into: $0) } }
    #expect(a == expected)
  }
}
