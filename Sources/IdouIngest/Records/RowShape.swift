import IdouCore

/// The shape of a file's rows as its first rows show it: the longest prefix of columns whose width (and quoting)
/// is the same in every sampled row, so their fields sit at fixed offsets. A row of that shape is checked by a few
/// byte compares (its separators and quotes) and its prefix fields are decoded in place, with no scanning; the
/// columns after the prefix are scanned (``RowParser/scanFields(_:from:column:dataEnd:roles:count:caches:values:)``).
///
/// A register export usually has fixed-width dates, codes and sex, so only the age and the nationality are scanned.
/// A row that does not have the shape (a one-digit age where the sample had two, a quoted comma…) is tried by the
/// plain column scan and then by the general parser: the shape only decides how fast a row is read, never how.
struct RowShape: Sendable, Equatable {
  /// Leading columns skipped by a scan before the fixed prefix (0 or 1): an ignored first column of varying width,
  /// such as a record number (`ID,異動年月日,…`). Offsets below are from the byte after its comma.
  var lead = 0
  /// Columns in the fixed prefix, counting the lead (0: every field is scanned).
  var fixed = 0
  /// Where column `fixed` starts; when every column is fixed, where the line end is.
  var tailStart = 0
  /// Bytes the prefix must hold, as `offset << 8 | byte`: the separator after each fixed column, the quotes of
  /// quoted ones. Those in the first 64 bytes are also in `masks`/`expected` (checked as four or eight words at
  /// once); `checks` keeps only the others.
  var checks: [UInt32] = []
  /// Per word of the first 32 bytes: which bytes are checked, and what they must hold.
  var masks: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
  var expected: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
  /// The same for bytes 32–63, checked only when `wide` (some checked byte is there: a quoted export's prefix, or
  /// the last comma of a CP932 export's), bytes 40–63 only when `wideRest` too (one word more is cheaper than four).
  var wideMasks: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
  var wideExpected: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
  var wide = false, wideRest = false
  /// The widths of the date and of both codes when the date, the two codes (of one width) and the sex are all in
  /// the fixed prefix, in a form the row loop has a specialisation for (``FieldWidth``): date 10 (`YYYY-MM-DD`,
  /// `YYYY/MM/DD`), 8 (`YYYYMMDD`), 7 (`YYYY-MM`) or 6 (`YYYYMM`), codes 6, 5 or 2. Nil: the loop reads the widths.
  var core: (date: Int, code: Int)? = nil
  /// Bytes from the row start that must be readable for the shape's loads.
  var reach = 0
  /// Ignored fixed columns as `offset << 8 | width`: they must hold no byte that could end a field.
  var ignored: [UInt32] = []
  /// How the columns after the prefix are read: a tail the reader has its own loop for, or the general scan.
  var tail = Tail.scan
  /// Whether the tail's fields are quoted in every sampled row (a quoted export), so its loop expects the quotes;
  /// false when they are quoted in none. Fields quoted in some rows only make the tail ``Tail/scan``.
  var tailQuoted = false
  /// Offset and width of each role's content in the prefix (offset -1: the role is scanned, or absent).
  var date = (-1, 0), origin = (-1, 0), destination = (-1, 0), sex = (-1, 0), age = (-1, 0), nationality = (-1, 0)
  /// The words of the prefix's sex and nationality at their widths (when it holds them).
  var sexWords = RecordFields.TokenWords(), nationalityWords = RecordFields.TokenWords()

  /// The columns after the fixed prefix, as the row loop is specialised for them.
  enum Tail: Sendable, Equatable {
    /// None: the prefix is the whole row.
    case none
    /// The age, last.
    case age
    /// The age, then the nationality, last.
    case ageNationality
    /// The age, then one ignored column, last (a note): stepped over to the line end, not scanned field by field.
    case ageThenIgnored
    /// The age, then other columns (scanned by their roles).
    case ageThenScan
    /// Anything else: every field scanned by its role.
    case scan

