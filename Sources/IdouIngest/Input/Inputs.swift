import IdouCore
import IdouIO

/// The one way in (docs/ARCHITECTURE.md §4): every input — e-Stat downloads and API CSV, wide matrices, long
/// tables, counterpart tables, tidy tables, other tools' CSVs, move records, stores, and the CSVs idou writes — is
/// read here, by the layout that recognises it.
///
/// ```swift
/// let result = try Inputs.read(path: "estat-annual-table1-2010-2025.csv")
/// result.scopes                       // [.all, .japanese, .foreign]
/// let (figures, report) = try result.selecting(.all)
/// ```
public enum Inputs {
  /// The layouts, in the order they are asked; the first that is sure wins, else the first that may be.
  public static let layouts: [any InputLayout] = [
    RecordStoreInput(), MoveRecordsInput(), EStatLayouts.Download(), EStatLayouts.API(), TidyTableReader(),
    CounterpartTableReader(), MonthlyTableCSV(), JSONTables.PrefectureTotals(), JSONTables.Flows(), NotCounts(),
    ColumnTable(), ODMatrixLayout(),
  ]

  /// The layout of an input, from its first bytes.
  /// - Throws: `DataError` naming the header when no layout recognises it.
  public static func layout(for head: InputHead, options: ReadOptions = .init()) throws(DataError) -> any InputLayout {
    if options.columns != nil { return ColumnTable() }
    var maybe: (any InputLayout)?
    for l in layouts {
      switch l.recognise(head) {
      case .sure: return l
      case .maybe where maybe == nil: maybe = l
      default: break
      }
    }
    if let maybe { return maybe }
    guard !head.records.isEmpty else {
      throw DataError(file: head.file, line: 1, column: 1, reason: head.raw.isEmpty ? "empty file" : "not a table idou reads (no CSV lines)")
    }
    let line = head.header.prefix(6).joined(separator: ",")
    throw DataError(
      file: head.file, line: 1, column: 1,
      reason: "unrecognised layout: the header '\(line.shown)' is not one idou reads (e-Stat downloads, long tables such as month,area,in,out or year,from,to,count, wide matrices, tidy tables); for another tool's CSV give --columns ROLE=COLUMN,…")
  }

  /// The name of the layout that reads some bytes (``InputLayout/name``).
  public static func layoutName(of bytes: [UInt8], file: String, options: ReadOptions = .init()) throws(DataError) -> String {
    try layout(for: InputHead(file: file, raw: bytes), options: options).name
  }

  /// Reads one input: a file, a pipe, or standard input (`-`).
  /// - Throws: `InputFileError` (missing, unreadable), `DataError` (file, line, column, reason).
  public static func read(path: String, options: ReadOptions = .init()) throws -> InputResult {
    if let bundled = BundledData.embedded(path) { return try read(bytes: bundled, file: path, options: options) }
    let source: InputSource
    do { source = try InputSource(path: path) } catch {
      throw InputFileError(path: error.path, kind: error.kind == .missing ? .missing : .unreadable, detail: error.reason)
    }
    let file = source.name
    if source.isRegularFile {
      // Look at the first bytes only: record files and stores are read by their own memory-mapped readers.
      var head = [UInt8](repeating: 0, count: InputHead.limit + 1)
      var n = 0
      var failure: FileError?
      head.withUnsafeMutableBytes { buffer in
        do throws(FileError) { n = try source.read(at: 0, into: buffer) } catch { failure = error }
      }
      if let e = failure { throw InputFileError(path: e.path, kind: .unreadable, detail: e.reason) }
      let h = InputHead(file: file, raw: Array(head[0..<n]))
      let layout = try Self.layout(for: h, options: options)
      return try finish(layout.read(InputData(file: file, path: path, bytes: nil), options: options), options: options)
    }
    let bytes: [UInt8]
    do { bytes = try source.readAll() } catch {
      throw InputFileError(path: error.path, kind: .unreadable, detail: error.reason)
    }
    return try read(bytes: bytes, file: file, options: options)
  }

  /// Reads bytes already in memory; `file` names them in messages.
  public static func read(bytes: [UInt8], file: String, options: ReadOptions = .init()) throws -> InputResult {
    let layout = try Self.layout(for: InputHead(file: file, raw: bytes), options: options)
    return try finish(layout.read(InputData(file: file, path: nil, bytes: bytes), options: options), options: options)
  }

  /// Re-keys municipal codes when the options ask for it, noting what changed.
  static func finish(_ result: InputResult, options: ReadOptions) throws -> InputResult {
    guard let table = options.codeChanges, let date = options.asOf else { return result }
    var out = result
    out.figures = try result.figures.map { f in
      switch f {
      case .flows(let flows):
        let (cube, changed, dropped) = try flows.cube().rekeyed(by: table, asOf: date)
        guard changed > 0 || dropped > 0 else { return f }
        if changed > 0 || dropped > 0 {
          out.report.notes.append("re-keyed to the codes of \(date): \(changed) code\(changed == 1 ? "" : "s") changed"
            + (dropped > 0 ? ", \(dropped) moves between merged municipalities now inside one (dropped)" : "")
            + (result.figures.count > 1 ? " [\(flows.scope.label)]" : ""))
        }
        return .flows(flows.rekeyed(into: cube))
      case .margins:
        throw DataError(file: result.report.file, line: 0, column: 0,
                        reason: "municipal code changes re-key origin–destination flows; per-area totals cannot be re-keyed (the moves between merged municipalities are not known)")
      }
    }
    return out
  }
}

/// Tables that are not counts of moves: refused with what they are and where they go.
struct NotCounts: InputLayout {
  var name: String { "population or code-change table" }

