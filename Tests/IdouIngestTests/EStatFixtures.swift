import IdouCore
import IdouIngest

/// The fixtures of this issue (written by scripts/generate-ingest-fixtures.py) and the repository's datasets.
enum EStatFixture {
  static let directory: String = {
    let here = "\(#filePath)"
    return String(here[..<here.lastIndex(of: "/")!]) + "/Fixtures"
  }()

  static func path(_ name: String) -> String { directory + "/" + name }

  static func bytes(_ name: String) throws -> [UInt8] { try InputFile.bytes(path(name)) }

  static func text(_ name: String) throws -> String { try InputFile.text(path(name)) }

  /// The non-empty lines of a text fixture.
  static func lines(_ name: String) throws -> [String] {
    try bytes(name).split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Tidy rows as `idou tidy` writes them, without the header.
  static func csvLines(_ rows: [TidyRow]) -> [String] {
    rows.map { "\($0.period),\($0.scope),\($0.from.codeText),\($0.to.codeText),\($0.sex.rawValue),\($0.count.map(String.init) ?? "-")" }
  }

  /// Every scope's tidy rows of a file read through the one way in (as `idou tidy` writes them).
  static func tidyLines(_ name: String) throws -> [String] {
    let r = try Inputs.read(path: path(name))
    return csvLines(r.figures.flatMap { $0.flowsThroughUnknown.tidyRows() }.sorted(by: TidyRow.canonicalOrder))
  }

  /// A fixture's UTF-8 text with one line (1-based) replaced.
  static func replacingLine(_ n: Int, of name: String, with line: String) throws -> [UInt8] {
    var lines = try bytes(name).split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    lines[n - 1] = Array(line.utf8)
    return Array(lines.joined(separator: [0x0A]))
  }
}
