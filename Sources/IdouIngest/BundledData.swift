import IdouCore
import IdouIO

/// The real data bundled under `datasets/` (see `datasets/SOURCES.md`), used when a command is given no input.
public enum BundledData {
  /// The 2025 47×47 都道府県間移動者数 matrix (移動者, 男女計).
  public static let odMatrix2025 = "real/jp-prefecture-migration-2025.csv"
  /// e-Stat's annual table 1 (2010–2025: prefectures, 三大都市圏, 21大都市; by sex and scope), as downloaded.
  public static let table1 = "real/estat-annual-table1-2010-2025.csv"
  /// The origin–destination flows between prefectures, 2019–2025 (移動者, 男女計).
  public static let odPrefectures = "real/od-prefecture-2019-2025.csv"
  /// The 2025 per-prefecture 転入/転出 table.
  public static let prefectureTable2025 = "real/FY2025-migration_prefecture.json"
  /// The 熊本県 monthly figures of 2024–2025 (Jan–Sep) by counterpart area, from the seed report.
  public static let kumamotoReference = "reference/kumamoto-2024-2025-jan-sep.csv"
  /// Region-set files shipped with idou (`regions/NAME.csv`).
  public static let regionsDirectory = "regions"

  /// The `datasets/` directory: `$IDOU_DATASETS` if set, else the first `datasets/` found walking up from the
  /// executable's directory, then from the working directory.
  public static func directory() -> String? {
    if let env = RunningProcess.environment("IDOU_DATASETS") { return env }
    let starts = [RunningProcess.executablePath.map(parent(of:)), RunningProcess.currentDirectory].compactMap { $0 }
    for start in starts {
      var dir = start
      while !dir.isEmpty {
        let candidate = dir + "/datasets"
        if RunningProcess.canRead(candidate + "/SOURCES.md") { return candidate }
        let up = parent(of: dir)
        if up == dir { break }
        dir = up
      }
    }
    return nil
  }

  /// The full path of a bundled file: in the `datasets/` directory when one is found, else `datasets/RELATIVE`,
  /// which the readers (``InputFile``, `Inputs`) take from the copy compiled into idou (``embedded(_:)``) — so that
  /// a copied binary runs from any directory.
  /// - Throws: `InputFileError.missing` when there is neither a `datasets/` directory nor a compiled-in copy.
  public static func path(_ relative: String) throws(InputFileError) -> String {
    if let dir = directory() { return dir + "/" + relative }
    guard EmbeddedData.buffer(relative) != nil else {
      throw InputFileError(path: "datasets/" + relative, kind: .missing,
                           detail: "set IDOU_DATASETS to the datasets/ directory of idou")
    }
    return "datasets/" + relative
  }

  /// The compiled-in bytes of a path `datasets/RELATIVE` that is not a readable file (``path(_:)``), else `nil`.
  public static func embedded(_ path: String) -> [UInt8]? {
    guard path.hasPrefix("datasets/"), !RunningProcess.canRead(path) else { return nil }
    return EmbeddedData.bytes(String(path.dropFirst("datasets/".count)))
  }

  static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}
