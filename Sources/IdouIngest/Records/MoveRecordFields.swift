import IdouCore

/// One move record as the engine keeps it (DESIGN §3.1): the month of the 転入届, both ends as five-digit
/// municipal codes (a record that gives only a prefecture has `13000` for 東京都), sex, age and nationality.
///
/// The day of the month is checked when given and then dropped: the report counts moves by month.
public struct MoveRecord: Hashable, Sendable {
  /// Months since 1900-01 (`0` = 1900-01): the reader keeps years 1900–2099, so this fits in `UInt16`.
  public var month: Int
  /// Five-digit code of the previous address (移動前の住所地).
  public var origin: Int
  /// Five-digit code of the new address (移動後の住所地).
  public var destination: Int
  /// 1 男, 2 女 (``Sex`` raw values).
  public var sex: Int
  /// 0–130, or ``MoveRecord/unknownAge``.
  public var age: Int
  /// ``MoveRecord/unknownNationality``, ``MoveRecord/japanese`` or ``MoveRecord/foreign``.
  public var nationality: Int

  public static let unknownAge = 255
  public static let unknownNationality = 0, japanese = 1, foreign = 2
  /// The first year a record may carry; `month` counts from its January.
  public static let firstYear = 1900
  /// Month slots 1900-01 … 2099-12.
  public static let monthSlots = 200 * 12

  public init(month: Int, origin: Int, destination: Int, sex: Int, age: Int = unknownAge,
              nationality: Int = unknownNationality) {
    self.month = month
    self.origin = origin
    self.destination = destination
    self.sex = sex
    self.age = age
    self.nationality = nationality
  }

  /// The month as a ``Period``.
  public var period: Period { MoveRecord.period(month: month) }

  /// The period of a month slot.
  public static func period(month: Int) -> Period {
    Period(year: firstYear + month / 12, month: month % 12 + 1)!
  }
  /// The month slot of a period (a month of 1900–2099).
  public static func monthSlot(_ p: Period) -> Int? {
    guard p.isMonth, (firstYear..<firstYear + 200).contains(p.year) else { return nil }
    return (p.year - firstYear) * 12 + p.month - 1
  }
}

/// Where the optional columns of a record file are, from its header `date,from,to,sex[,age][,nationality]`.
public struct MoveRecordLayout: Sendable, Equatable {
  public var fieldCount: Int
  /// 0-based field index of `age`, or -1.
  public var ageField: Int
  /// 0-based field index of `nationality`, or -1.
  public var nationalityField: Int

  /// The layout a header line declares, or `nil` when it is not a move-record header.
  public init?(header: [String]) {
    let h = header.map { $0.trimmingWhitespace().lowercased() }
    guard h.count >= 4, h.count <= 6, Array(h[0..<4]) == ["date", "from", "to", "sex"] else { return nil }
    fieldCount = h.count
    ageField = -1
    nationalityField = -1
    for i in 4..<h.count {
      switch h[i] {
      case "age" where ageField < 0: ageField = i
      case "nationality" where nationalityField < 0: nationalityField = i
      default: return nil
      }
    }
  }

  /// The canonical header for this layout.
  public var header: String {
    var names = ["date", "from", "to", "sex", "", ""]
    if ageField >= 0 { names[ageField] = "age" }
    if nationalityField >= 0 { names[nationalityField] = "nationality" }
    return names.prefix(fieldCount).joined(separator: ",")
  }
}

/// Why one record was not used. The column is the 1-based field number.
public enum RecordProblem: UInt8, Sendable, CaseIterable {
  case fieldCount = 1, date, year, origin, destination, checkDigitOrigin, checkDigitDestination,
    prefectureOrigin, prefectureDestination, sex, age, nationality, sameArea, notInCatalog, prefectureAtMunicipalLevel
}

/// Parsing of the fields of one record from raw bytes: no `String`, no allocation. Each function takes the field
/// as `base[start..<end]` and returns a value ≥ 0 or a negative code.
@usableFromInline
enum RecordFields {
  /// `x + 6` has a bit above 0xF exactly when `x` (a byte minus `0`) is not a digit 0–9: OR-ing these lets one
  /// test check several digits without branches.
  @inlinable @inline(__always)
  static func d(_ b: UInt8) -> UInt32 { UInt32(b &- 0x30) }
  @inlinable @inline(__always)
  static func bad(_ x: UInt32) -> UInt32 { x &+ 6 }

  /// Month slot of `YYYY-MM` or `YYYY-MM-DD`; -1 not a date, -2 year outside 1900–2099.
  @inlinable @inline(__always)
  static func month(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    guard n == 7 || n == 10, p[4] == 0x2D else { return -1 }
    let y0 = d(p[0]), y1 = d(p[1]), y2 = d(p[2]), y3 = d(p[3]), m0 = d(p[5]), m1 = d(p[6])
    guard (bad(y0) | bad(y1) | bad(y2) | bad(y3) | bad(m0) | bad(m1)) & ~0xF == 0 else { return -1 }
    let year = Int(y0 * 1000 + y1 * 100 + y2 * 10 + y3), m = Int(m0 * 10 + m1)
    guard m >= 1 && m <= 12 else { return -1 }
    if n == 10 {
      let a = d(p[8]), b = d(p[9])
      guard p[7] == 0x2D, (bad(a) | bad(b)) & ~0xF == 0 else { return -1 }
      let day = Int(a * 10 + b)
      guard day >= 1 && (day <= 28 || day <= Period.daysIn(year: year, month: m)) else { return -1 }
    }
    let slot = (year - MoveRecord.firstYear) * 12 + m - 1
    guard slot >= 0 && slot < MoveRecord.monthSlots else { return -2 }
    return slot
  }

