/// A file that could not be read or written, said the way idou says it: `cannot read FILE (reason)`,
/// `cannot write FILE (reason)`.
///
/// The command line turns it into one line on stderr and a sysexits code (``exitCode``): 66 for an input that does
/// not exist, 64 for an output the command line itself rules out (an input, a symbolic link, a directory), 74 for
/// every other failure. A broken pipe on standard output is its own kind so that `idou … | head` can end quietly.
public struct FileError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// The input does not exist (exit 66).
    case missing
    /// The input exists but cannot be opened or read (exit 74).
    case unreadable
    /// The output cannot be created, written, synced or renamed into place (exit 74).
    case unwritable
    /// The output names one of the command's inputs (exit 64; nothing is written).
    case outputIsInput
    /// The output path is a symbolic link to a file that would be replaced (exit 64; nothing is written).
    case outputIsLink
    /// The same file is given twice as an input (exit 64).
    case duplicateInput
    /// Standard output is a pipe whose reader has gone (`| head`): not an error of idou's.
    case brokenPipe
  }

  public var path: String
  public var kind: Kind
  /// Why, in a few words: the system's `strerror` text or idou's own.
  public var reason: String

  public init(path: String, kind: Kind, reason: String = "") {
    self.path = path
    self.kind = kind
    self.reason = reason
  }

  init(path: String, kind: Kind, errno code: Int32) {
    self.init(path: path, kind: kind, reason: system_strerror(code))
  }

  public var description: String {
    let why = reason.isEmpty ? "" : " (\(reason))"
    switch kind {
    case .missing: return "cannot read \(path) (no such file)"
    case .unreadable: return "cannot read \(path)\(why)"
    case .unwritable, .outputIsInput, .outputIsLink, .brokenPipe: return "cannot write \(path)\(why)"
    case .duplicateInput: return "\(path) is given twice\(why)"
    }
  }

  /// The sysexits code: 66 no input, 64 usage, 74 I/O error; 0 for a broken pipe on standard output.
  public var exitCode: Int32 {
    switch kind {
    case .missing: 66
    case .unreadable, .unwritable: 74
    case .outputIsInput, .outputIsLink, .duplicateInput: 64
    case .brokenPipe: 0
    }
  }
}
