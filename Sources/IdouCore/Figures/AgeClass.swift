/// An age class of the survey's age tables (docs/ARCHITECTURE.md §3): 総数, the 5-year classes 0～4歳 … 85～89歳
/// and 90歳以上, and the three classes 0～14歳, 15～64歳, 65歳以上 (年齢3区分), which are sums of 5-year classes.
///
/// ```swift
/// AgeClass(label: "20歳～24歳")    // .years(20...24)
/// AgeClass(label: "90歳以上")      // .from(90)
/// AgeClass.years(0...14).parts     // [0～4歳, 5～9歳, 10～14歳]
/// ```
public enum AgeClass: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// 総数: every age.
  case total
  /// A closed class, `lo`～`hi`歳 (5-year classes, and 0～14, 15～64).
  case years(ClosedRange<Int>)
  /// An open class, `lo`歳以上 (90歳以上, 65歳以上).
  case from(Int)

  /// The 19 five-year classes of the survey: 0～4 … 85～89, 90歳以上.
  public static let fiveYear: [AgeClass] = stride(from: 0, to: 90, by: 5).map { .years($0...$0 + 4) } + [.from(90)]
  /// 年齢3区分: 0～14歳, 15～64歳, 65歳以上.
  public static let threeGroups: [AgeClass] = [.years(0...14), .years(15...64), .from(65)]

  /// Parses the labels e-Stat writes (`総数`, `0歳～4歳`, `0～4歳`, `90歳以上`, `65歳以上`, `0-4`), else `nil`.
  public init?(label raw: String) {
    let t = raw.trimmingWhitespace()
    if t == "総数" || t == "年齢計" || t == "計" || t.lowercased() == "total" {
      self = .total
      return
    }
    var s = t.filter { $0 != "歳" }
    if s.hasSuffix("以上") {
      s = String(s.dropLast(2))
      guard let lo = Int(s), lo >= 0, lo <= 130 else { return nil }
      self = .from(lo)
      return
    }
    let parts = s.split(omittingEmptySubsequences: false, whereSeparator: { "～〜~-－".contains($0) })
    guard parts.count == 2, let lo = Int(parts[0]), let hi = Int(parts[1]), lo >= 0, lo <= hi, hi <= 130 else {
      return nil
    }
    self = .years(lo...hi)
  }

  /// The lowest age of the class (0 for 総数).
  public var lower: Int {
    switch self {
    case .total: 0
    case .years(let r): r.lowerBound
    case .from(let lo): lo
    }
  }

  /// The highest age, `nil` for an open class and 総数.
  public var upper: Int? {
    if case .years(let r) = self { return r.upperBound }
    return nil
  }

  /// Whether this is one of the survey's 5-year classes (0～4 … 85～89, 90歳以上).
  public var isFiveYear: Bool { AgeClass.fiveYear.contains(self) }

  /// The 5-year classes this class is the sum of: itself for a 5-year class, all 19 for 総数, the classes inside
  /// a wider class (0～14歳 = 0～4 + 5～9 + 10～14); empty when 5-year classes do not tile it.
  public var parts: [AgeClass] {
    if self == .total { return AgeClass.fiveYear }
    if isFiveYear { return [self] }
    let inside = AgeClass.fiveYear.filter { c in
      c.lower >= lower && (upper.map { u in c.upper.map { $0 <= u } ?? false } ?? true)
    }
    let covered = inside.first?.lower == lower && (upper == nil ? inside.last == .from(90) : inside.last?.upper == upper)
    return covered ? inside : []
  }

  /// `総数`, `0～4歳`, `90歳以上`.
  public var label: String {
    switch self {
    case .total: "総数"
    case .years(let r): "\(r.lowerBound)～\(r.upperBound)歳"
    case .from(let lo): "\(lo)歳以上"
    }
  }

  public var description: String { label }

  /// 総数 first, then by lower age, narrower classes first (0～4 before 0～14).
  public static func < (a: AgeClass, b: AgeClass) -> Bool {
    if a == .total || b == .total { return a == .total && b != .total }
    if a.lower != b.lower { return a.lower < b.lower }
    return (a.upper ?? Int.max) < (b.upper ?? Int.max)
  }
}
