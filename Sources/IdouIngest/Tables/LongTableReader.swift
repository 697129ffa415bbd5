import IdouCore

/// Reads count tables in long form (DESIGN §3.2), one count per row, told apart by their header:
///
/// - **OD counts** `month,from,to,sex,count`: moves from one area to another in a month.
/// - **Area totals** `month,area,sex,in,out`: an area's 転入 (in-migrants) and 転出 (out-migrants) in a month,
///   without their origins or destinations. They go into the cube with ``Area/unknown`` (不詳) as the other
///   end: in(a) is the flow 不詳 → a and out(a) the flow a → 不詳, so ``MigrationCube/margins()`` gives them back.
///
/// Fields: `month` is `YYYY-MM` (also `YYYY/MM`, `YYYY-MM-DD`, e-Stat `YYYY00MMMM`); areas are prefecture codes
/// (`43`, `43000`), prefecture names, or municipal codes (5 digits, or 6 with a verified check digit); `sex` is
/// `0` 総数, `1` 男, `2` 女 (also 総数/男/女, total/male/female); counts are non-negative, thousands separators
/// allowed.
///
/// The sex layers of the cube are the sexes the file gives: a file with only `0` rows is a 総数-only cube. A file
/// that gives `0` together with `1` and `2` must satisfy 総数 = 男 + 女 in every month and cell; the first cell
/// where it does not is an error naming the line.
///
/// In the area-totals form every area must have a row for every month and sex the file gives (a month without an
/// area's row would otherwise count as 0 moves); OD counts may omit zero flows.
///
/// Every data row is either used or rejected (`read = used + rejected`). Rejected, with the reason in the
/// report's notes: OD rows whose origin and destination are the same area (not a move), and rows whose count is a
/// no-value marker (`-`, `***`, `…`, `x`; also counted as markers). Anything malformed is a `DataError` with file,
/// line and column. A repeated key (same month, areas and sex) is an error: it would count moves twice.
///
/// ```
/// month,area,sex,in,out
/// 2025-01,43,0,1711,1683
/// ```
public struct LongTableReader {
  /// Which of the two long forms a header announces.
  public enum Layout: Sendable, Equatable {
    /// `month,from,to,sex,count`
    case originDestination
    /// `month,area,sex,in,out`
    case areaTotals

    /// The header fields, in order.
    public var header: [String] {
      switch self {
      case .originDestination: ["month", "from", "to", "sex", "count"]
      case .areaTotals: ["month", "area", "sex", "in", "out"]
      }
    }

    /// The layout a header row announces (case and surrounding spaces ignored), or `nil`.
    public init?(header fields: [String]) {
      let names = fields.map { $0.trimmingWhitespace().lowercased() }
      if names == Layout.originDestination.header {
        self = .originDestination
      } else if names == Layout.areaTotals.header {
        self = .areaTotals
      } else {
        return nil
      }
    }
  }

  public var scope: PopulationScope

  public init(scope: PopulationScope = .all) {
    self.scope = scope
  }

  /// Reads a long table file.
  /// - Throws: `InputFileError` for a missing file; `DataError` with line and column for anything malformed.
  public func read(path: String) throws -> ReadResult {
    try read(bytes: InputFile.bytes(path), file: path)
  }

  /// One parsed row before the axes are known: months and areas as ids into the lists of distinct ones seen.
  private struct Row {
    var line: Int
    var period: Int32
    var origin: Int32
    var destination: Int32
    var sex: Sex
    var count: Int32
  }

