import IdouCore
import IdouIO

/// Reads whole small files (tables, region sets, e-Stat downloads) as bytes, from a file, a pipe or standard
/// input (`-`), through IdouIO's ``InputSource``. Record files go through the chunked record reader instead.
public enum InputFile {
  /// The bytes of a file, a pipe, or standard input (`-`), with a UTF-8 byte-order mark removed.
  /// - Throws: `InputFileError` (`.missing` when there is no such file).
  public static func bytes(_ path: String) throws(InputFileError) -> [UInt8] {
    var out: [UInt8]
    if let bundled = BundledData.embedded(path) {
      out = bundled
    } else {
      do {
        out = try InputSource.bytes(path)
      } catch {
        throw InputFileError(path: error.path, kind: error.kind == .missing ? .missing : .unreadable, detail: error.reason)
      }
    }
    if out.starts(with: [0xEF, 0xBB, 0xBF]) { out.removeFirst(3) }
    return out
  }

  /// The text of a UTF-8 file.
  /// - Throws: `InputFileError`, or `DataError` when the file is not valid UTF-8.
  public static func text(_ path: String) throws -> String {
    let b = try bytes(path)
    guard let s = String(validating: b, as: UTF8.self) else {
      throw DataError(file: path, line: 0, column: 0, reason: "not valid UTF-8 text")
    }
    return s
  }
}