  func recognise(_ head: InputHead) -> Recognition {
    let h = head.header
    if h == PopulationTable.header { return .sure }
    if h.count >= 3, Array(h.prefix(3)) == ["old_code", "new_code", "effective_date"] { return .sure }
    return .no
  }

  func read(_ input: InputData, options: ReadOptions) throws -> InputResult {
    let head = InputHead(file: input.file, raw: try input.rawBytes())
    throw DataError(
      file: input.file, line: 1, column: 1,
      reason: head.header.first == "area"
        ? "a population table (area,year,sex,population) is a denominator for rates, not counts of moves"
        : "a code-change table is not counts of moves: give it with --code-changes FILE --as-of YYYY-MM-DD")
  }
}

/// A wide origin–destination matrix (``ODMatrixReader``): its period comes from the options or the file name.
struct ODMatrixLayout: InputLayout {
  var name: String { "wide origin–destination matrix" }

  func recognise(_ head: InputHead) -> Recognition {
    let h = head.header
    guard h.count >= 3 else { return .no }
    let areaLike = h.dropFirst().filter { t in
      (try? ODMatrixReader.area(t, file: head.file, line: 1, column: 1)) != nil
        || ([2, 5, 6].contains(t.utf8.count) && t.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 })
    }.count
    return areaLike * 2 >= h.count - 1 ? .maybe : .no
  }

  func read(_ input: InputData, options: ReadOptions) throws -> InputResult {
    guard let period = options.period ?? AnyInput.yearInFileName(input.file).map(Period.init(year:)) else {
      throw DataError(file: input.file, line: 0, column: 0,
                      reason: "a wide matrix does not say its period: give --period YYYY or YYYY-MM")
    }
    let (bytes, _) = try input.text()
    let r = try ODMatrixReader(period: period, scope: .all).read(bytes: bytes, file: input.file)
    return InputResult(figures: [.flows(FlowTable(r.cube, boundary: .prefecture))], report: r.report,
                       scopeIsStated: false)
  }
}

/// The two e-Stat forms (``EStatReader``).
enum EStatLayouts {
  struct Download: InputLayout {
    var name: String { "e-Stat database download" }
    func recognise(_ head: InputHead) -> Recognition { EStatReader.sniff(head.text, file: head.file) == .download ? .sure : .no }
    func read(_ input: InputData, options: ReadOptions) throws -> InputResult { try EStatLayouts.read(input) }
  }

  struct API: InputLayout {
    var name: String { "e-Stat API CSV" }
    func recognise(_ head: InputHead) -> Recognition { EStatReader.sniff(head.text, file: head.file) == .api ? .sure : .no }
    func read(_ input: InputData, options: ReadOptions) throws -> InputResult { try EStatLayouts.read(input) }
  }

  static func read(_ input: InputData) throws -> InputResult {
    let (bytes, encoding) = try input.text()
    return try EStatReader().read(bytes: bytes, file: input.file, encoding: encoding)
  }
}

extension TidyTableReader: InputLayout {
  public var name: String { "tidy table" }

  public func recognise(_ head: InputHead) -> Recognition {
    head.header.map { $0.lowercased() } == Self.header ? .sure : .no
  }

  public func read(_ input: InputData, options: ReadOptions) throws -> InputResult {
    try read(bytes: input.text().bytes, file: input.file)
  }
}

extension CounterpartTableReader: InputLayout {
  public var name: String { "counterpart table" }

  public func recognise(_ head: InputHead) -> Recognition { Self.matches(header: head.header) ? .sure : .no }

  public func read(_ input: InputData, options: ReadOptions) throws -> InputResult {
    let r = try CounterpartTableReader(scope: .all).read(bytes: input.text().bytes, file: input.file)
    return InputResult(figures: [.flows(FlowTable(r.cube, boundary: .prefecture))], report: r.report,
                       scopeIsStated: false)
  }
}

extension FlowTable {
  /// The flows re-keyed into a cube of new codes: its cells, the markers and stated margins of the areas that
  /// kept their code, and which margins are known (an area made of several is known when all of them were).
  func rekeyed(into cube: MigrationCube) -> FlowTable {
    var out = FlowTable(cube, boundary: boundary)
    let kept = Set(areas).intersection(cube.areas)
    var absentCells: [Cell] = []
    for c in absent {
      let o = areas[Int(c.origin)], d = areas[Int(c.destination)]
      guard kept.contains(o), kept.contains(d), let p = cube.periodIndex(periods[Int(c.period)]),
        let s = cube.sexIndex(sexes[Int(c.sex)]), let oi = cube.areas.firstIndex(of: o), let di = cube.areas.firstIndex(of: d)
      else { continue }
      absentCells.append(Cell(period: Int32(p), sex: Int32(s), origin: Int32(oi), destination: Int32(di), count: 0))
    }
    if !absentCells.isEmpty {
      out = FlowTable(periods: out.periods, areas: out.areas, sexes: out.sexes, scope: out.scope, boundary: out.boundary,
                      cells: out.cells, absent: absentCells,
                      givenLayers: out.periods.indices.flatMap { p in out.sexes.indices.map { (period: p, sex: $0) } })
    }
    out.withinGiven = withinGiven
    func known(_ flags: [Bool]?) -> [Bool]? {
      guard let flags else { return nil }
      var byArea: [Area: Bool] = [:]
      for (i, a) in areas.enumerated() { byArea[a] = flags[i] }
      // An area not in the old axes is a merger of old ones: known only if every old area is.
      return cube.areas.map { byArea[$0] ?? !flags.contains(false) }
    }
    out.inflowKnown = known(inflowKnown)
    out.outflowKnown = known(outflowKnown)
    out.stated = stated.filter { kept.contains($0.area) }
    return out
  }
}