  /// Reads a long table from bytes (UTF-8).
  public func read(bytes: [UInt8], file: String) throws(DataError) -> ReadResult {
    var csv = CSVReader(bytes: bytes, file: file)
    var report = ReadReport(file: file)
    guard let header = try csv.next() else {
      throw DataError(file: file, line: 1, column: 1, reason: "empty file")
    }
    guard let layout = Layout(header: header.fields) else {
      throw DataError(file: file, line: header.line, column: 1,
                      reason: "expected the header 'month,from,to,sex,count' or 'month,area,sex,in,out'")
    }
    var rows: [Row] = []
    var sameArea = 0, noValue = 0
    // Tables repeat a few dozen months and areas hundreds of thousands of times: each text is parsed once and
    // becomes a small id (two texts of one area, `43` and `43000`, get the same id).
    var periodList: [Period] = [], periodId: [Period: Int32] = [:], monthText: [String: Int32] = [:]
    var areaList: [Area] = [], areaId: [Area: Int32] = [:], areaText: [String: Int32] = [:]
    func id(of area: Area) -> Int32 {
      if let i = areaId[area] { return i }
      areaList.append(area)
      areaId[area] = Int32(areaList.count - 1)
      return Int32(areaList.count - 1)
    }
    let unspecified = id(of: .unknown)
    func month(_ text: String, _ line: Int) throws(DataError) -> Int32 {
      if let i = monthText[text] { return i }
      let p = try Self.month(text, file: file, line: line)
      let i = periodId[p] ?? Int32(periodList.count)
      if i == Int32(periodList.count) {
        periodList.append(p)
        periodId[p] = i
      }
      monthText[text] = i
      return i
    }
    func area(_ text: String, _ line: Int, _ column: Int) throws(DataError) -> Int32 {
      if let i = areaText[text] { return i }
      let i = id(of: try Self.area(text, file: file, line: line, column: column))
      areaText[text] = i
      return i
    }
    while let record = try csv.next() {
      if record.fields.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { continue }
      report.rowsRead += 1
      guard record.fields.count == 5 else {
        throw DataError(file: file, line: record.line, column: min(record.fields.count, 5) + 1,
                        reason: "row has \(record.fields.count) fields, expected 5 (\(layout.header.joined(separator: ",")))")
      }
      let f = record.fields, line = record.line
      let period = try month(f[0], line)
      switch layout {
      case .originDestination:
        let from = try area(f[1], line, 2)
        let to = try area(f[2], line, 3)
        let sex = try Self.sex(f[3], file: file, line: line, column: 4)
        guard let count = try Self.count(f[4], file: file, line: line, column: 5) else {
          report.markers += 1
          noValue += 1
          report.rowsRejected += 1
          continue
        }
        if from == to {
          sameArea += 1
          report.rowsRejected += 1
          continue
        }
        rows.append(Row(line: line, period: period, origin: from, destination: to, sex: sex, count: count))
      case .areaTotals:
        let place = try area(f[1], line, 2)
        let sex = try Self.sex(f[2], file: file, line: line, column: 3)
        let inflow = try Self.count(f[3], file: file, line: line, column: 4)
        let outflow = try Self.count(f[4], file: file, line: line, column: 5)
        guard let i = inflow, let o = outflow else {
          report.markers += (inflow == nil ? 1 : 0) + (outflow == nil ? 1 : 0)
          noValue += 1
          report.rowsRejected += 1
          continue
        }
        rows.append(Row(line: line, period: period, origin: unspecified, destination: place, sex: sex, count: i))
        rows.append(Row(line: line, period: period, origin: place, destination: unspecified, sex: sex, count: o))
      }
      report.rowsUsed += 1
    }
    if sameArea > 0 { report.notes.append("rows rejected because from = to (not a move): \(sameArea)") }
    if noValue > 0 { report.notes.append("rows rejected for a no-value marker instead of a count: \(noValue)") }

    // Axes: the months, areas and sexes of the rows used, sorted; ids mapped to axis positions.
    var periodUsed = [Bool](repeating: false, count: periodList.count)
    var areaUsed = [Bool](repeating: false, count: areaList.count)
    var sexesUsed = Set<Sex>()
    for r in rows {
      periodUsed[Int(r.period)] = true
      areaUsed[Int(r.origin)] = true
      areaUsed[Int(r.destination)] = true
      sexesUsed.insert(r.sex)
    }
    let periodOrder = periodList.indices.filter { periodUsed[$0] }.sorted { periodList[$0] < periodList[$1] }
    let areaOrder = areaList.indices.filter { areaUsed[$0] }.sorted {
      areaList[$0] < areaList[$1]
    }
    let periods = periodOrder.map { periodList[$0] }, areas = areaOrder.map { areaList[$0] }
    var periodIndex = [Int](repeating: -1, count: periodList.count)
    for (i, id) in periodOrder.enumerated() { periodIndex[id] = i }
    var areaIndex = [Int](repeating: -1, count: areaList.count)
    for (i, id) in areaOrder.enumerated() { areaIndex[id] = i }
    var cube = MigrationCube(periods: periods, areas: areas, sexes: Array(sexesUsed), scope: scope)
    var sexIndex = [Int](repeating: -1, count: 3)
    for (i, s) in cube.sexes.enumerated() { sexIndex[s.rawValue] = i }
    // The line each cell came from (0: none), to report repeated keys and totals that do not add up.
    var lineOfCell = [Int](repeating: 0, count: cube.counts.count)
    for r in rows {
      let cell = cube.index(periodIndex[Int(r.period)], sexIndex[r.sex.rawValue], areaIndex[Int(r.origin)],
                            areaIndex[Int(r.destination)])
      if lineOfCell[cell] != 0 {
        let what: String
        switch layout {
        case .originDestination:
          what = "month \(periodList[Int(r.period)]), from \(areaList[Int(r.origin)].codeText) to "
            + "\(areaList[Int(r.destination)].codeText), sex \(r.sex.rawValue)"
        case .areaTotals:
          what = "month \(periodList[Int(r.period)]), area \(areaList[Int(r.origin == unspecified ? r.destination : r.origin)].codeText), sex \(r.sex.rawValue)"
        }
        throw DataError(file: file, line: r.line, column: 1,
                        reason: "\(what) is given twice (first on line \(lineOfCell[cell]))")
      }
      lineOfCell[cell] = r.line
      cube.counts[cell] = r.count
    }
    if layout == .areaTotals, areaUsed[Int(unspecified)] {
      // Area totals are what projections read month by month: an area without the row of a month that the file
      // gives for other areas would count as 0 moves. That is a gap, not a zero.
      let u = areaIndex[Int(unspecified)]
      for p in periods.indices {
        for s in cube.sexes.indices {
          for a in areas.indices where a != u && lineOfCell[cube.index(p, s, u, a)] == 0 {
            throw DataError(
              file: file, line: 0, column: 0,
              reason: "area \(areas[a].codeText) has no row for \(periods[p]), sex \(cube.sexes[s].rawValue), which the file "
                + "gives for other areas: add the row (with 0 if there were no moves)")
          }
        }
      }
    }
    try Self.checkTotals(cube, lineOfCell: lineOfCell, layout: layout, file: file)
    return ReadResult(cube: cube, report: report)
  }

