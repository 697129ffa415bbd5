import IdouCore
import IdouProjection

/// A KPI on the year's 社会増減 (net persons), compared with the projection (DESIGN §5): the seed's KPI is
/// 「国内間の社会増減 (R5) ▲1,624 → R5の実績値を維持」, i.e. a net of at least −1,624.
///
/// A higher net is better: the target is met when the projected net is at or above it.
public struct TargetComparison: Sendable, Equatable {
  /// The target net (persons).
  public var net: Int64
  /// The projected net.
  public var projected: Int64
  /// Projected − target: negative when the projection falls short.
  public var projectedMinusTarget: Int64 { projected - net }
  public var met: Bool { projected >= net }
  /// Whether the target lies inside the projection's backtest interval (`nil` without an interval): if it
  /// does, the past errors of the method cannot tell whether it will be met.
  public var inInterval: Bool?

  public init(net: Int64, projected: Int64, interval: ClosedRange<Int64>?) {
    self.net = net
    self.projected = projected
    self.inInterval = interval.map { $0.contains(net) }
  }

  /// 「KPI (▲1,624) に対し推計 ▲1,648：24人下回る見込み」.
  public var sentence: String {
    let d = projectedMinusTarget
    let verdict = d == 0 ? "KPIと同じ見込み" : d < 0 ? "\(JapaneseNumber.count(-d))人下回る見込み" : "\(JapaneseNumber.count(d))人上回る見込み"
    return "KPI (\(JapaneseNumber.signed(net))) に対し推計 \(JapaneseNumber.signed(projected))：\(verdict)"
  }
}

/// Japanese number text for sentences: `1,624`, `▲1,648` (the report's sign for a negative figure).
///
/// (IdouReport's `NumberStyle` does the same for tables; the sentences are made here, where there is no renderer.)
public enum JapaneseNumber {
  /// `29,317`.
  public static func count(_ n: Int64) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return (n < 0 ? "-" : "") + out
  }

  /// `▲1,648` for a negative figure, `1,648` otherwise.
  public static func signed(_ n: Int64) -> String { n < 0 ? "▲" + count(-n) : count(n) }
}
