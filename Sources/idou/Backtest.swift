import ArgumentParser
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
  static let formats: [OutputFormat] = [.text, .json]
  static let defaultFormat = OutputFormat.text
}

extension Idou {
  struct Backtest: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "How far to trust a projection: past years projected from their first months, against the actual.",
      discussion: """
        For every past year with complete data (and the history the methods need), the year is projected from \
        January–M and compared with its actual total. Errors are projected − actual in persons; MAE and RMSE for \
        転入, 転出 and net, MAPE for 転入 and 転出 only. With --method all every method is scored on the same years \
        and ranked by the MAE of the net. The current year (the latest with months 1–M, or --year) is left out of \
        the backtest and projected, with an interval from the range of the past errors.
        """)

    @OptionGroup var inputs: InputOptions
    @OptionGroup var options: ProjectionOptions

    @Option(help: "Projection method to score, or all of them.")
    var method: MethodChoice = .one(.samePeriodRatio)

    @Option(help: YearArgument.help("The current year, left out of the backtest (default: the latest year with months 1 to --through)."),
            transform: YearArgument.parse)
    var year: Int?

    @Option(help: "The series (総数, 男, 女).")
    var sex: SeriesSex = .total

    @Option(help: "Score the series with one counterpart group of --counterparts (code or name, e.g. tokyo-area).")
    var counterpart: String?

    @OptionGroup var output: OutputOptions<Backtest>

    func validate() throws {
      if counterpart != nil && options.counterparts == nil {
        throw ValidationError("--counterpart needs --counterparts SET")
      }
    }

    func run() throws {
      try ProjectionOptions.reporting {
        let (panel, area) = try options.panel(inputs)
        var group: Area? = nil
        if let wanted = counterpart {
          let groups = panel.keys.compactMap { $0.area == area ? $0.counterpart : nil }
          guard let g = groups.first(where: { $0.code == wanted || $0.name == wanted }) else {
            printError("idou: --counterpart '\(wanted)' is not a counterpart of \(area.name) in the set "
              + "(\(Array(Set(groups.map(\.code))).sorted().joined(separator: ", ")))")
            throw ExitCode(SysExit.usage)
          }
          group = g
        }
        let key = SeriesKey(area: area, counterpart: group, sex: sex.sex)
        guard panel.index(of: key) != nil else { throw ProjectionError.noSuchSeries(key.description) }
        let current = year ?? panel.latestYear(through: options.through)
        let methods = method.methods
        let clock = ContinuousClock(), start = clock.now
        let runs = try IdouProjection.Backtest.run(panel: panel, through: options.through, methods: methods,
                                                   history: options.history, before: current)
        var projections: [ProjectionMethod: Projection] = [:]
        if let y = current {
          for m in methods {
            projections[m] = try? Projection(panel: panel, year: y, through: options.through, method: m,
                                             history: options.history)
          }
        }
        if options.timings {
          printError("timing: backtest of \(methods.count) method(s) × \(runs.first?.years.count ?? 0) years over "
            + "\(panel.keys.count) series, and the current projection, in \(clock.now - start)")
        }
        let results = try runs.map { try $0.series(key) }
        let ranked = IdouProjection.Backtest.ranked(results)
        let entries = try results.map { r in
          let rank = ranked.firstIndex { $0.method == r.method }! + 1
          let now = try projections[r.method].map { p in (current!, r.interval(for: try p.series(key))) }
          return ProjectionOutput.BacktestEntry(result: r, rank: rank, current: now)
        }.sorted { $0.rank < $1.rank }
        switch output.format {
        case .json: try output.write(ProjectionOutput.backtestJSON(entries, single: methods.count == 1))
        default: try output.write(ProjectionOutput.backtestText(entries))
        }
      }
    }
  }
}
