/// A problem with input data, located to the character: `file:line:column: reason`.
///
/// Every reader throws this for input it cannot use; the CLI prints `description` as one line and exits 65
/// (EX_DATAERR).
public struct DataError: Error, Equatable, Sendable, CustomStringConvertible {
  public var file: String
  /// 1-based line number, 0 when the problem concerns the whole file.
  public var line: Int
  /// 1-based column (field number for delimited files), 0 when not applicable.
  public var column: Int
  public var reason: String

  public init(file: String, line: Int, column: Int, reason: String) {
    self.file = file
    self.line = line
    self.column = column
    self.reason = reason
  }

  public var description: String { "\(file):\(line):\(column): \(reason)" }
}

/// A file that cannot be opened or read. The CLI exits 66 (EX_NOINPUT) when it does not exist.
public struct InputFileError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable { case missing, unreadable }
  public var path: String
  public var kind: Kind
  public var detail: String

  public init(path: String, kind: Kind, detail: String = "") {
    self.path = path
    self.kind = kind
    self.detail = detail
  }

  public var description: String {
    switch kind {
    case .missing: "\(path): no such file"
    case .unreadable: "\(path): cannot read\(detail.isEmpty ? "" : " (\(detail))")"
    }
  }
}
