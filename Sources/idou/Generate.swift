import ArgumentParser
import IdouCore
import IdouIngest

extension Idou {
  struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "generate",
      abstract: "Write synthetic move records calibrated to the real 2025 flows (deterministic for a seed).",
      discussion: """
        Rows date,from,to,sex,age,nationality: flows between prefectures in proportion to the real 2025 matrix, \
        moves within prefectures, March/April peaks, a sex split and an age profile; municipal codes from the \
        bundled catalog with check digits.
        """)

    @Option(help: "Number of records.")
    var records: Int

    @Option(help: "Random seed (the same seed gives the same file).")
    var seed: UInt64 = 1

    @Option(help: YearArgument.help("Calendar year of the records."), transform: YearArgument.parse)
    var year: Int = 2025

    @Option(help: "The file to write.")
    var output: String

    func validate() throws {
      guard records >= 0 else { throw ValidationError("--records must be ≥ 0") }
      guard (1900...2099).contains(year) else { throw ValidationError("--year must be 1900–2099") }
    }

    func run() throws {
      try reportingFailures {
        try RecordGenerator.bundled().write(records: records, seed: seed, year: year, to: output)
      }
    }
  }
}
