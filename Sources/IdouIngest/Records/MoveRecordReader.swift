import IdouCore
import IdouIO

/// The move-record reader (DESIGN §3.1), the hot path of the engine.
///
/// It reads the header (columns by name in any order, English or Japanese, UTF-8 or CP932; see ``RecordHeader``),
/// chooses a plan for the rows from the header and the first rows (``RowParser/Plan``), and parses the body in
/// parallel chunks straight from the mapped file (or from a stream's buffers) into per-thread counters: no `String`
/// and no allocation per row. Rows the plan's fast path does not take go to the general RFC 4180 parser
/// (``GeneralRow``), so the output never depends on the plan or the thread count.
///
/// Input: UTF-8 (with or without BOM) or CP932, LF or CRLF, quoted fields (with commas and line breaks inside),
/// dates `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`, `YYYY-MM` (and more, see ``RecordFields/date(_:_:)``), codes of 2, 5
/// or 6 digits, sex and nationality as digits, letters or Japanese words. Blank lines are not rows.
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
    /// Parallel chunks (threads), 1–64. The output does not depend on it.
    public var threads: Int
    public var level: Level
    /// Stop at the first bad record with a `DataError` instead of rejecting it.
    public var strict: Bool
    /// Reject records whose codes are not in the catalog (else they are kept and counted).
    public var strictCodes: Bool
    /// The municipal catalog codes are checked against (`nil`: no check).
    public var catalog: MunicipalCatalog?
    /// Keep every reject with its reason and text (else only their number, which costs nothing per row).
    public var keepRejects: Bool
    /// Bytes per window of a mapped file: rejects are handed out (and can be written) window by window.
    public var windowBytes: Int = 256 << 20
    /// Bytes per buffer of a stream (standard input, a pipe).
    public var streamBytes: Int = 16 << 20
    /// The row plan; nil chooses from the header and the first rows. Set by tests and benchmarks to compare plans.
    @_spi(Benchmarks) public var plan: RecordPlan?

    public init(threads: Int = 2, level: Level = .prefecture, strict: Bool = false, strictCodes: Bool = false,
                catalog: MunicipalCatalog? = nil, keepRejects: Bool = true) {
      self.threads = min(64, max(1, threads))
      self.level = level
      self.strict = strict
      self.strictCodes = strictCodes
      self.catalog = catalog
      self.keepRejects = keepRejects
    }
  }

  /// A record that was not used: where it is, why, and its text.
  public struct Reject: Sendable, Equatable {
    public var line: Int
    /// 1-based field number (0 for the whole row).
    public var column: Int
    public var reason: String
    /// The row as written (decoded as UTF-8 where possible; control characters shown escaped).
    public var record: String

    public init(line: Int, column: Int, reason: String, record: String) {
      self.line = line
      self.column = column
      self.reason = reason
      self.record = record
    }
  }

  public var options: Options

  public init(options: Options = .init()) { self.options = options }

  // MARK: - Entry points

  /// 転入/転出/net per month × area × sex.
  /// - Throws: `InputFileError`, `DataError` (bad header; first bad record with `strict`).
  public func aggregate(path: String) throws -> (table: MoveTable, report: ReadReport, rejects: [Reject]) {
    var rejects: [Reject] = []
    let (table, report) = try aggregate(.file(path)) { rejects += $0 }
    return (table, report, rejects)
  }

  /// 転入/転出/net per month × area × sex from any source; rejects (when kept) go to `onRejects` window by window,
  /// in file order, while the scan goes on (so a rejects file can be written without holding them all).
  public func aggregate(_ source: RecordSource, onRejects: ([Reject]) throws -> Void = { _ in })
    throws -> (table: MoveTable, report: ReadReport)
  {
    switch options.level {
    case .prefecture:
      let (sinks, tally, opened) = try scan(source, onRejects: onRejects) { PrefectureTotals() }
      let (table, within) = PrefectureTotals.table(merging: sinks)
      var report = opened.report(tally)
      if within.total > 0 {
        report.notes.append("moves within one prefecture (都道府県内; not 転入/転出 between prefectures): \(within.total)")
      }
      return (table, report)
    case .municipality:
      let (sinks, tally, opened) = try scan(source, onRejects: onRejects) { MunicipalCounts() }
      return (MunicipalCounts.table(merging: sinks), opened.report(tally))
    }
  }

  /// The records as a prefecture-level cube: sexes [男, 女], one period per month present, the scope the
  /// nationality column gives (日本人 or 外国人 when every record says so, else 移動者). Moves within one
  /// prefecture are used but are not flows between prefectures (a note counts them).
  public func cube(path: String) throws -> ReadResult {
    try cube(.file(path))
  }

  /// The records of any source as a prefecture-level cube; see ``cube(path:)``.
  public func cube(_ source: RecordSource) throws -> ReadResult {
    var o = options
    o.level = .prefecture
    o.keepRejects = false
    let (sinks, tally, opened) = try MoveRecordReader(options: o).scan(source) { PrefectureCounts() }
    let (cube, within) = try PrefectureCounts.cube(merging: sinks, scope: tally.scope, file: source.name)
    var report = opened.report(tally)
    if within.total > 0 {
      report.notes.append("moves within one prefecture (都道府県内; not 転入/転出 between prefectures): \(within.total)")
    }
    return ReadResult(cube: cube, report: report)
  }

  /// 転入, 転出 and 都道府県内 per month × prefecture × sex (総数, 男, 女), and by 5歳階級 (0～4歳 … 90歳以上)
  /// when `byAge`: the records as ``Margins`` (boundary 他都道府県). Records without an age count in the age
  /// class 総数 only; a note says how many.
  public func margins(_ source: RecordSource, byAge: Bool = false) throws -> (margins: Margins, report: ReadReport) {
    var o = options
    o.level = .prefecture
    let (sinks, tally, opened) = try MoveRecordReader(options: o).scan(source) { PrefectureMargins(byAge: byAge) }
    let (m, noAge) = PrefectureMargins.margins(merging: sinks, scope: tally.scope)
    var report = opened.report(tally)
    if byAge && noAge > 0 { report.notes.append("records without an age (in 総数 only, in no 5歳階級): \(noAge)") }
    return (m, report)
  }

  /// Every accepted record in file order (what the binary store keeps).
  public func records(path: String) throws -> (records: MoveRecords, report: ReadReport, rejects: [Reject]) {
    try records(.file(path))
  }

  /// Every accepted record of any source in file order; see ``records(path:)``.
  public func records(_ source: RecordSource) throws -> (records: MoveRecords, report: ReadReport, rejects: [Reject]) {
    var rejects: [Reject] = []
    let (sinks, tally, opened) = try scan(source, onRejects: { rejects += $0 }) { MoveRecords() }
    return (MoveRecords(concatenating: sinks), opened.report(tally), rejects)
  }

  /// Reads records into a store builder (file order), window by window, so memory stays bounded whatever the
  /// input's size; rejects (when kept) go to `onRejects` as they are found.
  public func ingest(_ source: RecordSource, into builder: StoreBuilder,
                     onRejects: ([Reject]) throws -> Void = { _ in }) throws -> ReadReport {
    var o = options
    o.windowBytes = min(o.windowBytes, Self.boundedWindowBytes)
    let reader = MoveRecordReader(options: o)
    // A window's records go to the builder on a thread of their own while the next window is parsed into a second
    // set of sinks (the builder's sorting and spilling no longer stop the parse). Records reach the builder in
    // file order all the same: one window at a time, in turn.
    let background = Parallel.Background()
    defer { background.finish() }
    var spare: [RecordWords] = []
    // Room for a thread's share of a window of 16-byte rows from the start (untouched room costs nothing; growing
    // by doubling touched and copied 7 MB more a sink: perf showed the faults).
    let capacity = o.windowBytes / (16 * max(1, o.threads))
    let (_, tally, opened) = try reader.scan(source, onRejects: onRejects,
                                             makeSink: { RecordWords(capacity: capacity) }) { sinks in
      try background.wait()  // the previous window is in the builder, and `spare` is empty again
      if spare.count != sinks.count { spare = sinks.map { _ in RecordWords(capacity: capacity) } }
      let batch = sinks
      sinks = spare
      spare = batch
      background.start {
        for s in batch {
          try builder.add(s)
          s.removeAll()
        }
      }
    }
    try background.wait()
    return opened.report(tally)
  }

  /// Whether a file starts with a move-record header.
  public static func isRecordFile(path: String) -> Bool {
    guard let f = try? MappedFile(path: path) else { return false }
    return f.withUnsafeBytes { b in
      (try? header(UnsafeRawBufferPointer(b).bindMemory(to: UInt8.self), file: path)) != nil
    }
  }

  // MARK: - The scan

  /// An opened input: its bytes, header, plan and where the body starts.
  struct Opened {
    let name: String
    let bytes: RecordBytes
    let header: RecordHeader
    let bodyStart: Int
    let plan: RowParser.Plan
    let shape: RowShape

    func report(_ tally: Tally) -> ReadReport {
      var r = ReadReport(file: name)
      r.rowsRead = tally.rows
      r.rowsUsed = tally.used
      r.rowsRejected = tally.rejected
      if tally.notInCatalog > 0 { r.notes.append("codes not in catalog: \(tally.notInCatalog)") }
      let ignored = header.ignoredNames
      if !ignored.isEmpty {
        r.notes.append("columns not used: \(ignored.count) (\(ignored.map(\.shown).joined(separator: ", ")))")
      }
      return r
    }
  }

  func open(_ source: RecordSource) throws -> Opened {
    let bytes: RecordBytes
    switch source {
    case .file(let path): bytes = .mapped(try MappedFile(path: path))
    case .bytes(let b, let name): bytes = .mapped(MappedFile(copying: b, name: name))
    case .input(let input):
      let s = StreamBuffer(input, capacity: max(options.streamBytes, 4 * GeneralRow.maxRowBytes))
      _ = try s.fill()
      bytes = .stream(s)
    }
    let name = source.name
    let (header, bodyStart): (RecordHeader, Int)
    switch bytes {
    case .mapped(let f):
      (header, bodyStart) = try f.withUnsafeBytes { try Self.header($0.bindMemory(to: UInt8.self), file: name) }
    case .stream(let s):
      (header, bodyStart) = try s.withData {
        try Self.header(UnsafeBufferPointer(start: $0.base, count: $0.end), file: name)
      }
    }
    let (chosen, shape) = choosePlan(bytes, header: header, bodyStart: bodyStart)
    return Opened(name: name, bytes: bytes, header: header, bodyStart: bodyStart, plan: options.plan ?? chosen,
                  shape: shape)
  }

  /// Parses the input in parallel chunks, one sink per worker, and returns the sinks (in file order of their
  /// chunks), the account, and the opened input.
  func scan<S: MoveRecordSink>(_ source: RecordSource, onRejects: ([Reject]) throws -> Void = { _ in },
                               makeSink: () -> S, afterWindow: (inout [S]) throws -> Void = { _ in })
    throws -> ([S], Tally, Opened)
  {
    let opened = try open(source)
    let parser = RowParser(columns: opened.header.columns, plan: opened.plan, shape: opened.shape, level: options.level,
                           strict: options.strict, strictCodes: options.strictCodes, catalog: options.catalog?.known,
                           keepRejects: options.keepRejects)
    var sinks = (0..<options.threads).map { _ in makeSink() }
    // Kept rejects are marks until their window is done: smaller windows keep them few.
    let engine = RecordScan(parser: parser, workers: options.threads,
                            windowBytes: options.keepRejects ? min(options.windowBytes, Self.boundedWindowBytes) : options.windowBytes,
                            streamBytes: options.streamBytes)
    let words = RejectWords(header: opened.header, level: options.level)
    var first: Reject?
    var bodyStart = opened.bodyStart
    if case .stream(let s) = opened.bytes {
      s.consume(bodyStart)
      bodyStart = 0
    }
    let tally = try engine.run(opened.bytes, bodyStart: bodyStart, firstLine: 2, sinks: &sinks) { window, sinks in
      var list: [Reject] = []
      for (o, line) in zip(window.outcomes, window.firstLines) {
        for m in o.rejects {
          let r = words.reject(m, firstLine: line, data: window.bytes)
          if first == nil { first = r }
          if options.keepRejects {
            list.append(r)
            // Handed out in batches, so their words never pile up.
            if list.count == 4096 {
              try onRejects(list)
              list.removeAll(keepingCapacity: true)
            }
          }
        }
      }
      if !list.isEmpty { try onRejects(list) }
      try afterWindow(&sinks)
    }
    if options.strict, let r = first {
      throw DataError(file: opened.name, line: r.line, column: r.column, reason: r.reason)
    }
    return (sinks, tally, opened)
  }

  /// Windows when what a window leaves (records for a store, rejects as marks) must stay small: 32 MB.
  static let boundedWindowBytes = 32 << 20

  /// Reads and checks the header line; returns the header and the offset of the first data line.
  static func header(_ b: UnsafeBufferPointer<UInt8>, file: String) throws -> (RecordHeader, Int) {
    var start = 0
    if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { start = 3 }
    var end = start
    while end < b.count && b[end] != 0x0A && end - start < GeneralRow.maxRowBytes { end += 1 }
    var lineEnd = end
    if lineEnd > start && b[lineEnd - 1] == 0x0D { lineEnd -= 1 }
    let line = Array(b[start..<lineEnd])
    let expected = "a move-record header: date, from, to, sex (optional age, nationality; any order; also 異動年月日, 転出元, 転入先, 性別, 年齢, 国籍)"
    do {
      let h = try RecordHeader(line: line)
      return (h, min(end + 1, b.count))
    } catch .incomplete(let why) {
      throw DataError(file: file, line: 1, column: 0, reason: "\(why); expected \(expected)")
    } catch {
      let text = String(decoding: line.prefix(120), as: UTF8.self)
      throw DataError(file: file, line: 1, column: 1, reason: "expected \(expected), found '\(text.terminalSafe)'")
    }
  }

  /// The plan for the rows, from the header and up to 64 first rows: canonical when the header is the canonical
  /// one and most first rows take that path; else the shape the first rows share (``RowShape``): `shaped` when it
  /// has a fixed prefix, `columns` when not.
  func choosePlan(_ bytes: RecordBytes, header: RecordHeader, bodyStart: Int) -> (RowParser.Plan, RowShape) {
    func sample(_ d: ScanBytes) -> (RowParser.Plan, RowShape) {
      var canonicalFit = 0, canonicalTried = 0
      if header.isCanonical {
        let caches = RowCaches(known: nil)
        defer { caches.deallocate() }
        var p = bodyStart
        var r = MoveRecord(month: 0, origin: 0, destination: 0, sex: 0), lineEnd = 0
        while canonicalTried < 16 && p + 48 <= d.end {
          canonicalTried += 1
          if RowParser.canonicalRow(d.base + p, caches: caches, into: &r, lineEnd: &lineEnd) {
            canonicalFit += 1
            p += lineEnd + 1
          } else {
            p = ByteScan.lineEnd(d.base, from: p, end: d.end) + 1
          }
        }
      }
      var samples: [[(offset: Int, width: Int, quoted: Bool)]] = []
      let row = GeneralRow(columns: header.columns, level: options.level, strictCodes: false, known: nil)
      var p = bodyStart, looked = 0
      var record = MoveRecord(month: 0, origin: 0, destination: 0, sex: 0)
      while p < d.end && looked < 64 {
        var step = GeneralRow.Step()
        let status = row.parse(d.base, at: p, end: d.end, atEnd: d.atEnd, step: &step, into: &record)
        if status == GeneralRow.incomplete { break }
        if status != GeneralRow.blank {
          looked += 1
          if (status == 0 || status == RowStatus.notInCatalog) && step.lines == 1 {
            samples.append((0..<header.fieldCount).map { k in
              // An unquoted field follows a comma or starts the row; a quoted one follows its opening quote.
              let quoted = row.starts[k] > p && d.base[row.starts[k] - 1] == 0x22
              return (row.starts[k] - p, row.ends[k] - row.starts[k], quoted)
            })
          }
        }
        p = step.next
      }
      let shape = RowShape(columns: header.columns, samples: samples)
      if canonicalTried > 0 && canonicalFit * 2 >= canonicalTried { return (.canonical, shape) }
      return (shape.fixed > 0 ? .shaped : .columns, shape)
    }
    switch bytes {
    case .mapped(let f):
      return f.withUnsafeBytes {
        sample(ScanBytes(base: $0.bindMemory(to: UInt8.self).baseAddress!, end: $0.count, atEnd: true, file: nil))
      }
    case .stream(let s): return s.withData(sample)
    }
  }
}
