import IdouCore

/// The words every reader understands, in one place (docs/ARCHITECTURE.md §4): the no-value markers, the sex and
/// scope words, and counts as tables write them.
public enum Vocabulary {
  /// "No value" (never zero, never an error): `***` 調査していない, `-` 定義上該当数値がない (also full-width `－`
  /// and `―`), `…` 数値が得られない, `x`/`X` 秘匿, and an empty cell where a table leaves one.
  public static let noValueMarkers: Set<String> = ["***", "-", "－", "―", "‐", "…", "...", "x", "X"]

  /// Whether a (trimmed) cell is a no-value marker.
  public static func isNoValue(_ text: String) -> Bool { noValueMarkers.contains(text) }

  /// 総数 (0), 男 (1), 女 (2) as tables write them: codes `0` `1` `2`, `総数` `計` `男女計` `合計`, `男` `女` (also
  /// 男性, 女性), `M` `F`, `T`, and the English words; case and surrounding spaces ignored.
  public static func sex(_ raw: String) -> Sex? {
    switch raw.trimmingWhitespace().lowercased() {
    case "0", "総数", "計", "男女計", "合計", "total", "t", "all", "both": .total
    case "1", "男", "男性", "m", "male", "men": .male
    case "2", "女", "女性", "f", "female", "women": .female
    default: nil
    }
  }

  /// 移動者 (60000), 日本人移動者 (61000), 外国人移動者 (62000) as tables write them: the e-Stat codes, idou's words
  /// (`all`, `japanese`, `foreign`), the labels (移動者, 日本人移動者, 外国人移動者, 日本人, 外国人, 総数) and
  /// `JP`/`FOREIGN`.
  public static func scope(_ raw: String) -> PopulationScope? {
    let t = raw.trimmingWhitespace()
    if let s = PopulationScope(rawValue: t.lowercased()) ?? PopulationScope(eStatCode: t) { return s }
    switch t {
    case "移動者", "総数", "移動者（外国人を含む）", "計": return .all
    case "日本人移動者", "日本人", "JP", "jp": return .japanese
    case "外国人移動者", "外国人", "FOREIGN", "foreign": return .foreign
    default: return nil
    }
  }

  /// What a count cell holds.
  public enum Cell: Equatable, Sendable {
    case value(Int64)
    /// A no-value marker (or an empty cell where the caller allows it).
    case marker
    /// Not a count.
    case invalid
  }

  /// A count as tables write it: digits with optional thousands separators (`"2,515,731"`), a leading `-` for a
  /// negative figure (`"-5,162"`; a lone `-` is a marker), or `▲`/`△` for a negative net (`▲1,624`).
  ///
  /// - Parameters:
  ///   - signed: whether a negative value is allowed (a net, 転入超過数); counts of persons are not.
  ///   - emptyIsMarker: whether an empty cell is "no value" (e-Stat leaves cells empty) or invalid.
  public static func count(_ raw: String, signed: Bool = false, emptyIsMarker: Bool = false) -> Cell {
    let t = raw.trimmingWhitespace()
    if t.isEmpty { return emptyIsMarker ? .marker : .invalid }
    if isNoValue(t) { return .marker }
    var v = parseCount(t)
    if v == nil, let first = t.unicodeScalars.first, first == "▲" || first == "△" {
      v = parseCount(String(t.unicodeScalars.dropFirst())).map { -$0 }
    }
    guard let value = v, signed || value >= 0 else { return .invalid }
    return .value(value)
  }
}
