/// Per-thread memo tables of the canonical fast path (``RowParser/canonicalRow(_:caches:into:lineEnd:)``): a file
/// of millions of records has only ~1,900 distinct area codes and a few dozen distinct `YYYY-MM-` prefixes, so
/// decoding and validating each of them once and looking the result up afterwards cuts most of a row's work.
///
/// What is cached is only what the uncached decoders accept, keyed by the field's exact bytes, so a lookup answers
/// exactly as ``RecordFields/code6Word(_:)`` (plus the catalog check) and ``RecordFields/monthWord(_:_:)`` would
/// (tested against them on random rows with repeats and noise). Owned by one thread; never shared.
///
/// Invariants: every slot of `codes` (8,192; two-slot buckets chosen by the top bits of a multiplicative hash) is
/// 0 (empty) or `code << 48 | key`, where `key` is the six bytes of a code field (little-endian) that `code6Word`
/// accepts with value `code` (1000…47999, so ≠ 0) and that is in the catalog; an empty slot matches only the key 0
/// and then yields 0, which callers treat as "not a code". Every month slot (512, indexed by the year's last digit
/// and the month's digits) is 0/0 (empty) or holds the 8 bytes `YYYY-MM-` of a prefix with its month slot and the
/// set of its valid day fields (bit `(tens & 3) << 4 | units` for each day 01…days in the month; empty for an
/// invalid prefix), so an empty or invalid slot lets no day pass. Lookups read 8 bytes at the field (the caller
/// guarantees they are readable, as for the word decoders).
struct RowCaches {
  /// 4,096 buckets of two slots (both in one cache line), 64 KB: ~1,900 codes leave ~1% of buckets with three or
  /// more. Half the table it was (16,384 slots): its loads were the hot loop's main stall once the counts were small,
  /// and the smaller table was 5–20% faster on one thread (measured on every layout, interleaved runs).
  static let codeSlots = 8192
  /// The hash's top 13 bits index a slot (`1 << (64 - codeShift) == codeSlots`, tested); a literal, so the hot path
  /// needs no lazy global.
  static let codeShift: UInt64 = 51
  static let monthSlots = 512
  static let monthGather: UInt64 = 1 << 40 | 1 << 28 | 1 << 21
  static let keyMask: UInt64 = 0xFFFF_FFFF_FFFF

  /// All tables in one zeroed allocation (one base register on the hot path): codes, month keys, month day sets
  /// (8 bytes a slot each), then month slots (2 bytes).
  let memory: UnsafeMutableRawPointer
  static let monthKeysOffset = codeSlots * 8
  static let monthDaysOffset = monthKeysOffset + monthSlots * 8
  static let monthSlotOffset = monthDaysOffset + monthSlots * 8
  /// The field-date tables of the column plan (``date(_:_:)``): keys, day sets (8 bytes each), slots (2 bytes).
  static let dateSlots = 1024
  static let dateKeysOffset = monthSlotOffset + monthSlots * 2
  static let dateDaysOffset = dateKeysOffset + dateSlots * 8
  static let dateSlotOffset = dateDaysOffset + dateSlots * 8
  /// Sex of a one-byte field (``RecordFields/sex(_:_:)`` of every byte), 256 bytes.
  static let sexOffset = dateSlotOffset + dateSlots * 2
  /// The catalog as one bit a code (48,000 bits, 6 KB; all set when there is no catalog).
  static let knownBitsOffset = sexOffset + 256
  /// Two-digit prefecture fields: the prefecture (1–47) of each two-byte value when the catalog knows it, else 0
  /// (64 KB, of which the 47 lines of `0`–`4` digits are ever read).
  static let pairOffset = knownBitsOffset + 48_000 / 8
  static let byteCount = pairOffset + 65_536

