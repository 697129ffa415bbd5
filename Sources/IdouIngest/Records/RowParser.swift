import IdouCore

/// How the rows of a record file are parsed (see ``RowParser``). Chosen by the reader from the header and the
/// first rows; tests and the benchmark package set it to compare the plans (the output never depends on it).
@_spi(Benchmarks)
public enum RecordPlan: String, Sendable, CaseIterable {
  case canonical, shaped, columns, general
}

/// Parses the rows of one chunk by the reader's plan, shared read-only by all threads.
///
/// The plan (chosen once per file from its header and first rows, see ``MoveRecordReader``):
/// - ``Plan/canonical``: the generator's export `YYYY-MM-DD,CCCCCC,CCCCCC,S,A,JP|FOREIGN` at fixed offsets
///   (``canonicalRow(_:caches:into:lineEnd:)``);
/// - ``Plan/shaped``: the fixed-width prefix of the rows (``RowShape``) checked and decoded in place, the rest as
///   under ``Plan/columns``;
/// - ``Plan/columns``: any column order, code width, date form, token spelling, quoted or not, LF or CRLF: each
///   field is found by one SWAR test per 8 bytes and decoded by its column's role, with the thread's caches
///   (``columnsRow(_:dataEnd:roles:count:caches:level:into:)``);
/// - ``Plan/general``: every row through ``GeneralRow`` (the reference; tests and benchmarks compare against it).
///
/// Under every plan, a row the fast path does not take (a quoted comma or line break, a bad value, a code not in
/// the catalog, the last bytes of the data) goes to ``GeneralRow``, which accepts or rejects it; so the output
/// never depends on the plan.
struct RowParser: Sendable {
  typealias Plan = RecordPlan

  let columns: [RecordColumn]
  let plan: Plan
  /// The rows' shape (for ``Plan/shaped``).
  let shape: RowShape
  let level: MoveRecordReader.Level
  let strict: Bool
  let strictCodes: Bool
  /// `catalog[code] != 0` for known five-digit codes (48,000 entries), or nil for no check.
  let catalog: [UInt8]?
  /// Keep the position and status of every reject (else only their number, and the first under `strict`).
  let keepRejects: Bool

  /// Behind the parse, pages of a mapped file are handed back every this many bytes (bounded resident memory).
  static let releaseStride = 8 << 20

  /// Parses the rows that start in `data[from..<limit]` (`from` is a row start) into `sink`, and returns where the
  /// row after the last one parsed starts (≥ `limit` unless the data ended in an incomplete row, a stream's
  /// buffer, or `strict` stopped at a reject).
  func parse<S: MoveRecordSink>(_ data: ScanBytes, from: Int, limit: Int, into sink: inout S,
                                outcome: inout ChunkOutcome) -> Int {
    parse(data, from: from, limit: limit, into: &sink, outcome: &outcome, paths: FastPaths.self)
  }

  /// ``parse(_:from:limit:into:outcome:)`` by the general parser alone, whatever the plan: the same records (the
  /// output never depends on the plan), for the rare re-parse of a chunk into ``Negated`` (so the fast paths,
  /// specialised per sink, are not compiled a second time for every negated sink).
  func parseGenerally<S: MoveRecordSink>(_ data: ScanBytes, from: Int, limit: Int, into sink: inout S,
                                         outcome: inout ChunkOutcome) -> Int {
    parse(data, from: from, limit: limit, into: &sink, outcome: &outcome, paths: GeneralPath.self)
  }

  /// Whether ``parse(_:from:limit:into:outcome:paths:)`` may take the plan's fast path (a constant of each
  /// specialisation, so the general-only one holds no fast path).
  protocol Paths { static var fast: Bool { get } }
  enum FastPaths: Paths { static var fast: Bool { true } }
  enum GeneralPath: Paths { static var fast: Bool { false } }

