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

    @Option(help: EraArgument.help)
    var era: EraArgument?

    @OptionGroup var output: OutputOptions<Summary>

    func run() throws {
      try reportingFailures {
        let set = try regions.map(RegionSet.named)
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
