/// Sizes, colours and fonts of idou's charts, chosen for print and screen alike: a white ground, one hue per
/// quantity (転入 blue, 転出 orange, 男 blue, 女 red), last year in a lighter tint of this year's hue, and the
/// projected (推計) year hatched in a lighter tint with a dashed outline so that it never reads as an actual figure.
public struct ChartStyle: Sendable, Equatable {
  /// Fonts with Japanese glyphs first (Noto CJK on Linux, Hiragino on macOS, Yu Gothic on Windows, IPAex as
  /// shipped by TeX), then the generic family.
  public static let cjkFontStack = "'Noto Sans CJK JP', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Yu Gothic', 'IPAexGothic', 'IPAGothic', sans-serif"

  /// The source line under the chart, made from the inputs (``Provenance/sourceLine(_:)``: the survey for e-Stat
  /// figures, 「…を加工して作成」 for reshaped ones, 「合成データ（実在の統計ではありません）」 for generated data),
  /// never a constant; `nil` draws none.
  public var source: String?

  public var width: Double = 760
  public var height: Double = 420
  public var fontFamily: String = cjkFontStack
  public var titleSize: Double = 18
  public var labelSize: Double = 12
  public var smallSize: Double = 11
  /// Text colour of titles and labels.
  public var ink = "#222222"
  /// Grid lines and the plot's frame.
  public var grid = "#dddddd"
  /// The zero line.
  public var axis = "#555555"
  /// Write negative values with ▲ (▲2,333) as Japanese tables do; else with a minus sign.
  public var triangleNegatives = true

  public init() {}

  /// Colours by role.
  public enum Palette {
    public static let inflow = "#2b6cb0"
    public static let inflowLastYear = "#9dbde0"
    public static let outflow = "#d9622b"
    public static let outflowLastYear = "#f0b896"
    public static let net = "#2b6cb0"
    public static let netNegative = "#c0392b"
    public static let male = "#2b6cb0"
    public static let female = "#c2416b"
    public static let thisYear = "#2b6cb0"
    public static let lastYear = "#9dbde0"
  }

  /// A value label: `2,515,731`, `▲2,333` (or `-2,333` without triangles).
  public func label(_ v: Double) -> String {
    let i = Int64(v.rounded())
    return triangleNegatives ? NumberStyle.japanese(i) : NumberStyle.count(i)
  }
}

/// Estimated text extents for layout, so that labels are placed without overlapping: a full-width character
/// (CJK, ▲ is counted narrow) takes about one em, a narrow one about 0.6 em in the sans-serif fonts of the stack.
enum TextMetrics {
  static func width(_ text: String, size: Double) -> Double {
    var w = 0.0
    for s in text.unicodeScalars {
      switch DisplayWidth.width(of: s) {
      case 2: w += size
      case 0: break
      default: w += s == "▲" || s == "△" ? size * 0.9 : size * 0.6
      }
    }
    return w
  }
}
