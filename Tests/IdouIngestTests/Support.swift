import Foundation
@_exported import _TestSupport
import IdouCore
import IdouIngest


/// Writes text to a fresh temporary file and returns its path.
func temporaryFile(_ text: String, name: String = "input.csv") throws -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idou-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  let path = dir.appendingPathComponent(name).path
  try text.write(toFile: path, atomically: true, encoding: .utf8)
  return path
}

/// An area as a user types it (`43`, `熊本市`, `tokyo-area`, `rest` for その他): a test shorthand for
/// ``AreaCatalog/resolve(_:)``.
func area(_ text: String) -> Area { text == "rest" ? .rest : try! AreaCatalog.standard.resolve(text) }

extension InputResult {
  /// The figures as dense cubes, one per scope (test shorthand for ``Figures/cube(file:)``).
  var cubes: [MigrationCube] { figures.map { try! $0.cube(file: report.file) } }
}
