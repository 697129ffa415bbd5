import IdouCore

/// Reads an origin–destination matrix in wide form (DESIGN §3.3): the first header cell is a label, then one
/// column per destination (prefecture names or codes, or municipal codes); each following row is an origin with
/// its counts. Counts may carry thousands separators (`"1,431"`); `-` marks a cell with no value (the diagonal).
///
/// The file holds one period and one sex: they come from the caller (the CLI takes the year from the file name or
/// `--period`). A matrix must be square: the same areas as rows and as columns, each once.
///
/// ```
/// 移動前の住所地,北海道,青森県,…
/// 北海道,-,1431,…
/// ```
public struct ODMatrixReader {
  public var period: Period
  public var sex: Sex = .total
  public var scope: PopulationScope = .all

  public init(period: Period, sex: Sex = .total, scope: PopulationScope = .all) {
    self.period = period
    self.sex = sex
    self.scope = scope
  }

  /// Reads a wide matrix file.
  /// - Throws: `InputFileError` for a missing file; `DataError` with line and column for anything malformed.
  public func read(path: String) throws -> ReadResult {
    try read(bytes: InputFile.bytes(path), file: path)
  }

  /// Reads a wide matrix from bytes (UTF-8).
  public func read(bytes: [UInt8], file: String) throws(DataError) -> ReadResult {
    var csv = CSVReader(bytes: bytes, file: file)
    var report = ReadReport(file: file)
    guard let header = try csv.next(), header.fields.count >= 2 else {
      throw DataError(file: file, line: 1, column: 1, reason: "expected a header: a label, then destination areas")
    }
    let destinations = try header.fields.dropFirst().enumerated().map { (i, text) throws(DataError) in
      try Self.area(text, file: file, line: header.line, column: i + 2)
    }
    if let dup = Self.firstDuplicate(destinations) {
      throw DataError(file: file, line: header.line, column: dup + 2,
                      reason: "destination '\(destinations[dup].name)' appears twice in the header")
    }
    let n = destinations.count
    var cube = MigrationCube(periods: [period], areas: destinations, sexes: [sex], scope: scope)
    var seen = [Bool](repeating: false, count: n)
    var lastLine = header.line
    while let record = try csv.next() {
      lastLine = record.line
      if record.fields.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { continue }
      report.rowsRead += 1
      guard record.fields.count == n + 1 else {
        throw DataError(file: file, line: record.line, column: min(record.fields.count, n + 1) + 1,
                        reason: "row has \(record.fields.count) fields, the header has \(n + 1)")
      }
      let origin = try Self.area(record.fields[0], file: file, line: record.line, column: 1)
      guard let o = destinations.firstIndex(of: origin) else {
        throw DataError(file: file, line: record.line, column: 1,
                        reason: "origin '\(origin.name)' is not among the destinations of the header")
      }
      guard !seen[o] else {
        throw DataError(file: file, line: record.line, column: 1, reason: "origin '\(origin.name)' appears twice")
      }
      seen[o] = true
      for d in 0..<n {
        let text = record.fields[d + 1].trimmingWhitespace()
        if text == "-" || text == "***" || text == "…" || text.isEmpty {
          report.markers += 1
          continue
        }
        guard let v = parseCount(text), v >= 0, v <= Int64(Int32.max) else {
          throw DataError(file: file, line: record.line, column: d + 2,
                          reason: "'\(text)' is not a count (expected digits, thousands separators allowed, or -)")
        }
        cube[0, 0, o, d] = Int32(v)
      }
      report.rowsUsed += 1
    }
    if let missing = seen.firstIndex(of: false) {
      throw DataError(file: file, line: lastLine + 1, column: 1,
                      reason: "no row for origin '\(destinations[missing].name)': the matrix must be square")
    }
    return ReadResult(cube: cube, report: report)
  }

  /// A header or row label: a prefecture (name, 2-digit or e-Stat 5-digit code) or a municipal code.
  static func area(_ text: String, file: String, line: Int, column: Int) throws(DataError) -> Area {
    let t = text.trimmingWhitespace()
    if let p = try? Prefecture(parsing: t) { return Area(p) }
    do {
      return Area(try MunicipalCode(parsing: t))
    } catch {
      let why: String
      switch error {
      case .badCheckDigit: why = error.description
      default: why = "unknown area '\(t)' (expected a prefecture name or code, or a municipal code)"
      }
      throw DataError(file: file, line: line, column: column, reason: why)
    }
  }

  static func firstDuplicate(_ areas: [Area]) -> Int? {
    var seen = Set<Area>()
    return areas.firstIndex { !seen.insert($0).inserted }
  }
}
