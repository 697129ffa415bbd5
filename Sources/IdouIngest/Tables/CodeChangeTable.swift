import IdouCore

/// A calendar day `YYYY-MM-DD`: when a code change takes effect, and the date to re-key codes as of (`--as-of`).
public struct CalendarDate: Hashable, Sendable, Comparable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  /// Parses `YYYY-MM-DD` or `YYYY/MM/DD`, checking the day exists.
  public init?(parsing text: some StringProtocol) {
    let parts = text.trimmingWhitespace().split(whereSeparator: { $0 == "-" || $0 == "/" })
    guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
      (1...12).contains(m), d >= 1, d <= Period.daysIn(year: y, month: m)
    else { return nil }
    (year, month, day) = (y, m, d)
  }

  public var description: String {
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(year)-\(two(month))-\(two(day))"
  }

  public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }
}

/// Municipal code changes (市町村合併, 市制施行, 政令指定都市移行…): `old_code,new_code,effective_date[,share]`.
///
/// Re-keying as of a date applies every change effective on or before it, in date order, so chains resolve
/// (A → B in 2005, B → C in 2010: A → C as of 2012, A → B as of 2008) and many-to-one merges gather their old
/// codes into one. A code split over several new codes needs a `share` per line (shares of one old code on one
/// date sum to 1); counts are then divided by largest remainder, so every count is kept whole.
///
/// ```
/// old_code,new_code,effective_date,share
/// 403059,402311,2018-10-01          # 那珂川町 → 那珂川市 (市制施行; 6-digit codes with check digit, or 5)
/// 43100,43101,2012-04-01,0.3        # a split needs shares
/// ```
public struct CodeChangeTable: Sendable, Equatable {
  public struct Change: Sendable, Equatable {
    public var old: MunicipalCode
    public var new: MunicipalCode
    public var effective: CalendarDate
    public var share: Double
    /// The line of the file, for messages.
    public var line: Int
  }

  public let changes: [Change]
  /// The changes grouped by effective date, in date order, each day's changes by old code (changes of one day
  /// apply together, not as a chain).
  let byDate: [(date: CalendarDate, byOld: [MunicipalCode: [Change]])]
  /// Every code some change replaces.
  let changedCodes: Set<MunicipalCode>

  public init(changes: [Change]) {
    self.changes = changes
    byDate = Dictionary(grouping: changes, by: \.effective).sorted { $0.key < $1.key }
      .map { (date: $0.key, byOld: Dictionary(grouping: $0.value, by: \.old)) }
    changedCodes = Set(changes.map(\.old))
  }

  public static func == (a: CodeChangeTable, b: CodeChangeTable) -> Bool { a.changes == b.changes }