    init(_ rest: ArraySlice<RecordColumn>) {
      switch Array(rest) {
      case []: self = .none
      case [.age]: self = .age
      case [.age, .nationality]: self = .ageNationality
      case [.age, .ignored]: self = .ageThenIgnored
      case let r where r.first == .age: self = .ageThenScan
      default: self = .scan
      }
    }
  }

  static func == (a: RowShape, b: RowShape) -> Bool {
    a.lead == b.lead && a.fixed == b.fixed && a.tail == b.tail && a.tailStart == b.tailStart && a.checks == b.checks && a.ignored == b.ignored
      && a.tailQuoted == b.tailQuoted
      && a.masks == b.masks && a.expected == b.expected && a.reach == b.reach && a.wide == b.wide
      && a.wideRest == b.wideRest
      && a.wideMasks == b.wideMasks && a.wideExpected == b.wideExpected && a.core?.date == b.core?.date
      && a.core?.code == b.core?.code && a.sexWords == b.sexWords && a.nationalityWords == b.nationalityWords
      && a.date == b.date && a.origin == b.origin && a.destination == b.destination && a.sex == b.sex
      && a.age == b.age && a.nationality == b.nationality
  }

  /// The widest prefix this reader handles (offsets fit the checks' 24 bits with room to spare).
  static let maxPrefixBytes = 256

  /// The shape of the sampled rows: for each column, its content offset, width and quoting in each row. When the
  /// first column is an ignored one of varying width, unquoted (a record number), the shape is taken after it.
  init(columns: [RecordColumn], samples: [[(offset: Int, width: Int, quoted: Bool)]]) {
    self.init(fixedFrom: columns, samples: samples)
    defer {
      tail = Tail(columns[fixed...])
      // The quoting of the tail's fields (the lead, when there is one, is counted in `fixed` and never quoted); a
      // last ignored column (a note) is stepped over quoted or not, so only the age's counts there.
      let quoted = tail == .ageThenIgnored ? samples.map { [$0[fixed]] } : samples.map { Array($0[fixed...]) }
      let quoting = Set(quoted.flatMap { $0.map(\.quoted) })
      tailQuoted = quoting == [true]
      if quoting.count > 1 {
        switch tail {
        case .age, .ageNationality: tail = .scan
        case .ageThenIgnored: tail = .ageThenScan
        default: break
        }
      }
    }
    guard fixed == 0, columns.count > 1, columns[0] == .ignored, !samples.isEmpty,
      samples.allSatisfy({ !$0[0].quoted && $0[0].width <= 32 })
    else { return }
    let rebased = samples.map { s in
      let start = s[0].offset + s[0].width + 1
      return s.dropFirst().map { (offset: $0.offset - start, width: $0.width, quoted: $0.quoted) }
    }
    var after = RowShape(fixedFrom: Array(columns.dropFirst()), samples: rebased)
    guard after.fixed > 0 else { return }
    after.lead = 1
    after.fixed += 1
    self = after
  }