  private func parse<S: MoveRecordSink, P: Paths>(_ data: ScanBytes, from: Int, limit: Int, into sink: inout S,
                                                  outcome: inout ChunkOutcome, paths: P.Type) -> Int {
    let b = data.base, end = data.end
    var p = from, released = from
    var lines = 0, rows = 0, used = 0, notInCatalog = 0, general = 0
    var japanese = 0, foreign = 0
    let canonicalEnd = end - 48
    withKnown { known in
      let caches = RowCaches(known: known)
      defer { caches.deallocate() }
      let row = GeneralRow(columns: columns, level: level, strictCodes: strictCodes, known: known)
      let roles = row.columns
      let count = columns.count
      let checks = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, shape.checks.count))
      let ignored = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, shape.ignored.count))
      checks.initialize(from: shape.checks, count: shape.checks.count)
      ignored.initialize(from: shape.ignored, count: shape.ignored.count)
      defer {
        checks.deallocate()
        ignored.deallocate()
      }
      let refs = ShapeRefs(shape: shape, checks: checks, checkCount: shape.checks.count, ignored: ignored,
                           ignoredCount: shape.ignored.count)
      var record = MoveRecord(month: 0, origin: 0, destination: 0, sex: 0)
      while p < limit {
        if P.fast && plan != .general {
          var taken = 0
          let stop = min(limit, released + Self.releaseStride)
          if plan == .canonical {
            if p <= canonicalEnd {
              p = RowParser.canonicalRun(b, from: p, limit: min(canonicalEnd, stop - 1), caches: caches, into: &sink,
                                         taken: &taken, japanese: &japanese, foreign: &foreign)
            }
          } else if plan == .shaped {
            p = RowParser.shapeRun(b, from: p, limit: stop, dataEnd: end, shape: refs, roles: roles, count: count,
                                   caches: caches, level: level, into: &sink, taken: &taken,
                                   japanese: &japanese, foreign: &foreign)
          } else {
            p = RowParser.columnsRun(b, from: p, limit: stop, dataEnd: end, roles: roles, count: count,
                                     caches: caches, level: level, into: &sink, taken: &taken,
                                     japanese: &japanese, foreign: &foreign)
          }
          if taken > 0 {
            lines &+= taken
            rows &+= taken
            used &+= taken
            if p - released >= Self.releaseStride {
              data.release(from: released, to: p)
              released = p
            }
            continue
          }
        }
        var step = GeneralRow.Step()
        let status = row.parse(b, at: p, end: end, atEnd: data.atEnd, step: &step, into: &record)
        if status == GeneralRow.incomplete {
          outcome.incomplete = true
          break
        }
        if status != GeneralRow.blank {
          rows += 1
          general += 1
          if status == 0 || status == RowStatus.notInCatalog {
            if status != 0 { notInCatalog += 1 }
            sink.add(record)
            used += 1
            japanese &+= record.nationality == MoveRecord.japanese ? 1 : 0
            foreign &+= record.nationality == MoveRecord.foreign ? 1 : 0
          } else {
            if keepRejects || (strict && outcome.rejects.isEmpty) {
              outcome.rejects.append(RejectMark(offset: p, line: lines, status: Int32(truncatingIfNeeded: status)))
            }
            if strict {
              lines += step.lines
              p = step.next
              outcome.stoppedAtReject = true
              break
            }
          }
        }
        lines += step.lines
        p = step.next
        if step.skipToLineFeed {
          outcome.skipToLineFeed = true
          break
        }
        if p - released >= Self.releaseStride {
          data.release(from: released, to: p)
          released = p
        }
      }
    }
    outcome.lines = lines
    outcome.rows = rows
    outcome.used = used
    outcome.rejected = rows - used
    outcome.notInCatalog = notInCatalog
    outcome.general = general
    outcome.nationality = SIMD4(used - japanese - foreign, japanese, foreign, 0)
    outcome.end = p
    return p
  }

  /// Runs `body` with the catalog table's memory (or nil when there is no catalog).
  @inline(__always)
  func withKnown<R>(_ body: (UnsafePointer<UInt8>?) -> R) -> R {
    if let c = catalog { return c.withUnsafeBufferPointer { body($0.baseAddress) } }
    return body(nil)
  }

  // MARK: - The column plan

  /// Takes consecutive rows from `from` by ``columnsRow(_:dataEnd:roles:count:caches:level:into:)`` while they fit
  /// it and start before `limit`; returns the offset after the last row taken. Its own small loop, so the few live
  /// values stay in registers.
  @inline(never)
  static func columnsRun<S: MoveRecordSink>(_ base: UnsafePointer<UInt8>, from: Int, limit: Int, dataEnd: Int,
                                            roles: UnsafePointer<RecordColumn>, count: Int, caches: RowCaches,
                                            level: MoveRecordReader.Level, into sink: inout S, taken: inout Int,
                                            japanese: inout Int, foreign: inout Int) -> Int {
    var r = base + from, n = 0, nationalities = NationalityCount()
    let last = base + limit, end = base + dataEnd
    var record = MoveRecord(month: 0, origin: 0, destination: 0, sex: 0)
    while r < last {
      let length = columnsRow(r, dataEnd: end, roles: roles, count: count, caches: caches, level: level,
                              into: &record)
      if length == 0 { break }
      sink.add(record)
      n &+= 1
      nationalities.add(record.nationality)
      r += length
    }
    taken = n
    japanese &+= nationalities.japanese
    foreign &+= nationalities.foreign
    return r - base
  }

  /// One SWAR step of the field scan: the offset in the word of the first byte below `-` (0x2D) — the bytes that can
  /// end or open a field (`,` LF CR `"`) and a few that no decoded field holds (space, `!`, `#`…) — or 8.
  /// Exact for the first such byte: bytes ≥ 0x80 (UTF-8, CP932) never match, and the borrow of the subtraction
  /// reaches only bytes after a match.
  @inline(__always)
  static func stop(_ w: UInt64) -> Int {
    let m = (w &- 0x2D2D_2D2D_2D2D_2D2D) & ~w & 0x8080_8080_8080_8080
    return m.trailingZeroBitCount >> 3
  }

  /// The records of one run of a fast path by nationality, as three 21-bit counts in one word (one shift and one
  /// add a record, instead of two compares and two adds in a loop short of registers). A run reads less than
  /// ``releaseStride`` bytes (8 MB) and a row it takes has at least 8 (four fields, three commas, a line feed), so
  /// a count stays below 2^20 and never carries into the next.
  struct NationalityCount {
    var packed: UInt64 = 0

    /// Counts a record of ``MoveRecord/unknownNationality`` (0), ``MoveRecord/japanese`` (1) or
    /// ``MoveRecord/foreign`` (2).
    @inline(__always)
    mutating func add(_ nationality: Int) {
      packed &+= 1 &<< (UInt64(truncatingIfNeeded: nationality) &* 21)
    }

    var unknown: Int { Int(truncatingIfNeeded: packed & 0x1F_FFFF) }
    var japanese: Int { Int(truncatingIfNeeded: packed >> 21 & 0x1F_FFFF) }
    var foreign: Int { Int(truncatingIfNeeded: packed >> 42 & 0x1F_FFFF) }
  }

  /// The values a fast path has decoded so far.
  struct Values {
    var month = -1, origin = -1, destination = -1, sex = -1
    var age = MoveRecord.unknownAge, nationality = MoveRecord.unknownNationality

    /// The record when every needed value is there and the two ends pass the checks (see ``RowStatus/check``).
    @inline(__always)
    func record(level: MoveRecordReader.Level, into rec: inout MoveRecord) -> Bool {
      guard month >= 0, origin > 0, destination > 0, sex > 0 else { return false }
      return checkedRecord(level: level, into: &rec)
    }

    /// ``record(level:into:)`` for values known to be there (a shape's core): only the two ends' rules.
    @inline(__always)
    func checkedRecord(level: MoveRecordReader.Level, into rec: inout MoveRecord) -> Bool {
      // Two different areas at prefecture level pass every rule: only the rest pays for the rules' divisions.
      if origin == destination || level == .municipality {
        guard RowStatus.check(origin: origin, destination: destination, originColumn: 0, destinationColumn: 0,
                              level: level, known: nil, strictCodes: false) == 0
        else { return false }
      }
      rec = MoveRecord(month: month, origin: origin, destination: destination, sex: sex, age: age,
                       nationality: nationality)
      return true
    }
  }

  /// The fast path of the column plan with no fixed prefix: one row of `count` fields with the roles `roles`, ending
  /// in LF or CRLF. Returns the row's length with its line end, or 0 when the row does not fit (anything unusual:
  /// the general parser then reads it and finds the reason). Never reads at or past `dataEnd`.
  @inline(__always)
  static func columnsRow(_ r: UnsafePointer<UInt8>, dataEnd: UnsafePointer<UInt8>, roles: UnsafePointer<RecordColumn>,
                         count: Int, caches: RowCaches, level: MoveRecordReader.Level,
                         into rec: inout MoveRecord) -> Int {
    var v = Values()
    guard let end = scanFields(r, from: r, column: 0, dataEnd: dataEnd, roles: roles, count: count, caches: caches,
                               values: &v),
      v.record(level: level, into: &rec)
    else { return 0 }
    return end - r
  }

  /// Decodes fields `column..<count` of the row at `r`, the first of them starting at `q`; returns where the row
  /// ends (after its LF or CRLF), or nil when the fields do not fit.
  ///
  /// Each field: an optional opening quote, then words of 8 bytes until the first byte below `-`, which must be the
  /// closing quote (quoted field) and then `,` (or the line end after the last field). Quoted fields holding a
  /// comma, a line break or `""` do not fit and go to the general parser.
  @inline(__always)
  static func scanFields(_ r: UnsafePointer<UInt8>, from start: UnsafePointer<UInt8>, column: Int,
                         dataEnd: UnsafePointer<UInt8>, roles: UnsafePointer<RecordColumn>, count: Int,
                         caches: RowCaches, values v: inout Values) -> UnsafePointer<UInt8>? {
    var q = start
    let safe = dataEnd - 16
    var c = column
    while true {
      guard q < safe else { return nil }
      let quoted = q[0] == 0x22
      let f = quoted ? q + 1 : q
      var n = stop(UnsafeRawPointer(f).loadUnaligned(as: UInt64.self))
      if n == 8 {
        // A longer field (a date, a CP932/UTF-8 word, an ignored column): more words, within the data.
        repeat {
          guard f + n + 16 <= dataEnd, n < 64 else { return nil }
          let k = stop(UnsafeRawPointer(f + n).loadUnaligned(as: UInt64.self))
          n &+= k
          if k < 8 { break }
        } while true
      }
      var e = f + n
      let role = roles[c]
      if role == .ignored {
        // An ignored column may hold any text: a byte below `-` that does not end the field (a space; a quote or a
        // lone CR inside an unquoted field; a comma inside a quoted one) is stepped over.
        while true {
          let ch = e[0]
          if quoted {
            // A comma inside the quotes is text; a line feed (a row over several lines) and `""` are left to
            // the general parser (the closing quote must be followed by a separator, checked below).
            if ch == 0x22 { e += 1; break }
            if ch == 0x0A { return nil }
          } else if ch == 0x2C || ch == 0x0A || (ch == 0x0D && e[1] == 0x0A) {
            break
          }
          e += 1
          var k = 0
          while true {
            guard e + k + 16 <= dataEnd, e + k - r < 512 else { return nil }
            let s = stop(UnsafeRawPointer(e + k).loadUnaligned(as: UInt64.self))
            k &+= s
            if s < 8 { break }
          }
          e += k
        }
      } else {
        if quoted {
          guard e[0] == 0x22 else { return nil }
          e += 1
        }
        guard decode(role, f, n, caches: caches, values: &v) else { return nil }
      }
      c &+= 1
      if c == count {
        if e[0] == 0x0A { return e + 1 }
        if e[0] == 0x0D && e[1] == 0x0A { return e + 2 }
        return nil
      }
      guard e[0] == 0x2C else { return nil }
      q = e + 1
    }
  }

  /// Steps over the row's last field, ignored, starting at `e`; returns where the row ends (after its LF or CRLF), or
  /// nil when the field is not a plain one (the column scan then reads the row). Unquoted: any bytes up to the line
  /// end but a comma (another column), a quote or a lone CR. Quoted: any bytes but a line feed and a quote up to the
  /// closing quote, which the line end must follow (`""` inside, or a field over several lines, go to the general
  /// parser). The same fields ``scanFields(_:from:column:dataEnd:roles:count:caches:values:)`` takes for an
  /// ignored column, found by 8-byte words.
  @inline(__always)
  static func lastIgnored(_ e: UnsafePointer<UInt8>, row r: UnsafePointer<UInt8>,
                          dataEnd: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>? {
    if e[0] != 0x22 {
      var p = e
      while true {
        guard p + 16 <= dataEnd, p - r < 512 else { return nil }
        let k = stop(UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        p += k
        if k < 8 {
          let ch = p[0]
          if ch == 0x0A { return p + 1 }
          if ch == 0x2C || ch == 0x22 || ch == 0x0D { return ch == 0x0D && p[1] == 0x0A ? p + 2 : nil }
          p += 1
        }
      }
    }
    var p = e + 1
    while true {
      guard p + 16 <= dataEnd, p - r < 512 else { return nil }
      let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
      let m = ByteScan.matches(w, 0x22) | ByteScan.matches(w, 0x0A)
      if m == 0 {
        p += 8
        continue
      }
      p += m.trailingZeroBitCount >> 3
      guard p[0] == 0x22 else { return nil }
      let x = UnsafeRawPointer(p + 1).loadUnaligned(as: UInt16.self)
      if x & 0xFF == 0x0A { return p + 2 }
      return x == 0x0A0D ? p + 3 : nil
    }
  }

  /// Decodes one field by its role into `v`; false when the value is not one the fast path takes.
  @inline(__always)
  static func decode(_ role: RecordColumn, _ f: UnsafePointer<UInt8>, _ n: Int, caches: RowCaches,
                     values v: inout Values) -> Bool {
    switch role {
    case .date:
      v.month = caches.date(f, n)
      if v.month < 0 { v.month = RecordFields.date(f, n) }
      return v.month >= 0
    case .origin:
      v.origin = caches.code(f, n)
      return v.origin > 0
    case .destination:
      v.destination = caches.code(f, n)
      return v.destination > 0
    case .sex:
      v.sex = n == 1 ? caches.sex(f[0]) : RecordFields.sexWord(f, n)
      return v.sex > 0
    case .age:
      v.age = RecordFields.ageWord(f, n)
      return v.age >= 0
    case .nationality:
      v.nationality = RecordFields.nationalityWord(f, n)
      return v.nationality >= 0
    case .ignored:
      return true
    }
  }

  // MARK: - The canonical plan

  /// Takes consecutive rows from `from` by the canonical fast path while they fit it and start at or before
  /// `limit`; returns the offset after the last row taken. A separate small loop, so its few live values (offset,
  /// counts) stay in registers instead of the general loop's stack slots.
  ///
  /// Invariant: `limit <= data end - 48` (each row's 48 readable bytes, see ``canonicalRow(_:caches:into:lineEnd:)``).
  @inline(never)
  static func canonicalRun<S: MoveRecordSink>(_ base: UnsafePointer<UInt8>, from: Int, limit: Int,
                                              caches: RowCaches, into sink: inout S, taken: inout Int,
                                              japanese: inout Int, foreign: inout Int) -> Int {
    var r = base + from, n = 0, jp = 0
    let last = base + limit
    var record = MoveRecord(month: 0, origin: 0, destination: 0, sex: 0), lineEnd = 0
    while r <= last && canonicalRow(r, caches: caches, into: &record, lineEnd: &lineEnd) {
      sink.add(record)
      n &+= 1
      jp &+= record.nationality == MoveRecord.japanese ? 1 : 0
      r += lineEnd &+ 1
    }
    taken = n
    japanese &+= jp
    foreign &+= n &- jp  // the fast path takes only JP and FOREIGN
    return r - base
  }

  /// The fast path for the canonical export `YYYY-MM-DD,CCCCCC,CCCCCC,S,A,JP|FOREIGN` (full dates, 6-digit codes
  /// with check digits, sex 1/2, age of 1–3 digits): field positions are known, so no separator scan is needed.
  /// Returns false for anything else, including bad values and codes not in the catalog, which then take the
  /// general path (it finds the reason).
  ///
  /// The date and the codes are looked up in the thread's ``RowCaches`` (decoded and validated on first sight,
  /// the catalog check included), so a row costs a few table loads instead of their arithmetic.
  ///
  /// Invariant: 48 bytes at `r` are readable (the caller checks `r + 48 <= end of data`); every load stays in them.
  @inline(__always)
  static func canonicalRow(_ r: UnsafePointer<UInt8>, caches: RowCaches, into rec: inout MoveRecord,
                           lineEnd: inout Int) -> Bool {
    let tail = UnsafeRawPointer(r + 24).loadUnaligned(as: UInt32.self)  // `,S,A`
    guard r[10] == 0x2C, r[17] == 0x2C, tail & 0xFF_00FF == 0x2C_002C else { return false }
    let month = caches.month(r)
    let origin = caches.code(r + 11), destination = caches.code(r + 18)
    let sex = Int(truncatingIfNeeded: tail >> 8 & 0xFF) &- 0x30
    guard month >= 0, origin > 0, destination > 0, origin != destination, sex == 1 || sex == 2 else { return false }
    var age = 0, nationality = 0
    guard canonicalTail(r, age: &age, nationality: &nationality, lineEnd: &lineEnd) else { return false }
    rec = MoveRecord(month: month, origin: origin, destination: destination, sex: sex, age: age,
                     nationality: nationality)
    return true
  }

  /// The end of a canonical row, shared by the cached and the uncached fast path: `A,JP|FOREIGN` from byte 27
  /// (age of 1–3 digits, at most 130), then LF or CRLF. Returns false for anything else.
  ///
  /// Invariant: 48 bytes at `r` are readable; every load stays in them (FOREIGN's 8-byte load starts at ≤ 31).
  @inline(__always)
  static func canonicalTail(_ r: UnsafePointer<UInt8>, age: inout Int, nationality: inout Int,
                            lineEnd: inout Int) -> Bool {
    let a0 = RecordFields.d(r[27]), a1 = RecordFields.d(r[28]), a2 = RecordFields.d(r[29])
    guard a0 < 10 else { return false }
    age = Int(a0)
    var q = 29
    if a1 < 10 {
      age = age &* 10 &+ Int(a1)
      q = 30
      if a2 < 10 {
        age = age &* 10 &+ Int(a2)
        q = 31
        guard age <= 130 else { return false }
      }
    }
    guard r[q - 1] == 0x2C else { return false }
    let e: Int
    if r[q] == 0x4A && r[q + 1] == 0x50 {
      nationality = MoveRecord.japanese
      e = q + 2
    } else if UnsafeRawPointer(r + q).loadUnaligned(as: UInt64.self) & 0xFF_FFFF_FFFF_FFFF == 0x4E_4749_4552_4F46 {
      // FOREIGN (one load: q ≤ 31, so the 8 bytes stay in the 48 readable ones)
      nationality = MoveRecord.foreign
      e = q + 7
    } else {
      return false
    }
    if r[e] == 0x0A {
      lineEnd = e
    } else if r[e] == 0x0D && r[e + 1] == 0x0A {
      lineEnd = e + 1
    } else {
      return false
    }
    return true
  }

  /// The uncached form of ``canonicalRow(_:caches:into:lineEnd:)``: the reference the cached one is tested against.
  static func canonicalRow(_ r: UnsafePointer<UInt8>, known: UnsafePointer<UInt8>?, into rec: inout MoveRecord,
                           lineEnd: inout Int) -> Bool {
    guard r[10] == 0x2C, r[17] == 0x2C, r[24] == 0x2C, r[26] == 0x2C else { return false }
    let month = RecordFields.monthWord(r, 10)
    let origin = RecordFields.code6Word(r + 11), destination = RecordFields.code6Word(r + 18)
    let sex = Int(r[25]) - 0x30
    guard month >= 0, origin >= 0, destination >= 0, origin != destination, sex == 1 || sex == 2 else { return false }
    var age = 0, nationality = 0
    guard canonicalTail(r, age: &age, nationality: &nationality, lineEnd: &lineEnd) else { return false }
    if let known, known[origin] == 0 || known[destination] == 0 { return false }
    guard origin % 1000 != 0, destination % 1000 != 0 else { return false }  // prefecture rows go the general way
    rec = MoveRecord(month: month, origin: origin, destination: destination, sex: sex, age: age,
                     nationality: nationality)
    return true
  }
}
