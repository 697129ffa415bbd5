import IdouCore

/// A file read into one cube per population scope (an e-Stat table with 移動者 and 日本人移動者 rows, a tidy table
/// with several scopes), with the reader's account.
public struct ScopedReadResult: Sendable {
  /// One cube per 国籍 in the table, in `PopulationScope` order.
  public var cubes: [MigrationCube]
  public var report: ReadReport
  /// Rows read per scope (for the account of a one-scope selection).
  public var rowsByScope: [PopulationScope: Int]
  /// Values used per scope (for tables with several values per row).
  public var valuesByScope: [PopulationScope: Int] = [:]

  public init(cubes: [MigrationCube], report: ReadReport, rowsByScope: [PopulationScope: Int],
              valuesByScope: [PopulationScope: Int] = [:]) {
    self.cubes = cubes
    self.report = report
    self.rowsByScope = rowsByScope
    self.valuesByScope = valuesByScope
  }

  /// The cube of one scope. A table with a single other scope gives that one, with a note (its cube carries the
  /// scope, so it never mixes with another).
  /// - Throws: `DataError` when the table has several scopes and not the one asked for.
  public func selecting(_ scope: PopulationScope) throws(DataError) -> ReadResult {
    var report = report
    let chosen: MigrationCube
    if let c = cubes.first(where: { $0.scope == scope }) {
      chosen = c
    } else if cubes.count == 1 {
      chosen = cubes[0]
      report.notes.append("the table holds only \(chosen.scope.label) (\(chosen.scope.eStatCode)): read as scope \(chosen.scope)")
    } else {
      throw DataError(file: report.file, line: 0, column: 0,
                      reason: "the table has no \(scope.label) (\(scope.eStatCode)); it has \(cubes.map { "\($0.scope.label) (\($0.scope))" }.joined(separator: ", "))")
    }
    for (s, n) in rowsByScope.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where s != chosen.scope && n > 0 {
      report.rowsUsed -= n
      report.rowsRejected += n
      if let v = report.valuesUsed { report.valuesUsed = v - (valuesByScope[s] ?? 0) }
      report.notes.append("rows of \(s.label) (\(s.eStatCode)) not used when reading scope \(chosen.scope): \(n) (use --scope \(s))")
    }
    return ReadResult(cube: chosen, report: report)
  }
}

