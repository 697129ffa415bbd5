import IdouCore
import IdouProjection

/// The report's summary sentences, generated from the figures by fixed rules (DESIGN §5; docs/ARCHITECTURE.md §6).
/// Every rule is stated where it is applied; the thresholds are:
///
/// | rule | threshold |
/// |---|---|
/// | 転入 or 転出 「増える」/「減る」 vs 「横ばい」 | the projected year differs from last year's by at least 0.5 % |
/// | 社会減/社会増 「前年並み」 | its size changes by less than 2 % |
/// | 「若干拡大」/「若干縮小」 | by 2 % to less than 10 % |
/// | 「拡大」/「縮小」 | by 10 % to less than 50 % |
/// | 「大きく拡大」/「大きく縮小」 | by 50 % or more |
/// | 「n年連続」 | n ≥ 2 years of the same sign, counted back from the projected year |
/// | 「…以降で最大」 | the window since the last larger year spans at least 3 years |
/// | 「…以降、女性の方が社会減が大きい状況が続いている」 | at least 2 years, up to the latest year of the data |
///
/// A streak or a window that reaches the first year of the data names that year (「H26年以降12年連続」), so that no
/// sentence claims what happened before the data.
public enum Sentences {
  /// A year's net (社会増減).
  public struct YearNet: Sendable, Equatable {
    public var year: Int
    public var net: Int64
    public init(year: Int, net: Int64) {
      self.year = year
      self.net = net
    }
  }

  /// `2025年`, `R7年` or `令和7年`, as `era` says.
  public static func year(_ y: Int, era: YearStyle) -> String { era.label(y) }

  /// `1～9月` (`1月` for January alone).
  public static func months(through m: Int) -> String { m == 1 ? "1月" : "1～\(m)月" }

  // MARK: The outlook

  /// 「R7年は、1～9月までの転出入者数から推計。転入、転出ともに減るが、社会減は若干拡大する見込み。」
  ///
  /// - 転入 and 転出 each 増える/減る against last year's actual, or 横ばい within 0.5 %;
  /// - both moving the same way: 「転入、転出ともに減るが、」 (their net can go either way, hence が);
  ///   differently: 「転入は増え、転出は減るため、」; one 横ばい: 「転入は横ばい、転出は減り、」;
  /// - the net: 社会減 (both years negative) or 社会増 (both positive) 拡大/縮小 by the size of the change in
  ///   its magnitude (see the table above), 「前年並み」 under 2 %; a change of sign 「社会増に転じる」/「社会減に転じる」.
  public static func outlook(year y: Int, through m: Int, projectedIn: Int64, projectedOut: Int64, projectedNet: Int64,
                             lastIn: Int64, lastOut: Int64, era: YearStyle) -> String {
    enum Move { case up, down, flat }
    func move(_ now: Int64, _ before: Int64) -> Move {
      guard before != 0 else { return now > 0 ? .up : .flat }
      let change = Double(now - before) / Double(before)
      return abs(change) < 0.005 ? .flat : change > 0 ? .up : .down
    }
    let i = move(projectedIn, lastIn), o = move(projectedOut, lastOut)
    func verb(_ m: Move) -> String { m == .up ? "増える" : m == .down ? "減る" : "横ばい" }
    func stem(_ m: Move) -> String { m == .up ? "増え" : m == .down ? "減り" : "横ばい" }
    let flows: String
    switch (i, o) {
    case (.flat, .flat): flows = "転入、転出ともに横ばいで、"
    case (.up, .up), (.down, .down): flows = "転入、転出ともに\(verb(i))が、"
    case (.flat, _), (_, .flat): flows = "転入は\(stem(i))、転出は\(stem(o))、"
    default: flows = "転入は\(i == .up ? "増え" : "減り")、転出は\(verb(o))ため、"
    }
    return "\(year(y, era: era))は、\(months(through: m))までの転出入者数から推計。"
      + flows + netChange(now: projectedNet, before: lastIn - lastOut) + "見込み。"
  }

  /// 「社会減は若干拡大する」, 「社会増に転じる」, 「社会減は前年並みとなる」.
  static func netChange(now: Int64, before: Int64) -> String {
    if now == 0 { return before == 0 ? "転出入が均衡した状態が続く" : "転出入が均衡する" }
    if now < 0 && before >= 0 { return "社会減に転じる" }
    if now > 0 && before <= 0 { return "社会増に転じる" }
    let noun = now < 0 ? "社会減" : "社会増"
    let a = Double(abs(now)), b = Double(abs(before))
    let change = (a - b) / b
    let size = abs(change)
    if size < 0.02 { return "\(noun)は前年並みとなる" }
    let verb = change > 0 ? "拡大する" : "縮小する"
    let degree = size < 0.10 ? "若干" : size < 0.50 ? "" : "大きく"
    return "\(noun)は\(degree)\(verb)"
  }

