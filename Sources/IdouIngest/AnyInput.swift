import IdouCore

/// The input formats idou reads, told apart by content (DESIGN §3), never by a table number.
public enum InputFormat: String, Sendable, CaseIterable {
  /// A wide origin–destination matrix (first header cell a label, then areas).
  case odMatrix
  /// An e-Stat database download (統計表 → CSV): metadata block, `<名> コード`/`<名>` pairs (DESIGN §3.4).
  case eStatDownload
  /// The e-Stat API `getSimpleStatsData` CSV: `RESULT`… blocks, `VALUE`, `tab_code`,…,`value`.
  case eStatAPI
  /// What `idou tidy` writes: `period,scope,from,to,sex,count`.
  case tidyTable
  /// Population by area (`area,year,sex,population`): not counts of moves; a denominator for rates.
  case population
  /// Municipal code changes (`old_code,new_code,effective_date[,share]`): given with `--code-changes`.
  case codeChanges
  /// One area's 転入/転出 by counterpart area and month (`prefecture,year,month,direction,counterpart,…,persons`).
  case counterpartTable
  /// A long table of OD counts, `month,from,to,sex,count` (``LongTableReader``).
  case longOriginDestination
  /// A long table of per-area totals, `month,area,sex,in,out` (``LongTableReader``).
  case longAreaTotals
  /// Move records, one row per move (header `date,from,to,sex[,age][,nationality]`, DESIGN §3.1).
  case moveRecords
}

/// Reads any supported input file into a cube, choosing the reader from the file's content.
public enum AnyInput {
  /// Options every reader understands.
  public struct Options: Sendable {
    /// The period of a file that does not say it (a wide matrix); else taken from a year in the file name.
    public var period: Period?
    public var scope: PopulationScope = .all
    /// Municipal code changes to re-key codes with, as of ``asOf`` (both or neither).
    public var codeChanges: CodeChangeTable?
    /// The date whose municipal codes every input is re-keyed to.
    public var asOf: CalendarDate?

    public init(period: Period? = nil, scope: PopulationScope = .all, codeChanges: CodeChangeTable? = nil,
                asOf: CalendarDate? = nil) {
      self.period = period
      self.scope = scope
      self.codeChanges = codeChanges
      self.asOf = asOf
    }
  }

  /// Reads one file (UTF-8 with or without BOM, or CP932), in the scope of `options.scope`.
  /// - Throws: `InputFileError` (missing/unreadable), `DataError` (malformed, with line and column).
  public static func read(path: String, options: Options = .init()) throws -> ReadResult {
    // Record files and stores can be large: tell them by their first bytes, through the memory-mapped readers.
    if RecordStore.isStore(path: path) {
      let store = try StoreReader(path: path)
      var report = ReadReport(file: path)
      report.rowsRead = store.rows
      report.rowsUsed = store.rows
      return rekeyed(ReadResult(cube: try store.cube(), report: report), options: options)
    }
    if MoveRecordReader.isRecordFile(path: path) {
      return rekeyed(try moveRecords(.file(path)), options: options)
    }
    return try read(bytes: InputFile.bytes(path), file: path, options: options)
  }

  /// Reads a file's bytes (any encoding idou knows); `file` names it in messages.
  /// - Throws: `DataError` (malformed, with line and column).
  public static func read(bytes raw: [UInt8], file path: String, options: Options = .init()) throws(DataError) -> ReadResult {
    let (bytes, encoding) = try TextEncoding.utf8(raw, file: path)
    let result: ReadResult
    switch try sniff(bytes, file: path) {
    case .moveRecords:
      do {
        result = try moveRecords(.bytes(raw, name: path))
      } catch let e as DataError {
        throw e
      } catch {
        throw DataError(file: path, line: 0, column: 0, reason: "\(error)")
      }
    case .odMatrix:
      guard let period = options.period ?? yearInFileName(path).map(Period.init(year:)) else {
        throw DataError(file: path, line: 0, column: 0,
                        reason: "a wide matrix does not say its period: give --period YYYY or YYYY-MM")
      }
      result = try ODMatrixReader(period: period, scope: options.scope).read(bytes: bytes, file: path)
    case .eStatDownload, .eStatAPI:
      result = try EStatReader().read(bytes: bytes, file: path, encoding: encoding).selecting(options.scope)
    case .tidyTable:
      result = try TidyTableReader().read(bytes: bytes, file: path).selecting(options.scope)
    case .population, .codeChanges:
      throw notCounts(path, bytes)
    case .counterpartTable:
      result = try CounterpartTableReader(scope: options.scope).read(bytes: bytes, file: path)
    case .longOriginDestination, .longAreaTotals:
      result = try LongTableReader(scope: options.scope).read(bytes: bytes, file: path)
    }
    return rekeyed(result, options: options)
  }

