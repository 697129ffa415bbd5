import IdouCore

/// Monthly 転入 and 転出 of many series side by side, laid out for SIMD over series (structure of arrays):
/// `inflow[row * stride + s]` is the 転入 of series `s` in the month `row = (year − firstYear) · 12 + (month − 1)`.
///
/// Invariant the kernels rely on: `stride` is `keys.count` rounded up to a multiple of 8, and the padding lanes
/// `keys.count ..< stride` of every row hold 0 and are never reported.
///
/// A year may also have an annual total (`annualIn`/`annualOut`, one row per year): e-Stat's table 1 or a year of
/// origin–destination flows. Where the months M+1…12 of a year are absent but its total and its months 1…M are
/// present, the methods take Σ months M+1…12 as total − Σ months 1…M (``remainder(_:year:through:)``), which is
/// exact because every method needs only that sum. Where both the twelve months and the total are present they
/// must agree (``disagreements()``).
///
/// ```swift
/// let panel = try MonthlyPanel(cube: cube, counterparts: RegionSet.named("kumamoto-report"))
/// panel.keys.count        // areas × (1 + groups) × sexes
/// ```
public struct MonthlyPanel: Sendable, Equatable {
  /// The series, one per area × counterpart × sex; each has a 転入 and a 転出.
  public let keys: [SeriesKey]
  public let firstYear: Int
  /// Number of calendar years covered (`firstYear ..< firstYear + yearCount`).
  public let yearCount: Int
  /// Row length: `keys.count` rounded up to a multiple of 8.
  public let stride: Int
  /// 転入, `[row][stride]`.
  public var inflow: [Double]
  /// 転出, `[row][stride]`.
  public var outflow: [Double]
  /// Whether the data has the month of each row. A month the data does not have is missing, never zero.
  public var present: [Bool]
  /// Annual 転入 and 転出, `[year − firstYear][stride]`: a year's own total where the data gives one.
  public var annualIn: [Double]
  public var annualOut: [Double]
  /// Whether the data gives the annual total of each year.
  public var annualPresent: [Bool]

  /// The lane count of the kernels.
  public static let lanes = 8

  /// An all-zero panel with no month present.
  public init(keys: [SeriesKey], firstYear: Int, yearCount: Int) {
    self.keys = keys
    self.firstYear = firstYear
    self.yearCount = max(yearCount, 0)
    self.stride = (keys.count + Self.lanes - 1) / Self.lanes * Self.lanes
    self.inflow = Array(repeating: 0, count: self.yearCount * 12 * stride)
    self.outflow = inflow
    self.present = Array(repeating: false, count: self.yearCount * 12)
    self.annualIn = Array(repeating: 0, count: self.yearCount * stride)
    self.annualOut = annualIn
    self.annualPresent = Array(repeating: false, count: self.yearCount)
  }

  public var years: Range<Int> { firstYear..<firstYear + yearCount }

  /// The row of a month, or `nil` outside the panel.
  @inlinable public func row(year: Int, month: Int) -> Int? {
    guard years.contains(year), (1...12).contains(month) else { return nil }
    return (year - firstYear) * 12 + month - 1
  }

  /// Sets the figures of one series in one month and marks the month present.
  public mutating func set(series s: Int, year: Int, month: Int, in inflow: Double, out outflow: Double) {
    let r = row(year: year, month: month)!
    self.inflow[r * stride + s] = inflow
    self.outflow[r * stride + s] = outflow
    present[r] = true
  }

  /// Sets the annual total of one series in one year and marks the year's total present.
  public mutating func setAnnual(series s: Int, year: Int, in inflow: Double, out outflow: Double) {
    let y = year - firstYear
    precondition(years.contains(year), "year \(year) outside the panel")
    annualIn[y * stride + s] = inflow
    annualOut[y * stride + s] = outflow
    annualPresent[y] = true
  }

  public func values(_ direction: Direction) -> [Double] { direction == .in ? inflow : outflow }

