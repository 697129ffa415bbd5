/// A reporting period: a calendar month (`2025-03`) or a whole year (`2025`).
///
/// Periods order by year, then month, a year sorting after its months. The report counts moves by the month
/// the 転入届 was filed.
public struct Period: Hashable, Sendable, Comparable, CustomStringConvertible {
  public let year: Int
  /// 1…12 for a month; 0 for a whole year.
  public let month: Int

  /// A calendar month.
  public init?(year: Int, month: Int) {
    guard (1...12).contains(month), (1000...9999).contains(year) else { return nil }
    self.year = year
    self.month = month
  }

  /// A whole year.
  public init(year: Int) {
    self.year = year
    self.month = 0
  }

  public var isMonth: Bool { month != 0 }

  /// `YYYY-MM` for a month, `YYYY` for a year.
  public var description: String {
    isMonth ? "\(year)-\(month < 10 ? "0" : "")\(month)" : "\(year)"
  }

  /// Parses `YYYY-MM`, `YYYY-MM-DD` (the day is checked and dropped), `YYYY/MM`, `YYYY`, and e-Stat time codes
  /// `YYYY00MMMM` (a month) and `YYYY000000` (a year).
  public init?(parsing text: some StringProtocol) {
    let b = Array(text.utf8)
    func num(_ r: Range<Int>) -> Int? {
      var v = 0
      for i in r {
        guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
        v = v * 10 + Int(b[i] - 0x30)
      }
      return v
    }
    switch b.count {
    case 4:
      guard let y = num(0..<4) else { return nil }
      self.init(year: y)
    case 7 where b[4] == 0x2D || b[4] == 0x2F:
      guard let y = num(0..<4), let m = num(5..<7) else { return nil }
      self.init(year: y, month: m)
    case 10 where b[4] == 0x2D && b[7] == 0x2D:
      guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10),
        d >= 1, d <= Period.daysIn(year: y, month: m)
      else { return nil }
      self.init(year: y, month: m)
    case 10:
      // e-Stat: YYYY00MMMM, month repeated (2024000101 = 2024年1月), or YYYY000000 for the year.
      guard let y = num(0..<4), num(4..<6) == 0, let m1 = num(6..<8), let m2 = num(8..<10) else { return nil }
      if m1 == 0 && m2 == 0 { self.init(year: y) } else if m1 == m2 { self.init(year: y, month: m1) } else { return nil }
    default:
      return nil
    }
  }

  /// Days in a month of the Gregorian calendar (0 for a month outside 1…12).
  public static func daysIn(year: Int, month: Int) -> Int {
    switch month {
    case 1, 3, 5, 7, 8, 10, 12: 31
    case 4, 6, 9, 11: 30
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    default: 0
    }
  }

  public static func < (a: Period, b: Period) -> Bool {
    if a.year != b.year { return a.year < b.year }
    return (a.month == 0 ? 13 : a.month) < (b.month == 0 ? 13 : b.month)
  }
}
