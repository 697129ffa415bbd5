import ArgumentParser
import IdouAnalysis
import IdouCore
import IdouIngest
import IdouProjection
import IdouReport

/// `--method NAME|all` for the backtest.
enum MethodChoice: ExpressibleByArgument {
  case one(ProjectionMethod)
  case all

  init?(argument: String) {
    if argument == "all" {
      self = .all
    } else if let m = ProjectionMethod(rawValue: argument) {
      self = .one(m)
    } else {
      return nil
    }
  }

  var methods: [ProjectionMethod] {
    switch self {
    case .one(let m): [m]
    case .all: ProjectionMethod.allCases
    }
  }

  static var allValueStrings: [String] { ProjectionMethod.allCases.map(\.rawValue) + ["all"] }

  var defaultValueDescription: String {
    switch self {
    case .one(let m): m.rawValue
    case .all: "all"
    }
  }
}

extension Idou.Backtest: WritesTables {
  static let formats: [OutputFormat] = [.text, .csv, .json, .markdown, .xlsx]
  static let defaultFormat = OutputFormat.text
}

extension Idou {
  struct Backtest: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "backtest",
      abstract: "How far to trust a projection: past years projected from their first months, against the actual.",
      discussion: """
        For every past year with months 1–M and a known total (and the history the methods need), the year is \
        projected from January–M and compared with its actual total. Errors are projected − actual in persons; \
        MAE and RMSE for 転入, 転出 and net, MAPE for 転入 and 転出 only. With --method all every method is scored \
        on the same years and ranked by the MAE of the net. The current year (the latest with months 1–M, or \
        --year) is left out of the backtest and projected, with an interval from the range of the past errors. \
        Without --area: every area, by code.
        """)

    @OptionGroup var inputs: InputOptions
    @OptionGroup var options: ProjectionOptions

    @Option(help: "Projection method to score, or all of them.")
    var method: MethodChoice = .one(.samePeriodRatio)

    @Option(help: "The series (総数, 男, 女).")
    var sex: SeriesSex = .total

    @Option(help: "Score the series with one counterpart group of --counterparts (code or name, e.g. tokyo-area).")
    var counterpart: String?

    @Flag(help: "Which method to trust: every method (and the means of pairs and of all five) backtested over every area and M = 1…11, chosen on --selection years and scored on --evaluation years.")
    var study = false

    @Option(help: "With --study: the years the winner is chosen on, FIRST-LAST.")
    var selection: String = "2015-2020"

    @Option(help: "With --study: the years every candidate is scored on, FIRST-LAST.")
    var evaluation: String = "2021-2025"

    @OptionGroup var output: OutputOptions<Backtest>

    func validate() throws {
      if counterpart != nil && options.counterparts == nil {
        throw ValidationError("--counterpart needs --counterparts SET")
      }
      if options.area == nil && (sex != .total || counterpart != nil) {
        throw ValidationError("--sex and --counterpart need --area")
      }
      if options.area != nil && output.format == .csv { throw ValidationError("--format csv is for every area (no --area)") }
    }

    static func years(_ text: String, _ option: String) throws -> ClosedRange<Int> {
      let parts = text.split(separator: "-").compactMap { Int($0) }
      guard parts.count == 2, parts[0] <= parts[1] else { throw ValidationError("--\(option) must be FIRST-LAST, e.g. 2015-2020") }
      return parts[0]...parts[1]
    }

    func run() throws {
      try ProjectionOptions.reporting {
        let data = try options.data(inputs)
        if study {
          let clock = ContinuousClock(), start = clock.now
          let panel = try data.totals(try data.resolveAreas(try options.chosenArea().map { [$0] } ?? []))
          let s = MethodStudy(panel: panel, selection: try Self.years(selection, "selection"),
                              evaluation: try Self.years(evaluation, "evaluation"), history: options.history)
          if options.timings { printError("timing: study of \(s.candidates.count) candidates over \(panel.keys.count) areas in \(clock.now - start)") }
          guard output.format != .json else { throw ValidationError("--study writes text, csv, markdown or xlsx") }
          let tables = ProjectionOutput.studyTables(s)
          if output.format == .xlsx {
            try output.write(Document(tables: tables, source: inputs.sourceLine(paths: inputs.input)))
          } else {
            try output.write(tables.map { $0.render(output.format) }.joined(separator: "\n"))
          }
          return
        }
        let methods = method.methods
        let clock = ContinuousClock(), start = clock.now
        guard let wanted = try options.chosenArea() else {
          let areas = try data.resolveAreas([])
          let panel = try data.totals(areas, regions: try options.counterparts.map(RegionSet.named))
          let months = try panel.resolve(year: options.year, through: options.through)
          guard months.through < 12 else { throw AnalysisError.yearIsComplete(months.year) }
          let study = try BacktestStudy(panel: panel, months: months, methods: methods, history: options.history)
          if options.timings {
            printError("timing: \(methods.count) method(s) × \(study.series.first?.entries.first?.result.years.count ?? 0) years "
              + "backtested over \(panel.keys.count) areas, with the current projection, in \(clock.now - start)")
          }
          switch output.format {
          case .json: try output.write(ProjectionOutput.backtestAreasJSON(study))
          case .xlsx:
            try output.write(Document(table: ProjectionOutput.backtestAreasTable(study), source: inputs.sourceLine(paths: inputs.input)))
          default: try output.write(ProjectionOutput.backtestAreasTable(study).render(output.format))
          }
          return
        }
        let area = try data.resolveAreas([wanted])[0]
        var key = SeriesKey(area: area, sex: sex.sex)
        if let name = counterpart {
          let groups = data.counterpartKeys(of: area, sex: key.sex).compactMap(\.counterpart)
          guard let g = groups.first(where: { $0.codeText == name || $0.name == name || $0 == (try? AreaCatalog.standard.resolve(name)) }) else {
            printError("idou: --counterpart '\(name)' is not a counterpart of \(area.name) in the set "
              + "(\(groups.map(\.codeText).joined(separator: ", ")))")
            throw ExitCode(SysExit.usage)
          }
          key = SeriesKey(area: area, counterpart: g, sex: key.sex)
        }
        guard data.series.contains(key) else { throw ProjectionError.noSuchSeries(key.description) }
        let panel = try data.panel([key])
        let months = try panel.resolve(year: options.year, through: options.through)
        guard months.through < 12 else { throw AnalysisError.yearIsComplete(months.year) }
        let study = try BacktestStudy(panel: panel, months: months, methods: methods, history: options.history)
        if options.timings {
          printError("timing: backtest of \(methods.count) method(s) and the current projection in \(clock.now - start)")
        }
        let entries = study.series[0].entries
        switch output.format {
        case .json: try output.write(ProjectionOutput.backtestJSON(entries, single: methods.count == 1))
        case .xlsx:
          try output.write(Document(tables: ProjectionOutput.backtestTables(entries), source: inputs.sourceLine(paths: inputs.input)))
        default: try output.write(ProjectionOutput.backtestText(entries))
        }
      }
    }
  }
}
