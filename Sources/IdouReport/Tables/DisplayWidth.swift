/// Display width of text in a terminal: East Asian wide and full-width characters take two columns
/// (Unicode UAX #11, W and F classes), combining marks none, everything else one.
public enum DisplayWidth {
  /// The number of terminal columns `text` occupies.
  ///
  /// ```swift
  /// DisplayWidth.of("熊本県")   // 6
  /// DisplayWidth.of("▲7")      // 2: ▲ is ambiguous-width, counted narrow as most terminals do
  /// ```
  public static func of(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
  }

  /// Columns of one scalar.
  public static func width(of s: Unicode.Scalar) -> Int {
    let v = s.value
    if v == 0 || (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) || v == 0xFE0F { return 0 }
    if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
      || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
      || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
      || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
      || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    {
      return 2
    }
    return 1
  }

  /// `text` padded with spaces to `width` columns, on the left (right-aligned) or on the right.
  public static func pad(_ text: String, to width: Int, rightAlign: Bool) -> String {
    let fill = String(repeating: " ", count: max(0, width - of(text)))
    return rightAlign ? fill + text : text + fill
  }
}