  private init(fixedFrom columns: [RecordColumn], samples: [[(offset: Int, width: Int, quoted: Bool)]]) {
    guard let first = samples.first else { return }
    var k = 0
    while k < columns.count {
      let f = first[k]
      guard samples.allSatisfy({ $0[k].width == f.width && $0[k].quoted == f.quoted && $0[k].offset == f.offset }),
        f.width <= 64, f.offset + f.width + 2 <= Self.maxPrefixBytes
      else { break }
      k += 1
    }
    guard k > 0 else { return }
    fixed = k
    for c in 0..<k {
      let f = first[c]
      if f.quoted {
        checks.append(UInt32(f.offset - 1) << 8 | 0x22)
        checks.append(UInt32(f.offset + f.width) << 8 | 0x22)
      }
      let after = f.offset + f.width + (f.quoted ? 1 : 0)
      if c < columns.count - 1 { checks.append(UInt32(after) << 8 | 0x2C) }
      tailStart = after + (c < columns.count - 1 ? 1 : 0)
      let place = (f.offset, f.width)
      switch columns[c] {
      case .date: date = place
      case .origin: origin = place
      case .destination: destination = place
      case .sex:
        sex = place
        sexWords = .sex(width: f.width)
      case .age: age = place
      case .nationality:
        nationality = place
        nationalityWords = .nationality(width: f.width)
      case .ignored: ignored.append(UInt32(f.offset) << 8 | UInt32(f.width))
      }
    }
    var masks = [UInt64](repeating: 0, count: 8), expected = [UInt64](repeating: 0, count: 8)
    checks = checks.filter { x in
      let at = Int(x >> 8)
      guard at < 64 else { return true }
      masks[at / 8] |= 0xFF << UInt64(8 * (at % 8))
      expected[at / 8] |= UInt64(x & 0xFF) << UInt64(8 * (at % 8))
      return false
    }
    self.masks = (masks[0], masks[1], masks[2], masks[3])
    self.expected = (expected[0], expected[1], expected[2], expected[3])
    wideMasks = (masks[4], masks[5], masks[6], masks[7])
    wideExpected = (expected[4], expected[5], expected[6], expected[7])
    wide = masks[4...].contains { $0 != 0 }
    wideRest = masks[5...].contains { $0 != 0 }
    reach = max(tailStart + 16, wideRest ? 64 : wide ? 40 : 32)
    if date.0 >= 0, origin.0 >= 0, destination.0 >= 0, sex.0 >= 0, origin.1 == destination.1,
      [10, 8, 7, 6].contains(date.1), [6, 5, 2].contains(origin.1)
    {
      core = (date.1, origin.1)
    }
  }
}

extension RowParser {
  /// Takes consecutive rows from `from` by the shape (then, for a row that does not have it, by the plain column
  /// scan) while they fit and start before `limit`; returns the offset after the last row taken. The loop is
  /// specialised for the shape's tail (``RowShape/Tail``).
  static func shapeRun<S: MoveRecordSink>(_ base: UnsafePointer<UInt8>, from: Int, limit: Int, dataEnd: Int,
                                          shape: ShapeRefs, roles: UnsafePointer<RecordColumn>, count: Int,
                                          caches: RowCaches, level: MoveRecordReader.Level, into sink: inout S,
                                          taken: inout Int, japanese: inout Int, foreign: inout Int) -> Int {
    // One loop per tail × date width × code width (eight tail loops × 13 width pairs = 104 per sink, and two for a
    // scanned tail): the widths as constants cut 15–20% of a row's instructions (callgrind: 2-digit `YYYY-MM` rows
    // 240 → 193, quoted exports 386 → 353). A tail scanned field by field costs more than the widths save, so it
    // keeps one loop that reads them from the shape.
    func run<T: ShapeTail>(_ tail: T.Type, widths: Bool = true) -> Int {
      func go<D: FieldWidth, C: FieldWidth>(_ d: D.Type, _ c: C.Type) -> Int {
        shapeRun(tail, d, c, base, from: from, limit: limit, dataEnd: dataEnd, shape: shape, roles: roles,
                 count: count, caches: caches, level: level, into: &sink, taken: &taken, japanese: &japanese,
                 foreign: &foreign)
      }
      func code<D: FieldWidth>(_ d: D.Type, _ width: Int) -> Int {
        switch width {
        case 6: return go(d, Width6.self)
        case 5: return go(d, Width5.self)
        default: return go(d, Width2.self)
        }
      }
      switch shape.shape.core {
      case nil: return go(AnyWidth.self, AnyWidth.self)
      case let core?:
        guard widths else { return go(AnyCore.self, AnyCore.self) }
        switch core.date {
        case 10: return code(Width10.self, core.code)
        case 8: return code(Width8.self, core.code)
        case 7: return code(Width7.self, core.code)
        default: return code(Width6.self, core.code)
        }
      }
    }
    let quoted = shape.shape.tailQuoted
    switch shape.shape.tail {
    case .none: return run(NoTail.self)
    case .age: return quoted ? run(AgeTail<QuotedFields>.self) : run(AgeTail<PlainFields>.self)
    case .ageNationality:
      return quoted ? run(AgeNationalityTail<QuotedFields>.self) : run(AgeNationalityTail<PlainFields>.self)
    case .ageThenIgnored:
      return quoted ? run(AgeThenIgnoredTail<QuotedFields>.self) : run(AgeThenIgnoredTail<PlainFields>.self)
    case .ageThenScan: return run(AgeThenScanTail.self)
    case .scan: return run(ScanTail.self, widths: false)
    }
  }

