import IdouCore

/// The general row parser: RFC 4180 fields (quoted fields may hold commas, line breaks and `""`), any column order,
/// every date form and token ``RecordFields`` knows. Every row that a fast path does not take comes here, so this is
/// the reference: a fast path accepts a row only if this parser would, with the same record (tested).
///
/// Rules beyond RFC 4180, chosen so that nothing is lost and every row has one reading:
/// - a quote opens a quoted field only at the start of a field; elsewhere it is an ordinary byte;
/// - text after a closing quote (`"JP"x`) rejects the row, which then ends at the next line feed;
/// - a quote that is not closed before the end of the input or within ``maxRowBytes`` rejects the row at its first
///   line, and reading goes on at the next line (the lines it would have swallowed are read as rows);
/// - a row longer than ``maxRowBytes`` is rejected the same way; a CR before the LF ends a line (CRLF);
/// - an empty line is not a row.
///
/// No allocation per row: field positions go into buffers the parser owns (one parser per thread).
struct GeneralRow: ~Copyable {
  /// Rows longer than this are rejected (keeps every field offset small and a stream's carry bounded).
  static let maxRowBytes = 1 << 16
  /// Statuses that are not a row's verdict: the row needs bytes beyond the end of the data (a stream's buffer),
  /// or the line was empty.
  static let incomplete = -1, blank = -2

  let columns: UnsafeMutablePointer<RecordColumn>
  let fieldCount: Int
  let level: MoveRecordReader.Level
  let strictCodes: Bool
  let known: UnsafePointer<UInt8>?
  /// Field `k` is `[starts[k], ends[k])`; `escaped[k]` when it holds `""`.
  let starts: UnsafeMutablePointer<Int>
  let ends: UnsafeMutablePointer<Int>
  let escaped: UnsafeMutablePointer<Bool>
  let scratch: UnsafeMutablePointer<UInt8>
  static let scratchBytes = 32

  init(columns: [RecordColumn], level: MoveRecordReader.Level, strictCodes: Bool, known: UnsafePointer<UInt8>?) {
    fieldCount = columns.count
    self.columns = .allocate(capacity: max(1, columns.count))
    self.columns.initialize(from: columns, count: columns.count)
    self.level = level
    self.strictCodes = strictCodes
    self.known = known
    let slots = RecordHeader.maxColumns + 1
    starts = .allocate(capacity: slots)
    ends = .allocate(capacity: slots)
    escaped = .allocate(capacity: slots)
    scratch = .allocate(capacity: Self.scratchBytes)
  }

  deinit {
    columns.deallocate()
    starts.deallocate()
    ends.deallocate()
    escaped.deallocate()
    scratch.deallocate()
  }

  /// The outcome of one row besides its status.
  struct Step {
    /// Where the next row starts.
    var next = 0
    /// Line feeds consumed (the row's own and those inside its quoted fields).
    var lines = 0
    /// The row was too long and its line feed lies beyond the data (a stream must skip to it).
    var skipToLineFeed = false
  }

