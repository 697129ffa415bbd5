import IdouCore
import IdouIO

/// The rejects file (`--rejects FILE`): one CSV line per record that was not used, so nothing is lost silently.
///
/// Header `file,line,column,reason,record`; `column` is the 1-based field (0 for the whole row); `record` is the
/// row as written. Written through an ``OutputWriter`` while the records are read, window by window (so rejects are
/// never all held in memory), and put in place by ``close()``: a temporary file until then.
///
/// ```swift
/// let rejects = try RejectsFile(path: "bad.csv")
/// try rejects.write(file: "moves.csv", rejects)
/// try rejects.close()
/// ```
public final class RejectsFile {
  let out: OutputWriter

  /// Opens the rejects file `path` (checked against the command's files: never an input, never a link).
  public init(path: String, avoiding files: CommandFiles = CommandFiles()) throws(FileError) {
    out = try OutputWriter(path: path, avoiding: files)
    try out.write(Self.header)
  }

  static let header = "file,line,column,reason,record\n"

  /// Appends the rejects of one file.
  public func write(file: String, _ rejects: [MoveRecordReader.Reject]) throws(FileError) {
    try out.write(Self.lines(file: file, rejects))
  }

  /// Puts the file in place.
  public func close() throws(FileError) { try out.close() }

  /// The lines of some rejects of one file.
  static func lines(file: String, _ rejects: [MoveRecordReader.Reject]) -> String {
    var text = ""
    for r in rejects {
      text += [file, "\(r.line)", "\(r.column)", r.reason, r.record].map(field).joined(separator: ",") + "\n"
    }
    return text
  }

  /// The whole file's text for several files' rejects.
  public static func text(_ files: [(file: String, rejects: [MoveRecordReader.Reject])]) -> String {
    header + files.map { lines(file: $0.file, $0.rejects) }.joined()
  }

  /// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
  static func field(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
  }
}
