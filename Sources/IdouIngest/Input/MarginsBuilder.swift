import IdouCore

/// The one builder of per-area margins (転入, 転出, moves inside the area), the twin of ``FlowBuilder`` for tables of
/// per-area totals (docs/ARCHITECTURE.md §4): it interns periods, areas and age classes, refuses a figure given
/// twice, keeps no-value markers absent, and checks 総数 = 男 + 女 and, where a table has ages, 総数 = Σ of the
/// 5-year classes and 0～14/15～64/65歳以上 = the sums of theirs.
struct MarginsBuilder {
  let file: String
  private(set) var periods: [Period] = []
  private var periodIndex: [Period: Int32] = [:]
  private(set) var areas: [Area] = []
  private var areaIndex: [Area: Int32] = [:]
  private(set) var ages: [AgeClass] = []
  private var ageIndex: [AgeClass: Int16] = [:]
  /// The boundary of each area's figures (by area id); areas not set take ``Boundary/init(of:)``.
  var boundaries: [Int32: Boundary] = [:]

  struct Key: Hashable {
    var scope: UInt8
    var period: Int32
    var sex: UInt8
    var age: Int16
    var area: Int32
    var figure: UInt8
  }
  struct Entry {
    var value: Int64?
    var line: Int32
  }
  private(set) var entries: [Key: Entry] = [:]

  init(file: String) { self.file = file }

  mutating func period(_ p: Period) -> Int32 {
    if let i = periodIndex[p] { return i }
    periods.append(p)
    periodIndex[p] = Int32(periods.count - 1)
    return Int32(periods.count - 1)
  }

  mutating func area(_ a: Area) -> Int32 {
    if let i = areaIndex[a] { return i }
    areas.append(a)
    areaIndex[a] = Int32(areas.count - 1)
    return Int32(areas.count - 1)
  }

  mutating func age(_ a: AgeClass) -> Int16 {
    if let i = ageIndex[a] { return i }
    ages.append(a)
    ageIndex[a] = Int16(ages.count - 1)
    return Int16(ages.count - 1)
  }

  func periodIdOf(_ p: Period) -> Int32 { periodIndex[p] ?? -1 }
  func areaIdOf(_ a: Area) -> Int32 { areaIndex[a] ?? -1 }
  func ageIdOf(_ a: AgeClass) -> Int16 { ageIndex[a] ?? -1 }

  /// The line a figure was given on (0 when it was not).
  func lineOf(scope: PopulationScope, period: Period, sex: Sex, age: AgeClass, area: Area, figure: MarginFigure) -> Int {
    let k = Key(scope: UInt8(scope.order), period: periodIdOf(period), sex: UInt8(sex.rawValue), age: ageIdOf(age),
                area: areaIdOf(area), figure: UInt8(figure.rawValue))
    return Int(entries[k]?.line ?? 0)
  }

  /// Adds a figure (`nil`: a no-value marker, absent).
  /// - Throws: `DataError` when the figure was given before, naming both lines.
  mutating func add(_ figure: MarginFigure, _ value: Int64?, scope: PopulationScope, period: Int32, sex: Sex,
                    age: Int16? = nil, area: Int32, line: Int, column: Int) throws(DataError) {
    guard ages.count < Int16.max - 1 else {
      throw DataError(file: file, line: line, column: column, reason: "more than 32,000 age classes in one table")
    }
    let g = age ?? self.age(.total)
    let k = Key(scope: UInt8(scope.order), period: period, sex: UInt8(sex.rawValue), age: g, area: area,
                figure: UInt8(figure.rawValue))
    if let earlier = entries[k] {
      throw DataError(file: file, line: line, column: column,
                      reason: "\(describe(k)) is given twice (also on line \(earlier.line))")
    }
    entries[k] = Entry(value: value, line: Int32(clamping: line))
  }

  /// The value of a figure, `nil` when absent or not given.
  func value(_ k: Key) -> Int64? { entries[k]?.value ?? nil }

  func describe(_ k: Key) -> String {
    let what = ["転入", "転出", "within-area moves"][Int(k.figure)]
    let age = ages.isEmpty || ages[Int(k.age)] == .total ? "" : " \(ages[Int(k.age)].label)"
    return "\(periods[Int(k.period)]) \(PopulationScope.allCases[Int(k.scope)]) \(Sex(rawValue: Int(k.sex))!.label)\(age) "
      + "\(areas[Int(k.area)].codeText) \(areas[Int(k.area)].name) \(what)"
  }

