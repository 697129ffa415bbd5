import IdouCore

/// The rejects file (`--rejects FILE`): one CSV line per record that was not used, so nothing is lost silently.
///
/// Header `file,line,column,reason,record`; `column` is the 1-based field (0 for the whole row); `record` is the
/// row as written. Written atomically.
///
/// ```swift
/// try RejectsFile.write([("moves.csv", rejects)], to: "bad.csv")
/// ```
public enum RejectsFile {
  /// The file's text.
  public static func text(_ files: [(file: String, rejects: [MoveRecordReader.Reject])]) -> String {
    var out = "file,line,column,reason,record\n"
    for (file, list) in files {
      for r in list {
        out += [file, "\(r.line)", "\(r.column)", r.reason, r.record].map(field).joined(separator: ",") + "\n"
      }
    }
    return out
  }

  /// Writes the rejects of several files to `path` (temporary file, then rename).
  /// - Throws: `InputFileError` when the file cannot be written.
  public static func write(_ files: [(file: String, rejects: [MoveRecordReader.Reject])], to path: String) throws {
    try RecordStore.atomicWrite(path, [Array(text(files).utf8)])
  }

  /// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
  static func field(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
  }
}
