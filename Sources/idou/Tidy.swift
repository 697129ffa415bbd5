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
      commandName: "tidy",
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

    @Option(help: ArgumentHelp("Which columns of another tool's CSV hold what (see summary --help).", valueName: "role=column,…"))
    var columns: String?

    func validate() throws {
      try InputOptions.validate(period: period, codeChanges: codeChanges, asOf: asOf)
      if let c = columns {
        do { _ = try ColumnMapping(parsing: c) } catch { throw ValidationError(error.description) }
      }
    }

    func run() throws {
      try reportingFailures {
        var options = try InputOptions.readerOptions(period: period, scope: .all, codeChanges: codeChanges, asOf: asOf)
        options.columns = try columns.map { try ColumnMapping(parsing: $0) }
        let paths = files.isEmpty ? [try BundledData.path(BundledData.odMatrix2025)] : files
        // Rows straight from the sparse flows: memory follows the cells, never a dense cube of every area.
        var seen: [TidyRow.Key: (count: Int64?, file: String)] = [:]
        var rows: [TidyRow] = []
        for file in paths {
          let result = try Inputs.read(path: file, options: options)
          InputOptions.printReport(result.report)
          for f in result.figures {
            for r in f.flowsThroughUnknown.tidyRows() {
              if let earlier = seen[r.key] {
                guard earlier.count == r.count else {
                  throw DataError(file: file, line: 0, column: 0,
                                  reason: "\(r.period) \(r.scope) \(r.from.codeText)→\(r.to.codeText) \(r.sex.label) is \(r.count.map(String.init) ?? "-") here and \(earlier.count.map(String.init) ?? "-") in \(earlier.file)")
                }
                continue
              }
              seen[r.key] = (r.count, file)
              rows.append(r)
            }
          }
        }
        rows.sort(by: TidyRow.canonicalOrder)
        try output.write(Table.tidy(rows).render(output.format))
      }
    }
  }
}