  /// The five-digit code of a 2-digit prefecture, 5-digit or 6-digit (check digit verified) municipal code.
  /// -1 malformed, -2 prefecture not 01–47, -(10 + expected) bad check digit.
  @inlinable @inline(__always)
  static func area(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    switch n {
    case 2:
      let a = d(p[0]), b = d(p[1])
      guard (bad(a) | bad(b)) & ~0xF == 0 else { return -1 }
      let pref = Int(a * 10 + b)
      guard pref >= 1 && pref <= 47 else { return -2 }
      return pref * 1000
    case 5, 6:
      let a = d(p[0]), b = d(p[1]), c = d(p[2]), e = d(p[3]), f = d(p[4])
      guard (bad(a) | bad(b) | bad(c) | bad(e) | bad(f)) & ~0xF == 0 else { return -1 }
      let pref = Int(a * 10 + b)
      guard pref >= 1 && pref <= 47 else { return -2 }
      if n == 6 {
        let g = d(p[5])
        guard g < 10 else { return -1 }
        let expected = Int((11 - (6 * a + 5 * b + 4 * c + 3 * e + 2 * f) % 11) % 10)
        guard Int(g) == expected else { return -10 - expected }
      }
      return pref * 1000 + Int(c * 100 + e * 10 + f)
    default:
      return -1
    }
  }

  /// 1 男 or 2 女 from `1`/`2`, `M`/`F` (either case), 男/女 in UTF-8 (E7 94 B7, E5 A5 B3) or CP932 (92 6A, 8F 97);
  /// -1 otherwise. The CP932 byte sequences are those of Python's `cp932` codec.
  @inlinable @inline(__always)
  static func sex(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    switch n {
    case 1:
      switch p[0] {
      case 0x31, 0x4D, 0x6D: return 1
      case 0x32, 0x46, 0x66: return 2
      default: return -1
      }
    case 2:
      if p[0] == 0x92 && p[1] == 0x6A { return 1 }
      if p[0] == 0x8F && p[1] == 0x97 { return 2 }
      return -1
    case 3:
      if p[0] == 0xE7 && p[1] == 0x94 && p[2] == 0xB7 { return 1 }
      if p[0] == 0xE5 && p[1] == 0xA5 && p[2] == 0xB3 { return 2 }
      return -1
    default:
      return -1
    }
  }

  /// Age 0–130, ``MoveRecord/unknownAge`` for an empty field, -1 otherwise.
  @inlinable @inline(__always)
  static func age(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    guard n > 0 else { return MoveRecord.unknownAge }
    guard n <= 3 else { return -1 }
    var v: UInt32 = 0
    for i in 0..<n {
      let x = d(p[i])
      guard x < 10 else { return -1 }
      v = v * 10 + x
    }
    return v <= 130 ? Int(v) : -1
  }

  static let jpUTF8: [UInt8] = Array("日本人".utf8)
  static let foreignUTF8: [UInt8] = Array("外国人".utf8)
  /// 日本人 and 外国人 in CP932 (Python: `'日本人'.encode('cp932')`).
  static let jpCP932: [UInt8] = [0x93, 0xFA, 0x96, 0x7B, 0x90, 0x6C]
  static let foreignCP932: [UInt8] = [0x8A, 0x4F, 0x8D, 0x91, 0x90, 0x6C]

  /// ``MoveRecord/japanese`` for `JP` or 日本人, ``MoveRecord/foreign`` for `FOREIGN` or 外国人 (UTF-8 or CP932,
  /// ASCII in either case), ``MoveRecord/unknownNationality`` when empty, -1 otherwise.
  @inlinable @inline(__always)
  static func nationality(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    if n == 2 && p[0] | 0x20 == 0x6A && p[1] | 0x20 == 0x70 { return MoveRecord.japanese }
    if n == 0 { return MoveRecord.unknownNationality }
    return nationalitySlow(p, n)
  }

  @usableFromInline
  static func nationalitySlow(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    let b = UnsafeBufferPointer(start: p, count: n)
    if n == 7 && b.map({ $0 | 0x20 }).elementsEqual(Array("foreign".utf8)) { return MoveRecord.foreign }
    if b.elementsEqual(jpUTF8) || b.elementsEqual(jpCP932) { return MoveRecord.japanese }
    if b.elementsEqual(foreignUTF8) || b.elementsEqual(foreignCP932) { return MoveRecord.foreign }
    return -1
  }
}
