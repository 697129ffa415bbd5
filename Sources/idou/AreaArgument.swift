import ArgumentParser
import IdouCore

/// `--area` on the command line: any area by code or name (docs/ARCHITECTURE.md §2) — `43`, `43000`, `431001`,
/// `熊本県`, `熊本`, `Kumamoto`, `熊本市`, `南城市`, `東京圏`, `21大都市`, `東京都府中市` — resolved by the one lookup,
/// ``AreaCatalog/resolve(_:)``.
///
/// Parsing keeps the text; ``resolved()`` (called first thing in a command's `run`, inside `reportingFailures`)
/// refuses an unknown or ambiguous name in idou's own error style, exit 64:
/// `idou: '府中市' names 2 areas: 13206 府中市 (東京都), 34208 府中市 (広島県); give the code or qualify the name`.
///
/// ```swift
/// @Option(help: "The area (43, 熊本県, 熊本市, 47215, 東京圏).") var area: AreaArgument
/// let area = try self.area.resolved()
/// ```
struct AreaArgument: ExpressibleByArgument, Sendable {
  /// What the user wrote.
  let text: String

  init(argument: String) { text = argument }

  /// The area the text names.
  /// - Throws: `CodeError.unknownArea`, `.badCheckDigit` or `.ambiguousArea` (with the candidates).
  func resolved() throws(CodeError) -> Area { try AreaCatalog.standard.resolve(text) }

  var defaultValueDescription: String { text }
}
