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

  public init(changes: [Change]) { self.changes = changes }

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
        do { codes.append(try MunicipalCode(parsing: f[c])) } catch { throw fail(c + 1, error.description) }
      }
      guard codes[0] != codes[1] else { throw fail(2, "a code cannot change into itself (\(codes[0]))") }
      guard let date = CalendarDate(parsing: f[2]) else { throw fail(3, "'\(f[2])' is not a date (YYYY-MM-DD)") }
      var share = 1.0
      let given = f.count == 4 && !f[3].isEmpty
      if given {
        guard let s = Double(f[3]), s > 0, s <= 1 else { throw fail(4, "'\(f[3])' is not a share in (0, 1]") }
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
  /// - Complexity: O(changes) per call.
  public func successors(of code: MunicipalCode, asOf date: CalendarDate) -> [(code: MunicipalCode, weight: Double)] {
    var current: [(code: MunicipalCode, weight: Double)] = [(code, 1)]
    for (_, dayChanges) in byDate where dayChanges[0].effective <= date {
      var next: [(code: MunicipalCode, weight: Double)] = []
      for (c, w) in current {
        let moves = dayChanges.filter { $0.old == c }
        if moves.isEmpty { next.append((c, w)); continue }
        for m in moves { next.append((m.new, w * m.share)) }
      }
      // Gather weights per code (a merge can bring a split's parts back together).
      var order: [MunicipalCode] = [], weights: [MunicipalCode: Double] = [:]
      for (c, w) in next {
        if weights[c] == nil { order.append(c) }
        weights[c, default: 0] += w
      }
      current = order.map { ($0, weights[$0]!) }
    }
    return current
  }

  /// The changes grouped by effective date, in date order (changes of one day apply together, not as a chain).
  var byDate: [(CalendarDate, [Change])] {
    Dictionary(grouping: changes, by: \.effective).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
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
    var changed = 0
    func axisMap(_ axis: [Area]) -> (areas: [Area], map: [[(Int, Double)]]) {
      var newAreas: [Area] = [], index: [String: Int] = [:]
      var targets: [[(Area, Double)]] = []
      for a in axis {
        if a.kind == .municipality, let m = try? MunicipalCode(parsing: a.code) {
          let s = table.successors(of: m, asOf: date)
          if s.count == 1 && s[0].code == m {
            targets.append([(a, 1)])
          } else {
            changed += 1
            targets.append(s.map { (Area($0.code), $0.weight) })
          }
        } else {
          targets.append([(a, 1)])
        }
      }
      // Keep names of areas already on the axis.
      var names: [String: Area] = [:]
      for a in axis { names[a.code] = a }
      for t in targets { for (a, _) in t where index[a.code] == nil { index[a.code] = 0; newAreas.append(names[a.code] ?? a) } }
      newAreas.sort { ($0.kind, $0.code) < ($1.kind, $1.code) }
      for (i, a) in newAreas.enumerated() { index[a.code] = i }
      return (newAreas, targets.map { $0.map { (index[$0.0.code]!, $0.1) } })
    }
    let (newOrigins, oMap) = axisMap(origins)
    let countedOrigins = changed
    let (newDestinations, dMap) = isSquare ? (newOrigins, oMap) : axisMap(destinations)
    if isSquare { changed = countedOrigins }
    var out = MigrationCube(periods: periods, origins: newOrigins, destinations: newDestinations, sexes: sexes, scope: scope)
    let square = newOrigins == newDestinations
    var dropped: Int64 = 0
    for p in periods.indices {
      for s in sexes.indices {
        for o in origins.indices {
          for d in destinations.indices {
            let c = self[p, s, o, d]
            if c == 0 { continue }
            if oMap[o].count == 1 && dMap[d].count == 1 {
              let (no, nd) = (oMap[o][0].0, dMap[d][0].0)
              if square && no == nd && o != d { dropped += Int64(c); continue }
              out[p, s, no, nd] += c
              continue
            }
            var pairs: [(Int, Int, Double)] = []
            for (no, wo) in oMap[o] { for (nd, wd) in dMap[d] { pairs.append((no, nd, wo * wd)) } }
            for (k, part) in Self.largestRemainder(Int64(c), weights: pairs.map(\.2)).enumerated() where part != 0 {
              let (no, nd, _) = pairs[k]
              if square && no == nd && o != d { dropped += part; continue }
              out[p, s, no, nd] += Int32(part)
            }
          }
        }
      }
    }
    return (out, changed, dropped)
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
