import IdouCore
import IdouIngest
import IdouProjection

/// Reads the inputs of a use case — files given by the user, or the bundled data — into ``MigrationData``, through
/// the one reader contract (`AnyInput`), with each file's account.
///
/// What each input contributes:
/// - every area's 転入 and 転出 (the margins of its cube), by month or by year as the input gives them, and by sex
///   where it has 男 and 女;
/// - one area's figures by counterpart group where an input gives them (a counterpart table such as the seed's
///   東京圏/大阪圏/福岡県 table); origin–destination flows are then grouped into the same groups, which gives those
///   series their annual totals (and so a remainder for the projection);
/// - every other area's series by 三大都市圏 (東京圏, 名古屋圏, 大阪圏, 三大都市圏, 地方圏) from the flow inputs, or by
///   the groups of an explicit region set (`counterparts`).
public enum AnalysisInputs {
  public struct Loaded: Sendable {
    public var data: MigrationData
    /// One account per file (rows read, used, rejected; notes).
    public var reports: [ReadReport]
  }

  /// Reads files into one ``MigrationData``.
  ///
  /// - Parameters:
  ///   - paths: the files.
  ///   - options: the readers' options (scope, period of a bare matrix, code changes).
  ///   - counterparts: a region set to group every flow input by, or `nil` for the groups of counterpart tables.
  /// - Throws: the readers' errors (`InputFileError`, `DataError`), and ``AnalysisError`` when inputs disagree.
  public static func read(paths: [String], options: AnyInput.Options = .init(), counterparts: RegionSet? = nil) throws
    -> Loaded
  {
    var inputs: [(figures: Figures, source: String)] = []
    var reports: [ReadReport] = []
    for path in paths {
      let (figures, report) = try Inputs.read(path: path, options: options).selecting(for: options)
      inputs.append((figures, path.split(separator: "/").last.map(String.init) ?? path))
      reports.append(report)
    }
    return Loaded(data: try gather(inputs, counterparts: counterparts, scope: options.scope), reports: reports)
  }

  /// The bundled real series, the default data (datasets/SOURCES.md): the monthly 転入/転出 of the 47 prefectures
  /// 2013-07…2026-07, e-Stat table 1 (annual, by sex), the origin–destination flows 2019–2025 and the 2025 matrix,
  /// and the seed's table of 熊本県 by counterpart. They are compiled into the binary (``EmbeddedData``), so a
  /// copied `idou` finds them from any directory, and read through the same readers as any input; gathering them
  /// checks that they agree (every month sum against table 1 and the OD margins).
  public static let bundledFiles = [
    "real/monthly-prefecture-2013-07_2026-07.csv", "real/estat-annual-table1-2010-2025.csv", "real/od-prefecture-2019-2025.csv",
    "real/jp-prefecture-migration-2025.csv", "reference/kumamoto-2024-2025-jan-sep.csv",
  ]

  /// Reads the bundled real series (``bundledFiles``) from the binary.
  /// - Throws: the readers' errors, and ``AnalysisError`` when the series disagree.
  public static func bundled(options: AnyInput.Options = .init(), counterparts: RegionSet? = nil) throws -> Loaded {
    var inputs: [(figures: Figures, source: String)] = []
    var reports: [ReadReport] = []
    for name in bundledFiles {
      guard let bytes = EmbeddedData.bytes(name) else {
        throw AnalysisError.noData("the bundled file datasets/\(name) is not compiled into this idou")
      }
      var o = options
      if name.hasSuffix("jp-prefecture-migration-2025.csv") { o.period = Period(year: 2025) }
      let (figures, report) = try Inputs.read(bytes: bytes, file: name, options: o).selecting(for: o)
      inputs.append((figures, name.split(separator: "/").last.map(String.init) ?? name))
      reports.append(report)
    }
    return Loaded(data: try gather(inputs, counterparts: counterparts, scope: options.scope), reports: reports)
  }

  /// Gathers what the readers give into one ``MigrationData``: per-area margins (a table of totals such as e-Stat
  /// table 1) go in as they are, so that a figure a table lacks for some years (東京圏 before 2017) stays absent;
  /// flows as cubes (see ``gather(_:counterparts:scope:)-cubes``).
  public static func gather(_ inputs: [(figures: Figures, source: String)], counterparts explicit: RegionSet?,
                            scope: PopulationScope) throws -> MigrationData {
    var margins: [(Margins, String)] = []
    var cubes: [(cube: MigrationCube, source: String)] = []
    for (figures, source) in inputs {
      if case .margins(let m) = figures {
        margins.append((m.totalOverAges() ?? m, source))
      } else {
        cubes.append((try figures.cube(file: source), source))
      }
    }
    return try gather(cubes, margins: margins, counterparts: explicit, scope: scope)
  }