  /// Reads a code-change file (UTF-8 bytes; transcode CP932 first).
  /// - Throws: `DataError` with line and column: a malformed code or date, a change of a code into itself, a split
  ///   without shares or whose shares do not sum to 1.
  public static func read(bytes: [UInt8], file: String) throws(DataError) -> (table: CodeChangeTable, report: ReadReport) {
    var csv = CSVReader(bytes: bytes, file: file)
    var report = ReadReport(file: file)
    guard let header = try csv.next() else { throw DataError(file: file, line: 1, column: 1, reason: "empty file") }
    let names = header.fields.map { $0.trimmingWhitespace() }
    let expected = ["old_code", "new_code", "effective_date", "share"]
    guard names.count == 3 || names.count == 4, names == Array(expected.prefix(names.count)) else {
      let col = (0..<min(names.count, 4)).first { names[$0] != expected[$0] } ?? min(names.count, 4)
      throw DataError(file: file, line: header.line, column: col + 1,
                      reason: "expected the header old_code,new_code,effective_date[,share]")
    }
    var changes: [Change] = []
    var hasShare: [Bool] = []
    while let r = try csv.next() {
      let f = r.fields.map { $0.trimmingWhitespace() }
      if f.allSatisfy(\.isEmpty) || f[0].hasPrefix("#") { continue }
      report.rowsRead += 1
      func fail(_ c: Int, _ why: String) -> DataError { DataError(file: file, line: r.line, column: c, reason: why) }
      guard f.count == names.count || (names.count == 4 && f.count == 3) else {
        throw fail(min(f.count, names.count) + 1, "row has \(f.count) fields, expected \(names.count)")
      }
      var codes: [MunicipalCode] = []
      for c in 0..<2 {
        do { codes.append(try MunicipalCode(parsing: f[c])) } catch { throw fail(c + 1, error.description.shown) }
      }
      guard codes[0] != codes[1] else { throw fail(2, "a code cannot change into itself (\(codes[0]))") }
      guard let date = CalendarDate(parsing: f[2]) else { throw fail(3, "'\(f[2].shown)' is not a date (YYYY-MM-DD)") }
      var share = 1.0
      let given = f.count == 4 && !f[3].isEmpty
      if given {
        guard let s = Double(f[3]), s > 0, s <= 1 else { throw fail(4, "'\(f[3].shown)' is not a share in (0, 1]") }
        share = s
      }
      changes.append(Change(old: codes[0], new: codes[1], effective: date, share: share, line: r.line))
      hasShare.append(given)
      report.rowsUsed += 1
    }
    // A split (one old code, one date, several new codes) must say how it divides.
    var groups: [String: [Int]] = [:]
    for (i, c) in changes.enumerated() { groups["\(c.old.code)@\(c.effective)", default: []].append(i) }
    for (_, members) in groups.sorted(by: { $0.value[0] < $1.value[0] }) {
      if members.count > 1, let i = members.first(where: { !hasShare[$0] }) {
        throw DataError(file: file, line: changes[i].line, column: 4,
                        reason: "\(changes[i].old) splits into \(members.count) codes on \(changes[i].effective): each line needs a share")
      }
      let sum = members.reduce(0.0) { $0 + changes[$1].share }
      if abs(sum - 1) > 1e-6 {
        throw DataError(file: file, line: changes[members.last!].line, column: 4,
                        reason: "the shares of \(changes[members[0]].old) on \(changes[members[0]].effective) sum to \(sum), not 1")
      }
    }
    return (CodeChangeTable(changes: changes), report)
  }

  /// Where the figures of a code go as of a date: the codes in force then, with weights summing to 1.
  ///
  /// - Complexity: O(dates up to `date`) per call.
  public func successors(of code: MunicipalCode, asOf date: CalendarDate) -> [(code: MunicipalCode, weight: Double)] {
    successors(of: [code], asOf: date).map { ($0.codes[0], $0.weight) }
  }

  /// Where the figures of a tuple of codes (an origin and a destination) go as of a date, both ends moving
  /// together date by date. Pairs whose ends become one code are moves inside one municipality: they leave the
  /// result at that date (and stay out even if that municipality later splits), so the weights sum to 1 minus
  /// the share that became internal.
  func successors(of codes: [MunicipalCode], asOf date: CalendarDate) -> [(codes: [MunicipalCode], weight: Double)] {
    var current: [(codes: [MunicipalCode], weight: Double)] = [(codes, 1)]
    for (day, byOld) in byDate {
      guard day <= date else { break }
      guard current.contains(where: { $0.codes.contains { byOld[$0] != nil } }) else { continue }
      var next: [[MunicipalCode]: Double] = [:], order: [[MunicipalCode]] = []
      for (tuple, w) in current {
        var expanded: [([MunicipalCode], Double)] = [([], w)]
        for c in tuple {
          let moves = byOld[c].map { $0.map { ($0.new, $0.share) } } ?? [(c, 1)]
          expanded = expanded.flatMap { (prefix, pw) in moves.map { (prefix + [$0.0], pw * $0.1) } }
        }
        for (t, tw) in expanded {
          if t.count == 2 && t[0] == t[1] { continue }  // now inside one municipality
          if next[t] == nil { order.append(t) }
          next[t, default: 0] += tw
        }
      }
      current = order.map { ($0, next[$0]!) }
    }
    return current
  }
}

