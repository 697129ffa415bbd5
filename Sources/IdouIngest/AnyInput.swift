import IdouCore

/// The cube-shaped view of the one way in (``Inputs``), for the commands and use cases that work on a dense
/// ``MigrationCube``: each input read through its layout, one scope selected, its figures as a cube.
///
/// Per-area margins (a table of 転入/転出 totals) become a cube with 不詳 as the other end (転入 of an area is the
/// flow 不詳 → area, 転出 area → 不詳), which a cube can only hold when every figure is present: an absent one is an
/// error here, where ``Inputs`` keeps it absent.
public enum AnyInput {
  public typealias Options = ReadOptions

  /// Reads one input (a file, a pipe, `-`) in the scope of `options.scope`.
  /// - Throws: `InputFileError` (missing/unreadable), `DataError` (malformed, with line and column; a scope the
  ///   input does not hold).
  public static func read(path: String, options: Options = .init()) throws -> ReadResult {
    try select(Inputs.read(path: path, options: options), options)
  }

  /// Reads bytes already in memory; `file` names them in messages.
  public static func read(bytes: [UInt8], file path: String, options: Options = .init()) throws -> ReadResult {
    try select(Inputs.read(bytes: bytes, file: path, options: options), options)
  }

  static func select(_ result: InputResult, _ options: Options) throws -> ReadResult {
    let (figures, report) = try result.selecting(for: options)
    return ReadResult(cube: try figures.cube(file: report.file), report: report)
  }

  /// Reads one input into a cube per population scope it holds (an e-Stat table or a tidy table may hold
  /// 移動者 and 日本人移動者; other inputs hold one scope).
  public static func readEveryScope(path: String, options: Options = .init()) throws -> (cubes: [MigrationCube], report: ReadReport) {
    let r = try Inputs.read(path: path, options: options)
    return (try r.figures.map { try $0.cube(file: r.report.file) }, r.report)
  }

  /// Reads several inputs into one cube (``MigrationCube/merged(_:)``), with a report per input.
  public static func read(paths: [String], options: Options = .init()) throws -> (cube: MigrationCube, reports: [ReadReport]) {
    let results = try paths.map { try read(path: $0, options: options) }
    return (try MigrationCube.merged(results.map(\.cube)), results.map(\.report))
  }

  /// A four-digit year 1900–2099 in a file name (`jp-prefecture-migration-2025.csv` → 2025).
  static func yearInFileName(_ path: String) -> Int? {
    let name = Array((path.split(separator: "/").last ?? "").utf8)
    var i = 0
    while i + 4 <= name.count {
      let slice = name[i..<i + 4]
      let before = i == 0 ? nil : name[i - 1], after = i + 4 < name.count ? name[i + 4] : nil
      let isDigit: (UInt8?) -> Bool = { $0.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
      if slice.allSatisfy({ isDigit($0) }) && !isDigit(before) && !isDigit(after),
        let y = Int(String(decoding: slice, as: UTF8.self)), (1900...2099).contains(y)
      {
        return y
      }
      i += 1
    }
    return nil
  }
}