  /// Whether the data gives `year`'s annual total.
  public func hasAnnual(year: Int) -> Bool { years.contains(year) && annualPresent[year - firstYear] }

  /// Whether the year's total is known: all twelve months, or its annual total.
  public func hasTotal(year: Int) -> Bool { isComplete(year: year) || hasAnnual(year: year) }

  /// Whether the remainder M+1…12 of a year is derived from its annual total (its months are absent).
  public func remainderIsDerived(year: Int, through m: Int) -> Bool {
    m < 12 && !(m + 1...12).allSatisfy { has(year: year, month: $0) } && hasAnnual(year: year)
  }

  /// Σ months of one direction, every lane (the months must be present).
  public func sum(_ direction: Direction, year: Int, months: ClosedRange<Int>) -> [Double] {
    let first = row(year: year, month: months.lowerBound)!
    return SeriesKernels.sumRows(values(direction), stride: stride, rows: first..<first + months.count)
  }

  /// The calendar-year total of every lane: Σ of the twelve months when present, else the annual total.
  /// - Precondition: ``hasTotal(year:)``.
  public func total(_ direction: Direction, year: Int) -> [Double] {
    if isComplete(year: year) { return sum(direction, year: year, months: 1...12) }
    precondition(hasAnnual(year: year), "no total for \(year)")
    let y = (year - firstYear) * stride
    return Array((direction == .in ? annualIn : annualOut)[y..<y + stride])
  }

  /// Σ months M+1…12 of every lane: the months themselves when present, else annual − Σ months 1…M (exact).
  /// - Precondition: months 1…M present, and months M+1…12 or the annual total.
  public func remainder(_ direction: Direction, year: Int, through m: Int) -> [Double] {
    guard m < 12 else { return [Double](repeating: 0, count: stride) }
    if !remainderIsDerived(year: year, through: m) { return sum(direction, year: year, months: (m + 1)...12) }
    return SeriesKernels.map(total(direction, year: year), sum(direction, year: year, months: 1...m), -)
  }

  /// Whether a year gives Jan–M and the rest of the year (as months or through its annual total).
  public func hasToDateAndTotal(year: Int, through m: Int) -> Bool {
    (1...m).allSatisfy { has(year: year, month: $0) } && hasTotal(year: year)
  }

  /// A year whose twelve months and annual total are both given and differ, for one series and direction.
  public struct Disagreement: Sendable, Equatable, CustomStringConvertible {
    public var key: SeriesKey
    public var direction: Direction
    public var year: Int
    /// Σ of the twelve months.
    public var months: Int64
    /// The annual total given.
    public var annual: Int64

    public var description: String {
      "\(key.describe(direction)) \(year): the 12 months add up to \(months), the annual total is \(annual)"
    }
  }

  /// Every series, year and direction whose twelve months do not add up to the annual total the data gives.
  public func disagreements() -> [Disagreement] {
    var out: [Disagreement] = []
    for year in years where isComplete(year: year) && hasAnnual(year: year) {
      let y = (year - firstYear) * stride
      for d in Direction.allCases {
        let months = sum(d, year: year, months: 1...12), annual = d == .in ? annualIn : annualOut
        for s in keys.indices where months[s] != annual[y + s] {
          out.append(Disagreement(key: keys[s], direction: d, year: year, months: Int64(months[s]),
                                  annual: Int64(annual[y + s])))
        }
      }
    }
    return out
  }

  /// Whether the data has a month.
  public func has(year: Int, month: Int) -> Bool { row(year: year, month: month).map { present[$0] } ?? false }

  /// The months of `year` among `months` that the data does not have.
  public func missing(year: Int, months: ClosedRange<Int>) -> [Period] {
    months.filter { !has(year: year, month: $0) }.compactMap { Period(year: year, month: $0) }
  }

