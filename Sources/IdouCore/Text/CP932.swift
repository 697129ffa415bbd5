/// A decoder and encoder for Windows code page 932 (CP932, "Shift_JIS" as Windows and e-Stat write it): ASCII, half-width
/// katakana (0xA1–0xDF) and the double-byte JIS X 0208 characters with the NEC and IBM extensions that plain
/// Shift_JIS lacks (①, ㈱, ≒ in row 13; 髙, 﨑 in rows 89–92 and 115–119), `～` as U+FF5E as Windows maps it.
///
/// idou decodes CP932 itself instead of through Foundation: the readers do not link Foundation, the result is the
/// same on every platform (macOS maps plain Shift_JIS differently), and a byte that is not CP932 is reported with
/// its line and column. The double-byte table is generated from Python's `cp932` codec by
/// `scripts/generate-cp932-table.py` (``CP932Table.swift``); on Linux it agrees with Foundation's `.shiftJIS` on
/// all 9,604 assigned pairs (a test checks this).
///
/// ```swift
/// try CP932.decode([0x87, 0x40, 0x8A, 0xEE], file: "t.csv")   // the UTF-8 bytes of "①㈱"
/// try CP932.encode("熊本県▲7")                                 // 8C 46 96 7B 8C A7 81 A3 37
/// ```
///
/// It lives in IdouCore because both ends need it: the readers decode e-Stat's downloads, the outputs encode
/// CSV for Excel on a Japanese PC (`--encoding cp932`).
public enum CP932 {
  /// The UTF-16 code unit of every lead × trail pair, 0 where unassigned (decoded once, on first use).
  static let doubleByte: [UInt16] = {
    let bytes = Base64.decode(doubleByteTableBase64)
    var table = [UInt16](repeating: 0, count: bytes.count / 2)
    for i in table.indices { table[i] = UInt16(bytes[2 * i]) << 8 | UInt16(bytes[2 * i + 1]) }
    return table
  }()

  static let trailCount = 188

  /// The row of a lead byte in the table: 0x81–0x9F, then 0xE0–0xFC.
  @inline(__always)
  static func leadIndex(_ b: UInt8) -> Int? {
    switch b {
    case 0x81...0x9F: Int(b - 0x81)
    case 0xE0...0xFC: Int(b - 0xE0) + 31
    default: nil
    }
  }

  /// The column of a trail byte: 0x40–0x7E, then 0x80–0xFC.
  @inline(__always)
  static func trailIndex(_ b: UInt8) -> Int? {
    switch b {
    case 0x40...0x7E: Int(b - 0x40)
    case 0x80...0xFC: Int(b - 0x80) + 63
    default: nil
    }
  }

  /// The Unicode scalar of a double-byte pair, or `nil` when the pair is not CP932.
  public static func scalar(lead: UInt8, trail: UInt8) -> Unicode.Scalar? {
    guard let l = leadIndex(lead), let t = trailIndex(trail) else { return nil }
    let unit = doubleByte[l * trailCount + t]
    return unit == 0 ? nil : Unicode.Scalar(unit)
  }

