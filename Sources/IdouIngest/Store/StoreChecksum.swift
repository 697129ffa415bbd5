/// Fletcher-64 over little-endian 64-bit words (a zero-padded tail completes the last word): `a += w; b += a`.
///
/// Chosen because it costs two adds per 8 bytes (it keeps up with the store's aggregation, which verifies the
/// columns it reads on every run), detects truncation, changed bytes and swapped words, and combines across
/// parallel segments: for a segment of `n` words with local sums `(a′, b′)` that follows a prefix with sum `a`,
/// `b += n·a + b′` and `a += a′`. It is not a defence against deliberate forgery, only against damage.
public struct StoreChecksum: Sendable, Equatable {
  public var a: UInt64 = 0
  public var b: UInt64 = 0
  /// Words consumed.
  public var words: UInt64 = 0

  public init() {}

  /// The checksum of `count` bytes at `p`.
  public static func of(_ p: UnsafeRawPointer, count: Int) -> StoreChecksum {
    var c = StoreChecksum()
    c.update(p, count: count)
    return c
  }

  /// Adds `count` bytes; `count` must be a multiple of 8 except for the last call.
  @inlinable
  public mutating func update(_ p: UnsafeRawPointer, count: Int) {
    var a = self.a, b = self.b
    let full = count / 8
    for i in 0..<full {
      a &+= p.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
      b &+= a
    }
    var n = UInt64(full)
    if count % 8 != 0 {
      var w: UInt64 = 0
      for j in 0..<(count % 8) { w |= UInt64(p.load(fromByteOffset: full * 8 + j, as: UInt8.self)) << (8 * j) }
      a &+= w
      b &+= a
      n += 1
    }
    self.a = a
    self.b = b
    words &+= n
  }

  /// The checksum of this segment followed by `next`.
  public func followed(by next: StoreChecksum) -> StoreChecksum {
    var c = StoreChecksum()
    c.a = a &+ next.a
    c.b = b &+ next.words &* a &+ next.b
    c.words = words &+ next.words
    return c
  }

  /// One 64-bit value for the header.
  public var value: UInt64 { b ^ (a &* 0x9E37_79B9_7F4A_7C15) ^ words }
}
