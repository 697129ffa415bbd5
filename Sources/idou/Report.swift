import ArgumentParser
import IdouAnalysis
import IdouCore
import IdouIngest
import IdouReport

extension Idou {
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "report",
      abstract: "Write an area's monthly report as one self-contained HTML file (tables, projection, charts).",
      discussion: """
        The file needs no network: CSS and SVG charts are inline, and it prints on A4. It holds the summary \
        sentences (generated from the figures), months 1–M against a year earlier, the year-end projection with \
        its backtest interval (and the actual year when the data has it), --target as a KPI line, the projection \
        by counterpart, the monthly table by counterpart and four charts. Parts the data cannot give are replaced \
        by a note saying why. With no --input: the bundled real data.
        """)

    @OptionGroup var chart: ChartOptions
    @OptionGroup var inputs: InputOptions

    @OptionGroup var document: DocumentOutputOptions

    @Option(help: "html (one self-contained file) or xlsx (a workbook: the sentences, every table and each chart's figures, a sheet each).")
    var format: ReportFormat = .html

    enum ReportFormat: String, CaseIterable, ExpressibleByArgument { case html, xlsx }

    @Option(help: "A warning shown in a box under the title, e.g. that the input is synthetic.")
    var banner: String?

    func run() throws {
      try ProjectionOptions.reporting {
        let (figures, sources, source) = try chart.figures(inputs)
        guard figures.hasMonths else {
          throw CubeError.noData("the months of \(figures.months.year) (the report compares months; the input gives whole years only)")
        }
        var report = MigrationReport(figures, banner: banner, inputs: sources)
        report.source = source
        switch format {
        case .html: try document.write(report.build().html)
        case .xlsx: try document.write(report.document().workbook)
        }
      }
    }
  }
}
