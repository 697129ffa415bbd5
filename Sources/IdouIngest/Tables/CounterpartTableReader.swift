import IdouCore

/// Reads a counterpart table (転出入先別): one area's monthly 転入/転出 by counterpart area, the layout of a
/// prefecture's monthly report (DESIGN §1) and of `datasets/reference/kumamoto-2024-2025-jan-sep.csv`:
///
/// ```
/// prefecture,year,month,direction,counterpart,counterpart_name,persons
/// 43,2025,1,out,tokyo-area,東京圏,385
/// 43,2025,1,out,40,福岡県,453
/// 43,2025,1,out,all,全国計,1683
/// ```
///
/// Columns are found by name (any order; `area` may stand for `prefecture`, `counterpart_name` is optional).
/// `direction` is `in`/`out` (or 転入/転出); `counterpart` is `all` (also `00000`, 全国, 全国計) for the total, a
/// prefecture (`40`, `福岡県`) or a region code (`tokyo-area`); `persons` a count (thousands separators allowed).
///
/// The table becomes a square ``MigrationCube`` over: the area, one area per named counterpart (a prefecture, a
/// 三大都市圏 such as 東京圏 `51000` — `tokyo-area` names it — or a region group keyed by the table's code, so that
/// region sets recognise it), and ``Area/rest`` (その他) holding
/// 全国計 minus the named counterparts. 転出 to c is the flow area → c, 転入 from c the flow c → area; so the
/// area's 転入/転出 margins are the 全国計 figures and other commands work on it unchanged. Periods are the months
/// of the file; the sex layer is 総数.
///
/// Nothing is guessed: every month must give both directions, 全国計 and every counterpart the file names
/// (a counterpart missing in one month is an error, not a zero); 全国計 below the sum of the named counterparts,
/// duplicate rows, a second area, or counterparts that overlap (福岡県 and a group that contains it) are errors.
public struct CounterpartTableReader: Sendable {
  public var scope: PopulationScope

  public init(scope: PopulationScope = .all) {
    self.scope = scope
  }

  /// The required columns (with `prefecture` or `area` for the area).
  static let requiredColumns = ["year", "month", "direction", "counterpart", "persons"]

  /// The 三大都市圏 group a counterpart names, by its id (`tokyo-area`) or by its code (`51000`, as idou's own
  /// tables write it).
  static func metropolitanArea(_ code: String) -> RegionSet.Group? {
    if let set = RegionSet.builtIn[code], set.groups.count == 1, set.groups[0].area.level == .metropolitanArea {
      return set.groups[0]
    }
    guard let c = AreaCode(code) else { return nil }
    return RegionSet.metropolitan.groups.first { $0.area.code == c && $0.area.level == .metropolitanArea }
  }

  /// Whether a header row is this layout.
  public static func matches(header fields: [String]) -> Bool {
    let names = Set(fields.map { $0.trimmingWhitespace().lowercased() })
    return requiredColumns.allSatisfy(names.contains) && (names.contains("prefecture") || names.contains("area"))
  }

  /// Reads a counterpart table file.
  /// - Throws: `InputFileError` for a missing file; `DataError` with line and column for anything malformed.
  public func read(path: String) throws -> ReadResult {
    try read(bytes: InputFile.bytes(path), file: path)
  }

  private enum Direction: Hashable { case inflow, outflow }

  private struct GroupKey: Hashable {
    var period: Period
    var direction: Direction
  }

  private struct Key: Hashable {
    var period: Period
    var direction: Direction
    /// `nil` for 全国計.
    var counterpart: Area?
  }

