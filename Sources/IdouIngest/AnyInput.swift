import IdouCore

/// The input formats idou reads, told apart by content (DESIGN §3), never by a table number.
public enum InputFormat: String, Sendable, CaseIterable {
  /// A wide origin–destination matrix (first header cell a label, then areas).
  case odMatrix
  /// One area's 転入/転出 by counterpart area and month (`prefecture,year,month,direction,counterpart,…,persons`).
  case counterpartTable
  /// A long table of OD counts, `month,from,to,sex,count` (``LongTableReader``).
  case longOriginDestination
  /// A long table of per-area totals, `month,area,sex,in,out` (``LongTableReader``).
  case longAreaTotals
}

/// Reads any supported input file into a cube, choosing the reader from the file's content.
public enum AnyInput {
  /// Options every reader understands.
  public struct Options: Sendable {
    /// The period of a file that does not say it (a wide matrix); else taken from a year in the file name.
    public var period: Period?
    public var scope: PopulationScope = .all

    public init(period: Period? = nil, scope: PopulationScope = .all) {
      self.period = period
      self.scope = scope
    }
  }

  /// Reads one file.
  /// - Throws: `InputFileError` (missing/unreadable), `DataError` (malformed, with line and column).
  public static func read(path: String, options: Options = .init()) throws -> ReadResult {
    let bytes = try InputFile.bytes(path)
    switch try sniff(bytes, file: path) {
    case .odMatrix:
      guard let period = options.period ?? yearInFileName(path).map(Period.init(year:)) else {
        throw DataError(file: path, line: 0, column: 0,
                        reason: "a wide matrix does not say its period: give --period YYYY or YYYY-MM")
      }
      return try ODMatrixReader(period: period, scope: options.scope).read(bytes: bytes, file: path)
    case .counterpartTable:
      return try CounterpartTableReader(scope: options.scope).read(bytes: bytes, file: path)
    case .longOriginDestination, .longAreaTotals:
      return try LongTableReader(scope: options.scope).read(bytes: bytes, file: path)
    }
  }

  /// Reads several files into one cube (``MigrationCube/merged(_:)``), with a report per file.
  public static func read(paths: [String], options: Options = .init()) throws -> (cube: MigrationCube, reports: [ReadReport]) {
    let results = try paths.map { try read(path: $0, options: options) }
    return (try MigrationCube.merged(results.map(\.cube)), results.map(\.report))
  }

  /// Tells the format of a file from its first line.
  /// - Throws: `DataError` naming what was not understood.
  public static func sniff(_ bytes: [UInt8], file: String) throws(DataError) -> InputFormat {
    var csv = CSVReader(bytes: bytes, file: file)
    guard let header = try csv.next(), !(header.fields.count == 1 && header.fields[0].isEmpty) else {
      throw DataError(file: file, line: 1, column: 1, reason: "empty file")
    }
    if CounterpartTableReader.matches(header: header.fields) { return .counterpartTable }
    switch LongTableReader.Layout(header: header.fields) {
    case .originDestination: return .longOriginDestination
    case .areaTotals: return .longAreaTotals
    case nil: break
    }
    if header.fields.count >= 3 {
      // A matrix header: a label, then areas. Most must read as areas; the reader then locates any bad one.
      let areaLike = header.fields.dropFirst().filter { field in
        let t = field.trimmingWhitespace()
        return (try? ODMatrixReader.area(t, file: file, line: 1, column: 1)) != nil
          || ([2, 5, 6].contains(t.utf8.count) && t.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 })
      }.count
      if areaLike * 2 >= header.fields.count - 1 { return .odMatrix }
    }
    throw DataError(file: file, line: header.line, column: 1,
                    reason: "unrecognised layout: the header '\(header.fields.prefix(6).joined(separator: ","))' is not one idou reads")
  }

  /// A four-digit year 1900–2099 in a file name (`jp-prefecture-migration-2025.csv` → 2025).
  static func yearInFileName(_ path: String) -> Int? {
    let name = Array((path.split(separator: "/").last ?? "").utf8)
    var i = 0
    while i + 4 <= name.count {
      let slice = name[i..<i + 4]
      let before = i == 0 ? nil : name[i - 1], after = i + 4 < name.count ? name[i + 4] : nil
      let isDigit: (UInt8?) -> Bool = { $0.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
      if slice.allSatisfy({ isDigit($0) }) && !isDigit(before) && !isDigit(after),
        let y = Int(String(decoding: slice, as: UTF8.self)), (1900...2099).contains(y)
      {
        return y
      }
      i += 1
    }
    return nil
  }
}