  /// Reads one file into a cube per population scope it holds (an e-Stat table or a tidy table may hold
  /// 移動者 and 日本人移動者; other inputs hold one scope).
  public static func readEveryScope(path: String, options: Options = .init()) throws -> (cubes: [MigrationCube], report: ReadReport) {
    if RecordStore.isStore(path: path) || MoveRecordReader.isRecordFile(path: path) {
      let one = try read(path: path, options: options)
      return ([one.cube], one.report)
    }
    // Read once: a pipe or standard input cannot be read again.
    let raw = try InputFile.bytes(path)
    let (bytes, encoding) = try TextEncoding.utf8(raw, file: path)
    let scoped: ScopedReadResult
    switch try sniff(bytes, file: path) {
    case .eStatDownload, .eStatAPI: scoped = try EStatReader().read(bytes: bytes, file: path, encoding: encoding)
    case .tidyTable: scoped = try TidyTableReader().read(bytes: bytes, file: path)
    case .population, .codeChanges: throw notCounts(path, bytes)
    default:
      let one = try read(bytes: raw, file: path, options: options)
      return ([one.cube], one.report)
    }
    var report = scoped.report
    let cubes = scoped.cubes.map { cube in
      let r = rekeyed(ReadResult(cube: cube, report: report), options: options)
      report = r.report
      return r.cube
    }
    return (cubes, report)
  }

  static func notCounts(_ path: String, _ bytes: [UInt8]) -> DataError {
    var csv = CSVReader(bytes: bytes, file: path)
    let first = (try? csv.next())?.fields.first ?? ""
    return DataError(
      file: path, line: 1, column: 1,
      reason: first == "area"
        ? "a population table (area,year,sex,population) is a denominator for rates, not counts of moves"
        : "a code-change table is not counts of moves: give it with --code-changes FILE --as-of YYYY-MM-DD")
  }

  /// Re-keys municipal codes when the options ask for it, noting what changed in the report.
  static func rekeyed(_ result: ReadResult, options: Options) -> ReadResult {
    guard let table = options.codeChanges, let date = options.asOf else { return result }
    let (cube, changed, dropped) = result.cube.rekeyed(by: table, asOf: date)
    var report = result.report
    if changed > 0 || dropped > 0 {
      report.notes.append("re-keyed to the codes of \(date): \(changed) code\(changed == 1 ? "" : "s") changed"
        + (dropped > 0 ? ", \(dropped) moves between merged municipalities now inside one (dropped)" : ""))
    }
    return ReadResult(cube: cube, report: report)
  }

  /// A move-record file as a prefecture cube, its codes checked against the bundled catalog when there is one.
  static func moveRecords(_ source: RecordSource) throws -> ReadResult {
    try MoveRecordReader(options: .init(catalog: try? MunicipalCatalog.bundled())).cube(source)
  }

  /// Reads several files into one cube (``MigrationCube/merged(_:)``), with a report per file.
  public static func read(paths: [String], options: Options = .init()) throws -> (cube: MigrationCube, reports: [ReadReport]) {
    let results = try paths.map { try read(path: $0, options: options) }
    return (try MigrationCube.merged(results.map(\.cube)), results.map(\.report))
  }

  /// Tells the format of a file (UTF-8 bytes) from its first lines.
  /// - Throws: `DataError` naming what was not understood.
  public static func sniff(_ bytes: [UInt8], file: String) throws(DataError) -> InputFormat {
    if let form = EStatReader.sniff(bytes, file: file) { return form == .download ? .eStatDownload : .eStatAPI }
    var csv = CSVReader(bytes: bytes, file: file)
    var first = try csv.next()
    while let r = first, r.fields.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { first = try csv.next() }
    guard let header = first else {
      throw DataError(file: file, line: 1, column: 1, reason: "empty file")
    }
    if (try? RecordHeader(fields: header.fields)) != nil { return .moveRecords }
    let names = header.fields.map { $0.trimmingWhitespace() }
    if names == TidyTableReader.header { return .tidyTable }
    if names == PopulationTable.header { return .population }
    if names.count >= 3, Array(names.prefix(3)) == ["old_code", "new_code", "effective_date"] { return .codeChanges }
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
                    reason: "unrecognised layout: the header '\(header.fields.prefix(6).joined(separator: ",").shown)' is not one idou reads")
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
