import IdouCore

/// What a reader did with one file: every row read is either used or rejected (`read = used + rejected`), and the
/// "no value" markers (`-`, `***`) it met are counted, never turned into zeros silently.
public struct ReadReport: Sendable, Equatable {
  public var file: String
  public var rowsRead = 0
  public var rowsUsed = 0
  public var rowsRejected = 0
  /// Cells holding a "no value" marker (`-`, `***`, `…`).
  public var markers = 0
  /// Values taken from the rows, for tables with several values per row (an e-Stat cross-tab); `nil` otherwise.
  public var valuesUsed: Int?
  /// Other things worth telling the user (e.g. "codes not in catalog: 3"); warnings are among them too,
  /// `warning: …`, the first 20 (``addWarnings(_:)``).
  public var notes: [String] = []
  /// Checks that failed on the input (総数 ≠ 男 + 女, an aggregate ≠ its parts, net ≠ in − out), each naming its
  /// lines; the figures are kept as given.
  public var warnings: [String] = []

  public init(file: String) { self.file = file }

  /// Adds failed checks: all to ``warnings``, the first 20 (and how many more) to ``notes`` for stderr.
  public mutating func addWarnings(_ list: [String]) {
    guard !list.isEmpty else { return }
    let shown = max(0, 20 - warnings.count)
    warnings += list
    notes += list.prefix(shown).map { "warning: " + $0 }
    if list.count > shown { notes.append("warning: … and \(list.count - shown) more") }
  }

  /// `file: read N, used U, rejected R` — the line every command prints to stderr.
  public var summaryLine: String {
    var s = "\(file): read \(rowsRead), used \(rowsUsed), rejected \(rowsRejected)"
    if let v = valuesUsed { s += ", values used \(v)" }
    if markers > 0 { s += ", no-value markers \(markers)" }
    return s
  }
}

/// A cube read from a file, with the reader's account of the rows.
public struct ReadResult: Sendable {
  public var cube: MigrationCube
  public var report: ReadReport

  public init(cube: MigrationCube, report: ReadReport) {
    self.cube = cube
    self.report = report
  }
}
