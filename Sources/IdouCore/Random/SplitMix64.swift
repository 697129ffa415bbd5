/// SplitMix64: a tiny deterministic random number generator. The same seed gives the same sequence on every
/// platform and Swift version (unlike `SystemRandomNumberGenerator`), which is what generated data and
/// reproducible tests need. It also seeds the generator's faster xoshiro256**.
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// let n = Int.random(in: 0..<47, using: &rng)   // the same on every run
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public var state: UInt64

  public init(seed: UInt64) { state = seed }

  @inlinable
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
