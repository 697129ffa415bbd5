import IdouCore

/// Reads what `idou tidy` writes — `period,scope,from,to,sex,count` — back into one cube per scope, so tidy output
/// is itself an input and a file round-trips: `tidy(read(tidy(x))) == tidy(x)`.
///
/// `from`/`to` are prefecture codes (`43`, also `43000` or names), municipal codes (5 or 6 digits), `00000` 全国
/// or `99300` 不詳; sex `0`/`1`/`2`; a count `-` or `***` is a no-value marker.
///
/// ```
/// period,scope,from,to,sex,count
/// 2024-01,all,43,13,0,385
/// ```
public struct TidyTableReader {
  /// The header, exactly.
  public static let header = ["period", "scope", "from", "to", "sex", "count"]

  public init() {}

  /// Reads tidy rows from UTF-8 bytes.
  /// - Throws: `DataError` with line and column for anything malformed.
  public func read(bytes: [UInt8], file: String) throws(DataError) -> ScopedReadResult {
    var csv = CSVReader(bytes: bytes, file: file)
    var report = ReadReport(file: file)
    guard let header = try csv.next() else { throw DataError(file: file, line: 1, column: 1, reason: "empty file") }
    let names = header.fields.map { $0.trimmedField }
    guard names == Self.header else {
      let col = (0..<min(names.count, Self.header.count)).first { names[$0] != Self.header[$0] } ?? min(names.count, Self.header.count)
      throw DataError(file: file, line: header.line, column: col + 1,
                      reason: "expected the header \(Self.header.joined(separator: ","))")
    }
    var flows: [PopulationScope: [Key: Int32]] = [:]
    var lines: [Key: Int] = [:]
    var areaCache: [String: Area] = [:]
    var rowsByScope: [PopulationScope: Int] = [:]
    while let r = try csv.next() {
      let f = r.fields.map { $0.trimmedField }
      if f.allSatisfy(\.isEmpty) { continue }
      report.rowsRead += 1
      func fail(_ column: Int, _ reason: String) -> DataError {
        DataError(file: file, line: r.line, column: column, reason: reason)
      }
      guard f.count == 6 else { throw fail(min(f.count, 6) + 1, "row has \(f.count) fields, expected 6") }
      guard let period = Period(parsing: f[0]) else { throw fail(1, "'\(f[0].shown)' is not a period (YYYY or YYYY-MM)") }
      guard let scope = PopulationScope(rawValue: f[1]) ?? PopulationScope(eStatCode: f[1]) else {
        throw fail(2, "'\(f[1].shown)' is not a scope (all, japanese, foreign)")
      }
      var ends: [Area] = []
      for c in 2...3 {
        if let a = areaCache[f[c]] { ends.append(a); continue }
        guard let a = Self.area(f[c]) else {
          throw fail(c + 1, "'\(f[c].shown)' is not an area code (43, 43100, 00000 全国, 99300 不詳)")
        }
        areaCache[f[c]] = a
        ends.append(a)
      }
      guard let sexCode = Int(f[4]), let sex = Sex(rawValue: sexCode) else {
        throw fail(5, "'\(f[4].shown)' is not a sex code (0 総数, 1 男, 2 女)")
      }
      if EStatLayout.standardMarkers.contains(f[5]) {
        report.markers += 1
        report.rowsUsed += 1
        rowsByScope[scope, default: 0] += 1
        continue
      }
      guard let v = parseCount(f[5]), v >= 0, v <= Int64(Int32.max) else {
        throw fail(6, "'\(f[5].shown)' is not a count (expected digits, or - for no value)")
      }
      let key = Key(period: period, sex: sex, origin: ends[0], destination: ends[1])
      if let earlier = lines[Key(period: period, sex: sex, origin: ends[0], destination: ends[1], scope: scope)] {
        throw fail(1, "\(period) \(scope) \(ends[0].codeText)→\(ends[1].codeText) sex \(sex.rawValue) is given twice (also on line \(earlier))")
      }
      lines[Key(period: period, sex: sex, origin: ends[0], destination: ends[1], scope: scope)] = r.line
      flows[scope, default: [:]][key] = Int32(v)
      report.rowsUsed += 1
      rowsByScope[scope, default: 0] += 1
    }
    var cubes: [MigrationCube] = []
    for scope in PopulationScope.allCases where rowsByScope[scope] != nil {
      cubes.append(Self.cube(flows[scope] ?? [:], scope: scope))
    }
    if cubes.isEmpty { cubes.append(MigrationCube(periods: [], areas: [], sexes: [.total])) }
    return ScopedReadResult(cubes: cubes, report: report, rowsByScope: rowsByScope)
  }

  struct Key: Hashable {
    var period: Period
    var sex: Sex
    var origin: Area
    var destination: Area
    var scope: PopulationScope = .all
  }

  /// A tidy area code: 全国, 不詳, a prefecture (2-digit, 5-digit e-Stat or name) or a municipality.
  static func area(_ code: String) -> Area? {
    switch AreaCode(code) {
    case AreaCode.nation?: return .nation
    case AreaCode.unknown?: return .unknown
    default: break
    }
    if let p = try? Prefecture(parsing: code) { return Area(p) }
    if let m = try? MunicipalCode(parsing: code) { return Area(m) }
    return nil
  }

  /// A square cube over the areas the flows name, in listing order.
  static func cube(_ flows: [Key: Int32], scope: PopulationScope) -> MigrationCube {
    let periods = Array(Set(flows.keys.map(\.period))).sorted()
    var seen = Set<Area>(), axis: [Area] = []
    for k in flows.keys {
      for a in [k.origin, k.destination] where seen.insert(a).inserted { axis.append(a) }
    }
    axis.sort()
    let sexes = flows.isEmpty ? [Sex.total] : Array(Set(flows.keys.map(\.sex))).sorted()
    var cube = MigrationCube(periods: periods, areas: axis, sexes: sexes, scope: scope)
    var pIndex: [Period: Int] = [:], aIndex: [Area: Int] = [:]
    for (i, p) in periods.enumerated() { pIndex[p] = i }
    for (i, a) in axis.enumerated() { aIndex[a] = i }
    for (k, v) in flows {
      cube[pIndex[k.period]!, cube.sexIndex(k.sex)!, aIndex[k.origin]!, aIndex[k.destination]!] = v
    }
    return cube
  }
}