  /// Parses the row starting at `start` (`start < end`). Returns ``RowStatus`` (0 used, ``RowStatus/notInCatalog``
  /// used but a code is not in the catalog, else a problem), ``incomplete`` or ``blank``.
  ///
  /// `end` is where the readable data ends; `atEnd` says whether the input ends there too (else a row that runs
  /// into `end` is ``incomplete``).
  func parse(_ b: UnsafePointer<UInt8>, at start: Int, end: Int, atEnd: Bool, step: inout Step,
             into record: inout MoveRecord) -> Int {
    // An empty line.
    if b[start] == 0x0A {
      step = Step(next: start + 1, lines: 1)
      return Self.blank
    }
    if b[start] == 0x0D {
      if start + 1 < end {
        if b[start + 1] == 0x0A {
          step = Step(next: start + 2, lines: 1)
          return Self.blank
        }
      } else if !atEnd {
        return Self.incomplete
      }
    }
    let limit = min(end, start + Self.maxRowBytes)
    var i = start, nf = 0, lines = 0
    var problem = 0
    var resume = -1  // where a broken row ends: the row is then rejected and reading goes on after this LF
    var rowEnd = -1
    fields: while true {
      let k = min(nf, RecordHeader.maxColumns)
      if i < limit && b[i] == 0x22 {
        var j = i + 1, esc = false
        while true {
          var q = j
          while q < limit && b[q] != 0x22 {
            if b[q] == 0x0A { lines += 1 }
            q += 1
          }
          if q == limit {
            if limit == end && !atEnd { return Self.incomplete }
            problem = RowStatus.problem(limit == end ? .unterminatedQuote : .rowTooLong, column: nf + 1)
            resume = start
            break fields
          }
          if q + 1 < end && b[q + 1] == 0x22 {
            esc = true
            j = q + 2
            continue
          }
          if q + 1 == end && !atEnd { return Self.incomplete }
          starts[k] = i + 1
          ends[k] = q
          escaped[k] = esc
          i = q + 1
          break
        }
        nf += 1
        if i == end {
          if !atEnd { return Self.incomplete }
          rowEnd = end
          break fields
        }
        switch b[i] {
        case 0x2C:
          i += 1
          continue fields
        case 0x0A:
          rowEnd = i
          break fields
        case 0x0D where i + 1 < end && b[i + 1] == 0x0A:
          rowEnd = i + 1
          break fields
        case 0x0D where i + 1 == end && !atEnd:
          return Self.incomplete
        default:
          problem = RowStatus.problem(.textAfterQuote, column: nf)
          resume = i
          break fields
        }
      } else {
        var j = i
        while j < limit && b[j] != 0x2C && b[j] != 0x0A { j += 1 }
        if j == limit {
          if limit < end {
            problem = RowStatus.problem(.rowTooLong, column: 0)
            resume = start
            break fields
          }
          if !atEnd { return Self.incomplete }
          starts[k] = i
          ends[k] = j
          escaped[k] = false
          nf += 1
          rowEnd = end
          break fields
        }
        starts[k] = i
        ends[k] = b[j] == 0x0A && j > i && b[j - 1] == 0x0D ? j - 1 : j
        escaped[k] = false
        nf += 1
        if b[j] == 0x2C {
          i = j + 1
          continue fields
        }
        rowEnd = j
        break fields
      }
    }
    if resume >= 0 {
      // A broken row: it ends at the first line feed from `resume`.
      let lf = ByteScan.lineEnd(b, from: resume, end: end)
      if lf < end {
        step = Step(next: lf + 1, lines: (resume == start ? 0 : lines) + 1)
      } else {
        step = Step(next: end, lines: resume == start ? 0 : lines, skipToLineFeed: !atEnd)
      }
      return problem
    }
    step = Step(next: rowEnd < end ? rowEnd + 1 : end, lines: lines + (rowEnd < end ? 1 : 0))
    guard nf == fieldCount else { return RowStatus.problem(.fieldCount, column: 0) }
    return decode(b, into: &record)
  }

  /// The content of field `k` (quotes removed; `""` undone into the scratch buffer, where a field longer than it
  /// is cut to a length no decoder accepts).
  @inline(__always)
  func field(_ b: UnsafePointer<UInt8>, _ k: Int) -> (UnsafePointer<UInt8>, Int) {
    let s = starts[k], e = ends[k]
    guard escaped[k] else { return (b + s, e - s) }
    var i = s, n = 0
    while i < e && n < Self.scratchBytes {
      scratch[n] = b[i]
      n += 1
      i += b[i] == 0x22 ? 2 : 1
    }
    return (UnsafePointer(scratch), i < e ? Self.scratchBytes : n)
  }

