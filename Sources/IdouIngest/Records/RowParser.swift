import IdouCore

/// Parses the rows of one chunk. A value type shared read-only by all threads.
struct RowParser: @unchecked Sendable {
  let layout: MoveRecordLayout
  let level: MoveRecordReader.Level
  let strict: Bool
  let strictCodes: Bool
  /// `catalog[code] != 0` for known five-digit codes (48,000 entries), or nil for no check.
  let catalog: [UInt8]?

  /// Rows longer than this are rejected without looking at their fields (keeps field offsets small).
  static let maxRowBytes = 1 << 16
  /// Behind the parse, pages are handed back every this many bytes (bounded resident memory).
  static let releaseStride = 8 << 20

  /// Parses `file[from..<to]` (which starts at a line start and ends after a newline or at the end of the file).
  func parse<S: MoveRecordSink>(_ file: MappedFile, from: Int, to end: Int, into sink: inout S,
                                outcome: inout ChunkOutcome) {
    let base = file.base
    var p = from
    var released = from
    var lines = 0, rows = 0, used = 0, notInCatalog = 0
    var japanese = 0, foreign = 0
    var scratch: [UInt8] = []
    let commas = UnsafeMutablePointer<Int32>.allocate(capacity: 8)
    defer { commas.deallocate() }
    let canonical = layout.fieldCount == 6 && layout.ageField == 4 && layout.nationalityField == 5
    let fastEnd = file.count - 48
    withKnown { known in
      let caches = RowCaches(known: known)
      defer { caches.deallocate() }
      while p < end {
        var lineEnd = 0
        if canonical && p <= fastEnd {
          var taken = 0
          p = RowParser.canonicalRun(base, from: p, limit: min(fastEnd, end - 1, released + RowParser.releaseStride),
                                     caches: caches, into: &sink, taken: &taken, japanese: &japanese,
                                     foreign: &foreign)
          if taken > 0 {
            lines += taken
            rows += taken
            used += taken
            if p - released >= RowParser.releaseStride {
              file.release(from: released, to: p)
              released = p
            }
            continue
          }
        }
        let k = ByteScan.fields(base, from: p, end: end, commas: commas, lineEnd: &lineEnd)
        var rowEnd = lineEnd
        if rowEnd > p && base[rowEnd - 1] == 0x0D { rowEnd -= 1 }
        lines += 1
        if rowEnd > p {
          rows += 1
          var record = MoveRecord(month: 0, origin: 0, destination: 0, sex: 0)
          var status = rowEnd - p > RowParser.maxRowBytes
            ? RowParser.problem(.fieldCount, column: 0)
            : parseRow(base + p, length: rowEnd - p, commaCount: k, commas: UnsafePointer(commas), known: known,
                       safeEnd: base + file.count, into: &record)
          if status != 0, RowParser.hasQuote(base + p, rowEnd - p) {
            status = parseQuoted(base + p, length: rowEnd - p, known: known, scratch: &scratch, into: &record)
          }
          if status == 0 || status == RowParser.notInCatalogFlag {
            if status != 0 { notInCatalog += 1 }
            sink.add(record)
            used += 1
            japanese &+= record.nationality == MoveRecord.japanese ? 1 : 0
            foreign &+= record.nationality == MoveRecord.foreign ? 1 : 0
          } else {
            outcome.rejects.append(reject(status, line: lines - 1, row: base + p, length: rowEnd - p, k: k))
            if strict { break }
          }
        }
        p = lineEnd + 1
        if p - released >= RowParser.releaseStride {
          file.release(from: released, to: p)
          released = p
        }
      }
    }
    outcome.lines = lines
    outcome.rows = rows
    outcome.used = used
    outcome.rejected = rows - used
    outcome.notInCatalog = notInCatalog
    outcome.nationality = SIMD4(used - japanese - foreign, japanese, foreign, 0)
  }

