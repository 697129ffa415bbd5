import CDatasets

/// Files of `datasets/` compiled into the binary (the C target `CDatasets`, listed in its `Datasets.def`), so a
/// copied `idou` still has the area catalog and the bundled series without its source tree (docs/ARCHITECTURE.md
/// §2). Adding a file is one line in `Sources/CDatasets/Datasets.def`.
///
/// ```swift
/// let tsv = EmbeddedData.bytes("codes/area-codes-2025-03.tsv")!   // 226,311 bytes
/// ```
public enum EmbeddedData {
  /// The bytes of an embedded file (its path under `datasets/`), or `nil` when it is not embedded. The memory is
  /// read-only and lives as long as the program.
  public static func buffer(_ name: String) -> UnsafeRawBufferPointer? {
    var count = 0
    guard let start = idou_dataset(name, &count) else { return nil }
    return UnsafeRawBufferPointer(start: start, count: count)
  }

  /// A copy of an embedded file's bytes, or `nil`.
  public static func bytes(_ name: String) -> [UInt8]? { buffer(name).map { Array($0) } }

  /// An embedded file as UTF-8 text, or `nil`.
  public static func text(_ name: String) -> String? { buffer(name).map { String(decoding: $0, as: UTF8.self) } }

  /// The paths of every embedded file, in the order of `Datasets.def`.
  public static var names: [String] {
    (0..<idou_dataset_count()).compactMap { idou_dataset_name($0).map { String(cString: $0) } }
  }
}
