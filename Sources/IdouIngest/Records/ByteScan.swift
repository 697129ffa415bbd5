/// The byte-scanning kernels of the move-record reader: SIMD within a register (SWAR) over 8 bytes at a time.
///
/// Why SWAR and not `SIMD16<UInt8>`: the reader needs the *positions* of separators, i.e. a movemask, which the
/// portable SIMD types do not expose; a 64-bit word gives one exact bit per matching byte with five integer
/// instructions, on x86-64 and arm64 alike, and `trailingZeroBitCount` turns the bits into positions.
///
/// Invariant every kernel relies on: a load of 8 bytes at `p` is only made when `p + 8 <= end`, so nothing past the
/// mapped buffer is ever read; the last bytes go through the scalar loop. Bytes are numbered little-endian (byte 0
/// of the word is the lowest byte), which holds on every platform Swift runs on here (checked at compile time).
/// Each kernel has a plain scalar twin (`…Scalar`) that the tests compare it with on random inputs of awkward sizes.
@_spi(Benchmarks) public enum ByteScan {
  #if !_endian(little)
    #error("ByteScan assumes little-endian words")
  #endif

  @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
  @usableFromInline static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
  @usableFromInline static let highs: UInt64 = 0x8080_8080_8080_8080

  /// One bit (the byte's high bit) for every byte of `word` equal to `byte`, exactly (no false positives from
  /// borrows, unlike the shorter `(x − 0x01…) & ~x` test).
  @inlinable @inline(__always)
  public static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
    let x = word ^ (ones &* UInt64(byte))
    return ~(((x & lows) &+ lows) | x) & highs
  }

  /// The first `\n` at or after `from` and before `end`, or `end` when there is none (`memchr`, 8 bytes a step).
  ///
  /// - Complexity: O(distance to the newline).
  @inlinable
  public static func lineEnd(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
    var i = from
    while i + 8 <= end {
      let m = matches(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self), 0x0A)
      if m != 0 { return i + m.trailingZeroBitCount >> 3 }
      i += 8
    }
    while i < end {
      if base[i] == 0x0A { return i }
      i += 1
    }
    return end
  }

  /// Scalar twin of ``lineEnd(_:from:end:)``.
  public static func lineEndScalar(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
    var i = from
    while i < end && base[i] != 0x0A { i += 1 }
    return i
  }

  /// The number of `\n` in `base[from..<end]`: SWAR bit counts, 8 bytes a step.
  @inlinable
  public static func countLines(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
    var i = from, n = 0
    while i + 8 <= end {
      n &+= matches(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self), 0x0A).nonzeroBitCount
      i += 8
    }
    while i < end {
      if base[i] == 0x0A { n += 1 }
      i += 1
    }
    return n
  }

  /// Scalar twin of ``countLines(_:from:end:)``.
  public static func countLinesScalar(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
    var n = 0
    for i in from..<max(from, end) where base[i] == 0x0A { n += 1 }
    return n
  }
}
