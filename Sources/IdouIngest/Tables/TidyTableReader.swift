import IdouCore

/// Reads what `idou tidy` writes — `period,scope,from,to,sex,count` — back into flows per scope, so tidy output is
/// itself an input and a file round-trips: `tidy(read(tidy(x))) == tidy(x)`.
///
/// `from`/`to` are any area code or name idou writes or resolves (`43`, `43000`, `43100`, `00000` 全国, `51000`
/// 東京圏, `99300` 不詳), a region group's id, or `rest` (その他); sex `0`/`1`/`2` (or 総数/男/女); a count `-` or `***`
/// is a no-value marker.
///
/// ```
/// period,scope,from,to,sex,count
/// 2024-01,all,43,13,0,385
/// ```
public struct TidyTableReader: Sendable {
  /// The header, exactly.
  public static let header = ["period", "scope", "from", "to", "sex", "count"]

  public init() {}

  /// Reads tidy rows from UTF-8 bytes.
  /// - Throws: `DataError` with line and column for anything malformed.
  public func read(bytes: [UInt8], file: String) throws(DataError) -> InputResult {
    var csv = CSVReader(bytes: bytes, file: file)
    var report = ReadReport(file: file)
    var header: CSVReader.Record?
    while let r = try csv.next() {
      if r.fields.allSatisfy({ $0.trimmedField.isEmpty }) { continue }
      header = r
      break
    }
    guard let header else { throw DataError(file: file, line: 1, column: 1, reason: "empty file") }
    let names = header.fields.map { $0.trimmedField.lowercased() }
    guard names == Self.header else {
      let col = (0..<min(names.count, Self.header.count)).first { names[$0] != Self.header[$0] } ?? min(names.count, Self.header.count)
      throw DataError(file: file, line: header.line, column: col + 1,
                      reason: "expected the header \(Self.header.joined(separator: ","))")
    }
    var flows = FlowBuilder(file: file, boundary: .prefecture)
    var areaCache: [String: Int32] = [:], periodCache: [String: Int32] = [:]
    var rowsByScope: [PopulationScope: Int] = [:]
    var allPrefectures = true
    while let r = try csv.next() {
      let f = r.fields.map(\.trimmedField)
      if f.allSatisfy(\.isEmpty) { continue }
      report.rowsRead += 1
      func fail(_ column: Int, _ reason: String) -> DataError {
        DataError(file: file, line: r.line, column: column, reason: reason)
      }
      guard f.count == 6 else { throw fail(min(f.count, 6) + 1, "row has \(f.count) fields, expected 6") }
      let period: Int32
      if let p = periodCache[f[0]] {
        period = p
      } else {
        guard let p = Period(parsing: f[0]) else { throw fail(1, "'\(f[0].shown)' is not a period (YYYY or YYYY-MM)") }
        period = flows.period(p)
        periodCache[f[0]] = period
      }
      guard let scope = Vocabulary.scope(f[1]) else {
        throw fail(2, "'\(f[1].shown)' is not a scope (all, japanese, foreign)")
      }
      var ends: [Int32] = []
      for c in 2...3 {
        if let a = areaCache[f[c]] { ends.append(a); continue }
        guard let a = Self.area(f[c]) else {
          throw fail(c + 1, "'\(f[c].shown)' is not an area code (43, 43100, 00000 全国, 51000 東京圏, 99300 不詳, rest)")
        }
        if a.level != .prefecture { allPrefectures = false }
        let id = flows.area(a)
        areaCache[f[c]] = id
        ends.append(id)
      }
      guard let sex = Vocabulary.sex(f[4]) else { throw fail(5, "'\(f[4].shown)' is not a sex code (0 総数, 1 男, 2 女)") }
      switch Vocabulary.count(f[5]) {
      case .marker:
        report.markers += 1
        try flows.addMarker(scope: scope, period: period, sex: sex, origin: ends[0], destination: ends[1], line: r.line, column: 6)
      case .value(let v):
        try flows.add(scope: scope, period: period, sex: sex, origin: ends[0], destination: ends[1], count: v,
                      line: r.line, column: 6)
      case .invalid:
        throw fail(6, "'\(f[5].shown)' is not a count (expected digits, or - for no value)")
      }
      report.rowsUsed += 1
      rowsByScope[scope, default: 0] += 1
    }
    flows.boundary = allPrefectures ? .prefecture : .municipality
    let (tables, resolution) = flows.buildResolvingHierarchy()
    report.notes += resolution.notes
    report.addWarnings(resolution.warnings.sorted { $0.line < $1.line }.map(\.text))
    return InputResult(figures: tables.map { .flows($0) }, report: report, rowsByScope: rowsByScope)
  }

  /// A tidy area: any code or name the catalog resolves, `rest` (その他), or a region group's id.
  static func area(_ code: String) -> Area? {
    if code == "rest" { return .rest }
    if let a = try? AreaCatalog.standard.resolve(code) { return a }
    // A region group's id (letters, digits, hyphens) as tidy writes groups that no code names.
    let b = Array(code.utf8)
    guard !b.isEmpty, b.count <= 64, let first = b.first, (0x61...0x7A).contains(first) || (0x41...0x5A).contains(first),
      b.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D || $0 == 0x5F })
    else { return nil }
    return Area(group: code, name: code)
  }
}
