import Foundation
@_exported import _TestSupport
import IdouCore
import IdouIngest



/// An area as a user types it (`43`, `熊本市`, `tokyo-area`, `rest` for その他): a test shorthand for
/// ``AreaCatalog/resolve(_:)``.
func area(_ text: String) -> Area { text == "rest" ? .rest : try! AreaCatalog.standard.resolve(text) }

extension InputResult {
  /// The figures as dense cubes, one per scope (test shorthand for ``Figures/cube(file:)``).
  var cubes: [MigrationCube] { figures.map { try! $0.cube(file: report.file) } }
}