  var scopes: [PopulationScope] {
    let s = Set(entries.keys.map(\.scope))
    return PopulationScope.allCases.filter { s.contains(UInt8($0.order)) }
  }

  /// Every 総数 ≠ 男 + 女, and every age total ≠ the sum of its 5-year classes, where all are present, in line
  /// order: `lines …: 総数 T ≠ 男 M + 女 F (…)`.
  func mismatches() -> [(line: Int, text: String)] {
    var out: [(Int, String)] = []
    for (k, e) in entries where k.sex == 0 {
      guard let total = e.value else { continue }
      var m = k, f = k
      m.sex = 1
      f.sex = 2
      guard let male = entries[m], let female = entries[f], let mv = male.value, let fv = female.value,
        total != mv + fv
      else { continue }
      let lines = Set([e.line, male.line, female.line]).sorted()
      out.append((Int(lines[0]), "line\(lines.count > 1 ? "s" : "") \(lines.map(String.init).joined(separator: ", ")): 総数 \(total) ≠ 男 \(mv) + 女 \(fv) (\(describe(k)))"))
    }
    // Ages: a class that is a sum of 5-year classes (総数, 0～14歳, …) against their sum.
    let five = Dictionary(uniqueKeysWithValues: ages.enumerated().filter { $0.element.isFiveYear }.map { ($0.element, Int16($0.offset)) })
    if !five.isEmpty {
      for (k, e) in entries {
        let a = ages[Int(k.age)]
        guard !a.isFiveYear, let whole = e.value else { continue }
        let parts = a.parts
        guard !parts.isEmpty, parts.allSatisfy({ five[$0] != nil }) else { continue }
        var sum: Int64 = 0, complete = true
        for p in parts {
          var pk = k
          pk.age = five[p]!
          guard let v = value(pk) else { complete = false; break }
          sum += v
        }
        if complete && sum != whole {
          out.append((Int(e.line), "line \(e.line): \(a.label) \(whole) ≠ \(sum), the sum of its 5-year classes (\(describe(k)))"))
        }
      }
    }
    return out.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
  }

  /// One ``Margins`` per scope, axes sorted (periods in order, areas in listing order, ages 総数 first); sexes are
  /// those given, with 総数 derived as 男 + 女 where only those are.
  func build() -> [Margins] {
    scopes.map { scope in
      let s = UInt8(scope.order)
      let mine = entries.filter { $0.key.scope == s }
      let ps = Set(mine.keys.map(\.period)).sorted { periods[Int($0)] < periods[Int($1)] }
      let axs = Set(mine.keys.map(\.area)).sorted { areas[Int($0)] < areas[Int($1)] }
      let gs = Set(mine.keys.map(\.age)).sorted { ages[Int($0)] < ages[Int($1)] }
      let stored = Set(mine.keys.map(\.sex))
      var sexes = stored.sorted().map { Sex(rawValue: Int($0))! }
      let derive = !stored.contains(0) && stored.contains(1) && stored.contains(2)
      if derive { sexes.insert(.total, at: 0) }
      var pi = [Int32: Int](), ai = [Int32: Int](), gi = [Int16: Int]()
      for (i, p) in ps.enumerated() { pi[p] = i }
      for (i, a) in axs.enumerated() { ai[a] = i }
      for (i, g) in gs.enumerated() { gi[g] = i }
      var m = Margins(periods: ps.map { periods[Int($0)] }, areas: axs.map { areas[Int($0)] }, sexes: sexes,
                      ages: gs.map { ages[Int($0)] }, scope: scope,
                      boundaries: axs.map { boundaries[$0] ?? Boundary(of: areas[Int($0)]) })
      for (k, e) in mine {
        guard let v = e.value else { continue }
        m.set(MarginFigure(rawValue: Int(k.figure))!, v, period: pi[k.period]!,
              sex: sexes.firstIndex(of: Sex(rawValue: Int(k.sex))!)!, area: ai[k.area]!, age: gi[k.age]!)
      }
      if derive {
        for (k, e) in mine where k.sex == 1 {
          var f = k
          f.sex = 2
          guard let male = e.value, let female = value(f) else { continue }
          m.set(MarginFigure(rawValue: Int(k.figure))!, male + female, period: pi[k.period]!, sex: 0,
                area: ai[k.area]!, age: gi[k.age]!)
        }
      }
      return m
    }
  }
}