  /// Takes consecutive rows from `from` by the canonical fast path while they fit it and start at or before
  /// `limit`; returns the offset after the last row taken. A separate small loop, so its few live values (offset,
  /// counts) stay in registers instead of the general loop's stack slots.
  ///
  /// Invariant: `limit <= file.count - 48` (each row's 48 readable bytes, see ``canonicalRow(_:caches:into:lineEnd:)``).
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
  /// with check digits, sex 1/2, age of 1–3 digits): field positions are known, so no separator scan is needed,
  /// and dates and codes are decoded with the SWAR word functions. Returns false for anything else, including
  /// bad values and codes not in the catalog, which then take the general path (it finds the reason).
  ///
  /// The date and the codes are looked up in the thread's ``RowCaches`` (decoded and validated on first sight,
  /// the catalog check included), so a row costs a few table loads instead of their arithmetic.
  ///
  /// Invariant: 48 bytes at `r` are readable (the caller checks `r + 48 <= end of file`); every load stays in them.
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
      age = age * 10 + Int(a1)
      q = 30
      if a2 < 10 {
        age = age * 10 + Int(a2)
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

  /// The fast path for the canonical export `YYYY-MM-DD,CCCCCC,CCCCCC,S,A,JP|FOREIGN` (full dates, 6-digit codes
  /// with check digits, sex 1/2, age of 1–3 digits): field positions are known, so no separator scan is needed,
  /// and dates and codes are decoded with the SWAR word functions. Returns false for anything else, including
  /// bad values and codes not in the catalog, which then take the general path (it finds the reason).
  ///
  /// Invariant: 48 bytes at `r` are readable (the caller checks `r + 48 <= end of file`); every load stays in them.
  /// (The uncached form: the reference the cached one is tested against.)
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
    rec = MoveRecord(month: month, origin: origin, destination: destination, sex: sex, age: age,
                     nationality: nationality)
    return true
  }

  /// Runs `body` with the catalog table's memory (or nil when there is no catalog).
  @inline(__always)
  func withKnown<R>(_ body: (UnsafePointer<UInt8>?) -> R) -> R {
    if let c = catalog { return c.withUnsafeBufferPointer { body($0.baseAddress) } }
    return body(nil)
  }

  /// Status of a row: 0 used; ``notInCatalogFlag`` used but a code is not in the catalog; else a problem in the
  /// low byte, the 1-based column in the next, a detail (expected check digit) above.
  static let notInCatalogFlag = 0xFF

  @inline(__always)
  static func problem(_ p: RecordProblem, column: Int, detail: Int = 0) -> Int {
    Int(p.rawValue) | column << 8 | detail << 16
  }

  /// Parses one row (no CR, no LF) whose comma offsets are known. The hot path.
  @inline(__always)
  func parseRow(_ row: UnsafePointer<UInt8>, length: Int, commaCount k: Int, commas: UnsafePointer<Int32>,
                known: UnsafePointer<UInt8>?, safeEnd: UnsafePointer<UInt8>, into r: inout MoveRecord) -> Int {
    guard k == layout.fieldCount - 1 else { return RowParser.problem(.fieldCount, column: 0) }
    let c0 = Int(commas[0]), c1 = Int(commas[1]), c2 = Int(commas[2])
    let c3 = k > 3 ? Int(commas[3]) : length

    // Fields that can be read as whole 8-byte words are (the row's own bytes plus what follows it in the buffer).
    let wordSafe = row + 8 <= safeEnd, n1 = c1 - c0 - 1, n2 = c2 - c1 - 1
    let month = wordSafe ? RecordFields.monthWord(row, c0) : RecordFields.month(row, c0)
    guard month >= 0 else { return RowParser.problem(month == -2 ? .year : .date, column: 1) }
    let origin = (n1 == 5 || n1 == 6) && row + c1 + 8 <= safeEnd
      ? RecordFields.areaWord(row + c0 + 1, n1) : RecordFields.area(row + c0 + 1, n1)
    guard origin >= 0 else { return RowParser.areaProblem(origin, column: 2) }
    let destination = (n2 == 5 || n2 == 6) && row + c2 + 8 <= safeEnd
      ? RecordFields.areaWord(row + c1 + 1, n2) : RecordFields.area(row + c1 + 1, n2)
    guard destination >= 0 else { return RowParser.areaProblem(destination, column: 3) }
    let sex = RecordFields.sex(row + c2 + 1, c3 - c2 - 1)
    guard sex > 0 else { return RowParser.problem(.sex, column: 4) }
    var age = MoveRecord.unknownAge, nationality = MoveRecord.unknownNationality
    if k > 3 {
      let c4 = k > 4 ? Int(commas[4]) : length
      var a = c3, b = c4
      for f in 4..<layout.fieldCount {
        if f == 5 { a = c4; b = length }
        if f == layout.ageField {
          age = RecordFields.age(row + a + 1, b - a - 1)
          guard age >= 0 else { return RowParser.problem(.age, column: f + 1) }
        } else {
          nationality = RecordFields.nationality(row + a + 1, b - a - 1)
          guard nationality >= 0 else { return RowParser.problem(.nationality, column: f + 1) }
        }
      }
    }
    guard origin != destination else { return RowParser.problem(.sameArea, column: 3) }
    if level == .municipality {
      if origin % 1000 == 0 { return RowParser.problem(.prefectureAtMunicipalLevel, column: 2) }
      if destination % 1000 == 0 { return RowParser.problem(.prefectureAtMunicipalLevel, column: 3) }
    }
    r = MoveRecord(month: month, origin: origin, destination: destination, sex: sex, age: age,
                   nationality: nationality)
    if let known, known[origin] == 0 || known[destination] == 0 {
      if strictCodes {
        return RowParser.problem(.notInCatalog, column: known[origin] == 0 ? 2 : 3)
      }
      return RowParser.notInCatalogFlag
    }
    return 0
  }

