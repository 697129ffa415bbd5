import IdouCore

/// The figures of one population scope an input gives: origin–destination flows, or per-area margins (a table of
/// 転入/転出 totals such as e-Stat table 1 or the monthly prefecture series) — docs/ARCHITECTURE.md §3.
public enum Figures: Sendable, Equatable {
  case flows(FlowTable)
  case margins(Margins)

  public var scope: PopulationScope {
    switch self {
    case .flows(let f): f.scope
    case .margins(let m): m.scope
    }
  }

  /// The per-area margins (a flow table's are its row and column sums).
  public var margins: Margins {
    switch self {
    case .flows(let f): f.margins()
    case .margins(let m): m
    }
  }

  /// The periods the figures cover.
  public var periods: [Period] {
    switch self {
    case .flows(let f): f.periods
    case .margins(let m): m.periods
    }
  }
}

/// What reading one input gives: its figures per population scope, and the account of its rows (read = used +
/// rejected, markers, notes, warnings).
public struct InputResult: Sendable {
  /// The figures, one entry per scope the input holds, in `PopulationScope` order.
  public var figures: [Figures]
  public var report: ReadReport
  /// Rows (or values, for tables with several per row) read per scope, for the account of a one-scope selection.
  public var rowsByScope: [PopulationScope: Int] = [:]
  public var valuesByScope: [PopulationScope: Int] = [:]
  /// Whether the input says its scope (a 国籍 dimension or a scope column); an input that does not is 移動者.
  public var scopeIsStated = true

  public init(figures: [Figures], report: ReadReport, rowsByScope: [PopulationScope: Int] = [:],
              valuesByScope: [PopulationScope: Int] = [:], scopeIsStated: Bool = true) {
    self.figures = figures
    self.report = report
    self.rowsByScope = rowsByScope
    self.valuesByScope = valuesByScope
    self.scopeIsStated = scopeIsStated
  }

  /// The scopes the input holds.
  public var scopes: [PopulationScope] { figures.map(\.scope) }

  /// The figures of the scope the options ask for: ``selecting(_:)``, except that when the user did not ask for a
  /// scope an input holding one other scope gives that one, with a note.
  public func selecting(for options: ReadOptions) throws(DataError) -> (figures: Figures, report: ReadReport) {
    if !options.scopeGiven, figures.count == 1, figures[0].scope != options.scope {
      var report = report
      report.notes.append("the input holds only \(figures[0].scope.label) (\(figures[0].scope.eStatCode)): read as scope \(figures[0].scope)")
      return (figures[0], report)
    }
    return try selecting(options.scope)
  }

  /// The figures of one scope, with the rows of the others counted as not used.
  /// - Throws: `DataError` when the input does not hold the scope, saying which it holds (an input without a
  ///   scope column is 移動者).
  public func selecting(_ scope: PopulationScope) throws(DataError) -> (figures: Figures, report: ReadReport) {
    guard let chosen = figures.first(where: { $0.scope == scope }) else {
      let have = figures.map { "\($0.scope.label) (\($0.scope))" }.joined(separator: ", ")
      let why = scopeIsStated ? "it has \(have)" : "it gives no 国籍 (scope), so its figures are 移動者 (all)"
      throw DataError(file: report.file, line: 0, column: 0, reason: "no \(scope.label) (\(scope)) figures: \(why)")
    }
    var report = report
    for (s, n) in rowsByScope.sorted(by: { $0.key.order < $1.key.order }) where s != scope && n > 0 {
      report.rowsUsed -= n
      report.rowsRejected += n
      if let v = report.valuesUsed { report.valuesUsed = v - (valuesByScope[s] ?? 0) }
      report.notes.append("rows of \(s.label) (\(s.eStatCode)) not used when reading scope \(scope): \(n) (use --scope \(s))")
    }
    return (chosen, report)
  }
}

