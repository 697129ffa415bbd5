/// Where an input's figures come from, so that every table, workbook and chart states its source honestly: the
/// source line is made from the inputs actually read, never a constant.
///
/// ```swift
/// Provenance.sourceLine([.published])               // 資料：総務省統計局『住民基本台帳人口移動報告』
/// Provenance.sourceLine([.derived])                 // 資料：総務省統計局『住民基本台帳人口移動報告』を加工して作成
/// Provenance.sourceLine([.synthetic])               // 合成データ（実在の統計ではありません）
/// Provenance.sourceLine([.file("moves-2025.csv")])  // 資料：moves-2025.csv
/// ```
public enum Provenance: Hashable, Sendable {
  /// Figures of 総務省統計局「住民基本台帳人口移動報告」 as published (an e-Stat download or API file).
  case published
  /// Published figures that someone reshaped (a repository's conversion, idou's bundled series): the source line
  /// adds 「を加工して作成」, as the 政府標準利用規約 asks.
  case derived
  /// Numbers made up by a generator: not statistics, and every output says so.
  case synthetic
  /// A file whose origin idou cannot tell (register records, a hand-made table): named by its file name.
  case file(String)
  /// A source the user stated (`--source TEXT`), printed after 「資料：」 unless it starts with 資料 or 出典.
  case stated(String)

  /// The statistic's name as a source line gives it.
  public static let survey = "総務省統計局『住民基本台帳人口移動報告』"
  /// What generated data says instead of a source.
  public static let syntheticNotice = "合成データ（実在の統計ではありません）"

  /// The one line that states the source of figures made from `inputs`.
  ///
  /// Synthetic data wins over everything (a chart mixing made-up and real figures is not a statistic); a stated
  /// source replaces the rest; published and derived figures give the survey's name, with 「を加工して作成」 when
  /// any input was reshaped; files of unknown origin are named after it.
  public static func sourceLine(_ inputs: [Provenance]) -> String {
    if inputs.contains(.synthetic) { return syntheticNotice }
    var stated: [String] = []
    var files: [String] = []
    var published = false, derived = false
    for p in inputs {
      switch p {
      case .published: published = true
      case .derived: derived = true
      case .synthetic: break
      case .file(let name): if !files.contains(name) { files.append(name) }
      case .stated(let text): if !stated.contains(text) { stated.append(text) }
      }
    }
    if !stated.isEmpty {
      let text = stated.joined(separator: "、")
      return text.hasPrefix("資料") || text.hasPrefix("出典") ? text : "資料：" + text
    }
    var parts: [String] = []
    if derived { parts.append(survey + "を加工して作成") } else if published { parts.append(survey) }
    parts += files
    return parts.isEmpty ? "" : "資料：" + parts.joined(separator: "、")
  }
}