  /// Whether all twelve months of a year are present.
  public func isComplete(year: Int) -> Bool { (1...12).allSatisfy { has(year: year, month: $0) } }

  /// The latest year that has months 1…`through`, or `nil`.
  public func latestYear(through: Int) -> Int? {
    years.reversed().first { y in (1...max(through, 1)).allSatisfy { has(year: y, month: $0) } }
  }

  public func index(of key: SeriesKey) -> Int? { keys.firstIndex(of: key) }
}

extension MonthlyPanel {
  /// The series of a cube: for every area (prefectures and municipalities; not 不詳, 全国 or aggregate regions) ×
  /// counterpart (全国計, then each group of `regionSet` with その他 for the rest) × sex the cube can answer for, its
  /// monthly 転入 and 転出. A group that holds no area but the area itself (福岡県 seen from 福岡県) is not a
  /// counterpart of it and has no series.
  ///
  /// Totals come from ``MigrationCube/margins()``. Per-counterpart figures are those of
  /// ``MigrationCube/counterpartFlows(of:regions:)`` (転入 of `a` from group `g` = Σ_{o∈g} F[o, a], 転出 to `g` =
  /// Σ_{d∈g} F[a, d]), which also refuses groups a counterpart table cannot form; they are computed for all areas
  /// from one OpenBLAS grouping of each side. Whole-year periods of the cube are the years' annual totals.
  ///
  /// - Parameters:
  ///   - cube: a square cube with monthly periods.
  ///   - regionSet: the counterpart groups, or `nil` for the totals only.
  ///   - areas: the areas to keep (on the cube's axis), or `nil` for every prefecture and area inside one.
  /// - Throws: `CubeError.notSquare`, `.noData` when the cube has no month, lacks an area, or cannot form a group.
  /// - Complexity: O(periods × cells) plus two groupings of the cube (``MigrationCube/regrouped(origins:destinations:)``).
  public init(cube: MigrationCube, counterparts regionSet: RegionSet? = nil, areas wanted: [Area]? = nil) throws(CubeError) {
    guard cube.isSquare else { throw CubeError.notSquare }
    let months = cube.periods.indices.filter { cube.periods[$0].isMonth }
    guard !months.isEmpty, let first = cube.periods.first?.year, let last = cube.periods.last?.year
    else { throw CubeError.noData("any month (a projection needs monthly tables: --input with month,area,sex,in,out or month,from,to,sex,count)") }
    var areaIndices: [Int] = []
    if let wanted {
      for c in wanted {
        guard let i = cube.originIndex(c) else { throw CubeError.noData("area \(c)") }
        areaIndices.append(i)
      }
    } else {
      areaIndices = cube.areas.indices.filter { cube.areas[$0].level == .prefecture || cube.areas[$0].level.isInsidePrefecture }
    }
    let sexes = cube.availableSexes
    // counterpartFlows checks that the cube can form every group (a counterpart table cannot form 名古屋圏) and
    // gives the groups in order with その他; the figures of all areas then come from one grouping of each side
    // rather than two groupings of the whole cube per area (the same sums: see the tests).
    var groups: [Area] = []
    var inCube: MigrationCube? = nil, outCube: MigrationCube? = nil
    if let set = regionSet, let a = areaIndices.first {
      let flows = try cube.counterpartFlows(of: cube.areas[a], regions: set)
      guard flows.groupsKnown else { throw CounterpartFlows.totalsOnly(cube.areas[a]) }
      groups = flows.counterparts.filter { $0 != CounterpartFlows.nationalTotal }
      inCube = cube.regrouped(origins: set, destinations: nil)
      outCube = cube.regrouped(origins: nil, destinations: set)
      precondition(inCube!.origins == groups, "counterpartFlows and regrouped order groups alike")
    }
    // The areas of each group on the cube's axis, to leave out the pairs that are zero by definition: an area and a
    // group holding no area but itself (福岡県 and the group 福岡県). その他 holds the areas no group names.
    let memberSets: [Set<Int>] = groups.map { g in
      let named = regionSet?.groups.first { $0.area == g }
      return Set(cube.areas.indices.filter { i in
        named?.contains(cube.areas[i]) ?? !(regionSet?.groups.contains { $0.contains(cube.areas[i]) } ?? false)
      })
    }
    var keys: [SeriesKey] = [], slots: [(area: Int, group: Int?, sex: Int)] = []
    for (ai, a) in areaIndices.enumerated() {
      for g in [nil] + groups.indices.map(Optional.some) {
        if let g, memberSets[g].subtracting([a]).isEmpty { continue }
        for si in sexes.indices {
          keys.append(SeriesKey(area: cube.areas[a], counterpart: g.map { groups[$0] }, sex: sexes[si]))
          slots.append((ai, g, si))
        }
      }
    }
    self.init(keys: keys, firstYear: first, yearCount: last - first + 1)
    let margins = try cube.margins()
    let n = cube.areas.count, k = groups.count
    for p in cube.periods.indices {
      let period = cube.periods[p]
      let inGrouped = sexes.map { sex in inCube?.matrix(period: p, sex: sex) }
      let outGrouped = sexes.map { sex in outCube?.matrix(period: p, sex: sex) }
      for (s, slot) in slots.enumerated() {
        let a = areaIndices[slot.area]
        let inflow: Int64, outflow: Int64
        if let g = slot.group, let gi = inGrouped[slot.sex], let go = outGrouped[slot.sex] {
          (inflow, outflow) = (Int64(gi[g * n + a]), Int64(go[a * k + g]))
        } else {
          let ms = margins.sexIndex(sexes[slot.sex])!
          // A cube's margins are all present.
          (inflow, outflow) = (margins.inflow(period: p, sex: ms, area: a)!, margins.outflow(period: p, sex: ms, area: a)!)
        }
        if period.isMonth {
          set(series: s, year: period.year, month: period.month, in: Double(inflow), out: Double(outflow))
        } else {
          setAnnual(series: s, year: period.year, in: Double(inflow), out: Double(outflow))
        }
      }
    }
  }
}