  // MARK: The series

  /// 「転出超過はH26年以降12年連続となる見込み」 or 「5年連続の転出超過となる見込み」 or 「3年ぶりの転入超過となる
  /// 見込み」: the sign of the projected year against the years before it.
  ///
  /// - Parameters:
  ///   - history: complete years before the projected one, any order.
  ///   - projected: the projected year and its net.
  ///   - projectedIsEstimate: 「見込み」 for a projection, 「」 for an actual year.
  /// - Returns: `nil` when the net is 0 or the years before say nothing (a streak of 1 with no earlier year of that
  ///   sign in the data).
  public static func streak(history: [YearNet], projected: YearNet, era: YearStyle, estimate: Bool = true) -> String? {
    let years = history.filter { $0.year < projected.year }.sorted { $0.year < $1.year }
    guard projected.net != 0, let first = years.first?.year else { return nil }
    let word = projected.net < 0 ? "転出超過" : "転入超過"
    let ending = estimate ? "となる見込み" : ""
    let sameSign = { (n: Int64) in (n < 0) == (projected.net < 0) && n != 0 }
    // Consecutive years back from the projected one (the years must follow each other).
    var n = 1, y = projected.year
    for v in years.reversed() {
      guard v.year == y - 1, sameSign(v.net) else { break }
      n += 1
      y = v.year
    }
    if n >= 2 {
      return y == first ? "\(word)は\(year(first, era: era))以降\(n)年連続\(ending)" : "\(n)年連続の\(word)\(ending)"
    }
    // A change of sign: how long since the last year of this sign?
    if let last = years.last(where: { sameSign($0.net) }) {
      return "\(projected.year - last.year)年ぶりの\(word)\(ending)"
    }
    return "\(year(first, era: era))以降で初めての\(word)\(ending)"
  }

  /// 「社会減はR3年以降で最大となる見込み」: the projected year's size of 社会減 (or 社会増) is the largest since the
  /// year after the last year that was larger — said only when that window spans at least 3 years.
  public static func largest(history: [YearNet], projected: YearNet, era: YearStyle, estimate: Bool = true) -> String? {
    let years = history.filter { $0.year < projected.year }.sorted { $0.year < $1.year }
    guard projected.net != 0, let first = years.first?.year else { return nil }
    let loss = projected.net < 0
    // Larger in the same direction: a bigger loss, or a bigger gain.
    let larger = years.last { loss ? $0.net <= projected.net : $0.net >= projected.net }
    let start = larger.map { $0.year + 1 } ?? first
    guard projected.year - start + 1 >= 3 else { return nil }
    return "\(loss ? "社会減" : "社会増")は\(year(start, era: era))以降で最大\(estimate ? "となる見込み" : "")"
  }

  /// 「H27年以降、女性の方が社会減が大きい状況が続いている」: the run of years up to the latest one in which women's
  /// net is below men's and women's net is a loss (or, for gains, men's net above women's and a gain: 「男性の方が
  /// 社会増が大きい」). Said when the run has at least 2 years; from the first year of the data 「…以降、毎年…」.
  public static func sexGap(male: [YearNet], female: [YearNet], era: YearStyle) -> String? {
    let m = Dictionary(male.map { ($0.year, $0.net) }, uniquingKeysWith: { a, _ in a })
    let years = female.filter { m[$0.year] != nil }.sorted { $0.year < $1.year }
    guard let latest = years.last, let first = years.first?.year else { return nil }
    /// Women lose more (female net < male net, women's net a loss), or men gain more (male > female, men's a gain).
    func kind(_ f: YearNet) -> Int {
      let mm = m[f.year]!
      if f.net < mm && f.net < 0 { return 1 }
      if mm > f.net && mm > 0 { return 2 }
      return 0
    }
    let k = kind(latest)
    guard k != 0 else { return nil }
    var start = latest.year
    for f in years.reversed().dropFirst() {
      guard f.year == start - 1, kind(f) == k else { break }
      start = f.year
    }
    guard latest.year - start + 1 >= 2 else { return nil }
    let what = k == 1 ? "女性の方が社会減が大きい" : "男性の方が社会増が大きい"
    return start == first ? "\(year(start, era: era))以降、毎年\(what)" : "\(year(start, era: era))以降、\(what)状況が続いている"
  }
}
