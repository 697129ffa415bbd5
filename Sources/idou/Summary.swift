import ArgumentParser
import IdouCore
import IdouIngest
import IdouReport

extension Idou.Summary: WritesTables {
  static let formats: [OutputFormat] = [.text, .csv, .json, .markdown, .xlsx]
  static let defaultFormat = OutputFormat.text
}

extension Idou {
  struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
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

    @OptionGroup var output: OutputOptions<Summary>

    func run() throws {
      try reportingFailures {
        let set = try regions.map(RegionSet.named)
        var wanted: [Area]? = try area.isEmpty ? nil : area.map { a in try set.map { try region(a.text, in: $0) } ?? a.resolved() }
        let paths = try inputs.paths(forArea: nil)
        CommandLineFiles.read += paths
        let options = try inputs.readerOptions()
        var figures: [Figures] = []
        for path in paths {
          let (f, report) = try Inputs.read(path: path, options: options).selecting(for: options)
          InputOptions.printReport(report)
          figures.append(f)
        }
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
