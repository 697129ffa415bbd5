import ArgumentParser
import IdouCore
import IdouIngest
import IdouIO
import IdouReport

extension PopulationScope: ExpressibleByArgument {}

/// `--input FILE…` and what readers need to know about files that do not say it themselves.
struct InputOptions: ParsableArguments {
  @Option(name: .long, parsing: .upToNextOption,
          help: ArgumentHelp("Input files, '-' for standard input (default: the bundled data).", valueName: "file"))
  var input: [String] = []

  @Option(help: "The period of a wide matrix that does not say it (YYYY or YYYY-MM); else from the file name.")
  var period: String?

  @Option(help: "Population scope of tables that hold several: all (移動者), japanese (日本人), foreign (外国人).")
  var scope: PopulationScope?

  @Option(name: .customLong("code-changes"), help: "Municipal code changes old_code,new_code,effective_date[,share].")
  var codeChanges: String?

  @Option(name: .customLong("as-of"), help: "Re-key municipal codes to those in force on this date (YYYY-MM-DD).")
  var asOf: String?

  @Option(help: ArgumentHelp(
    "Which columns of another tool's CSV hold what, e.g. month=year_month,area=pref_code,in=in_migrants,out=out_migrants (roles: \(ColumnMapping.Role.allCases.map(\.rawValue).joined(separator: ", "))).",
    valueName: "role=column,…"))
  var columns: String?

  @Option(help: ArgumentHelp(
    "Where the input's figures come from, for the source line of tables and charts: estat (e-Stat as published), "
      + "synthetic (generated: 合成データ（実在の統計ではありません）), or a text such as 熊本県統計調査課 "
      + "(default: from the inputs; a file of unknown origin is named).", valueName: "source"))
  var source: String?

  func validate() throws {
    try Self.validate(period: period, codeChanges: codeChanges, asOf: asOf)
    if let c = columns {
      do { _ = try ColumnMapping(parsing: c) } catch { throw ValidationError(error.description) }
    }
  }

  static func validate(period: String?, codeChanges: String?, asOf: String?) throws {
    if let p = period, Period(parsing: p) == nil {
      throw ValidationError("--period must be YYYY or YYYY-MM, not '\(p)'")
    }
    if let d = asOf, CalendarDate(parsing: d) == nil {
      throw ValidationError("--as-of must be a date YYYY-MM-DD, not '\(d)'")
    }
    if (asOf == nil) != (codeChanges == nil) {
      throw ValidationError("--as-of and --code-changes go together: the changes to apply, and the date")
    }
  }

  /// The reader options the flags describe (reads the code-change table when one is given).
  func readerOptions() throws -> AnyInput.Options {
    var options = try Self.readerOptions(period: period, scope: scope ?? .all, codeChanges: codeChanges, asOf: asOf)
    options.scopeGiven = scope != nil
    options.columns = try columns.map { try ColumnMapping(parsing: $0) }
    return options
  }

  static func readerOptions(period: String?, scope: PopulationScope, codeChanges: String?, asOf: String?) throws -> AnyInput.Options {
    var options = AnyInput.Options(period: period.flatMap(Period.init(parsing:)), scope: scope)
    if let path = codeChanges, let date = asOf.flatMap(CalendarDate.init(parsing:)) {
      let (bytes, _) = try TextEncoding.utf8(InputFile.bytes(path), file: path)
      let (table, report) = try CodeChangeTable.read(bytes: bytes, file: path)
      printError(report.summaryLine)
      options.codeChanges = table
      options.asOf = date
    }
    return options
  }

  /// Prints a file's account and its notes (warnings, checks, what was not used) to stderr.
  static func printReport(_ r: ReadReport) {
    var r = r
    if r.file == "-" {
      r.file = InputSource.standardInputName
    }
    printError(r.summaryLine)
    for note in r.notes { printError("\(r.file): \(note)") }
  }

  /// The files to read: the given ones, or the bundled data — for 熊本県 (`area` 43) the seed's monthly reference
  /// table (2024–2025 Jan–Sep by counterpart), else the 2025 prefecture matrix.
  func paths(forArea area: Prefecture? = nil) throws -> [String] {
    guard input.isEmpty else { return input }
    return [try BundledData.path(area?.code == 43 ? BundledData.kumamotoReference : BundledData.odMatrix2025)]
  }

  /// Reads the inputs (``paths(forArea:)``) into one cube with the reader options of the flags, and prints each
  /// file's account (`read N, used U, rejected R`) and notes to stderr.
  func load(forArea area: Prefecture? = nil) throws -> (cube: MigrationCube, paths: [String]) {
    let paths = try paths(forArea: area)
    CommandLineFiles.read += paths
    let (cube, reports) = try AnyInput.read(paths: paths, options: readerOptions())
    for r in reports { Self.printReport(r) }
    return (cube, paths)
  }

  func load() throws -> MigrationCube { try load(forArea: nil).cube }

  /// The files these options name (inputs and the code-change table).
  var files: [String] { input + [codeChanges].compactMap { $0 } }
}