  /// Reads a counterpart table from bytes (UTF-8).
  public func read(bytes: [UInt8], file: String) throws(DataError) -> ReadResult {
    var csv = CSVReader(bytes: bytes, file: file)
    var report = ReadReport(file: file)
    guard let header = try csv.next(), Self.matches(header: header.fields) else {
      throw DataError(file: file, line: 1, column: 1,
                      reason: "expected a header with prefecture,year,month,direction,counterpart,persons")
    }
    let names = header.fields.map { $0.trimmingWhitespace().lowercased() }
    func column(_ name: String) -> Int? { names.firstIndex(of: name) }
    let cArea = column("prefecture") ?? column("area")!
    let cYear = column("year")!, cMonth = column("month")!, cDirection = column("direction")!
    let cCounterpart = column("counterpart")!, cPersons = column("persons")!
    let cName = column("counterpart_name")

    var home: Area?
    var counterparts: [Area] = []  // named counterparts, in order of first appearance
    var values: [Key: (value: Int64, line: Int)] = [:]
    var groupLine: [GroupKey: Int] = [:]  // first line of each (period, direction)

    while let record = try csv.next() {
      if record.fields.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { continue }
      report.rowsRead += 1
      let line = record.line
      guard record.fields.count == names.count else {
        throw DataError(file: file, line: line, column: min(record.fields.count, names.count) + 1,
                        reason: "row has \(record.fields.count) fields, the header has \(names.count)")
      }
      func field(_ c: Int) -> String { record.fields[c].trimmingWhitespace() }

      let areaText = field(cArea)
      guard let p = try? Prefecture(parsing: areaText) else {
        throw DataError(file: file, line: line, column: cArea + 1,
                        reason: "unknown prefecture '\(areaText)' (expected a code 01–47 or a name)")
      }
      let area = Area(p)
      if let h = home, h != area {
        throw DataError(file: file, line: line, column: cArea + 1,
                        reason: "a counterpart table holds one area: found \(area.name) after \(h.name) (one file per area)")
      }
      home = area

      guard let year = Int(field(cYear)), (1000...9999).contains(year) else {
        throw DataError(file: file, line: line, column: cYear + 1, reason: "'\(field(cYear))' is not a year (YYYY)")
      }
      guard let month = Int(field(cMonth)), let period = Period(year: year, month: month) else {
        throw DataError(file: file, line: line, column: cMonth + 1, reason: "'\(field(cMonth))' is not a month 1–12")
      }
      let direction: Direction
      switch field(cDirection).lowercased() {
      case "in", "転入": direction = .inflow
      case "out", "転出": direction = .outflow
      default:
        throw DataError(file: file, line: line, column: cDirection + 1,
                        reason: "'\(field(cDirection))' is not a direction (expected in or out)")
      }

      let code = field(cCounterpart)
      let name = cName.map(field) ?? ""
      let counterpart: Area?
      if ["all", "00000", "全国", "全国計"].contains(code.lowercased()) {
        counterpart = nil
      } else {
        let c: Area
        if let cp = try? Prefecture(parsing: code) {
          c = Area(cp)
        } else if let metro = Self.metropolitanArea(code) {
          c = Area(code: metro.area.code!, level: .metropolitanArea, name: name.isEmpty ? metro.name : name)
        } else if !code.isEmpty, code != "rest", Int(code) == nil {
          c = Area(group: code, name: name.isEmpty ? code : name)
        } else {
          throw DataError(file: file, line: line, column: cCounterpart + 1,
                          reason: "'\(code)' is not a counterpart (expected all, a prefecture, or a region code such as tokyo-area)")
        }
        if c == area {
          throw DataError(file: file, line: line, column: cCounterpart + 1,
                          reason: "\(area.name) cannot be its own counterpart (moves inside an area are not moves)")
        }
        if let known = counterparts.first(where: { $0 == c }) {
          if known.name != c.name {
            throw DataError(file: file, line: line, column: (cName ?? cCounterpart) + 1,
                            reason: "counterpart \(code) is named '\(c.name)' here but '\(known.name)' before")
          }
        } else {
          if let clash = counterparts.first(where: { Self.overlap($0, c) }) {
            throw DataError(file: file, line: line, column: cCounterpart + 1,
                            reason: "counterparts \(clash.name) and \(c.name) overlap: 全国計 minus them would count moves twice")
          }
          counterparts.append(c)
        }
        counterpart = c
      }

      guard let persons = parseCount(field(cPersons)), persons >= 0, persons <= Int64(Int32.max) else {
        throw DataError(file: file, line: line, column: cPersons + 1,
                        reason: "'\(field(cPersons))' is not a count of persons (expected digits, thousands separators allowed)")
      }
      let key = Key(period: period, direction: direction, counterpart: counterpart)
      if let earlier = values[key] {
        throw DataError(file: file, line: line, column: cCounterpart + 1,
                        reason: "a second row for \(period) \(direction == .inflow ? "in" : "out") \(code) (first at line \(earlier.line))")
      }
      values[key] = (persons, line)
      let group = GroupKey(period: period, direction: direction)
      if groupLine[group] == nil { groupLine[group] = line }
      report.rowsUsed += 1
    }

    guard let area = home else {
      throw DataError(file: file, line: max(header.line + 1, 2), column: 1, reason: "no rows after the header")
    }

    // Every month: both directions, 全国計 and every named counterpart; rest = 全国計 − Σ named ≥ 0.
    let periods = Array(Set(values.keys.map(\.period))).sorted()
    let axis = [area] + counterparts + [Area.rest]
    var cube = MigrationCube(periods: periods, areas: axis, sexes: [.total], scope: scope)
    let restIndex = axis.count - 1
    for (pi, period) in periods.enumerated() {
      for direction in [Direction.outflow, .inflow] {
        let label = "\(period) \(direction == .inflow ? "in (転入)" : "out (転出)")"
        let anyLine = groupLine[GroupKey(period: period, direction: direction)]
        let otherLine = groupLine[GroupKey(period: period, direction: direction == .inflow ? .outflow : .inflow)] ?? 0
        guard let firstLine = anyLine else {
          throw DataError(file: file, line: otherLine, column: cDirection + 1,
                          reason: "\(period) has rows for one direction only: no rows for \(label)")
        }
        guard let total = values[Key(period: period, direction: direction, counterpart: nil)] else {
          throw DataError(file: file, line: firstLine, column: cCounterpart + 1,
                          reason: "no 全国計 (all) row for \(label): the total cannot be known")
        }
        var named: Int64 = 0
        for (ci, c) in counterparts.enumerated() {
          guard let v = values[Key(period: period, direction: direction, counterpart: c)] else {
            throw DataError(file: file, line: firstLine, column: cCounterpart + 1,
                            reason: "no row for counterpart \(c.name) (\(c.codeText)) in \(label): a missing figure is not a zero")
          }
          named += v.value
          if direction == .outflow { cube[pi, 0, 0, ci + 1] = Int32(v.value) } else { cube[pi, 0, ci + 1, 0] = Int32(v.value) }
        }
        let remainder = total.value - named
        guard remainder >= 0 else {
          throw DataError(file: file, line: total.line, column: cPersons + 1,
                          reason: "全国計 \(total.value) for \(label) is less than the named counterparts' sum \(named)")
        }
        if direction == .outflow { cube[pi, 0, 0, restIndex] = Int32(remainder) } else { cube[pi, 0, restIndex, 0] = Int32(remainder) }
      }
    }
    report.notes.append("\(area.name): \(periods.count) months, counterparts \(counterparts.map(\.name).joined(separator: ", ")), その他 = 全国計 − named")
    return ReadResult(cube: cube, report: report)
  }

  /// Whether two named counterparts share prefectures, as far as idou knows their make-up (prefectures, and the
  /// built-in regions such as 東京圏).
  static func overlap(_ a: Area, _ b: Area) -> Bool {
    func members(_ x: Area) -> Set<AreaCode>? {
      if x.level == .prefecture, let c = x.code { return [c] }
      return RegionSet.metropolitan.groups.first { $0.area == x }?.members
    }
    guard let ma = members(a), let mb = members(b) else { return false }
    return !ma.isDisjoint(with: mb)
  }
}