  /// Gathers cubes into one ``MigrationData`` (see ``read(paths:options:counterparts:)``).
  public static func gather(_ cubes: [(cube: MigrationCube, source: String)], margins: [(Margins, String)] = [],
                            counterparts explicit: RegionSet?, scope: PopulationScope) throws -> MigrationData {
    var c = SeriesCollector()
    for (m, source) in margins { try c.add(margins: m, source: source, levels: Self.areaLevels) }
    var groupsOf: [Area: RegionSet] = [:]
    for (cube, source) in cubes {
      let leaves = cube.areas.indices.filter { cube.areas[$0].level == .prefecture || cube.areas[$0].level.isInsidePrefecture }
      let aggregates = cube.areas.indices.filter { Self.isCounterpartGroup(cube.areas[$0]) }
      guard cube.isSquare, !aggregates.isEmpty else {
        try c.add(margins: cube, source: source, levels: Self.areaLevels)
        continue
      }
      // A counterpart table: only its subject areas' margins are their totals (a counterpart such as 福岡県 in the
      // seed's table appears only through its moves with the subject). A subject has moves with an aggregate.
      let n = cube.areas.count
      var isSubject = Set<Int>()
      for p in cube.periods.indices {
        guard let f = cube.matrix(period: p, sex: .total) else { continue }
        for a in leaves where aggregates.contains(where: { f[a * n + $0] != 0 || f[$0 * n + a] != 0 }) {
          isSubject.insert(a)
        }
      }
      let subjects = isSubject.sorted().map { cube.areas[$0] }
      try c.add(margins: cube, source: source, only: Set(subjects))
      for area in subjects {
        let flows = try cube.counterpartFlows(of: area, regions: explicit)
        try c.add(counterparts: cube, of: area, regions: explicit, source: source)
        if explicit == nil, let set = Self.regionSet(matching: flows.counterparts) { groupsOf[area] = set }
      }
    }
    // Flow inputs (no aggregate areas): grouped for the areas that have counterpart tables, or for every area with
    // an explicit set.
    for (cube, source) in cubes where cube.isSquare && !cube.areas.contains(where: Self.isCounterpartGroup)
      && cube.hasFlowsBetweenAreas
    {
      // Without a set: an area with a counterpart table by that table's groups, every other area by 三大都市圏.
      let targets: [(Area, RegionSet)] = cube.areas.filter { Self.areaLevels.contains($0.level) }.map { a in
        (a, explicit ?? groupsOf[a] ?? RegionSet.metropolitan)
      }
      for (area, set) in targets {
        try c.add(counterparts: cube, of: area, regions: set, source: source)
      }
    }
    return try MigrationData(c, scope: scope, sources: margins.map(\.1) + cubes.map(\.source))
  }

  /// The areas whose own 転入 and 転出 are series: prefectures and what lies inside them.
  static let areaLevels = Set(AreaLevel.allCases.filter { $0 == .prefecture || $0.isInsidePrefecture })

  /// A counterpart of a counterpart table that is a group of areas (東京圏, a region group, その他): a cube holding
  /// one was read from one area's counterpart table.
  static func isCounterpartGroup(_ a: Area) -> Bool {
    a.level == .metropolitanArea || a.level == .regionGroup || a.level == .rest
  }

  /// The region set whose groups are a counterpart table's (東京圏, 大阪圏, 福岡県, …), so that flows can be grouped
  /// alike: a prefecture code stands for itself, a group code for the built-in group (`tokyo-area` = 埼玉・千葉・東京・
  /// 神奈川). `nil` when a group is neither (its members are not known).
  static func regionSet(matching counterparts: [Area]) -> RegionSet? {
    var groups: [RegionSet.Group] = []
    for a in counterparts where a != CounterpartFlows.nationalTotal {
      if a.level == .prefecture, let c = a.code {
        groups.append(.init(area: a, members: [c]))
      } else if let g = RegionSet.metropolitan.groups.first(where: { $0.area == a }) {
        groups.append(g)
      } else if a == .rest {
        continue
      } else {
        return nil
      }
    }
    return groups.isEmpty ? nil : RegionSet(id: "counterparts", name: "転出入先", groups: groups)
  }
}
