import IdouCore

/// The encodings text and CSV output can be written in, for the program that opens it: UTF-8 (the default), UTF-8
/// with a byte-order mark (Excel opens such a CSV correctly on a double click), and CP932 (Shift_JIS as Windows
/// writes it, what Excel on a Japanese PC assumes for a CSV without a BOM).
///
/// ```swift
/// try OutputEncoding.utf8BOM.encode("熊本県")   // EF BB BF E7 86 8A …
/// try OutputEncoding.cp932.encode("熊本県")     // 8C 46 96 7B 8C A7
/// try OutputEncoding.cp932.encode("𠮷")         // throws: 𠮷 (U+20BB7) has no CP932 (Shift_JIS) code …
/// ```
public enum OutputEncoding: String, CaseIterable, Sendable {
  case utf8 = "utf-8"
  case utf8BOM = "utf-8-bom"
  case cp932

  /// The byte-order mark Excel looks for.
  public static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

  /// The text as bytes of this encoding.
  /// - Throws: `CP932.Unencodable` naming the first character CP932 cannot write (never replaced by `?`).
  public func encode(_ text: String) throws(CP932.Unencodable) -> [UInt8] {
    switch self {
    case .utf8: Array(text.utf8)
    case .utf8BOM: Self.bom + Array(text.utf8)
    case .cp932: try CP932.encode(text)
    }
  }
}
