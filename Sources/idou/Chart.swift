import ArgumentParser
import IdouCore
import IdouIngest
import IdouProjection
import IdouReport

extension ChartKind: ExpressibleByArgument {}

/// Options `chart` and `report` share: which area, year and months, which counterparts, era labels.
struct ChartOptions: ParsableArguments {
  @Option(help: "The area: a prefecture code or name (43, 熊本県, Kumamoto) or a municipal code in the data.")
  var area: String

  @Option(help: YearArgument.help("Calendar year (default: the latest year in the data)."), transform: YearArgument.parse)
  var year: Int?

  @Option(help: "Last month with data for the year (1–12; default: the last month the data has).")
  var through: Int?

  @Option(help: RegionSetArgument.help("Counterpart areas (default: a counterpart table's own groups, else three-metro)."),
          transform: RegionSetArgument.parse)
  var regions: String?

  @Flag(help: "Label years by era (R7年, H26年) instead of 2025年.")
  var era = false

  @Option(help: "Projection method for the 推計 of a year still running.")
  var method: ProjectionMethod = .samePeriodRatio

  func validate() throws {
    if let m = through, !(1...12).contains(m) { throw ValidationError("--through must be a month 1–12, not \(m)") }
  }

  /// Reads the inputs, or with none given the bundled data for the area (``InputOptions/paths(forArea:)``).
  func load(_ inputs: InputOptions) throws -> (cube: MigrationCube, paths: [String]) {
    try inputs.load(forArea: try? Area.prefecture(parsing: area))
  }

  /// The area's code in the cube: a prefecture's two digits, or a municipal code the cube holds.
  func areaCode(in cube: MigrationCube) throws -> String {
    if let p = try? Area.prefecture(parsing: area) { return p.codeString }
    if let m = try? MunicipalCode(parsing: area), cube.originIndex(code: m.fiveDigits) != nil { return m.fiveDigits }
    throw CodeError.unknownArea(area)
  }
}

extension Idou {
  struct Chart: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Draw a chart of an area's migration as SVG.",
      discussion: """
        Kinds: yearly-net (社会増減 per year, the projected year hatched as 推計), monthly (転入/転出 by month, this \
        year against last), net-by-sex (男女別の社会増減), outflow-by-counterpart (転出 by counterpart area). \
        Yearly charts need several years of input (--input FILE…). With no --input: for 熊本県 the bundled seed \
        reference (monthly, 2024–2025 Jan–Sep, by 東京圏/大阪圏/福岡県), else the bundled 2025 prefecture matrix.
        """)

    @Argument(help: "yearly-net, monthly, net-by-sex or outflow-by-counterpart.")
    var kind: ChartKind

    @OptionGroup var chart: ChartOptions
    @OptionGroup var inputs: InputOptions

    @OptionGroup var document: DocumentOutputOptions

    func run() throws {
      try reportingFailures {
        let set = try chart.regions.map(RegionSet.named)
        let (cube, _) = try chart.load(inputs)
        var request = ChartRequest(area: try chart.areaCode(in: cube), year: chart.year, through: chart.through,
                                   regions: set, era: chart.era)
        if kind == .yearlyNet || kind == .netBySex, let why = request.attachProjection(cube: cube, method: chart.method) {
          printError("idou: no 推計 drawn: \(why)")
        }
        let svg = try kind.chart(cube: cube, request: request)
        try document.write(svg.xml)
      }
    }
  }
}
