import Dispatch
import IdouCore

/// Receives the records a chunk parser accepts. Each thread (chunk) has its own sink; sinks never share memory,
/// so the hot path needs no locks or atomics.
public protocol MoveRecordSink: SendableMetatype {
  mutating func add(_ record: MoveRecord)
}

/// The move-record reader (DESIGN §3.1), the hot path of the engine.
///
/// It memory-maps the file, splits the body into one chunk per thread at line boundaries, and parses the chunks in
/// parallel straight from the mapped bytes: one SWAR pass per row finds the field boundaries
/// (``ByteScan/fields(_:from:end:commas:lineEnd:)``), the fields are decoded with digit arithmetic (no `String`, no
/// allocation per row), and each accepted record goes to the chunk's private sink (a dense counter, see
/// ``PrefectureCounts`` and ``MunicipalCounts``). Results do not depend on the thread count: counts are sums, and
/// rejects and store rows are put back in file order.
///
/// Input: UTF-8 (with or without BOM) or CP932, LF or CRLF, a header `date,from,to,sex[,age][,nationality]`.
/// Quoted fields are accepted (the quotes are removed on a slow path). Blank lines are not rows.
///
/// ```swift
/// let reader = MoveRecordReader(options: .init(threads: 2))
/// let (table, report, rejects) = try reader.aggregate(path: "moves.csv")
/// print(report.summaryLine)   // moves.csv: read 10000000, used 9999998, rejected 2
/// ```
public struct MoveRecordReader: Sendable {
  /// The area level of the figures: prefecture (都道府県, default) or municipality (市区町村).
  public enum Level: String, Sendable, CaseIterable {
    case prefecture, municipality
  }

  public struct Options: Sendable {
    /// Parallel chunks (threads). The output does not depend on it.
    public var threads: Int
    public var level: Level
    /// Stop at the first bad record with a `DataError` instead of rejecting it.
    public var strict: Bool
    /// Reject records whose codes are not in the catalog (else they are kept and counted).
    public var strictCodes: Bool
    /// The municipal catalog codes are checked against (`nil`: no check).
    public var catalog: MunicipalCatalog?

    public init(threads: Int = 2, level: Level = .prefecture, strict: Bool = false, strictCodes: Bool = false,
                catalog: MunicipalCatalog? = nil) {
      self.threads = max(1, threads)
      self.level = level
      self.strict = strict
      self.strictCodes = strictCodes
      self.catalog = catalog
    }
  }

  /// A record that was not used: where it is, why, and its text.
  public struct Reject: Sendable, Equatable {
    public var line: Int
    /// 1-based field number (0 for the whole row).
    public var column: Int
    public var reason: String
    /// The row as written (decoded as UTF-8 where possible).
    public var record: String
  }

  public var options: Options

  public init(options: Options = .init()) { self.options = options }

  // MARK: - Entry points

  /// 転入/転出/net per month × area × sex.
  /// - Throws: `InputFileError`, `DataError` (bad header; first bad record with `strict`).
  public func aggregate(path: String) throws -> (table: MoveTable, report: ReadReport, rejects: [Reject]) {
    let file = try MappedFile(path: path)
    switch options.level {
    case .prefecture:
      let (sinks, tally) = try scan(file) { PrefectureCounts() }
      let (cube, within) = PrefectureCounts.cube(merging: sinks, scope: tally.scope)
      var report = tally.report(file: path)
      if within > 0 { report.notes.append("moves within one prefecture (not 転入/転出 between prefectures): \(within)") }
      return (try MoveTable(prefectureCube: cube), report, tally.rejects)
    case .municipality:
      let (sinks, tally) = try scan(file) { MunicipalCounts() }
      return (MunicipalCounts.table(merging: sinks), tally.report(file: path), tally.rejects)
    }
  }

  /// The records as a prefecture-level cube: sexes [男, 女], one period per month present, the scope the
  /// nationality column gives (日本人 or 外国人 when every record says so, else 移動者). Moves within one
  /// prefecture are used but are not flows between prefectures (a note counts them).
  public func cube(path: String) throws -> ReadResult {
    try cube(file: MappedFile(path: path))
  }

  /// The records of a mapped (or in-memory) file as a prefecture-level cube; see ``cube(path:)``.
  public func cube(file: MappedFile) throws -> ReadResult {
    var o = options
    o.level = .prefecture
    let path = file.path
    let (sinks, tally) = try MoveRecordReader(options: o).scan(file) { PrefectureCounts() }
    let (cube, within) = PrefectureCounts.cube(merging: sinks, scope: tally.scope)
    var report = tally.report(file: path)
    if within > 0 { report.notes.append("moves within one prefecture (not 転入/転出 between prefectures): \(within)") }
    return ReadResult(cube: cube, report: report)
  }

  /// Every accepted record in file order, column-wise (for the binary store).
  public func records(path: String) throws -> (columns: RecordColumns, report: ReadReport, rejects: [Reject]) {
    let file = try MappedFile(path: path)
    let (sinks, tally) = try scan(file) { RecordColumns() }
    return (RecordColumns(concatenating: sinks), tally.report(file: path), tally.rejects)
  }

