import IdouCore
import IdouIO

/// The binary store (`.idou` file, DESIGN §4): move records column-wise in fixed width, sorted by month, for batch
/// jobs that re-aggregate often. The layout is ``StoreFormat``; ``StoreBuilder`` writes one (in bounded memory,
/// atomically), ``StoreReader`` reads one (verified block by block).
public enum RecordStore {
  /// Whether a file starts with the store's magic.
  public static func isStore(path: String) -> Bool {
    guard let f = try? MappedFile(path: path), f.count >= 8 else { return false }
    return f.withUnsafeBytes { $0.prefix(8).elementsEqual(StoreFormat.magic) }
  }

  /// Writes records (in file order) to `path` atomically.
  /// - Throws: `FileError` when the file cannot be written.
  public static func write(_ records: MoveRecords, to path: String) throws {
    let out = try OutputWriter(path: path)
    let builder = try StoreBuilder(writingTo: out)
    try builder.add(records)
    try builder.finish()
    try out.close()
  }
}
