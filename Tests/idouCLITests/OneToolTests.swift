import Testing

/// The command line as one tool (issue 14 §9): one error style, `--version`, era years wherever a year is, the
/// same options with the same values everywhere, help generated from the real value lists.
@Suite("idou as one tool")
struct OneToolTests {
  @Test("--version prints the version on standard output")
  func version() {
    let r = runIdou(["--version"])
    #expect(r.status == 0)
    #expect(r.out == "idou 0.5.0\n")
    #expect(r.err.isEmpty)
  }

  @Test("argument errors are one line in idou's style, exit 64, pointing at the command's help",
        arguments: [
          (["table"], "idou: --area <area> is required (see 'idou table --help')\n"),
          (["summary", "--year", "H32"],
           "idou: --year: 'H32' is not a year: give 2025, R7, 令和7 or H26 (see 'idou summary --help')\n"),
          (["summary", "--format", "pdf"],
           "idou: --format: 'pdf' is not one of text, csv, json, markdown, xlsx (see 'idou summary --help')\n"),
          (["backtest", "--area", "43", "--through", "9", "--format", "csv"],
           "idou: --format csv is for every area (no --area) (see 'idou backtest --help')\n"),
          (["backtest", "--area", "43", "--through", "9", "--sex", "all"],
           "idou: --sex: 'all' is not one of total, male, female (see 'idou backtest --help')\n"),
          (["summary", "--bogus"], "idou: unknown option '--bogus' (see 'idou summary --help')\n"),
          (["frobnicate"], "idou: unexpected argument 'frobnicate' (see 'idou --help')\n"),
          (["project", "--area", "43", "--through", "12"],
           "idou: --through must be a month 1–11 (12 is the whole year), not 12 (see 'idou project --help')\n"),
        ])
  func argumentErrors(arguments: [String], message: String) {
    let r = runIdou(arguments)
    #expect(r.status == 64)
    #expect(r.err == message)
    #expect(r.out.isEmpty)
  }

  @Test("an unknown region set lists every set a name gives, kumamoto-report included")
  func regionSets() {
    let r = runIdou(["summary", "--regions", "foo"])
    #expect(r.status == 64)
    #expect(r.err == "idou: --regions: unknown region set 'foo': give one of metro-total, nagoya-area, non-metro, "
      + "osaka-area, three-metro, tokyo-area, 21-cities, blocks-9, blocks-10, kumamoto-report, or a file "
      + "(see 'idou summary --help')\n")
  }

  @Test("the shipped region sets the help lists are exactly the files in datasets/regions")
  func shippedSetsAreTheFiles() {
    let files = directoryEntries(dataset("regions")).filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }
    #expect(files.sorted() == RegionSetNames.shipped.sorted())
  }

  @Test("era years give the same table as the calendar year, in every form people write",
        arguments: ["2025", "R7", "r7", "R7年", "令和7", "令和7年", "令和７年"])
  func eraYears(year: String) {
    let r = runIdou(["summary", "--area", "43", "--format", "csv", "--year", year])
    #expect(r.status == 0)
    #expect(r.out == "area,name,period,in,out,net\n43,熊本県,2025,28923,31256,-2333\n")
  }

  @Test("era years are accepted by every command that takes a year")
  func eraYearsEverywhere() {
    for args in [["table", "--area", "43", "--through", "3"], ["chart", "monthly", "--area", "43"],
                 ["project", "--area", "43", "--through", "3"], ["backtest", "--area", "43", "--through", "3"]] {
      let era = runIdou(args + ["--year", "R7"]), calendar = runIdou(args + ["--year", "2025"])
      #expect(era.status == calendar.status && era.out == calendar.out && era.err == calendar.err, "\(args)")
      #expect(!era.err.contains("--year"))
    }
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    let g = runIdou(["generate", "--records", "10", "--year", "H26", "--output", "h26.csv"], in: dir)
    #expect(g.status == 0)
    #expect(fileText(dir + "/h26.csv").split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("2014-") })
  }

  @Test("--era labels the summary's period R7年 (R7年1～9月 for months) in text; CSV keeps 2025")
  func summaryEra() {
    let annual = runIdou(["summary", "--area", "43", "--era"])
    #expect(annual.status == 0)
    #expect(annual.out.split(separator: "\n").last?.split(separator: " ").prefix(3) == ["43", "熊本県", "R7年"])
    let months = runIdou(["summary", "--area", "43", "--era", "--input", "datasets/reference/kumamoto-2024-2025-jan-sep.csv"])
    #expect(months.out.contains(" R7年1～9月 "))
    let csv = runIdou(["summary", "--area", "43", "--era", "--format", "csv"])
    #expect(csv.out == "area,name,period,in,out,net\n43,熊本県,2025,28923,31256,-2333\n")
  }

  @Test("help lists the values each option really takes")
  func helpValueLists() {
    func help(_ command: String) -> String {
      runIdou([command, "--help"]).out.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }
    let summary = help("summary")
    #expect(summary.contains("(values: text, csv, json, markdown, xlsx; default: text)"))
    #expect(summary.contains("kumamoto-report"))
    let backtest = help("backtest")
    #expect(backtest.contains("(values: text, csv, json, markdown, xlsx; default: text)"))
    #expect(backtest.contains("(values: total, male, female; default: total)"))
    #expect(backtest.contains("all; default: same-period-ratio)"))
    #expect(help("project").contains("--regions, --counterparts <set>"))
    let project = help("project")
    #expect(project.contains("(values: total, male, female, all; default: total)"))
    let aggregate = help("aggregate")
    #expect(aggregate.contains("(values: csv, json, text, markdown, xlsx; default: csv)"))
  }
}

/// The list the tests check `--regions` against (the CLI's own list is internal to the executable).
enum RegionSetNames {
  static let shipped = ["21-cities", "blocks-9", "blocks-10", "kumamoto-report"]
}
