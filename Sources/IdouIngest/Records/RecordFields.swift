import IdouCore

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

  // MARK: SWAR fast paths (8 readable bytes at `p` required; each agrees with its scalar twin, see the tests)

  @usableFromInline static let highNibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
  @usableFromInline static let asciiZeros: UInt64 = 0x3030_3030_3030_3030

  /// Whether every byte selected by `mask` is an ASCII digit: its high nibble is 3, and stays 3 after adding 6.
  @inlinable @inline(__always)
  static func allDigits(_ w: UInt64, _ mask: UInt64) -> Bool {
    let v = w & mask
    let h = highNibbles & mask, z = asciiZeros & mask
    return (v & h) == z && ((v &+ (0x0606_0606_0606_0606 & mask)) & h) == z
  }

  /// ``area(_:_:)`` for 5 or 6 digits from one 8-byte load: digits checked together, pairs of digits combined
  /// in 16-bit lanes, and the check digit's weighted sum 6·d1 + 5·d2 + 4·d3 + 3·d4 + 2·d5 taken from byte 4 of
  /// one multiplication (every partial byte sum stays below 256, so no carry disturbs it).
  @inlinable @inline(__always)
  static func areaWord(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
    let mask: UInt64 = n == 6 ? 0xFFFF_FFFF_FFFF : 0xFF_FFFF_FFFF
    guard allDigits(w, mask) else { return -1 }
    let d = w & 0x0F0F_0F0F_0F0F_0F0F & mask
    let pairs = (d & 0x00FF_00FF_00FF) &* 10 &+ ((d >> 8) & 0x00FF_00FF_00FF)
    let pref = Int(pairs & 0xFFFF)
    guard pref >= 1 && pref <= 47 else { return -2 }
    if n == 6 {
      let weighted = Int(((d & 0xFF_FFFF_FFFF) &* 0x06_0504_0302) >> 32 & 0xFF)
      let expected = (11 - weighted % 11) % 10
      guard Int(d >> 40) == expected else { return -10 - expected }
    }
    return pref * 1000 + Int(pairs >> 16 & 0xFFFF) * 10 + Int(d >> 32 & 0xF)
  }

  /// The canonical row's 6-digit code (check digit included) from one 8-byte load: the five-digit code when
  /// ``area(_:_:)`` would accept it, else -1 (no reason; the general path finds it).
  ///
  /// The check digit test is folded into the same multiplication as the weighted sum: byte 5 of `d × 0x060504030201`
  /// is t = 6·d1 + 5·d2 + 4·d3 + 3·d4 + 2·d5 + 1·c (every byte sum ≤ 9·21 = 189, so no carries). With s the sum
  /// without c and r = s mod 11, c = (11 − r) mod 10 is 1 for r ∈ {0, 10}, 0 for r = 1, 11 − r otherwise; so it
  /// holds exactly when (c ≥ 1 and t ≡ 0) or (c ≤ 1 and t ≡ 1) mod 11. Each "≡" is a multiplication by the inverse
  /// of 11 mod 2³² (n is a multiple of 11 iff n·11⁻¹ mod 2³² ≤ (2³² − 1) / 11). No division, no remainder.
  /// (Checked against ``area(_:_:)`` on every six-digit string in the tests.)
  @inlinable @inline(__always)
  static func code6Word(_ p: UnsafePointer<UInt8>) -> Int {
    let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
    let mask: UInt64 = 0xFFFF_FFFF_FFFF
    let v = w & mask
    let digits = (v & 0xF0F0_F0F0_F0F0) == 0x3030_3030_3030
      && ((v &+ 0x0606_0606_0606) & 0xF0F0_F0F0_F0F0) == 0x3030_3030_3030
    let d = v & 0x0F0F_0F0F_0F0F
    let pairs = (d & 0x00FF_00FF_00FF) &* 10 &+ ((d >> 8) & 0x00FF_00FF_00FF)
    let pref = pairs & 0xFFFF
    let c = d >> 40
    let t = UInt32(truncatingIfNeeded: (d &* 0x06_0504_0302_01) >> 40 & 0xFF)
    let zero = t &* 0xBA2E_8BA3 <= 0x1745_D174, one = (t &+ 10) &* 0xBA2E_8BA3 <= 0x1745_D174
    let checked = (c >= 1 && zero) || (c <= 1 && one)
    guard digits, pref &- 1 < 47, checked else { return -1 }
    return Int(pref) * 1000 + Int(pairs >> 16 & 0xFFFF) * 10 + Int(d >> 32 & 0xF)
  }

  /// Days in a month (February 29 in leap years), inlined for the hot path.
  @inlinable @inline(__always)
  static func daysIn(year: Int, month: Int) -> Int {
    if month == 2 { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28 }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31
  }

  /// ``month(_:_:)`` with the `YYYY-MM` part from one 8-byte load.
  @inlinable @inline(__always)
  static func monthWord(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    guard n == 7 || n == 10 else { return -1 }
    let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
    guard allDigits(w, 0x00FF_FF00_FFFF_FFFF), w >> 32 & 0xFF == 0x2D else { return -1 }
    let d = w & 0x000F_0F00_0F0F_0F0F
    let pairs = (d & 0x00FF_00FF) &* 10 &+ ((d >> 8) & 0x00FF_00FF)
    let year = Int(pairs & 0xFFFF) * 100 + Int(pairs >> 16 & 0xFFFF)
    let m = Int(d >> 40 & 0xF) * 10 + Int(d >> 48 & 0xF)
    guard m >= 1 && m <= 12 else { return -1 }
    return monthSlot(year: year, month: m, p, n)
  }

  /// The month slot of a date field, in any of the forms register exports use: `YYYY-MM-DD`, `YYYY/MM/DD`,
  /// `YYYYMMDD`, `YYYY-MM`, `YYYY/MM`, `YYYYMM`, and with one-digit month or day (`2025/4/1`, `2025-4`); the day is
  /// checked against the month (February 29 only in leap years) and then dropped. -1 not a date, -2 a date whose
  /// year is outside 1900–2099. This is the reference every faster date decoder agrees with (tested).
  @usableFromInline
  static func date(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    guard n >= 6 && n <= 10 else { return -1 }
    let y0 = d(p[0]), y1 = d(p[1]), y2 = d(p[2]), y3 = d(p[3])
    guard (bad(y0) | bad(y1) | bad(y2) | bad(y3)) & ~0xF == 0 else { return -1 }
    let year = Int(y0 * 1000 + y1 * 100 + y2 * 10 + y3)
    var month = 0, day = 0, hasDay = false
    let s = p[4]
    if s == 0x2D || s == 0x2F {
      // YYYY?M[M][?D[D]] with one separator, `-` or `/`, used throughout.
      var i = 5
      func number() -> Int {
        var v = 0, k = 0
        while i < n && k < 3, case let x = d(p[i]), x < 10 { v = v * 10 + Int(x); i += 1; k += 1 }
        return k == 1 || k == 2 ? v : -1
      }
      month = number()
      guard month >= 0 else { return -1 }
      if i < n {
        guard p[i] == s else { return -1 }
        i += 1
        day = number()
        guard day >= 0, i == n else { return -1 }
        hasDay = true
      }
    } else {
      // YYYYMM or YYYYMMDD, digits only.
      guard n == 6 || n == 8 else { return -1 }
      var v = 0
      for i in 4..<n {
        let x = d(p[i])
        guard x < 10 else { return -1 }
        v = v * 10 + Int(x)
      }
      if n == 8 { month = v / 100; day = v % 100; hasDay = true } else { month = v }
    }
    guard month >= 1 && month <= 12 else { return -1 }
    if hasDay {
      guard day >= 1 && day <= daysIn(year: year, month: month) else { return -1 }
    }
    let slot = (year - MoveRecord.firstYear) * 12 + month - 1
    guard slot >= 0 && slot < MoveRecord.monthSlots else { return -2 }
    return slot
  }

  /// The month slot of a decoded year and month (1–12), after checking the day of a `YYYY-MM-DD` field
  /// (`n == 10`, bytes 7–9 of `p`); -1 not a date, -2 year outside 1900–2099. The tail both date decoders share.
  @inlinable @inline(__always)
  static func monthSlot(year: Int, month m: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    if n == 10 {
      let a = d(p[8]), b = d(p[9])
      guard p[7] == 0x2D, (bad(a) | bad(b)) & ~0xF == 0 else { return -1 }
      let day = Int(a * 10 + b)
      guard day >= 1 && (day <= 28 || day <= daysIn(year: year, month: m)) else { return -1 }
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
      let a = d(p[0]), b = d(p[1]), c = d(p[2]), e = d(p[3]), f = d(p[4]), g = n == 6 ? d(p[5]) : 0
      guard (bad(a) | bad(b) | bad(c) | bad(e) | bad(f) | bad(g)) & ~0xF == 0 else { return -1 }
      let pref = Int(a * 10 + b)
      guard pref >= 1 && pref <= 47 else { return -2 }
      if n == 6 {
        let expected = Int((11 - (6 * a + 5 * b + 4 * c + 3 * e + 2 * f) % 11) % 10)
        guard Int(g) == expected else { return -10 - expected }
      }
      return pref * 1000 + Int(c * 100 + e * 10 + f)
    default:
      return -1
    }
  }

  /// 1 男 or 2 女 from `1`/`2`, `M`/`F` (either case), 男/女 and 男性/女性 in UTF-8 or CP932; -1 otherwise. The byte
  /// sequences are those of Python's `utf-8` and `cp932` codecs (男 E7 94 B7 / 92 6A, 女 E5 A5 B3 / 8F 97,
  /// 性 E6 80 A7 / 90 AB).
  @inlinable @inline(__always)
  static func sex(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    switch n {
    case 1:
      switch p[0] {
      case 0x31, 0x4D, 0x6D: return 1
      case 0x32, 0x46, 0x66: return 2
      default: return -1
      }
    case 2, 4:
      if n == 4 && !(p[2] == 0x90 && p[3] == 0xAB) { return -1 }
      if p[0] == 0x92 && p[1] == 0x6A { return 1 }
      if p[0] == 0x8F && p[1] == 0x97 { return 2 }
      return -1
    case 3, 6:
      if n == 6 && !(p[3] == 0xE6 && p[4] == 0x80 && p[5] == 0xA7) { return -1 }
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

  /// ``age(_:_:)`` from one load (8 readable bytes at `p`): the digits checked and combined without a loop.
  @inline(__always)
  static func ageWord(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    age(word: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self), n)
  }

  /// ``age(_:_:)`` of the field whose first 8 bytes are `w` (little-endian) and whose width is `n`, without a
  /// branch on the width: the digits are shifted to the top of a 4-byte word (zeros before them), checked all at
  /// once (every byte ≤ 9) and combined by two multiplications, as a 4-digit number. A byte below `0` borrows from
  /// the bytes after it in the subtraction, but then fails its own check first.
  @inline(__always)
  static func age(word w: UInt64, _ n: Int) -> Int {
    guard UInt(bitPattern: n &- 1) < 3 else { return n == 0 ? MoveRecord.unknownAge : -1 }
    let d = (UInt32(truncatingIfNeeded: w) &- 0x3030_3030) &<< UInt32(truncatingIfNeeded: 32 &- 8 &* n)
    guard (d &+ 0x7676_7676 | d) & 0x8080_8080 == 0 else { return -1 }
    let pairs = (d &* 10 &+ d >> 8) & 0x00FF_00FF
    let v = Int(truncatingIfNeeded: (pairs &* (1 &+ 100 &<< 16)) >> 16 & 0xFFFF)  // 100 × first pair + second
    return v <= 130 ? v : -1
  }

  /// The first `min(n, 8)` bytes as a little-endian word, for comparing short tokens in one instruction.
  @inlinable @inline(__always)
  static func pack(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
    var v: UInt64 = 0
    for i in 0..<min(n, 8) { v |= UInt64(p[i]) << (8 * i) }
    return v
  }

  /// Packed tokens (little-endian words): `foreign`; 日本人 and 外国人 in CP932 (Python `'日本人'.encode('cp932')`
  /// = 93 FA 96 7B 90 6C, `'外国人'` = 8A 4F 8D 91 90 6C) and the first 8 of their 9 UTF-8 bytes (both end in BA);
  /// 日本 and 外国 in CP932 (their first 4 bytes) and UTF-8 (their first 6); the survey's codes 61000 日本人 and
  /// 62000 外国人.
  @usableFromInline static let foreignWord: UInt64 = 0x6E_6769_6572_6F66
  @usableFromInline static let jpCP932: UInt64 = 0x6C90_7B96_FA93
  @usableFromInline static let foreignCP932: UInt64 = 0x6C90_918D_4F8A
  @usableFromInline static let jpUTF8: UInt64 = 0xBAE4_AC9C_E6A5_97E6
  @usableFromInline static let foreignUTF8: UInt64 = 0xBAE4_BD9B_E596_A4E5
  @usableFromInline static let jpShortCP932: UInt64 = 0x7B96_FA93
  @usableFromInline static let foreignShortCP932: UInt64 = 0x918D_4F8A
  @usableFromInline static let jpShortUTF8: UInt64 = 0xAC9C_E6A5_97E6
  @usableFromInline static let foreignShortUTF8: UInt64 = 0xBD9B_E596_A4E5
  @usableFromInline static let code61000: UInt64 = 0x30_3030_3136
  @usableFromInline static let code62000: UInt64 = 0x30_3030_3236

  /// ``MoveRecord/japanese`` for `JP`, 日本人, 日本 or 61000; ``MoveRecord/foreign`` for `FOREIGN`, 外国人, 外国 or
  /// 62000 (words in UTF-8 or CP932, ASCII in either case); ``MoveRecord/unknownNationality`` when empty; -1
  /// otherwise.
  @inlinable @inline(__always)
  static func nationality(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    if n == 2 && p[0] | 0x20 == 0x6A && p[1] | 0x20 == 0x70 { return MoveRecord.japanese }
    return nationalityOther(p, n)
  }

  @inline(never) @usableFromInline
  static func nationalityOther(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    switch n {
    case 0: return MoveRecord.unknownNationality
    case 7: return pack(p, 7) | 0x20_2020_2020_2020 == foreignWord ? MoveRecord.foreign : -1
    case 4:
      let w = pack(p, 4)
      return w == jpShortCP932 ? MoveRecord.japanese : w == foreignShortCP932 ? MoveRecord.foreign : -1
    case 5:
      let w = pack(p, 5)
      return w == code61000 ? MoveRecord.japanese : w == code62000 ? MoveRecord.foreign : -1
    case 6:
      let w = pack(p, 6)
      switch w {
      case jpCP932, jpShortUTF8: return MoveRecord.japanese
      case foreignCP932, foreignShortUTF8: return MoveRecord.foreign
      default: return -1
      }
    case 9:
      guard p[8] == 0xBA else { return -1 }
      let w = pack(p, 8)
      return w == jpUTF8 ? MoveRecord.japanese : w == foreignUTF8 ? MoveRecord.foreign : -1
    default: return -1
    }
  }

  // MARK: Token decoders of the fast paths (16 readable bytes at `p` required; each agrees with its byte-wise twin)

  /// The first `n` bytes at `p` (n ≤ 8) as a little-endian word, by one load and a mask.
  @inline(__always)
  static func word(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
    word(UnsafeRawPointer(p).loadUnaligned(as: UInt64.self), n)
  }

  /// The first `n` bytes (n ≤ 8) of a loaded word.
  @inline(__always)
  static func word(_ w: UInt64, _ n: Int) -> UInt64 {
    n >= 8 ? w : w & ((1 &<< UInt64(8 &* n)) &- 1)
  }

  /// ``sex(_:_:)`` by one load: 男, 女, 男性, 女性 in CP932 (2, 4 bytes) or UTF-8 (3, 6 bytes); one-byte fields
  /// as ``sex(_:_:)``. The width is compared too, so a NUL inside a field cannot pass for a shorter word.
  @inline(__always)
  static func sexWord(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    let w = word(p, n)
    switch n {
    case 1: return sex(p, 1)
    case 2: return w == 0x6A92 ? 1 : w == 0x978F ? 2 : -1
    case 3: return w == 0xB7_94E7 ? 1 : w == 0xB3_A5E5 ? 2 : -1
    case 4: return w == 0xAB90_6A92 ? 1 : w == 0xAB90_978F ? 2 : -1
    case 6: return w == 0xA780_E6B7_94E7 ? 1 : w == 0xA780_E6B3_A5E5 ? 2 : -1
    default: return -1
    }
  }

  /// The words a token column of one width accepts, for a column whose width is fixed in a file (a shape's prefix):
  /// one masked load and two or four compares, instead of ``sexWord(_:_:)``'s or ``nationalityWord(_:_:)``'s switch
  /// on the width. On every field of that width it answers as they do (tested); a width they have no word of (or
  /// one the load cannot hold) is not `usable`, and the caller asks them.
  struct TokenWords: Sendable, Equatable {
    var usable = false
    var mask: UInt64 = 0
    /// Bits set before comparing (ASCII case: `JP`, `FOREIGN`).
    var fold: UInt64 = 0
    /// The words of `values.0` and of `values.1` (a word with a bit outside `mask` never matches).
    var first: (UInt64, UInt64) = (0, 0), second: (UInt64, UInt64) = (0, 0)
    var values = (0, 0)

    static func == (a: TokenWords, b: TokenWords) -> Bool {
      a.usable == b.usable && a.mask == b.mask && a.fold == b.fold && a.first == b.first && a.second == b.second
        && a.values == b.values
    }

    private init(width n: Int, fold: UInt64 = 0, _ first: [UInt64], _ second: [UInt64], values: (Int, Int)) {
      let mask: UInt64 = (1 &<< UInt64(8 * n)) &- 1
      let never = ~mask
      usable = true
      self.mask = mask
      self.fold = fold
      self.first = (first.first ?? never, first.last ?? never)
      self.second = (second.first ?? never, second.last ?? never)
      self.values = values
    }

    init() {}

    /// Sex tokens of `width` bytes (2–6; one byte goes through the caches' table).
    static func sex(width n: Int) -> TokenWords {
      switch n {
      case 2: TokenWords(width: 2, [0x6A92], [0x978F], values: (1, 2))
      case 3: TokenWords(width: 3, [0xB7_94E7], [0xB3_A5E5], values: (1, 2))
      case 4: TokenWords(width: 4, [0xAB90_6A92], [0xAB90_978F], values: (1, 2))
      case 6: TokenWords(width: 6, [0xA780_E6B7_94E7], [0xA780_E6B3_A5E5], values: (1, 2))
      default: TokenWords()
      }
    }

    /// Nationality tokens of `width` bytes (2, 4–7; empty and the 9-byte UTF-8 words go through the decoder).
    static func nationality(width n: Int) -> TokenWords {
      let (jp, fo) = (MoveRecord.japanese, MoveRecord.foreign)
      switch n {
      case 2: return TokenWords(width: 2, fold: 0x2020, [0x706A], [], values: (jp, fo))
      case 4: return TokenWords(width: 4, [jpShortCP932], [foreignShortCP932], values: (jp, fo))
      case 5: return TokenWords(width: 5, [code61000], [code62000], values: (jp, fo))
      case 6: return TokenWords(width: 6, [jpCP932, jpShortUTF8], [foreignCP932, foreignShortUTF8], values: (jp, fo))
      case 7: return TokenWords(width: 7, fold: 0x20_2020_2020_2020, [], [foreignWord], values: (jp, fo))
      default: return TokenWords()
      }
    }

    /// For sex words (``sex(width:)``: one word a value, the values 1 and 2): the sex, or 0 (not a sex), without a
    /// branch. 男 and 女 alternate at random in a register export, so ``value(_:)``'s branch on them mispredicts
    /// every other row (cachegrind branch-sim on the CP932 layout: 0.49 a row, ~45% of the loop's mispredicts).
    @inline(__always)
    func sex(_ p: UnsafePointer<UInt8>) -> Int {
      let x = (UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) & mask) | fold
      return (x == first.0 ? 1 : 0) | (x == second.0 ? 2 : 0)
    }

    /// The token's value, or -1 (8 bytes readable at `p`; only when `usable`).
    @inline(__always)
    func value(_ p: UnsafePointer<UInt8>) -> Int {
      let x = (UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) & mask) | fold
      if x == first.0 || x == first.1 { return values.0 }
      if x == second.0 || x == second.1 { return values.1 }
      return -1
    }
  }

  /// ``nationality(_:_:)`` by one load (two for the 9-byte UTF-8 words).
  @inline(__always)
  static func nationalityWord(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    nationality(word: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self), n, p)
  }

  /// ``nationality(_:_:)`` of the field at `p` of width `n` whose first 8 bytes are `w` (little-endian; `p` is read
  /// only for the 9th byte of a UTF-8 word).
  @inline(__always)
  static func nationality(word: UInt64, _ n: Int, _ p: UnsafePointer<UInt8>) -> Int {
    // `JP` (either case) first, the common token: no mask, no switch on the width.
    if n == 2 { return word & 0xDFDF == 0x504A ? MoveRecord.japanese : -1 }
    let w = self.word(word, n)
    switch n {
    case 0: return MoveRecord.unknownNationality
    case 7: return w | 0x20_2020_2020_2020 == foreignWord ? MoveRecord.foreign : -1
    case 4: return w == jpShortCP932 ? MoveRecord.japanese : w == foreignShortCP932 ? MoveRecord.foreign : -1
    case 5: return w == code61000 ? MoveRecord.japanese : w == code62000 ? MoveRecord.foreign : -1
    case 6:
      switch w {
      case jpCP932, jpShortUTF8: return MoveRecord.japanese
      case foreignCP932, foreignShortUTF8: return MoveRecord.foreign
      default: return -1
      }
    case 9:
      guard p[8] == 0xBA else { return -1 }
      return w == jpUTF8 ? MoveRecord.japanese : w == foreignUTF8 ? MoveRecord.foreign : -1
    default: return -1
    }
  }
}