  /// 総数 = 男 + 女 in every cell of a cube that stores all three layers.
  private static func checkTotals(_ cube: MigrationCube, lineOfCell: [Int], layout: Layout,
                                  file: String) throws(DataError) {
    guard let t = cube.sexIndex(.total), let m = cube.sexIndex(.male), let w = cube.sexIndex(.female) else { return }
    let n = cube.origins.count
    for p in cube.periods.indices {
      for o in 0..<n {
        for d in 0..<n {
          let total = Int64(cube[p, t, o, d]), male = Int64(cube[p, m, o, d]), female = Int64(cube[p, w, o, d])
          guard total != male + female else { continue }
          let line = [cube.index(p, t, o, d), cube.index(p, m, o, d), cube.index(p, w, o, d)]
            .map { lineOfCell[$0] }.first { $0 != 0 } ?? 0
          let what: String, column: Int
          switch layout {
          case .originDestination:
            (what, column) = ("\(cube.periods[p]) \(cube.origins[o].codeText)→\(cube.origins[d].codeText)", 5)
          case .areaTotals:
            (what, column) = cube.origins[o] == .unknown
              ? ("\(cube.periods[p]) \(cube.origins[d].codeText) in", 4)
              : ("\(cube.periods[p]) \(cube.origins[o].codeText) out", 5)
          }
          throw DataError(file: file, line: line, column: column,
                          reason: "\(what): 総数 \(total) ≠ 男 \(male) + 女 \(female) (a file giving sex 0 with 1 and 2 must add up)")
        }
      }
    }
  }

  /// A month: `YYYY-MM` and the other forms ``Period/init(parsing:)`` takes, but not a whole year.
  static func month(_ text: String, file: String, line: Int) throws(DataError) -> Period {
    let t = text.trimmingWhitespace()
    guard let p = Period(parsing: t), p.isMonth else {
      throw DataError(file: file, line: line, column: 1, reason: "'\(t)' is not a month (expected YYYY-MM)")
    }
    return p
  }

  /// A prefecture (code or name) or a municipal code; not 全国 or 不詳.
  static func area(_ text: String, file: String, line: Int, column: Int) throws(DataError) -> Area {
    try ODMatrixReader.area(text, file: file, line: line, column: column)
  }

  /// `0`/`1`/`2` (also 総数/男/女, total/male/female).
  static func sex(_ text: String, file: String, line: Int, column: Int) throws(DataError) -> Sex {
    switch text.trimmingWhitespace().lowercased() {
    case "0", "総数", "計", "total": return .total
    case "1", "男", "m", "male": return .male
    case "2", "女", "f", "female": return .female
    case let t:
      throw DataError(file: file, line: line, column: column,
                      reason: "'\(t)' is not a sex (expected 0 総数, 1 男 or 2 女)")
    }
  }

  /// A count, or `nil` for a no-value marker.
  static func count(_ text: String, file: String, line: Int, column: Int) throws(DataError) -> Int32? {
    let t = text.trimmingWhitespace()
    if t == "-" || t == "***" || t == "…" || t == "x" { return nil }
    guard let v = parseCount(t), v >= 0, v <= Int64(Int32.max) else {
      throw DataError(file: file, line: line, column: column,
                      reason: "'\(t)' is not a count (expected a non-negative whole number, thousands separators allowed, or -)")
    }
    return Int32(v)
  }
}