extension Figures {
  /// The figures as a dense cube: flows as they are (``FlowTable/cube(limit:)``); margins with 不詳 as the other end
  /// of every 転入 and 転出 and the moves inside an area on the diagonal.
  /// - Throws: `DataError` when a figure is absent (a cube cannot hold an absent figure) or does not fit the cube.
  public func cube(file: String) throws -> MigrationCube {
    switch self {
    case .flows(let f):
      do { return try f.cube() } catch { throw DataError(file: file, line: 0, column: 0, reason: error.description) }
    case .margins(let m):
      guard let m = m.totalOverAges() else {
        throw DataError(file: file, line: 0, column: 0, reason: "the table gives no 総数 over ages")
      }
      let storedSexes = m.sexes
      var areas = m.areas
      if !areas.contains(.unknown) { areas.append(.unknown) }
      let u = areas.firstIndex(of: .unknown)!
      var cube = MigrationCube(periods: m.periods, areas: areas, sexes: storedSexes, scope: m.scope)
      func cell(_ v: Int64?, _ what: String) throws -> Int32 {
        guard let v else {
          throw DataError(file: file, line: 0, column: 0,
                          reason: "\(what) is not given: this use needs every figure (summary shows — for a missing one)")
        }
        guard let c = Int32(exactly: v), c >= 0 else { throw DataError(file: file, line: 0, column: 0, reason: "\(what) \(v) does not fit a cube cell") }
        return c
      }
      for p in m.periods.indices {
        for s in storedSexes.indices {
          for (a, area) in m.areas.enumerated() where area != .unknown {
            guard m.hasAnyFigure(area: a) else { continue }
            let what = "\(m.periods[p]) \(storedSexes[s].label) \(area)"
            cube[p, s, u, a] = try cell(m.inflow(period: p, sex: s, area: a), "転入 of \(what)")
            cube[p, s, a, u] = try cell(m.outflow(period: p, sex: s, area: a), "転出 of \(what)")
            if let w = m.value(.within, period: p, sex: s, area: a) { cube[p, s, a, a] = try cell(w, "moves inside \(what)") }
          }
        }
      }
      return cube
    }
  }
}

extension Figures {
  /// The figures as flows: flows as they are; per-area margins with 不詳 (99300) as the other end of every 転入
  /// (不詳 → area) and 転出 (area → 不詳) and the moves inside an area as its diagonal — how tidy rows write per-area
  /// totals. An absent figure stays absent (a marker cell).
  public var flowsThroughUnknown: FlowTable {
    switch self {
    case .flows(let f): return f
    case .margins(let all):
      let m = all.totalOverAges() ?? all
      var areas = m.areas
      if !areas.contains(.unknown) { areas.append(.unknown) }
      let u = Int32(areas.firstIndex(of: .unknown)!)
      // Stored sexes only: a derived 総数 is not repeated (男 + 女 gives it back).
      let stored = m.sexes.filter { $0 != .total || !(m.sexes.contains(.male) && m.sexes.contains(.female)) }
      var cells: [FlowTable.Cell] = [], absent: [FlowTable.Cell] = []
      var layers: [(period: Int, sex: Int)] = []
      for p in m.periods.indices {
        for (si, sex) in stored.enumerated() {
          let s = m.sexIndex(sex)!
          layers.append((p, si))
          for a in m.areas.indices where m.areas[a] != .unknown {
            let ends: [(MarginFigure, Int32, Int32)] = [(.inflow, u, Int32(a)), (.outflow, Int32(a), u), (.within, Int32(a), Int32(a))]
            for (f, o, d) in ends {
              let c = FlowTable.Cell(period: Int32(p), sex: Int32(si), origin: o, destination: d, count: 0)
              if let v = m.value(f, period: p, sex: s, area: a) {
                var x = c
                x.count = v
                cells.append(x)
              } else if f != .within && m.hasAnyFigure(area: a) {
                absent.append(c)
              }
            }
          }
        }
      }
      return FlowTable(periods: m.periods, areas: areas, sexes: stored, scope: m.scope, boundary: m.boundaries.first ?? .prefecture,
                       cells: cells, absent: absent, givenLayers: layers)
    }
  }
}
