/// Japanese era labels for calendar years, as reports write them: 令和 (R1 = 2019) and 平成 (H1 = 1989).
///
/// ```swift
/// Era.label(for: 2025)          // "R7年"
/// Era.label(for: 2014)          // "H26年"
/// Era.year(parsing: "R7年")      // 2025
/// Era.year(parsing: "平成26年")   // 2014
/// ```
public enum Era: String, CaseIterable, Sendable {
  case reiwa = "R", heisei = "H", showa = "S"

  /// The Gregorian year of the era's first year (元年).
  public var firstYear: Int {
    switch self {
    case .reiwa: 2019
    case .heisei: 1989
    case .showa: 1926
    }
  }

  public var kanji: String {
    switch self {
    case .reiwa: "令和"
    case .heisei: "平成"
    case .showa: "昭和"
    }
  }

  /// The era a year is labelled with (a change year takes the new era, as annual reports do).
  public static func of(year: Int) -> Era {
    year >= 2019 ? .reiwa : year >= 1989 ? .heisei : .showa
  }

  /// `R7年` for 2025, `H26年` for 2014; with `kanji: true`, `令和7年`.
  public static func label(for year: Int, kanji: Bool = false) -> String {
    let era = of(year: year)
    return "\(kanji ? era.kanji : era.rawValue)\(year - era.firstYear + 1)年"
  }
}
