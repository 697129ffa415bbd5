import ArgumentParser
import IdouCore
import IdouIngest
import IdouReport

extension Idou {
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write an area's monthly report as one self-contained HTML file (tables, projection, charts).",
      discussion: """
        The file needs no network: CSS and SVG charts are inline. Parts the input cannot give (男/女, earlier \
        years) are replaced by a note saying why. Yearly charts need several years of input (--input FILE…). \
        With no --input: for 熊本県 the bundled seed reference (monthly, 2024–2025 Jan–Sep).
        """)

    @OptionGroup var chart: ChartOptions
    @OptionGroup var inputs: InputOptions

    @OptionGroup var document: DocumentOutputOptions

    @Option(help: "A warning shown in a box under the title, e.g. that the input is synthetic.")
    var banner: String?

    func run() throws {
      try reportingFailures {
        let set = try chart.regions.map(RegionSet.named)
        let (cube, paths) = try chart.load(inputs)
        let request = ChartRequest(area: try chart.area.resolved(), year: chart.year, through: chart.through,
                                   regions: set, era: chart.era)
        let year = try request.resolvedYear(cube)
        guard let through = request.resolvedThrough(cube, year: year) else {
          throw CubeError.noData("the months of \(year) (the report compares months; the input gives whole years only)")
        }
        var report = MigrationReport(cube: cube, area: request.area, year: year, through: through, regions: set,
                                     era: chart.era, banner: banner)
        report.method = chart.method
        report.inputs = paths.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        try document.write(report.build().html)
      }
    }
  }
}