  var codes: UnsafeMutablePointer<UInt64> { memory.assumingMemoryBound(to: UInt64.self) }
  var monthKeys: UnsafeMutablePointer<UInt64> {
    (memory + Self.monthKeysOffset).assumingMemoryBound(to: UInt64.self)
  }
  /// The month's valid day fields, one bit each (see the invariant).
  var monthDays: UnsafeMutablePointer<UInt64> {
    (memory + Self.monthDaysOffset).assumingMemoryBound(to: UInt64.self)
  }
  var monthSlot: UnsafeMutablePointer<UInt16> {
    (memory + Self.monthSlotOffset).assumingMemoryBound(to: UInt16.self)
  }
  var dateKeys: UnsafeMutablePointer<UInt64> {
    (memory + Self.dateKeysOffset).assumingMemoryBound(to: UInt64.self)
  }
  var dateDays: UnsafeMutablePointer<UInt64> {
    (memory + Self.dateDaysOffset).assumingMemoryBound(to: UInt64.self)
  }
  var dateSlot: UnsafeMutablePointer<UInt16> {
    (memory + Self.dateSlotOffset).assumingMemoryBound(to: UInt16.self)
  }
  init(known: UnsafePointer<UInt8>?) {
    memory = .allocate(byteCount: Self.byteCount, alignment: 64)
    memory.initializeMemory(as: UInt8.self, repeating: 0, count: Self.byteCount)
    // The catalog (`known[code] != 0`, or nil: every code) as bits: codes not in it are never cached or taken, so
    // they go the general path, which finds the reason.
    let bits = (memory + Self.knownBitsOffset).assumingMemoryBound(to: UInt64.self)
    for c in 0..<48_000 where known.map({ $0[c] != 0 }) ?? true { bits[c >> 6] |= 1 << UInt64(c & 63) }
    let pairs = (memory + Self.pairOffset).assumingMemoryBound(to: UInt8.self)
    for pref in 1...47 where known.map({ $0[pref * 1000] != 0 }) ?? true {
      pairs[(0x30 + pref / 10) | (0x30 + pref % 10) << 8] = UInt8(pref)
    }
    let table = (memory + Self.sexOffset).assumingMemoryBound(to: UInt8.self)
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 8) { b in
      for v in 0..<256 {
        b[0] = UInt8(v)
        table[v] = UInt8(bitPattern: Int8(max(-1, RecordFields.sex(b.baseAddress!, 1))))
      }
    }
  }

  /// The sex of a one-byte field: 1, 2, or -1 (as ``RecordFields/sex(_:_:)``).
  @inline(__always)
  func sex(_ byte: UInt8) -> Int {
    Int(Int8(bitPattern: (memory + Self.sexOffset).load(fromByteOffset: Int(byte), as: UInt8.self)))
  }

  func deallocate() {
    memory.deallocate()
  }

  /// Whether the catalog (if any) has the code (0…47999).
  @inline(__always)
  func isKnown(_ c: Int) -> Bool {
    (memory + Self.knownBitsOffset).load(fromByteOffset: (c >> 6) << 3, as: UInt64.self) >> UInt64(c & 63) & 1 != 0
  }

  /// The five-digit code of the six-byte code field at `p` when `code6Word` accepts it and the catalog (if any)
  /// knows it; else a value ≤ 0.
  @inline(__always)
  func code(_ p: UnsafePointer<UInt8>) -> Int {
    let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) & Self.keyMask
    let i = Int(truncatingIfNeeded: (w &* 0x9E37_79B9_7F4A_7C15) >> Self.codeShift) & ~1
    // The slot that holds the key by index arithmetic (see code(_:_:)).
    let inB = codes[i] & Self.keyMask == w ? 0 : 1
    let hit = codes[i | inB]
    if hit & Self.keyMask == w { return Int(truncatingIfNeeded: hit >> 48) }
    return codeMiss(p, key: w, bucket: i)
  }

  @inline(never)
  func codeMiss(_ p: UnsafePointer<UInt8>, key: UInt64, bucket i: Int) -> Int {
    let c = RecordFields.code6Word(p)
    // Prefecture rows (`430005`) are not cached: the general path places them (and refuses them at municipal level).
    guard c > 0, c % 1000 != 0 else { return -1 }
    guard isKnown(c) else { return -1 }
    let e = UInt64(c) << 48 | key
    if codes[i] == 0 {
      codes[i] = e
    } else if codes[i + 1] == 0 {
      codes[i + 1] = e
    } else {
      codes[i + 1] = codes[i]
      codes[i] = e
    }
    return c
  }

  /// The month slot of the full date `YYYY-MM-DD` at `p` (10 bytes; 8 readable at `p` and 2 at `p + 8`), or -1
  /// when `monthWord(p, 10)` would not accept it.
  @inline(__always)
  func month(_ p: UnsafePointer<UInt8>) -> Int {
    let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
    // Year's last digit, month's tens bit and units digit (distinct for the months of a decade), gathered into
    // bits 40–48 by one multiplication: the nibble at 0, the bit at 16 and the nibble at 24 land at 40, 44 and 45,
    // and no other partial product touches bits 40–48 (they fall at 21–24, 28–31, 37, 52–56 or overflow).
    let gathered: UInt64 = ((w >> 24) & 0x0F01_000F) &* Self.monthGather
    let i = Int(truncatingIfNeeded: gathered >> 40 & 0x1FF)
    if monthKeys[i] != w { monthMiss(p, key: w, slot: i) }
    let d = UInt32(UnsafeRawPointer(p + 8).loadUnaligned(as: UInt16.self))
    // Tens byte 0x30–0x33, units byte 0x3X; units 0xA–0xF and days out of range have no bit.
    guard d & 0xF0FC == 0x3030, monthDays[i] &>> UInt64((d & 3) << 4 | d >> 8 & 0xF) & 1 != 0 else { return -1 }
    return Int(monthSlot[i])
  }

  /// Fills slot `i` for the prefix at `p`: the month and its days when valid, else an empty day set (so the key
  /// matches next time and still no day passes).
  @inline(never)
  func monthMiss(_ p: UnsafePointer<UInt8>, key: UInt64, slot i: Int) {
    let m = RecordFields.monthWord(p, 7)
    var days: UInt64 = 0
    if m >= 0 && p[7] == 0x2D {
      let n = RecordFields.daysIn(year: MoveRecord.firstYear + m / 12, month: m % 12 + 1)
      for day in 1...n { days |= 1 << UInt64((day / 10) << 4 | day % 10) }
    }
    monthKeys[i] = key
    monthDays[i] = days
    monthSlot[i] = UInt16(max(m, 0))
  }

  // MARK: - Lookups of the column plan (any code width and date form)

  /// The five-digit code of a code field of `n` bytes at `p` (8 bytes readable there) when ``RecordFields/area(_:_:)``
  /// accepts it and the catalog (if any) knows it; else a value ≤ 0. Six-digit fields are cached by their bytes
  /// (their check digit costs more to test than a table load); five- and two-digit fields are decoded directly and
  /// looked up in the catalog's bit set (6 KB), which beat the 64 KB table on the five-digit layout (≈13% on one
  /// thread, interleaved runs).
  @inline(__always)
  func code(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
    if n == 2 {
      // One load in the pair table (the digits, the range and the catalog decided when it was filled).
      let pref = (memory + Self.pairOffset).load(fromByteOffset: Int(truncatingIfNeeded: w & 0xFFFF), as: UInt8.self)
      return pref != 0 ? Int(pref) &* 1000 : -1
    }
    if n == 5 {
      // No check digit: decoding the digits costs less than a table load.
      let c = RecordFields.areaWord(p, 5)
      return c > 0 && isKnown(c) ? c : -1
    }
    guard n == 6 else { return -1 }
    let key = w & 0xFFFF_FFFF_FFFF
    let i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> Self.codeShift) & ~1
    // The slot that holds the key by index arithmetic, not by a branch on the first slot: ~15% of lookups find it
    // in the second, unpredictably (cachegrind: 0.17 mispredicts a lookup). (A select of the two slots' values was
    // compiled back into that branch.)
    let inB = codes[i] & Self.keyMask == key ? 0 : 1
    let hit = codes[i | inB]
    if hit & Self.keyMask == key { return Int(truncatingIfNeeded: hit >> 48) }
    return codeMiss(p, n, key: key, bucket: i)
  }

  @inline(never)
  func codeMiss(_ p: UnsafePointer<UInt8>, _ n: Int, key: UInt64, bucket i: Int) -> Int {
    let c = RecordFields.area(p, n)
    guard c > 0 else { return -1 }
    guard isKnown(c) else { return -1 }
    let e = UInt64(c) << 48 | key
    if codes[i] == 0 {
      codes[i] = e
    } else if codes[i + 1] == 0 {
      codes[i + 1] = e
    } else {
      codes[i + 1] = codes[i]
      codes[i] = e
    }
    return c
  }

  /// The month slot of a date field of `n` bytes at `p` (16 bytes readable there) in the forms `YYYY?MM?DD`,
  /// `YYYYMMDD`, `YYYY?MM`, `YYYYMM` (`?` one of `-` `/`), or -1 when this table cannot tell (another form, or not
  /// a valid date: the caller then asks ``RecordFields/date(_:_:)``). The key is the field's month part (8, 6, 7
  /// or 6 bytes, with the width in the top byte where the part is shorter than 8), so a key never stands for two
  /// different parts; a day part is checked against the month's set of valid days as in ``month(_:)``.
  @inline(__always)
  func date(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
    let key: UInt64, dayAt: Int
    switch n {
    case 10: key = w; dayAt = 8
    case 8: key = w & 0xFFFF_FFFF_FFFF | 8 << 56; dayAt = 6
    case 7: key = w & 0xFF_FFFF_FFFF_FFFF | 7 << 56; dayAt = 0
    case 6: key = w & 0xFFFF_FFFF_FFFF | 6 << 56; dayAt = 0
    default: return -1
    }
    let i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 54)
    if dateKeys[i] != key { dateMiss(p, n, key: key, slot: i) }
    let days = dateDays[i]
    if dayAt == 0 { return days != 0 ? Int(dateSlot[i]) : -1 }
    let d = UInt32(UnsafeRawPointer(p + dayAt).loadUnaligned(as: UInt16.self))
    guard d & 0xF0FC == 0x3030, days &>> UInt64((d & 3) << 4 | d >> 8 & 0xF) & 1 != 0 else { return -1 }
    return Int(dateSlot[i])
  }

  /// Fills slot `i` for the month part at `p`: asks the reference decoder about the part with day 01 (or the
  /// whole field when it has no day) and stores the month with its valid days, or an empty set.
  @inline(never)
  func dateMiss(_ p: UnsafePointer<UInt8>, _ n: Int, key: UInt64, slot i: Int) {
    var probe: (UInt64, UInt64) = (0, 0)
    let m: Int = withUnsafeMutableBytes(of: &probe) { b in
      let q = b.baseAddress!.assumingMemoryBound(to: UInt8.self)
      let part = n == 10 ? 8 : n == 8 ? 6 : n
      for k in 0..<part { q[k] = p[k] }
      if part < n { q[part] = 0x30; q[part + 1] = 0x31 }
      return RecordFields.date(q, n)
    }
    var days: UInt64 = 0
    if m >= 0 {
      if n == 10 || n == 8 {
        let count = RecordFields.daysIn(year: MoveRecord.firstYear + m / 12, month: m % 12 + 1)
        for day in 1...count { days |= 1 << UInt64((day / 10) << 4 | day % 10) }
      } else {
        days = 1
      }
    }
    dateKeys[i] = key
    dateDays[i] = days
    dateSlot[i] = UInt16(max(m, 0))
  }
}
