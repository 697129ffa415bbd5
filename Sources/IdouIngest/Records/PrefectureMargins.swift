import IdouCore

/// The per-prefecture margins of one thread, optionally by 5歳階級: per month, `[figure 転入, 転出, 都道府県内]
/// [sex 男, 女][age class][prefecture]` `Int32` cells. The age classes are the survey's 19 (0～4 … 85～89, 90歳以上)
/// and one for records without an age, which count in 総数 only.
///
/// Margins, not flows: a month is 3 × 2 × 20 × 47 cells (22.5 KB), so even a file spanning all 2,400 months
/// 1900–2099 stays near 54 MB a thread.
final class PrefectureMargins: MoveRecordSink {
  static let areas = 47
  /// Age classes kept: 19 five-year classes and "no age".
  let classes: Int
  let blocks: MonthBlocks
  var wide: [Int: [Int64]] = [:]
  /// The age class of each age value (0–130, 255 unknown): the 5-year class, or `classes − 1` for no age.
  let classOfAge: [UInt8]

  init(byAge: Bool) {
    classes = byAge ? AgeClass.fiveYear.count + 1 : 1
    blocks = MonthBlocks(blockSize: 3 * 2 * classes * Self.areas)
    classOfAge = (0..<256).map { a in
      guard byAge else { return 0 }
      if a > 130 { return UInt8(AgeClass.fiveYear.count) }
      return UInt8(min(a / 5, AgeClass.fiveYear.count - 1))
    }
  }

  var cellsPerMonth: Int { 3 * 2 * classes * Self.areas }

  @inline(__always)
  func index(_ figure: Int, _ sex: Int, _ age: Int, _ area: Int) -> Int {
    ((figure * 2 + sex) * classes + age) * Self.areas + area
  }

  @inline(__always)
  func add(_ r: MoveRecord, _ n: Int32) {
    let b = blocks.block(r.month)
    let o = PrefectureCounts.prefecture(r.origin) &- 1, d = PrefectureCounts.prefecture(r.destination) &- 1
    let s = r.sex &- 1, a = Int(classOfAge[r.age & 0xFF])
    if o == d {
      b[index(2, s, a, o)] &+= n
    } else {
      b[index(0, s, a, d)] &+= n
      b[index(1, s, a, o)] &+= n
    }
  }

  func add(_ r: MoveRecord) { add(r, 1) }
  func remove(_ r: MoveRecord) { add(r, -1) }

  func settle() { blocks.settle(cells: cellsPerMonth, into: &wide) }

  /// The threads' counts as ``Margins``: periods the months present, the 47 prefectures (boundary 他都道府県),
  /// sexes 総数 (男 + 女), 男, 女, ages 総数 (every record) and, by age, the 19 five-year classes; 転入, 転出 and
  /// 都道府県内 present everywhere. Returns also the records without an age (in 総数 only).
  static func margins(merging counters: [PrefectureMargins], scope: PopulationScope) -> (Margins, noAge: Int64) {
    guard let first = counters.first else {
      return (Margins(periods: [], areas: Prefecture.all.map(Area.init), sexes: [.total, .male, .female]), 0)
    }
    let months = Array(Set(counters.flatMap { $0.blocks.months })).sorted()
    let byAge = first.classes > 1
    let ages: [AgeClass] = byAge ? [.total] + AgeClass.fiveYear : [.total]
    var m = Margins(periods: months.map(MoveRecord.period(month:)), areas: Prefecture.all.map(Area.init),
                    sexes: [.total, .male, .female], ages: ages, scope: scope)
    let n = first.cellsPerMonth
    var sums = [Int64](repeating: 0, count: n)
    var noAge: Int64 = 0
    let figures: [MarginFigure] = [.inflow, .outflow, .within]
    for (p, month) in months.enumerated() {
      for k in 0..<n { sums[k] = 0 }
      for c in counters {
        if let b = c.blocks[month] { for k in 0..<n { sums[k] &+= Int64(b[k]) } }
        if let w = c.wide[month] { for k in 0..<n { sums[k] &+= w[k] } }
      }
      for (f, figure) in figures.enumerated() {
        for area in 0..<areas {
          var both: Int64 = 0
          for s in 0..<2 {
            var total: Int64 = 0
            for a in 0..<first.classes {
              let v = sums[first.index(f, s, a, area)]
              total += v
              if byAge && a < AgeClass.fiveYear.count { m.set(figure, v, period: p, sex: 1 + s, area: area, age: 1 + a) }
              if byAge && a == AgeClass.fiveYear.count && f != 1 { noAge += v }
            }
            m.set(figure, total, period: p, sex: 1 + s, area: area, age: 0)
            both += total
          }
          m.set(figure, both, period: p, sex: 0, area: area, age: 0)
          if byAge {
            for a in 0..<AgeClass.fiveYear.count {
              let v = sums[first.index(f, 0, a, area)] + sums[first.index(f, 1, a, area)]
              m.set(figure, v, period: p, sex: 0, area: area, age: 1 + a)
            }
          }
        }
      }
    }
    return (m, noAge)
  }
}