extension MigrationCube {
  /// The cube with its municipal codes re-keyed to the codes in force on a date (prefectures, 全国 and 不詳 stay).
  ///
  /// Every count is kept whole: a count whose ends split is divided by largest remainder over the new pairs. Moves
  /// between municipalities that have merged by the date become moves inside one municipality — not moves any
  /// more (DESIGN §2) — and are dropped and counted in the returned number.
  ///
  /// - Returns: the re-keyed cube, the number of codes that changed, and the moves dropped as now internal.
  /// - Complexity: O(cells × split pairs).
  public func rekeyed(by table: CodeChangeTable, asOf date: CalendarDate) -> (cube: MigrationCube, changedCodes: Int, droppedInternal: Int64) {
    func code(_ a: Area) -> MunicipalCode? {
      a.isMunicipalUnit || a.level == .designatedCity ? a.code.flatMap { MunicipalCode(code: Int($0.value)) } : nil
    }
    // Each end's own successors decide the new axes and which areas changed.
    var changed = Set<Area>()
    func successors(_ a: Area) -> [Area] {
      guard let m = code(a), table.changedCodes.contains(m) else { return [a] }
      let s = table.successors(of: m, asOf: date)
      if s.count == 1 && s[0].code == m { return [a] }
      changed.insert(a)
      return s.map { Area($0.code) }
    }
    func axis(_ areas: [Area]) -> [Area] {
      var seen = Set<Area>(), out: [Area] = []
      var kept: [Area: Area] = [:]
      for a in areas { kept[a] = a }
      for a in areas { for s in successors(a) where seen.insert(s).inserted { out.append(kept[s] ?? s) } }
      return out.sorted()
    }
    let newOrigins = axis(origins), newDestinations = isSquare ? newOrigins : axis(destinations)
    var oIndex: [Area: Int] = [:], dIndex: [Area: Int] = [:]
    for (i, a) in newOrigins.enumerated() { oIndex[a] = i }
    for (i, a) in newDestinations.enumerated() { dIndex[a] = i }
    var out = MigrationCube(periods: periods, origins: newOrigins, destinations: newDestinations, sexes: sexes, scope: scope)
    var dropped: Int64 = 0
    // Cells whose ends both stay keep their place; the others follow their (origin, destination) pair through
    // the changes, shared by largest remainder; what becomes internal is dropped.
    for o in origins.indices {
      for d in destinations.indices {
        let oChanged = changed.contains(origins[o]), dChanged = changed.contains(destinations[d])
        let targets: [(o: Int, d: Int, weight: Double)]
        if !oChanged && !dChanged {
          targets = [(oIndex[origins[o]]!, dIndex[destinations[d]]!, 1)]
        } else if let a = code(origins[o]), let b = code(destinations[d]) {
          targets = table.successors(of: [a, b], asOf: date).map {
            (oIndex[Area($0.codes[0])]!, dIndex[Area($0.codes[1])]!, $0.weight)
          }
        } else {  // one end is not a municipality (a prefecture, 不詳): the other moves alone
          let m = (code(origins[o]) ?? code(destinations[d]))!
          let originMoves = code(origins[o]) != nil
          targets = table.successors(of: m, asOf: date).map { s in
            originMoves ? (oIndex[Area(s.code)]!, dIndex[destinations[d]]!, s.weight)
              : (oIndex[origins[o]]!, dIndex[Area(s.code)]!, s.weight)
          }
        }
        let internalShare = max(0, 1 - targets.reduce(0) { $0 + $1.weight })
        for p in periods.indices {
          for s in sexes.indices {
            let c = self[p, s, o, d]
            if c == 0 { continue }
            if targets.count == 1 && internalShare < 1e-9 {
              out[p, s, targets[0].o, targets[0].d] += c
              continue
            }
            let parts = Self.largestRemainder(Int64(c), weights: targets.map(\.weight) + [internalShare])
            for (k, t) in targets.enumerated() where parts[k] != 0 { out[p, s, t.o, t.d] += Int32(parts[k]) }
            dropped += parts[targets.count]
          }
        }
      }
    }
    return (out, changed.count, dropped)
  }

  /// Divides a count by weights summing to 1 into whole parts summing to the count: floors first, then one more
  /// to the largest remainders (earlier first on ties).
  static func largestRemainder(_ count: Int64, weights: [Double]) -> [Int64] {
    let exact = weights.map { Double(count) * $0 }
    var parts = exact.map { Int64($0.rounded(.down)) }
    var left = count - parts.reduce(0, +)
    let order = exact.indices.sorted { (exact[$0] - exact[$0].rounded(.down), -$0) > (exact[$1] - exact[$1].rounded(.down), -$1) }
    var k = 0
    while left > 0 && !order.isEmpty {
      parts[order[k % order.count]] += 1
      left -= 1
      k += 1
    }
    return parts
  }
}
