/// The files one command reads and writes, checked before anything is read: the same input twice is refused (a
/// count read twice would silently double), and so is an output that would replace an input (directly, through a
/// symbolic link or a hard link), an output given twice, and an output that is a symbolic link.
///
///     var files = CommandFiles()
///     try files.input("moves.csv")
///     try files.input("./moves.csv")        // FileError.duplicateInput
///     try files.output("moves.csv")         // FileError.outputIsInput
///
/// ``OutputWriter`` checks its target against the inputs again when it opens it, so a file that appears between
/// the check and the write is still protected.
public struct CommandFiles: Sendable {
  private var inputs: [FileIdentity: String] = [:]
  private var outputs: [OutputKey: String] = [:]
  private var readsStandardInput = false

  public init() {}

  /// Adds an input. Pipes and devices are not compared (reading them twice reads different bytes); a path that
  /// does not exist is left to its reader to report.
  /// - Throws: `FileError.duplicateInput` when the same regular file, or standard input (`-`), is already an input.
  public mutating func input(_ path: String) throws(FileError) {
    if path == "-" {
      if readsStandardInput {
        throw FileError(path: InputSource.standardInputName, kind: .duplicateInput,
                        reason: "'-' can be read once: give it once")
      }
      readsStandardInput = true
      return
    }
    guard let status = system_stat(path, followingLinks: true).status, status.kind == .regular else {
      return
    }
    let id = FileIdentity(status)
    if let earlier = inputs[id] {
      let alias = earlier == path ? "" : " as \(earlier)"
      throw FileError(path: path, kind: .duplicateInput,
                      reason: "already given\(alias); each input is read once: give it once")
    }
    inputs[id] = path
  }

  /// Adds an output (nil and `-` are standard output and not checked).
  /// - Throws: `FileError` when the path names an input, a symbolic link to a file, a directory, or an output
  ///   already given.
  public mutating func output(_ path: String?) throws(FileError) {
    guard let path, path != "-" else { return }
    _ = try OutputWriter.target(path, avoiding: self)
    let key = OutputKey(path)
    if let earlier = outputs[key] {
      let alias = earlier == path ? "" : " as \(earlier)"
      throw FileError(path: path, kind: .outputIsInput,
                      reason: "it is already an output of this command\(alias): give each output its own file")
    }
    outputs[key] = path
  }

  /// The input that `identity` is, if any.
  func input(with identity: FileIdentity) -> String? { inputs[identity] }

  /// Whether standard output is a regular file that is also an input (`idou tidy a.csv >> a.csv`): reading a
  /// file while appending to it never ends.
  public func standardOutputIsAnInput() -> String? {
    guard let s = system_fstat(1).status, s.kind == .regular else { return nil }
    return inputs[FileIdentity(s)]
  }
}

/// What makes two output paths the same place: the directory's identity and the name in it (neither file needs
/// to exist yet).
private struct OutputKey: Hashable, Sendable {
  var directory: FileIdentity?
  var directoryPath: String
  var name: String

  init(_ path: String) {
    let slash = path.lastIndex(of: "/")
    directoryPath = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
    name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    if let existing = FileIdentity(path: path) {
      // An existing file is the same place under every name it has.
      (directory, directoryPath, name) = (existing, "", "")
    } else {
      directory = FileIdentity(path: directoryPath)
      if directory != nil { directoryPath = "" }
    }
  }
}
