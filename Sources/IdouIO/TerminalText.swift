/// Text from a file made safe to show on a terminal: control characters become visible escapes.
///
/// Bytes of an input file are echoed in messages (`found 'date\u{1B}]0;…'`) and in text tables. Printed raw, a
/// terminal would obey them (retitle the window, clear the screen) and a stray CR or LF would hide or split the
/// line. Escaped, the reader sees what the file holds: `\r`, `\n`, `\t`, `\e`-style `\u{1B}`.
public enum TerminalText {
  /// `text` with C0 controls, DEL and C1 controls written as escapes (`\t`, `\r`, `\n`, `\u{1B}`); other
  /// characters, Japanese included, unchanged.
  ///
  ///     TerminalText.escaped("JP\r")        // "JP\\r"
  public static func escaped(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    for s in text.unicodeScalars {
      guard isControl(s) else {
        out.unicodeScalars.append(s)
        continue
      }
      switch s {
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      case "\n": out += "\\n"
      default:
        let hex = String(s.value, radix: 16, uppercase: true)
        out += "\\u{" + (hex.count < 2 ? "0" : "") + hex + "}"
      }
    }
    return out
  }

  /// C0 controls (U+0000–U+001F), DEL (U+007F) and C1 controls (U+0080–U+009F).
  @inline(__always)
  static func isControl(_ s: Unicode.Scalar) -> Bool {
    s.value < 0x20 || (0x7F...0x9F).contains(s.value)
  }
}
