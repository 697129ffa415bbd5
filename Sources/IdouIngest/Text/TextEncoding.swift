import IdouCore

/// The text encodings of the files idou reads: UTF-8 (with or without a byte-order mark) and CP932
/// (Shift_JIS as e-Stat and Excel on Windows write it).
public enum TextEncoding: String, Sendable {
  case utf8
  case cp932

  /// Tells the encoding of a file's bytes: UTF-8 when they are valid UTF-8 (a BOM says so too), else CP932.
  ///
  /// Japanese CP932 text is practically never valid UTF-8 (its lead bytes 0x81–0x9F cannot start a UTF-8
  /// sequence), and pure ASCII is both.
  /// - Complexity: O(n).
  public static func detect(_ bytes: [UInt8]) -> TextEncoding {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8 }
    return isValidUTF8(bytes) ? .utf8 : .cp932
  }

  /// The bytes as UTF-8 (BOM removed), transcoding CP932 when the file is not UTF-8.
  /// - Throws: `DataError` with line and column when the file is neither UTF-8 nor CP932.
  public static func utf8(_ bytes: [UInt8], file: String) throws(DataError) -> (bytes: [UInt8], encoding: TextEncoding) {
    switch detect(bytes) {
    case .utf8:
      return (bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes, .utf8)
    case .cp932:
      return (try CP932.decode(bytes, file: file), .cp932)
    }
  }

  /// The text of a file in UTF-8 (BOM or not) or CP932, e.g. a region-set file saved from Excel.
  /// - Throws: `InputFileError`, or `DataError` when the file is neither encoding.
  public static func text(path: String) throws -> String {
    String(decoding: try utf8(InputFile.bytes(path), file: path).bytes, as: UTF8.self)
  }

  /// Whether bytes are well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
  static func isValidUTF8(_ b: [UInt8]) -> Bool {
    var i = 0
    let n = b.count
    while i < n {
      let c = b[i]
      if c < 0x80 { i += 1; continue }
      let need: Int, low: UInt8, high: UInt8
      switch c {
      case 0xC2...0xDF: need = 1; low = 0x80; high = 0xBF
      case 0xE0: need = 2; low = 0xA0; high = 0xBF
      case 0xE1...0xEC, 0xEE...0xEF: need = 2; low = 0x80; high = 0xBF
      case 0xED: need = 2; low = 0x80; high = 0x9F
      case 0xF0: need = 3; low = 0x90; high = 0xBF
      case 0xF1...0xF3: need = 3; low = 0x80; high = 0xBF
      case 0xF4: need = 3; low = 0x80; high = 0x8F
      default: return false
      }
      guard i + need < n, b[i + 1] >= low && b[i + 1] <= high else { return false }
      var k = 2
      while k <= need {
        guard b[i + k] & 0xC0 == 0x80 else { return false }
        k += 1
      }
      i += need + 1
    }
    return true
  }
}

extension StringProtocol {
  /// The text as an error message quotes it: on one line (line breaks and tabs shown as ⏎ and →), at most 60
  /// characters, so a message stays one line whatever a file holds.
  var shown: String {
    var out = ""
    for (i, c) in self.enumerated() {
      if i == 60 { out += "…"; break }
      switch c {
      case "\n", "\r", "\r\n": out += "⏎"
      case "\t": out += "→"
      default: out.append(c)
      }
    }
    return out
  }
}

extension String {
  /// ``trimmingWhitespace()`` with a fast path for the usual field that has nothing to trim: its first and last
  /// bytes are checked before any character is decoded (whitespace is space, tab, CR, LF or U+3000, whose UTF-8
  /// starts with 0xE3 and ends with 0x80).
  @inline(__always)
  var trimmedField: String {
    let u = utf8
    guard let first = u.first, let last = u.last else { return self }
    let edge: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
    if !edge(first) && first != 0xE3 && !edge(last) && last != 0x80 { return self }
    return trimmingWhitespace()
  }
}