extension MonthlyPanel {
  /// The panel with one more series per group: the sum of its member series, month by month and year by year
  /// (present where every member is). For a group of prefectures the sum of their 転入 (転出) includes the moves
  /// between the members, so it is not the group's own 転入 (転出) as e-Stat counts a 東京圏; the net is exact.
  ///
  /// - Parameter groups: each group's key and the indices of its member series in this panel.
  public func adding(groups: [(key: SeriesKey, members: [Int])]) -> MonthlyPanel {
    var out = MonthlyPanel(keys: keys + groups.map(\.key), firstYear: firstYear, yearCount: yearCount)
    out.present = present
    out.annualPresent = annualPresent
    for row in 0..<yearCount * 12 {
      for s in keys.indices {
        out.inflow[row * out.stride + s] = inflow[row * stride + s]
        out.outflow[row * out.stride + s] = outflow[row * stride + s]
      }
      for (g, group) in groups.enumerated() {
        out.inflow[row * out.stride + keys.count + g] = group.members.reduce(0) { $0 + inflow[row * stride + $1] }
        out.outflow[row * out.stride + keys.count + g] = group.members.reduce(0) { $0 + outflow[row * stride + $1] }
      }
    }
    for y in 0..<yearCount {
      for s in keys.indices {
        out.annualIn[y * out.stride + s] = annualIn[y * stride + s]
        out.annualOut[y * out.stride + s] = annualOut[y * stride + s]
      }
      for (g, group) in groups.enumerated() {
        out.annualIn[y * out.stride + keys.count + g] = group.members.reduce(0) { $0 + annualIn[y * stride + $1] }
        out.annualOut[y * out.stride + keys.count + g] = group.members.reduce(0) { $0 + annualOut[y * stride + $1] }
      }
    }
    return out
  }
}
