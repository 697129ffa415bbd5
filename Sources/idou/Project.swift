import ArgumentParser
import IdouAnalysis
import IdouCore
import IdouIngest
import IdouProjection
import IdouReport

extension ProjectionMethod: ExpressibleByArgument {}
extension ProjectionView: ExpressibleByArgument {}

/// What `project` and `backtest` share: which areas, year and months, which series, from which data.
struct ProjectionOptions: ParsableArguments {
  @Option(help: "The area: a code or name (43, 熊本県, 43100, 熊本市); default: every area of the data.")
  var area: AreaArgument?

  @Option(help: YearArgument.help("The year to project (default: the latest year with months 1 to --through, else the latest year)."),
          transform: YearArgument.parse)
  var year: Int?

  @Option(help: "The last month with data, 1–11 (default: the latest month the data has for the year).")
  var through: Int?

  @Option(help: "Years of history k for seasonal-share and average-ratio.")
  var history: Int = 3

  @Option(name: [.customLong("regions"), .customLong("counterparts")],
          help: RegionSetArgument.help("With --area: counterpart groups, whose series are projected too. Without: the groups as rows after the areas, each the sum of its member areas."),
          transform: RegionSetArgument.parse)
  var counterparts: String?

  @Flag(help: "Print the time spent reading, projecting and backtesting to stderr.")
  var timings = false

  func validate() throws {
    if let m = through, !(1...11).contains(m) {
      throw ValidationError("--through must be a month 1–11 (12 is the whole year), not \(m)")
    }
    guard (1...50).contains(history) else { throw ValidationError("--history must be 1–50, not \(history)") }
  }

  /// The area asked for, as an area of the data (`nil`: every area).
  func chosenArea() throws -> Area? {
    try area?.resolved()
  }

  /// Reads the inputs (or the bundled data) into the analysis layer's data, printing each file's account.
  func data(_ inputs: InputOptions) throws -> MigrationData {
    let clock = ContinuousClock(), start = clock.now
    let area = try chosenArea()
    let set = area == nil ? nil : try counterparts.map(RegionSet.named)
    CommandLineFiles.read += inputs.input
    // No --input: the bundled real series, compiled into idou.
    let loaded = inputs.input.isEmpty
      ? try AnalysisInputs.bundled(options: inputs.readerOptions(), counterparts: set)
      : try AnalysisInputs.read(paths: inputs.input, options: inputs.readerOptions(), counterparts: set)
    for r in loaded.reports { InputOptions.printReport(r) }
    if timings { printError("timing: inputs read in \(clock.now - start)") }
    return loaded.data
  }

  /// Runs a body, reporting failures in idou's one style (``Failure``); the analysis layer's errors are about the
  /// data as a whole, so they name the inputs as data errors do.
  static func reporting(_ body: () throws -> Void) throws {
    try reportingFailures {
      do {
        try body()
      } catch let e as AnalysisError {
        printError("idou: \(Failure.inputs)\(e)")
        throw ExitCode(SysExit.dataError)
      }
    }
  }
}

extension Idou.Project: WritesTables {
  static let formats: [OutputFormat] = [.text, .csv, .json, .markdown, .xlsx]
  static let defaultFormat = OutputFormat.text
}

