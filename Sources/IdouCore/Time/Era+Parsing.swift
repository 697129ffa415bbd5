/// Years as people write them on the command line and in tables: `2025`, `2025年`, `R7`, `R7年`, `r7`, `令和7`,
/// `令和7年`, `令和元年`, `H26`, `平成26年`, `S64`, with ASCII or full-width digits (`令和７年`).
extension Era {
  /// The last year of an era that has ended (平成31年 = 2019, 昭和64年 = 1989); nil for the current era.
  public var lastYearNumber: Int? {
    switch self {
    case .reiwa: nil
    case .heisei: 31
    case .showa: 64
    }
  }

  /// The Gregorian year of an era year: `R7`, `R7年`, `令和7年`, `H26`, `平成元年`; nil for anything else,
  /// including a year the era never had (`H32`: 平成 ended in its 31st year).
  ///
  /// ```swift
  /// Era.year(parsing: "令和7年")   // 2025
  /// Era.year(parsing: "H32")      // nil
  /// ```
  public static func year(parsing text: String) -> Int? {
    var t = Substring(asciiDigits(text.trimmingWhitespace()))
    if t.hasSuffix("年") { t = t.dropLast() }
    for era in Era.allCases {
      for prefix in [era.rawValue, era.rawValue.lowercased(), era.kanji] where t.hasPrefix(prefix) {
        let rest = t.dropFirst(prefix.count)
        let n: Int? = rest == "元" ? 1 : rest.allSatisfy(\.isASCII) ? Int(rest) : nil
        guard let n, n >= 1, n <= (era.lastYearNumber ?? Int.max / 2) else { return nil }
        return era.firstYear + n - 1
      }
    }
    return nil
  }

  /// A calendar year written as a four-digit Gregorian year (`2025`, `2025年`) or an era year (``year(parsing:)``).
  ///
  /// ```swift
  /// Era.calendarYear(parsing: "2025")    // 2025
  /// Era.calendarYear(parsing: "R7")      // 2025
  /// Era.calendarYear(parsing: "平成26年") // 2014
  /// Era.calendarYear(parsing: "25")      // nil (two digits say no century)
  /// ```
  public static func calendarYear(parsing text: String) -> Int? {
    var t = Substring(asciiDigits(text.trimmingWhitespace()))
    if t.hasSuffix("年") { t = t.dropLast() }
    if t.utf8.count == 4, t.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return Int(t) }
    return year(parsing: text)
  }

  /// Full-width digits (０–９, as a Japanese input method types them) as ASCII digits.
  static func asciiDigits(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { (0xFF10...0xFF19).contains($0.value) }) else { return text }
    var out = String.UnicodeScalarView()
    for s in text.unicodeScalars {
      out.append((0xFF10...0xFF19).contains(s.value) ? Unicode.Scalar(s.value - 0xFF10 + 0x30)! : s)
    }
    return String(out)
  }
}
