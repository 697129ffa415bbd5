import ArgumentParser
import IdouCore
import IdouIngest
import IdouReport

extension OutputFormat: ExpressibleByArgument {}

/// `--input FILE…` and what readers need to know about files that do not say it themselves.
struct InputOptions: ParsableArguments {
  @Option(name: .long, parsing: .upToNextOption, help: "Input files (default: the bundled 2025 data).")
  var input: [String] = []

  @Option(help: "The period of a wide matrix that does not say it (YYYY or YYYY-MM); else from the file name.")
  var period: String?

  func validate() throws {
    if let p = period, Period(parsing: p) == nil {
      throw ValidationError("--period must be YYYY or YYYY-MM, not '\(p)'")
    }
  }

  /// The files to read: the given ones, or the bundled OD matrix.
  func paths() throws -> [String] {
    input.isEmpty ? [try BundledData.path(BundledData.odMatrix2025)] : input
  }

  /// Reads the inputs into one cube and prints each file's account (`read N, used U, rejected R`) to stderr.
  func load() throws -> MigrationCube {
    let options = AnyInput.Options(period: period.flatMap(Period.init(parsing:)))
    let (cube, reports) = try AnyInput.read(paths: paths(), options: options)
    for r in reports { printError(r.summaryLine) }
    return cube
  }
}