extension Idou {
  struct Project: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "project",
      abstract: "Project the calendar year's 転入, 転出 and 社会増減 from its first months.",
      discussion: """
        The same-period ratio method (同期比率法, the default): r = Jan–M this year ÷ Jan–M last year, and the \
        rest of the year = r × last year's months M+1–12; 転入 and 転出 are projected separately and net is their \
        difference. Last year's months M+1–12 may come from its annual total (annual − Jan–M; the output says so). \
        Beside the projection: the range of the method's past errors (its backtest on the years before), the \
        actual year when the data has it, and --target (a KPI on the net). Without --area: every area, by code. \
        With no --input: the bundled real data.
        """)

    @OptionGroup var inputs: InputOptions
    @OptionGroup var options: ProjectionOptions

    @Option(help: "Projection method.")
    var method: ProjectionMethod = .samePeriodRatio

    @Option(help: "The series (総数, 男, 女), or all three (one area).")
    var sex: SexChoice = .total

    @Option(help: "Rows projected each on its own (direct), or totals that are the sum of their parts (reconciled).")
    var view: ProjectionView = .direct

    @Option(help: "A KPI on the year's 社会増減 in persons, e.g. --target=-1624: met when the projection is at or above it.")
    var target: Int?

    @OptionGroup var output: OutputOptions<Project>

    func validate() throws {
      if options.area == nil && sex != .total {
        throw ValidationError("--sex needs --area: it breaks one area's series down")
      }
    }

    func run() throws {
      try ProjectionOptions.reporting {
        let data = try options.data(inputs)
        let clock = ContinuousClock(), start = clock.now
        guard let wanted = try options.chosenArea() else {
          let study = try ProjectionStudy(data: data, regions: try options.counterparts.map(RegionSet.named),
                                          year: options.year, through: options.through, method: method,
                                          history: options.history, target: target.map(Int64.init))
          if options.timings { printError("timing: \(study.rows.count) areas projected and backtested in \(clock.now - start)") }
          let rows = study.rows.map(ProjectionOutput.Row.init)
          switch output.format {
          case .json:
            try output.write(ProjectionOutput.projectJSON(rows, year: study.months.year, through: study.months.through,
                                                          method: method, view: view, single: false,
                                                          derivedFrom: study.derivedRemainders))
          case .xlsx:
            let t = ProjectionOutput.projectAreasTable(rows, year: study.months.year, through: study.months.through,
                                                       method: method, derivedNote: study.derivedNote)
            try output.write(Document(table: t, source: inputs.sourceLine(paths: inputs.input)))
          default:
            let t = ProjectionOutput.projectAreasTable(rows, year: study.months.year, through: study.months.through,
                                                       method: method, derivedNote: study.derivedNote)
            try output.write(t.render(output.format))
          }
          return
        }
        let area = try data.resolveAreas([wanted])[0]
        var keys: [SeriesKey] = []
        for s in sex.sexes {
          keys.append(SeriesKey(area: area, sex: s))
          if options.counterparts != nil {
            let counterparts = data.counterpartKeys(of: area, sex: s)
            guard !counterparts.isEmpty else {
              throw AnalysisError.noData("counterparts of \(area.name): the data gives only its 転入 and 転出 totals; "
                + "counterparts need an origin–destination table or a counterpart table")
            }
            keys += counterparts
          }
        }
        let missing = keys.filter { !data.series.contains($0) }
        if let k = missing.first {
          let have = [Sex.total, .male, .female].filter { data.series.contains(SeriesKey(area: area, sex: $0)) }
          throw AnalysisError.noData("\(k.sex.label) (\(k.sex.word)) of \(area.name): the input gives "
            + have.map(\.label).joined(separator: ", ") + " only")
        }
        let panel: MonthlyPanel
        if options.counterparts != nil {
          // The area's total may go back further than its counterpart series: the periods they all have.
          let (common, leftOut) = try data.commonPanel(keys)
          if let first = leftOut.first, let last = leftOut.last {
            printError("idou: note: \(leftOut.count) period\(leftOut.count == 1 ? "" : "s") of \(area.name)'s total (\(first)…\(last)) not used: its counterpart series do not have them")
          }
          panel = common
        } else {
          panel = try data.panel(keys)
        }
        let months = try panel.resolveForProjection(year: options.year, through: options.through)
        let study = try ProjectionStudy(panel: panel, months: months, method: method, history: options.history,
                                        target: target.map(Int64.init))
        if options.timings { printError("timing: \(panel.keys.count) series projected and backtested in \(clock.now - start)") }
        let rows = try self.rows(study, area: area, grouped: options.counterparts != nil)
        let single = rows.count == 1
        switch output.format {
        case .json:
          try output.write(ProjectionOutput.projectJSON(rows, year: months.year, through: months.through, method: method,
                                                        view: view, single: single, derivedFrom: study.derivedRemainders))
        case .csv:
          let table = ProjectionOutput.projectTable(rows, year: months.year, through: months.through, method: method,
                                                    view: view, history: options.history, derivedNote: study.derivedNote)
          try output.write(table.render(.csv))
        case .xlsx:
          let table = ProjectionOutput.projectTable(rows, year: months.year, through: months.through, method: method,
                                                    view: view, history: options.history, derivedNote: study.derivedNote)
          try output.write(Document(table: ProjectionOutput.forPeople(table), source: inputs.sourceLine(paths: inputs.input)))
        default:
          let table = ProjectionOutput.projectTable(rows, year: months.year, through: months.through, method: method,
                                                    view: view, history: options.history, derivedNote: study.derivedNote)
          var text = ProjectionOutput.forPeople(table).render(output.format)
          if let first = rows.first, !first.isReconciledTotal {
            text += ProjectionOutput.projectLines(first, year: months.year)
          }
          try output.write(text)
        }
      }
    }

    /// The rows to show: the chosen sexes, each with its counterparts when grouped. In the reconciled view a
    /// total (総数 with --sex all; 全国計 with --counterparts) is the sum of the parts shown, along both axes when
    /// both apply, so that every total row adds up from the rows of its parts.
    func rows(_ study: ProjectionStudy, area: Area, grouped: Bool) throws -> [ProjectionOutput.Row] {
      let p = study.projection
      let byKey = Dictionary(study.rows.map { ($0.projection.key, $0) }, uniquingKeysWith: { a, _ in a })
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
            guard let row = byKey[key] else { throw ProjectionError.noSuchSeries(key.description) }
            rows.append(.init(row))
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
