import ArgumentParser
import IdouCore
import IdouIngest
import IdouReport

extension Idou.Tidy: WritesTables {
  static let formats: [OutputFormat] = [.csv, .json, .text, .markdown]
  static let defaultFormat = OutputFormat.csv
}

extension Idou {
  struct Tidy: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Any supported input as tidy rows: period,scope,from,to,sex,count.",
      discussion: """
        One row per non-zero count the input gives (e-Stat downloads and API CSV, tidy tables, long tables, wide \
        matrices, counterpart tables), \
        every population scope the files hold, codes as the engine keys them (prefectures 43, municipalities \
        43100, 00000 全国, 99300 不詳 for the other end of per-area totals). Stderr tells per file the rows read, \
        the values used, the no-value markers seen and any 総数 check that failed.
        """)

    @Argument(help: "Input files (e-Stat CSV in UTF-8 or CP932, tidy or long tables, wide matrices; default: the bundled 2025 matrix).")
    var files: [String] = []

    @OptionGroup var output: OutputOptions<Tidy>

    @Option(help: "The period of a wide matrix that does not say it (YYYY or YYYY-MM); else from the file name.")
    var period: String?

    @Option(name: .customLong("code-changes"), help: "Municipal code changes old_code,new_code,effective_date[,share].")
    var codeChanges: String?

    @Option(name: .customLong("as-of"), help: "Re-key municipal codes to those in force on this date (YYYY-MM-DD).")
    var asOf: String?

    func validate() throws {
      try InputOptions.validate(period: period, codeChanges: codeChanges, asOf: asOf)
    }

    func run() throws {
      try reportingFailures {
        let options = try InputOptions.readerOptions(period: period, scope: .all, codeChanges: codeChanges, asOf: asOf)
        var byScope: [PopulationScope: [MigrationCube]] = [:]
        let paths = files.isEmpty ? [try BundledData.path(BundledData.odMatrix2025)] : files
        for file in paths {
          let (cubes, report) = try AnyInput.readEveryScope(path: file, options: options)
          InputOptions.printReport(report)
          for c in cubes { byScope[c.scope, default: []].append(c) }
        }
        var rows: [TidyRow] = []
        for scope in PopulationScope.allCases {
          guard let cubes = byScope[scope] else { continue }
          rows += try MigrationCube.merged(cubes).tidyRows()
        }
        rows.sort(by: TidyRow.canonicalOrder)
        try output.write(Table.tidy(rows).render(output.format))
      }
    }
  }
}
