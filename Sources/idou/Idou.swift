import ArgumentParser
import IdouIO

/// `idou`: the statistics of 住民基本台帳人口移動報告 from the command line. A thin front over the libraries.
@main
struct Idou: ParsableCommand {
  /// The version `idou --version` prints.
  static let version = "0.5.0"

  static let configuration = CommandConfiguration(
    commandName: "idou",
    abstract: "Migration statistics of Japan's resident register (住民基本台帳人口移動報告).",
    discussion: """
      With no --input, commands run on the bundled real data under datasets/. Every input may be '-' (standard \
      input) or a pipe. Errors are one line 'idou: …' on stderr; exit codes (sysexits): 0 done (also when a \
      reader such as 'head' closes the pipe early), 64 usage, 65 data error, 66 no such input, 74 read or write \
      error (nothing half-written is left in place).
      """,
    version: "idou \(version)",
    subcommands: [
      Summary.self, ReportTable.self, Project.self, Backtest.self, Chart.self, Report.self, Tidy.self,
      Aggregate.self, Ingest.self, Generate.self,
    ])

  /// Parses, checks the files the command names, runs it, and reports any failure in idou's one style
  /// (``Failure``) instead of ArgumentParser's `Error: … Usage: …`.
  static func main() {
    StandardStreams.prepare()
    let arguments = EraArgument.normalized(Array(CommandLine.arguments.dropFirst()))
    var code: Int32 = 0
    Failure.command = subcommandName(in: arguments)
    do {
      var command = try parseAsRoot(arguments)
      try CommandLineFiles.check(command)
      try command.run()
    } catch {
      code = Failure.report(error)
    }
    StandardStreams.exit(code)
  }

  /// The subcommand the arguments name (for the `see 'idou NAME --help'` of an error), if any.
  static func subcommandName(in arguments: [String]) -> String? {
    let names = configuration.subcommands.map { $0._commandName }
    return arguments.first { names.contains($0) }
  }
}
