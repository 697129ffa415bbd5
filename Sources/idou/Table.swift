import ArgumentParser
import IdouAnalysis
import IdouCore
import IdouIngest
import IdouReport

extension FlowDirection: ExpressibleByArgument {}
/// `table --by`: the rows of the monthly table, or the age classes of an age table.
enum TableRows: String, CaseIterable, ExpressibleByArgument {
  case counterpart, sex, month
  /// 5歳階級, 年齢3区分 and 総数 by 総数/男/女, a section per direction (an e-Stat age table).
  case age

  var monthly: MonthlyTableRows? { MonthlyTableRows(rawValue: rawValue) }
}

extension Idou.ReportTable: WritesTables {
  static let formats: [OutputFormat] = [.text, .csv, .json, .markdown, .xlsx]
  static let defaultFormat = OutputFormat.text
}

extension Idou {
  /// `idou table`: the monthly report table (named `ReportTable` so as not to hide `IdouReport.Table`).
  struct ReportTable: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "table",
      abstract: "Monthly 転出/転入/社会増減 of an area by counterpart, with the difference from a year earlier.",
      discussion: """
        Rows are counterparts (a region set's groups and 全国計), columns months 1…M and their total; each cell is \
        the figure and, in brackets, its difference from the same period a year earlier: 385 (▲7). Missing months \
        show — and are never counted as zero. With no --input: for --area 43 the bundled 熊本県 reference table \
        (2024–2025 Jan–Sep, 東京圏/大阪圏/福岡県), else the bundled 2025 prefecture matrix (annual, no differences).
        """)

    @Option(help: "The area: a code or name (43, 熊本県, Kumamoto, 熊本市).")
    var area: AreaArgument

    @Option(help: YearArgument.help("Calendar year (default: the latest year in the data)."), transform: YearArgument.parse)
    var year: Int?

    @Option(help: "Last month shown (columns 1…M); default: the last month of the year in the data.")
    var through: Int?

    @Option(help: "Sections: 転入 (in), 転出 (out), 社会増減 (net); repeat for several (default: out, in, net).")
    var direction: [FlowDirection] = []

    @Option(help: "Rows: counterparts, sexes (全国計 by 総数/男/女), months, or age classes (5歳階級 × 総数/男/女, from an age table).")
    var by: TableRows = .counterpart

    @Option(help: RegionSetArgument.help("Counterpart groups (default: a counterpart table's own counterparts, else three-metro)."),
            transform: RegionSetArgument.parse)
    var regions: String?

    @Option(help: "Sex of counterpart and month tables (総数, 男, 女).")
    var sex: SeriesSex = .total

    @Flag(help: "Also show その他 (the counterparts no group names).")
    var rest = false

    @Option(name: .customLong("moving-average"),
            help: ArgumentHelp("With --by month: the area's months with 転入超過 and its K-month trailing moving average (12: 12か月後方移動平均), sign changes flagged.", valueName: "K"))
    var movingAverage: Int?

    @OptionGroup var output: OutputOptions<ReportTable>

    @Option(help: EraArgument.help)
    var era: EraArgument?

    @OptionGroup var inputs: InputOptions

    func validate() throws {
      if let m = through, !(1...12).contains(m) { throw ValidationError("--through must be a month 1–12, not \(m)") }
      if let k = movingAverage {
        guard by == .month else { throw ValidationError("--moving-average needs --by month") }
        guard (2...120).contains(k) else { throw ValidationError("--moving-average must be 2–120 months, not \(k)") }
      }
    }

    func run() throws {
      if let k = movingAverage { return try runTrend(window: k) }
      if by == .age { return try runAges() }
      try reportingFailures {
        let area = try self.area.resolved()
        let (cube, paths) = try inputs.load(forArea: area.prefecture)

        let set = try regions.map(RegionSet.named)
        let flows = try cube.counterpartFlows(of: area, regions: set)
        let table = try MonthlyTable(
          flows: flows, year: year, through: through,
          directions: direction.isEmpty ? [.outflow, .inflow, .net] : direction, rows: by.monthly!, sex: sex.sex,
          includeRest: rest)
        try output.write(table.document(era: EraArgument.style(era), source: inputs.sourceLine(paths: paths)))
      }
    }

    /// `--by age`: the area's age classes by 総数/男/女, a section per direction.
    func runAges() throws {
      try reportingFailures {
        let subject = try area.resolved()
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
        let tables = try m.sexes.map { try AgeTable(margins: m, area: subject, year: year, sex: $0) }
        guard !tables.isEmpty else { throw CubeError.noData("any sex of \(subject.name)") }
        var people = (direction.isEmpty ? [.inflow, .outflow, .net] : direction).map { Table.agesBySex(tables, direction: $0) }
        if let a = m.areaIndex(subject) {
          for i in people.indices { people[i].scope = "\(m.scope.label)、\(m.boundaries[a].movesLabel)" }
        }
        try output.write(Document(tables: people, machine: Table.agesBySexMachine(tables), source: inputs.sourceLine(paths: paths)))
      }
    }

    /// `--by month --moving-average K`: the area's months (of --year, or all) with the net's moving average.
    /// A group such as 東京圏: from flows, its own 転入/転出 (moves between members are inside it); from per-area
    /// totals, its row when the data has one, else the sum of its members' nets (転入/転出 absent).
    func runTrend(window k: Int) throws {
      try reportingFailures {
        let subject = try area.resolved()
        let paths = try inputs.paths(forArea: subject.prefecture)
        CommandLineFiles.read += paths
        let options = try inputs.readerOptions()
        var figures: [Figures] = []
        for path in paths {
          let (f, report) = try Inputs.read(path: path, options: options).selecting(for: options)
          InputOptions.printReport(report)
          figures.append(f)
        }
        let set = try regions.map(RegionSet.named)
          ?? RegionSet.builtIn.values.sorted { $0.id < $1.id }.first { $0.groups.contains { $0.area == subject } }
        let group = set?.groups.first { $0.area == subject }
        let trend: MonthlyTrend
        let flows = figures.compactMap { f -> FlowTable? in if case .flows(let t) = f { t } else { nil } }
        if flows.count == figures.count, let set, group != nil {
          let margins = try MigrationCube.merged(flows.map { try $0.cube() }).margins(regions: set)
          trend = try MonthlyTrend(margins: margins, area: subject, window: k, year: year, sex: sex.sex)
        } else {
          let margins = try Margins.merged(figures.map(\.margins))
          if margins.areaIndex(subject) == nil, let group {
            trend = try MonthlyTrend(margins: margins, group: group, window: k, year: year, sex: sex.sex)
          } else {
            trend = try MonthlyTrend(margins: margins, area: subject, window: k, year: year, sex: sex.sex)
          }
        }
        var table = Table.trend(trend, era: EraArgument.style(era))
        table.scope = "\(figures.first?.scope.label ?? "")、\(sex.sex.label)"
        try output.write(Document(table: table, source: inputs.sourceLine(paths: paths)))
      }
    }
  }
}
