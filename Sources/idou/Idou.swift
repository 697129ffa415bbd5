import ArgumentParser

/// `idou`: the statistics of 住民基本台帳人口移動報告 from the command line. A thin front over the libraries.
@main
struct Idou: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "idou",
    abstract: "Migration statistics of Japan's resident register (住民基本台帳人口移動報告).",
    discussion: "With no --input, commands run on the bundled real 2025 data under datasets/.",
    subcommands: [
      Summary.self, ReportTable.self, Project.self, Backtest.self, Chart.self, Report.self, Tidy.self,
      Aggregate.self, Ingest.self, Generate.self,
    ])
}
