import ArgumentParser
import IdouAnalysis
import IdouCore
import IdouIngest
import IdouProjection
import IdouReport

extension ChartKind: ExpressibleByArgument {}

/// Options `chart` and `report` share: which area, year and months, which counterparts, era labels, the method.
struct ChartOptions: ParsableArguments {
  @Option(help: "The area: a code or name (43, 熊本県, Kumamoto, 熊本市, 43100) in the data.")
  var area: AreaArgument

  @Option(help: YearArgument.help("Calendar year (default: the latest year in the data)."), transform: YearArgument.parse)
  var year: Int?

  @Option(help: "Last month with data for the year (1–12; default: the last month the data has).")
  var through: Int?

  @Option(help: RegionSetArgument.help("Counterpart areas (default: a counterpart table's own groups, else three-metro)."),
          transform: RegionSetArgument.parse)
  var regions: String?

  @Option(help: EraArgument.help)
  var era: EraArgument?

  @Option(help: "Projection method for the 推計 of a year still running.")
  var method: ProjectionMethod = .samePeriodRatio

  @Option(help: "A KPI on the year's 社会増減 in persons, e.g. --target=-1624.")
  var target: Int?

  func validate() throws {
    if let m = through, !(1...12).contains(m) { throw ValidationError("--through must be a month 1–12, not \(m)") }
  }

  func chosenArea() throws -> Area { try area.resolved() }

  /// Reads the inputs (or the bundled data) and computes the area's report figures.
  func figures(_ inputs: InputOptions) throws -> (figures: AreaReport, sources: [String], sourceLine: String) {
    let area = try chosenArea()
    let set = try regions.map(RegionSet.named)
    CommandLineFiles.read += inputs.input
    // No --input: the bundled real series, compiled into idou.
    let loaded = inputs.input.isEmpty
      ? try AnalysisInputs.bundled(options: inputs.readerOptions(), counterparts: set)
      : try AnalysisInputs.read(paths: inputs.input, options: inputs.readerOptions(), counterparts: set)
    for r in loaded.reports { InputOptions.printReport(r) }
    let figures = try AreaReport(data: loaded.data, area: area, year: year, through: through, method: method,
                                 target: target.map(Int64.init), era: EraArgument.style(era))
    return (figures, loaded.data.sources, inputs.sourceLine(paths: inputs.input))
  }
}

extension Idou {
  struct Chart: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "chart",
      abstract: "Draw a chart of an area's migration as SVG.",
      discussion: """
        Kinds: yearly-net (社会増減 per year, the projected year hatched as 推計, beside its actual when the data \
        has it), monthly (転入/転出 by month, this year against last), net-by-sex (男女別の社会増減 per year), \
        outflow-by-counterpart (転出 by counterpart area). The same charts as the report. With no --input: the \
        bundled real data.
        """)

    @Argument(help: "yearly-net, monthly, net-by-sex or outflow-by-counterpart.")
    var kind: ChartKind

    @OptionGroup var chart: ChartOptions
    @OptionGroup var inputs: InputOptions

    @OptionGroup var document: DocumentOutputOptions

    func run() throws {
      if kind == .netByAge { return try runAges() }
      try ProjectionOptions.reporting {
        let (figures, _, source) = try chart.figures(inputs)
        switch ReportCharts.chart(kind, figures, width: ChartStyle().width, height: ChartStyle().height, source: source) {
        case .success(let svg): try document.write(svg.xml)
        case .failure(let why):
          printError("idou: \(Failure.inputs)\(why.message)")
          throw ExitCode(SysExit.dataError)
        }
      }
    }

    /// `net-by-age`: 転入超過 by 5歳階級, 男 and 女 (総数 when the table has no sexes), from an age table.
    func runAges() throws {
      try reportingFailures {
        let subject = try chart.chosenArea()
        let paths = try inputs.paths(forArea: nil)
        CommandLineFiles.read += paths
        let options = try inputs.readerOptions()
        var margins: [Margins] = []
        for path in paths {
          let (f, report) = try Inputs.read(path: path, options: options).selecting(for: options)
          InputOptions.printReport(report)
          margins.append(f.margins)
        }
        let m = try Margins.merged(margins)
        let sexes: [Sex] = m.sexes.contains(.male) && m.sexes.contains(.female) ? [.male, .female] : [.total]
        let tables = try sexes.map { try AgeTable(margins: m, area: subject, year: chart.year, sex: $0) }
        var figure = MigrationCharts.netByAge(areaName: subject.name, year: tables[0].year,
                                              bySex: tables.map { ($0.sex, $0.rows) }, era: EraArgument.style(chart.era))
        figure.style.source = inputs.sourceLine(paths: paths)
        if let a = m.areaIndex(subject) { figure.subtitle = "\(m.scope.label)、\(m.boundaries[a].movesLabel)" }
        try document.write(figure.svg().xml)
      }
    }
  }
}