  @inline(__always)
  static func areaProblem(_ code: Int, column: Int) -> Int {
    let origin = column == 2
    switch code {
    case -2: return problem(origin ? .prefectureOrigin : .prefectureDestination, column: column)
    case ...(-10): return problem(origin ? .checkDigitOrigin : .checkDigitDestination, column: column, detail: -10 - code)
    default: return problem(origin ? .origin : .destination, column: column)
    }
  }

  static func hasQuote(_ row: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    for i in 0..<n where row[i] == 0x22 { return true }
    return false
  }

  /// The slow path for rows with quotes: removes the quotes of wholly quoted fields (`""` → `"`) and parses again.
  func parseQuoted(_ row: UnsafePointer<UInt8>, length: Int, known: UnsafePointer<UInt8>?, scratch: inout [UInt8],
                   into r: inout MoveRecord) -> Int {
    scratch = RowParser.unquoted(UnsafeBufferPointer(start: row, count: length))
    return scratch.withUnsafeBufferPointer { b in
      let commas = UnsafeMutablePointer<Int32>.allocate(capacity: 8)
      defer { commas.deallocate() }
      var lineEnd = 0
      let base = b.baseAddress ?? row
      let k = ByteScan.fieldsScalar(base, from: 0, end: b.count, commas: commas, lineEnd: &lineEnd)
      return parseRow(base, length: b.count, commaCount: k, commas: commas, known: known, safeEnd: base + b.count,
                      into: &r)
    }
  }

  /// The row with the quotes of quoted fields removed.
  static func unquoted(_ row: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(row.count)
    var i = 0
    let n = row.count
    while i <= n {
      if i < n && row[i] == 0x22 {
        i += 1
        while i < n {
          if row[i] == 0x22 {
            if i + 1 < n && row[i + 1] == 0x22 { out.append(0x22); i += 2; continue }
            i += 1
            break
          }
          out.append(row[i])
          i += 1
        }
      }
      while i < n && row[i] != 0x2C { out.append(row[i]); i += 1 }
      if i < n { out.append(0x2C) }
      i += 1
    }
    return out
  }

  /// The reject record for a row: the reason in words, naming the field text.
  func reject(_ status: Int, line: Int, row: UnsafePointer<UInt8>, length: Int, k: Int) -> MoveRecordReader.Reject {
    let text = RowParser.text(UnsafeBufferPointer(start: row, count: min(length, 200)))
    let fields = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let column = status >> 8 & 0xFF
    let field = column >= 1 && column <= fields.count ? fields[column - 1] : ""
    let reason: String
    switch RecordProblem(rawValue: UInt8(status & 0xFF)) ?? .fieldCount {
    case .fieldCount:
      reason = length > RowParser.maxRowBytes
        ? "row longer than \(RowParser.maxRowBytes) bytes"
        : "expected \(layout.fieldCount) fields (\(layout.header)), found \(k + 1)"
    case .date: reason = "'\(field)' is not a date YYYY-MM-DD or YYYY-MM"
    case .year: reason = "'\(field)': year outside 1900–2099"
    case .origin, .destination:
      reason = "'\(field)' is not an area code (2-digit prefecture, 5- or 6-digit municipal code)"
    case .prefectureOrigin, .prefectureDestination:
      reason = "'\(field)' has no prefecture 01–47 in its first two digits"
    case .checkDigitOrigin, .checkDigitDestination:
      reason = "'\(field)' has a bad check digit (expected \(status >> 16))"
    case .sex: reason = "'\(field)' is not a sex (1/2, M/F, 男/女)"
    case .age: reason = "'\(field)' is not an age 0–130"
    case .nationality: reason = "'\(field)' is not a nationality (JP/FOREIGN, 日本人/外国人)"
    case .sameArea: reason = "from and to are the same area (\(fields.count > 1 ? fields[1] : "")): not a move"
    case .notInCatalog: reason = "'\(field)' is not in the municipal catalog (--strict-codes)"
    case .prefectureAtMunicipalLevel:
      reason = "'\(field)' is a prefecture code: --level municipality needs municipal codes"
    }
    return .init(line: line, column: column, reason: reason, record: text)
  }

  /// Bytes as text for messages: UTF-8 when valid, else with CP932 tokens shown as hex.
  static func text(_ b: UnsafeBufferPointer<UInt8>) -> String {
    if let s = String(validating: b, as: UTF8.self) { return s }
    return b.map { $0 < 0x80 ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16, uppercase: true) }.joined()
  }
}
