import ArgumentParser
import IdouCore
import IdouIngest
import IdouProjection
import IdouReport

extension ProjectionMethod: ExpressibleByArgument {}
extension ProjectionView: ExpressibleByArgument {}

/// What `project` and `backtest` share: the area, the data, the series.
struct ProjectionOptions: ParsableArguments {
  @Option(help: "The area: a prefecture code or name (43, 熊本県) or a municipal code (43100).")
  var area: String

  @Option(help: "The last month with data, 1–11 (January through M are known).")
  var through: Int

  @Option(help: "Years of history k for seasonal-share and average-ratio.")
  var history: Int = 3

  @Option(name: [.customLong("regions"), .customLong("counterparts")],
          help: RegionSetArgument.help("Counterpart groups, whose series are projected too."),
          transform: RegionSetArgument.parse)
  var counterparts: String?

  @Flag(help: "Print the time spent building the series and projecting them to stderr.")
  var timings = false

  func validate() throws {
    guard (1...11).contains(through) else {
      throw ValidationError("--through must be a month 1–11 (12 is the whole year), not \(through)")
    }
    guard (1...50).contains(history) else { throw ValidationError("--history must be 1–50, not \(history)") }
  }

  /// The area's code as cube axes write it: `43` for a prefecture, five digits for a municipality.
  func areaCode() throws -> String {
    if let p = try? Area.prefecture(parsing: area) { return p.codeString }
    do {
      return try MunicipalCode(parsing: area.trimmingWhitespace()).fiveDigits
    } catch {
      throw ValidationError("--area '\(area)' is neither a prefecture (43, 熊本県) nor a municipal code (43100)")
    }
  }

  /// Reads the inputs and makes the series of every area (all series at once, as the engine works).
  func panel(_ inputs: InputOptions) throws -> (panel: MonthlyPanel, area: Area) {
    let code = try areaCode()
    let set = try counterparts.map(RegionSet.named)
    let cube = try inputs.load()
    let clock = ContinuousClock(), start = clock.now
    guard cube.isSquare, let area = cube.areas.first(where: { $0.code == code }) else {
      throw CubeError.noData("area \(code) (the data has \(cube.areas.count) areas)")
    }
    let panel = try MonthlyPanel(cube: cube, counterparts: set)
    if timings {
      printError("timing: series built in \(clock.now - start) (\(panel.keys.count) series × \(panel.yearCount) years)")
    }
    return (panel, area)
  }

  /// Runs a body, mapping projection errors to a one-line message and exit 65 (``Failure``).
  static func reporting(_ body: () throws -> Void) throws {
    try reportingFailures(body)
  }
}

extension Idou.Project: WritesTables {
  static let formats: [OutputFormat] = [.text, .csv, .json, .markdown]
  static let defaultFormat = OutputFormat.text
}

extension Idou {
  struct Project: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Project the calendar year's 転入, 転出 and 社会増減 from its first months.",
      discussion: """
        The same-period ratio method (同期比率法, the default): r = Jan–M this year ÷ Jan–M last year, and the \
        rest of the year = r × last year's months M+1–12; 転入 and 転出 are projected separately and net is their \
        difference. Input: monthly tables (month,area,sex,in,out or month,from,to,sex,count). Data of 総数 only \
        is projected as the total; male/female need their own data. With several rows (--sex all, \
        --counterparts) the output says whether it shows each row's own projection (--view direct) or the \
        bottom-up view whose parts add up to the total (--view reconciled).
        """)

    @OptionGroup var inputs: InputOptions
    @OptionGroup var options: ProjectionOptions

    @Option(help: YearArgument.help("The year to project (default: the latest year with months 1 to --through)."),
            transform: YearArgument.parse)
    var year: Int?

    @Option(help: "Projection method.")
    var method: ProjectionMethod = .samePeriodRatio

    @Option(help: "The series (総数, 男, 女), or all three.")
    var sex: SexChoice = .total

    @Option(help: "Rows projected each on its own (direct), or totals that are the sum of their parts (reconciled).")
    var view: ProjectionView = .direct

    @OptionGroup var output: OutputOptions<Project>

    func run() throws {
      try ProjectionOptions.reporting {
        let (panel, area) = try options.panel(inputs)
        let available = Set(panel.keys.map(\.sex))
        for s in sex.sexes where !available.contains(s) {
          throw CubeError.noData("\(s.label) (\(s.word)): the input gives \(available.sorted().map(\.label).joined(separator: ", ")) only")
        }
        guard let year = year ?? panel.latestYear(through: options.through) else {
          throw CubeError.noData("any year with months 1–\(options.through)")
        }
        let clock = ContinuousClock(), start = clock.now
        let projection = try Projection(panel: panel, year: year, through: options.through, method: method,
                                        history: options.history)
        if options.timings { printError("timing: \(panel.keys.count) series projected in \(clock.now - start)") }
        let rows = try self.rows(projection, area: area, grouped: options.counterparts != nil)
        let single = rows.count == 1
        switch output.format {
        case .json:
          try output.write(ProjectionOutput.projectJSON(rows, year: year, through: options.through, method: method,
                                                        view: view, single: single))
        default:
          let table = ProjectionOutput.projectTable(rows, year: year, through: options.through, method: method,
                                                    view: view, history: options.history)
          try output.write((output.format == .csv ? table : ProjectionOutput.forPeople(table)).render(output.format))
        }
      }
    }

    /// The rows to show: the chosen sexes, each with its counterparts when grouped. In the reconciled view a
    /// total (総数 with --sex all; 全国計 with --counterparts) is the sum of the parts shown, along both axes when
    /// both apply, so that every total row adds up from the rows of its parts.
    func rows(_ p: Projection, area: Area, grouped: Bool) throws -> [ProjectionOutput.Row] {
      var rows: [ProjectionOutput.Row] = []
      let counterparts: [Area?] = grouped ? [nil] + uniqueCounterparts(p, area: area) : [nil]
      for s in sex.sexes {
        for c in counterparts {
          let key = SeriesKey(area: area, counterpart: c, sex: s)
          var axes: Set<ReconciliationAxis> = []
          if view == .reconciled {
            if s == .total && sex == .all { axes.insert(.sex) }
            if c == nil && grouped { axes.insert(.counterpart) }
          }
          if axes.isEmpty {
            rows.append(.init(try p.series(key)))
          } else {
            rows.append(.init(try p.reconciled(key, from: p.parts(of: key, by: axes)).total, reconciledBy: axes))
          }
        }
      }
      return rows
    }

    func uniqueCounterparts(_ p: Projection, area: Area) -> [Area?] {
      var seen: [Area] = []
      for k in p.keys where k.area == area { if let c = k.counterpart, !seen.contains(c) { seen.append(c) } }
      return seen
    }
  }
}
