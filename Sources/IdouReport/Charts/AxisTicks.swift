/// Axis ticks at round numbers: steps of 1, 2, 2.5 or 5 times a power of ten, covering the data.
///
/// ```swift
/// let t = AxisTicks(covering: -2_333 ... 1_200, count: 6)
/// t.values   // [-3000, -2000, -1000, 0, 1000, 2000]
/// ```
public struct AxisTicks: Sendable, Equatable {
  /// The tick values, ascending, evenly spaced by ``step``.
  public let values: [Double]
  public let step: Double

  public var lower: Double { values.first! }
  public var upper: Double { values.last! }

  /// Ticks covering `range` with about `count` intervals (never fewer than one); with `includingZero`, 0 is
  /// inside the ticks (bars start at 0; an axis that hides 0 exaggerates differences). Steps are at least 1:
  /// figures are counts of persons.
  ///
  /// - Complexity: O(number of ticks).
  public init(covering range: ClosedRange<Double>, count: Int = 5, includingZero: Bool = true) {
    var lo = range.lowerBound, hi = range.upperBound
    if !lo.isFinite || !hi.isFinite { (lo, hi) = (0, 1) }
    if includingZero {
      lo = min(lo, 0)
      hi = max(hi, 0)
    }
    if hi - lo < 1 { hi = lo + 1 }
    let rough = (hi - lo) / Double(max(1, count))
    var magnitude = 1.0
    while magnitude * 10 <= rough { magnitude *= 10 }
    var step = magnitude * 10
    for f in [1.0, 2.0, 2.5, 5.0] where magnitude * f >= rough {
      // 2.5 × 1 is not a whole number of persons.
      if f == 2.5 && magnitude < 10 { continue }
      step = magnitude * f
      break
    }
    let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
    var v: [Double] = []
    var k = first
    while k <= last {
      v.append(k * step + 0)  // + 0 turns -0 into 0
      k += 1
    }
    if v.count == 1 { v.append(v[0] + step) }
    values = v
    self.step = step
  }
}