  @inline(never)
  static func shapeRun<S: MoveRecordSink, T: ShapeTail, D: FieldWidth, C: FieldWidth>(
    _ tail: T.Type, _ date: D.Type, _ code: C.Type, _ base: UnsafePointer<UInt8>, from: Int, limit: Int,
    dataEnd: Int, shape: ShapeRefs, roles: UnsafePointer<RecordColumn>, count: Int, caches: RowCaches,
    level: MoveRecordReader.Level, into sink: inout S, taken: inout Int, japanese: inout Int, foreign: inout Int
  ) -> Int {
    var r = base + from, n = 0, nationalities = NationalityCount()
    let last = base + limit, end = base + dataEnd
    while r < last {
      // A record of this iteration whose address never leaves the loop (the column scan's is returned by value),
      // so its fields stay in registers: passed to an outlined call, it was stored to the stack on every row.
      var record = MoveRecord(month: 0, origin: 0, destination: 0, sex: 0)
      var length = shapeRow(T.self, D.self, C.self, r, dataEnd: end, shape: shape, roles: roles, count: count,
                            caches: caches, level: level, into: &record)
      if length == 0 {
        (length, record) = columnsRowOutlined(r, dataEnd: end, roles: roles, count: count, caches: caches,
                                              level: level)
        if length == 0 { break }
      }
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

  @inline(never)
  static func columnsRowOutlined(_ r: UnsafePointer<UInt8>, dataEnd: UnsafePointer<UInt8>,
                                 roles: UnsafePointer<RecordColumn>, count: Int, caches: RowCaches,
                                 level: MoveRecordReader.Level) -> (length: Int, record: MoveRecord) {
    var rec = MoveRecord(month: 0, origin: 0, destination: 0, sex: 0)
    let n = columnsRow(r, dataEnd: dataEnd, roles: roles, count: count, caches: caches, level: level, into: &rec)
    return (n, rec)
  }

  /// A ``RowShape`` as the hot loop reads it: its lists as pointers (valid while the shape lives).
  struct ShapeRefs {
    let shape: RowShape
    let checks: UnsafePointer<UInt32>
    let checkCount: Int
    let ignored: UnsafePointer<UInt32>
    let ignoredCount: Int
  }

  /// One row by the shape: the prefix's separators and quotes checked in place, its fields decoded at their
  /// offsets, the rest scanned. Returns the row's length with its line end, or 0.
  @inline(__always)
  static func shapeRow<T: ShapeTail, D: FieldWidth, C: FieldWidth>(
    _ tail: T.Type, _ date: D.Type, _ code: C.Type, _ r: UnsafePointer<UInt8>, dataEnd: UnsafePointer<UInt8>,
    shape s: ShapeRefs, roles: UnsafePointer<RecordColumn>, count: Int, caches: RowCaches,
    level: MoveRecordReader.Level, into rec: inout MoveRecord
  ) -> Int {
    // With fixed widths (the shape's `core`), the date, both codes and the sex are in the prefix: their presence
    // is known and their widths are constants of this specialisation, so the lookups' width switches fold away.
    let core = D.isFixed && C.isFixed
    let t = s.shape
    let row = r
    var r = r
    if t.lead > 0 {
      // The lead column: bytes up to its comma (a byte below `-` that is not a comma: not this shape).
      var n = 0
      while true {
        guard r + n + 8 <= dataEnd, n < 32 else { return 0 }
        let k = stop(UnsafeRawPointer(r + n).loadUnaligned(as: UInt64.self))
        n &+= k
        if k < 8 { break }
      }
      guard r[n] == 0x2C else { return 0 }
      r += n + 1
    }
    guard r + t.reach <= dataEnd else { return 0 }
    let w = UnsafeRawPointer(r)
    let d0 = (w.loadUnaligned(as: UInt64.self) & t.masks.0) ^ t.expected.0
    let d1 = (w.loadUnaligned(fromByteOffset: 8, as: UInt64.self) & t.masks.1) ^ t.expected.1
    let d2 = (w.loadUnaligned(fromByteOffset: 16, as: UInt64.self) & t.masks.2) ^ t.expected.2
    let d3 = (w.loadUnaligned(fromByteOffset: 24, as: UInt64.self) & t.masks.3) ^ t.expected.3
    guard d0 | d1 | d2 | d3 == 0 else { return 0 }
    if t.wide {
      var e = (w.loadUnaligned(fromByteOffset: 32, as: UInt64.self) & t.wideMasks.0) ^ t.wideExpected.0
      if t.wideRest {
        let e1 = (w.loadUnaligned(fromByteOffset: 40, as: UInt64.self) & t.wideMasks.1) ^ t.wideExpected.1
        let e2 = (w.loadUnaligned(fromByteOffset: 48, as: UInt64.self) & t.wideMasks.2) ^ t.wideExpected.2
        let e3 = (w.loadUnaligned(fromByteOffset: 56, as: UInt64.self) & t.wideMasks.3) ^ t.wideExpected.3
        e |= e1 | e2 | e3
      }
      guard e == 0 else { return 0 }
    }
    // (`while` loops: a `for` over `0..<count` checks its range on every row, though both lists are usually empty.)
    var i = 0
    while i < s.checkCount {
      let x = s.checks[i]
      guard r[Int(x >> 8)] == UInt8(truncatingIfNeeded: x) else { return 0 }
      i &+= 1
    }
    i = 0
    while i < s.ignoredCount {
      let x = s.ignored[i], at = Int(x >> 8), width = Int(x & 0xFF)
      var k = 0
      while k < width {
        guard stop(UnsafeRawPointer(r + at + k).loadUnaligned(as: UInt64.self)) >= min(8, width - k) else { return 0 }
        k += 8
      }
      i &+= 1
    }
    var v = Values()
    if core || t.date.0 >= 0 {
      v.month = caches.date(r + t.date.0, D.width(t.date.1))
      if v.month < 0 {
        v.month = RecordFields.date(r + t.date.0, t.date.1)
        guard v.month >= 0 else { return 0 }
      }
    }
    if core || t.origin.0 >= 0 {
      v.origin = caches.code(r + t.origin.0, C.width(t.origin.1))
      guard v.origin > 0 else { return 0 }
    }
    if core || t.destination.0 >= 0 {
      v.destination = caches.code(r + t.destination.0, C.width(t.destination.1))
      guard v.destination > 0 else { return 0 }
    }
    if core || t.sex.0 >= 0 {
      v.sex = t.sex.1 == 1 ? caches.sex(r[t.sex.0])
        : t.sexWords.usable ? t.sexWords.sex(r + t.sex.0) : RecordFields.sexWord(r + t.sex.0, t.sex.1)
      guard v.sex > 0 else { return 0 }
    }
    if t.age.0 >= 0 {
      v.age = RecordFields.ageWord(r + t.age.0, t.age.1)
      guard v.age >= 0 else { return 0 }
    }
    if t.nationality.0 >= 0 {
      v.nationality = t.nationalityWords.usable
        ? t.nationalityWords.value(r + t.nationality.0)
        : RecordFields.nationalityWord(r + t.nationality.0, t.nationality.1)
      guard v.nationality >= 0 else { return 0 }
    }
    guard let end = T.read(r, from: r + t.tailStart, column: t.fixed, dataEnd: dataEnd, roles: roles, count: count,
                           caches: caches, values: &v)
    else { return 0 }
    // With a core, every core value was decoded and checked above: only the two ends' rules remain.
    guard core ? v.checkedRecord(level: level, into: &rec) : v.record(level: level, into: &rec) else { return 0 }
    return end - row
  }
}

/// The width of a fixed-prefix field as the row loop knows it: a constant of the specialisation (so the lookups'
/// switches on the width fold away) or, for ``AnyWidth`` and ``AnyCore``, the shape's value read at run time.
protocol FieldWidth {
  /// Whether the loop runs on a shape with a ``RowShape/core`` (the date, both codes and the sex in its prefix, so
  /// their presence need not be checked row by row).
  static var isFixed: Bool { get }
  /// The width: the constant, or `shape` (the width the shape recorded).
  static func width(_ shape: Int) -> Int
}

enum AnyWidth: FieldWidth {
  static var isFixed: Bool { false }
  @inline(__always) static func width(_ shape: Int) -> Int { shape }
}

/// The widths read from the shape, for a shape whose date, codes and sex are all in its prefix (their presence is
/// known: only their widths are not constants).
enum AnyCore: FieldWidth {
  static var isFixed: Bool { true }
  @inline(__always) static func width(_ shape: Int) -> Int { shape }
}

/// A width that is a constant of the loop's specialisation.
protocol ConstantWidth: FieldWidth {
  static var constant: Int { get }
}

extension ConstantWidth {
  static var isFixed: Bool { true }
  @inline(__always) static func width(_: Int) -> Int { constant }
}

enum Width10: ConstantWidth { static var constant: Int { 10 } }
enum Width8: ConstantWidth { static var constant: Int { 8 } }
enum Width7: ConstantWidth { static var constant: Int { 7 } }
enum Width6: ConstantWidth { static var constant: Int { 6 } }
enum Width5: ConstantWidth { static var constant: Int { 5 } }
enum Width2: ConstantWidth { static var constant: Int { 2 } }

/// The columns after a shape's fixed prefix, read by a loop of their own (``RowShape/Tail``): each returns where
/// the row ends (after its LF or CRLF), or nil when the row does not fit (the column scan then tries it).
protocol ShapeTail {
  static func read(_ r: UnsafePointer<UInt8>, from q: UnsafePointer<UInt8>, column: Int, dataEnd: UnsafePointer<UInt8>,
                   roles: UnsafePointer<RecordColumn>, count: Int, caches: RowCaches,
                   values v: inout RowParser.Values) -> UnsafePointer<UInt8>?
}

extension ShapeTail {
  /// After the last field: LF or CRLF, by one 16-bit load (2 bytes readable at `e`).
  @inline(__always)
  static func lineEnd(_ e: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>? {
    let x = UnsafeRawPointer(e).loadUnaligned(as: UInt16.self)
    if x & 0xFF == 0x0A { return e + 1 }
    if x == 0x0A0D { return e + 2 }
    return nil
  }

  /// A short field at `q` (quoted or not, at most 8 bytes, no comma inside): its content and where it ends.
  /// Needs 16 readable bytes at `q`.
  @inline(__always)
  static func shortField(_ q: UnsafePointer<UInt8>) -> (start: UnsafePointer<UInt8>, width: Int, end: UnsafePointer<UInt8>)? {
    let quoted = q[0] == 0x22
    let f = quoted ? q + 1 : q
    let n = RowParser.stop(UnsafeRawPointer(f).loadUnaligned(as: UInt64.self))
    guard n < 8 else { return nil }
    var e = f + n
    if quoted {
      guard e[0] == 0x22 else { return nil }
      e += 1
    }
    return (f, n, e)
  }

  /// The age field at `q` into `v`; where the field ends, or nil when it is not an age. Needs 16 readable bytes.
  @inline(__always)
  static func age(_ q: UnsafePointer<UInt8>, _ v: inout RowParser.Values) -> UnsafePointer<UInt8>? {
    guard let a = shortField(q) else { return nil }
    v.age = RecordFields.ageWord(a.start, a.width)
    return v.age >= 0 ? a.end : nil
  }
}

/// Whether the fields of a shape's tail are quoted (``RowShape/tailQuoted``): a constant of the tail's loop, so a
/// quoted export's row checks each quote where it must be instead of asking whether it is there.
protocol TailQuoting {
  static var quoted: Bool { get }
}

enum PlainFields: TailQuoting { static var quoted: Bool { false } }
enum QuotedFields: TailQuoting { static var quoted: Bool { true } }

extension TailQuoting {
  /// Where the content of the tail's first field starts (after its opening quote), or nil.
  @inline(__always)
  static func open(_ q: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>? {
    guard quoted else { return q }
    return q[0] == 0x22 ? q + 1 : nil
  }

  /// From the end `c` of a field's content to the content of the next: `","` or `,` by one load (4 readable bytes).
  @inline(__always)
  static func next(_ c: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>? {
    if quoted { return UnsafeRawPointer(c).loadUnaligned(as: UInt32.self) & 0xFF_FFFF == 0x22_2C22 ? c + 3 : nil }
    return c[0] == 0x2C ? c + 1 : nil
  }

  /// From the end `c` of the last field's content to the next row: `"` (when quoted) and LF or CRLF, by one load
  /// (4 readable bytes).
  @inline(__always)
  static func close(_ c: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>? {
    let x = UnsafeRawPointer(c).loadUnaligned(as: UInt32.self)
    if quoted {
      if x & 0xFFFF == 0x0A22 { return c + 2 }
      return x & 0xFF_FFFF == 0x0A_0D22 ? c + 3 : nil
    }
    if x & 0xFF == 0x0A { return c + 1 }
    return x & 0xFFFF == 0x0A0D ? c + 2 : nil
  }

  /// The tail's first field, the age, at `q` into `v`: where its content ends (before a closing quote), or nil when
  /// it is not an age of this quoting. Needs 16 readable bytes at `q`.
  @inline(__always)
  static func age(_ q: UnsafePointer<UInt8>, _ v: inout RowParser.Values) -> UnsafePointer<UInt8>? {
    guard let f = open(q) else { return nil }
    let a = content(f)
    v.age = RecordFields.age(word: a.word, a.width)
    return v.age >= 0 ? f + a.width : nil
  }

  /// The width of a field's content at `f` (up to the first byte below `-`; 8 or more: not a short field) and its
  /// first 8 bytes.
  @inline(__always)
  static func content(_ f: UnsafePointer<UInt8>) -> (word: UInt64, width: Int) {
    let w = UnsafeRawPointer(f).loadUnaligned(as: UInt64.self)
    return (w, RowParser.stop(w))
  }
}

/// The prefix is the whole row.
enum NoTail: ShapeTail {
  @inline(__always)
  static func read(_ r: UnsafePointer<UInt8>, from q: UnsafePointer<UInt8>, column: Int, dataEnd: UnsafePointer<UInt8>,
                   roles: UnsafePointer<RecordColumn>, count: Int, caches: RowCaches,
                   values v: inout RowParser.Values) -> UnsafePointer<UInt8>? {
    lineEnd(q)
  }
}

/// The age, last (`…,34` or, quoted, `…,"34"`; empty: unknown).
enum AgeTail<Q: TailQuoting>: ShapeTail {
  @inline(__always)
  static func read(_ r: UnsafePointer<UInt8>, from q: UnsafePointer<UInt8>, column: Int, dataEnd: UnsafePointer<UInt8>,
                   roles: UnsafePointer<RecordColumn>, count: Int, caches: RowCaches,
                   values v: inout RowParser.Values) -> UnsafePointer<UInt8>? {
    guard q < dataEnd - 16, let c = Q.age(q, &v) else { return nil }
    return Q.close(c)
  }
}

/// The age, then the nationality, last (`…,34,JP` or, quoted, `…,"34","JP"`).
enum AgeNationalityTail<Q: TailQuoting>: ShapeTail {
  @inline(__always)
  static func read(_ r: UnsafePointer<UInt8>, from q: UnsafePointer<UInt8>, column: Int, dataEnd: UnsafePointer<UInt8>,
                   roles: UnsafePointer<RecordColumn>, count: Int, caches: RowCaches,
                   values v: inout RowParser.Values) -> UnsafePointer<UInt8>? {
    guard q < dataEnd - 32, let c = Q.age(q, &v), let g = Q.next(c) else { return nil }
    let b = Q.content(g)
    v.nationality = RecordFields.nationality(word: b.word, b.width, g)
    guard v.nationality >= 0 else { return nil }
    return Q.close(g + b.width)
  }
}

/// The age, then one ignored column, last (`…,34,転居`, `…,34,"転居, 世帯主"`: a register export's note): the note is
/// stepped over to the line end (``RowParser/lastIgnored(_:row:dataEnd:)``), never decoded.
enum AgeThenIgnoredTail<Q: TailQuoting>: ShapeTail {
  @inline(__always)
  static func read(_ r: UnsafePointer<UInt8>, from q: UnsafePointer<UInt8>, column: Int, dataEnd: UnsafePointer<UInt8>,
                   roles: UnsafePointer<RecordColumn>, count: Int, caches: RowCaches,
                   values v: inout RowParser.Values) -> UnsafePointer<UInt8>? {
    guard q < dataEnd - 16, var e = Q.age(q, &v) else { return nil }
    // The note's quoting varies from row to row: only the age's closing quote is known.
    if Q.quoted {
      guard e[0] == 0x22 else { return nil }
      e += 1
    }
    guard e[0] == 0x2C else { return nil }
    return RowParser.lastIgnored(e + 1, row: r, dataEnd: dataEnd)
  }
}

/// The age, then other columns scanned by their roles (`…,34,転居` with a note or a record number after it).
enum AgeThenScanTail: ShapeTail {
  @inline(__always)
  static func read(_ r: UnsafePointer<UInt8>, from q: UnsafePointer<UInt8>, column: Int, dataEnd: UnsafePointer<UInt8>,
                   roles: UnsafePointer<RecordColumn>, count: Int, caches: RowCaches,
                   values v: inout RowParser.Values) -> UnsafePointer<UInt8>? {
    guard q < dataEnd - 16, let e = age(q, &v), e[0] == 0x2C else { return nil }
    return RowParser.scanFields(r, from: e + 1, column: column + 1, dataEnd: dataEnd, roles: roles, count: count,
                                caches: caches, values: &v)
  }
}

/// Any other columns: each scanned by its role.
enum ScanTail: ShapeTail {
  @inline(__always)
  static func read(_ r: UnsafePointer<UInt8>, from q: UnsafePointer<UInt8>, column: Int, dataEnd: UnsafePointer<UInt8>,
                   roles: UnsafePointer<RecordColumn>, count: Int, caches: RowCaches,
                   values v: inout RowParser.Values) -> UnsafePointer<UInt8>? {
    RowParser.scanFields(r, from: q, column: column, dataEnd: dataEnd, roles: roles, count: count, caches: caches,
                         values: &v)
  }
}
