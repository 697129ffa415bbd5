/// Japanese era labels for calendar years, as reports write them: 令和 (R1 = 2019) and 平成 (H1 = 1989).
///
/// ```swift
/// Era.label(for: 2025)                          // "R7年"   (the seed report's short form)
/// Era.label(for: 2014)                          // "H26年"
/// Era.label(for: 2019, style: .eraLong)         // "令和元年"
/// Era.label(year: 2019, month: 4, style: .eraLong)   // "平成31年4月"
/// Era.year(parsing: "R7年")                      // 2025
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

  /// The era a year is labelled with (a change year takes the new era, as annual reports do: 2019 is 令和元年).
  public static func of(year: Int) -> Era {
    year >= 2019 ? .reiwa : year >= 1989 ? .heisei : .showa
  }

  /// The era of a month: the era in force on its last day (令和 began on 2019-05-01, 平成 on 1989-01-08), so
  /// April 2019 is 平成31年4月 and May 2019 令和元年5月; January 1989 is 平成元年1月.
  public static func of(year: Int, month: Int) -> Era {
    year > 2019 || (year == 2019 && month >= 5) ? .reiwa : year >= 1989 ? .heisei : .showa
  }

  /// The year within the era: 7 for 2025 in 令和.
  public func number(of year: Int) -> Int { year - firstYear + 1 }

  /// `R7年` for 2025, `H26年` for 2014 (short, the seed's style, `R1年` for 2019); `令和7年`, `令和元年` (long).
  public static func label(for year: Int, style: YearStyle = .era) -> String {
    style.label(year)
  }

  /// `令和元年5月`, `平成31年4月` (long), `R1年5月`, `H31年4月` (short), `2019年4月` (Gregorian): a month is
  /// labelled with the era in force at its end.
  public static func label(year: Int, month: Int, style: YearStyle) -> String {
    style == .gregorian ? "\(year)年\(month)月" : Era.of(year: year, month: month).label(year, style: style) + "\(month)月"
  }

  /// The label of a year in this era: `R7年` or `令和7年`, `令和元年` for the first year in the long form.
  func label(_ year: Int, style: YearStyle) -> String {
    let n = number(of: year)
    switch style {
    case .gregorian: return "\(year)年"
    case .era: return "\(rawValue)\(n)年"
    case .eraLong: return "\(kanji)\(n == 1 ? "元" : String(n))年"
    }
  }
}

/// How years are labelled in tables, charts and sentences: `2025年`, `R7年` (short era labels, the style of the
/// seed report: `H26～R1`, `R7年`) or `令和7年` (long, as official documents write them: `令和元年`).
///
/// A Boolean literal still means "era labels or not": `era: true` is ``era``.
public enum YearStyle: String, CaseIterable, Sendable, ExpressibleByBooleanLiteral {
  case gregorian
  case era
  case eraLong = "era-long"

  public init(booleanLiteral value: Bool) { self = value ? .era : .gregorian }

  /// Whether years are era years.
  public var isEra: Bool { self != .gregorian }

  /// `2025年`, `R7年` or `令和7年`.
  public func label(_ year: Int) -> String {
    Era.of(year: year).label(year, style: self)
}
  }
