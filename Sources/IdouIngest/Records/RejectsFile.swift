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

  /// The lines of some rejects of one file, as bytes (UTF-8): a reject costs a few appends, not strings joined.
  static func lines(file: String, _ rejects: [MoveRecordReader.Reject]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(rejects.count * 160)
    var fileField: [UInt8] = []
    append(file, to: &fileField)
    for r in rejects {
      out += fileField
      out.append(0x2C)
      append(decimal: r.line, to: &out)
      out.append(0x2C)
      append(decimal: r.column, to: &out)
      out.append(0x2C)
      append(r.reason, to: &out)
      out.append(0x2C)
      append(r.record, to: &out)
      out.append(0x0A)
    }
    return out
  }

  /// The whole file's text for several files' rejects.
  public static func text(_ files: [(file: String, rejects: [MoveRecordReader.Reject])]) -> String {
    header + files.map { String(decoding: lines(file: $0.file, $0.rejects), as: UTF8.self) }.joined()
  }

  /// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
  static func append(_ s: String, to out: inout [UInt8]) {
    var s = s
    s.withUTF8 { u in
      guard u.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
        out.append(contentsOf: u)
        return
      }
      out.append(0x22)
      var from = 0
      // Each quote is doubled: the bytes up to and including it, then one more.
      while let q = u[from...].firstIndex(of: 0x22) {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: u[from...q]))
        out.append(0x22)
        from = q + 1
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: u[from...]))
      out.append(0x22)
    }
  }

  static func append(decimal n: Int, to out: inout [UInt8]) { out += String(n).utf8 }
}