  /// Decodes the fields of a row whose spans are known, in column order: the first bad field gives the status.
  func decode(_ b: UnsafePointer<UInt8>, into r: inout MoveRecord) -> Int {
    var month = -1, origin = -1, destination = -1, sex = -1
    var age = MoveRecord.unknownAge, nationality = MoveRecord.unknownNationality
    var originColumn = 0, destinationColumn = 0
    for c in 0..<fieldCount {
      let role = columns[c]
      if role == .ignored { continue }
      let (p, n) = field(b, c)
      switch role {
      case .date:
        month = RecordFields.date(p, n)
        guard month >= 0 else { return RowStatus.problem(month == -2 ? .year : .date, column: c + 1) }
      case .origin:
        origin = RecordFields.area(p, n)
        originColumn = c + 1
        guard origin >= 0 else { return RowStatus.areaProblem(origin, origin: true, column: c + 1) }
      case .destination:
        destination = RecordFields.area(p, n)
        destinationColumn = c + 1
        guard destination >= 0 else { return RowStatus.areaProblem(destination, origin: false, column: c + 1) }
      case .sex:
        sex = RecordFields.sex(p, n)
        guard sex > 0 else { return RowStatus.problem(.sex, column: c + 1) }
      case .age:
        age = RecordFields.age(p, n)
        guard age >= 0 else { return RowStatus.problem(.age, column: c + 1) }
      case .nationality:
        nationality = RecordFields.nationality(p, n)
        guard nationality >= 0 else { return RowStatus.problem(.nationality, column: c + 1) }
      case .ignored:
        break
      }
    }
    let status = RowStatus.check(origin: origin, destination: destination, originColumn: originColumn,
                                 destinationColumn: destinationColumn, level: level, known: known,
                                 strictCodes: strictCodes)
    if status == 0 || status == RowStatus.notInCatalog {
      r = MoveRecord(month: month, origin: origin, destination: destination, sex: sex, age: age,
                     nationality: nationality)
    }
    return status
  }
}

/// A row's verdict as one integer: 0 used; ``notInCatalog`` used, but a code is not in the catalog; else the
/// ``RecordProblem`` in the low byte, the 1-based column in the next, a detail (the expected check digit) above.
enum RowStatus {
  static let notInCatalog = 0xFF

  @inline(__always)
  static func problem(_ p: RecordProblem, column: Int, detail: Int = 0) -> Int {
    Int(p.rawValue) | column << 8 | detail << 16
  }

  static func areaProblem(_ code: Int, origin: Bool, column: Int) -> Int {
    switch code {
    case -2: return problem(origin ? .prefectureOrigin : .prefectureDestination, column: column)
    case ...(-10): return problem(origin ? .checkDigitOrigin : .checkDigitDestination, column: column, detail: -10 - code)
    default: return problem(origin ? .origin : .destination, column: column)
    }
  }

  /// The checks on a record's two ends, the same on every path (DESIGN §2): a move between two municipalities needs
  /// two different ones; the same prefecture code at both ends (`43,43`) is a move within that prefecture (used
  /// at prefecture level, counted as 都道府県内); at municipal level both ends must be municipalities; codes not in
  /// the catalog are kept and flagged, or rejected with `strictCodes`.
  @inline(__always)
  static func check(origin: Int, destination: Int, originColumn: Int, destinationColumn: Int,
                    level: MoveRecordReader.Level, known: UnsafePointer<UInt8>?, strictCodes: Bool) -> Int {
    if level == .municipality {
      if origin % 1000 == 0 { return problem(.prefectureAtMunicipalLevel, column: originColumn) }
      if destination % 1000 == 0 { return problem(.prefectureAtMunicipalLevel, column: destinationColumn) }
    }
    if origin == destination && origin % 1000 != 0 { return problem(.sameArea, column: destinationColumn) }
    if let known, known[origin] == 0 || known[destination] == 0 {
      if strictCodes { return problem(.notInCatalog, column: known[origin] == 0 ? originColumn : destinationColumn) }
      return notInCatalog
    }
    return 0
  }
}
