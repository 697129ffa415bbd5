import ArgumentParser
import IdouAnalysis
import IdouCore
import IdouIngest
import IdouReport

extension RankMeasure: ExpressibleByArgument {}

/// What the rows of `summary` are.
enum SummaryRows: String, CaseIterable, ExpressibleByArgument {
  /// Areas (or the groups of --regions).
  case area
  /// The counterparts of one --area: 転入元 and 転出先, ranked, with 構成比.
  case counterpart
}

extension Idou.Summary: WritesTables {
  static let formats: [OutputFormat] = [.text, .csv, .json, .markdown, .xlsx]
  static let defaultFormat = OutputFormat.text
}

extension Idou {
  struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "転入, 転出 and net (転入超過) per area or region for a year.",
      discussion: """
        Areas are prefecture codes or names (43, 熊本県, Kumamoto). With --regions the rows are the regions of the \
        set; moves inside a region do not count as its 転入 or 転出.
        """)

    @OptionGroup var inputs: InputOptions

    @Option(help: YearArgument.help("Calendar year (default: the latest year in the data)."), transform: YearArgument.parse)
    var year: Int?

    @Option(name: .long, parsing: .upToNextOption, help: "Areas to list, by code or name (default: all).")
    var area: [AreaArgument] = []

    @Option(help: RegionSetArgument.help("Group areas by a region set."), transform: RegionSetArgument.parse)
    var regions: String?

    @Option(help: "Rows: area (each area or group) or counterpart (転入元/転出先 of one --area, ranked, with 構成比).")
    var by: SummaryRows = .area

    @Option(help: "Rank by 転入超過数 (net), 転入者数 (in) or 転出者数 (out), largest first, with 順位 and 前年順位 (default for --by counterpart: out).")
    var rank: RankMeasure?

    @Option(help: "Show the first N ranks (ties at the N-th rank included); needs --rank or --by counterpart.")
    var top: Int?

    @Option(help: EraArgument.help)
    var era: EraArgument?

    @OptionGroup var output: OutputOptions<Summary>

    func validate() throws {
      if let n = top, n < 1 { throw ValidationError("--top must be 1 or more, not \(n)") }
      if top != nil && rank == nil && by == .area { throw ValidationError("--top needs --rank net|in|out") }
      if by == .counterpart && area.count != 1 {
        throw ValidationError("--by counterpart needs one --area (whose 転入元 and 転出先 are ranked)")
      }
      if by == .counterpart && regions != nil {
        throw ValidationError("--by counterpart ranks the areas of the data; it does not take --regions")
      }
    }

    func run() throws {
      if by == .counterpart { return try runCounterparts() }
      if let measure = rank { return try runRanking(measure) }
      try reportingFailures {
        let set = try regions.map(RegionSet.named)
        if let set, area.isEmpty { return try runRegionRows(set) }
        let wanted: [Area]? =
          area.isEmpty ? nil
          : try area.map { a in try set.map { try region(a.text, in: $0) } ?? a.resolved() }
        let (cube, paths) = try inputs.load(forArea: nil)
        let margins = try set.map { try cube.margins(regions: $0) } ?? cube.margins()
        let rows = try margins.summary(year: year, areas: wanted ?? (set == nil ? cube.areasWithCompleteFigures : nil))
        let style = EraArgument.style(era)
        var table = Table.summary(rows, years: style)
        table.scope = margins.scope.label
        let period = rows.first.map { (style.isEra ? Table.periodLabel($0.period, years: style) : $0.period) } ?? ""
        let title = "転入者数・転出者数・転入超過数（\(period)）"
        try output.write(Document(table: table, title: title, source: inputs.sourceLine(paths: paths)))
      }
    }

    /// `--regions SET` without `--area`: every group of the set as it stood in the year, then the set's total
    /// row (21大都市計) checked against the data's own.
    func runRegionRows(_ set: RegionSet) throws {
      let (cube, paths) = try inputs.load(forArea: nil)
      let r = try RegionRows(cube: cube, set: set, year: year)
      var table = Table.summary(r.rows, years: EraArgument.style(era))
      table.scope = r.scope.label
      if let total = r.total {
        table.footnotes.append("\(total.name)は各行の合計")
        if let p = r.published {
          let figures = "転入 \(NumberStyle.count(p.in))、転出 \(NumberStyle.count(p.out))、転入超過 \(NumberStyle.japanese(p.net))"
          if r.totalAgrees == true {
            table.footnotes.append("データの\(p.name)（\(figures)）と一致")
          } else {
            table.footnotes.append("データの\(p.name)（\(figures)）と一致しない")
            printError("idou: warning: \(Failure.inputs)the rows of \(set.id) sum to 転入 \(total.in), 転出 \(total.out); "
              + "the data's \(p.name) says \(p.in), \(p.out)")
          }
        }
      }
      let title = "転入者数・転出者数・転入超過数 \(r.set.name)（\(r.rows.first?.period ?? "")）"
      try output.write(Document(table: table, title: title, source: inputs.sourceLine(paths: paths)))
    }

    /// `--rank`: the rows ranked, with last year's rank and the count of areas gaining and losing.
    func runRanking(_ measure: RankMeasure) throws {
      try reportingFailures {
        let set = try regions.map(RegionSet.named)
        if let set, area.isEmpty { return try runRegionRows(set) }
        let wanted: [Area]? =
          area.isEmpty ? nil
          : try area.map { a in try set.map { try region(a.text, in: $0) } ?? a.resolved() }
        let (cube, paths) = try inputs.load(forArea: nil)
        let margins = try set.map { try cube.margins(regions: $0) } ?? cube.margins()
        let ranking = try Ranking(margins: margins, areas: wanted ?? (set == nil ? cube.areasWithCompleteFigures : set!.groups.map(\.area)),
                                  year: year, by: measure, top: top)
        var table = Table.ranking(ranking)
        table.scope = margins.scope.label
        try output.write(Document(table: table, source: inputs.sourceLine(paths: paths)))
      }
    }

    /// `--by counterpart`: the 転入元 or 転出先 of one area, ranked, with 構成比.
    func runCounterparts() throws {
      try reportingFailures {
        let subject = try area[0].resolved()
        // The OD flows of the data (the bundled matrices without --input), not a counterpart table of groups.
        let (cube, paths) = try inputs.load(forArea: nil)
        let direction: FlowDirection = switch rank ?? .out {
        case .in: .inflow
        case .out: .outflow
        case .net: .net
        }
        let ranking = try CounterpartRanking(cube: cube, area: subject, year: year, direction: direction, top: top)
        var table = Table.counterpartRanking(ranking)
        table.scope = cube.scope.label
        try output.write(Document(table: table, source: inputs.sourceLine(paths: paths)))
      }
    }

    /// A group of the set by its code, id or name (`51000`, `tokyo-area`, `東京圏`).
    func region(_ text: String, in set: RegionSet) throws -> Area {
      let named = try? AreaCatalog.standard.resolve(text)
      guard let g = set.groups.first(where: { $0.area.codeText == text || $0.name == text || $0.area == named }) else {
        throw ValidationError("region '\(text)' is not in the set \(set.id) (\(set.groups.map(\.area.codeText).joined(separator: ", ")))")
      }
      return g.area
    }
  }
}
