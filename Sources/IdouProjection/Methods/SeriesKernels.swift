/// The SIMD kernels of the projection: sums over months and lane-wise arithmetic over all series at once, eight
/// series per vector (structure of arrays; see ``MonthlyPanel``).
///
/// Invariant: every array given has a length that is a multiple of 8 (the panel's `stride`, or `rows × stride`),
/// so there is no scalar tail; padding lanes compute on zeros (possibly giving NaN or ∞) and are never reported.
/// The loads and stores are unaligned raw-memory moves within those bounds; this file is the only unsafe code of
/// the module and the tests check it against a scalar reference on awkward sizes.
public enum SeriesKernels {
  public typealias Lanes = SIMD8<Double>

  /// `out[s] = Σ_{r ∈ rows} values[r · stride + s]` for every lane `s < stride`.
  ///
  /// - Complexity: O(rows × stride), stride / 8 vector adds per row.
  @inlinable
  public static func sumRows(_ values: [Double], stride: Int, rows: Range<Int>) -> [Double] {
    precondition(stride % Lanes.scalarCount == 0 && rows.upperBound * stride <= values.count)
    var out = [Double](repeating: 0, count: stride)
    guard stride > 0, !rows.isEmpty else { return out }
    values.withUnsafeBufferPointer { v in
      out.withUnsafeMutableBufferPointer { o in
        let src = v.baseAddress!, dst = o.baseAddress!
        var i = 0
        while i < stride {
          var acc = Lanes()
          for r in rows { acc += load(src, r * stride + i) }
          store(acc, dst, i)
          i += Lanes.scalarCount
        }
      }
    }
    return out
  }

  /// Lane-wise `f(a, b)` over two arrays of equal length (a multiple of 8).
  @inlinable
  public static func map(_ a: [Double], _ b: [Double], _ f: (Lanes, Lanes) -> Lanes) -> [Double] {
    precondition(a.count == b.count && a.count % Lanes.scalarCount == 0)
    var out = [Double](repeating: 0, count: a.count)
    guard !a.isEmpty else { return out }
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        out.withUnsafeMutableBufferPointer { o in
          var i = 0
          while i < a.count {
            store(f(load(pa.baseAddress!, i), load(pb.baseAddress!, i)), o.baseAddress!, i)
            i += Lanes.scalarCount
          }
        }
      }
    }
    return out
  }

  /// Lane-wise `f(a, b, c)` over three arrays of equal length (a multiple of 8).
  @inlinable
  public static func map(_ a: [Double], _ b: [Double], _ c: [Double], _ f: (Lanes, Lanes, Lanes) -> Lanes) -> [Double] {
    precondition(a.count == b.count && a.count == c.count && a.count % Lanes.scalarCount == 0)
    var out = [Double](repeating: 0, count: a.count)
    guard !a.isEmpty else { return out }
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        c.withUnsafeBufferPointer { pc in
          out.withUnsafeMutableBufferPointer { o in
            var i = 0
            while i < a.count {
              store(f(load(pa.baseAddress!, i), load(pb.baseAddress!, i), load(pc.baseAddress!, i)), o.baseAddress!, i)
              i += Lanes.scalarCount
            }
          }
        }
      }
    }
    return out
  }

  /// Rounds every lane to whole persons, halves away from zero.
  @inlinable
  public static func persons(_ a: [Double]) -> [Double] {
    map(a, a) { x, _ in x.rounded(.toNearestOrAwayFromZero) }
  }

  /// |v| lane-wise.
  @inlinable @inline(__always)
  public static func magnitude(_ v: Lanes) -> Lanes { v.replacing(with: -v, where: v .< 0) }

  @inlinable @inline(__always)
  static func load(_ p: UnsafePointer<Double>, _ i: Int) -> Lanes {
    UnsafeRawPointer(p + i).loadUnaligned(as: Lanes.self)
  }

  @inlinable @inline(__always)
  static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Double>, _ i: Int) {
    UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: Lanes.self)
  }
}
