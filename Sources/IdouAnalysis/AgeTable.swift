import IdouCore

/// An area's 転入, 転出 and 転入超過 by age class for a year: the 19 five-year classes (0～4歳 … 90歳以上), the
/// three classes of 年齢3区分 (0～14, 15～64, 65歳以上) and 総数, as the data gives them — with the checks a
/// statistician makes before publishing: each wider class against the sum of its 5-year classes, and 総数 against
/// the sum of all of them.
///
/// ```swift
/// let t = try AgeTable(margins: wakayama, area: Area(Prefecture(code: 30)!), year: 2024)
/// t.rows.first { $0.age == .years(20...24) }     // in 3,148, out 4,879, net ▲1,731
/// t.checks.allSatisfy(\.holds)                   // 0～14歳 = 0～4 + 5～9 + 10～14, …
/// ```
public struct AgeTable: Sendable {
  public struct Row: Sendable, Equatable {
    public var age: AgeClass
    public var inflow: Int64?
    public var outflow: Int64?
    public var net: Int64? { inflow.flatMap { i in outflow.map { i - $0 } } }

    public init(age: AgeClass, inflow: Int64?, outflow: Int64?) {
      self.age = age
      self.inflow = inflow
      self.outflow = outflow
    }
  }

  /// A wider class (or 総数) against the sum of its 5-year classes.
  public struct Check: Sendable, Equatable {
    public var age: AgeClass
    public var figure: MarginFigure
    public var given: Int64
    public var sumOfParts: Int64
    public var holds: Bool { given == sumOfParts }

    public init(age: AgeClass, figure: MarginFigure, given: Int64, sumOfParts: Int64) {
      self.age = age
      self.figure = figure
      self.given = given
      self.sumOfParts = sumOfParts
    }
  }

  public let area: Area
  public let year: Int
  public let periodLabel: String
  public let sex: Sex
  /// Five-year classes, then 年齢3区分, then 総数 (those the data has).
  public let rows: [Row]
  public let checks: [Check]

  /// - Throws: `CubeError.noData` when the data has no age classes (only 総数), or lacks the area, year or sex.
  public init(margins: Margins, area: Area, year: Int?, sex: Sex = .total) throws(CubeError) {
    let classes = margins.ages.filter { $0 != .total }
    guard !classes.isEmpty else {
      throw CubeError.noData("age classes (the data gives all ages together only: an e-Stat age table has them)")
    }
    var rows: [Row] = []
    let order = AgeClass.fiveYear + AgeClass.threeGroups + [.total]
    let shown = order.filter(margins.ages.contains) + margins.ages.filter { !order.contains($0) }.sorted()
    var label = ""
    for age in shown {
      guard let r = try margins.summary(year: year, areas: [area], sex: sex, age: age).first else { continue }
      label = r.period
      rows.append(Row(age: age, inflow: r.in, outflow: r.out))
    }
    var checks: [Check] = []
    let byAge = Dictionary(rows.map { ($0.age, $0) }, uniquingKeysWith: { a, _ in a })
    for row in rows where !row.age.isFiveYear {
      let parts = row.age.parts
      guard !parts.isEmpty, parts.allSatisfy({ byAge[$0] != nil }) else { continue }
      for (figure, given, values) in [
        (MarginFigure.inflow, row.inflow, parts.map { byAge[$0]!.inflow }),
        (MarginFigure.outflow, row.outflow, parts.map { byAge[$0]!.outflow }),
      ] {
        guard let given, values.allSatisfy({ $0 != nil }) else { continue }
        checks.append(Check(age: row.age, figure: figure, given: given, sumOfParts: values.reduce(0) { $0 + $1! }))
      }
    }
    self.area = area
    self.year = try YearSelection(periods: margins.periods, year: year).year
    self.periodLabel = label
    self.sex = sex
    self.rows = rows
    self.checks = checks
  }
}