  /// Transcodes CP932 bytes to UTF-8 bytes.
  ///
  /// Trail bytes are never `"`, `,`, CR or LF, so the CSV structure of a file survives transcoding unchanged.
  /// - Throws: `DataError` at the first byte sequence that is not CP932, with its line and its byte position in
  ///   the line as the column.
  /// - Complexity: O(n).
  public static func decode(_ bytes: [UInt8], file: String) throws(DataError) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + bytes.count / 2)
    var i = 0, line = 1, lineStart = 0
    while i < bytes.count {
      let b = bytes[i]
      if b < 0x80 {
        out.append(b)
        if b == 0x0A { line += 1; lineStart = i + 1 }
        i += 1
        continue
      }
      if b >= 0xA1 && b <= 0xDF {  // half-width katakana U+FF61…U+FF9F
        appendUTF8(UInt32(0xFF61) + UInt32(b - 0xA1), to: &out)
        i += 1
        continue
      }
      guard i + 1 < bytes.count, let s = scalar(lead: b, trail: bytes[i + 1]) else {
        let shown = i + 1 < bytes.count ? "0x\(hex(b)) 0x\(hex(bytes[i + 1]))" : "0x\(hex(b)) at the end of the file"
        throw DataError(file: file, line: line, column: i - lineStart + 1,
                        reason: "bytes \(shown) are neither UTF-8 nor CP932 (Shift_JIS) text (column = byte in the line)")
      }
      appendUTF8(s.value, to: &out)
      i += 2
    }
    return out
  }

  // MARK: Encoding

  /// A character of the text that CP932 cannot write, where it is (line and column in characters, 1-based).
  public struct Unencodable: Error, Equatable, CustomStringConvertible {
    public var character: Character
    public var line: Int
    public var column: Int

    public init(character: Character, line: Int, column: Int) {
      self.character = character
      self.line = line
      self.column = column
    }

    public var description: String {
      let codes = character.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }
      return "line \(line), column \(column): \(character) (\(codes.joined(separator: " "))) has no CP932 "
        + "(Shift_JIS) code; write UTF-8 with a BOM (--encoding utf-8-bom), which Excel also opens"
    }
  }

  /// The CP932 code of every BMP scalar (0 where there is none), built once from the decoding table.
  ///
  /// Where Windows gives a character several codes, the encoder writes the one Windows writes: the first in
  /// table order (JIS X 0208 before NEC row 13 before the IBM extensions), except that the NEC-selected IBM
  /// extensions (lead bytes 0xED, 0xEE) are read but never written — 髙 is written FB FC, as Windows does.
  static let encodingTable: [UInt16] = {
    var table = [UInt16](repeating: 0, count: 0x10000)
    let leads = Array(0x81...0x9F) + Array(0xE0...0xEC) + Array(0xEF...0xFC) + [0xED, 0xEE]
    for lead in leads {
      for trail in Array(0x40...0x7E) + Array(0x80...0xFC) {
        guard let s = scalar(lead: UInt8(lead), trail: UInt8(trail)), table[Int(s.value)] == 0 else { continue }
        table[Int(s.value)] = UInt16(lead) << 8 | UInt16(trail)
      }
    }
    // The same JIS X 0208 characters under the mapping Unicode's JIS tables use (WAVE DASH, EM DASH, MINUS
    // SIGN…) rather than Microsoft's: text from macOS or from JIS-mapped sources has these, and Windows writes
    // them to the same codes.
    for (u, code) in [(0x00A2, 0x8191), (0x00A3, 0x8192), (0x00AC, 0x81CA), (0x2014, 0x815C), (0x2016, 0x8161),
                      (0x2212, 0x817C), (0x301C, 0x8160)] {
      table[u] = UInt16(code)
    }
    return table
  }()

  /// Encodes text as CP932: ASCII as is, half-width katakana as single bytes, the rest by the table.
  ///
  /// - Throws: ``Unencodable`` at the first character CP932 has no code for (𠮷, an emoji, ✓), never a `?`.
  /// - Complexity: O(n).
  public static func encode(_ text: String) throws(Unencodable) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    var line = 1, column = 0
    for ch in text {
      column += 1
      for s in ch.unicodeScalars {
        let v = s.value
        if v < 0x80 {
          out.append(UInt8(v))
        } else if v >= 0xFF61 && v <= 0xFF9F {
          out.append(UInt8(v - 0xFF61 + 0xA1))
        } else if v < 0x10000, case let code = encodingTable[Int(v)], code != 0 {
          out.append(UInt8(code >> 8))
          out.append(UInt8(code & 0xFF))
        } else {
          throw Unencodable(character: ch, line: line, column: column)
        }
      }
      if ch == "\n" || ch == "\r\n" {
        line += 1
        column = 0
      }
    }
    return out
  }

  @inline(__always)
  static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
    switch v {
    case 0..<0x80: out.append(UInt8(v))
    case 0x80..<0x800:
      out.append(UInt8(0xC0 | v >> 6)); out.append(UInt8(0x80 | v & 0x3F))
    default:  // the table holds BMP scalars only
      out.append(UInt8(0xE0 | v >> 12)); out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
    }
  }

  static func hex(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
  }
}

/// A minimal base64 decoder for the generated tables (skips line breaks and spaces).
enum Base64 {
  static func decode(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    var buffer: UInt32 = 0, bits = 0
    for c in text.utf8 {
      let v: UInt32
      switch c {
      case 0x41...0x5A: v = UInt32(c - 0x41)
      case 0x61...0x7A: v = UInt32(c - 0x61) + 26
      case 0x30...0x39: v = UInt32(c - 0x30) + 52
      case 0x2B: v = 62
      case 0x2F: v = 63
      default: continue  // '=', newlines, spaces
      }
      buffer = buffer << 6 | v
      bits += 6
      if bits >= 8 {
        bits -= 8
        out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
      }
    }
    return out
  }
}
