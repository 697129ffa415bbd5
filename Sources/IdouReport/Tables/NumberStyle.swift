/// How Japanese statistical tables write numbers: thousands commas, ▲ for negative values, ±0 for a zero
/// difference.
///
/// ```swift
/// NumberStyle.count(2515731)          // "2,515,731"
/// NumberStyle.japanese(-2333)         // "▲2,333"
/// NumberStyle.difference(75)          // "+75"
/// NumberStyle.difference(-7)          // "▲7"
/// NumberStyle.difference(0)           // "±0"
/// ```
public enum NumberStyle {
  /// Digits with thousands commas; a minus sign for negative values.
  public static func count(_ v: Int64) -> String {
    let digits = String(v.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return v < 0 ? "-" + out : out
  }

  /// Japanese style: ▲ instead of a minus sign (▲1,624 = −1,624).
  public static func japanese(_ v: Int64) -> String {
    v < 0 ? "▲" + count(-v) : count(v)
  }

  /// A signed difference in Japanese style: `+75`, `▲7`, `±0`.
  public static func difference(_ v: Int64) -> String {
    v == 0 ? "±0" : v > 0 ? "+" + count(v) : "▲" + count(-v)
  }

  /// A signed value with an explicit plus sign for positive values: `+65,219`, `-2,333`.
  public static func signed(_ v: Int64) -> String {
    v > 0 ? "+" + count(v) : count(v)
  }
}
