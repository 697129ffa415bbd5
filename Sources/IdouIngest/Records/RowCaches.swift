/// Per-thread memo tables of the canonical fast path (``RowParser/canonicalRow(_:caches:into:lineEnd:)``): a file
/// of millions of records has only ~1,900 distinct area codes and a few dozen distinct `YYYY-MM-` prefixes, so
/// decoding and validating each of them once and looking the result up afterwards cuts most of a row's work.
///
/// What is cached is only what the uncached decoders accept, keyed by the field's exact bytes, so a lookup answers
/// exactly as ``RecordFields/code6Word(_:)`` (plus the catalog check) and ``RecordFields/monthWord(_:_:)`` would
/// (tested against them on random rows with repeats and noise). Owned by one thread; never shared.
///
/// Invariants: every slot of `codes` (16,384; two-slot buckets chosen by the top bits of a multiplicative hash) is
/// 0 (empty) or `code << 48 | key`, where `key` is the six bytes of a code field (little-endian) that `code6Word`
/// accepts with value `code` (1000…47999, so ≠ 0) and that is in the catalog; an empty slot matches only the key 0
/// and then yields 0, which callers treat as "not a code". Every month slot (512, indexed by the year's last digit
/// and the month's digits) is 0/0 (empty) or holds the 8 bytes `YYYY-MM-` of a prefix with its month slot and the
/// set of its valid day fields (bit `(tens & 3) << 4 | units` for each day 01…days in the month; empty for an
/// invalid prefix), so an empty or invalid slot lets no day pass. Lookups read 8 bytes at the field (the caller
/// guarantees they are readable, as for the word decoders).
struct RowCaches {
  /// 8,192 buckets of two slots (both in one cache line): ~1,900 codes leave few buckets with three or more.
  static let codeSlots = 16384
  static let monthSlots = 512
  static let monthGather: UInt64 = 1 << 40 | 1 << 28 | 1 << 21
  static let keyMask: UInt64 = 0xFFFF_FFFF_FFFF

  /// All tables in one zeroed allocation (one base register on the hot path): codes, month keys, month day sets
  /// (8 bytes a slot each), then month slots (2 bytes).
  let memory: UnsafeMutableRawPointer
  static let monthKeysOffset = codeSlots * 8
  static let monthDaysOffset = monthKeysOffset + monthSlots * 8
  static let monthSlotOffset = monthDaysOffset + monthSlots * 8
  static let byteCount = monthSlotOffset + monthSlots * 2

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
  /// The catalog (`known[code] != 0`), or nil: codes not in it are never cached, so they take the general path.
  let known: UnsafePointer<UInt8>?

  init(known: UnsafePointer<UInt8>?) {
    memory = .allocate(byteCount: Self.byteCount, alignment: 64)
    memory.initializeMemory(as: UInt8.self, repeating: 0, count: Self.byteCount)
    self.known = known
  }

  func deallocate() {
    memory.deallocate()
  }

  /// The five-digit code of the six-byte code field at `p` when `code6Word` accepts it and the catalog (if any)
  /// knows it; else a value ≤ 0.
  @inline(__always)
  func code(_ p: UnsafePointer<UInt8>) -> Int {
    let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) & Self.keyMask
    let i = Int(truncatingIfNeeded: (w &* 0x9E37_79B9_7F4A_7C15) >> 50) & ~1
    let a = codes[i]
    if a & Self.keyMask == w { return Int(truncatingIfNeeded: a >> 48) }
    let b = codes[i + 1]
    if b & Self.keyMask == w { return Int(truncatingIfNeeded: b >> 48) }
    return codeMiss(p, key: w, bucket: i)
  }

  @inline(never)
  func codeMiss(_ p: UnsafePointer<UInt8>, key: UInt64, bucket i: Int) -> Int {
    let c = RecordFields.code6Word(p)
    guard c > 0 else { return -1 }
    if let known, known[c] == 0 { return -1 }
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
}