  // MARK: - The parallel scan

  /// Parses the file's body in `options.threads` chunks, one fresh sink each, and returns the sinks in file order.
  public func scan<S: MoveRecordSink>(_ file: MappedFile, makeSink: () -> S) throws -> ([S], Tally) {
    let (layout, bodyStart) = try Self.header(file)
    let bounds = Self.chunkBounds(file, from: bodyStart, chunks: options.threads)
    let n = bounds.count - 1
    var sinks = (0..<n).map { _ in makeSink() }
    var outcomes = [ChunkOutcome](repeating: ChunkOutcome(), count: n)
    let parser = RowParser(layout: layout, level: options.level, strict: options.strict,
                           strictCodes: options.strictCodes, catalog: options.catalog?.known)
    sinks.withUnsafeMutableBufferPointer { sinkSlots in
      outcomes.withUnsafeMutableBufferPointer { outcomeSlots in
        let s = UncheckedSendable((sinkSlots, outcomeSlots))
        Parallel.run(n) { c in
          parser.parse(file, from: bounds[c], to: bounds[c + 1], into: &s.value.0[c], outcome: &s.value.1[c])
        }
      }
    }
    let tally = Tally(outcomes: outcomes, firstLine: 2, file: file)
    if options.strict, let first = tally.rejects.first {
      throw DataError(file: file.path, line: first.line, column: first.column, reason: first.reason)
    }
    return (sinks, tally)
  }

  /// Whether a file starts with a move-record header (`date,from,to,sex…`).
  public static func isRecordFile(path: String) -> Bool {
    guard let f = try? MappedFile(path: path) else { return false }
    return (try? header(f)) != nil
  }

  /// Reads and checks the header line; returns the layout and the offset of the first data line.
  static func header(_ file: MappedFile) throws -> (MoveRecordLayout, Int) {
    let b = file.base
    var start = 0
    if file.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { start = 3 }
    let end = ByteScan.lineEnd(b, from: start, end: file.count)
    let text = String(decoding: UnsafeBufferPointer(start: b + start, count: min(end - start, 4096)), as: UTF8.self)
    let fields = text.split(separator: ",", omittingEmptySubsequences: false).map {
      String(String($0).trimmingWhitespace().filter { $0 != "\"" })
    }
    guard file.count > start, let layout = MoveRecordLayout(header: fields) else {
      throw DataError(file: file.path, line: 1, column: 1,
                      reason: "expected the header date,from,to,sex[,age][,nationality], found '\(text.prefix(80))'")
    }
    return (layout, min(end + 1, file.count))
  }

  /// Chunk boundaries: `chunks` near-equal byte ranges, each moved forward to the start of a line.
  static func chunkBounds(_ file: MappedFile, from: Int, chunks: Int) -> [Int] {
    let len = file.count - from
    var bounds = [from]
    for i in 1..<max(1, chunks) {
      let guess = from + len / chunks * i
      let cut = guess <= from ? from : min(file.count, ByteScan.lineEnd(file.base, from: guess - 1, end: file.count) + 1)
      bounds.append(max(cut, bounds.last!))
    }
    bounds.append(file.count)
    return bounds
  }
}

/// A box that lets per-chunk slots be handed to worker threads. Sound because each thread touches only its own
/// index of each buffer and the buffers outlive `concurrentPerform`.
struct UncheckedSendable<T>: @unchecked Sendable {
  var value: T
  init(_ value: T) { self.value = value }
}

/// What one chunk saw.
struct ChunkOutcome {
  var lines = 0, rows = 0, used = 0, rejected = 0, notInCatalog = 0
  /// Used records by nationality: unknown, 日本人, 外国人.
  var nationality = SIMD4<Int>()
  var rejects: [MoveRecordReader.Reject] = []
}

/// The account of a whole scan: counts, rejects with file line numbers, and the scope the records declare.
public struct Tally: Sendable {
  public var rows = 0, used = 0, rejected = 0, notInCatalog = 0
  public var nationality = SIMD4<Int>()
  public var rejects: [MoveRecordReader.Reject] = []

  init(outcomes: [ChunkOutcome], firstLine: Int, file: MappedFile) {
    var line = firstLine
    for o in outcomes {
      rows += o.rows
      used += o.used
      rejected += o.rejected
      notInCatalog += o.notInCatalog
      nationality &+= o.nationality
      rejects += o.rejects.map { var r = $0; r.line += line; return r }
      line += o.lines
    }
  }

  /// 日本人 or 外国人 when every used record says so, else 移動者 (all).
  public var scope: PopulationScope {
    if used > 0 && nationality[1] == used { return .japanese }
    if used > 0 && nationality[2] == used { return .foreign }
    return .all
  }

  public func report(file: String) -> ReadReport {
    var r = ReadReport(file: file)
    r.rowsRead = rows
    r.rowsUsed = used
    r.rowsRejected = rejected
    if notInCatalog > 0 { r.notes.append("codes not in catalog: \(notInCatalog)") }
    return r
  }
}
