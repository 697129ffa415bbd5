import ArgumentParser
import IdouAnalysis
import IdouCore
import IdouIngest
import IdouReport

extension Idou.Summary: WritesTables {
  static let formats: [OutputFormat] = [.text, .csv, .json, .markdown, .xlsx]
  static let defaultFormat = OutputFormat.text
}

extension RankMeasure: ExpressibleByArgument {}

/// What the rows of `summary` are.
enum SummaryRows: String, CaseIterable, ExpressibleByArgument {
  /// Areas (or the groups of --regions).
  case area
  /// The counterparts of one --area: 転入元 and 転出先, ranked, with 構成比.
  case counterpart
  /// The age classes of one --area: 5歳階級, 年齢3区分 and 総数 (an e-Stat age table or move records with ages).
  case age
}

extension Idou {
  struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "summary",
      abstract: "転入, 転出 and net (転入超過) per area or region for a year.",
      discussion: """
        Any input (e-Stat downloads, other tools' CSVs, long tables, matrices, records) through one reader. Areas \
        by code or name (43, 熊本県, Kumamoto, 熊本市, 47215). By default the areas that are not aggregates of \
        others in the data, of one boundary (table 1: its 47 prefectures, not the 21大都市 beside them). With \
        --regions the rows are the regions of the set: moves inside a region are not its 転入 or 転出, so \
        per-area totals can give a region only where the table has its own row (東京圏). A figure the data does \
        not give is —, never 0.
        """)

    @OptionGroup var inputs: InputOptions

    @Option(help: YearArgument.help("Calendar year (default: the latest year in the data)."), transform: YearArgument.parse)
    var year: Int?

    @Option(name: .long, parsing: .upToNextOption, help: "Areas to list, by code or name (default: see above).")
    var area: [AreaArgument] = []

    @Option(help: RegionSetArgument.help("Group areas by a region set."), transform: RegionSetArgument.parse)
    var regions: String?

    @Option(help: "The sex: total, male or female (総数, 男, 女).")
    var sex: SeriesSex = .total

    @Option(help: EraArgument.help)
    var era: EraArgument?

    @Option(help: "Rows: area (each area or group), counterpart (転入元/転出先 of one --area, ranked, with 構成比) or age (5歳階級, 年齢3区分 and 総数 of one --area).")
    var by: SummaryRows = .area

    @Option(help: "Rank by 転入超過数 (net), 転入者数 (in) or 転出者数 (out), largest first, with 順位 and 前年順位 (default for --by counterpart: out).")
    var rank: RankMeasure?

    @Option(help: "Show the first N ranks (ties at the N-th rank included); needs --rank or --by counterpart.")
    var top: Int?

    @OptionGroup var output: OutputOptions<Summary>

    func validate() throws {
      if let n = top, n < 1 { throw ValidationError("--top must be 1 or more, not \(n)") }
      if top != nil && rank == nil && by == .area { throw ValidationError("--top needs --rank net|in|out") }
      if by == .age && area.count != 1 { throw ValidationError("--by age needs one --area") }
      if by == .age && (rank != nil || regions != nil) { throw ValidationError("--by age takes neither --rank nor --regions") }
      if by == .counterpart && area.count != 1 {
        throw ValidationError("--by counterpart needs one --area (whose 転入元 and 転出先 are ranked)")
      }
      if by == .counterpart && regions != nil {
        throw ValidationError("--by counterpart ranks the areas of the data; it does not take --regions")
      }
    }

    /// Reads every input through the one way in, printing each file's account.
    func readFigures() throws -> (figures: [Figures], paths: [String]) {
      let paths = inputs.input.isEmpty ? [try BundledData.path(try defaultFile())] : try inputs.paths(forArea: nil)
      CommandLineFiles.read += paths
      let options = try inputs.readerOptions()
      var figures: [Figures] = []
      for path in paths {
        let (f, report) = try Inputs.read(path: path, options: options).selecting(for: options)
        InputOptions.printReport(report)
        figures.append(f)
      }
      return (figures, paths)
    }

    /// The bundled file summary reads when no input is given: e-Stat table 1 (2010–2025, by sex and scope, with
    /// the rows of 東京圏, 名古屋圏, 大阪圏 and the 21大都市), or the origin–destination flows 2019–2025 for
    /// counterparts and for a set of groups of prefectures (三大都市圏 and 地方圏 need flows: moves between members
    /// are not a group's 転入/転出).
    func defaultFile() throws -> String {
      if by == .counterpart { return BundledData.odPrefectures }  // 転入元 and 転出先 need flows
      guard let name = regions else { return BundledData.table1 }
      let set = try RegionSet.named(name)
      let prefectures = set.groups.allSatisfy { g in !g.members.isEmpty && g.members.allSatisfy { $0.local == 0 && $0.prefecture != nil } }
      return prefectures ? BundledData.odPrefectures : BundledData.table1
    }

    func run() throws {
      if by == .counterpart { return try runCounterparts() }
      if by == .age { return try runAges() }
      try reportingFailures {
        let set = try regions.map(RegionSet.named)
        if let set, area.isEmpty, rank == nil { return try runRegionRows(set) }
        var wanted: [Area]? = try area.isEmpty ? nil : area.map { a in try set.map { try region(a.text, in: $0) } ?? a.resolved() }
        let (figures, paths) = try readFigures()
        let margins: Margins
        if let set {
          margins = try Self.regionMargins(figures, set)
        } else {
          margins = try Margins.merged(figures.map(\.margins))
        }
        if wanted == nil && set == nil {
          let y = try YearSelection(periods: margins.periods, year: year).year
          let (main, other) = margins.defaultAreas(year: y)
          wanted = main
          if !other.isEmpty {
            printError("idou: not listed: \(other.count) area\(other.count == 1 ? "" : "s") whose figures cross \(margins.boundaries[margins.areaIndex(other[0])!].label) boundaries (\(other.prefix(3).map(\.name).joined(separator: ", "))\(other.count > 3 ? " …" : "")); give --area to list them")
          }
        }
        if let measure = rank {
          let ranking = try Ranking(margins: margins, areas: wanted ?? set?.groups.map(\.area), year: year, by: measure,
                                    top: top, sex: sex.sex)
          var table = Table.ranking(ranking)
          table.scope = "\(margins.scope.label)、\(sex.sex.label)、" + margins.boundariesPresent.map(\.movesLabel).joined(separator: "・")
          return try output.write(Document(table: table, source: inputs.sourceLine(paths: paths)))
        }
        let rows = try margins.summary(year: year, areas: wanted, sex: sex.sex)
        let style = EraArgument.style(era)
        var table = Table.summary(rows, years: style)
        let boundaries = Set(rows.map(\.boundary)).sorted()
        table.scope = "\(margins.scope.label)、\(sex.sex.label)、" + boundaries.map(\.movesLabel).joined(separator: "・")
        let period = rows.first.map { (style.isEra ? Table.periodLabel($0.period, years: style) : $0.period) } ?? ""
        let title = "転入者数・転出者数・転入超過数（\(period)）"
        try output.write(Document(table: table, title: title, source: inputs.sourceLine(paths: paths)))
      }
    }

    /// The margins of a set's groups: from flows, grouped (moves inside a group are not its 転入/転出); from
    /// per-area totals, the groups the data has rows of (a table's 東京圏), the others absent with a note.
    static func regionMargins(_ figures: [Figures], _ set: RegionSet) throws -> Margins {
      let flows = figures.compactMap { f -> FlowTable? in
        if case .flows(let t) = f { return t }
        return nil
      }
      if flows.count == figures.count {
        return try MigrationCube.merged(flows.map { try $0.cube() }).margins(regions: set)
      }
      let (grouped, absent) = try Margins.merged(figures.map(\.margins)).grouped(by: set)
      if !absent.isEmpty {
        printError("idou: \(absent.map(\.name).joined(separator: ", ")): the data gives per-area totals without rows for \(absent.count == 1 ? "this group" : "these groups"), and its 転入/転出 need origin–destination flows (moves between its members are not its 転入/転出): shown as —")
      }
      return grouped
    }

    /// `--regions SET` without `--area`: every group of the set as it stood in the year, then the set's total
    /// row (21大都市計) checked against the data's own.
    func runRegionRows(_ full: RegionSet) throws {
      let (figures, paths) = try readFigures()
      let data = try Margins.merged(figures.map(\.margins))
      let y = try YearSelection(periods: data.periods, year: year).year
      let set = full.inForce(year: y)
      let r = try RegionRows(groups: try Self.regionMargins(figures, set), set: set, data: data, year: y, sex: sex.sex)
      var table = Table.summary(r.rows, years: EraArgument.style(era))
      table.scope = "\(data.scope.label)、\(sex.sex.label)、" + Set(r.rows.map(\.boundary)).sorted().map(\.movesLabel).joined(separator: "・")
      if let total = r.total {
        table.footnotes.append("\(total.name)は各行の合計")
        if let p = r.published {
          let figures = "転入 \(p.in.map(NumberStyle.count) ?? "—")、転出 \(p.out.map(NumberStyle.count) ?? "—")、"
            + "転入超過 \(p.net.map(NumberStyle.japanese) ?? "—")"
          if r.totalAgrees == true {
            table.footnotes.append("データの\(p.name)（\(figures)）と一致")
          } else if r.totalAgrees == false {
            table.footnotes.append("データの\(p.name)（\(figures)）と一致しない")
            printError("idou: warning: \(Failure.inputs)the rows of \(set.id) sum to 転入 \(total.in.map(String.init) ?? "—"), "
              + "転出 \(total.out.map(String.init) ?? "—"); the data's \(p.name) says \(p.in.map(String.init) ?? "—"), \(p.out.map(String.init) ?? "—")")
          }
        }
      }
      let style = EraArgument.style(era)
      let period = r.rows.first.map { style.isEra ? Table.periodLabel($0.period, years: style) : $0.period } ?? ""
      let title = "転入者数・転出者数・転入超過数 \(r.set.name)（\(period)）"
      try output.write(Document(table: table, title: title, source: inputs.sourceLine(paths: paths)))
    }

    /// `--by age`: the age classes of one area, with the 年齢3区分 and 総数 checked against their parts.
    func runAges() throws {
      try reportingFailures {
        let subject = try area[0].resolved()
        let (figures, paths) = try readFigures()
        let margins = try Margins.merged(figures.map(\.margins))
        let ages = try AgeTable(margins: margins, area: subject, year: year, sex: sex.sex)
        var table = Table.ages(ages)
        if let a = margins.areaIndex(subject) {
          table.scope = "\(margins.scope.label)、\(sex.sex.label)、\(margins.boundaries[a].movesLabel)"
        }
        for c in ages.checks where !c.holds {
          printError("idou: warning: \(Failure.inputs)\(subject.name) \(c.age.label) \(c.figure == .inflow ? "転入" : "転出") "
            + "\(c.given) is not the sum of its 5-year classes (\(c.sumOfParts))")
        }
        try output.write(Document(table: table, source: inputs.sourceLine(paths: paths)))
      }
    }

    /// `--by counterpart`: the 転入元 or 転出先 of one area, ranked, with 構成比 (needs origin–destination flows).
    func runCounterparts() throws {
      try reportingFailures {
        let subject = try area[0].resolved()
        let (figures, paths) = try readFigures()
        var flows: [MigrationCube] = []
        for (f, path) in zip(figures, paths) {
          guard case .flows(let t) = f else {
            throw CubeError.noData("\(subject.name)'s 転入元 and 転出先 in \(path): it gives per-area totals, not origin–destination flows")
          }
          flows.append(try t.cube())
        }
        let cube = try MigrationCube.merged(flows)
        let direction: FlowDirection = switch rank ?? .out {
        case .in: .inflow
        case .out: .outflow
        case .net: .net
        }
        let ranking = try CounterpartRanking(cube: cube, area: subject, year: year, direction: direction, top: top, sex: sex.sex)
        var table = Table.counterpartRanking(ranking)
        table.scope = "\(cube.scope.label)、\(sex.sex.label)"
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
